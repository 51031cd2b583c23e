# budget-monitor terminal messages, English (--lang en or
# BUDGET_MONITOR_LANG=en), so logs can be shared with anyone. Every key here
# must also be in zh-CN.ftl (a test checks). Arguments are passed as text.

# check: the config line
check-config-ok = config: { $projects } projects from { $file }, fiscal year { $year }: ok

# The reconciliation line of one ledger file (check, status -v, run).
reconciliation = { $file }: { $read } rows read = { $used } used + { $duplicates } duplicates + { $summary } summary/blank + { $quarantined } quarantined ({ $profile }, { $encoding }, { $unit })
reconciliation-unreadable = { $file }: not read: { $error }

# The one-line summary of status, check and the reports.
command-summary = { $command }: { $projects } projects, { $files } ledger files ({ $unreadable } unreadable, { $cached } from cache), { $used } payments used, { $duplicates } duplicates skipped, { $quarantined } rows quarantined, { $problems } other problems, as of { $as_of }

# The nightly run's summary line (cron mails it).
run-summary = run{ $dry_run }: as of { $as_of }, { $projects } projects, { $opened } alerts opened, { $closed } closed, { $notices } notices, { $messages } messages recorded ({ $monthly } monthly), { $sent } sent, { $deferred } deferred, { $failed } failed, { $files } ledger files, { $quarantined } rows quarantined, { $problems } other problems, via { $via }
run-dry-run = {" "}(dry run, nothing recorded)
run-nothing-done = run: nothing done (see the error above)
via-outbox = .eml files in { $dir }

## lint: the findings (one sentence per rule, `lint-<rule id>`), how they
## are shown, and the summary line. Rule ids and the severity tokens
## (error/warning/info) stay as they are in every language.
lint-department = department
lint-finding = { $tag }: { $message }
lint-finding-row = { $tag } line { $line }: { $level3 } = { $value }: { $message }
lint-finding-row-no-line = { $tag } { $level3 } = { $value }: { $message }
lint-summary = lint: { $findings } findings ({ $errors } errors, { $warnings } warnings, { $notes } notes)
lint-department-total-mismatch = part one states a total of { $stated } yuan, but the project tables add up to { $total } yuan
lint-project-count-mismatch = part one announces { $stated } projects, but the document has { $count } project tables
lint-summary-amount-mismatch = part one (line { $line }) gives { $title } { $amount } yuan, but the project table's 预算数 is { $budget } yuan
lint-summary-unmatched = part one (line { $line }) describes "{ $title }", but no project table has that name
lint-missing-output = the project has no 产出指标, so what the money buys is never measured
lint-missing-benefit = the project has no 效益指标, so what the spending achieves is never measured
lint-derivation-arithmetic = the text computes { $shown } = { $stated } yuan, but the product is { $product } yuan ("{ $excerpt }")
lint-budget-derivation-mismatch = the text derives { $claimed } yuan ({ $shown }), but the 预算数 is { $budget } yuan ("{ $excerpt }")
lint-level1-unknown = 一级指标 "{ $level1 }" is none of 产出指标, 效益指标, 满意度指标
lint-level-pair-mismatch = 二级指标 "{ $level2 }" does not belong under "{ $level1 }" (expected one of { $allowed })
lint-level3-names-category = 三级指标 "{ $level3 }" is a category name, not something that can be measured
lint-cost-not-currency = a 成本指标 must state an amount of money (元 or 万元), but "{ $value }" is not one
lint-cost-not-ceiling = a cost target is a ceiling (≤) or an exact amount (=), but "{ $value }" sets a floor
lint-cost-above-budget = the cost target of { $cost } yuan exceeds the project's whole budget of { $budget } yuan
lint-misfiled-cost = "{ $level3 }" measures a cost but is filed under { $level1 } / { $level2 } instead of 成本指标
lint-count-with-percent = "{ $level3 }" counts things, but its target "{ $value }" is a percentage; a count needs a unit such as 次 or 个
lint-rate-above-100 = "{ $level3 }" is a share, which cannot exceed 100 %, but the target is "{ $value }"
lint-value-mixed = "{ $value }" runs the number into the words "{ $text }" where a unit belongs; state either a measurable target or a qualitative one
lint-value-missing-unit = "{ $value }" has no unit, so it is unclear whether it means a percentage or a count
lint-satisfaction-under-benefit = "{ $level3 }" is a satisfaction measure and belongs under 满意度指标, not { $level1 }

