//! The inputs every command starts from, loaded one way: the checked
//! configuration, the ledger exports to read, the ledgers read (with the
//! cache when the command may use it), the problems found on the way, and
//! the quarantine file rewritten. Written once so that `status`, `check`,
//! the reports and the nightly run cannot drift apart.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Unusable;
use crate::base::diag::Diagnostic;
use crate::config::{self, LoadOptions};
use crate::ledger::{self, IngestOptions, Ledger};
use crate::model::Config;

/// Loads and checks the configuration. `projects`: a projects TOML or a
/// registry CSV instead of the config folder's projects.toml;
/// `default_year`: the fiscal year when no settings file says.
pub fn load_config(
    config_dir: &Path,
    projects: Option<&Path>,
    default_year: i32,
) -> Result<Config, Unusable> {
    config::load(&LoadOptions {
        config_dir: config_dir.to_path_buf(),
        projects: projects.map(Path::to_path_buf),
        default_year,
    })
    .map_err(|errors| {
        let mut lines: Vec<String> = errors
            .0
            .iter()
            .map(|d| crate::base::i18n::message("line-error", &[("text", d.to_string())]))
            .collect();
        lines.push(crate::base::i18n::message(
            "config-problems",
            &[("count", errors.0.len().to_string())],
        ));
        Unusable(lines)
    })
}

/// What a command reads: the configuration, the day it evaluates at, and
/// the exports found.
#[derive(Debug)]
pub struct Inputs {
    /// Checked configuration.
    pub config: Config,
    /// The date figures are computed at.
    pub as_of: NaiveDate,
    /// The ledger paths given (or `ledger_dir`), absolute.
    pub paths: Vec<PathBuf>,
    /// Ledger exports to read, sorted.
    pub files: Vec<PathBuf>,
    /// Problems found while listing them (unreadable folders, workbooks).
    pub path_problems: Vec<Diagnostic>,
    /// Remarks for the operator that are not problems.
    pub notes: Vec<String>,
}

/// Where the inputs are.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The config folder.
    pub config_dir: PathBuf,
    /// Projects from another file (projects TOML or registry CSV).
    pub projects: Option<PathBuf>,
    /// Ledger files or folders; empty: `ledger_dir` from settings.
    pub ledgers: Vec<PathBuf>,
    /// The date to evaluate at.
    pub as_of: NaiveDate,
    /// Files never to read as ledgers (besides the configured quarantine
    /// file), e.g. a quarantine file given on the command line.
    pub exclude: Vec<PathBuf>,
}

/// Loads the configuration and lists the exports; nothing is read yet.
pub fn load(req: &Request) -> Result<Inputs, Unusable> {
    let config = load_config(&req.config_dir, req.projects.as_deref(), req.as_of.year())?;
    let mut notes = Vec::new();
    if req.as_of.year() != config.settings.fiscal_year {
        let key = if req.as_of.year() > config.settings.fiscal_year {
            "as-of-after-year"
        } else {
            "as-of-before-year"
        };
        notes.push(crate::base::i18n::message(
            key,
            &[
                ("as_of", req.as_of.to_string()),
                ("year", config.settings.fiscal_year.to_string()),
            ],
        ));
    }
    let paths = ledger_paths(&config, &req.ledgers)?;
    let exclude: Vec<PathBuf> = req
        .exclude
        .iter()
        .cloned()
        .chain(std::iter::once(config.settings.quarantine_file.clone()))
        .collect();
    let (files, path_problems) = ledger::collect_inputs(&paths, &exclude);
    let paths = paths
        .iter()
        .map(|p| crate::base::files::absolute(p))
        .collect();
    Ok(Inputs {
        config,
        as_of: req.as_of,
        paths,
        files,
        path_problems,
        notes,
    })
}

/// The ledger paths to read: those given, else `ledger_dir`; each must
/// exist, or nothing is done (a typo must not read as "no payments").
pub fn ledger_paths(config: &Config, given: &[PathBuf]) -> Result<Vec<PathBuf>, Unusable> {
    let paths = if given.is_empty() {
        vec![config.settings.ledger_dir.clone()]
    } else {
        given.to_vec()
    };
    for p in &paths {
        if !p.exists() {
            return Err(Unusable::error(crate::base::i18n::message(
                "ledger-path-missing",
                &[("path", p.display().to_string())],
            )));
        }
    }
    Ok(paths)
}

/// Refuses outputs named on the command line that are, or lie inside, an
/// input (see `config::outputs`): a quarantine file pointed at an export
/// once replaced it.
pub fn refuse_overlaps(
    inputs: &Inputs,
    config_dir: &Path,
    outputs: &[(&str, PathBuf)],
    extra: &[config::outputs::Input],
) -> Result<(), Unusable> {
    let mut all = config::outputs::inputs(
        &inputs.config.settings,
        config_dir,
        &inputs.config.projects_file,
        &inputs.paths,
    );
    all.extend(extra.iter().cloned());
    let refused = config::outputs::overlaps(outputs, &all);
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Unusable(
            refused
                .into_iter()
                .map(|e| crate::base::i18n::message("line-error", &[("text", e.to_string())]))
                .collect(),
        ))
    }
}

