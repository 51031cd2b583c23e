# Reports, Chinese: the dashboard page (监控看板, index.html).
# Keys start with `dash-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The page's head and foot.
dash-title = 预算执行监控看板
dash-department-fallback = 预算执行监控
dash-subtitle = { $department } · { $year }年度 · 截至 { $as_of } · 生成于 { $made }
dash-footer = 金额单位：元 · 本页不含脚本与外部资源，可离线打开与打印
# What ends a card label on a phone (before the value).
dash-label-separator = { "：" }

# The department overview: cards, the gap in words, the chart.
dash-totals = 部门总体执行情况
dash-card-budget = 年度预算
dash-card-projects = { $count } 个项目
dash-card-projects-one = { $count } 个项目
dash-card-paid = 已支付
dash-card-left = 尚余 { $amount }
dash-card-exec = 预算执行率
dash-card-exec-sub = 已支付 / 预算
dash-card-planned = 计划进度
dash-card-time = 序时进度
dash-gap-behind = 执行率落后 { $points } 个百分点
dash-gap-ahead = 执行率超前 { $points } 个百分点
dash-gap-level = 与执行率持平
dash-chart-department = 部门累计支出：计划与实际（占预算%）
dash-spark-label = { $name }：计划与实际累计支出

# The project ranking (column headers and the phone layout's labels).
dash-projects = 项目执行排名（按差距，落后在前）
dash-col-rank = 排名
dash-col-project = 项目
dash-col-owner = 负责人
dash-col-status = 状态
dash-col-exec-plan = 执行率 / 计划
dash-col-gap = 差距
dash-col-gap-points = 差距(百分点)
dash-col-paid = 已支付
dash-col-paid-yuan = 已支付(元)
dash-col-budget = 预算数
dash-col-budget-yuan = 预算数(元)
dash-col-next = 下一节点
dash-col-needed = 尚需支付
dash-col-needed-yuan = 尚需支付(元)
dash-col-curve = 累计曲线
dash-next-days-left = 计划 { $planned } · 还剩 { $count } 天
dash-next-days-left-one = 计划 { $planned } · 还剩 { $count } 天
# $command is the command that lists them all (shown as code).
dash-more-projects = …… 另有 { $count } 个项目差距较小，未列出；完整清单：{ $command }
dash-more-projects-one = …… 另有 { $count } 个项目差距较小，未列出；完整清单：{ $command }
# $planned and $actual are the coloured legend entries.
dash-legend-curves = 曲线：{ $planned } { $actual }
dash-legend-planned = 计划累计
dash-legend-actual = 实际累计
dash-legend-bar = 进度条：蓝色为执行率，黑线为计划进度

# The unit ranking (several units only).
dash-units = 支出进度通报：各单位执行率排名（序时进度 { $time }）
dash-col-unit = 单位
dash-col-count = 项目数
dash-col-exec = 执行率
dash-col-time-gap = 与序时差距
dash-col-time-gap-points = 与序时差距(百分点)

# Open alerts and the latest notices, from the notification log.
dash-alerts = 未解除的预警
dash-alerts-none = 没有未解除的预警。
dash-col-kind = 类型
dash-col-basis = 依据
dash-col-level = 级别
dash-col-opened = 开始
dash-col-notice = 最近通知
dash-col-date = 日期
dash-col-recipients = 收件人
dash-col-subject = 主题
dash-notice-sent = { $date } 发给 { $recipients }（{ $status }）
dash-notice-none = 尚未通知
dash-basis-budget = 预算
dash-basis-checkpoint = 节点 { $date }
dash-kind-checkpoint = 节点预警
dash-kind-early = 提前提醒
dash-kind-overspend = 超预算预警
dash-kind-other = 其他
dash-message-sent = 已发送
dash-message-queued = 待发送
dash-message-failed = 发送失败
dash-message-unknown = 未知
dash-more-alerts = …… 另有 { $count } 条未解除的预警未列出；完整记录：{ $command }
dash-more-alerts-one = …… 另有 { $count } 条未解除的预警未列出；完整记录：{ $command }
dash-messages = 最近发出的通知
dash-messages-none = 通知记录中还没有邮件。

# The night's data problems.
dash-problems = 本次数据问题
dash-problems-none = 本次读取的账表没有发现问题。
dash-problems-intro = 共 { $count } 条，需财务人员核对并更正导出文件（隔离的行见 quarantine 文件）：
dash-problems-intro-one = 共 { $count } 条，需财务人员核对并更正导出文件（隔离的行见 quarantine 文件）：
dash-problems-more = …… 另有 { $count } 条
dash-problems-more-one = …… 另有 { $count } 条
dash-problem-unreadable = { $file }: 无法读取: { $error }
dash-problem-quarantined = { $file }:{ $line }: 已隔离: { $reason }
