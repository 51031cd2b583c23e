# Reports, Chinese: the monthly progress report (月度执行进度).
# Keys start with `monthly-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# The report's title, subtitle and file name ($month is the month's
# number in Chinese, its name in English).
monthly-title = { $year }年{ $month }月预算执行进度报告
monthly-subtitle = { $unit }（{ $code }） · 截至{ $date } · 生成于{ $made }
monthly-file-stem = 月度执行进度-{ $period }

# The summary table and its notes.
monthly-summary-table = 各项目预算执行进度（截至{ $date }）
monthly-col-rank = 序号
monthly-col-code = 项目编码
monthly-col-name = 项目名称
monthly-col-owner = 负责人
monthly-col-budget = 预算数（元）
monthly-col-paid = 累计支出（元）
monthly-col-execution = 执行率
monthly-col-planned = 计划进度
monthly-col-time = 序时进度
monthly-col-gap = 偏差（百分点）
monthly-col-status = 状态
monthly-col-next = 下一节点
monthly-col-needed = 节点前尚需支出（元）
monthly-note-totals = 截至{ $date }，共{ $count }个项目，预算{ $budget }元（{ $wan }万元），累计支出{ $paid }元，执行率{ $execution }。
monthly-note-levels = 其中红色预警{ $red }个、黄色预警{ $yellow }个、超预算{ $overspent }个、略低于计划{ $behind }个，按落后程度排在前面（未有支出而计划已要求支出的项目计为红色预警）。
monthly-note-gap = 偏差 = 执行率 − 计划进度（支出计划曲线在该日的值）；落后不足{ $yellow }个百分点为略低于计划，{ $yellow }个百分点及以上为黄色预警，{ $red }个百分点及以上为红色预警。
monthly-note-capped = 项目较多：逐项目明细页只列落后最多的{ $shown }个项目，其余{ $rest }个项目见本汇总表。

# A project's sheet: its figures and notes.
monthly-figures-title = 执行情况
monthly-col-item = 项目
monthly-col-value = 数值
monthly-payments = 支出笔数
monthly-last-payment = 最近支出日期
monthly-paid-30-days = 近30天支出（元）
monthly-next-planned = 下一节点计划进度
monthly-days-left = 距节点天数
monthly-owner-note = 负责人：{ $owner }
monthly-overspent-note = 超预算：累计支出超出预算{ $excess }元，请核实。

# The checkpoint record (also in the year-end report).
monthly-checkpoints-title = 支出计划节点记录
monthly-cp-date = 节点日期
monthly-cp-planned = 计划累计进度
monthly-cp-planned-amount = 计划累计支出（元）
monthly-cp-paid = 实际累计支出（元）
monthly-cp-result = 结果
monthly-cp-met = 达标（超出{ $points }个百分点）
monthly-cp-missed = 未达标（落后{ $points }个百分点）
monthly-cp-not-due = 未到期
