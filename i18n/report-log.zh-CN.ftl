# Reports, Chinese: the notification log as a page or workbook (log --format html/xlsx).
# Keys start with `log-report-` (the terminal catalogue has `log-` keys); every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The log as text (`log`): the messages (the 预警台账), then every
# alert's history. An argument ending in `_part` is a piece the code puts
# in only when there is one.
log-report-heading = 预警台账（时间为 { $zone }）
log-report-message = { $date } 记录于 { $recorded }，{ $kinds }：{ $subject } → { $recipients }（{ $outcome }）
log-report-item = { $code } { $name }【{ $level }】{ $figures }{ $exemption_part }
log-report-exemption = （{ $exemption }）
log-report-list-separator = 、
log-report-sent-at = 已发送于 { $time }
log-report-sent = 已发送
log-report-queued = 待发送（将重试）
log-report-failed = 发送失败
log-report-status-error = { $status }：{ $error }
log-report-alerts = 预警记录
log-report-alert = { $code } { $name } { $kind }（{ $reason }）：{ $level }，{ $state }，开启于 { $opened }
log-report-reason-budget = 预算
log-report-reason-checkpoint = 节点 { $date }
log-report-alert-checkpoint = 节点预警
log-report-alert-early = 进度提醒
log-report-alert-overspend = 超预算预警
log-report-state-open = 预警中
log-report-state-resolved = 已解除
log-report-state-closed = 已关闭
log-report-event-level = （{ $level }）
log-report-event-detail = ：{ $detail }
log-report-event-message = ，邮件 { $id } 发给 { $recipients }：{ $outcome }
log-report-event-recorded = [记录于 { $time }]
log-report-event-opened = 开启
log-report-event-reopened = 重新开启
log-report-event-notified = 已通知
log-report-event-repeated = 再次提醒
log-report-event-worsened = 升级
log-report-event-resolved = 解除
log-report-event-superseded = 关闭（已被后续节点取代）
log-report-event-exempt = 情况说明期内暂停发送
log-report-event-exemption-ended = 情况说明期满，重新评估
log-report-event-unaddressed = 无人可通知
log-report-event-escalated = 已告知部门负责人

# The 预警台账 as a document (`log --format csv|xlsx`).
log-report-ledger = 预警台账
log-report-title = { $unit }预警台账
log-report-subtitle = { $year }年度，时间为 { $zone }
log-report-file-stem = 预警台账-{ $year }
log-report-col-date = 日期
log-report-col-recorded = 记录时间
log-report-col-recipients = 收件人
log-report-col-kinds = 邮件类型
log-report-col-subject = 主题
log-report-col-code = 项目编码
log-report-col-name = 项目名称
log-report-col-item-kind = 内容类型
log-report-col-level = 级别
log-report-col-figures = 发送时数据
log-report-col-outcome = 投递结果
log-report-col-sent-at = 发送时间
log-report-col-exemption = 情况说明
