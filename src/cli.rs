//! The command line: argument parsing and the subcommands. Each subcommand
//! checks its inputs first (config, ledger paths, output locations), then
//! does the work, reports problems on stderr as `file:line: message`, and
//! returns the exit code: 0 clean, 1 done with problems, 2 nothing usable.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::{Args, Parser, Subcommand};

use crate::config::{self, Config, LoadOptions};
use crate::ledger::{self, IngestOptions, Ledger};
use crate::output::{self, Format};

/// Exit code: everything fine.
pub const EXIT_OK: i32 = 0;
/// Exit code: done, but there were problems (bad rows, unreadable files).
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: nothing done (configuration or usage error).
pub const EXIT_UNUSABLE: i32 = 2;

/// Budget execution monitoring: where every project stands against its
/// disbursement plan, from the ledger exports finance staff drop in a folder.
#[derive(Debug, Parser)]
#[command(name = "budget-monitor", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show every project's progress at a date (table, csv or json).
    Status(StatusArgs),
    /// Validate config and ledgers, print every problem, change nothing.
    /// Exit code 0 clean, 1 problems found, 2 unusable input.
    Check(InputArgs),
    /// The nightly job: ingest, evaluate alerts, send email, record it all.
    /// Exit code 0 all done, 1 done with problems, 2 nothing done.
    Run(RunArgs),
    /// Print the notification log: every alert's history.
    Log(LogArgs),
    /// Print when the scheduled emails fall due next.
    Schedule(ScheduleArgs),
    /// Read a performance-target document (text export) and write the
    /// projects in the config/projects.toml format.
    ImportTargets(ImportTargetsArgs),
    /// Review the performance targets as a finance bureau reviewer would.
    /// Exit code 1 when errors are found, 0 otherwise.
    Lint(LintArgs),
    /// Write the actual-values CSV for owners to fill in, one row per
    /// project and indicator.
    ActualsTemplate(ActualsTemplateArgs),
    /// Write a report (.xlsx, .html and .csv) into the reports folder.
    #[command(subcommand)]
    Report(ReportKind),
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Ledger export files or folders (repeatable). Default: ledger_dir.
    #[arg(long, value_name = "PATH")]
    ledger: Vec<PathBuf>,
    /// The night's date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    as_of: Option<NaiveDate>,
    /// State folder (notification log, lock). Default: state_dir.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// Outbox folder for .eml files. Default: outbox_dir.
    #[arg(long, value_name = "DIR")]
    outbox: Option<PathBuf>,
    /// Render every email that would be sent into OUTBOX/dry-run-DATE and
    /// change no state.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
struct LogArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// State folder. Default: state_dir.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// Only this project's alerts.
    #[arg(long, value_name = "CODE")]
    project: Option<String>,
}

#[derive(Debug, Args)]
struct ScheduleArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// From this date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    as_of: Option<NaiveDate>,
    /// How many times to list.
    #[arg(long, default_value_t = 3)]
    count: usize,
}

#[derive(Debug, Args)]
struct ImportTargetsArgs {
    /// The target document as text (the word-processor export).
    file: PathBuf,
    /// Fiscal year of the plan checkpoints. Default: fiscal_year of the
    /// owners file, else the current year.
    #[arg(long)]
    year: Option<i32>,
    /// Keep the owners and head of this projects file. Default:
    /// config/projects.toml when it exists.
    #[arg(long, value_name = "FILE")]
    owners_from: Option<PathBuf>,
    /// Output file, or - for standard output.
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    out: PathBuf,
    /// Replace --out when it already exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct LintArgs {
    /// A target document (text export) or a projects TOML file. Default:
    /// the projects of the config folder.
    file: Option<PathBuf>,
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Fiscal year for a target document's checkpoints. Default: this year.
    #[arg(long)]
    year: Option<i32>,
}

#[derive(Debug, Args)]
struct ActualsTemplateArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Projects from another file (projects TOML or registry CSV).
    #[arg(long, value_name = "FILE")]
    projects: Option<PathBuf>,
    /// Output file, or - for standard output.
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    out: PathBuf,
    /// Replace --out when it already exists (owners may have filled it in).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Subcommand)]
