//! The command line: argument parsing and one file per subcommand. This is
//! the only place that writes to stdout and the only place that turns a
//! job's [`Outcome`] into the process exit status (0 done and clean, 1 done
//! with problems, 2 nothing done). Each subcommand checks its inputs first
//! (config, ledger paths, output locations), then calls a job and prints
//! what it returned: problems on stderr as `file:line: message`, results on
//! stdout.
//!
//! May import: everything (it is the top floor).

mod actuals_template;
mod check;
mod import_targets;
mod lint;
mod log;
pub mod packaging;
mod report;
mod run;
mod schedule;
mod status;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::jobs::{Outcome, Unusable};

/// Budget execution monitoring: where every project stands against its
/// disbursement plan, from the ledger exports finance staff drop in a folder.
#[derive(Debug, Parser)]
#[command(name = "budget-monitor", version, about, long_about = None)]
pub struct Cli {
    /// Language of terminal messages: zh (default) or en. Also
    /// BUDGET_MONITOR_LANG.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<crate::base::i18n::Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show every project's progress at a date (table, csv or json).
    Status(status::StatusArgs),
    /// Validate config and ledgers, print every problem, change nothing.
    /// Exit code 0 clean, 1 problems found, 2 unusable input.
    Check(InputArgs),
    /// The nightly job: ingest, evaluate alerts, send email, record it all.
    /// Exit code 0 all done, 1 done with problems, 2 nothing done.
    Run(run::RunArgs),
    /// Print the notification log: every alert's history.
    Log(log::LogArgs),
    /// Print when the scheduled emails fall due next.
    Schedule(schedule::ScheduleArgs),
    /// Read a performance-target document (text export) and write the
    /// projects in the config/projects.toml format.
    ImportTargets(import_targets::ImportTargetsArgs),
    /// Review the performance targets as a finance bureau reviewer would.
    /// Exit code 1 when errors are found, 0 otherwise.
    Lint(lint::LintArgs),
    /// Write the actual-values CSV for owners to fill in, one row per
    /// project and indicator.
    ActualsTemplate(actuals_template::ActualsTemplateArgs),
    /// Write a report (.xlsx, .html and .csv) into the reports folder.
    #[command(subcommand)]
    Report(report::ReportKind),
    /// Print shell completions (for packaging).
    #[command(hide = true)]
    Completions(packaging::CompletionsArgs),
    /// Print the man page in roff (for packaging).
    #[command(hide = true)]
    Manpage(packaging::ManpageArgs),
}

/// Where the inputs are: the arguments shared by the commands that read
/// config and ledgers.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    pub config: PathBuf,
    /// Projects from another file: a projects TOML or a registry CSV
    /// (项目编码, 项目名称, 单位编码, 预算数, 支出计划, 负责人, 邮箱).
    #[arg(long, value_name = "FILE")]
    pub projects: Option<PathBuf>,
    /// Ledger export files or folders (repeatable). Default: the ledger
    /// folder named in settings.toml.
    #[arg(long, value_name = "PATH")]
    pub ledger: Vec<PathBuf>,
    /// The date to evaluate at (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// Print the reconciliation line of every file, not only of files with
    /// problems.
    #[arg(long, short)]
    pub verbose: bool,
}

impl InputArgs {
    /// The request for `jobs::inputs::load`.
    fn request(&self, exclude: Vec<PathBuf>) -> crate::jobs::inputs::Request {
        crate::jobs::inputs::Request {
            config_dir: self.config.clone(),
            projects: self.projects.clone(),
            ledgers: self.ledger.clone(),
            as_of: self.as_of.unwrap_or_else(today),
            exclude,
        }
    }
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| crate::base::i18n::message("arg-not-a-date", &[("value", format!("{s:?}"))]))
}

fn parse_month(s: &str) -> Result<NaiveDate, String> {
    let bad = || crate::base::i18n::message("arg-not-a-month", &[("value", format!("{s:?}"))]);
    let (y, m) = s.split_once('-').ok_or_else(bad)?;
    let (y, m) = (
        y.parse::<i32>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
    );
    crate::base::dates::month_end(y, m).ok_or_else(bad)
}

/// Today on this machine's clock; every command takes `--as-of` instead.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Writes `text` to stdout (see [`write_stdout`]).
#[must_use = "a failed write must end the command"]
fn print_stdout(text: &str) -> Result<(), Outcome> {
    write_stdout(|w| w.write_all(text.as_bytes())).map_err(|e| stdout_failed(&e))
}