## The rules' short names, as the year-end self-evaluation form shows them.
lint-rule-cost-not-currency = cost indicator not in money
lint-rule-cost-not-ceiling = cost indicator should be a ceiling (≤)
lint-rule-cost-above-budget = cost indicator above the project budget
lint-rule-count-with-percent = count stated in percent
lint-rule-rate-above-100 = rate above 100%
lint-rule-missing-output = no output indicator
lint-rule-missing-benefit = no benefit indicator
lint-rule-level1-unknown = level-1 indicator not output, benefit or satisfaction
lint-rule-level-pair-mismatch = level-2 indicator does not match its level 1
lint-rule-level3-names-category = level-3 indicator is only a category name
lint-rule-misfiled-cost = cost measure not filed as a cost indicator
lint-rule-satisfaction-under-benefit = satisfaction measure filed under benefit
lint-rule-value-mixed = value mixes a number and words
lint-rule-value-missing-unit = value without a unit
lint-rule-budget-derivation-mismatch = derivation in the text differs from the budget
lint-rule-derivation-arithmetic = derivation in the text is miscalculated
lint-rule-department-total-mismatch = department total differs from the project tables
lint-rule-project-count-mismatch = number of projects differs from the tables
lint-rule-summary-amount-mismatch = part-one amount differs from the project table
lint-rule-summary-unmatched = part-one project without a table

# import-targets and lint: the year of a target document.
lint-year-differs = warning: { $file }:{ $line }: the document states the year { $stated }, but --year { $year } was given; the checkpoints are placed in { $year }
lint-no-year = { $file }: the document states no year (no "2025年…" in its title or summary); pass --year YEAR

## Reading the ledgers: why a row is quarantined (also written to
## quarantine.csv), problems with files, and the lines check and status print.
row-shifted = { $fields } fields where the header has { $header }: the columns are shifted (a delimiter inside an unquoted cell, such as the thousands separator of 12,345.00, or a missing one); not counted
row-too-few-columns = only { $fields } columns, the header has at least { $need }
row-missing-date = missing date
row-bad-date = bad date { $value }: { $error }
row-date-outside-year = date { $date } is outside fiscal year { $year }
row-missing-voucher = missing voucher / payment number
row-missing-project = missing project code
row-unknown-project = unknown project code { $code }
row-bad-amount = bad { $what } { $value }: { $error }
row-bad-amount-text = bad { $what }: not valid text
row-missing-amount = missing amount
row-no-debit-credit = neither debit nor credit amount
row-debit-credit-range = debit minus credit is out of range (more than 10,000,000,000,000,000 yuan)
row-too-long = a row of { $bytes } bytes, longer than { $mib } MiB: not read as CSV (original_text keeps its first { $keep } bytes, the full row is in the file at this line)
row-amount-overflow = amount overflow: with this payment the file's payments, added up without their signs, would pass { $limit } yuan, beyond any real ledger; not counted
row-with-note = { $reason } ({ $note })
row-excerpt = the row is { $bytes } bytes long: original_text keeps its first { $keep } bytes, the full row is in the file at this line
field-amount = amount
field-debit = debit
field-credit = credit
quote-to-end = it runs to the end of the file
quote-swallows = it would swallow the next { $lines } lines
quote-swallows-more = it would swallow more than { $lines } lines
quote-swallows-row = closed on a later line it would hold as many delimiters as a whole row
quote-too-many-fields = closed on a later line it would make a row of { $fields } fields where the header has { $header }
quote-unclosed-field = unclosed quote: the quoted field { $field } opens on this line and does not close on it ({ $why }); only this line is put aside
quote-unclosed = unclosed quote: a quoted field opens on this line and does not close on it ({ $why }); only this line is put aside
kind-fifo = a named pipe
kind-socket = a socket
kind-device = a device
kind-other = not a regular file
input-not-regular = skipped: { $what }, not a file an export could be in
input-too-deep = folder nested more than { $depth } levels deep; not searched
input-cannot-list = cannot list folder: { $error }
input-workbook = spreadsheet workbook not read: save it as CSV (UTF-8 or GBK) in the ledger folder
input-missing = no such file or folder
input-none-found = no ledger exports (.csv, .tsv, .txt) found in { $paths }
ledger-two-kinds = project { $code } has payments in treasury exports (e.g. { $treasury }) and in accounting ledgers (e.g. { $ledger }): they describe the same money, so it may be counted twice; keep one kind of export per project
ledger-project-overflow = project { $code }: its payments over all exports add up (without their signs) to more than { $limit } yuan, beyond any real ledger, so no total of them can be trusted; some amounts are broken cells: correct the exports; until then none of this project's payments is counted
conflict-version = { $amount } yuan for { $code } on { $date } at { $file }:{ $line }
conflict-problem = payment number { $voucher } appears with different contents: { $versions }; none of them is counted until the exports are corrected
conflict-reason = conflict: payment number { $voucher } has different versions ({ $versions }); not counted
cache-entry-unusable = ledger cache entry for { $file } is unusable ({ $why }); re-reading the file
line-error = error: { $text }
line-note = note: { $text }
line-problem = problem: { $text }
line-quarantined = quarantined: { $file }:{ $line }: { $reason }
quarantined-more = ... and { $count } more quarantined rows
config-problems = configuration has { $count } problem(s); nothing done
as-of-after-year = note: as-of date { $as_of } is outside fiscal year { $year }; figures are those at the end of that year
as-of-before-year = note: as-of date { $as_of } is outside fiscal year { $year }; figures are those at the start of that year
ledger-path-missing = { $path }: ledger path does not exist; pass --ledger PATH or set ledger_dir in settings.toml
quarantine-cannot-write = { $file }: cannot write quarantine file: { $error }
quarantine-written = { $count } quarantined rows written to { $file }

