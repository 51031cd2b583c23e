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

## Reading the ledgers: why a row is quarantined (also written to
## quarantine.csv, which a person reads), problems with files, and the lines
## check and status print.
row-shifted = 本行有 { $fields } 个字段，而表头只有 { $header } 个：列已错位（未加引号的单元格中含分隔符，如 12,345.00 的千位分隔符，或缺少分隔符）；不计入
row-too-few-columns = 本行只有 { $fields } 列，表头至少有 { $need } 列
row-missing-date = 缺少日期
row-bad-date = 日期 { $value } 无效：{ $error }
row-date-outside-year = 日期 { $date } 不在 { $year } 财政年度内
row-missing-voucher = 缺少凭证号/支付令号
row-missing-project = 缺少项目编码
row-unknown-project = 项目编码 { $code } 不在项目库中
row-bad-amount = { $what } { $value } 无效：{ $error }
row-bad-amount-text = { $what }无效：不是有效文本
row-missing-amount = 缺少金额
row-no-debit-credit = 借方金额、贷方金额均为空
row-debit-credit-range = 借方减贷方超出范围（超过 10,000,000,000,000,000 元）
row-too-long = 本行长 { $bytes } 字节，超过 { $mib } MiB：不按 CSV 读取（original_text 只保留前 { $keep } 字节，完整内容见文件此行）
row-amount-overflow = 金额溢出：加上这笔支付，本文件各笔支付金额（不计正负）之和将超过 { $limit } 元，超出任何真实账表；不计入
row-with-note = { $reason }（{ $note }）
row-excerpt = 本行长 { $bytes } 字节：original_text 只保留前 { $keep } 字节，完整内容见文件此行
field-amount = 金额
field-debit = 借方金额
field-credit = 贷方金额
quote-to-end = 引号一直延续到文件末尾
quote-swallows = 引号会吞掉后面 { $lines } 行
quote-swallows-more = 引号会吞掉超过 { $lines } 行
quote-swallows-row = 若在后面某行闭合，字段中的分隔符将与整行一样多
quote-too-many-fields = 若在后面某行闭合，本行将有 { $fields } 个字段，而表头只有 { $header } 个
quote-unclosed-field = 引号未闭合：第 { $field } 个字段的引号在本行开始却未在本行闭合（{ $why }）；只隔离本行
quote-unclosed = 引号未闭合：有字段的引号在本行开始却未在本行闭合（{ $why }）；只隔离本行
kind-fifo = 命名管道
kind-socket = 套接字
kind-device = 设备文件
kind-other = 非普通文件
input-not-regular = 已跳过：{ $what }，不可能是账表导出文件
input-too-deep = 文件夹嵌套超过 { $depth } 层；未搜索
input-cannot-list = 无法列出文件夹：{ $error }
input-workbook = 未读取电子表格工作簿：请在账表文件夹中另存为 CSV（UTF-8 或 GBK）
input-missing = 文件或文件夹不存在
input-none-found = 在 { $paths } 中未找到账表导出文件（.csv、.tsv、.txt）
ledger-two-kinds = 项目 { $code } 的支付既出现在国库支付明细中（如 { $treasury }），又出现在会计明细账中（如 { $ledger }）：两者记的是同一笔钱，可能重复计算；每个项目请只保留一种导出
ledger-project-overflow = 项目 { $code }：各导出文件中的支付金额（不计正负）合计超过 { $limit } 元，超出任何真实账表，其合计不可信；部分金额单元格有误：请更正导出文件；更正前该项目的支付一律不计入
conflict-version = { $amount } 元，项目 { $code }，{ $date }，位于 { $file }:{ $line }
conflict-problem = 支付凭证号 { $voucher } 出现了内容不同的多个版本：{ $versions }；导出文件更正前均不计入
conflict-reason = 冲突：支付凭证号 { $voucher } 有不同版本（{ $versions }）；不计入
cache-entry-unusable = { $file } 的账表缓存不可用（{ $why }）；重新读取该文件
line-error = 错误：{ $text }
line-note = 提示：{ $text }
line-problem = 问题：{ $text }
line-quarantined = 已隔离：{ $file }:{ $line }：{ $reason }
quarantined-more = ……另有 { $count } 行已隔离
config-problems = 配置有 { $count } 个问题；未执行任何操作
as-of-after-year = 提示：截至日期 { $as_of } 不在 { $year } 财政年度内；数据按该年度年末计算
as-of-before-year = 提示：截至日期 { $as_of } 不在 { $year } 财政年度内；数据按该年度年初计算
ledger-path-missing = { $path }：账表路径不存在；请用 --ledger PATH 指定，或在 settings.toml 中设置 ledger_dir
quarantine-cannot-write = { $file }：无法写入隔离文件：{ $error }
quarantine-written = 已将 { $count } 行隔离数据写入 { $file }

