//! The mid-year performance monitoring report (绩效运行监控, "双监控"): budget
//! execution and performance targets looked at together, as 财预〔2019〕136号
//! and the provincial rules modelled on it ask offices to report in July or
//! August for 1–6月 or 1–7月. Per project a funds block (年初 / 全年预算数,
//! 1–X月执行数, 执行率 against 序时进度 and the plan, the year's forecast and
//! the balance it would leave) and one row per 三级指标 with the owner's
//! mid-year value, likelihood, expected year-end value and deviation reason;
//! rows that deviate are gathered in a department summary that also ranks
//! the projects by how far behind plan they are.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::monthly::owner;
use super::{summary_section, Cell, Document, Section, SheetNames, Table};
use crate::actuals::Actuals;
use crate::base::i18n::Lang;
use crate::base::money::Fen;
use crate::ledger::DailyTotal;
use crate::model::{Config, Project};
use crate::progress::{Progress, ProjectStatus};

/// Whether an indicator's row deviates: the owner judges completion only
/// possible or impossible.
fn indicator_deviates(likelihood: &str) -> bool {
    matches!(likelihood.trim(), "有可能" | "完全不可能")
}

/// Whether a project's funds deviate: behind its plan by at least the yellow
/// gap (or overspent, which is an anomaly of its own).
fn funds_deviate(config: &Config, s: &ProjectStatus) -> bool {
    -s.gap_points >= config.settings.thresholds.yellow_gap_points || s.paid > s.budget
}

/// The year's expected spending: the owner's 预计全年完成值 of a 预算执行率 /
/// 资金拨付率 indicator when given (a percent of the budget in force),
/// otherwise the plan (its last checkpoint's share of the budget). The
/// second value names the source.
fn forecast(p: &Project, s: &ProjectStatus, actuals: &Actuals) -> (Fen, &'static str) {
    for (k, ind) in p.indicators.iter().enumerate() {
        let t: String = ind.level3.chars().filter(|c| !c.is_whitespace()).collect();
        if !(t.contains("执行率") || t.contains("拨付率")) {
            continue;
        }
        let Some(a) = actuals.get(s.index, k) else {
            continue;
        };
        let digits: String = a
            .expected
            .chars()
            .map(crate::base::text::halfwidth)
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if let Ok(pct) = digits.parse::<Decimal>() {
            if !a.expected.trim().is_empty() {
                return (share(s.budget, pct), "负责人预计");
            }
        }
    }
    let last = p
        .plan
        .checkpoints
        .last()
        .map(|c| c.percent)
        .unwrap_or(Decimal::from(100));
    (share(s.budget, last), "按支出计划")
}

/// `pct` percent of `budget`, rounded to the fen.
fn share(budget: Fen, pct: Decimal) -> Fen {
    use rust_decimal::prelude::ToPrimitive;
    Fen((Decimal::from(budget.0) * pct / Decimal::from(100))
        .round()
        .to_i64()
        .unwrap_or(0))
}

