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
