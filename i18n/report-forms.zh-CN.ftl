# Reports, Chinese: the forms the office files: mid-year monitoring (绩效运行监控), the year-end self-evaluation (绩效自评) and its scoring notes.
# Keys start with `form-`; every key here must also be in the other
# language's file (a test checks). Arguments are passed as text.

# Shared by both forms: the subtitle, the months monitored, list joints.
form-subtitle = { $unit }（{ $code }） · { $year }年1月1日至{ $through } · 生成于{ $made }
form-period = 1–{ $month }月
form-list-separator = 、
form-analysis-separator = ；
form-unreported = 未填报
form-gap-behind = 落后计划{ $points }个百分点
form-gap-ahead = 超前计划{ $points }个百分点

# Column headers.
form-col-rank = 排序
form-col-number = 序号
form-col-project-code = 项目编码
form-col-project-name = 项目名称
form-col-owner = 负责人
form-col-project-owner = 项目负责人
form-col-department = 主管部门
form-col-unit = 实施单位
form-col-initial-budget = 年初预算数（元）
form-col-full-year-budget = 全年预算数（元）
form-col-full-year-paid = 全年执行数（元）
form-col-initial-budget-wan = 年初预算数（万元）
form-col-full-year-budget-wan = 全年预算数（万元）
form-col-full-year-paid-wan = 全年执行数（万元）
form-col-carry-over = 结转结余（元）
form-col-execution-rate = 执行率
form-col-planned-progress = 计划进度
form-col-time-progress = 序时进度
form-col-gap = 差距（百分点）
form-col-warning-level = 预警等级
form-col-deviating-indicators = 偏离指标数
form-col-type = 类型
form-col-item = 内容
form-col-annual-target = 年度目标
form-col-current = 当前情况
form-col-likelihood = 完成可能性
form-col-reason-category = 偏差原因类别
form-col-reason = 偏差原因
form-col-action = 纠偏措施
form-col-forecast = 预计全年执行数（元）
form-col-forecast-balance = 预计结转结余（元）
form-col-forecast-basis = 预计依据
form-col-level1 = 一级指标
form-col-level2 = 二级指标
form-col-level3 = 三级指标
form-col-annual-value = 年度指标值
form-col-expected-value = 预计全年完成值
form-col-deviates = 是否偏离
form-col-actual-value = 实际完成值
form-col-points = 分值
form-col-score = 得分
form-col-analysis = 偏差原因分析及改进措施
form-col-scoring-note = 评分说明
form-col-execution-score = 预算执行得分
form-col-output-score = 产出得分
form-col-benefit-score = 效益得分
form-col-satisfaction-score = 满意度得分
form-col-total-score = 总分
form-col-grade = 等级
form-col-checkpoints-met = 节点达标
form-col-overspent = 超支金额（元）
form-col-unreported = 未填报指标
form-col-funds-item = 项目
form-col-expected-goal = 预期目标
form-col-achieved-goal = 实际完成情况

# Mid-year performance monitoring (绩效运行监控).
form-mon-title = { $year }年{ $period }项目绩效运行监控报告
form-mon-file-stem = 绩效运行监控-{ $year }-{ $month }
form-mon-summary-title = 部门汇总：偏离情况与执行排序
form-mon-ranking-title = 项目执行偏差排序（按落后计划的百分点，由多到少）
form-mon-deviations-title = 偏离情况汇总
form-mon-funds-title = 预算执行情况
form-mon-indicators-title = 绩效指标完成情况
form-mon-paid-header = { $period }执行数（元）
form-mon-midyear-header = { $period }完成值
form-mon-kind-funds = 预算执行
form-mon-kind-indicator = 绩效指标
form-mon-execution-of-period = { $period }执行率
form-mon-planned = 计划进度{ $planned }
form-mon-overspent = 执行率{ $rate }，超出预算{ $amount }元
form-mon-execution-gap = 执行率{ $rate }，{ $gap }
form-mon-deviates = 偏离
form-mon-forecast-owner = 负责人预计
form-mon-forecast-plan = 按支出计划
form-mon-note-totals = { $year }年{ $period }：{ $count }个项目，全年预算{ $budget }元（{ $wan }万元），{ $period }执行{ $paid }元，执行率{ $rate }，序时进度{ $time }。
form-mon-note-deviations = 偏离：{ $funds }个项目预算执行落后计划{ $points }个百分点以上或超预算，{ $indicators }项绩效指标完成可能性为“有可能”或“完全不可能”。
form-mon-note-unreported = 有{ $count }项指标未填报{ $period }完成值。
form-mon-note-project = 负责人：{ $owner }　{ $period }执行率{ $rate }，计划进度{ $planned }，{ $gap }。

