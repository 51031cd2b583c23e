//! The year-end self-evaluation (年度绩效自评): per project the form a bureau
//! expects (funds block, indicator table with weights and scores, grade),
//! the checkpoint record and any overspending, then a department summary.
//! Scoring is `crate::evaluation`'s; this module only lays it out.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::monthly::{checkpoint_table, owner};
use super::{chart, sheet_name, summary_section, Cell, Document, Section, Table};
use crate::actuals::Actuals;
use crate::base::money::Fen;
use crate::evaluation::{evaluate, Category, Outcome, ProjectEvaluation};
use crate::ledger::DailyTotal;
use crate::model::{Config, Project};
use crate::progress::{cumulative_series, Progress, ProjectStatus, Status};

/// Builds the report from the progress at 31 December and the reported
/// actual values.
pub fn build(
    config: &Config,
    progress: &Progress,
    daily: &[DailyTotal],
    actuals: &Actuals,
    made: NaiveDate,
) -> Document {
    let year = config.settings.fiscal_year;
    let es = &config.settings.evaluation;
    let evals: Vec<ProjectEvaluation> = progress
        .projects
        .iter()
        .map(|s| {
            let p = &config.projects[s.index];
            let values: Vec<Option<&str>> = (0..p.indicators.len())
                .map(|i| actuals.get(s.index, i).map(|a| a.value.as_str()))
                .collect();
            evaluate(p, s.paid, &values, es)
        })
        .collect();

    let mut summary = Table::new(
        format!("{year}年度项目绩效自评汇总"),
        &[
            "序号",
            "项目编码",
            "项目名称",
            "负责人",
            "全年预算数（元）",
            "全年执行数（元）",
            "执行率",
            "预算执行得分",
            "产出得分",
            "效益得分",
            "满意度得分",
            "总分",
            "等级",
            "节点达标",
            "超支金额（元）",
            "未填报指标",
        ],
    );
    for (k, (s, e)) in progress.projects.iter().zip(&evals).enumerate() {
        let p = &config.projects[s.index];
        let met = s.checkpoints.iter().filter(|c| c.met()).count();
        if e.total < es.pass_from || s.status == Status::Overspent || e.unreported() > 0 {
            summary.highlight.push(k);
        }
        summary.rows.push(vec![
            Cell::Int(k as i64 + 1),
            Cell::text(&p.code),
            Cell::text(&p.name),
            Cell::text(owner(p)),
            Cell::Yuan(p.budget),
            Cell::Yuan(s.paid),
            Cell::Percent(e.execution_pct),
            Cell::Number(e.execution_score),
            Cell::Number(e.category_score(p, Category::Output)),
            Cell::Number(e.category_score(p, Category::Benefit)),
            Cell::Number(e.category_score(p, Category::Satisfaction)),
            Cell::Number(e.total),
            Cell::text(e.grade),
            Cell::text(format!("{met}/{}", p.plan.checkpoints.len())),
            Cell::Yuan(overspent(s)),
            Cell::Int(e.unreported() as i64),
        ]);
    }
    let (budget, paid) = (progress.total_budget(), progress.total_paid());
    let n = Decimal::from(evals.len().max(1) as u64);
    let avg = |f: &dyn Fn(&ProjectEvaluation, &Project) -> Decimal| {
        evals
            .iter()
            .zip(&progress.projects)
            .map(|(e, s)| f(e, &config.projects[s.index]))
            .sum::<Decimal>()
            / n
    };
    let avg_total = avg(&|e, _| e.total);
    summary.total = Some(vec![
        Cell::Empty,
        Cell::text("部门合计 / 平均"),
        Cell::text(format!("{}个项目", evals.len())),
        Cell::Empty,
        Cell::Yuan(budget),
        Cell::Yuan(paid),
        Cell::Percent(crate::base::percent::percent_of(paid, budget)),
        Cell::Number(avg(&|e, _| e.execution_score)),
        Cell::Number(avg(&|e, p| e.category_score(p, Category::Output))),
        Cell::Number(avg(&|e, p| e.category_score(p, Category::Benefit))),
        Cell::Number(avg(&|e, p| e.category_score(p, Category::Satisfaction))),
        Cell::Number(avg_total),
        Cell::text(crate::evaluation::grade(avg_total, es)),
        Cell::Empty,
        Cell::Yuan(progress.projects.iter().map(overspent).sum()),
        Cell::Int(evals.iter().map(|e| e.unreported() as i64).sum()),
    ]);
    let grades = ["优", "良", "中", "差"].map(|g| evals.iter().filter(|e| e.grade == g).count());
    let unreported: usize = evals.iter().map(ProjectEvaluation::unreported).sum();
    let over: Vec<&str> = progress
        .projects
        .iter()
        .filter(|s| s.status == Status::Overspent)
        .map(|s| s.name.as_str())
        .collect();
    let mut notes = vec![
        format!(
            "{year}年共{}个项目，全年预算{}元（{}万元），全年执行{}元，执行率{}。",
            evals.len(),
            budget.grouped(),
            budget.wan(),
            paid.grouped(),
            Cell::Percent(crate::base::percent::percent_of(paid, budget)).display()
        ),
        format!(
            "自评等级：优{}个、良{}个、中{}个、差{}个；平均{}分。",
            grades[0],
            grades[1],
            grades[2],
            grades[3],
            Cell::Number(avg_total).display()
        ),
        format!(
            "评分：预算执行{}分、产出{}分、效益{}分、满意度{}分，各一级指标分值在其指标间平均分配；等级：优≥{}，良≥{}，中≥{}，差<{}。",
            es.execution_weight,
            es.output_weight,
            es.benefit_weight,
            es.satisfaction_weight,
            es.excellent_from,
            es.good_from,
            es.pass_from,
            es.pass_from
        ),
    ];
    if unreported > 0 {
        notes.push(format!(
            "有{unreported}项指标未填报实际完成值，按0分计，请负责人补报后重新生成。"
        ));
    }
    if !over.is_empty() {
        notes.push(format!("超预算支出项目：{}。", over.join("、")));
    }
    let mut sheets = vec!["汇总".to_string()];
    let mut sections = vec![summary_section(
        config,
        daily,
        notes,
        summary,
        budget,
        progress.as_of,
    )];
    for (s, e) in progress.projects.iter().zip(&evals) {
        let p = &config.projects[s.index];
        let sheet = sheet_name(&format!("{:02} {}", s.index + 1, p.name), &sheets);
        sheets.push(sheet.clone());
        sections.push(project_section(
            config,
            p,
            s,
            e,
            actuals,
            daily,
            sheet,
            progress.as_of,
        ));
    }
    Document {
        title: format!("{year}年度项目支出绩效自评报告"),
        subtitle: format!(
            "{}（{}） · {year}年1月1日至{} · 生成于{made}",
            config.department.unit_name, config.department.unit_code, progress.as_of
        ),
        file_stem: format!("年度绩效自评-{year}"),
        sections,
    }
}

