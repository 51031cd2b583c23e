# Reports, English: the forms the office files: mid-year monitoring (绩效运行监控), the year-end self-evaluation (绩效自评) and its scoring notes.
# Keys start with `form-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.
