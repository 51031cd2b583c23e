# Reports, English: the forms the office files: mid-year monitoring (绩效运行监控), the year-end self-evaluation (绩效自评) and its scoring notes.
# Keys start with `form-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# Shared by both forms: the subtitle, the months monitored, list joints.
form-subtitle = { $unit } ({ $code }) · { $year }-01-01 to { $through } · made on { $made }
form-period = Jan–{ $month }
form-list-separator = {", "}
form-analysis-separator = {"; "}
form-unreported = not reported
form-gap-behind = { $points } percentage points behind plan
form-gap-ahead = { $points } percentage points ahead of plan

# Column headers.
form-col-rank = Rank
form-col-number = No.
form-col-project-code = Project code
form-col-project-name = Project name
form-col-owner = Owner
form-col-project-owner = Project owner
form-col-department = Department in charge
form-col-unit = Implementing unit
form-col-initial-budget = Initial budget (yuan)
form-col-full-year-budget = Full-year budget (yuan)
form-col-full-year-paid = Paid in the year (yuan)
form-col-initial-budget-wan = Initial budget (10k yuan)
form-col-full-year-budget-wan = Full-year budget (10k yuan)
form-col-full-year-paid-wan = Paid in the year (10k yuan)
form-col-carry-over = Unspent balance carried over (yuan)
form-col-execution-rate = Execution rate
form-col-planned-progress = Planned progress
form-col-time-progress = Time progress
form-col-gap = Gap (percentage points)
form-col-warning-level = Warning level
form-col-deviating-indicators = Deviating indicators
form-col-type = Type
form-col-item = Item
form-col-annual-target = Annual target
form-col-current = Current status
form-col-likelihood = Likelihood of completion
form-col-reason-category = Reason category
form-col-reason = Reason for deviation
form-col-action = Corrective action
form-col-forecast = Expected full-year spending (yuan)
form-col-forecast-balance = Expected unspent balance (yuan)
form-col-forecast-basis = Basis of the forecast
form-col-level1 = Level-1 indicator
form-col-level2 = Level-2 indicator
form-col-level3 = Level-3 indicator
form-col-annual-value = Annual target value
form-col-expected-value = Expected full-year value
form-col-deviates = Deviates
form-col-actual-value = Actual value
form-col-points = Points
form-col-score = Score
form-col-analysis = Reasons for deviation and improvements
form-col-scoring-note = Scoring note
form-col-execution-score = Budget execution score
form-col-output-score = Output score
form-col-benefit-score = Benefit score
form-col-satisfaction-score = Satisfaction score
form-col-total-score = Total score
form-col-grade = Grade
form-col-checkpoints-met = Checkpoints met
form-col-overspent = Over budget by (yuan)
form-col-unreported = Unreported indicators
form-col-funds-item = Funds
form-col-expected-goal = Expected goal
form-col-achieved-goal = What was achieved

# Mid-year performance monitoring (绩效运行监控).
form-mon-title = Project performance monitoring report, { $period } { $year }
form-mon-file-stem = performance-monitoring-{ $year }-{ $month }
form-mon-summary-title = Department summary: deviations and projects ranked by gap
form-mon-ranking-title = Projects ranked by gap (percentage points behind plan, furthest behind first)
form-mon-deviations-title = Deviations
form-mon-funds-title = Budget execution
form-mon-indicators-title = Performance indicators: progress
form-mon-paid-header = Paid { $period } (yuan)
form-mon-midyear-header = Value achieved { $period }
form-mon-kind-funds = Budget execution
form-mon-kind-indicator = Performance indicator
form-mon-execution-of-period = Execution rate { $period }
form-mon-planned = Planned progress { $planned }
form-mon-overspent = Execution rate { $rate }, over budget by { $amount } yuan
form-mon-execution-gap = Execution rate { $rate }, { $gap }
form-mon-deviates = Yes
form-mon-forecast-owner = Owner's forecast
form-mon-forecast-plan = Spending plan
form-mon-note-totals = { $period } { $year }: { $count } projects, full-year budget { $budget } yuan ({ $wan } × 10k yuan), paid { $period } { $paid } yuan, execution rate { $rate }, time progress { $time }.
form-mon-note-deviations = Deviations: projects behind plan by { $points } or more percentage points, or over budget: { $funds }; performance indicators whose completion the owner judges only possible or impossible: { $indicators }.
form-mon-note-unreported = Indicators without a value reported for { $period }: { $count }.
form-mon-note-project = Owner: { $owner }. Execution rate { $period } { $rate }, planned progress { $planned }, { $gap }.

