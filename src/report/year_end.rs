//! The year-end self-evaluation (年度绩效自评): per project the form a bureau
//! expects (funds block, indicator table with weights and scores, grade),
//! the checkpoint record and any overspending, then a department summary.
//! Scoring is `crate::evaluation`'s; this module only lays it out.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::monthly::{checkpoint_table, owner};
use super::{summary_section, Cell, Document, Section, SheetNames, Table};
use crate::actuals::Actuals;
use crate::base::i18n::Lang;
use crate::base::money::Fen;
use crate::evaluation::{evaluate, Category, Outcome, ProjectEvaluation};
use crate::ledger::DailyTotal;
use crate::model::{Config, Project};
use crate::progress::{Progress, ProjectStatus, Status};

/// Builds the report from the progress at 31 December and the reported
/// actual values.
pub fn build(
    config: &Config,
    progress: &Progress,
    daily: &[DailyTotal],
    actuals: &Actuals,
    made: NaiveDate,
    lang: Lang,
) -> Document {
    let year = config.settings.fiscal_year;
    let es = &config.settings.evaluation;
    let filled: Vec<Vec<Filled>> = progress
        .projects
        .iter()
        .map(|s| filled_values(&config.projects[s.index], s, actuals))
        .collect();
    let evals: Vec<ProjectEvaluation> = progress
        .projects
        .iter()
        .zip(&filled)
        .map(|(s, f)| {
            let p = &config.projects[s.index];
            let values: Vec<Option<&str>> = f.iter().map(|v| v.value.as_deref()).collect();
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
            "年初预算数（元）",
            "全年预算数（元）",
            "全年执行数（元）",
            "结转结余（元）",
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
            Cell::text(owner(lang, p)),
            Cell::Yuan(p.budget),
            Cell::Yuan(s.budget),
            Cell::Yuan(s.paid),
            Cell::Yuan(unspent(s)),
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
        Cell::Yuan(progress.projects.iter().map(|s| s.initial_budget).sum()),
        Cell::Yuan(budget),
        Cell::Yuan(paid),
        Cell::Yuan(progress.projects.iter().map(unspent).sum()),
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
            "评分：预算执行{}分、产出{}分、效益{}分、满意度{}分，项目未设指标分值时各一级指标分值在其指标间平均分配；等级：优≥{}，良≥{}，中≥{}，差<{}。",
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
    let carry: Fen = progress.projects.iter().map(unspent).sum();
    notes.push(format!(
        "结转结余合计{}元（{}万元）。",
        carry.grouped(),
        carry.wan()
    ));
    let mut sheets = SheetNames::new("汇总");
    let mut sections = vec![summary_section(
        lang,
        config,
        daily,
        notes,
        summary,
        budget,
        progress.as_of,
    )];
    for ((s, e), f) in progress.projects.iter().zip(&evals).zip(&filled) {
        let p = &config.projects[s.index];
        let sheet = sheets.take(&format!("{:02} {}", s.index + 1, p.name));
        sections.push(project_section(
            lang,
            config,
            p,
            s,
            e,
            f,
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
        lang,
    }
}

fn overspent(s: &ProjectStatus) -> Fen {
    Fen((s.paid.0 - s.budget.0).max(0))
}

/// 结转结余 = 全年预算数 − 全年执行数, never negative (overspending is
/// reported on its own).
fn unspent(s: &ProjectStatus) -> Fen {
    Fen((s.budget.0 - s.paid.0).max(0))
}

/// One indicator's value as the form shows and scores it.
#[derive(Debug, Clone, Default)]
struct Filled {
    /// The value scored; None: 未填报.
    value: Option<String>,
    /// Taken from the ledger (a 资金拨付率 / 预算执行率 the owner left empty).
    from_ledger: bool,
    /// Why lint rejects the indicator, if it does.
    irregular: Option<String>,
    /// 偏差原因分析及改进措施.
    analysis: String,
}

/// A 资金拨付率 / 预算执行率 indicator: its value is a ledger figure.
fn is_execution_rate(level3: &str) -> bool {
    let t: String = level3.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "资金拨付率",
        "预算执行率",
        "资金执行率",
        "拨付率",
        "支出进度",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The owners' values, with 资金拨付率 / 预算执行率 filled from the ledger
/// (paid ÷ budget in force) where left empty, and lint's verdict on each
/// indicator.
fn filled_values(p: &Project, s: &ProjectStatus, actuals: &Actuals) -> Vec<Filled> {
    use crate::targets::{lint_project, Severity};
    let findings = lint_project(&crate::targets::Project::configured(p), &[]);
    p.indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let a = actuals.get(s.index, k);
            let given = a.map(|a| a.value.trim()).filter(|v| !v.is_empty());
            let (value, from_ledger) = match given {
                Some(v) => (Some(v.to_string()), false),
                None if is_execution_rate(&ind.level3) => (
                    Some(format!(
                        "{}%",
                        crate::base::percent::round2(crate::base::percent::percent_of(
                            s.paid, s.budget
                        ))
                    )),
                    true,
                ),
                None => (None, false),
            };
            let irregular = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .find(|f| {
                    f.indicator
                        .as_ref()
                        .is_some_and(|i| i.level3 == ind.level3 && i.value == ind.value)
                })
                .map(|f| irregular_label(f.rule));
            let analysis = a
                .map(|a| {
                    let mut parts = Vec::new();
                    if !a.reason_category.is_empty() {
                        parts.push(format!("类别：{}", a.reason_category));
                    }
                    if !a.reason.is_empty() {
                        parts.push(format!("原因：{}", a.reason));
                    }
                    if !a.action.is_empty() {
                        parts.push(format!("措施：{}", a.action));
                    }
                    parts.join("；")
                })
                .unwrap_or_default();
            Filled {
                value,
                from_ledger,
                irregular,
                analysis,
            }
        })
        .collect()
}

/// Why lint rejects an indicator, in the words of the form: the rule's
/// short name from the message catalogue (lint's own sentences are for the
/// office's reviewer and name the rule). The form is a Chinese document
/// whatever the terminal's language.
fn irregular_label(rule: crate::targets::Rule) -> String {
    crate::base::i18n::message_in(crate::base::i18n::Lang::Zh, rule.label_key(), &[])
}

/// The funds block of the form: 年度资金总额 and its split by source, in
/// 万元. Execution by source is not in the ledger, so only the total row
/// carries 全年执行数, 执行率 and 得分.
fn funds_block(p: &Project, s: &ProjectStatus, e: &ProjectEvaluation) -> Table {
    use crate::model::FundSource;
    let mut t = Table::new(
        "资金情况（万元）",
        &[
            "项目",
            "年初预算数（万元）",
            "全年预算数（万元）",
            "全年执行数（万元）",
            "分值",
            "执行率",
            "得分",
        ],
    );
    t.rows.push(vec![
        Cell::text("年度资金总额"),
        Cell::Wan(p.budget),
        Cell::Wan(s.budget),
        Cell::Wan(s.paid),
        Cell::Number(e.execution_weight),
        Cell::Percent(e.execution_pct),
        Cell::Number(e.execution_score),
    ]);
    let other = p.other_funds.unwrap_or(Fen::ZERO);
    let fiscal = p.fiscal_funds.unwrap_or(p.budget - other);
    let split = [
        ("其中：当年财政拨款", fiscal, FundSource::Fiscal),
        ("上年结转资金", Fen::ZERO, FundSource::Carryover),
        ("其他资金", other, FundSource::Other),
    ];
    for (label, initial, source) in split {
        t.rows.push(vec![
            Cell::text(label),
            Cell::Wan(initial),
            Cell::Wan(initial + p.adjusted_from(source)),
            Cell::Empty,
            Cell::text("—"),
            Cell::Empty,
            Cell::text("—"),
        ]);
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn project_section(
    lang: Lang,
    config: &Config,
    p: &Project,
    s: &ProjectStatus,
    e: &ProjectEvaluation,
    filled: &[Filled],
    daily: &[DailyTotal],
    sheet: String,
    as_of: NaiveDate,
) -> Section {
    let mut header = Table::new(
        "项目支出绩效自评表",
        &["项目名称", "主管部门", "实施单位", "项目负责人"],
    );
    header.rows.push(vec![
        Cell::text(&p.name),
        Cell::text(&config.department.unit_name),
        Cell::text(if p.unit_name.is_empty() {
            &config.department.unit_name
        } else {
            &*p.unit_name
        }),
        Cell::text(owner(lang, p)),
    ]);
    let funds = funds_block(p, s, e);
    let met = e
        .indicators
        .iter()
        .filter(|i| i.outcome == Outcome::Met)
        .count();
    let mut goal = Table::new("年度总体目标", &["预期目标", "实际完成情况"]);
    goal.rows.push(vec![
        Cell::text(&*p.goal),
        Cell::text(format!(
            "全年执行{}万元（全年预算{}万元），执行率{}；{}项绩效指标中{}项达到年度指标值。",
            s.paid.wan(),
            s.budget.wan(),
            Cell::Percent(e.execution_pct).display(),
            e.indicators.len(),
            met
        )),
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
    for (k, ((ind, sc), f)) in p
        .indicators
        .iter()
        .zip(&e.indicators)
        .zip(filled)
        .enumerate()
    {
        let value = match (&f.value, sc.outcome) {
            (_, Outcome::Unreported) => "未填报".to_string(),
            (Some(v), _) if f.from_ledger => format!("{v}（取自账务数据）"),
            (Some(v), _) => v.clone(),
            (None, _) => String::new(),
        };
        // A missed target needs its explanation on the form; a blank one is
        // said to be blank rather than left to look like nothing was wrong.
        let analysis = if f.analysis.is_empty()
            && matches!(sc.outcome, Outcome::Partial | Outcome::Unscorable)
        {
            "未达目标，负责人未填写偏差原因及改进措施".to_string()
        } else {
            f.analysis.clone()
        };
        let mut note = sc.note.clone();
        if let Some(why) = &f.irregular {
            note = if note.is_empty() {
                format!("指标设置不规范（{why}）")
            } else {
                format!("指标设置不规范（{why}）；{note}")
            };
        }
        if sc.outcome != Outcome::Met || f.irregular.is_some() {
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
            Cell::text(note),
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
        owner(lang, p),
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
    let irregular = filled.iter().filter(|f| f.irregular.is_some()).count();
    if irregular > 0 {
        notes.push(format!(
            "{irregular}项指标设置不规范（见评分说明），按设定规则计分，请在下年度目标中修正。"
        ));
    }
    for a in &p.adjustments {
        notes.push(a.describe());
    }
    super::project_sheet(
        lang,
        sheet,
        p,
        s,
        notes,
        vec![
            header,
            funds,
            goal,
            table,
            result,
            checkpoint_table(lang, p, s),
        ],
        daily,
        as_of,
    )
}