# Between the items of a list in a sentence.
list-separator = ；

# schedule: when the scheduled emails fall due.
schedule-header = 月度进度通知（{ $expr }），自 { $from } 起：
schedule-owner = { $name } <{ $email }>：{ $times }
schedule-head = { $name } <{ $email }>（月度执行情况汇总）：{ $times }
schedule-moved = { $day } { $time }（由 { $date } 顺延）
schedule-alerts = 预警：每次夜间任务都会评估（时间节点预警、提前 { $early } 天预警、超支预警；时间节点预警最多每 { $repeat } 天重复一次）

# log: the notification log's lines around the (already Chinese) body.
log-none = { $file }：尚无通知记录（夜间任务会创建）
log-written = log：预警台账已写入 { $file }
log-summary = log：{ $messages } 封邮件（台账 { $rows } 行），{ $alerts } 个预警，记录于 { $file }
file-cannot-write = { $file }：无法写入：{ $error }
schedule-separator = 、

# Why a ledger file was not read (the reconciliation line shows it).
file-cannot-open = 无法打开：{ $error }
file-cannot-read = 无法读取：{ $error }
file-changed-while-read = 读取过程中文件被截短（可能正被其他程序改写），下次运行时重新读取
file-binary = 不是文本文件（二进制内容）；应为 CSV 导出文件
file-no-header = 前 { $lines } 行中未找到表头行；应含以下格式之一的列：{ $profiles }；其他格式请在 settings.toml 中添加 [[ledger_profile]]
file-scratch = 无法写入临时文件：{ $error }
file-thread-failed = 解析线程失败
or-separator = {" 或 "}

# report: the year-end form without owners' values.
actuals-none = 警告：没有实际完成值文件（用 --actuals FILE 指定，或将 actuals-{ $year }.csv 放入配置文件夹）：所有指标均为未填报，得 0 分

# Why a date or amount cell did not parse (inside a quarantine reason).
date-empty = 日期为空
date-format = 无法识别的日期格式
date-no-such-day = 日历上没有这一天
amount-empty = 金额为空
amount-bad-char = 金额中有不应出现的字符 { $char }
amount-too-precise = 小数位数超过“分”
amount-malformed = 金额格式有误
amount-overflow = 金额超出范围（超过 10,000,000,000,000,000 元）

# report and status.
report-wrote = 已写入 { $file }
progress-failed = 计算进度失败：{ $error }

# import-targets.
import-owners-year = 提示：{ $file } 的 fiscal_year 为 { $owners_year }；导入的目标属于 { $year } 年度
import-summary = import-targets：{ $projects } 个项目，{ $indicators } 个指标，{ $amount } 元，{ $year } 年度，占位负责人 { $placeholders } 个

## run：夜间任务给操作员的行（前面加“错误：”“警告：”“问题：”或“提示：”）。
line-warning = 警告：{ $text }
run-folder-state = 状态
run-folder-outbox = 发件箱
run-folder-cannot-create = { $dir }：无法创建{ $what }文件夹：{ $error }
run-folder-not-writable = { $dir }：{ $what }文件夹不可写：{ $error }
run-password-file = { $file }：无法读取 smtp 的 password_file：{ $error }
run-smtp-no-password = [smtp] 设置了 username 但没有密码：请设置 { $env } 或 password_file
run-lock-cannot-open = { $file }：无法打开锁文件：{ $error }
run-lock-held = 另一个 budget-monitor 任务正在运行（锁 { $file } 由进程 { $pid } 持有）；本次运行不做任何操作即退出
run-lock-pid-unknown = 未知（锁文件中没有进程号）
run-lock-failed = { $file }：无法加锁：{ $error }
run-log-failed = { $file }：通知记录库：{ $error }
run-recording-failed = 记录通知失败，未发送任何邮件：{ $error }
run-unaddressed = 项目 { $code } 没有负责人，[department] 也没有填写负责人（head）或科室（office）：其通知无法投递
run-more-kept = 多次临时失败后，另有 { $count } 封邮件留待下次运行发送
run-refused-for-good = 邮件 { $id }：服务器永久拒收 { $address }（{ $error }）；已投递给 { $to }；已记录
run-refused-for-now = 邮件 { $id }：服务器暂时拒收 { $address }（{ $error }）；已投递给 { $to }；{ $address } 将在下次运行时收到
run-temporary-failure = 邮件 { $id }（收件人 { $to }）：临时失败，留待下次运行：{ $error }
run-failed = 邮件 { $id }（收件人 { $to }）：被拒收，记为失败：{ $error }
run-dashboard-failed = 监控看板页面未写入：{ $error }
run-year-closed = { $year } 财政年度已结束：其年终结果已发送，不再发出 { $year } 年度的预警；只发送仍应发送的内容（12 月月报）。下一步请载入 { $next } 年度的配置（settings.toml 中 fiscal_year = { $next }，并提供 { $next } 年度的项目和计划）。
run-refused-suffix = ；{ $count } 个收件人被服务器拒收（见上文）
run-cannot-record = { $file }：无法记录本次运行：{ $error }

