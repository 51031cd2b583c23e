//! The reports the office files: monthly progress and the year-end
//! self-evaluation. Each report is first built as a format-neutral
//! [`Document`] (titled tables, notes and charts, one section per sheet),
//! then written three ways: .xlsx for the bureau's templates, a printable
//! self-contained .html page, and .csv for anything else. Building once and
//! rendering three times keeps the three files telling the same figures.
//!
//! Every text that comes from data is escaped by the writer that emits it:
//! HTML-escaped in pages, and a leading = + - @ can never become a formula
//! in xlsx (quote prefix) or csv (apostrophe).

pub mod csv;
pub mod dashboard;
pub mod html;
pub mod monitoring;
pub mod monthly;
pub mod notice_log;
pub mod status;
pub mod xlsx;
pub mod year_end;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::i18n::{message_in, Lang};
use crate::base::money::Fen;

/// A report's word without arguments, in the report's language: reports
/// are built in a language given to them (the terminal's for the reports
/// folder and the dashboard, the recipients' for a workbook attached to an
/// email), never the process's alone.
pub fn word(lang: Lang, key: &str) -> String {
    message_in(lang, key, &[])
}

/// One cell of a table, typed so each writer can format it properly.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text from data or labels.
    Text(String),
    /// Money in 元.
    Yuan(Fen),
    /// Money shown in 万元 with four decimals, as the self-evaluation form
    /// writes it; the csv keeps it in 元 (and says so in the header).
    Wan(Fen),
    /// A percentage, in percent (25 means 25 %).
    Percent(Decimal),
    /// Points, percentage points or other decimals, shown with two places.
    Number(Decimal),
    /// A whole number.
    Int(i64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as people read it (csv, html): 元 grouped with two decimals,
    /// percent with two decimals and a % sign.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Yuan(f) => f.grouped(),
            Cell::Wan(f) => f.wan(),
            Cell::Percent(d) => crate::base::percent::pct_sign(*d),
            Cell::Number(d) => format!("{:.2}", crate::base::percent::round2(*d)),
            Cell::Int(i) => i.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Shown above the table.
    pub title: String,
    /// Column headers, in the report's language.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// A closing row shown in bold (合计), if any.
    pub total: Option<Vec<Cell>>,
    /// Indexes of rows to highlight (projects behind, targets missed).
    pub highlight: Vec<usize>,
}

impl Table {
    /// A table without rows yet.
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Table {
        Table {
            title: title.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            total: None,
            highlight: Vec::new(),
        }
    }
}

/// Planned curve against actual cumulative payments, both in percent of the
/// budget, over the fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Chart title.
    pub title: String,
    /// The fiscal year (x axis: 1 January to 31 December).
    pub year: i32,
    /// Planned cumulative percent at its breakpoints, from 1 January.
    pub plan: Vec<(NaiveDate, Decimal)>,
    /// Actual cumulative percent after each payment day, up to `as_of`.
    pub actual: Vec<(NaiveDate, Decimal)>,
    /// Where the actual line stops.
    pub as_of: NaiveDate,
}

/// One part of a report: a sheet in xlsx, a section in html and csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Sheet name (unique, at most 31 characters, no []:*?/\).
    pub sheet: String,
    /// Heading.
    pub title: String,
    /// Lines under the heading (remarks, warnings).
    pub notes: Vec<String>,
    /// Tables in order.
    pub tables: Vec<Table>,
    /// The chart, if the section has one.
    pub chart: Option<Chart>,
}

/// A report in the three formats' common shape. The first section is the
/// summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, e.g. 2025年度项目绩效自评报告.
    pub title: String,
    /// Subtitle: unit, period, when made.
    pub subtitle: String,
    /// File name without extension, e.g. 年度绩效自评-2025.
    pub file_stem: String,
    /// Summary first, then one per project.
    pub sections: Vec<Section>,
    /// The language the words are in; the writers put their own few
    /// (page footer, chart legend and months) in the same one.
    pub lang: Lang,
}

