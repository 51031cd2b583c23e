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
