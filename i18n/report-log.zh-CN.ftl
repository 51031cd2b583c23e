# Reports, Chinese: the notification log as a page or workbook (log --format html/xlsx).
# Keys start with `log-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.