# Between the items of a list in a sentence.
list-separator = {"; "}

# schedule: when the scheduled emails fall due.
schedule-header = monthly progress ({ $expr }), from { $from }:
schedule-owner = { $name } <{ $email }>: { $times }
schedule-head = { $name } <{ $email }> (monthly digest): { $times }
schedule-moved = { $day } { $time } (from { $date })
schedule-alerts = alerts: evaluated by every nightly run (checkpoint, early within { $early } days, overspend; checkpoint repeats at most every { $repeat } days)

# log: the notification log's lines around the (already Chinese) body.
log-none = { $file }: no notification log yet (the nightly run creates it)
log-written = log: warning ledger written to { $file }
log-summary = log: { $messages } messages ({ $rows } ledger rows), { $alerts } alerts in { $file }
file-cannot-write = { $file }: cannot write: { $error }
schedule-separator = {", "}

# Why a ledger file was not read (the reconciliation line shows it).
file-cannot-open = cannot open: { $error }
file-cannot-read = cannot read: { $error }
file-changed-while-read = the file was cut short while it was being read (rewritten by another program?); it is read again on the next run
file-binary = not a text file (binary content); expected a CSV export
file-no-header = no header row found in the first { $lines } lines; expected the columns of one of: { $profiles }; for another layout add a [[ledger_profile]] to settings.toml
file-scratch = cannot write scratch files: { $error }
file-thread-failed = a parsing thread failed
or-separator = {" or "}

# report: the year-end form without owners' values.
actuals-none = warning: no actuals file (pass --actuals FILE or put actuals-{ $year }.csv in the config folder): every indicator is 未填报 and scores 0

# Why a date or amount cell did not parse (inside a quarantine reason).
date-empty = empty date
date-format = unrecognised date format
date-no-such-day = no such calendar day
amount-empty = empty amount
amount-bad-char = unexpected character { $char } in amount
amount-too-precise = more decimal places than fen allow
amount-malformed = malformed amount
amount-overflow = amount out of range (more than 10,000,000,000,000,000 yuan)

# report and status.
report-wrote = wrote { $file }
progress-failed = computing progress failed: { $error }

# import-targets.
import-owners-year = note: { $file } has fiscal_year { $owners_year }; the imported targets are for { $year }
import-summary = import-targets: { $projects } projects, { $indicators } indicators, { $amount } yuan, fiscal year { $year }, { $placeholders } placeholder owners

## run: the nightly job's operator lines (shown after "error: ",
## "warning: ", "problem: " or "note: ").
line-warning = warning: { $text }
run-folder-state = state
run-folder-outbox = outbox
run-folder-cannot-create = { $dir }: cannot create { $what } folder: { $error }
run-folder-not-writable = { $dir }: { $what } folder is not writable: { $error }
run-password-file = { $file }: cannot read smtp password_file: { $error }
run-smtp-no-password = [smtp] has username but no password: set { $env } or password_file
run-lock-cannot-open = { $file }: cannot open lock file: { $error }
run-lock-held = another budget-monitor run is in progress (lock { $file } held by pid { $pid }); this run exits without doing anything
run-lock-pid-unknown = unknown (the lock file names none)
run-lock-failed = { $file }: cannot lock: { $error }
run-log-failed = { $file }: notification log: { $error }
run-recording-failed = recording notices failed, nothing sent: { $error }
run-unaddressed = project { $code } has no owner and [department] has neither head nor office: its notice cannot be addressed
run-more-kept = { $count } more message(s) kept for the next run after repeated temporary failures
run-refused-for-good = message { $id }: the server refused { $address } for good ({ $error }); delivered to { $to }; recorded
run-refused-for-now = message { $id }: the server refused { $address } for now ({ $error }); delivered to { $to }; { $address } gets it next run
run-temporary-failure = message { $id } to { $to }: temporary failure, kept for the next run: { $error }
run-failed = message { $id } to { $to }: refused, recorded as failed: { $error }
run-dashboard-failed = dashboard page not written: { $error }
run-year-closed = fiscal year { $year } is closed: its year-end result has been sent and no further warning for { $year } will be; only what was still due (the December monthly email) is sent. Load the { $next } config next (fiscal_year = { $next } in settings.toml, with the { $next } projects and plans).
run-refused-suffix = ; { $count } recipient(s) refused by the server (see above)
run-cannot-record = { $file }: cannot record the run: { $error }

