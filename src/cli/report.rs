//! `report monthly` and `report year-end`: the documents the office files,
//! as .xlsx, .html and .csv in the reports folder.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use super::{parse_month, print_stderr, unusable, InputArgs};
use crate::base::i18n::lang;
use crate::jobs::inputs::{self, Inputs, Show};
use crate::jobs::{Outcome, Unusable};
use crate::ledger::Ledger;
use crate::model::Config;
use crate::progress::Progress;

#[derive(Debug, Subcommand)]
pub(crate) enum ReportKind {
    /// Every project's progress at the end of a month.
    Monthly(MonthlyArgs),
    /// Mid-year performance monitoring (绩效运行监控, 双监控) through a month.
    Monitoring(MonitoringArgs),
    /// The year-end self-evaluation (绩效自评) of every project.
    YearEnd(YearEndArgs),
    /// The dashboard page (监控看板, index.html) at a date; `run` writes it
    /// every night too.
    Dashboard(DashboardArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DashboardArgs {
    /// Output folder. Default: reports_dir in settings.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// State folder whose notification log is shown. Default: state_dir
    /// in settings.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct MonthlyArgs {
    /// The month, YYYY-MM; the report is at its last day.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    month: NaiveDate,
    /// Output folder. Default: reports_dir in settings.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    units: UnitArgs,
    #[command(flatten)]
    input: InputArgs,
}

/// Whose report: a city's or a province's registry holds many units
/// (单位编码), and each files its own forms.
#[derive(Debug, Args)]
pub(crate) struct UnitArgs {
    /// Only the projects of this unit (单位编码), as the unit's own report,
    /// its code in the file names (绩效运行监控-2025-07-308001.xlsx);
    /// repeatable.
    #[arg(long = "unit", value_name = "CODE")]
    units: Vec<String>,
    /// One report per unit the projects name.
    #[arg(long, conflicts_with = "units")]
    by_unit: bool,
}

#[derive(Debug, Args)]
pub(crate) struct MonitoringArgs {
    /// The last month monitored, YYYY-MM (1–X月); figures at its last day.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    through: NaiveDate,
    /// The values owners reported (CSV, see actuals-template); repeat to
    /// merge one sheet per owner. Default: actuals-YEAR.csv in the config
    /// folder, when it exists.
    #[arg(long, value_name = "FILE")]
    actuals: Vec<PathBuf>,
    /// Output folder. Default: reports_dir in settings.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    units: UnitArgs,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct YearEndArgs {
    /// The fiscal year. Default: fiscal_year in settings.
    #[arg(long)]
    year: Option<i32>,
    /// The actual values owners reported (CSV, see actuals-template);
    /// repeat to merge one sheet per owner. Default: actuals-YEAR.csv in the
    /// config folder, when it exists.
    #[arg(long, value_name = "FILE")]
    actuals: Vec<PathBuf>,
    /// Output folder. Default: reports_dir in settings.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    units: UnitArgs,
    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn report(kind: ReportKind) -> Outcome {
    let done = match kind {
        ReportKind::Monthly(a) => monthly(&a),
        ReportKind::Monitoring(a) => monitoring(&a),
        ReportKind::YearEnd(a) => year_end(&a),
        ReportKind::Dashboard(a) => dashboard(&a),
    };
    done.unwrap_or_else(unusable)
}

/// What every report starts from: inputs loaded, output folder created
/// before the long work, ledgers read (quarantine rewritten), progress at
/// the report's date.
struct Prepared {
    inputs: Inputs,
    ledger: Ledger,
    progress: Progress,
    dir: PathBuf,
    /// The day the report is made (the as-of date), not the day it is at.
    made: NaiveDate,
}

fn prepare(
    input: &InputArgs,
    out: Option<&PathBuf>,
    extra_inputs: &[crate::config::outputs::Input],
    at: impl Fn(&Config) -> Result<NaiveDate, String>,
) -> Result<Prepared, Unusable> {
    let mut inputs = inputs::load(&input.request(Vec::new()))?;
    print_stderr(&inputs.notes);
    let made = inputs.as_of;
    let at = at(&inputs.config).map_err(Unusable::error)?;
    inputs.as_of = at;
    let dir = out
        .cloned()
        .unwrap_or_else(|| inputs.config.settings.reports_dir.clone());
    inputs::refuse_overlaps(
        &inputs,
        &input.config,
        &[(
            crate::base::i18n::message("out-reports-folder", &[]).as_str(),
            dir.clone(),
        )],
        extra_inputs,
    )?;
    crate::base::files::create_folder(&dir, &crate::base::i18n::message("run-folder-reports", &[]))
        .map_err(Unusable::error)?;
    let state = inputs.config.settings.state_dir.clone();
    let ledger = inputs::read_ledgers(&inputs, false, Some(state));
    print_stderr(&inputs::problem_lines(
        &ledger,
        Show {
            every_file: input.verbose,
            rows: 20,
        },
    ));
    match inputs::write_quarantine(&inputs.config.settings.quarantine_file, &ledger) {
        Ok(line) => print_stderr(&line.into_iter().collect::<Vec<_>>()),
        Err(e) => print_stderr(&[crate::base::i18n::message(
            "line-error",
            &[("text", e.to_string())],
        )]),
    }
    let progress = crate::progress::compute(&inputs.config, &ledger.daily, at).map_err(|e| {
        Unusable::error(crate::base::i18n::message(
            "progress-failed",
            &[("error", e.to_string())],
        ))
    })?;
    Ok(Prepared {
        inputs,
        ledger,
        progress,
        dir,
        made,
    })
}

fn in_fiscal_year(c: &Config, year: i32) -> Result<(), String> {
    if year == c.settings.fiscal_year {
        Ok(())
    } else {
        Err(crate::base::i18n::message(
            "report-not-fiscal-year",
            &[
                ("year", year.to_string()),
                ("fiscal_year", c.settings.fiscal_year.to_string()),
            ],
        ))
    }
}

/// A report's last steps, after its files are written: the cache writer's
/// notes and the summary line shown; problems when the ledger or the
/// owners' sheets (`sheet_problems`) had any.
fn finish(p: &mut Prepared, what: &str, sheet_problems: bool) -> Result<Outcome, Unusable> {
    print_stderr(&inputs::cache_notes(&mut p.ledger));
    print_stderr(&[inputs::summary_line(what, &p.inputs, &p.ledger)]);
    Ok(Outcome::problems_if(
        p.ledger.has_problems() || sheet_problems,
    ))
}

fn write(doc: &crate::report::Document, dir: &Path) -> Result<(), Unusable> {
    let paths = crate::report::write_all(doc, dir).map_err(Unusable::error)?;
    print_stderr(
        &paths
            .iter()
            .map(|p| {
                crate::base::i18n::message("report-wrote", &[("file", p.display().to_string())])
            })
            .collect::<Vec<_>>(),
    );
    Ok(())
}

/// One report's inputs: the whole configuration, or one unit's part of it
/// with its projects renumbered (`indexes`: their places in the whole).
struct Part<'a> {
    config: &'a Config,
    progress: &'a Progress,
    daily: &'a [crate::ledger::DailyTotal],
    indexes: Option<&'a [usize]>,
}

impl Part<'_> {
    /// The owners' values of this part's projects.
    fn of<'b>(
        &self,
        all: &'b crate::actuals::Actuals,
    ) -> std::borrow::Cow<'b, crate::actuals::Actuals> {
        match self.indexes {
            None => std::borrow::Cow::Borrowed(all),
            Some(i) => std::borrow::Cow::Owned(all.of_projects(i)),
        }
    }
}

