# Reports, English: the dashboard page (监控看板, index.html).
# Keys start with `dash-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The page's head and foot.
dash-title = Budget execution dashboard
dash-department-fallback = Budget execution monitoring
dash-subtitle = { $department } · fiscal year { $year } · as of { $as_of } · made { $made }
dash-footer = Amounts in yuan · This page has no scripts or outside resources: it opens offline and prints
# What ends a card label on a phone (before the value).
dash-label-separator = { ": " }

# The department overview: cards, the gap in words, the chart.
dash-totals = Department overview
dash-card-budget = Annual budget
dash-card-projects = { $count } projects
dash-card-projects-one = { $count } project
dash-card-paid = Paid to date
dash-card-left = { $amount } remaining
dash-card-exec = Execution rate
dash-card-exec-sub = paid to date / budget
dash-card-planned = Planned progress
dash-card-time = Time progress
dash-gap-behind = execution rate { $points } percentage points behind
dash-gap-ahead = execution rate { $points } percentage points ahead
dash-gap-level = execution rate level with it
dash-chart-department = Department cumulative payments (% of budget)
dash-spark-label = { $name }: planned against actual cumulative payments

# The project ranking (column headers and the phone layout's labels).
dash-projects = Projects ranked by gap (most behind first)
dash-col-rank = Rank
dash-col-project = Project
dash-col-owner = Owner
dash-col-status = Status
dash-col-exec-plan = Execution rate / plan
dash-col-gap = Gap
dash-col-gap-points = Gap (percentage points)
dash-col-paid = Paid to date
dash-col-paid-yuan = Paid to date (yuan)
dash-col-budget = Budget
dash-col-budget-yuan = Budget (yuan)
dash-col-next = Next checkpoint
dash-col-needed = Still to pay
dash-col-needed-yuan = Still to pay (yuan)
dash-col-curve = Cumulative curve
dash-next-days-left = plan { $planned } · { $count } days left
dash-next-days-left-one = plan { $planned } · { $count } day left
# $command is the command that lists them all (shown as code).
dash-more-projects = … { $count } more projects with smaller gaps are not listed; the full list: { $command }
dash-more-projects-one = … { $count } more project with a smaller gap is not listed; the full list: { $command }
# $planned and $actual are the coloured legend entries.
dash-legend-curves = Curves: { $planned } { $actual }
dash-legend-planned = planned cumulative
dash-legend-actual = actual cumulative
dash-legend-bar = Bars: blue is the execution rate, the black line the planned progress

# The unit ranking (several units only).
dash-units = Spending progress bulletin: units ranked by execution rate (time progress { $time })
dash-col-unit = Unit
dash-col-count = Projects
dash-col-exec = Execution rate
dash-col-time-gap = Gap to time progress
dash-col-time-gap-points = Gap to time progress (percentage points)

# Open alerts and the latest notices, from the notification log.
dash-alerts = Open alerts
dash-alerts-none = No open alerts.
dash-col-kind = Type
dash-col-basis = Basis
dash-col-level = Level
dash-col-opened = Opened
dash-col-notice = Last notice
dash-col-date = Date
dash-col-recipients = Recipients
dash-col-subject = Subject
dash-notice-sent = { $date } to { $recipients } ({ $status })
dash-notice-none = Not notified yet
dash-basis-budget = Budget
dash-basis-checkpoint = Checkpoint { $date }
dash-kind-checkpoint = Checkpoint warning
dash-kind-early = Early reminder
dash-kind-overspend = Over-budget warning
dash-kind-other = Other
dash-message-sent = Sent
dash-message-queued = Queued
dash-message-failed = Failed to send
dash-message-unknown = Unknown
dash-more-alerts = … { $count } more open alerts are not listed; the full record: { $command }
dash-more-alerts-one = … { $count } more open alert is not listed; the full record: { $command }
dash-messages = Recent notices
dash-messages-none = The notification log has no emails yet.

# The night's data problems.
dash-problems = Data problems this run
dash-problems-none = The ledgers read this run have no problems.
dash-problems-intro = { $count } problems; finance staff should check them and correct the exported files (quarantined rows are in the quarantine file):
dash-problems-intro-one = { $count } problem; finance staff should check it and correct the exported file (the quarantined row is in the quarantine file):
dash-problems-more = … { $count } more
dash-problems-more-one = … { $count } more
dash-problem-unreadable = { $file }: cannot read: { $error }
dash-problem-quarantined = { $file }:{ $line }: quarantined: { $reason }