enum ReportKind {
    /// Every project's progress at the end of a month.
    Monthly(MonthlyArgs),
    /// The year-end self-evaluation (绩效自评) of every project.
    YearEnd(YearEndArgs),
}

#[derive(Debug, Args)]
struct MonthlyArgs {
    /// The month, YYYY-MM; the report is at its last day.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    month: NaiveDate,
    /// Output folder. Default: reports_dir in settings.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Args)]
struct YearEndArgs {
    /// The fiscal year. Default: fiscal_year in settings.
    #[arg(long)]
    year: Option<i32>,
    /// The actual values owners reported (CSV, see actuals-template).
    /// Default: actuals-YEAR.csv in the config folder, when it exists.
    #[arg(long, value_name = "FILE")]
    actuals: Option<PathBuf>,
    /// Output folder. Default: reports_dir in settings.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

fn parse_month(s: &str) -> Result<NaiveDate, String> {
    let bad = || format!("{s:?} is not a month like 2025-06");
    let (y, m) = s.split_once('-').ok_or_else(bad)?;
    let (y, m) = (
        y.parse::<i32>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
    );
    crate::dates::month_end(y, m).ok_or_else(bad)
}

/// Where the inputs are.
#[derive(Debug, Args)]
struct InputArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Projects from another file: a projects TOML or a registry CSV
    /// (项目编码, 项目名称, 单位编码, 预算数, 支出计划, 负责人, 邮箱).
    #[arg(long, value_name = "FILE")]
    projects: Option<PathBuf>,
    /// Ledger export files or folders (repeatable). Default: the ledger
    /// folder named in settings.toml.
    #[arg(long, value_name = "PATH")]
    ledger: Vec<PathBuf>,
    /// The date to evaluate at (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    as_of: Option<NaiveDate>,
    /// Print the reconciliation line of every file, not only of files with
    /// problems.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct StatusArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Where to write quarantined rows. Default: quarantine_file in settings.
    #[arg(long, value_name = "FILE")]
    quarantine: Option<PathBuf>,
    /// State folder whose ledger cache is used and updated. Default:
    /// state_dir in settings.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// Read every export from scratch and leave the cache alone.
    #[arg(long)]
    no_cache: bool,
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2025-07-15"))
}

/// Writes to stdout; a closed pipe (`status | head`) is not an error worth a
/// panic: the reader has what it wanted.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_UNUSABLE
            } else {
                EXIT_OK
            };
        }
    };
    match cli.command {
        Command::Status(a) => status(&a),
        Command::Check(a) => check(&a),
        Command::Run(a) => run(&a),
        Command::Log(a) => log(&a),
        Command::Schedule(a) => schedule(&a),
        Command::ImportTargets(a) => import_targets(a),
        Command::Lint(a) => lint(a),
        Command::ActualsTemplate(a) => actuals_template(&a),
        Command::Report(ReportKind::Monthly(a)) => report_monthly(&a),
        Command::Report(ReportKind::YearEnd(a)) => report_year_end(&a),
    }
}