/// The department summary both reports open with: notes, the summary
/// table and the chart of the department's planned against actual
/// cumulative spending.
pub fn summary_section(
    lang: Lang,
    config: &crate::model::Config,
    daily: &[crate::ledger::DailyTotal],
    notes: Vec<String>,
    summary: Table,
    budget: Fen,
    as_of: NaiveDate,
) -> Section {
    let year = config.settings.fiscal_year;
    let plans: Vec<(&crate::model::plan::Plan, Fen)> = config
        .projects
        .iter()
        .map(|p| (&p.plan, p.budget_on(as_of)))
        .collect();
    Section {
        sheet: word(lang, "report-summary-sheet"),
        title: word(lang, "report-summary-title"),
        notes,
        tables: vec![summary],
        chart: Some(chart(
            word(lang, "report-summary-chart"),
            &plans,
            &crate::progress::cumulative_series(daily, None, year),
            budget,
            year,
            as_of,
        )),
    }
}

/// Writes the three files into `dir`; returns their paths.
pub fn write_all(doc: &Document, dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::base::i18n::message(
            "actuals-cannot-create",
            &[("dir", dir.display().to_string()), ("error", e.to_string())],
        )
    })?;
    let xlsx_path = dir.join(format!("{}.xlsx", doc.file_stem));
    let html_path = dir.join(format!("{}.html", doc.file_stem));
    let csv_path = dir.join(format!("{}.csv", doc.file_stem));
    // Each file is written whole or not at all (temp file, fsync, rename):
    // a full disk leaves last month's report, never half of this one's.
    let xlsx = xlsx::to_bytes(doc).map_err(|e| format!("{}: {e}", xlsx_path.display()))?;
    crate::base::files::write_atomic(&xlsx_path, &xlsx)
        .map_err(|e| format!("{}: {e}", xlsx_path.display()))?;
    crate::base::files::write_atomic(&html_path, html::render(doc).as_bytes())
        .map_err(|e| format!("{}: {e}", html_path.display()))?;
    crate::base::files::write_atomic(&csv_path, csv::render(doc).as_bytes())
        .map_err(|e| format!("{}: {e}", csv_path.display()))?;
    Ok(vec![xlsx_path, html_path, csv_path])
}

/// The sheet names a workbook has given out, so that each new one is
/// unique as Excel compares them (ASCII letters without case). A set, not
/// a list: a province's 100,000 sheets made the list's search two thirds of
/// a report's time.
pub struct SheetNames(std::collections::HashSet<String>);

impl SheetNames {
    /// Names for a workbook whose first sheet is `first`.
    pub fn new(first: &str) -> SheetNames {
        SheetNames(std::iter::once(first.to_ascii_lowercase()).collect())
    }

    /// A sheet name Excel accepts: forbidden characters (Excel's []:*?/\
    /// and control characters) replaced, at most 31 characters, unique
    /// among the names given out so far (a number is appended on
    /// collision); remembered.
    pub fn take(&mut self, wanted: &str) -> String {
        let name = sheet_name(wanted, |n| self.0.contains(&n.to_ascii_lowercase()));
        self.0.insert(name.to_ascii_lowercase());
        name
    }
}

/// `wanted` made a legal sheet name that `taken` does not know.
pub fn sheet_name(wanted: &str, taken: impl Fn(&str) -> bool) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || !crate::base::escape::is_plain(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String = clean.chars().take(31).collect();
    let base = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    if !taken(&base) {
        return base;
    }
    for n in 2.. {
        let suffix = format!("~{n}");
        let cut: String = base.chars().take(31 - suffix.chars().count()).collect();
        let name = format!("{cut}{suffix}");
        if !taken(&name) {
            return name;
        }
    }
    unreachable!()
}

/// The chart of one project or of the department: the plan curve at its
/// breakpoints, and cumulative actual payments (percent of `budget`) after
/// A project's standing as every summary table opens its row: rank, code,
/// name, owner, budget in force, paid, execution, plan and 序时 progress,
/// gap and level. Tables append their own columns after these.
pub fn standing_cells(
    lang: Lang,
    rank: usize,
    p: &crate::model::Project,
    s: &crate::progress::ProjectStatus,
) -> Vec<Cell> {
    vec![
        Cell::Int(rank as i64 + 1),
        Cell::text(&p.code),
        Cell::text(&p.name),
        Cell::text(monthly::owner(lang, p)),
        Cell::Yuan(s.budget),
        Cell::Yuan(s.paid),
        Cell::Percent(s.execution_pct),
        Cell::Percent(s.expected_pct),
        Cell::Percent(s.time_progress_pct),
        Cell::Number(s.gap_points),
        Cell::text(s.status.label_in(lang)),
    ]
}

