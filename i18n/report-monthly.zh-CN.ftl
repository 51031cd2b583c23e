# Reports, Chinese: the monthly progress report (月度执行进度).
# Keys start with `monthly-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.