/// Runs `write` on a buffered stdout and flushes it. A reader that stopped
/// early (`status | head`) is not a failure: the reader has what it wanted;
/// any other error is returned (see [`stdout_failed`]).
fn write_stdout(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut w).and_then(|_| w.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A write to stdout that failed (a full disk, say) ends the command and
/// says so, so a truncated table never passes for a whole one.
fn stdout_failed(e: &std::io::Error) -> Outcome {
    unusable(Unusable::error(crate::base::i18n::message(
        "file-cannot-write",
        &[("file", "stdout".to_string()), ("error", e.to_string())],
    )))
}

/// Writes lines to stderr, quietly when it is closed.
fn print_stderr<S: AsRef<str>>(lines: &[S]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for l in lines {
        let _ = writeln!(err, "{}", l.as_ref());
    }
}

/// Shows why nothing was done; the outcome to return.
fn unusable(u: Unusable) -> Outcome {
    print_stderr(&u.0);
    Outcome::Unusable
}

/// The exit status of an outcome: the one place that maps them.
fn exit_status(o: Outcome) -> i32 {
    match o {
        Outcome::Ok => 0,
        Outcome::Problems => 1,
        Outcome::Unusable => 2,
    }
}

/// The language `--lang X` or `--lang=X` asks for, read from the raw
/// arguments before clap parses them (clap checks the value itself).
fn lang_in_args(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Option<crate::base::i18n::Lang> {
    let mut args = args.into_iter().skip(1);
    let mut chosen = None;
    while let Some(a) = args.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            args.next().and_then(|v| v.into_string().ok())
        } else {
            a.strip_prefix("--lang=").map(str::to_string)
        };
        if let Some(v) = value {
            chosen = crate::base::i18n::Lang::parse(&v).or(chosen);
        }
    }
    chosen
}

/// A command line clap refused, as one line in the language in use (clap
/// words it in English): a value our own parser refused (a date, a
/// month), an unknown flag or subcommand, a missing or conflicting flag, a
/// value outside a list. None for the rest, which clap prints itself.
fn usage_error_line(e: &clap::Error) -> Option<String> {
    use crate::base::i18n::message;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |k: ContextKind| match e.get(k)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) if !v.is_empty() => Some(v.join(", ")),
        _ => None,
    };
    let arg = || text(ContextKind::InvalidArg);
    let mut line = match e.kind() {
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)?.to_string();
            return Some(message(
                "line-error",
                &[(
                    "text",
                    message("arg-invalid", &[("arg", arg()?), ("why", why)]),
                )],
            ));
        }
        ErrorKind::UnknownArgument => message("arg-unknown", &[("arg", arg()?)]),
        ErrorKind::InvalidSubcommand => message(
            "arg-subcommand-unknown",
            &[("name", text(ContextKind::InvalidSubcommand)?)],
        ),
        ErrorKind::MissingRequiredArgument => message("arg-missing", &[("args", arg()?)]),
        ErrorKind::ArgumentConflict => {
            let (arg, prior) = (arg()?, text(ContextKind::PriorArg)?);
            if arg == prior {
                message("arg-twice", &[("arg", arg)])
            } else {
                message("arg-conflict", &[("arg", arg), ("prior", prior)])
            }
        }
        ErrorKind::InvalidValue if text(ContextKind::InvalidValue).is_none_or(|v| v.is_empty()) => {
            message("arg-value-missing", &[("arg", arg()?)])
        }
        ErrorKind::InvalidValue => message(
            "arg-value-unknown",
            &[
                ("arg", arg()?),
                ("value", text(ContextKind::InvalidValue)?),
                ("valid", text(ContextKind::ValidValue)?),
            ],
        ),
        _ => return None,
    };
    let suggestion = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue));
    if let Some(s) = suggestion {
        line = message("arg-did-you-mean", &[("text", line), ("suggestion", s)]);
    }
    Some(message(
        "line-error",
        &[("text", message("arg-see-help", &[("text", line)]))],
    ))
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    // The language is chosen before clap parses, so that what a value
    // parser says about a bad `--as-of` or month is in it too.
    let (_, warning) = crate::base::i18n::init(lang_in_args(std::env::args_os()));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if let Some(line) = usage_error_line(&e) {
                print_stderr(&[line]);
                return exit_status(Outcome::Unusable);
            }
            let _ = e.print();
            return exit_status(if e.use_stderr() {
                Outcome::Unusable
            } else {
                Outcome::Ok
            });
        }
    };
    // Already chosen above, from the raw arguments (clap checked the value).
    let _ = cli.lang;
    if let Some(warning) = warning {
        print_stderr(&[warning]);
    }
    exit_status(match cli.command {
        Command::Status(a) => status::status(&a),
        Command::Check(a) => check::check(&a),
        Command::Run(a) => run::run(&a),
        Command::Log(a) => log::log(&a),
        Command::Schedule(a) => schedule::schedule(&a),
        Command::ImportTargets(a) => import_targets::import_targets(a),
        Command::Lint(a) => lint::lint(a),
        Command::ActualsTemplate(a) => actuals_template::actuals_template(&a),
        Command::Report(k) => report::report(k),
        Command::Completions(a) => packaging::completions(&a, Cli::command()),
        Command::Manpage(a) => packaging::manpage(&a, Cli::command()),
    })
}

#[cfg(test)]
mod tests {
    use super::lang_in_args;
    use crate::base::i18n::Lang;

    #[test]
    fn the_language_is_found_in_the_raw_arguments() {
        let find = |args: &[&str]| lang_in_args(args.iter().map(std::ffi::OsString::from));
        assert_eq!(find(&["bm", "status", "--as-of", "x"]), None);
        assert_eq!(find(&["bm", "--lang", "en", "status"]), Some(Lang::En));
        assert_eq!(
            find(&["bm", "status", "--as-of", "x", "--lang=en"]),
            Some(Lang::En)
        );
        assert_eq!(find(&["bm", "status", "--lang", "zh"]), Some(Lang::Zh));
        assert_eq!(find(&["bm", "status", "--", "--lang", "en"]), None);
    }
}