/// The department's total as every summary table opens its total row,
/// under the columns `standing_cells` opens a project's: the count,
/// budget, paid, execution and the budget-weighted plan progress. Tables
/// append their own columns after these.
pub fn total_cells(lang: Lang, progress: &crate::progress::Progress) -> Vec<Cell> {
    let (budget, paid) = (progress.total_budget(), progress.total_paid());
    vec![
        Cell::Empty,
        Cell::text(word(lang, "report-department-total")),
        Cell::text(message_in(
            lang,
            "report-projects-count",
            &[("count", progress.projects.len().to_string())],
        )),
        Cell::Empty,
        Cell::Yuan(budget),
        Cell::Yuan(paid),
        Cell::Percent(crate::base::percent::percent_of(paid, budget)),
        Cell::Percent(monthly::weighted_expected(progress)),
    ]
}

/// One project's section of a report: its title, notes and tables, and the
/// chart every report draws for it (planned against actual cumulative
/// spending, against the budget in force).
#[allow(clippy::too_many_arguments)]
pub fn project_sheet(
    lang: Lang,
    sheet: String,
    p: &crate::model::Project,
    s: &crate::progress::ProjectStatus,
    notes: Vec<String>,
    tables: Vec<Table>,
    daily: &[crate::ledger::DailyTotal],
    as_of: NaiveDate,
) -> Section {
    let year = p.plan.year;
    Section {
        sheet,
        title: message_in(
            lang,
            "report-project-title",
            &[("name", p.name.clone()), ("code", p.code.clone())],
        ),
        notes,
        tables,
        chart: Some(chart(
            message_in(lang, "report-project-chart", &[("name", p.name.clone())]),
            &[(&p.plan, s.budget)],
            &crate::progress::cumulative_series(daily, Some(s.index as u32), year),
            s.budget,
            year,
            as_of,
        )),
    }
}

/// each payment day up to `as_of`.
pub fn chart(
    title: String,
    plans: &[(&crate::model::plan::Plan, Fen)],
    series: &[(NaiveDate, Fen)],
    budget: Fen,
    year: i32,
    as_of: NaiveDate,
) -> Chart {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
    let mut dates: Vec<NaiveDate> = plans
        .iter()
        .flat_map(|(p, _)| p.checkpoints.iter().map(|c| c.date))
        .chain(std::iter::once(jan1))
        .collect();
    dates.sort();
    dates.dedup();
    // Budget-weighted plan: exact at the union of breakpoints, since each
    // curve is linear between its own.
    let plan = dates
        .into_iter()
        .map(|d| {
            let planned: Decimal = plans
                .iter()
                .map(|(p, b)| p.expected_percent(d) * Decimal::from(b.0))
                .sum();
            let pct = if budget.0 > 0 {
                planned / Decimal::from(budget.0)
            } else {
                Decimal::ZERO
            };
            let pct = if d == jan1 { Decimal::ZERO } else { pct };
            (d, pct)
        })
        .collect();
    let actual = series
        .iter()
        .filter(|(d, _)| *d <= as_of)
        .map(|(d, f)| (*d, crate::base::percent::percent_of(*f, budget)))
        .collect();
    Chart {
        title,
        year,
        plan,
        actual,
        as_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut names = SheetNames::new("汇总");
        let mut taken = vec!["汇总".to_string()];
        for w in [
            "a/b:c",
            "汇总",
            &"长".repeat(40),
            &"长".repeat(40),
            "Ab",
            "aB",
            "ab",
        ] {
            let n = names.take(w);
            assert!(n.chars().count() <= 31);
            assert!(!n.contains(['/', ':']));
            assert!(
                !taken.iter().any(|t| t.eq_ignore_ascii_case(&n)),
                "{n} given twice"
            );
            taken.push(n);
        }
        assert_eq!(taken[2], "汇总~2");
        assert_eq!(taken[3].chars().count(), 31);
        assert_eq!(&taken[5..], ["Ab", "aB~2", "ab~3"]);
    }

    #[test]
    fn cells_display_as_people_read_them() {
        assert_eq!(Cell::Yuan(Fen(407_257_000)).display(), "4,072,570.00");
        assert_eq!(
            Cell::Percent("33.3333".parse().unwrap()).display(),
            "33.33%"
        );
        assert_eq!(Cell::Number("7.125".parse().unwrap()).display(), "7.13");
        assert_eq!(Cell::Wan(Fen(5_000_000)).display(), "5.0000");
        assert_eq!(Cell::Wan(Fen(22_800_000)).display(), "22.8000");
    }
}