/// Reads the listed exports. `state`: the state folder whose ledger cache
/// is used and updated (None reads everything from scratch and writes no
/// cache); `progress`: a progress bar on stderr when it is a terminal.
pub fn read_ledgers(inputs: &Inputs, progress: bool, state: Option<PathBuf>) -> Ledger {
    let clock = crate::base::diag::PhaseClock::from_env();
    let config = &inputs.config;
    let opts = IngestOptions {
        fiscal_year: config.settings.fiscal_year,
        profiles: &config.settings.profiles,
        projects: config.projects.iter().map(|p| p.code.as_str()).collect(),
        progress,
        exclude: Vec::new(),
        state_dir: state,
    };
    clock.mark("  project codes");
    let mut ledger = ledger::ingest(&inputs.files, &opts);
    let mut problems = inputs.path_problems.clone();
    problems.append(&mut ledger.problems);
    ledger.problems = problems;
    ledger
}

/// Rewrites the quarantine file with tonight's rows, an empty one (header
/// only) on a clean night, so the office never reads yesterday's rows as
/// today's. Returns the line to show when rows were written.
pub fn write_quarantine(path: &Path, ledger: &Ledger) -> Result<Option<String>, String> {
    let written = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| ledger::quarantine::write(path, &ledger.quarantine));
    match written {
        Err(e) => Err(crate::base::i18n::message(
            "quarantine-cannot-write",
            &[
                ("file", path.display().to_string()),
                ("error", e.to_string()),
            ],
        )),
        Ok(()) if ledger.quarantine.is_empty() => Ok(None),
        Ok(()) => Ok(Some(crate::base::i18n::message(
            "quarantine-written",
            &[
                ("count", ledger.quarantine.len().to_string()),
                ("file", path.display().to_string()),
            ],
        ))),
    }
}

/// How much of the ledger's problems to show.
#[derive(Debug, Clone, Copy)]
pub struct Show {
    /// Every file's reconciliation line, not only those with problems.
    pub every_file: bool,
    /// At most this many quarantined rows, one line each (0: none).
    pub rows: usize,
}

/// The lines that tell a person what reading the ledgers found: notes,
/// reconciliation lines, problems and quarantined rows.
pub fn problem_lines(ledger: &Ledger, show: Show) -> Vec<String> {
    let mut out: Vec<String> = ledger
        .notes
        .iter()
        .map(|n| crate::base::i18n::message("line-note", &[("text", n.clone())]))
        .collect();
    for f in &ledger.files {
        if show.every_file || f.error.is_some() || f.quarantined > 0 {
            out.push(f.reconciliation());
        }
    }
    out.extend(
        ledger
            .problems
            .iter()
            .map(|p| crate::base::i18n::message("line-problem", &[("text", p.to_string())])),
    );
    if show.rows > 0 {
        for (i, q) in ledger.quarantine.iter().enumerate() {
            if i == show.rows {
                out.push(crate::base::i18n::message(
                    "quarantined-more",
                    &[("count", (ledger.quarantine.len() - show.rows).to_string())],
                ));
                break;
            }
            out.push(crate::base::i18n::message(
                "line-quarantined",
                &[
                    ("file", q.file.display().to_string()),
                    ("line", q.line.to_string()),
                    ("reason", q.reason.clone()),
                ],
            ));
        }
    }
    out
}

/// Waits for the ledger cache to be written and returns its notes as lines
/// ("note: …"), to show before the summary.
pub fn cache_notes(ledger: &mut Ledger) -> Vec<String> {
    ledger
        .cache_writer
        .wait()
        .into_iter()
        .map(|n| crate::base::i18n::message("line-note", &[("text", n)]))
        .collect()
}

/// The one-line summary of a command that read ledgers, fit for cron's mail.
pub fn summary_line(cmd: &str, inputs: &Inputs, ledger: &Ledger) -> String {
    let used: u64 = ledger.files.iter().map(|f| f.used).sum();
    let dups: u64 = ledger.files.iter().map(|f| f.duplicates).sum();
    let unread = ledger.files.iter().filter(|f| f.error.is_some()).count();
    crate::base::i18n::message(
        "command-summary",
        &[
            ("command", cmd.to_string()),
            ("projects", inputs.config.projects.len().to_string()),
            ("files", ledger.files.len().to_string()),
            ("unreadable", unread.to_string()),
            ("cached", ledger.cached_files.to_string()),
            ("used", used.to_string()),
            ("duplicates", dups.to_string()),
            ("quarantined", ledger.quarantine.len().to_string()),
            ("problems", ledger.problems.len().to_string()),
            ("as_of", inputs.as_of.to_string()),
        ],
    )
}
