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
use super::{summary_section, word, Cell, Document, Section, SheetNames, Table};
use crate::actuals::Actuals;
use crate::base::i18n::{message_in, Lang};
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

/// Where the year's expected spending comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ForecastSource {
    /// The owner's 预计全年完成值 of an execution-rate indicator.
    Owner,
    /// The spending plan's last checkpoint.
    Plan,
}

impl ForecastSource {
    fn label_in(self, lang: Lang) -> String {
        match self {
            ForecastSource::Owner => word(lang, "form-mon-forecast-owner"),
            ForecastSource::Plan => word(lang, "form-mon-forecast-plan"),
        }
    }
}

/// The year's expected spending: the owner's 预计全年完成值 of a 预算执行率 /
/// 资金拨付率 indicator when given (a percent of the budget in force),
/// otherwise the plan (its last checkpoint's share of the budget). The
/// second value names the source.
fn forecast(p: &Project, s: &ProjectStatus, actuals: &Actuals) -> (Fen, ForecastSource) {
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
                return (share(s.budget, pct), ForecastSource::Owner);
            }
        }
    }
    let last = p
        .plan
        .checkpoints
        .last()
        .map(|c| c.percent)
        .unwrap_or(Decimal::from(100));
    (share(s.budget, last), ForecastSource::Plan)
}

/// `pct` percent of `budget`, rounded to the fen.
fn share(budget: Fen, pct: Decimal) -> Fen {
    use rust_decimal::prelude::ToPrimitive;
    Fen((Decimal::from(budget.0) * pct / Decimal::from(100))
        .round()
        .to_i64()
        .unwrap_or(0))
}

/// A table with headers already in the report's language.
pub(super) fn table(title: String, headers: Vec<String>) -> Table {
    Table {
        headers,
        ..Table::new(title, &[])
    }
}

/// "1–7月" / "Jan–Jul": the months monitored.
fn period_words(lang: Lang, month: u32) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = match lang {
        Lang::En => EN[(month as usize + 11) % 12].to_string(),
        Lang::Zh => month.to_string(),
    };
    message_in(lang, "form-period", &[("month", month)])
}

