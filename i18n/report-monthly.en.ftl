# Reports, English: the monthly progress report (月度执行进度).
# Keys start with `monthly-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The report's title, subtitle and file name ($month is the month's
# number in Chinese, its name in English).
monthly-title = Budget execution progress report, { $month } { $year }
monthly-subtitle = { $unit } ({ $code }) · as of { $date } · generated on { $made }
monthly-file-stem = monthly-progress-{ $period }

# The summary table and its notes.
monthly-summary-table = Budget execution by project (as of { $date })
monthly-col-rank = No.
monthly-col-code = Project code
monthly-col-name = Project name
monthly-col-owner = Owner
monthly-col-budget = Budget (yuan)
monthly-col-paid = Paid to date (yuan)
monthly-col-execution = Execution rate
monthly-col-planned = Planned progress
monthly-col-time = Time progress
monthly-col-gap = Gap (percentage points)
monthly-col-status = Status
monthly-col-next = Next checkpoint
monthly-col-needed = Still to pay by the next checkpoint (yuan)
monthly-note-totals = As of { $date }: { $count } projects, budget { $budget } yuan ({ $wan } in 10k yuan), paid to date { $paid } yuan, execution rate { $execution }.
monthly-note-levels = Of these, red warning: { $red }, yellow warning: { $yellow }, overspent: { $overspent }, slightly behind: { $behind }. Projects are listed most behind first (a project with nothing paid while the plan already expects spending counts as a red warning).
monthly-note-gap = Gap = execution rate − planned progress (the spending plan curve's value on that day). Behind by less than { $yellow } percentage points is slightly behind, by { $yellow } percentage points or more a yellow warning, by { $red } percentage points or more a red warning.
monthly-note-capped = Many projects: only the { $shown } most behind have a sheet of their own; the other { $rest } are in this summary only.

# A project's sheet: its figures and notes.
monthly-figures-title = Execution
monthly-col-item = Item
monthly-col-value = Value
monthly-payments = Number of payments
monthly-last-payment = Last payment date
monthly-paid-30-days = Paid in the last 30 days (yuan)
monthly-next-planned = Planned progress at the next checkpoint
monthly-days-left = Days to the next checkpoint
monthly-owner-note = Owner: { $owner }
monthly-overspent-note = Overspent: paid to date exceeds the budget by { $excess } yuan; please verify.

# The checkpoint record (also in the year-end report).
monthly-checkpoints-title = Spending plan checkpoints
monthly-cp-date = Checkpoint date
monthly-cp-planned = Planned cumulative progress
monthly-cp-planned-amount = Planned cumulative payments (yuan)
monthly-cp-paid = Actual cumulative payments (yuan)
monthly-cp-result = Result
monthly-cp-met = Met ({ $points } percentage points ahead)
monthly-cp-missed = Missed ({ $points } percentage points behind)
monthly-cp-not-due = Not yet due