## Configuration diagnostics (after the file:line:col place).
cfg-settings-missing = settings file not found; pass --config DIR with the folder that holds settings.toml and projects.toml
cfg-exemption-unknown = exemption names project { $project }, which is not in { $file }
file-cannot-read-config = cannot read: { $error }
cfg-year-implausible = fiscal_year { $year } is not a plausible year (2000-2100)
cfg-year-missing = fiscal_year is missing; add e.g. `fiscal_year = 2025`
cfg-timezone-unknown = timezone { $timezone } is unknown; write "Asia/Shanghai" or an offset like "+08:00"
cfg-points-range = { $name } must be a number of percentage points between 0 and 100
cfg-red-below-yellow = red_gap_points ({ $red }) must not be smaller than yellow_gap_points ({ $yellow })
cfg-profile-style = ledger_profile style { $style } is unknown; use "treasury" or "ledger"
cfg-unit-unknown = unit { $unit } is unknown; use "元" or "万元"
cfg-profile-invalid = ledger_profile { $name }: { $error }
cfg-money-bad = { $error }; write yuan as a string like "50000.00"
cfg-money-range = amount out of range
cfg-money-float = money must be a string like "50000.00" (a TOML float is not exact to the fen)
cfg-money-expected = expected an amount in yuan, like "50000.00"
cfg-email-invalid = { $email } is not an email address
cfg-year-differs = fiscal_year { $year } differs from settings.toml's fiscal_year { $settings_year }
cfg-no-projects = no [[project]] entries
cfg-department-in-settings = [department] in settings.toml is for projects from a registry CSV; the projects here come from { $file }: put the unit, head and office in its [department] instead
cfg-code-empty = project code is empty
cfg-code-twice = project code { $code } is used twice (first at line { $line }); codes must be unique
cfg-budget-zero = project { $code }: budget must be greater than 0
cfg-budget-bad = project { $code }: budget: { $error }
cfg-project-field = project { $code }: { $field }: { $error }
cfg-plan-date = project { $code }: plan date must be a date like "{ $year }-03-31"
cfg-plan-percent = project { $code }: plan percent must be a number like 25
cfg-checkpoint-year = project { $code }: checkpoint { $date } is outside fiscal year { $year }
cfg-checkpoint-percent = project { $code }: percent { $percent } must be between 0 and 100
cfg-checkpoint-order = project { $code }: checkpoint dates must strictly increase ({ $date } follows { $prev })
cfg-checkpoint-decrease = project { $code }: cumulative percent must not decrease ({ $percent } follows { $prev })
cfg-plan-empty = project { $code }: plan has no checkpoints
cfg-plan-end = project { $code }: the plan must end at 100 percent (it ends at { $percent })
cfg-adjustment-date = project { $code }: adjustment date must be a date like "{ $year }-08-01"
cfg-project-error = project { $code }: { $error }
cfg-adjustment-amount-bad = { $error } in { $value }; write signed yuan as a string like "-10000.00"
cfg-adjustment-amount-type = an adjustment amount must be a string of signed yuan like "-10000.00"
cfg-adjustment-amount = project { $code }: adjustment amount: { $error }
cfg-adjustment-source = project { $code }: adjustment source { $source } is unknown; use "fiscal", "carryover" or "other"
cfg-adjustment-below-zero = project { $code }: after the adjustments of { $day } the budget in force would be { $budget } yuan; it must stay above 0
cfg-weight-range = project { $code }: indicator { $indicator }: weight must be a number of points between 0 and 100
cfg-weight-partial = project { $code }: { $given } of { $count } indicators have a weight; give every indicator a weight or none (indicator { $indicator } has none)
cfg-weight-sum = project { $code }: the indicator weights add up to { $sum }, but must add up to { $share } (100 minus the execution weight)

## Configuration diagnostics: adjustments.
cfg-adjustment-outside-year = adjustment date { $date } is outside fiscal year { $year }
cfg-adjustments-empty = empty adjustments file: expected a header row (项目编码, 调整日期, 调整金额, 文号, 事由)
cfg-adjustments-column = adjustments header lacks a { $column } column ({ $names })
cfg-row-unreadable = unreadable row: { $error }
cfg-column = column { $name }: { $error }
cfg-registry-unknown-project = project { $code } is not in the registry
cfg-adjustment-csv-amount = project { $code }: { $error } in { $value }; write signed yuan like -10000.00
cfg-adjustment-csv-source = { $source } is unknown; use fiscal, carryover or other
cfg-adjustment-csv-below-zero = project { $code }: the budget in force would fall to { $budget } yuan on { $day }; it must stay above 0

## Configuration diagnostics: alerts, evaluation, outputs over inputs.
cfg-whole-number-range = { $name } must be a whole number from { $lo } to { $hi }
cfg-from-invalid = from { $from } is not a mailbox ({ $error }); write e.g. "预算执行监控 <budget@example.org>"
cfg-monthly-schedule = monthly_schedule: { $error }
cfg-email-language = language { $language } is unknown; use "zh" (Chinese) or "en" (English) for the emails
cfg-security-unknown = security { $security } is unknown; use "starttls", "tls" or "plain"
cfg-smtp-host-empty = smtp host is empty; remove [smtp] to write .eml files instead
cfg-smtp-plain = security = "plain" sends passwords and mail in clear text; it is only allowed to a loopback host, not { $host }
cfg-exemption-until = exemption until must be a date like 2025-09-30
cfg-evaluation-range = evaluation.{ $name } must be a number from { $lo } to { $hi }
cfg-evaluation-weights = [evaluation] weights add up to { $total }, not 100: the grade bands are in points out of 100
cfg-evaluation-bands = [evaluation] grade bands must satisfy excellent_from > good_from > pass_from
out-ledger-path = a ledger path
out-config-folder = the config folder
out-projects-file = the projects file
out-templates-folder = the email templates folder
out-password-file = the SMTP password file
out-overlap-is = { $name } { $out } is { $what } ({ $path }): the job would overwrite or add to what it reads; choose a path outside it
out-overlap-inside = { $name } { $out } lies inside { $what } ({ $path }): the job would overwrite or add to what it reads; choose a path outside it
out-exists = { $file } exists; pass --force to replace it (a filled-in sheet or a hand-edited file would be lost)
out-state-folder = the state folder
out-outbox-folder = the outbox folder
out-settings-file = the settings file