# Year-end self-evaluation (绩效自评).
form-ye-title = { $year }年度项目支出绩效自评报告
form-ye-file-stem = 年度绩效自评-{ $year }
form-ye-summary-title = { $year }年度项目绩效自评汇总
form-ye-total-average = 部门合计 / 平均
form-ye-note-totals = { $year }年共{ $count }个项目，全年预算{ $budget }元（{ $wan }万元），全年执行{ $paid }元，执行率{ $rate }。
form-ye-note-grades = 自评等级：优{ $excellent }个、良{ $good }个、中{ $pass }个、差{ $poor }个；平均{ $average }分。
form-ye-note-rules = 评分：预算执行{ $execution }分、产出{ $output }分、效益{ $benefit }分、满意度{ $satisfaction }分，项目未设指标分值时各一级指标分值在其指标间平均分配；等级：优≥{ $excellent }，良≥{ $good }，中≥{ $pass }，差<{ $pass }。
form-ye-note-unreported = 有{ $count }项指标未填报实际完成值，按0分计，请负责人补报后重新生成。
form-ye-note-overspent = 超预算支出项目：{ $projects }。
form-ye-note-carry-over = 结转结余合计{ $amount }元（{ $wan }万元）。
form-ye-form-title = 项目支出绩效自评表
form-ye-funds-title = 资金情况（万元）
form-ye-funds-total = 年度资金总额
form-ye-funds-fiscal = 其中：当年财政拨款
form-ye-funds-carryover = 上年结转资金
form-ye-funds-other = 其他资金
form-ye-goal-title = 年度总体目标
form-ye-goal-achieved = 全年执行{ $paid }万元（全年预算{ $budget }万元），执行率{ $rate }；{ $count }项绩效指标中{ $met }项达到年度指标值。
form-ye-indicators-title = 绩效指标
form-ye-from-ledger = { $value }（取自账务数据）
form-ye-analysis-category = 类别：{ $text }
form-ye-analysis-reason = 原因：{ $text }
form-ye-analysis-action = 措施：{ $text }
form-ye-analysis-missing = 未达目标，负责人未填写偏差原因及改进措施
form-ye-irregular = 指标设置不规范（{ $why }）
form-ye-irregular-and = 指标设置不规范（{ $why }）；{ $note }
form-ye-total-with-execution = 总分（含预算执行）
form-ye-grade-cell = 等级：{ $grade }
form-ye-result-title = 自评结果
form-ye-note-project = 负责人：{ $owner }　总分{ $total }，等级{ $grade }。
form-ye-note-project-overspent = 超预算：全年执行数超出预算{ $amount }元，属异常，请说明原因。
form-ye-note-project-unreported = { $count }项指标未填报实际完成值，按0分计。
form-ye-note-unassigned = 无{ $category }指标，{ $points }分未能分配。
form-ye-note-irregular = { $count }项指标设置不规范（见评分说明），按设定规则计分，请在下年度目标中修正。

# The scoring: grades, categories and why an indicator scored what it did.
form-grade-excellent = 优
form-grade-good = 良
form-grade-pass = 中
form-grade-poor = 差
form-category-output = 产出
form-category-benefit = 效益
form-category-satisfaction = 满意度
form-category-other = 其他
form-note-unreported = 未填报实际完成值，按0分计
form-note-partly = 部分达成
form-note-not-achieved = 未达成
form-note-needs-grade-word = 定性指标请填写 达成 / 部分达成 / 未达成，无法评分，按0分计
form-note-not-a-number = 实际完成值不是数值，无法与指标值比较，按0分计
form-note-above-target = 超出目标值，按(1-(实际-目标)/目标)×分值计
form-note-far-above-target = 超出目标值一倍及以上，按0分计
form-note-below-target = 未达目标值，按实际/目标×分值计
form-note-below-zero-target = 未达目标值，按0分计

# Budget adjustments as the forms list them (the document number and the
# reason are data).
form-adjustment = 预算调整：{ $date } { $kind }{ $amount }元（{ $document }）{ $reason }
form-adjustment-increase = 追加
form-adjustment-reduction = 调减
form-adjustment-no-document = 无文号