## 配置诊断（位置 file:line:col 之后的文字）。
cfg-settings-missing = 找不到设置文件；请用 --config DIR 指定存放 settings.toml 和 projects.toml 的文件夹
cfg-exemption-unknown = 豁免项指定的项目 { $project } 不在 { $file } 中
file-cannot-read-config = 无法读取：{ $error }
cfg-year-implausible = fiscal_year { $year } 不是合理的年份（2000-2100）
cfg-year-missing = 缺少 fiscal_year；请添加，例如 `fiscal_year = 2025`
cfg-timezone-unknown = 时区 { $timezone } 无法识别；请写 "Asia/Shanghai" 或 "+08:00" 这样的偏移量
cfg-points-range = { $name } 必须是 0 到 100 之间的百分点数
cfg-red-below-yellow = red_gap_points（{ $red }）不得小于 yellow_gap_points（{ $yellow }）
cfg-profile-style = ledger_profile 的 style { $style } 无法识别；请用 "treasury" 或 "ledger"
cfg-unit-unknown = 单位 { $unit } 无法识别；请用 "元" 或 "万元"
cfg-profile-invalid = ledger_profile { $name }：{ $error }
cfg-money-bad = { $error }；请把元写成 "50000.00" 这样的字符串
cfg-money-range = 金额超出范围
cfg-money-float = 金额必须写成 "50000.00" 这样的字符串（TOML 浮点数无法精确到分）
cfg-money-expected = 应为以元计的金额，例如 "50000.00"
cfg-email-invalid = { $email } 不是电子邮件地址
cfg-year-differs = fiscal_year { $year } 与 settings.toml 的 fiscal_year { $settings_year } 不一致
cfg-no-projects = 没有任何 [[project]] 条目
cfg-department-in-settings = settings.toml 中的 [department] 仅用于项目来自登记表 CSV 的情形；本次项目来自 { $file }，请把单位、负责人和财务科写在该文件的 [department] 中
cfg-code-empty = 项目编码为空
cfg-code-twice = 项目编码 { $code } 重复使用（首次出现在第 { $line } 行）；编码必须唯一
cfg-budget-zero = 项目 { $code }：预算必须大于 0
cfg-budget-bad = 项目 { $code }：预算：{ $error }
cfg-project-field = 项目 { $code }：{ $field }：{ $error }
cfg-plan-date = 项目 { $code }：计划日期必须是 "{ $year }-03-31" 这样的日期
cfg-plan-percent = 项目 { $code }：计划百分比必须是 25 这样的数
cfg-checkpoint-year = 项目 { $code }：节点 { $date } 不在 { $year } 财政年度内
cfg-checkpoint-percent = 项目 { $code }：百分比 { $percent } 必须在 0 到 100 之间
cfg-checkpoint-order = 项目 { $code }：节点日期必须严格递增（{ $date } 在 { $prev } 之后）
cfg-checkpoint-decrease = 项目 { $code }：累计百分比不得下降（{ $percent } 在 { $prev } 之后）
cfg-plan-empty = 项目 { $code }：计划没有任何节点
cfg-plan-end = 项目 { $code }：计划必须以 100% 结束（目前止于 { $percent }）
cfg-adjustment-date = 项目 { $code }：调整日期必须是 "{ $year }-08-01" 这样的日期
cfg-project-error = 项目 { $code }：{ $error }
cfg-adjustment-amount-bad = { $value } 中 { $error }；请把带符号的元写成 "-10000.00" 这样的字符串
cfg-adjustment-amount-type = 调整金额必须是 "-10000.00" 这样带符号的元字符串
cfg-adjustment-amount = 项目 { $code }：调整金额：{ $error }
cfg-adjustment-source = 项目 { $code }：调整资金来源 { $source } 无法识别；请用 "fiscal"、"carryover" 或 "other"
cfg-adjustment-below-zero = 项目 { $code }：{ $day } 调整后的有效预算将为 { $budget } 元；必须保持大于 0
cfg-weight-range = 项目 { $code }：指标 { $indicator }：分值必须是 0 到 100 之间的数
cfg-weight-partial = 项目 { $code }：{ $count } 个指标中有 { $given } 个设了分值；请给每个指标都设分值或都不设（指标 { $indicator } 没有）
cfg-weight-sum = 项目 { $code }：指标分值合计 { $sum }，但应合计 { $share }（100 减去执行率分值）

