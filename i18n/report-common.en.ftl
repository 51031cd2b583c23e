# Reports, English: the words every report shares: the summary sheet, the standard columns, the chart, the page footer.
# Keys start with `report-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The department summary sheet every report opens with.
report-summary-sheet = Summary
report-summary-title = Department summary
report-summary-chart = Department spending: planned against actual cumulative payments
report-department-total = Department total
report-projects-count = { $count } projects
report-project-title = { $name } ({ $code })
report-project-chart = { $name }: planned against actual cumulative payments
report-owner-unassigned = not assigned

# The writers' own words: the page footer of a workbook (Excel's codes
# &P and &N are the page and the page count), the chart's legend and
# month labels.
report-xlsx-footer = &CPage &P of &N
report-chart-planned = Planned (cumulative)
report-chart-actual = Paid (cumulative)
report-chart-month = { $month }

# The money units in headers: a table in 万元 is written in 元 in the csv,
# which swaps the one word for the other in its title and headers.
report-unit-wan = 10k yuan
report-unit-yuan = yuan