/// Config and ledger, loaded and checked; the common first half of commands.
struct Inputs {
    config: Config,
    as_of: NaiveDate,
    /// The ledger paths given (or ledger_dir).
    paths: Vec<PathBuf>,
    files: Vec<PathBuf>,
    path_problems: Vec<crate::diag::Diagnostic>,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn load_inputs(a: &InputArgs, quarantine: Option<&PathBuf>) -> Result<Inputs, i32> {
    let as_of = a.as_of.unwrap_or_else(today);
    let config = match config::load(&LoadOptions {
        config_dir: a.config.clone(),
        projects: a.projects.clone(),
        default_year: as_of.year(),
    }) {
        Ok(c) => c,
        Err(errors) => {
            for d in &errors.0 {
                eprintln!("error: {d}");
            }
            eprintln!(
                "configuration has {} problem(s); nothing done",
                errors.0.len()
            );
            return Err(EXIT_UNUSABLE);
        }
    };
    if as_of.year() != config.settings.fiscal_year {
        eprintln!(
            "note: as-of date {as_of} is outside fiscal year {}; figures are those at the {} of that year",
            config.settings.fiscal_year,
            if as_of.year() > config.settings.fiscal_year { "end" } else { "start" }
        );
    }
    let paths = if a.ledger.is_empty() {
        vec![config.settings.ledger_dir.clone()]
    } else {
        a.ledger.clone()
    };
    for p in &paths {
        if !p.exists() {
            eprintln!(
                "error: {}: ledger path does not exist; pass --ledger PATH or set ledger_dir in settings.toml",
                p.display()
            );
            return Err(EXIT_UNUSABLE);
        }
    }
    let exclude: Vec<PathBuf> = quarantine
        .cloned()
        .into_iter()
        .chain(std::iter::once(config.settings.quarantine_file.clone()))
        .collect();
    let (files, path_problems) = ledger::collect_inputs(&paths, &exclude);
    let paths = paths.iter().map(|p| config::absolute(p)).collect();
    Ok(Inputs {
        config,
        as_of,
        paths,
        files,
        path_problems,
    })
}

/// Refuses outputs given on the command line that are, or lie inside, an
/// input (see `config::outputs`); prints why.
fn refuse_overlaps(
    inputs: &Inputs,
    a: &InputArgs,
    outputs: &[(&str, PathBuf)],
    extra: &[config::outputs::Input],
) -> Result<(), i32> {
    let mut all = config::outputs::inputs(
        &inputs.config.settings,
        &a.config,
        &inputs.config.projects_file,
        &inputs.paths,
    );
    all.extend(extra.iter().cloned());
    let refused = config::outputs::overlaps(outputs, &all);
    for e in &refused {
        eprintln!("error: {e}");
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(EXIT_UNUSABLE)
    }
}

/// Reads the ledgers; `state` is the state folder whose cache is used.
fn read_ledgers(inputs: &Inputs, progress: bool, state: Option<PathBuf>) -> Ledger {
    let opts = IngestOptions {
        fiscal_year: inputs.config.settings.fiscal_year,
        profiles: &inputs.config.settings.profiles,
        projects: inputs
            .config
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.clone(), i as u32))
            .collect(),
        progress,
        exclude: Vec::new(),
        state_dir: state,
    };
    let mut ledger = ledger::ingest(&inputs.files, &opts);
    let mut problems = inputs.path_problems.clone();
    problems.append(&mut ledger.problems);
    ledger.problems = problems;
    ledger
}

/// Prints reconciliation lines, problems and quarantined rows on stderr.
fn report_problems(ledger: &Ledger, verbose: bool, max_rows: usize) {
    for n in &ledger.notes {
        eprintln!("note: {n}");
    }
    for f in &ledger.files {
        let bad = f.error.is_some() || f.quarantined > 0;
        if verbose || bad {
            eprintln!("{}", f.reconciliation());
        }
    }
    for p in &ledger.problems {
        eprintln!("problem: {p}");
    }
    for (i, q) in ledger.quarantine.iter().enumerate() {
        if i == max_rows {
            eprintln!(
                "... and {} more quarantined rows",
                ledger.quarantine.len() - max_rows
            );
            break;
        }
        eprintln!("quarantined: {}:{}: {}", q.file.display(), q.line, q.reason);
    }
}

fn summary_line(cmd: &str, inputs: &Inputs, ledger: &Ledger) -> String {
    let used: u64 = ledger.files.iter().map(|f| f.used).sum();
    let dups: u64 = ledger.files.iter().map(|f| f.duplicates).sum();
    let unread = ledger.files.iter().filter(|f| f.error.is_some()).count();
    format!(
        "{cmd}: {} projects, {} ledger files ({} unreadable, {} from cache), {} payments used, {} duplicates skipped, {} rows quarantined, {} other problems, as of {}",
        inputs.config.projects.len(),
        ledger.files.len(),
        unread,
        ledger.cached_files,
        used,
        dups,
        ledger.quarantine.len(),
        ledger.problems.len(),
        inputs.as_of
    )
}