## Configuration diagnostics: the project registry (CSV).
cfg-registry-empty = empty registry: expected a header row
cfg-registry-column = registry header lacks a { $column } column ({ $names })
cfg-remove-it = { $why }; remove it
cfg-registry-code-empty = empty project code
cfg-registry-budget = project { $code }: { $error } in { $value }
cfg-registry-no-projects = registry has no projects
cfg-plan-part = { $part } is not DATE:PERCENT
cfg-not-percent = { $value } is not a percent
cfg-plan-four = { $text }: expected four cumulative percents like 25/50/75/100 (end of March, June, October, December)
cfg-bad-year = bad fiscal year
cfg-plan-no-checkpoints = plan has no checkpoints
cfg-plan-checkpoint-year = checkpoint { $date } is outside fiscal year { $year }
cfg-plan-percent-range = percent { $percent } must be between 0 and 100
cfg-plan-order = checkpoint dates must strictly increase ({ $date } follows { $prev })
cfg-plan-decrease = cumulative percent must not decrease ({ $percent } follows { $prev })
cfg-plan-end-100 = the plan must end at 100 percent (it ends at { $percent })

## Configuration text that is refused (escape.rs), after the place.
esc-contains = contains { $what } ({ $code })
esc-line-break = a line break
esc-tab = a tab
esc-control = a control character
esc-noncharacter = a Unicode noncharacter
esc-bidi = a bidirectional override character
esc-key = a key { $why }
esc-not-plain = { $why }; names, codes and addresses end up in mail headers, sheet names and terminals, so they must be plain text (remove it)

## import-targets and lint: the files they read and write.
targets-out-is-input = { $file }: --out is the document being read; choose another file
targets-cannot-read = { $file }: cannot read: { $error }
targets-owners-cannot-read = { $file }: cannot read owners: { $error }
targets-owners-not-toml = { $file }: not TOML: { $error }

## completions and manpage.
pkg-man-failed = cannot write the man pages: { $error }
pkg-stdout-failed = cannot write to stdout: { $error }
# An unknown BUDGET_MONITOR_LANG (the language then used is Chinese).
lang-unknown = warning: { $var }={ $value }: unknown language (zh or en); using zh

## Calendars and ledger profiles in settings.
cal-not-a-date = { $name }: { $what } { $value } is not a date
cal-wrong-year = { $name }: { $what } { $value } is not in the year { $year }
cal-holiday = holiday
cal-workday = workday
cal-cannot-read = { $file }: cannot read calendar: { $error }
profile-no-header-names = no header names for { $fields }
actuals-cannot-read = cannot read: { $error }
actuals-header-unreadable = cannot read the header: { $error }
actuals-header-columns = the header must name 项目编码, 三级指标 and 实际完成值 (run `budget-monitor actuals-template` for the layout)
actuals-row-unreadable = unreadable row: { $error }
actuals-no-indicator = no indicator { $indicator } of project { $code } is left to match this row (unknown, or reported twice); row not used
actuals-likelihood = 完成可能性 { $value } is not one of 确定能 / 有可能 / 完全不可能; kept as written
actuals-reason-category = 偏差原因类别 { $value } is not one of 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他; kept as written
actuals-twice = indicator { $indicator } of project { $code } is also reported in { $file } line { $line }; keep it in one file only
actuals-cannot-create = { $dir }: cannot create: { $error }
actuals-template-sheets = actuals-template: { $count } owners' sheets
seed-error = seed line { $line }: { $message }
seed-no-indicator-header = table { $title } has no indicator header (一级指标 / 二级指标 / 三级指标 …) before the next table
seed-no-budget = project { $code }: expected the amount after 预算数
seed-no-value = expected the value of { $label } after its label
seed-no-unit = expected the unit line (unit code then unit name, e.g. 308001中国共产党…本级) under the table title
seed-no-plan = expected a 资金支出计划（%） row (3月底 / 6月底 / 10月底 / 12月底)
seed-no-plan-values = expected the row of plan percents after the 资金支出计划 labels
seed-plan-count = expected { $expected } plan percents (one per label { $labels }), found { $found }
seed-plan-label = cannot read the plan label { $label } as a month (expected e.g. 3月底)
seed-plan-month = month { $month } is not a month
seed-plan-percent = expected a percent such as 25% under { $label }, found { $value }
seed-money = expected an amount in yuan such as 50000.00, found { $value } ({ $why })
seed-money-empty = empty
seed-money-too-precise = finer than a fen
seed-money-too-large = too large
seed-money-not-number = not a number
seed-unknown-column = unknown indicator column { $column }; expected 一级指标, 二级指标, 三级指标, 绩效指标描述, 指标值, 指标值确定依据
seed-missing-column = the indicator header has no { $column } column
seed-row-cells = indicator row has { $found } cells, expected { $expected } (一级指标, 二级指标, 三级指标, 绩效指标描述, 指标值, 指标值确定依据)
seed-first-row-level1 = the first indicator row has no 一级指标
log-refused-for-good = refused for good: { $address }: { $error }
log-refused-for-now = refused for now: { $address }: { $error }

