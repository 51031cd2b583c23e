# Reports, English: the notification log as a page or workbook (log --format html/xlsx).
# Keys start with `log-report-` (the terminal catalogue has `log-` keys); every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The log as text (`log`): the messages (the 预警台账), then every
# alert's history. An argument ending in `_part` is a piece the code puts
# in only when there is one.
log-report-heading = Warning ledger (times in { $zone })
log-report-message = { $date } recorded at { $recorded }, { $kinds }: { $subject } → { $recipients } ({ $outcome })
log-report-item = { $code } { $name } [{ $level }] { $figures }{ $exemption_part }
log-report-exemption = { " " }({ $exemption })
log-report-list-separator = { ", " }
log-report-sent-at = sent at { $time }
log-report-sent = sent
log-report-queued = queued (will retry)
log-report-failed = sending failed
log-report-status-error = { $status }: { $error }
log-report-alerts = Alert history
log-report-alert = { $code } { $name } { $kind } ({ $reason }): { $level }, { $state }, opened { $opened }
log-report-reason-budget = budget
log-report-reason-checkpoint = checkpoint { $date }
log-report-alert-checkpoint = Checkpoint warning
log-report-alert-early = Progress reminder
log-report-alert-overspend = Over-budget warning
log-report-state-open = open
log-report-state-resolved = resolved
log-report-state-closed = closed
log-report-event-level = { " " }({ $level })
log-report-event-detail = : { $detail }
log-report-event-message = , email { $id } to { $recipients }: { $outcome }
log-report-event-recorded = [recorded at { $time }]
log-report-event-opened = opened
log-report-event-reopened = reopened
log-report-event-notified = notified
log-report-event-repeated = reminded again
log-report-event-worsened = worsened
log-report-event-resolved = resolved
log-report-event-superseded = closed, superseded by a later checkpoint
log-report-event-exempt = not sent while an explanation is in force
log-report-event-exemption-ended = explanation expired, judged afresh
log-report-event-unaddressed = no one to notify
log-report-event-escalated = department head informed

# The 预警台账 as a document (`log --format csv|xlsx`).
log-report-ledger = Warning ledger
log-report-title = { $unit }: warning ledger
log-report-subtitle = Fiscal year { $year }, times in { $zone }
log-report-file-stem = warning-ledger-{ $year }
log-report-col-date = Date
log-report-col-recorded = Recorded at
log-report-col-recipients = Recipients
log-report-col-kinds = Email type
log-report-col-subject = Subject
log-report-col-code = Project code
log-report-col-name = Project name
log-report-col-item-kind = Item type
log-report-col-level = Level
log-report-col-figures = Figures as sent
log-report-col-outcome = Delivery
log-report-col-sent-at = Sent at
log-report-col-exemption = Explanation