fn status(a: &StatusArgs) -> i32 {
    let clock = crate::diag::PhaseClock::from_env();
    let inputs = match load_inputs(&a.input, a.quarantine.as_ref()) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let qfile = a
        .quarantine
        .clone()
        .unwrap_or_else(|| inputs.config.settings.quarantine_file.clone());
    let state_out = (!a.no_cache).then(|| {
        a.state
            .clone()
            .unwrap_or_else(|| inputs.config.settings.state_dir.clone())
    });
    let outputs: Vec<(&str, PathBuf)> = std::iter::once(("the quarantine file", qfile.clone()))
        .chain(state_out.map(|s| ("the state folder", s)))
        .collect();
    if let Err(code) = refuse_overlaps(&inputs, &a.input, &outputs, &[]) {
        return code;
    }
    // Fail in the first second on an unwritable quarantine location.
    if let Some(dir) = qfile.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!(
                "error: {}: cannot create quarantine folder: {e}",
                dir.display()
            );
            return EXIT_UNUSABLE;
        }
    }
    clock.mark("config");
    let state = (!a.no_cache).then(|| {
        a.state
            .clone()
            .unwrap_or_else(|| inputs.config.settings.state_dir.clone())
    });
    let ledger = read_ledgers(&inputs, true, state);
    clock.mark("ledgers");
    report_problems(&ledger, a.input.verbose, 20);
    if let Err(e) = ledger::quarantine::write(&qfile, &ledger.quarantine) {
        eprintln!(
            "error: {}: cannot write quarantine file: {e}",
            qfile.display()
        );
    } else if !ledger.quarantine.is_empty() {
        eprintln!(
            "{} quarantined rows written to {}",
            ledger.quarantine.len(),
            qfile.display()
        );
    }
    let progress = match crate::progress::compute(&inputs.config, &ledger.daily, inputs.as_of) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: computing progress failed: {e}");
            return EXIT_UNUSABLE;
        }
    };
    clock.mark("progress");
    let text = match a.format {
        Format::Table => output::to_table(&progress),
        Format::Csv => output::to_csv(&progress),
        Format::Json => output::to_json(&progress),
    };
    print_stdout(&text);
    clock.mark("output");
    eprintln!("{}", summary_line("status", &inputs, &ledger));
    if ledger.has_problems() {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

fn check(a: &InputArgs) -> i32 {
    let inputs = match load_inputs(a, None) {
        Ok(i) => i,
        Err(code) => return code,
    };
    eprintln!(
        "config: {} projects from {}, fiscal year {}: ok",
        inputs.config.projects.len(),
        inputs.config.projects_file.display(),
        inputs.config.settings.fiscal_year
    );
    // `check` changes nothing, the cache included.
    let ledger = read_ledgers(&inputs, true, None);
    report_problems(&ledger, true, usize::MAX);
    eprintln!("{}", summary_line("check", &inputs, &ledger));
    if ledger.has_problems() {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

fn run(a: &RunArgs) -> i32 {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    crate::nightly::run(&crate::nightly::RunOptions {
        config_dir: a.config.clone(),
        ledgers: a.ledger.clone(),
        as_of: a.as_of.unwrap_or_else(today),
        state_dir: a.state.clone(),
        outbox_dir: a.outbox.clone(),
        dry_run: a.dry_run,
        smtp_url: env(crate::nightly::ENV_SMTP_URL),
        smtp_password: env(crate::nightly::ENV_SMTP_PASSWORD),
    })
    .exit_code
}

fn load_config(dir: &std::path::Path, year: i32) -> Result<Config, i32> {
    config::load(&LoadOptions {
        config_dir: dir.to_path_buf(),
        projects: None,
        default_year: year,
    })
    .map_err(|errors| {
        for d in &errors.0 {
            eprintln!("error: {d}");
        }
        EXIT_UNUSABLE
    })
}

fn log(a: &LogArgs) -> i32 {
    let config = match load_config(&a.config, today().year()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let state_dir = a
        .state
        .as_deref()
        .map(config::absolute)
        .unwrap_or_else(|| config.settings.state_dir.clone());
    let db = state_dir.join(crate::state::DB_FILE);
    if !db.exists() {
        eprintln!(
            "{}: no notification log yet (the nightly run creates it)",
            db.display()
        );
        return EXIT_OK;
    }
    let history = match crate::state::Log::open(&db).and_then(|l| l.history(a.project.as_deref())) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return EXIT_UNUSABLE;
        }
    };
    print_stdout(&output::history(&config, &history));
    eprintln!("log: {} alerts in {}", history.len(), db.display());
    EXIT_OK
}

fn schedule(a: &ScheduleArgs) -> i32 {
    let from = a.as_of.unwrap_or_else(today);
    let config = match load_config(&a.config, from.year()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let expr = &config.settings.email.monthly_schedule;
    let sched = match crate::schedule::parse_cron(expr) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_UNUSABLE;
        }
    };
    let times: Vec<String> = crate::schedule::upcoming(&sched, from, a.count)
        .iter()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .collect();
    let mut owners: Vec<&config::Person> = Vec::new();
    for p in &config.projects {
        if let Some(o) = &p.owner {
            if !owners.iter().any(|x| x.email == o.email) {
                owners.push(o);
            }
        }
    }
    println!("monthly progress ({expr}), from {from}:");
    for o in owners {
        println!(
            "  {} <{}>: {}",
            crate::text::terminal(&o.name),
            crate::text::terminal(&o.email),
            times.join(", ")
        );
    }
    println!(
        "alerts: evaluated by every nightly run (checkpoint, early within {} days, overspend; repeats every {} days)",
        config.settings.alerts.early_lead_days, config.settings.alerts.repeat_interval_days
    );
    EXIT_OK
}

fn import_targets(a: ImportTargetsArgs) -> i32 {
    let default_owners = PathBuf::from("config/projects.toml");
    let owners_from = a
        .owners_from
        .or_else(|| default_owners.is_file().then_some(default_owners));
    crate::targets::command::import_targets(&crate::targets::command::ImportOptions {
        input: a.file,
        year: a.year,
        owners_from,
        out: Some(a.out),
        force: a.force,
        default_year: today().year(),
    })
}

fn lint(a: LintArgs) -> i32 {
    use crate::targets::command::LintInput;
    let input = match a.file {
        Some(f)
            if f.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml")) =>
        {
            LintInput::Projects(f)
        }
        Some(f) => LintInput::Document(f),
        None => LintInput::ConfigDir(a.config),
    };
    crate::targets::command::lint(&input, a.year.unwrap_or_else(|| today().year()))
}

fn actuals_template(a: &ActualsTemplateArgs) -> i32 {
    let config = match config::load(&LoadOptions {
        config_dir: a.config.clone(),
        projects: a.projects.clone(),
        default_year: today().year(),
    }) {
        Ok(c) => c,
        Err(errors) => {
            for d in &errors.0 {
                eprintln!("error: {d}");
            }
            return EXIT_UNUSABLE;
        }
    };
    let to_file = a.out != std::path::Path::new("-");
    if to_file {
        // A new sheet may go into the config folder (where year-end looks
        // for it), but never over what is read, nor over an existing sheet
        // owners may have filled in, unless --force.
        let inputs: Vec<config::outputs::Input> = [
            ("a ledger path", config.settings.ledger_dir.clone()),
            ("the projects file", config.projects_file.clone()),
            ("the settings file", a.config.join("settings.toml")),
            (
                "the email templates folder",
                config.settings.email.templates_dir.clone(),
            ),
        ]
        .into_iter()
        .map(|(what, path)| config::outputs::Input {
            what: what.into(),
            path,
        })
        .collect();
        let mut refused = config::outputs::overlaps(&[("--out", a.out.clone())], &inputs);
        if let Err(e) = config::outputs::refuse_existing(&a.out, a.force) {
            refused.push(e);
        }
        if !refused.is_empty() {
            for e in refused {
                eprintln!("error: {e}");
            }
            return EXIT_UNUSABLE;
        }
    }
    let text = crate::actuals::template(&config);
    if !to_file {
        print_stdout(&text);
    } else if let Err(e) = crate::files::write_atomic(&a.out, text.as_bytes()) {
        eprintln!("error: {}: cannot write: {e}", a.out.display());
        return EXIT_UNUSABLE;
    }
    let rows: usize = config.projects.iter().map(|p| p.indicators.len()).sum();
    eprintln!(
        "actuals-template: {} projects, {rows} indicator rows",
        config.projects.len()
    );
    EXIT_OK
}

/// The common part of the report commands: inputs loaded, output folder
/// created before the long work, ledgers read, progress at `at`.
fn report_inputs(
    input: &InputArgs,
    out: Option<&PathBuf>,
    extra_inputs: &[config::outputs::Input],
    at: impl Fn(&Config) -> Result<NaiveDate, String>,
) -> Result<
    (
        Inputs,
        Ledger,
        crate::progress::Progress,
        PathBuf,
        NaiveDate,
    ),
    i32,
> {
    let mut inputs = load_inputs(input, None)?;
    let made = inputs.as_of;
    let at = at(&inputs.config).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_UNUSABLE
    })?;
    inputs.as_of = at;
    let dir = out
        .cloned()
        .unwrap_or_else(|| inputs.config.settings.reports_dir.clone());
    refuse_overlaps(
        &inputs,
        input,
        &[("the reports folder", dir.clone())],
        extra_inputs,
    )?;
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!(
            "error: {}: cannot create the reports folder: {e}",
            dir.display()
        );
        return Err(EXIT_UNUSABLE);
    }
    let state = inputs.config.settings.state_dir.clone();
    let ledger = read_ledgers(&inputs, false, Some(state));
    report_problems(&ledger, input.verbose, 20);
    let progress = crate::progress::compute(&inputs.config, &ledger.daily, at).map_err(|e| {
        eprintln!("error: computing progress failed: {e}");
        EXIT_UNUSABLE
    })?;
    Ok((inputs, ledger, progress, dir, made))
}