/// Makes and writes the report: of everything, or of each unit asked for
/// (`UnitArgs`), one unit in memory at a time. A province's 100,000
/// projects in one workbook took 41 s and 4.6 GB, and no one files them
/// in one.
fn write_parts(
    p: &Prepared,
    u: &UnitArgs,
    make: impl Fn(&Part) -> crate::report::Document,
) -> Result<(), Unusable> {
    let config = &p.inputs.config;
    let asked = units_asked(config, u).map_err(Unusable::error)?;
    if asked.is_empty() {
        return write(
            &make(&Part {
                config,
                progress: &p.progress,
                daily: &p.ledger.daily,
                indexes: None,
            }),
            &p.dir,
        );
    }
    for unit in &asked {
        let part_config = config.of_unit(unit);
        let daily = crate::ledger::daily_of(&p.ledger.daily, &unit.projects);
        let progress =
            crate::progress::compute(&part_config, &daily, p.progress.as_of).map_err(|e| {
                Unusable::error(crate::base::i18n::message(
                    "progress-failed",
                    &[("error", e.to_string())],
                ))
            })?;
        let mut doc = make(&Part {
            config: &part_config,
            progress: &progress,
            daily: &daily,
            indexes: Some(&unit.projects),
        });
        doc.file_stem = format!("{}-{}", doc.file_stem, file_part(&unit.code));
        write(&doc, &p.dir)?;
    }
    Ok(())
}

