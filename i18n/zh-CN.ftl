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

## lint: the findings (one sentence per rule, `lint-<rule id>`), how they
## are shown, and the summary line. Rule ids and the severity tokens
## (error/warning/info) stay as they are in every language: scripts and
## configuration use them.
lint-department = 部门整体
lint-finding = { $tag }：{ $message }
lint-finding-row = { $tag } 第 { $line } 行：{ $level3 } = { $value }：{ $message }
lint-finding-row-no-line = { $tag } { $level3 } = { $value }：{ $message }
lint-summary = lint：共 { $findings } 条意见（错误 { $errors } 条，警告 { $warnings } 条，提示 { $notes } 条）
lint-department-total-mismatch = 第一部分所列总额为 { $stated } 元，但各项目表的预算数合计为 { $total } 元
lint-project-count-mismatch = 第一部分称共有 { $stated } 个项目，但文件中有 { $count } 张项目表
lint-summary-amount-mismatch = 第一部分（第 { $line } 行）列“{ $title }” { $amount } 元，但项目表的预算数为 { $budget } 元
lint-summary-unmatched = 第一部分（第 { $line } 行）所述“{ $title }”没有同名的项目表
lint-missing-output = 项目没有产出指标，资金换来了什么无从衡量
lint-missing-benefit = 项目没有效益指标，支出取得了什么效果无从衡量
lint-derivation-arithmetic = 文中计算 { $shown } = { $stated } 元，但乘积为 { $product } 元（“{ $excerpt }”）
lint-budget-derivation-mismatch = 文中测算为 { $claimed } 元（{ $shown }），但预算数为 { $budget } 元（“{ $excerpt }”）
lint-level1-unknown = 一级指标“{ $level1 }”不是产出指标、效益指标、满意度指标之一
lint-level-pair-mismatch = 二级指标“{ $level2 }”不属于一级指标“{ $level1 }”（应为 { $allowed } 之一）
lint-level3-names-category = 三级指标“{ $level3 }”是类别名称，不是可以衡量的内容
lint-cost-not-currency = 成本指标应以货币计量（元或万元），“{ $value }”不是金额
lint-cost-not-ceiling = 成本指标应为上限（≤）或确定金额（=），“{ $value }”却设定了下限
lint-cost-above-budget = 成本目标 { $cost } 元超过项目全部预算 { $budget } 元
lint-misfiled-cost = “{ $level3 }”衡量的是成本，却列在{ $level1 }/{ $level2 }下，应列入成本指标
lint-count-with-percent = “{ $level3 }”是数量，但目标值“{ $value }”是百分比；数量应使用次、个等单位
lint-rate-above-100 = “{ $level3 }”是比率，不能超过 100%，但目标值为“{ $value }”
lint-value-mixed = “{ $value }”在应写单位处接了文字“{ $text }”；应写明可衡量的目标或定性目标，二者择一
lint-value-missing-unit = “{ $value }”没有单位，看不出是百分比还是数量
lint-satisfaction-under-benefit = “{ $level3 }”是满意度指标，应列入满意度指标，而非{ $level1 }

## The rules' short names, as the year-end self-evaluation form shows them.
lint-rule-cost-not-currency = 成本指标未以货币计量
lint-rule-cost-not-ceiling = 成本指标应为上限（≤）
lint-rule-cost-above-budget = 成本指标超过项目预算
lint-rule-count-with-percent = 数量指标使用了百分比单位
lint-rule-rate-above-100 = 比率指标超过100%
lint-rule-missing-output = 缺少产出指标
lint-rule-missing-benefit = 缺少效益指标
lint-rule-level1-unknown = 一级指标不属于产出、效益、满意度
lint-rule-level-pair-mismatch = 二级指标与一级指标不对应
lint-rule-level3-names-category = 三级指标只是类别名称
lint-rule-misfiled-cost = 成本类指标未列入成本指标
lint-rule-satisfaction-under-benefit = 满意度指标列在效益指标下
lint-rule-value-mixed = 指标值数字与文字混写
lint-rule-value-missing-unit = 指标值缺少单位
lint-rule-budget-derivation-mismatch = 文中测算与预算数不符
lint-rule-derivation-arithmetic = 文中测算计算有误
lint-rule-department-total-mismatch = 部门预算总额与项目表合计不符
lint-rule-project-count-mismatch = 项目个数与项目表不符
lint-rule-summary-amount-mismatch = 第一部分项目金额与项目表不符
lint-rule-summary-unmatched = 第一部分项目无对应项目表

# import-targets and lint: the year of a target document.
lint-year-differs = 警告：{ $file }:{ $line }：文件写明的年度为 { $stated } 年，但指定了 --year { $year }；时间节点按 { $year } 年安排
lint-no-year = { $file }：文件未写明年度（标题或概述中没有“2025年…”）；请用 --year 指定年度