fn in_fiscal_year(c: &Config, year: i32) -> Result<(), String> {
    if year == c.settings.fiscal_year {
        Ok(())
    } else {
        Err(format!(
            "{year} is not the fiscal year monitored ({}); set fiscal_year in settings.toml",
            c.settings.fiscal_year
        ))
    }
}

fn write_report(doc: &crate::report::Document, dir: &std::path::Path) -> bool {
    match crate::report::write_all(doc, dir) {
        Ok(paths) => {
            for p in paths {
                eprintln!("wrote {}", p.display());
            }
            true
        }
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}

fn report_monthly(a: &MonthlyArgs) -> i32 {
    let month = a.month;
    let (inputs, ledger, progress, dir, made) =
        match report_inputs(&a.input, a.out.as_ref(), &[], |c| {
            in_fiscal_year(c, month.year()).map(|_| month)
        }) {
            Ok(x) => x,
            Err(code) => return code,
        };
    let doc = crate::report::monthly::build(&inputs.config, &progress, &ledger.daily, made);
    if !write_report(&doc, &dir) {
        return EXIT_UNUSABLE;
    }
    eprintln!("{}", summary_line("report monthly", &inputs, &ledger));
    if ledger.has_problems() {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

fn report_year_end(a: &YearEndArgs) -> i32 {
    let actuals_input: Vec<config::outputs::Input> = a
        .actuals
        .iter()
        .map(|p| config::outputs::Input {
            what: "the actuals sheet".into(),
            path: p.clone(),
        })
        .collect();
    let (inputs, ledger, progress, dir, made) =
        match report_inputs(&a.input, a.out.as_ref(), &actuals_input, |c| {
            let year = a.year.unwrap_or(c.settings.fiscal_year);
            in_fiscal_year(c, year)?;
            crate::dates::month_end(year, 12).ok_or_else(|| format!("{year}: no such year"))
        }) {
            Ok(x) => x,
            Err(code) => return code,
        };
    let year = inputs.config.settings.fiscal_year;
    let default_actuals = a.input.config.join(format!("actuals-{year}.csv"));
    let path = a
        .actuals
        .clone()
        .or_else(|| default_actuals.is_file().then_some(default_actuals));
    let actuals = match &path {
        Some(p) => match crate::actuals::read(p, &inputs.config) {
            Ok(x) => x,
            Err(d) => {
                eprintln!("error: {d}");
                return EXIT_UNUSABLE;
            }
        },
        None => {
            eprintln!(
                "warning: no actuals file (pass --actuals FILE or put actuals-{year}.csv in the config folder): every indicator is 未填报 and scores 0"
            );
            crate::actuals::Actuals::empty(&inputs.config)
        }
    };
    for d in &actuals.problems {
        eprintln!("problem: {d}");
    }
    let doc =
        crate::report::year_end::build(&inputs.config, &progress, &ledger.daily, &actuals, made);
    if !write_report(&doc, &dir) {
        return EXIT_UNUSABLE;
    }
    eprintln!("{}", summary_line("report year-end", &inputs, &ledger));
    if ledger.has_problems() || !actuals.problems.is_empty() {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}
