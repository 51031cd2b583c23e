# Reports, Chinese: the words every report shares: the summary sheet, the standard columns, the chart, the page footer.
# Keys start with `report-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The department summary sheet every report opens with.
report-summary-sheet = 汇总
report-summary-title = 部门汇总
report-summary-chart = 部门支出进度：计划与实际累计支出
report-department-total = 部门合计
report-projects-count = { $count }个项目
report-project-title = { $name }（{ $code }）
report-project-chart = { $name }：计划与实际累计支出
report-owner-unassigned = 未指定

# The writers' own words: the page footer of a workbook (Excel's codes
# &P and &N are the page and the page count), the chart's legend and
# month labels.
report-xlsx-footer = &C第 &P 页，共 &N 页
report-chart-planned = 计划累计进度
report-chart-actual = 实际累计支出
report-chart-month = { $month }月

# The money units in headers: a table in 万元 is written in 元 in the csv,
# which swaps the one word for the other in its title and headers.
report-unit-wan = 万元
report-unit-yuan = 元