# Year-end self-evaluation (绩效自评).
form-ye-title = Project expenditure performance self-evaluation report, { $year }
form-ye-file-stem = self-evaluation-{ $year }
form-ye-summary-title = Project performance self-evaluation summary, { $year }
form-ye-total-average = Department total / average
form-ye-note-totals = { $year }: { $count } projects, full-year budget { $budget } yuan ({ $wan } × 10k yuan), paid in the year { $paid } yuan, execution rate { $rate }.
form-ye-note-grades = Self-evaluation grades: Excellent { $excellent }, Good { $good }, Fair { $pass }, Poor { $poor }; average score { $average }.
form-ye-note-rules = Scoring: budget execution { $execution } points, output { $output }, benefit { $benefit }, satisfaction { $satisfaction }; where a project gives its indicators no points, each level-1 group's points are split evenly among its indicators. Grades: Excellent ≥ { $excellent }, Good ≥ { $good }, Fair ≥ { $pass }, Poor < { $pass }.
form-ye-note-unreported = Indicators without an actual value: { $count } (scored 0). Ask the owners to report them, then make this report again.
form-ye-note-overspent = Projects over budget: { $projects }.
form-ye-note-carry-over = Unspent balance carried over in total: { $amount } yuan ({ $wan } × 10k yuan).
form-ye-form-title = Project expenditure performance self-evaluation form
form-ye-funds-title = Funds (10k yuan)
form-ye-funds-total = Total funds of the year
form-ye-funds-fiscal = of which: this year's fiscal appropriation
form-ye-funds-carryover = Carried over from last year
form-ye-funds-other = Other funds
form-ye-goal-title = Overall annual goal
form-ye-goal-achieved = Paid { $paid } × 10k yuan of a full-year budget of { $budget } × 10k yuan, execution rate { $rate }; { $met } of { $count } performance indicators reached their annual target value.
form-ye-indicators-title = Performance indicators
form-ye-from-ledger = { $value } (from the ledger)
form-ye-analysis-category = Category: { $text }
form-ye-analysis-reason = Reason: { $text }
form-ye-analysis-action = Action: { $text }
form-ye-analysis-missing = Target missed; the owner gave no reason or improvement
form-ye-irregular = Indicator set irregularly ({ $why })
form-ye-irregular-and = Indicator set irregularly ({ $why }); { $note }
form-ye-total-with-execution = Total score (with budget execution)
form-ye-grade-cell = Grade: { $grade }
form-ye-result-title = Self-evaluation result
form-ye-note-project = Owner: { $owner }. Total score { $total }, grade { $grade }.
form-ye-note-project-overspent = Over budget: paid in the year exceeds the budget by { $amount } yuan. This is an anomaly; please explain why.
form-ye-note-project-unreported = Indicators without an actual value: { $count } (scored 0).
form-ye-note-unassigned = No { $category } indicator: its { $points } points could not be assigned.
form-ye-note-irregular = Indicators set irregularly: { $count } (see the scoring notes). They are scored by the rules as set; please correct them in next year's targets.

# The scoring: grades, categories and why an indicator scored what it did.
form-grade-excellent = Excellent
form-grade-good = Good
form-grade-pass = Fair
form-grade-poor = Poor
form-category-output = output
form-category-benefit = benefit
form-category-satisfaction = satisfaction
form-category-other = other
form-note-unreported = No actual value reported: scored 0
form-note-partly = Partly achieved
form-note-not-achieved = Not achieved
form-note-needs-grade-word = A qualitative indicator needs 达成 / 部分达成 / 未达成 (achieved / partly / not achieved): cannot be scored, scored 0
form-note-not-a-number = The actual value is not a number and cannot be compared with the target value: scored 0
form-note-above-target = Above the target value: scored (1 − (actual − target) / target) × points
form-note-far-above-target = Twice the target value or more: scored 0
form-note-below-target = Below the target value: scored actual / target × points
form-note-below-zero-target = Below the target value: scored 0

# Budget adjustments as the forms list them (the document number and the
# reason are data).
form-adjustment = Budget adjustment on { $date }: { $kind } { $amount } yuan ({ $document }) { $reason }
form-adjustment-increase = increase of
form-adjustment-reduction = reduction of
form-adjustment-no-document = no document number