## 配置诊断：预算调整。
cfg-adjustment-outside-year = 调整日期 { $date } 不在 { $year } 财政年度内
cfg-adjustments-empty = 调整文件为空：应有表头行（项目编码，调整日期，调整金额，文号，事由）
cfg-adjustments-column = 调整文件表头缺少 { $column } 列（{ $names }）
cfg-row-unreadable = 无法读取的行：{ $error }
cfg-column = { $name } 列：{ $error }
cfg-registry-unknown-project = 项目 { $code } 不在项目登记表中
cfg-adjustment-csv-amount = 项目 { $code }：{ $value } 中 { $error }；请写带符号的元，例如 -10000.00
cfg-adjustment-csv-source = { $source } 无法识别；请用 fiscal、carryover 或 other
cfg-adjustment-csv-below-zero = 项目 { $code }：有效预算将于 { $day } 降至 { $budget } 元；必须保持大于 0

## 配置诊断：预警、评价、输出与输入重叠。
cfg-whole-number-range = { $name } 必须是 { $lo } 到 { $hi } 之间的整数
cfg-from-invalid = from { $from } 不是有效的邮箱（{ $error }）；请写成 "预算执行监控 <budget@example.org>" 这样的形式
cfg-monthly-schedule = monthly_schedule：{ $error }
cfg-email-language = language { $language } 无法识别；邮件语言请用 "zh"（中文）或 "en"（英文）
cfg-security-unknown = security { $security } 无法识别；请用 "starttls"、"tls" 或 "plain"
cfg-smtp-host-empty = smtp 的 host 为空；如需改为写出 .eml 文件，请删除 [smtp]
cfg-smtp-plain = security = "plain" 会以明文（clear text）发送密码和邮件；只允许用于本机回环（loopback）地址，不能用于 { $host }
cfg-exemption-until = exemption 的 until 必须是 2025-09-30 这样的日期
cfg-evaluation-range = evaluation.{ $name } 必须是 { $lo } 到 { $hi } 之间的数
cfg-evaluation-weights = [evaluation] 各项分值合计 { $total }，而不是 100：等级分数线按百分制计
cfg-evaluation-bands = [evaluation] 等级分数线必须满足 excellent_from > good_from > pass_from
out-ledger-path = 账表路径
out-config-folder = 配置文件夹
out-projects-file = 项目文件
out-templates-folder = 邮件模板文件夹
out-password-file = SMTP 密码文件
out-overlap-is = { $name } { $out } 就是{ $what }（{ $path }）：任务会覆盖或写入它所读取的内容；请选择其外的路径
out-overlap-inside = { $name } { $out } 位于{ $what }（{ $path }）之内：任务会覆盖或写入它所读取的内容；请选择其外的路径
out-exists = { $file } 已存在；如要替换请加 --force（已填写的表格或手工编辑的文件将会丢失）
out-state-folder = 状态文件夹
out-outbox-folder = 发件箱文件夹
out-settings-file = 设置文件

## 配置诊断：项目登记表（CSV）。
cfg-registry-empty = 项目登记表为空：应有表头行
cfg-registry-column = 项目登记表表头缺少 { $column } 列（{ $names }）
cfg-remove-it = { $why }；请删除它
cfg-registry-code-empty = 项目编码为空
cfg-registry-budget = 项目 { $code }：{ $value } 中 { $error }
cfg-registry-no-projects = 项目登记表中没有项目
cfg-plan-part = { $part } 不是 日期:百分比 的形式
cfg-not-percent = { $value } 不是百分比
cfg-plan-four = { $text }：应为 25/50/75/100 这样的四个累计百分比（3 月、6 月、10 月、12 月末）
cfg-bad-year = 财政年度无效
cfg-plan-no-checkpoints = 计划没有任何节点
cfg-plan-checkpoint-year = 节点 { $date } 不在 { $year } 财政年度内
cfg-plan-percent-range = 百分比 { $percent } 必须在 0 到 100 之间
cfg-plan-order = 节点日期必须严格递增（{ $date } 在 { $prev } 之后）
cfg-plan-decrease = 累计百分比不得下降（{ $percent } 在 { $prev } 之后）
cfg-plan-end-100 = 计划必须以 100% 结束（目前止于 { $percent }）

## 被拒绝的配置文字（escape.rs），位置之后的文字。
esc-contains = 含有{ $what }（{ $code }）
esc-line-break = 换行符
esc-tab = 制表符
esc-control = 控制字符
esc-noncharacter = Unicode 非字符
esc-bidi = 双向文字覆盖字符
esc-key = 键名{ $why }
esc-not-plain = { $why }；名称、编码和地址会出现在邮件头、工作表名和终端中，必须是纯文本（请删除）

## import-targets 和 lint：读写的文件。
targets-out-is-input = { $file }：--out 指向正在读取的文档；请另选一个文件
targets-cannot-read = { $file }：无法读取：{ $error }
targets-owners-cannot-read = { $file }：无法读取负责人信息：{ $error }
targets-owners-not-toml = { $file }：不是有效的 TOML：{ $error }

