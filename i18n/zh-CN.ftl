# budget-monitor terminal messages, Chinese (the default). Every key here
# must also be in en.ftl (a test checks). Arguments are passed as text.

# check: the config line
check-config-ok = 配置：{ $projects } 个项目，来自 { $file }，{ $year } 年度：正常

# The reconciliation line of one ledger file (check, status -v, run).
reconciliation = { $file }：读取 { $read } 行 = 使用 { $used } + 重复 { $duplicates } + 汇总/空行 { $summary } + 隔离 { $quarantined }（{ $profile }，{ $encoding }，{ $unit }）
reconciliation-unreadable = { $file }：未读取：{ $error }

# The one-line summary of status, check and the reports.
command-summary = { $command }：{ $projects } 个项目，{ $files } 个账表文件（{ $unreadable } 个无法读取，{ $cached } 个来自缓存），使用 { $used } 笔支付，跳过重复 { $duplicates } 笔，隔离 { $quarantined } 行，其他问题 { $problems } 个，截至 { $as_of }

# The nightly run's summary line (cron mails it).
run-summary = 夜间任务{ $dry_run }：截至 { $as_of }，{ $projects } 个项目，新开预警 { $opened } 个，关闭 { $closed } 个，通知 { $notices } 条，记录邮件 { $messages } 封（月报 { $monthly } 封），发送 { $sent } 封，延后 { $deferred } 封，失败 { $failed } 封，账表文件 { $files } 个，隔离 { $quarantined } 行，其他问题 { $problems } 个，投递方式：{ $via }
run-dry-run = （演练，未记录）
run-nothing-done = 夜间任务：未执行（见上方错误）
via-outbox = .eml 文件，写入 { $dir }
