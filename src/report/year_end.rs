//! The year-end self-evaluation (年度绩效自评): per project the form a bureau
//! expects (funds block, indicator table with weights and scores, grade),
//! the checkpoint record and any overspending, then a department summary.
//! Scoring is `crate::evaluation`'s; this module only lays it out.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::monitoring::{subtitle, table};
use super::monthly::{checkpoint_table, owner};
use super::{summary_section, word, Cell, Document, Section, SheetNames, Table};
use crate::actuals::Actuals;
use crate::base::i18n::{message_in, Lang};
use crate::base::money::Fen;
use crate::evaluation::{evaluate, Category, Grade, Outcome, ProjectEvaluation};
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
        .map(|s| filled_values(lang, &config.projects[s.index], s, actuals))
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

    let mut summary = table(
        message_in(lang, "form-ye-summary-title", &[("year", year.to_string())]),
        vec![
            word(lang, "form-col-number"),
            word(lang, "form-col-project-code"),
            word(lang, "form-col-project-name"),
            word(lang, "form-col-owner"),
            word(lang, "form-col-initial-budget"),
            word(lang, "form-col-full-year-budget"),
            word(lang, "form-col-full-year-paid"),
            word(lang, "form-col-carry-over"),
            word(lang, "form-col-execution-rate"),
            word(lang, "form-col-execution-score"),
            word(lang, "form-col-output-score"),
            word(lang, "form-col-benefit-score"),
            word(lang, "form-col-satisfaction-score"),
            word(lang, "form-col-total-score"),
            word(lang, "form-col-grade"),
            word(lang, "form-col-checkpoints-met"),
            word(lang, "form-col-overspent"),
            word(lang, "form-col-unreported"),
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
            Cell::text(e.grade.label_in(lang)),
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
        Cell::text(word(lang, "form-ye-total-average")),
        Cell::text(message_in(
            lang,
            "report-projects-count",
            &[("count", evals.len().to_string())],
        )),
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
        Cell::text(crate::evaluation::grade(avg_total, es).label_in(lang)),
        Cell::Empty,
        Cell::Yuan(progress.projects.iter().map(overspent).sum()),
        Cell::Int(evals.iter().map(|e| e.unreported() as i64).sum()),
    ]);
    let grades = Grade::ALL.map(|g| evals.iter().filter(|e| e.grade == g).count());
    let unreported: usize = evals.iter().map(ProjectEvaluation::unreported).sum();
    let over: Vec<&str> = progress
        .projects
        .iter()
        .filter(|s| s.status == Status::Overspent)
        .map(|s| s.name.as_str())
        .collect();
    let mut notes = vec![
        message_in(
            lang,
            "form-ye-note-totals",
            &[
                ("year", year.to_string()),
                ("count", evals.len().to_string()),
                ("budget", budget.grouped()),
                ("wan", budget.wan()),
                ("paid", paid.grouped()),
                (
                    "rate",
                    Cell::Percent(crate::base::percent::percent_of(paid, budget)).display(),
                ),
            ],
        ),
        message_in(
            lang,
            "form-ye-note-grades",
            &[
                ("excellent", grades[0].to_string()),
                ("good", grades[1].to_string()),
                ("pass", grades[2].to_string()),
                ("poor", grades[3].to_string()),
                ("average", Cell::Number(avg_total).display()),
            ],
        ),
        message_in(
            lang,
            "form-ye-note-rules",
            &[
                ("execution", es.execution_weight.to_string()),
                ("output", es.output_weight.to_string()),
                ("benefit", es.benefit_weight.to_string()),
                ("satisfaction", es.satisfaction_weight.to_string()),
                ("excellent", es.excellent_from.to_string()),
                ("good", es.good_from.to_string()),
                ("pass", es.pass_from.to_string()),
            ],
        ),
    ];
    if unreported > 0 {
        notes.push(message_in(
            lang,
            "form-ye-note-unreported",
            &[("count", unreported.to_string())],
        ));
    }
    if !over.is_empty() {
        notes.push(message_in(
            lang,
            "form-ye-note-overspent",
            &[("projects", over.join(&word(lang, "form-list-separator")))],
        ));
    }
    let carry: Fen = progress.projects.iter().map(unspent).sum();
    notes.push(message_in(
        lang,
        "form-ye-note-carry-over",
        &[("amount", carry.grouped()), ("wan", carry.wan())],
    ));
    let mut sheets = SheetNames::new(&word(lang, "report-summary-sheet"));
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
        title: message_in(lang, "form-ye-title", &[("year", year.to_string())]),
        subtitle: subtitle(config, progress.as_of, made, lang),
        file_stem: message_in(lang, "form-ye-file-stem", &[("year", year.to_string())]),
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
fn filled_values(lang: Lang, p: &Project, s: &ProjectStatus, actuals: &Actuals) -> Vec<Filled> {
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
                .map(|f| irregular_label(lang, f.rule));
            let analysis = a
                .map(|a| {
                    let mut parts = Vec::new();
                    for (key, text) in [
                        ("form-ye-analysis-category", &a.reason_category),
                        ("form-ye-analysis-reason", &a.reason),
                        ("form-ye-analysis-action", &a.action),
                    ] {
                        if !text.is_empty() {
                            parts.push(message_in(lang, key, &[("text", text.clone())]));
                        }
                    }
                    parts.join(&word(lang, "form-analysis-separator"))
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
/// office's reviewer and name the rule), in the form's language.
fn irregular_label(lang: Lang, rule: crate::targets::Rule) -> String {
    message_in(lang, rule.label_key(), &[])
}

/// The funds block of the form: 年度资金总额 and its split by source, in
/// 万元. Execution by source is not in the ledger, so only the total row
/// carries 全年执行数, 执行率 and 得分.
fn funds_block(lang: Lang, p: &Project, s: &ProjectStatus, e: &ProjectEvaluation) -> Table {
    use crate::model::FundSource;
    let mut t = table(
        word(lang, "form-ye-funds-title"),
        vec![
            word(lang, "form-col-funds-item"),
            word(lang, "form-col-initial-budget-wan"),
            word(lang, "form-col-full-year-budget-wan"),
            word(lang, "form-col-full-year-paid-wan"),
            word(lang, "form-col-points"),
            word(lang, "form-col-execution-rate"),
            word(lang, "form-col-score"),
        ],
    );
    t.rows.push(vec![
        Cell::text(word(lang, "form-ye-funds-total")),
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
        (
            word(lang, "form-ye-funds-fiscal"),
            fiscal,
            FundSource::Fiscal,
        ),
        (
            word(lang, "form-ye-funds-carryover"),
            Fen::ZERO,
            FundSource::Carryover,
        ),
        (word(lang, "form-ye-funds-other"), other, FundSource::Other),
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
    let mut header = table(
        word(lang, "form-ye-form-title"),
        vec![
            word(lang, "form-col-project-name"),
            word(lang, "form-col-department"),
            word(lang, "form-col-unit"),
            word(lang, "form-col-project-owner"),
        ],
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
    let funds = funds_block(lang, p, s, e);
    let met = e
        .indicators
        .iter()
        .filter(|i| i.outcome == Outcome::Met)
        .count();
    let mut goal = table(
        word(lang, "form-ye-goal-title"),
        vec![
            word(lang, "form-col-expected-goal"),
            word(lang, "form-col-achieved-goal"),
        ],
    );
    goal.rows.push(vec![
        Cell::text(&*p.goal),
        Cell::text(message_in(
            lang,
            "form-ye-goal-achieved",
            &[
                ("paid", s.paid.wan()),
                ("budget", s.budget.wan()),
                ("rate", Cell::Percent(e.execution_pct).display()),
                ("count", e.indicators.len().to_string()),
                ("met", met.to_string()),
            ],
        )),
    ]);
    let mut indicators = table(
        word(lang, "form-ye-indicators-title"),
        vec![
            word(lang, "form-col-level1"),
            word(lang, "form-col-level2"),
            word(lang, "form-col-level3"),
            word(lang, "form-col-annual-value"),
            word(lang, "form-col-actual-value"),
            word(lang, "form-col-points"),
            word(lang, "form-col-score"),
            word(lang, "form-col-analysis"),
            word(lang, "form-col-scoring-note"),
        ],
    );
    let unreported_word = word(lang, "form-unreported");
    for (k, ((ind, sc), f)) in p
        .indicators
        .iter()
        .zip(&e.indicators)
        .zip(filled)
        .enumerate()
    {
        let value = match (&f.value, sc.outcome) {
            (_, Outcome::Unreported) => unreported_word.clone(),
            (Some(v), _) if f.from_ledger => {
                message_in(lang, "form-ye-from-ledger", &[("value", v.clone())])
            }
            (Some(v), _) => v.clone(),
            (None, _) => String::new(),
        };
        // A missed target needs its explanation on the form; a blank one is
        // said to be blank rather than left to look like nothing was wrong.
        let analysis = if f.analysis.is_empty()
            && matches!(sc.outcome, Outcome::Partial | Outcome::Unscorable)
        {
            word(lang, "form-ye-analysis-missing")
        } else {
            f.analysis.clone()
        };
        let mut note = sc.note.map(|n| n.label_in(lang)).unwrap_or_default();
        if let Some(why) = &f.irregular {
            note = if note.is_empty() {
                message_in(lang, "form-ye-irregular", &[("why", why.clone())])
            } else {
                message_in(
                    lang,
                    "form-ye-irregular-and",
                    &[("why", why.clone()), ("note", note)],
                )
            };
        }
        if sc.outcome != Outcome::Met || f.irregular.is_some() {
            indicators.highlight.push(k);
        }
        indicators.rows.push(vec![
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
    indicators.total = Some(vec![
        Cell::text(word(lang, "form-ye-total-with-execution")),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Number(weights),
        Cell::Number(e.total),
        Cell::text(message_in(
            lang,
            "form-ye-grade-cell",
            &[("grade", e.grade.label_in(lang))],
        )),
        Cell::Empty,
    ]);
    let mut result = table(
        word(lang, "form-ye-result-title"),
        vec![
            word(lang, "form-col-total-score"),
            word(lang, "form-col-grade"),
            word(lang, "form-col-execution-score"),
            word(lang, "form-col-output-score"),
            word(lang, "form-col-benefit-score"),
            word(lang, "form-col-satisfaction-score"),
            word(lang, "form-col-overspent"),
        ],
    );
    result.rows.push(vec![
        Cell::Number(e.total),
        Cell::text(e.grade.label_in(lang)),
        Cell::Number(e.execution_score),
        Cell::Number(e.category_score(p, Category::Output)),
        Cell::Number(e.category_score(p, Category::Benefit)),
        Cell::Number(e.category_score(p, Category::Satisfaction)),
        Cell::Yuan(overspent(s)),
    ]);
    let mut notes = vec![message_in(
        lang,
        "form-ye-note-project",
        &[
            ("owner", owner(lang, p)),
            ("total", Cell::Number(e.total).display()),
            ("grade", e.grade.label_in(lang)),
        ],
    )];
    if s.paid > s.budget {
        notes.push(message_in(
            lang,
            "form-ye-note-project-overspent",
            &[("amount", overspent(s).grouped())],
        ));
    }
    if e.unreported() > 0 {
        notes.push(message_in(
            lang,
            "form-ye-note-project-unreported",
            &[("count", e.unreported().to_string())],
        ));
    }
    for (c, w) in &e.unassigned {
        notes.push(message_in(
            lang,
            "form-ye-note-unassigned",
            &[("category", c.label_in(lang)), ("points", w.to_string())],
        ));
    }
    let irregular = filled.iter().filter(|f| f.irregular.is_some()).count();
    if irregular > 0 {
        notes.push(message_in(
            lang,
            "form-ye-note-irregular",
            &[("count", irregular.to_string())],
        ));
    }
    for a in &p.adjustments {
        notes.push(a.describe_in(lang));
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
            indicators,
            result,
            checkpoint_table(lang, p, s),
        ],
        daily,
        as_of,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::has_cjk;
    use crate::report::monitoring::tests::{assert_english, shipped};

    #[test]
    fn self_evaluation_in_english_has_no_chinese_but_data() {
        let dec31 = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let (config, daily, progress, actuals) = shipped(dec31);
        let made = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let doc = build(&config, &progress, &daily, &actuals, made, Lang::En);
        // The checkpoint record is the monthly report's table.
        let skip: Vec<Table> = progress
            .projects
            .iter()
            .map(|s| checkpoint_table(Lang::En, &config.projects[s.index], s))
            .collect();
        assert_english(&doc, &config, &actuals, &skip);
        assert_eq!(doc.file_stem, "self-evaluation-2025");
        assert_eq!(
            doc.title,
            "Project expenditure performance self-evaluation report, 2025"
        );
        assert_eq!(doc.sections[0].sheet, "Summary");
        let text: Vec<String> = doc
            .sections
            .iter()
            .flat_map(|s| {
                s.notes.iter().cloned().chain(s.tables.iter().flat_map(|t| {
                    t.headers.iter().cloned().chain(
                        t.rows
                            .iter()
                            .chain(t.total.iter())
                            .flatten()
                            .map(Cell::display),
                    )
                }))
            })
            .collect();
        let text = text.join("\n");
        for english in [
            "Self-evaluation grades: Excellent",
            "Total score",
            "Initial budget (10k yuan)",
            "Annual target value",
            "Excellent",
            "Grade: ",
            "Below the target value: scored actual / target × points",
            "Indicator set irregularly (",
            "(from the ledger)",
            "Projects over budget: ",
            "Budget adjustment on 2025-05-10: reduction of 5,000.00 yuan",
            "Category: ",
        ] {
            assert!(text.contains(english), "{english}");
        }
        // The same build in Chinese.
        let zh = build(&config, &progress, &daily, &actuals, made, Lang::Zh);
        assert_eq!(zh.file_stem, "年度绩效自评-2025");
        assert_eq!(zh.sections[0].sheet, "汇总");
        assert!(zh.sections[0].notes[1].starts_with("自评等级：优"));
    }

    /// Every scoring remark, grade and category has its words in both
    /// languages; the English ones quote no Chinese but the grade words an
    /// owner has to write.
    #[test]
    fn scoring_words_in_both_languages() {
        use crate::evaluation::{Grade, ScoreNote};
        let notes = [
            ScoreNote::Unreported,
            ScoreNote::Partly,
            ScoreNote::NotAchieved,
            ScoreNote::NeedsGradeWord,
            ScoreNote::NotANumber,
            ScoreNote::AboveTarget,
            ScoreNote::FarAboveTarget,
            ScoreNote::BelowTarget,
            ScoreNote::BelowZeroTarget,
        ];
        for n in notes {
            let (zh, en) = (n.label_in(Lang::Zh), n.label_in(Lang::En));
            assert!(has_cjk(&zh) && !zh.starts_with("form-"), "{n:?}");
            let en = en
                .replace("部分达成", "")
                .replace("未达成", "")
                .replace("达成", "");
            assert!(!has_cjk(&en) && !en.starts_with("form-"), "{n:?}: {en}");
        }
        assert_eq!(
            ScoreNote::BelowTarget.label_in(Lang::Zh),
            "未达目标值，按实际/目标×分值计"
        );
        for g in Grade::ALL {
            assert_eq!(g.label_in(Lang::Zh), g.label());
            assert!(!has_cjk(&g.label_in(Lang::En)));
        }
        for c in [
            Category::Output,
            Category::Benefit,
            Category::Satisfaction,
            Category::Other,
        ] {
            assert!(has_cjk(&c.label_in(Lang::Zh)));
            assert!(!has_cjk(&c.label_in(Lang::En)));
        }
    }
}