## completions 和 manpage。
pkg-man-failed = 无法写出 man 手册页：{ $error }
pkg-stdout-failed = 无法写入标准输出：{ $error }
# 无法识别的 BUDGET_MONITOR_LANG（随后使用中文）。
lang-unknown = 警告：{ $var }={ $value }：无法识别的语言（应为 zh 或 en）；使用中文

## 设置中的日历和账表格式。
cal-not-a-date = { $name }：{ $what } { $value } 不是日期
cal-wrong-year = { $name }：{ $what } { $value } 不在 { $year } 年内
cal-holiday = 节假日
cal-workday = 调休工作日
cal-cannot-read = { $file }：无法读取日历：{ $error }
profile-no-header-names = 未给出 { $fields } 的表头名称
actuals-cannot-read = 无法读取：{ $error }
actuals-header-unreadable = 无法读取表头：{ $error }
actuals-header-columns = 表头须包含 项目编码、三级指标 和 实际完成值（格式见 `budget-monitor actuals-template`）
actuals-row-unreadable = 无法读取此行：{ $error }
actuals-no-indicator = 项目 { $code } 已没有可与此行对应的指标 { $indicator }（未知指标，或已填报过）；此行未使用
actuals-likelihood = 完成可能性 { $value } 不是 确定能 / 有可能 / 完全不可能 之一；按原样保留
actuals-reason-category = 偏差原因类别 { $value } 不是 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他 之一；按原样保留
actuals-twice = 项目 { $code } 的指标 { $indicator } 也填报在 { $file } 第 { $line } 行；请只在一个文件中保留
actuals-cannot-create = { $dir }：无法创建文件夹：{ $error }
actuals-template-sheets = actuals-template：{ $count } 份负责人表
seed-error = 目标文档第 { $line } 行：{ $message }
seed-no-indicator-header = 表 { $title } 在下一张表之前没有指标表头（一级指标 / 二级指标 / 三级指标 …）
seed-no-budget = 项目 { $code }：预算数 后应为金额
seed-no-value = { $label } 后应为其值
seed-no-unit = 表标题下应为单位行（单位编码后接单位名称，例如 308001中国共产党…本级）
seed-no-plan = 应有 资金支出计划（%）行（3月底 / 6月底 / 10月底 / 12月底）
seed-no-plan-values = 资金支出计划 的标签行后应为计划百分比行
seed-plan-count = 应有 { $expected } 个计划百分比（每个标签 { $labels } 一个），实际 { $found } 个
seed-plan-label = 无法把计划标签 { $label } 读作月份（应为 3月底 这样的写法）
seed-plan-month = { $month } 不是月份
seed-plan-percent = { $label } 下应为 25% 这样的百分比，实际为 { $value }
seed-money = 应为以元计的金额，例如 50000.00，实际为 { $value }（{ $why }）
seed-money-empty = 为空
seed-money-too-precise = 精度超过分
seed-money-too-large = 数额过大
seed-money-not-number = 不是数字
seed-unknown-column = 未知的指标列 { $column }；应为 一级指标、二级指标、三级指标、绩效指标描述、指标值、指标值确定依据
seed-missing-column = 指标表头缺少 { $column } 列
seed-row-cells = 指标行有 { $found } 个单元格，应为 { $expected } 个（一级指标、二级指标、三级指标、绩效指标描述、指标值、指标值确定依据）
seed-first-row-level1 = 第一行指标没有 一级指标
log-refused-for-good = 服务器永久拒收 { $address }：{ $error }
log-refused-for-now = 服务器暂时拒收 { $address }：{ $error }

## 账表缓存（状态文件夹中的 ledger-cache）：写入失败，以及缓存条目不可用的原因（放在 cache-entry-unusable 的括号内）。
cache-folder-cannot-create = { $dir }：无法创建账表缓存文件夹：{ $error }
cache-not-used = { $error }；本次不用缓存，读取全部导出文件
cache-entry-cannot-write = { $file }：无法写入账表缓存条目：{ $error }
cache-writer-stopped = 账表缓存写入线程中止；下次运行将重新读取导出文件
cache-why-header = 文件头不完整
cache-why-not-entry = 不是账表缓存条目
cache-why-version = 格式版本为 { $version }，应为 { $expected }
cache-why-other-config = 为另一套配置生成
cache-why-other-contents = 由另一份文件内容生成
cache-why-section-table = 分段表有误
cache-why-length-changed = 文件被截短或加长
cache-why-section-too-large = 分段过大
cache-why-checksum = 校验和不符
cache-why-section-sizes = 分段大小有误
cache-why-section-truncated = 分段不完整
cache-why-length = 长度超出范围
cache-why-text = 文字不是 UTF-8
cache-why-encoding-tag = 编码标记有误
cache-why-style-tag = 格式标记有误
cache-why-out-of-range = 项目或日期超出范围
cache-why-order = 数据顺序错乱
cache-why-bucket-sizes = 分桶大小有误
cache-why-keys-unreadable = 无法读取键：{ $error }
cache-why-keys-checksum = 一组键的校验和不符
cache-why-record-unreadable = 无法读取记录：{ $error }
cache-why-record-check = 有记录与其校验值不符