fn overspent(s: &ProjectStatus) -> Fen {
    Fen((s.paid.0 - s.budget.0).max(0))
}

#[allow(clippy::too_many_arguments)]
fn project_section(
    config: &Config,
    p: &Project,
    s: &ProjectStatus,
    e: &ProjectEvaluation,
    actuals: &Actuals,
    daily: &[DailyTotal],
    sheet: String,
    as_of: NaiveDate,
) -> Section {
    let mut funds = Table::new(
        "预算执行",
        &[
            "年初预算数（元）",
            "全年预算数（元）",
            "全年执行数（元）",
            "分值",
            "执行率",
            "得分",
        ],
    );
    // The config keeps one budget, the adjusted one: 年初 equals 全年 until
    // adjustments are recorded.
    funds.rows.push(vec![
        Cell::Yuan(p.budget),
        Cell::Yuan(p.budget),
        Cell::Yuan(s.paid),
        Cell::Number(e.execution_weight),
        Cell::Percent(e.execution_pct),
        Cell::Number(e.execution_score),
    ]);
    let mut table = Table::new(
        "绩效指标",
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
            "评分说明",
        ],
    );
    for (k, (ind, sc)) in p.indicators.iter().zip(&e.indicators).enumerate() {
        let a = actuals.get(s.index, k);
        let value = match (a.map(|a| a.value.trim()), sc.outcome) {
            (_, Outcome::Unreported) => "未填报".to_string(),
            (Some(v), _) => v.to_string(),
            (None, _) => String::new(),
        };
        let analysis = a
            .map(|a| {
                let mut parts = Vec::new();
                if !a.reason.is_empty() {
                    parts.push(format!("原因：{}", a.reason));
                }
                if !a.action.is_empty() {
                    parts.push(format!("措施：{}", a.action));
                }
                parts.join("；")
            })
            .unwrap_or_default();
        if sc.outcome != Outcome::Met {
            table.highlight.push(k);
        }
        table.rows.push(vec![
            Cell::text(&ind.level1),
            Cell::text(&ind.level2),
            Cell::text(&ind.level3),
            Cell::text(&ind.value),
            Cell::text(value),
            Cell::Number(sc.weight),
            Cell::Number(sc.score),
            Cell::text(analysis),
            Cell::text(&sc.note),
        ]);
    }
    let weights: Decimal =
        e.execution_weight + e.indicators.iter().map(|i| i.weight).sum::<Decimal>();
    table.total = Some(vec![
        Cell::text("总分（含预算执行）"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Number(weights),
        Cell::Number(e.total),
        Cell::text(format!("等级：{}", e.grade)),
        Cell::Empty,
    ]);
    let mut result = Table::new(
        "自评结果",
        &[
            "总分",
            "等级",
            "预算执行得分",
            "产出得分",
            "效益得分",
            "满意度得分",
            "超支金额（元）",
        ],
    );
    result.rows.push(vec![
        Cell::Number(e.total),
        Cell::text(e.grade),
        Cell::Number(e.execution_score),
        Cell::Number(e.category_score(p, Category::Output)),
        Cell::Number(e.category_score(p, Category::Benefit)),
        Cell::Number(e.category_score(p, Category::Satisfaction)),
        Cell::Yuan(overspent(s)),
    ]);
    let mut notes = vec![format!(
        "负责人：{}　总分{}，等级{}。",
        owner(p),
        Cell::Number(e.total).display(),
        e.grade
    )];
    if s.paid > s.budget {
        notes.push(format!(
            "超预算：全年执行数超出预算{}元，属异常，请说明原因。",
            overspent(s).grouped()
        ));
    }
    if e.unreported() > 0 {
        notes.push(format!(
            "{}项指标未填报实际完成值，按0分计。",
            e.unreported()
        ));
    }
    for (c, w) in &e.unassigned {
        notes.push(format!("无{}指标，{}分未能分配。", c.label(), w));
    }
    let year = config.settings.fiscal_year;
    Section {
        sheet,
        title: format!("{}（{}）", p.name, p.code),
        notes,
        tables: vec![result, funds, table, checkpoint_table(p, s)],
        chart: Some(chart(
            format!("{}：计划与实际累计支出", p.name),
            &[(&p.plan, p.budget)],
            &cumulative_series(daily, Some(s.index as u32), year),
            p.budget,
            year,
            as_of,
        )),
    }
}
