//! The monthly progress report (月度预算执行进度): every project at the end of
//! the month, projects behind listed first so the notice writes itself, the
//! department total, and each project's checkpoint history with its chart.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{summary_section, word, Cell, Document, Section, SheetNames, Table};
use crate::base::i18n::{message_in, Lang};
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

    let date = as_of.to_string();
    let headers = words(
        lang,
        &[
            "monthly-col-rank",
            "monthly-col-code",
            "monthly-col-name",
            "monthly-col-owner",
            "monthly-col-budget",
            "monthly-col-paid",
            "monthly-col-execution",
            "monthly-col-planned",
            "monthly-col-time",
            "monthly-col-gap",
            "monthly-col-status",
            "monthly-col-next",
            "monthly-col-needed",
        ],
    );
    let mut summary = Table::new(
        message_in(lang, "monthly-summary-table", &[("date", date.clone())]),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
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
        message_in(
            lang,
            "monthly-note-totals",
            &[
                ("date", date.clone()),
                ("count", progress.projects.len().to_string()),
                ("budget", budget.grouped()),
                ("wan", budget.wan()),
                ("paid", paid.grouped()),
                ("execution", Cell::Percent(execution).display()),
            ],
        ),
        message_in(
            lang,
            "monthly-note-levels",
            &[
                ("red", count(Status::Red).to_string()),
                ("yellow", count(Status::Yellow).to_string()),
                ("overspent", count(Status::Overspent).to_string()),
                ("behind", count(Status::Behind).to_string()),
            ],
        ),
        message_in(
            lang,
            "monthly-note-gap",
            &[
                ("yellow", t.yellow_gap_points.to_string()),
                ("red", t.red_gap_points.to_string()),
            ],
        ),
    ];
    if order.len() > MAX_PROJECT_SHEETS {
        notes.push(message_in(
            lang,
            "monthly-note-capped",
            &[
                ("shown", MAX_PROJECT_SHEETS.to_string()),
                ("rest", (order.len() - MAX_PROJECT_SHEETS).to_string()),
            ],
        ));
    }
    // The summary sheet's name as `summary_section` gives it, so no
    // project sheet takes it.
    let mut sheets = SheetNames::new(&word(lang, "report-summary-sheet"));
    let mut sections = vec![summary_section(
        lang, config, daily, notes, summary, budget, as_of,
    )];
    for s in order.iter().take(MAX_PROJECT_SHEETS) {
        let p = &config.projects[s.index];
        let sheet = sheets.take(&format!("{:02} {}", s.index + 1, p.name));
        sections.push(project_section(lang, p, s, daily, sheet, as_of));
    }
    // The month by its number in Chinese (6月), by its name in English.
    let month = match lang {
        Lang::Zh => as_of.format("%-m"),
        Lang::En => as_of.format("%B"),
    };
    Document {
        title: message_in(
            lang,
            "monthly-title",
            &[
                ("year", as_of.format("%Y").to_string()),
                ("month", month.to_string()),
            ],
        ),
        subtitle: message_in(
            lang,
            "monthly-subtitle",
            &[
                ("unit", config.department.unit_name.clone()),
                ("code", config.department.unit_code.clone()),
                ("date", date),
                ("made", made.to_string()),
            ],
        ),
        file_stem: message_in(lang, "monthly-file-stem", &[("period", period)]),
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
    let mut figures = Table::new(
        word(lang, "monthly-figures-title"),
        &[
            &word(lang, "monthly-col-item"),
            &word(lang, "monthly-col-value"),
        ],
    );
    let row = |k: &str, v: Cell| vec![Cell::text(word(lang, k)), v];
    figures.rows = vec![
        row("monthly-col-budget", Cell::Yuan(s.budget)),
        row("monthly-col-paid", Cell::Yuan(s.paid)),
        row("monthly-payments", Cell::Int(s.payments as i64)),
        row("monthly-col-execution", Cell::Percent(s.execution_pct)),
        row("monthly-col-planned", Cell::Percent(s.expected_pct)),
        row("monthly-col-time", Cell::Percent(s.time_progress_pct)),
        row("monthly-col-gap", Cell::Number(s.gap_points)),
        row("monthly-col-status", Cell::text(s.status.label_in(lang))),
        row(
            "monthly-last-payment",
            s.last_payment
                .map(|d| Cell::text(d.to_string()))
                .unwrap_or(Cell::Empty),
        ),
        row("monthly-paid-30-days", Cell::Yuan(s.paid_last_30_days)),
    ];
    if let Some(n) = &s.next {
        figures
            .rows
            .push(row("monthly-col-next", Cell::text(n.date.to_string())));
        figures
            .rows
            .push(row("monthly-next-planned", Cell::Percent(n.planned_pct)));
        figures
            .rows
            .push(row("monthly-col-needed", Cell::Yuan(n.amount_needed)));
        figures
            .rows
            .push(row("monthly-days-left", Cell::Int(n.days_left)));
    }
    let mut notes = vec![message_in(
        lang,
        "monthly-owner-note",
        &[("owner", owner(lang, p))],
    )];
    if s.status == Status::Overspent {
        notes.push(message_in(
            lang,
            "monthly-overspent-note",
            &[("excess", (s.paid - s.budget).grouped())],
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
/// whether the plan was met (by how many points), later ones as 未到期
/// (not yet due).
pub fn checkpoint_table(lang: Lang, p: &Project, s: &ProjectStatus) -> Table {
    let headers = words(
        lang,
        &[
            "monthly-cp-date",
            "monthly-cp-planned",
            "monthly-cp-planned-amount",
            "monthly-cp-paid",
            "monthly-col-execution",
            "monthly-col-gap",
            "monthly-cp-result",
        ],
    );
    let mut t = Table::new(
        word(lang, "monthly-checkpoints-title"),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
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
                    message_in(
                        lang,
                        "monthly-cp-met",
                        &[("points", Cell::Number(c.gap_points).display())],
                    )
                } else {
                    message_in(
                        lang,
                        "monthly-cp-missed",
                        &[("points", Cell::Number(-c.gap_points).display())],
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
                Cell::text(word(lang, "monthly-cp-not-due")),
            ]),
        }
    }
    t
}

/// The words `keys` in `lang`, in order (a table's headers).
fn words(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| word(lang, k)).collect()
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
