//! The monthly progress report (月度预算执行进度): every project at the end of
//! the month, projects behind listed first so the notice writes itself, the
//! department total, and each project's checkpoint history with its chart.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{summary_section, Cell, Document, Section, SheetNames, Table};
use crate::base::i18n::Lang;
use crate::base::money::Fen;
use crate::ledger::DailyTotal;
use crate::model::{Config, Project};
use crate::progress::{Progress, ProjectStatus, Status};

/// Past this many projects only the most behind get a sheet of their own
/// (the summary still lists every project, most behind first): a
/// province's 100,000 project sheets took 114 s and 6.8 GB to write, a
/// workbook no one opens.
const MAX_PROJECT_SHEETS: usize = 300;

/// Builds the report for the month ending at `progress.as_of`.
pub fn build(
    config: &Config,
    progress: &Progress,
    daily: &[DailyTotal],
    made: NaiveDate,
    lang: Lang,
) -> Document {
    let as_of = progress.as_of;
    let period = as_of.format("%Y-%m").to_string();
    let mut order: Vec<&ProjectStatus> = progress.projects.iter().collect();
    // Behind first: overspent, red, yellow, nothing paid, on track; within a
    // status the largest gap first.
    order.sort_by_key(|s| (s.status, s.gap_points));

    let mut summary = Table::new(
        format!("各项目预算执行进度（截至{as_of}）"),
        &[
            "序号",
            "项目编码",
            "项目名称",
            "负责人",
            "预算数（元）",
            "累计支出（元）",
            "执行率",
            "计划进度",
            "序时进度",
            "偏差（百分点）",
            "状态",
            "下一节点",
            "节点前尚需支出（元）",
        ],
    );
    for (k, s) in order.iter().enumerate() {
        let p = &config.projects[s.index];
        if s.status != Status::OnTrack {
            summary.highlight.push(k);
        }
        let mut row = super::standing_cells(lang, k, p, s);
        row.extend([
            s.next
                .as_ref()
                .map(|n| Cell::text(n.date.to_string()))
                .unwrap_or(Cell::Empty),
            s.next
                .as_ref()
                .map(|n| Cell::Yuan(n.amount_needed))
                .unwrap_or(Cell::Empty),
        ]);
        summary.rows.push(row);
    }
    let (budget, paid) = (progress.total_budget(), progress.total_paid());
    let expected = weighted_expected(progress);
    let execution = crate::base::percent::percent_of(paid, budget);
    let time_pct = progress
        .projects
        .first()
        .map(|p| p.time_progress_pct)
        .unwrap_or(Decimal::ZERO);
    let mut total = super::total_cells(lang, progress);
    total.extend([
        Cell::Percent(time_pct),
        Cell::Number(execution - expected),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]);
    summary.total = Some(total);
    let count = |st: Status| progress.projects.iter().filter(|p| p.status == st).count();
    let t = &config.settings.thresholds;
    let mut notes = vec![
        format!(
            "截至{as_of}，共{}个项目，预算{}元（{}万元），累计支出{}元，执行率{}。",
            progress.projects.len(),
            budget.grouped(),
            budget.wan(),
            paid.grouped(),
            Cell::Percent(execution).display()
        ),
        format!(
            "其中红色预警{}个、黄色预警{}个、超预算{}个、略低于计划{}个，按落后程度排在前面（未有支出而计划已要求支出的项目计为红色预警）。",
            count(Status::Red),
            count(Status::Yellow),
            count(Status::Overspent),
            count(Status::Behind)
        ),
        format!(
            "偏差 = 执行率 − 计划进度（支出计划曲线在该日的值）；落后不足{}个百分点为略低于计划，{}个百分点及以上为黄色预警，{}个百分点及以上为红色预警。",
            t.yellow_gap_points, t.yellow_gap_points, t.red_gap_points
        ),
    ];
    if order.len() > MAX_PROJECT_SHEETS {
        notes.push(format!(
            "项目较多：逐项目明细页只列落后最多的{MAX_PROJECT_SHEETS}个项目，其余{}个项目见本汇总表。",
            order.len() - MAX_PROJECT_SHEETS
        ));
    }
    let mut sheets = SheetNames::new("汇总");
    let mut sections = vec![summary_section(
        lang, config, daily, notes, summary, budget, as_of,
    )];
    for s in order.iter().take(MAX_PROJECT_SHEETS) {
        let p = &config.projects[s.index];
        let sheet = sheets.take(&format!("{:02} {}", s.index + 1, p.name));
        sections.push(project_section(lang, p, s, daily, sheet, as_of));
    }
    Document {
        title: format!(
            "{}年{}月预算执行进度报告",
            as_of.format("%Y"),
            as_of.format("%-m")
        ),
        subtitle: format!(
            "{}（{}） · 截至{as_of} · 生成于{made}",
            config.department.unit_name, config.department.unit_code
        ),
        file_stem: format!("月度执行进度-{period}"),
        sections,
        lang,
    }
}