## 邮件：模板、生成和 SMTP（拒收或延后的原因会进入日志、终端和监控看板）。
mail-template-cannot-read = { $file }：无法读取邮件模板：{ $error }
mail-cannot-build = 邮件 { $id } 无法生成：{ $error }
mail-unknown-error = 未知错误
via-smtp = SMTP { $server }
smtp-url-bad = SMTP URL { $url }：{ $why }
smtp-url-no-host = 没有主机名
smtp-url-scheme = 无法识别的协议 { $scheme } 或 tls 参数 { $tls }；请用 smtp://、smtps:// 或 ?tls=required
smtp-url-not-utf8 = 用户名或密码解码后不是 UTF-8
smtp-url-hidden = （SMTP URL，不显示）
smtp-clear-opportunistic = ?tls=opportunistic 在服务器不提供 STARTTLS 时会退回明文
smtp-clear-plain = 不带 ?tls=required 的 smtp:// 是明文
smtp-clear-refused = SMTP { $server }：{ $how }；发往 { $host } 的密码和邮件将以明文经过网络，沿途可被读取。请使用 smtps:// 或 ?tls=required（明文只允许发往本机回环（loopback）地址）；未发送任何邮件
smtp-sender-bad = 发件人 { $from }：{ $error }
smtp-tls-failed = { $host } 的 TLS：{ $error }
smtp-not-encrypted = SMTP { $server }：连接未加密；未发送密码
smtp-no-smtputf8 = 有地址含非 ASCII 字符，而服务器不支持 SMTPUTF8
smtp-no-8bitmime = 邮件含非 ASCII 字符，而服务器不支持 8BITMIME
smtp-not-an-address = 不是邮件地址：{ $error }

## 报表、看板、status 和 actuals-template：文件夹、年度和通知记录库。
log-db-failed = 通知记录库：{ $error }
out-quarantine-file = 隔离文件
out-reports-folder = 报表文件夹
out-actuals-sheet = 实际完成值表
run-folder-quarantine = 隔离文件所在
run-folder-reports = 报表
report-not-fiscal-year = { $year } 不是所监控的财政年度（{ $fiscal_year }）；请在 settings.toml 中设置 fiscal_year
report-unit-unknown = { $file } 中没有单位编码为 { $unit } 的项目；其中的单位（共 { $count } 个）：{ $units }
report-no-such-year = { $year }：没有这一年
actuals-template-summary = actuals-template：{ $projects } 个项目，{ $rows } 行指标

## 命令行参数、文件读取、计划日期、预警设置、监控时间表（cron）和通知记录库版本。
arg-invalid = { $arg }：{ $why }（用法见 --help）
arg-unknown = 不认识的参数 { $arg }
arg-subcommand-unknown = 不认识的命令 { $name }
arg-missing = 缺少参数 { $args }
arg-conflict = { $arg } 不能与 { $prior } 同时使用
arg-twice = { $arg } 只能给一次
arg-value-missing = { $arg } 后面缺少值
arg-value-unknown = { $arg } 不接受 { $value }，可用的值：{ $valid }
arg-did-you-mean = { $text }；您是否要用 { $suggestion }？
arg-see-help = { $text }（用法见 --help）
arg-not-a-date = { $value } 不是 2025-07-15 这样的日期
arg-not-a-month = { $value } 不是 2025-06 这样的月份
file-not-regular = 不是普通文件（而是文件夹、管道或设备）；未读取
file-too-large = { $size } 字节，超过此类文件的读取上限 { $limit } 字节
file-grew-past = 读取中增长超过此类文件的读取上限 { $limit } 字节
file-not-utf8 = 不是 UTF-8 编码
cfg-early-pace-multiple = early_pace_multiple 必须是大于 0 的数，例如 2
cfg-overspend-growth = overspend_repeat_growth_percent 必须是 0 到 100 之间的数，例如 1
cron-field-count = { $expr } 有 { $fields } 个字段；请像 crontab 一样写 5 个（"0 8 1 * *"：每月 1 日 08:00）
cron-invalid = { $expr } 不是 cron 表达式：{ $error }
cron-more-than-monthly = { $expr } 每月触发不止一次（{ $first } 和 { $second }）；月度进度邮件每月只发一次，请写成 "0 8 1 * *"（每月 1 日 08:00）这样的形式
state-too-new = 通知记录库的结构版本为 { $version }，比本程序的 { $ours } 新；请使用更新版本的 budget-monitor
internal-error = 错误：内部错误（{ $cause }）；未再执行任何操作。请连同所用命令行一起报告此问题。