## The ledger cache (ledger-cache in the state folder): write failures, and why an entry is unusable (inside the brackets of cache-entry-unusable).
cache-folder-cannot-create = { $dir }: cannot create ledger cache folder: { $error }
cache-not-used = { $error }; reading every export
cache-entry-cannot-write = { $file }: cannot write ledger cache entry: { $error }
cache-writer-stopped = the ledger cache writer stopped; the next run re-reads the exports
cache-why-header = truncated header
cache-why-not-entry = not a ledger cache entry
cache-why-version = format version { $version }, expected { $expected }
cache-why-other-config = made for another configuration
cache-why-other-contents = made from other file contents
cache-why-section-table = bad section table
cache-why-length-changed = truncated or extended
cache-why-section-too-large = section too large
cache-why-checksum = checksum mismatch
cache-why-section-sizes = bad section sizes
cache-why-section-truncated = truncated section
cache-why-length = length out of range
cache-why-text = text not UTF-8
cache-why-encoding-tag = bad encoding tag
cache-why-style-tag = bad style tag
cache-why-out-of-range = project or day out of range
cache-why-order = cells out of order
cache-why-bucket-sizes = bad bucket sizes
cache-why-keys-unreadable = cannot read keys: { $error }
cache-why-keys-checksum = checksum mismatch in a bucket of keys
cache-why-record-unreadable = cannot read a record: { $error }
cache-why-record-check = a record does not match its check value

## Mail: templates, building and SMTP (why a mail was refused or deferred goes to the log, the terminal and the dashboard).
mail-template-cannot-read = { $file }: cannot read template: { $error }
mail-cannot-build = message { $id } could not be written: { $error }
mail-unknown-error = unknown error
via-smtp = SMTP { $server }
smtp-url-bad = SMTP URL { $url }: { $why }
smtp-url-no-host = no host
smtp-url-scheme = unknown scheme { $scheme } or tls parameter { $tls }; use smtp://, smtps:// or ?tls=required
smtp-url-not-utf8 = user or password is not UTF-8 once decoded
smtp-url-hidden = (an SMTP URL, not shown)
smtp-clear-opportunistic = ?tls=opportunistic falls back to clear text when the server offers no STARTTLS
smtp-clear-plain = smtp:// without ?tls=required is clear text
smtp-clear-refused = SMTP { $server }: { $how }; passwords and mail would cross the network readable to { $host }. Use smtps:// or ?tls=required (clear text is only allowed to a loopback host); nothing was sent
smtp-sender-bad = sender { $from }: { $error }
smtp-tls-failed = TLS for { $host }: { $error }
smtp-not-encrypted = SMTP { $server }: the connection is not encrypted; the password is not sent
smtp-no-smtputf8 = an address is not ASCII and the server does not support SMTPUTF8
smtp-no-8bitmime = the message is not ASCII and the server does not support 8BITMIME
smtp-not-an-address = not an address: { $error }

## Reports, the dashboard, status and actuals-template: folders, years and the notification log.
log-db-failed = notification log: { $error }
out-quarantine-file = the quarantine file
out-reports-folder = the reports folder
out-actuals-sheet = the actuals sheet
run-folder-quarantine = quarantine
run-folder-reports = reports
report-not-fiscal-year = { $year } is not the fiscal year monitored ({ $fiscal_year }); set fiscal_year in settings.toml
report-no-such-year = { $year }: no such year
report-unit-unknown = no project of { $file } names unit { $unit } (单位编码); its { $count } unit(s): { $units }
actuals-template-summary = actuals-template: { $projects } projects, { $rows } indicator rows