/// The units `u` asks for, each once, in the order asked (`--by-unit`: all,
/// in registry order; none: the report of everything); an error names a
/// code no project has. Checked before the ledgers are read (`prepare`'s
/// check), used after. The registry is grouped only when units are asked.
fn units_asked(config: &Config, u: &UnitArgs) -> Result<Vec<crate::model::Unit>, String> {
    if u.units.is_empty() && !u.by_unit {
        return Ok(Vec::new());
    }
    let all = config.units();
    if u.by_unit {
        // clap keeps --unit and --by-unit apart.
        return Ok(all);
    }
    let mut chosen: Vec<crate::model::Unit> = Vec::new();
    for code in &u.units {
        let code = code.trim();
        let unit = all.iter().find(|x| &*x.code == code).ok_or_else(|| {
            let known: Vec<&str> = all.iter().take(10).map(|x| &*x.code).collect();
            crate::base::i18n::message(
                "report-unit-unknown",
                &[
                    ("unit", format!("{code:?}")),
                    ("file", config.projects_file.display().to_string()),
                    ("count", all.len().to_string()),
                    ("units", known.join(", ")),
                ],
            )
        })?;
        if !chosen.contains(unit) {
            chosen.push(unit.clone());
        }
    }
    Ok(chosen)
}

/// A unit code as part of a file name: letters, digits, `-` and `_` kept,
/// anything else `_` (codes are digits; a registry could hold anything).
fn file_part(code: &str) -> String {
    if code.is_empty() {
        return "_".into();
    }
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn monthly(a: &MonthlyArgs) -> Result<Outcome, Unusable> {
    let month = a.month;
    let mut p = prepare(&a.input, a.out.as_ref(), &[], |c| {
        units_asked(c, &a.units)?;
        in_fiscal_year(c, month.year()).map(|_| month)
    })?;
    write_parts(&p, &a.units, |x| {
        crate::report::monthly::build(x.config, x.progress, x.daily, p.made, lang())
    })?;
    finish(&mut p, "report monthly", false)
}

fn year_end(a: &YearEndArgs) -> Result<Outcome, Unusable> {
    let mut p = prepare(&a.input, a.out.as_ref(), &actuals_inputs(&a.actuals), |c| {
        units_asked(c, &a.units)?;
        let year = a.year.unwrap_or(c.settings.fiscal_year);
        in_fiscal_year(c, year)?;
        crate::base::dates::month_end(year, 12).ok_or_else(|| {
            crate::base::i18n::message("report-no-such-year", &[("year", year.to_string())])
        })
    })?;
    let actuals = actuals(&a.actuals, &a.input.config, &p.inputs.config)?;
    write_parts(&p, &a.units, |x| {
        crate::report::year_end::build(
            x.config,
            x.progress,
            x.daily,
            &x.of(&actuals),
            p.made,
            lang(),
        )
    })?;
    finish(&mut p, "report year-end", !actuals.problems.is_empty())
}

/// The owners' values for a report: the files given (merged; the same
/// indicator in two files is an error naming both), else the config
/// folder's actuals-YEAR.csv, else none (every indicator 未填报, with a
/// warning).
fn actuals(
    given: &[PathBuf],
    config_dir: &Path,
    config: &Config,
) -> Result<crate::actuals::Actuals, Unusable> {
    let year = config.settings.fiscal_year;
    let default_actuals = config_dir.join(format!("actuals-{year}.csv"));
    let paths: Vec<PathBuf> = if given.is_empty() {
        default_actuals
            .is_file()
            .then_some(default_actuals)
            .into_iter()
            .collect()
    } else {
        given.to_vec()
    };
    if paths.is_empty() {
        print_stderr(&[crate::base::i18n::message(
            "actuals-none",
            &[("year", year.to_string())],
        )]);
        return Ok(crate::actuals::Actuals::empty(config));
    }
    let actuals = crate::actuals::read_many(&paths, config).map_err(|errors| {
        Unusable(
            errors
                .iter()
                .map(|d| crate::base::i18n::message("line-error", &[("text", d.to_string())]))
                .collect(),
        )
    })?;
    print_stderr(
        &actuals
            .problems
            .iter()
            .map(|d| crate::base::i18n::message("line-problem", &[("text", d.to_string())]))
            .collect::<Vec<_>>(),
    );
    Ok(actuals)
}

fn monitoring(a: &MonitoringArgs) -> Result<Outcome, Unusable> {
    let through = a.through;
    let mut p = prepare(&a.input, a.out.as_ref(), &actuals_inputs(&a.actuals), |c| {
        units_asked(c, &a.units)?;
        in_fiscal_year(c, through.year()).map(|_| through)
    })?;
    let actuals = actuals(&a.actuals, &a.input.config, &p.inputs.config)?;
    write_parts(&p, &a.units, |x| {
        crate::report::monitoring::build(
            x.config,
            x.progress,
            x.daily,
            &x.of(&actuals),
            p.made,
            lang(),
        )
    })?;
    finish(&mut p, "report monitoring", !actuals.problems.is_empty())
}

fn dashboard(a: &DashboardArgs) -> Result<Outcome, Unusable> {
    let as_of = a.input.as_of.unwrap_or_else(super::today);
    let mut p = prepare(&a.input, a.out.as_ref(), &[], |_| Ok(as_of))?;
    let db = a
        .state
        .clone()
        .unwrap_or_else(|| p.inputs.config.settings.state_dir.clone())
        .join(crate::state::DB_FILE);
    // Read from a copy: the page never changes the log.
    let log = if db.is_file() {
        Some(
            crate::state::Log::open_copy(&db)
                .map_err(|e| Unusable::error(crate::state::log_failed(&db, e)))?,
        )
    } else {
        None
    };
    let path = crate::report::dashboard::write_night(
        &p.dir,
        &p.inputs.config,
        &p.progress,
        &p.ledger,
        log.as_ref(),
        lang(),
    )
    .map_err(Unusable::error)?;
    print_stderr(&[crate::base::i18n::message(
        "report-wrote",
        &[("file", path.display().to_string())],
    )]);
    print_stderr(&inputs::cache_notes(&mut p.ledger));
    print_stderr(&[inputs::summary_line(
        "report dashboard",
        &p.inputs,
        &p.ledger,
    )]);
    Ok(Outcome::problems_if(p.ledger.has_problems()))
}

/// The actuals sheets named on the command line, as inputs no report may
/// be written over.
fn actuals_inputs(paths: &[PathBuf]) -> Vec<crate::config::outputs::Input> {
    paths
        .iter()
        .map(|p| crate::config::outputs::Input {
            what: crate::base::i18n::message("out-actuals-sheet", &[]),
            path: p.clone(),
        })
        .collect()
}