## 邮件正文（[email] language）。中文与原先代码里的文字逐字相同。
mail-gap-behind = 落后 { $points } 个百分点
mail-gap-ahead = 超前 { $points } 个百分点
mail-gap-level = 与计划持平
mail-line-now = 截至{ $date }：预算 { $budget }，已支付 { $paid }，执行率 { $execution }；计划进度 { $expected }，序时进度 { $time }；{ $gap }，{ $status }。
mail-line-checkpoint = 节点 { $date }：计划 { $planned }，实际 { $actual }，{ $gap }（{ $status }）；截至节点已支付 { $paid }。
mail-line-reached = 已达到下一节点（{ $date }，计划 { $planned }，累计 { $target }）的计划金额。
mail-line-needed = 尚需支付 { $needed }：为在{ $date }前达到该节点计划进度 { $planned }（累计 { $target }），剩余 { $days } 天，需日均支付 { $per-day }；近30天日均支付 { $recent }。
mail-heading = { $name }（{ $code }）
mail-heading-owner = { $name }（{ $code }），负责人 { $owner }
mail-level-heading = 【{ $label }】{ $heading }
mail-with-tag = { $heading }（{ $tag }）
mail-exemption-note = 已报送情况说明，预警暂停至{ $until }：{ $reason }
mail-news-exempt = 节点预警（{ $level }，情况说明期内暂不发送）
mail-tag-first = 首次预警
mail-tag-exemption-ended = 情况说明期满，按当日数据重新评估
mail-tag-repeat = 再次提醒：按当日数据仍处于预警状态
mail-tag-worsened-red = 提醒升级：当前已处于红色预警
mail-tag-overspend-grew = 超支金额继续增加
mail-over-budget = 超出预算 { $over }（预算 { $budget }）。
mail-over-last = 上次通知时超出 { $over }。
mail-over-budget-by = 超出预算 { $over }。
mail-title-checkpoint = 【节点预警】
mail-para-checkpoint-final = 以下项目在年度最后一个资金支出计划节点的累计执行率落后计划 { $yellow } 个百分点及以上（{ $red } 个百分点及以上为红色预警），未支出部分将形成结转结余。
mail-para-checkpoint = 以下项目在资金支出计划节点的累计执行率落后计划 { $yellow } 个百分点及以上（{ $red } 个百分点及以上为红色预警），请抓紧推进支出。
mail-title-overspend = 【超预算】
mail-para-overspend = 以下项目累计已支付金额超过预算，请立即核实支付凭证，必要时办理预算调整或冲销。
mail-title-early = 【进度提醒】
mail-para-early = 距资金支出计划节点已不足 { $days } 天。按近30天的支出速度，以下项目难以在节点前达到计划进度，请提前安排支出。
mail-title-escalation = 【红色预警】
mail-para-escalation = 以下项目在资金支出计划节点落后计划 { $red } 个百分点及以上（或计划已要求支出而尚无支出），已通知项目负责人。
mail-title-year-end = 【年度执行结果】
mail-title-office = 【今日新增或升级的预警】
mail-to-person = { $name }（{ $email }）
mail-to-finance = 财务科
mail-to-units = 各项目所属单位的财务（{ $list }）
mail-to-more = { $list }等 { $count } 处
mail-subj-checkpoint = { $count }个项目节点支出进度落后计划
mail-subj-overspend = { $count }个项目已支付金额超过预算
mail-subj-early = { $count }个项目按近期进度难以完成下一节点计划
mail-subj-escalation = { $count }个项目节点红色预警
mail-subj-year-end = { $year }年度预算执行结果
mail-subj-office = 今日预警与数据问题
mail-subject = { $parts }（{ $date }）
mail-year-end-line = 截至{ $date }：全年预算 { $budget }，已支付 { $paid }，执行率 { $execution }，{ $status }；结转结余 { $balance }。
mail-dept-summary = { $title }截至{ $date }：{ $count }个项目，预算 { $budget }，已支付 { $paid }，执行率 { $execution }；计划进度（按预算加权）{ $expected }，序时进度 { $time }。
mail-dept-counts = 红色预警 { $red } 个，黄色预警 { $yellow } 个，超预算 { $over } 个，略低于计划 { $behind } 个。
mail-dept-title-year = { $year }年度部门预算执行结果，
mail-unit-title-year = { $year }年度{ $unit }预算执行结果，
mail-dept-title-month = 1–{ $month }月部门预算执行情况，
mail-unit-title-month = 1–{ $month }月{ $unit }预算执行情况，
mail-closing = 请于{ $date }前（{ $days }个工作日内）将上述项目的情况说明（继续执行 / 调剂 / 取消，及原因和措施）报送{ $to }。
mail-office-what = { $kind }，{ $level }
mail-office-heading = { $heading }：{ $what }
mail-office-none = 今日无新增或升级的预警。
mail-office-problems = 数据问题（首次发现 { $count } 项，问题行已另存待修正）：
mail-office-problem = · { $problem }
mail-year-end-owner = { $year }年度预算执行已到最后节点（{ $date }），您负责项目的全年执行结果如下；结转结余为预算减已支付。
mail-year-end-balance = 结转结余合计 { $balance }。
mail-fit-all = 本类共 { $count } 个项目，均见附件《{ $list }》。
mail-fit-some = 本类共 { $count } 个项目，以下列出最需关注的 { $shown } 个；全部项目见附件《{ $list }》。
mail-list-title = 项目清单
mail-label-overspend = 超预算
mail-label-early = 进度提醒
mail-monthly-subject = 截至{ $month }月末负责的{ $count }个项目执行情况（1–{ $month }月）
mail-monthly-title = 【截至{ $month }月末】
mail-monthly-owner = 截至{ $date }（1–{ $month }月），您负责的{ $count }个项目合计预算 { $budget }，已支付 { $paid }，执行率 { $execution }。略低于计划的项目不属于预警，请留意进度。
mail-kind-other = 其他
mail-sent-count = { $label } { $count } 封
mail-sent-none = { $month }月未发送预警邮件。
mail-sent = { $month }月已发送邮件：{ $list }。
mail-explanations-none = 无待报送的情况说明。
mail-outstanding-item = { $name }（{ $code }，节点 { $checkpoint }）
mail-outstanding-more = 尚未报送情况说明 { $count } 项：{ $list } 等。
mail-outstanding = 尚未报送情况说明：{ $list }。
mail-digest-subject = { $unit }截至{ $month }月末预算执行情况
mail-level-yellow = 黄色预警
mail-level-red = 红色预警
mail-status-on-track = 正常
mail-status-overspent = 超预算
mail-status-behind = 略低于计划
mail-kind-escalation = 红色预警（部门负责人）
mail-kind-overspend = 超预算预警
mail-kind-checkpoint = 节点预警
mail-kind-early = 进度提醒
mail-kind-year-end = 年度执行结果
mail-kind-office = 预警日报
mail-kind-digest = 部门月度执行情况
mail-kind-monthly = 月度执行进度
mail-prefix-escalation = 【红色预警】
mail-prefix-overspend = 【超预算预警】
mail-prefix-checkpoint = 【预算执行预警】
mail-prefix-early = 【预算执行提醒】
mail-prefix-year-end = 【年度执行结果】
mail-prefix-office = 【预警日报】
mail-prefix-digest = 【部门月度执行情况】
mail-prefix-unit-digest = 【单位月度执行情况】
mail-prefix-monthly = 【月度执行进度】
mail-list-count = 共 { $count } 项
mail-list-count-capped = 共 { $count } 项，此处按类别先后列出最需关注的 { $shown } 项；全部见预警台账（budget-monitor log --format xlsx）
mail-list-col-code = 项目编码
mail-list-col-name = 项目名称
mail-list-col-kind = 类别
mail-list-col-level = 级别
mail-list-col-figures = 情况
mail-list-col-exemption = 豁免
mail-list-doc-title = { $unit }{ $list }
mail-list-subtitle = 致{ $recipient }，{ $date }
mail-list-file = 项目清单-{ $date }