## Command-line values, reading files, plan dates, alert settings, the schedule (cron) and the notification log's version.
arg-invalid = { $arg }: { $why } (see --help)
arg-unknown = unknown option { $arg }
arg-subcommand-unknown = unknown command { $name }
arg-missing = missing { $args }
arg-conflict = { $arg } cannot be used with { $prior }
arg-twice = { $arg } is given more than once
arg-value-missing = { $arg } needs a value
arg-value-unknown = { $arg } does not take { $value }; it takes { $valid }
arg-did-you-mean = { $text }; did you mean { $suggestion }?
arg-see-help = { $text } (see --help)
arg-not-a-date = { $value } is not a date like 2025-07-15
arg-not-a-month = { $value } is not a month like 2025-06
file-not-regular = not a regular file (a folder, pipe or device); not read
file-too-large = { $size } bytes, more than the { $limit } bytes read from such a file
file-grew-past = grew past the { $limit } bytes read from such a file
file-not-utf8 = not UTF-8
cfg-early-pace-multiple = early_pace_multiple must be a number greater than 0, like 2
cfg-overspend-growth = overspend_repeat_growth_percent must be a number from 0 to 100, like 1
cron-field-count = { $expr } has { $fields } fields; write 5 like crontab ("0 8 1 * *": 08:00 on the 1st)
cron-invalid = { $expr } is not a cron expression: { $error }
cron-more-than-monthly = { $expr } fires more than once a month ({ $first } and { $second }); monthly progress emails go once a month, write e.g. "0 8 1 * *" (08:00 on the 1st)
state-too-new = notification log has schema version { $version }, newer than this program's { $ours }; use a newer budget-monitor
internal-error = error: internal error ({ $cause }); nothing more done. Please report this with the command line used.

## Email text ([email] language).
mail-gap-behind = { $points } percentage points behind plan
mail-gap-ahead = { $points } percentage points ahead of plan
mail-gap-level = level with plan
mail-line-now = As of { $date }: budget { $budget }, paid { $paid }, execution { $execution }; planned progress { $expected }, time elapsed { $time }; { $gap }, { $status }.
mail-line-checkpoint = Checkpoint { $date }: planned { $planned }, actual { $actual }, { $gap } ({ $status }); paid by the checkpoint { $paid }.
mail-line-reached = The planned amount of the next checkpoint ({ $date }, planned { $planned }, cumulative { $target }) has been reached.
mail-line-needed = Still to pay { $needed }: to reach the checkpoint's planned progress of { $planned } (cumulative { $target }) by { $date } (days left: { $days }), { $per-day } a day is needed; the average of the last 30 days is { $recent } a day.
mail-heading = { $name } ({ $code })
mail-heading-owner = { $name } ({ $code }), owner { $owner }
mail-level-heading = [{ $label }] { $heading }
mail-with-tag = { $heading } ({ $tag })
mail-exemption-note = Explanation submitted; warnings paused until { $until }: { $reason }
mail-news-exempt = Checkpoint warning ({ $level }; not sent while the explanation is in force)
mail-tag-first = first warning
mail-tag-exemption-ended = explanation period over; judged afresh on today's figures
mail-tag-repeat = reminder: still in warning by today's figures
mail-tag-worsened-red = reminder escalated: now a red warning
mail-tag-overspend-grew = the overspending has grown
mail-over-budget = Over budget by { $over } (budget { $budget }).
mail-over-last = At the last notice it was over by { $over }.
mail-over-budget-by = Over budget by { $over }.
mail-title-checkpoint = [Checkpoint warning]
mail-para-checkpoint-final = At the year's last spending-plan checkpoint, the cumulative execution of the projects below is { $yellow } or more percentage points behind plan ({ $red } or more is a red warning); what is unspent becomes a carry-over balance.
mail-para-checkpoint = At a spending-plan checkpoint, the cumulative execution of the projects below is { $yellow } or more percentage points behind plan ({ $red } or more is a red warning); please speed up spending.
mail-title-overspend = [Over budget]
mail-para-overspend = Payments to date exceed the budget of the projects below; please check the payment vouchers at once and, if needed, adjust the budget or reverse payments.
mail-title-early = [Progress reminder]
mail-para-early = A spending-plan checkpoint falls within the { $days }-day reminder period. At the pace of the last 30 days, the projects below are unlikely to reach the planned progress by then; please arrange payments ahead.
mail-title-escalation = [Red warning]
mail-para-escalation = The projects below are { $red } or more percentage points behind plan at a spending-plan checkpoint (or have paid nothing where the plan required payments); their owners have been told.
mail-title-year-end = [Year-end result]
mail-title-office = [Warnings new or escalated today]
mail-to-person = { $name } ({ $email })
mail-to-finance = the finance section
mail-to-units = the finance office of each project's unit ({ $list })
mail-to-more = { $list } and others, { $count } in all
mail-subj-checkpoint = Projects behind plan at a checkpoint: { $count }
mail-subj-overspend = Projects paid over budget: { $count }
mail-subj-early = Projects unlikely to meet the next checkpoint at the recent pace: { $count }
mail-subj-escalation = Projects in red warning at a checkpoint: { $count }
mail-subj-year-end = Budget execution result of { $year }
mail-subj-office = Today's warnings and data problems
mail-subject = { $parts } ({ $date })
mail-year-end-line = As of { $date }: budget for the year { $budget }, paid { $paid }, execution { $execution }, { $status }; carry-over balance { $balance }.
mail-dept-summary = { $title } as of { $date }: projects { $count }, budget { $budget }, paid { $paid }, execution { $execution }; planned progress (weighted by budget) { $expected }, time elapsed { $time }.
mail-dept-counts = Red warnings: { $red }; yellow warnings: { $yellow }; over budget: { $over }; slightly behind: { $behind }.
mail-dept-title-year = Department budget execution for { $year },
mail-unit-title-year = { $unit } budget execution for { $year },
mail-dept-title-month = Department budget execution, January to { $month },
mail-unit-title-month = { $unit } budget execution, January to { $month },
mail-closing = Please send an explanation for the projects above (continue / reallocate / cancel, with the reasons and measures) to { $to } by { $date }, within the { $days }-working-day limit.
mail-office-what = { $kind }, { $level }
mail-office-heading = { $heading }: { $what }
mail-office-none = No warnings new or escalated today.
mail-office-problems = Data problems ({ $count } found for the first time; the rows are set aside for correction):
mail-office-problem = · { $problem }
mail-year-end-owner = Budget execution for { $year } has reached its last checkpoint ({ $date }); the year's results of your projects are below. The carry-over balance is the budget less what was paid.
mail-year-end-balance = Total carry-over balance: { $balance }.
mail-fit-all = This section has { $count } projects, all listed in the attachment "{ $list }".
mail-fit-some = This section has { $count } projects; the most pressing are listed below ({ $shown }), and all of them are in the attachment "{ $list }".
mail-list-title = Project list
mail-label-overspend = Over budget
mail-label-early = Progress reminder
mail-monthly-subject = Your projects at the end of { $month } (January to { $month }): { $count }
mail-monthly-title = [At the end of { $month }]
mail-monthly-owner = As of { $date } (January to { $month }), the projects you are responsible for ({ $count }) have a total budget of { $budget }, paid { $paid }, execution { $execution }. Projects slightly behind plan are not warnings, but please watch their progress.
mail-kind-other = Other
mail-sent-count = { $label }: { $count }
mail-sent-none = No warning emails were sent in { $month }.
mail-sent = Emails sent in { $month }: { $list }.
mail-explanations-none = No explanations outstanding.
mail-outstanding-item = { $name } ({ $code }, checkpoint { $checkpoint })
mail-outstanding-more = Explanations not yet submitted: { $count }, among them { $list }.
mail-outstanding = Explanations not yet submitted: { $list }.
mail-digest-subject = { $unit }: budget execution at the end of { $month }
mail-level-yellow = Yellow warning
mail-level-red = Red warning
mail-status-on-track = On track
mail-status-overspent = Overspent
mail-status-behind = Slightly behind
mail-kind-escalation = Red warning (department head)
mail-kind-overspend = Over-budget warning
mail-kind-checkpoint = Checkpoint warning
mail-kind-early = Progress reminder
mail-kind-year-end = Year-end result
mail-kind-office = Daily warning digest
mail-kind-digest = Department monthly execution
mail-kind-monthly = Monthly progress
mail-prefix-escalation = [Red warning]{ " " }
mail-prefix-overspend = [Over-budget warning]{ " " }
mail-prefix-checkpoint = [Budget execution warning]{ " " }
mail-prefix-early = [Budget execution reminder]{ " " }
mail-prefix-year-end = [Year-end result]{ " " }
mail-prefix-office = [Warning digest]{ " " }
mail-prefix-digest = [Department monthly execution]{ " " }
mail-prefix-unit-digest = [Unit monthly execution]{ " " }
mail-prefix-monthly = [Monthly progress]{ " " }
mail-list-count = Items: { $count }
mail-list-count-capped = { $count } items; the { $shown } most pressing are listed here, kind by kind; every one is in the notification log (budget-monitor log --format xlsx)
mail-list-col-code = Project code
mail-list-col-name = Project name
mail-list-col-kind = Kind
mail-list-col-level = Level
mail-list-col-figures = Figures
mail-list-col-exemption = Exemption
mail-list-doc-title = { $unit }: { $list }
mail-list-subtitle = To { $recipient }, { $date }
mail-list-file = project-list-{ $date }