/// One project's sheet: figures, checkpoint history, chart.
pub(crate) fn project_section(
    lang: Lang,
    p: &Project,
    s: &ProjectStatus,
    daily: &[DailyTotal],
    sheet: String,
    as_of: NaiveDate,
) -> Section {
    let mut figures = Table::new("执行情况", &["项目", "数值"]);
    let row = |k: &str, v: Cell| vec![Cell::text(k), v];
    figures.rows = vec![
        row("预算数（元）", Cell::Yuan(s.budget)),
        row("累计支出（元）", Cell::Yuan(s.paid)),
        row("支出笔数", Cell::Int(s.payments as i64)),
        row("执行率", Cell::Percent(s.execution_pct)),
        row("计划进度", Cell::Percent(s.expected_pct)),
        row("序时进度", Cell::Percent(s.time_progress_pct)),
        row("偏差（百分点）", Cell::Number(s.gap_points)),
        row("状态", Cell::text(s.status.label())),
        row(
            "最近支出日期",
            s.last_payment
                .map(|d| Cell::text(d.to_string()))
                .unwrap_or(Cell::Empty),
        ),
        row("近30天支出（元）", Cell::Yuan(s.paid_last_30_days)),
    ];
    if let Some(n) = &s.next {
        figures
            .rows
            .push(row("下一节点", Cell::text(n.date.to_string())));
        figures
            .rows
            .push(row("下一节点计划进度", Cell::Percent(n.planned_pct)));
        figures
            .rows
            .push(row("节点前尚需支出（元）", Cell::Yuan(n.amount_needed)));
        figures.rows.push(row("距节点天数", Cell::Int(n.days_left)));
    }
    let mut notes = vec![format!("负责人：{}", owner(lang, p))];
    if s.status == Status::Overspent {
        notes.push(format!(
            "超预算：累计支出超出预算{}元，请核实。",
            (s.paid - s.budget).grouped()
        ));
    }
    super::project_sheet(
        lang,
        sheet,
        p,
        s,
        notes,
        vec![figures, checkpoint_table(lang, p, s)],
        daily,
        as_of,
    )
}

/// Every checkpoint of the plan: passed ones with paid, execution and
/// whether the plan was met (by how many points), later ones as 未到期.
pub fn checkpoint_table(lang: Lang, p: &Project, s: &ProjectStatus) -> Table {
    let mut t = Table::new(
        "支出计划节点记录",
        &[
            "节点日期",
            "计划累计进度",
            "计划累计支出（元）",
            "实际累计支出（元）",
            "执行率",
            "偏差（百分点）",
            "结果",
        ],
    );
    for cp in &p.plan.checkpoints {
        // The plan amount at a checkpoint is a share of the budget in force
        // on that day.
        let planned = Fen((Decimal::from(p.budget_on(cp.date).0) * cp.percent
            / Decimal::from(100))
        .round()
        .try_into()
        .unwrap_or(0i64));
        match s.checkpoints.iter().find(|c| c.date == cp.date) {
            Some(c) => {
                if !c.met() {
                    t.highlight.push(t.rows.len());
                }
                let verdict = if c.met() {
                    format!(
                        "达标（超出{}个百分点）",
                        Cell::Number(c.gap_points).display()
                    )
                } else {
                    format!(
                        "未达标（落后{}个百分点）",
                        Cell::Number(-c.gap_points).display()
                    )
                };
                t.rows.push(vec![
                    Cell::text(c.date.to_string()),
                    Cell::Percent(c.planned_pct),
                    Cell::Yuan(planned),
                    Cell::Yuan(c.paid),
                    Cell::Percent(c.execution_pct),
                    Cell::Number(c.gap_points),
                    Cell::text(verdict),
                ]);
            }
            None => t.rows.push(vec![
                Cell::text(cp.date.to_string()),
                Cell::Percent(cp.percent),
                Cell::Yuan(planned),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::text("未到期"),
            ]),
        }
    }
    t
}

/// Budget-weighted expected progress of the department.
pub fn weighted_expected(progress: &Progress) -> Decimal {
    let budget = progress.total_budget();
    if budget.0 == 0 {
        return Decimal::ZERO;
    }
    progress
        .projects
        .iter()
        .map(|p| p.expected_pct * Decimal::from(p.budget.0))
        .sum::<Decimal>()
        / Decimal::from(budget.0)
}

/// The owner's name, or 未指定 (not assigned).
pub fn owner(lang: Lang, p: &Project) -> String {
    p.owner
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_else(|| super::word(lang, "report-owner-unassigned"))
}