# status: the table for people (status --format table, the default).
status-title = 预算执行进度  截至 { $date }
status-col-code = 项目编码
status-col-name = 项目名称
status-col-budget = 预算数(元)
status-col-paid = 已支付(元)
status-col-execution = 执行率
status-col-expected = 计划进度
status-col-time = 序时进度
status-col-gap = 差距(百分点)
status-col-status = 状态
status-col-next = 下一节点
status-col-needed = 尚需支付(元)
status-col-days-left = 剩余天数
status-budget-adjusted = { $budget } (年初 { $initial })
status-total = 合计

# The details of events recorded in the notification log (shown by `log`),
# in the emails' language.
mail-event-resolved = 截至{ $date }已不在预警范围：{ $status }
mail-event-superseded = 下一节点的提醒期已开始
mail-event-exemption-ended = 情况说明期满，按当日数据重新评估
mail-event-overspend-resolved = 截至{ $date }已支付未超过预算

# The units file (settings: units_file): each unit's own head and office.
cfg-units-empty = 单位联系人文件为空：应有表头行（单位编码，单位名称，单位负责人，负责人邮箱，财务联系人，财务邮箱）
cfg-units-column = 单位联系人文件表头缺少 { $column } 列（{ $names }）
cfg-units-unknown = 单位 { $code } 不是任何项目的单位编码
cfg-units-twice = 单位 { $code } 已在前面的行中出现
cfg-units-no-email = 写了 { $name } 却没有邮箱