# status: the table for people (status --format table, the default).
status-title = Budget execution as of { $date }
status-col-code = Project code
status-col-name = Project name
status-col-budget = Budget (yuan)
status-col-paid = Paid (yuan)
status-col-execution = Execution
status-col-expected = Planned
status-col-time = Time progress
status-col-gap = Gap (points)
status-col-status = Status
status-col-next = Next checkpoint
status-col-needed = Still to pay (yuan)
status-col-days-left = Days left
status-budget-adjusted = { $budget } (initial { $initial })
status-total = Total

# The details of events recorded in the notification log (shown by `log`),
# in the emails' language.
mail-event-resolved = no longer behind as of { $date }: { $status }
mail-event-superseded = the next checkpoint's reminder window has opened
mail-event-exemption-ended = the explanation's grace period ended; re-evaluated on the day's figures
mail-event-overspend-resolved = paid no longer exceeds the budget as of { $date }

# The units file (settings: units_file): each unit's own head and office.
cfg-units-empty = empty units file: expected a header row (单位编码, 单位名称, 单位负责人, 负责人邮箱, 财务联系人, 财务邮箱)
cfg-units-column = units file header lacks a { $column } column ({ $names })
cfg-units-unknown = unit { $code } is the unit of no project
cfg-units-twice = unit { $code } is already given on an earlier line
cfg-units-no-email = { $name } is named without an email address