/// The subtitle both forms carry: unit, the period covered, when made.
pub(super) fn subtitle(config: &Config, through: NaiveDate, made: NaiveDate, lang: Lang) -> String {
    message_in(
        lang,
        "form-subtitle",
        &[
            ("unit", config.department.unit_name.clone()),
            ("code", config.department.unit_code.clone()),
            ("year", config.settings.fiscal_year.to_string()),
            ("through", through.to_string()),
            ("made", made.to_string()),
        ],
    )
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
    let period = period_words(lang, month);
    let exec_header = message_in(lang, "form-mon-paid-header", &[("period", period.clone())]);

    // Projects ranked by gap: the furthest behind first.
    let mut ranked: Vec<&ProjectStatus> = progress.projects.iter().collect();
    ranked.sort_by(|a, b| a.gap_points.cmp(&b.gap_points).then(a.index.cmp(&b.index)));
    let mut ranking = table(
        word(lang, "form-mon-ranking-title"),
        vec![
            word(lang, "form-col-rank"),
            word(lang, "form-col-project-code"),
            word(lang, "form-col-project-name"),
            word(lang, "form-col-owner"),
            word(lang, "form-col-full-year-budget"),
            exec_header,
            word(lang, "form-col-execution-rate"),
            word(lang, "form-col-planned-progress"),
            word(lang, "form-col-time-progress"),
            word(lang, "form-col-gap"),
            word(lang, "form-col-warning-level"),
            word(lang, "form-col-deviating-indicators"),
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
    let mut deviations = table(
        word(lang, "form-mon-deviations-title"),
        vec![
            word(lang, "form-col-project-name"),
            word(lang, "form-col-type"),
            word(lang, "form-col-item"),
            word(lang, "form-col-annual-target"),
            word(lang, "form-col-current"),
            word(lang, "form-col-likelihood"),
            word(lang, "form-col-reason-category"),
            word(lang, "form-col-reason"),
            word(lang, "form-col-action"),
        ],
    );
    let funds_kind = word(lang, "form-mon-kind-funds");
    let indicator_kind = word(lang, "form-mon-kind-indicator");
    let execution_of_period = message_in(
        lang,
        "form-mon-execution-of-period",
        &[("period", period.clone())],
    );
    let mut funds_behind = 0usize;
    let mut indicators_off = 0usize;
    for s in &progress.projects {
        let p = &config.projects[s.index];
        if funds_deviate(config, s) {
            funds_behind += 1;
            deviations.rows.push(vec![
                Cell::text(&p.name),
                Cell::text(&funds_kind),
                Cell::text(&execution_of_period),
                Cell::text(message_in(
                    lang,
                    "form-mon-planned",
                    &[("planned", Cell::Percent(s.expected_pct).display())],
                )),
                Cell::text(if s.paid > s.budget {
                    message_in(
                        lang,
                        "form-mon-overspent",
                        &[
                            ("rate", Cell::Percent(s.execution_pct).display()),
                            ("amount", (s.paid - s.budget).grouped()),
                        ],
                    )
                } else {
                    message_in(
                        lang,
                        "form-mon-execution-gap",
                        &[
                            ("rate", Cell::Percent(s.execution_pct).display()),
                            ("gap", gap_words(lang, s.gap_points)),
                        ],
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
                Cell::text(&indicator_kind),
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
        message_in(
            lang,
            "form-mon-note-totals",
            &[
                ("year", year.to_string()),
                ("period", period.clone()),
                ("count", progress.projects.len().to_string()),
                ("budget", budget.grouped()),
                ("wan", budget.wan()),
                ("paid", paid.grouped()),
                (
                    "rate",
                    Cell::Percent(crate::base::percent::percent_of(paid, budget)).display(),
                ),
                (
                    "time",
                    Cell::Percent(crate::model::plan::time_progress_percent(through)).display(),
                ),
            ],
        ),
        message_in(
            lang,
            "form-mon-note-deviations",
            &[
                ("funds", funds_behind.to_string()),
                (
                    "points",
                    config.settings.thresholds.yellow_gap_points.to_string(),
                ),
                ("indicators", indicators_off.to_string()),
            ],
        ),
    ];
    if unreported > 0 {
        notes.push(message_in(
            lang,
            "form-mon-note-unreported",
            &[
                ("count", unreported.to_string()),
                ("period", period.clone()),
            ],
        ));
    }
    let mut summary = summary_section(lang, config, daily, notes, ranking, budget, through);
    summary.title = word(lang, "form-mon-summary-title");
    summary.tables.push(deviations);

    let mut sheets = SheetNames::new(&word(lang, "report-summary-sheet"));
    let mut sections = vec![summary];
    for s in &progress.projects {
        let p = &config.projects[s.index];
        let sheet = sheets.take(&format!("{:02} {}", s.index + 1, p.name));
        sections.push(project_section(
            lang, config, p, s, actuals, daily, sheet, &period, through,
        ));
    }
    Document {
        title: message_in(
            lang,
            "form-mon-title",
            &[("year", year.to_string()), ("period", period)],
        ),
        subtitle: subtitle(config, through, made, lang),
        file_stem: message_in(
            lang,
            "form-mon-file-stem",
            &[("year", year.to_string()), ("month", format!("{month:02}"))],
        ),
        sections,
        lang,
    }
}

/// "落后 N 个百分点" / "超前 N 个百分点" (domain.md's words).
fn gap_words(lang: Lang, gap: Decimal) -> String {
    if gap < Decimal::ZERO {
        message_in(
            lang,
            "form-gap-behind",
            &[("points", Cell::Number(-gap).display())],
        )
    } else {
        message_in(
            lang,
            "form-gap-ahead",
            &[("points", Cell::Number(gap).display())],
        )
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
    let mut funds = table(
        word(lang, "form-mon-funds-title"),
        vec![
            word(lang, "form-col-initial-budget"),
            word(lang, "form-col-full-year-budget"),
            message_in(
                lang,
                "form-mon-paid-header",
                &[("period", period.to_string())],
            ),
            word(lang, "form-col-execution-rate"),
            word(lang, "form-col-time-progress"),
            word(lang, "form-col-planned-progress"),
            word(lang, "form-col-gap"),
            word(lang, "form-col-warning-level"),
            word(lang, "form-col-forecast"),
            word(lang, "form-col-forecast-balance"),
            word(lang, "form-col-forecast-basis"),
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
        Cell::text(s.status.label_in(lang)),
        Cell::Yuan(expected),
        Cell::Yuan(Fen((s.budget.0 - expected.0).max(0))),
        Cell::text(source.label_in(lang)),
    ]);
    let mut indicators = table(
        word(lang, "form-mon-indicators-title"),
        vec![
            word(lang, "form-col-level1"),
            word(lang, "form-col-level2"),
            word(lang, "form-col-level3"),
            word(lang, "form-col-annual-value"),
            message_in(
                lang,
                "form-mon-midyear-header",
                &[("period", period.to_string())],
            ),
            word(lang, "form-col-likelihood"),
            word(lang, "form-col-expected-value"),
            word(lang, "form-col-reason-category"),
            word(lang, "form-col-reason"),
            word(lang, "form-col-action"),
            word(lang, "form-col-deviates"),
        ],
    );
    let unreported = word(lang, "form-unreported");
    let deviates_mark = word(lang, "form-mon-deviates");
    for (k, ind) in p.indicators.iter().enumerate() {
        let a = actuals.get(s.index, k);
        let field = |f: &dyn Fn(&crate::actuals::Actual) -> String| a.map(f).unwrap_or_default();
        let mid = field(&|a| a.midyear.clone());
        let likelihood = field(&|a| a.likelihood.clone());
        let deviates = indicator_deviates(&likelihood);
        if deviates {
            indicators.highlight.push(k);
        }
        indicators.rows.push(vec![
            Cell::text(&ind.level1),
            Cell::text(&ind.level2),
            Cell::text(&ind.level3),
            Cell::text(&ind.value),
            Cell::text(if mid.is_empty() {
                unreported.clone()
            } else {
                mid
            }),
            Cell::text(likelihood),
            Cell::text(field(&|a| a.expected.clone())),
            Cell::text(field(&|a| a.reason_category.clone())),
            Cell::text(field(&|a| a.reason.clone())),
            Cell::text(field(&|a| a.action.clone())),
            Cell::text(if deviates { deviates_mark.as_str() } else { "" }),
        ]);
    }
    let mut notes = vec![message_in(
        lang,
        "form-mon-note-project",
        &[
            ("owner", owner(lang, p)),
            ("period", period.to_string()),
            ("rate", Cell::Percent(s.execution_pct).display()),
            ("planned", Cell::Percent(s.expected_pct).display()),
            ("gap", gap_words(lang, s.gap_points)),
        ],
    )];
    for a in p.adjustments.iter().filter(|a| a.date <= as_of) {
        notes.push(a.describe_in(lang));
    }
    super::project_sheet(
        lang,
        sheet,
        p,
        s,
        notes,
        vec![funds, indicators],
        daily,
        as_of,
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::base::text::has_cjk;
    use crate::ledger::{ingest, IngestOptions};

    /// The shipped config (with two budget adjustments added, one without
    /// a document number or reason), its ledgers and the owners' values.
    pub(in crate::report) fn shipped(
        as_of: NaiveDate,
    ) -> (Config, Vec<DailyTotal>, Progress, Actuals) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = crate::config::load(&crate::config::LoadOptions {
            config_dir: root.join("config"),
            projects: None,
            default_year: 2025,
        })
        .expect("shipped config loads");
        let added = [
            (-500_000, "玉财预〔2025〕12号", "年中调整"),
            (300_000, "", ""),
        ];
        for (k, (amount, document, reason)) in added.into_iter().enumerate() {
            config.projects[k]
                .adjustments
                .push(crate::model::Adjustment {
                    date: NaiveDate::from_ymd_opt(2025, 5, 10).unwrap(),
                    amount: Fen(amount),
                    document: document.into(),
                    reason: reason.into(),
                    source: Default::default(),
                });
        }
        let (files, _) = crate::ledger::collect_inputs(&[root.join("data")], &[]);
        let ledger = ingest(
            &files,
            &IngestOptions {
                fiscal_year: 2025,
                profiles: &config.settings.profiles,
                projects: config.projects.iter().map(|p| p.code.as_str()).collect(),
                progress: false,
                exclude: Vec::new(),
                state_dir: None,
            },
        );
        let daily = ledger.daily.to_vec();
        assert!(!daily.is_empty());
        let progress = crate::progress::compute(&config, &daily, as_of).unwrap();
        let actuals = crate::actuals::read(&root.join("config/actuals-2025.csv"), &config).unwrap();
        (config, daily, progress, actuals)
    }

    /// Every text of an English document that is not data: whatever is
    /// left of it once the data (names, indicators, owners' values) is
    /// taken out must have no Chinese character. `skip`: tables another
    /// module words (the checkpoint record).
    pub(in crate::report) fn assert_english(
        doc: &Document,
        config: &Config,
        actuals: &Actuals,
        skip: &[Table],
    ) {
        let mut data: Vec<String> = vec![
            config.department.unit_name.clone(),
            config.department.unit_code.clone(),
            // The grade words an owner must write (quoted by a scoring note).
            "部分达成".into(),
            "未达成".into(),
            "达成".into(),
        ];
        for p in &config.projects {
            data.extend([p.name.clone(), p.unit_name.to_string(), p.goal.to_string()]);
            data.extend(p.owner.iter().map(|o| o.name.clone()));
            for i in &p.indicators {
                data.extend([
                    i.level1.clone(),
                    i.level2.clone(),
                    i.level3.clone(),
                    i.value.clone(),
                ]);
            }
            for a in &p.adjustments {
                data.extend([a.document.clone(), a.reason.clone()]);
            }
        }
        for a in actuals.values.iter().flatten().flatten() {
            data.extend([
                a.midyear.clone(),
                a.likelihood.clone(),
                a.expected.clone(),
                a.reason_category.clone(),
                a.value.clone(),
                a.reason.clone(),
                a.action.clone(),
            ]);
        }
        data.retain(|d| !d.is_empty());
        data.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let words = |text: &str| {
            let mut t = text.to_string();
            for d in &data {
                t = t.replace(d.as_str(), "");
            }
            t
        };
        let check = |what: &str, text: &str| {
            assert!(!has_cjk(&words(text)), "{what}: {text}");
        };
        check("title", &doc.title);
        check("subtitle", &doc.subtitle);
        assert!(doc.file_stem.is_ascii(), "{}", doc.file_stem);
        assert_eq!(doc.lang, Lang::En);
        for s in &doc.sections {
            check("sheet", &s.sheet);
            assert!(s.sheet.chars().count() <= 31);
            check("section", &s.title);
            for n in &s.notes {
                check("note", n);
            }
            if let Some(c) = &s.chart {
                check("chart", &c.title);
            }
            for t in s.tables.iter().filter(|t| !skip.contains(t)) {
                check("table", &t.title);
                for h in &t.headers {
                    check("header", h);
                }
                for cell in t.rows.iter().chain(t.total.iter()).flatten() {
                    check(&t.title, &cell.display());
                }
            }
        }
    }

    fn all_text(doc: &Document) -> String {
        let mut out = vec![doc.title.clone(), doc.subtitle.clone()];
        for s in &doc.sections {
            out.extend([s.sheet.clone(), s.title.clone()]);
            out.extend(s.notes.iter().cloned());
            for t in &s.tables {
                out.push(t.title.clone());
                out.extend(t.headers.iter().cloned());
                for c in t.rows.iter().chain(t.total.iter()).flatten() {
                    out.push(c.display());
                }
            }
        }
        out.join("\n")
    }

    #[test]
    fn monitoring_in_english_has_no_chinese_but_data() {
        let through = NaiveDate::from_ymd_opt(2025, 7, 31).unwrap();
        let (config, daily, progress, actuals) = shipped(through);
        let made = NaiveDate::from_ymd_opt(2025, 8, 5).unwrap();
        let doc = build(&config, &progress, &daily, &actuals, made, Lang::En);
        assert_english(&doc, &config, &actuals, &[]);
        assert_eq!(doc.file_stem, "performance-monitoring-2025-07");
        assert_eq!(
            doc.title,
            "Project performance monitoring report, Jan–Jul 2025"
        );
        assert_eq!(doc.sections[0].sheet, "Summary");
        assert_eq!(doc.sections.len(), 1 + config.projects.len());
        let text = all_text(&doc);
        for english in [
            "Paid Jan–Jul (yuan)",
            "Execution rate",
            "Level-3 indicator",
            "Likelihood of completion",
            "percentage points behind plan",
            "Performance indicator",
            "Budget adjustment on 2025-05-10: reduction of 5,000.00 yuan (玉财预〔2025〕12号)",
            "increase of 3,000.00 yuan (no document number)\n",
            "Owner's forecast",
            "not reported",
        ] {
            assert!(text.contains(english), "{english}");
        }
        // The same build in Chinese keeps the Chinese words.
        let zh = build(&config, &progress, &daily, &actuals, made, Lang::Zh);
        assert_eq!(zh.file_stem, "绩效运行监控-2025-07");
        assert_eq!(zh.title, "2025年1–7月项目绩效运行监控报告");
        assert_eq!(zh.sections[0].sheet, "汇总");
        assert!(all_text(&zh)
            .contains("预算调整：2025-05-10 调减5,000.00元（玉财预〔2025〕12号）年中调整"));
        assert_eq!(zh.sections.len(), doc.sections.len());
    }
}
