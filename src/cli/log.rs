//! `log`: the notification log (留痕), every alert's history.

use std::path::PathBuf;

use chrono::Datelike;
use clap::Args;

use super::{print_stderr, print_stdout, today, unusable};
use crate::base::i18n::lang;
use crate::jobs::{inputs, Outcome, Unusable};
use crate::report::notice_log;

#[derive(Debug, Args)]
pub(crate) struct LogArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Projects from this registry CSV instead of projects.toml (as `run
    /// --projects` reads them): the names the log shows.
    #[arg(long, value_name = "FILE")]
    projects: Option<PathBuf>,
    /// State folder. Default: state_dir.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// Only this project's alerts and messages.
    #[arg(long, value_name = "CODE")]
    project: Option<String>,
    /// text (default: messages and alert histories, in the language in
    /// use), or the 预警台账 (warning ledger) as csv (stdout) or xlsx (a
    /// file).
    #[arg(long, value_enum, default_value = "text")]
    format: LogFormat,
    /// Where `--format xlsx` writes. Default: reports_dir/预警台账-YEAR.xlsx
    /// (warning-ledger-YEAR.xlsx in English).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `log --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Csv,
    Xlsx,
}

pub(crate) fn log(a: &LogArgs) -> Outcome {
    let config = match inputs::load_config(&a.config, a.projects.as_deref(), today().year()) {
        Ok(c) => c,
        Err(u) => return unusable(u),
    };
    let state_dir = a
        .state
        .as_deref()
        .map(crate::base::files::absolute)
        .unwrap_or_else(|| config.settings.state_dir.clone());
    let db = state_dir.join(crate::state::DB_FILE);
    if !db.exists() {
        print_stderr(&[crate::base::i18n::message(
            "log-none",
            &[("file", db.display().to_string())],
        )]);
        return Outcome::Ok;
    }
    let read = crate::state::Log::open(&db).and_then(|l| {
        Ok((
            l.history(a.project.as_deref())?,
            l.ledger(a.project.as_deref())?,
        ))
    });
    let (history, rows) = match read {
        Ok(h) => h,
        Err(e) => return unusable(Unusable::error(format!("{}: {e}", db.display()))),
    };
    match a.format {
        LogFormat::Text => {
            if let Err(o) = print_stdout(&notice_log::render(&config, &rows, &history, lang())) {
                return o;
            }
        }
        LogFormat::Csv => {
            let doc = notice_log::ledger_document(&config, &rows, lang());
            if let Err(o) = print_stdout(&crate::report::csv::render(&doc)) {
                return o;
            }
        }
        LogFormat::Xlsx => {
            let doc = notice_log::ledger_document(&config, &rows, lang());
            let path = a
                .output
                .as_deref()
                .map(crate::base::files::absolute)
                .unwrap_or_else(|| {
                    config
                        .settings
                        .reports_dir
                        .join(format!("{}.xlsx", doc.file_stem))
                });
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .map_err(|e| e.to_string())
                .and_then(|_| crate::report::xlsx::write(&doc, &path).map_err(|e| e.to_string()));
            if let Err(e) = written {
                return unusable(Unusable::error(crate::base::i18n::message(
                    "file-cannot-write",
                    &[
                        ("file", path.display().to_string()),
                        ("error", e.to_string()),
                    ],
                )));
            }
            print_stderr(&[crate::base::i18n::message(
                "log-written",
                &[("file", path.display().to_string())],
            )]);
        }
    }
    print_stderr(&[crate::base::i18n::message(
        "log-summary",
        &[
            // Rows come in message order, one per project named.
            (
                "messages",
                rows.chunk_by(|a, b| a.message == b.message)
                    .count()
                    .to_string(),
            ),
            ("rows", rows.len().to_string()),
            ("alerts", history.len().to_string()),
            ("file", db.display().to_string()),
        ],
    )]);
    Outcome::Ok
}