/// Builds the report from the progress at the last day of the month
/// monitored and the owners' sheet.
pub fn build(
    config: &Config,
    progress: &Progress,
    daily: &[DailyTotal],
    actuals: &Actuals,
    made: NaiveDate,
    lang: Lang,
) -> Document {
    let year = config.settings.fiscal_year;
    let through = progress.as_of;
    let month = through.month();
    let period = format!("1–{month}月");
    let exec_header = format!("{period}执行数（元）");

    // Projects ranked by gap: the furthest behind first.
    let mut ranked: Vec<&ProjectStatus> = progress.projects.iter().collect();
    ranked.sort_by(|a, b| a.gap_points.cmp(&b.gap_points).then(a.index.cmp(&b.index)));
    let mut ranking = Table::new(
        "项目执行偏差排序（按落后计划的百分点，由多到少）",
        &[
            "排序",
            "项目编码",
            "项目名称",
            "负责人",
            "全年预算数（元）",
            exec_header.as_str(),
            "执行率",
            "计划进度",
            "序时进度",
            "差距（百分点）",
            "预警等级",
            "偏离指标数",
        ],
    );
    let deviating_indicators = |s: &ProjectStatus| {
        (0..config.projects[s.index].indicators.len())
            .filter(|&k| {
                actuals
                    .get(s.index, k)
                    .is_some_and(|a| indicator_deviates(&a.likelihood))
            })
            .count()
    };
    for (k, s) in ranked.iter().enumerate() {
        let p = &config.projects[s.index];
        if funds_deviate(config, s) {
            ranking.highlight.push(k);
        }
        let mut row = super::standing_cells(lang, k, p, s);
        row.push(Cell::Int(deviating_indicators(s) as i64));
        ranking.rows.push(row);
    }
    let (budget, paid) = (progress.total_budget(), progress.total_paid());
    let mut total = super::total_cells(lang, progress);
    total.extend([
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Int(
            progress
                .projects
                .iter()
                .map(|s| deviating_indicators(s) as i64)
                .sum(),
        ),
    ]);
    ranking.total = Some(total);

    // Every deviation, funds and indicators, in one list.
    let mut deviations = Table::new(
        "偏离情况汇总",
        &[
            "项目名称",
            "类型",
            "内容",
            "年度目标",
            "当前情况",
            "完成可能性",
            "偏差原因类别",
            "偏差原因",
            "纠偏措施",
        ],
    );
    let mut funds_behind = 0usize;
    let mut indicators_off = 0usize;
    for s in &progress.projects {
        let p = &config.projects[s.index];
        if funds_deviate(config, s) {
            funds_behind += 1;
            deviations.rows.push(vec![
                Cell::text(&p.name),
                Cell::text("预算执行"),
                Cell::text(format!("{period}执行率")),
                Cell::text(format!(
                    "计划进度{}",
                    Cell::Percent(s.expected_pct).display()
                )),
                Cell::text(if s.paid > s.budget {
                    format!(
                        "执行率{}，超出预算{}元",
                        Cell::Percent(s.execution_pct).display(),
                        (s.paid - s.budget).grouped()
                    )
                } else {
                    format!(
                        "执行率{}，{}",
                        Cell::Percent(s.execution_pct).display(),
                        gap_words(s.gap_points)
                    )
                }),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
        for (k, ind) in p.indicators.iter().enumerate() {
            let Some(a) = actuals.get(s.index, k) else {
                continue;
            };
            if !indicator_deviates(&a.likelihood) {
                continue;
            }
            indicators_off += 1;
            deviations.rows.push(vec![
                Cell::text(&p.name),
                Cell::text("绩效指标"),
                Cell::text(&ind.level3),
                Cell::text(&ind.value),
                Cell::text(&a.midyear),
                Cell::text(&a.likelihood),
                Cell::text(&a.reason_category),
                Cell::text(&a.reason),
                Cell::text(&a.action),
            ]);
        }
    }
    deviations.highlight = (0..deviations.rows.len()).collect();

    let unreported: usize = progress
        .projects
        .iter()
        .map(|s| {
            (0..config.projects[s.index].indicators.len())
                .filter(|&k| {
                    actuals
                        .get(s.index, k)
                        .is_none_or(|a| a.midyear.trim().is_empty())
                })
                .count()
        })
        .sum();
    let mut notes = vec![
        format!(
            "{year}年{period}：{}个项目，全年预算{}元（{}万元），{period}执行{}元，执行率{}，序时进度{}。",
            progress.projects.len(),
            budget.grouped(),
            budget.wan(),
            paid.grouped(),
            Cell::Percent(crate::base::percent::percent_of(paid, budget)).display(),
            Cell::Percent(crate::model::plan::time_progress_percent(through)).display(),
        ),
        format!(
            "偏离：{funds_behind}个项目预算执行落后计划{}个百分点以上或超预算，{indicators_off}项绩效指标完成可能性为“有可能”或“完全不可能”。",
            config.settings.thresholds.yellow_gap_points
        ),
    ];
    if unreported > 0 {
        notes.push(format!("有{unreported}项指标未填报{period}完成值。"));
    }
    let mut summary = summary_section(lang, config, daily, notes, ranking, budget, through);
    summary.title = "部门汇总：偏离情况与执行排序".into();
    summary.tables.push(deviations);

    let mut sheets = SheetNames::new("汇总");
    let mut sections = vec![summary];
    for s in &progress.projects {
        let p = &config.projects[s.index];
        let sheet = sheets.take(&format!("{:02} {}", s.index + 1, p.name));
        sections.push(project_section(
            lang, config, p, s, actuals, daily, sheet, &period, through,
        ));
    }
    Document {
        title: format!("{year}年{period}项目绩效运行监控报告"),
        subtitle: format!(
            "{}（{}） · {year}年1月1日至{through} · 生成于{made}",
            config.department.unit_name, config.department.unit_code
        ),
        file_stem: format!("绩效运行监控-{year}-{month:02}"),
        sections,
        lang,
    }
}

/// "落后 N 个百分点" / "超前 N 个百分点" (domain.md's words).
fn gap_words(gap: Decimal) -> String {
    if gap < Decimal::ZERO {
        format!("落后计划{}个百分点", Cell::Number(-gap).display())
    } else {
        format!("超前计划{}个百分点", Cell::Number(gap).display())
    }
}

#[allow(clippy::too_many_arguments)]
fn project_section(
    lang: Lang,
    config: &Config,
    p: &Project,
    s: &ProjectStatus,
    actuals: &Actuals,
    daily: &[DailyTotal],
    sheet: String,
    period: &str,
    as_of: NaiveDate,
) -> Section {
    let exec_header = format!("{period}执行数（元）");
    let mut funds = Table::new(
        "预算执行情况",
        &[
            "年初预算数（元）",
            "全年预算数（元）",
            exec_header.as_str(),
            "执行率",
            "序时进度",
            "计划进度",
            "差距（百分点）",
            "预警等级",
            "预计全年执行数（元）",
            "预计结转结余（元）",
            "预计依据",
        ],
    );
    let (expected, source) = forecast(p, s, actuals);
    if funds_deviate(config, s) {
        funds.highlight.push(0);
    }
    funds.rows.push(vec![
        Cell::Yuan(s.initial_budget),
        Cell::Yuan(s.budget),
        Cell::Yuan(s.paid),
        Cell::Percent(s.execution_pct),
        Cell::Percent(s.time_progress_pct),
        Cell::Percent(s.expected_pct),
        Cell::Number(s.gap_points),
        Cell::text(s.status.label()),
        Cell::Yuan(expected),
        Cell::Yuan(Fen((s.budget.0 - expected.0).max(0))),
        Cell::text(source),
    ]);
    let mid_header = format!("{period}完成值");
    let mut table = Table::new(
        "绩效指标完成情况",
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            mid_header.as_str(),
            "完成可能性",
            "预计全年完成值",
            "偏差原因类别",
            "偏差原因",
            "纠偏措施",
            "是否偏离",
        ],
    );
    for (k, ind) in p.indicators.iter().enumerate() {
        let a = actuals.get(s.index, k);
        let field = |f: &dyn Fn(&crate::actuals::Actual) -> String| a.map(f).unwrap_or_default();
        let mid = field(&|a| a.midyear.clone());
        let likelihood = field(&|a| a.likelihood.clone());
        let deviates = indicator_deviates(&likelihood);
        if deviates {
            table.highlight.push(k);
        }
        table.rows.push(vec![
            Cell::text(&ind.level1),
            Cell::text(&ind.level2),
            Cell::text(&ind.level3),
            Cell::text(&ind.value),
            Cell::text(if mid.is_empty() {
                "未填报".into()
            } else {
                mid
            }),
            Cell::text(likelihood),
            Cell::text(field(&|a| a.expected.clone())),
            Cell::text(field(&|a| a.reason_category.clone())),
            Cell::text(field(&|a| a.reason.clone())),
            Cell::text(field(&|a| a.action.clone())),
            Cell::text(if deviates { "偏离" } else { "" }),
        ]);
    }
    let mut notes = vec![format!(
        "负责人：{}　{period}执行率{}，计划进度{}，{}。",
        owner(lang, p),
        Cell::Percent(s.execution_pct).display(),
        Cell::Percent(s.expected_pct).display(),
        gap_words(s.gap_points)
    )];
    for a in p.adjustments.iter().filter(|a| a.date <= as_of) {
        notes.push(a.describe());
    }
    super::project_sheet(lang, sheet, p, s, notes, vec![funds, table], daily, as_of)
}
