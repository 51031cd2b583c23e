# Reports, Chinese: the dashboard page (监控看板, index.html).
# Keys start with `dash-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.
