//! `log`: the notification log (留痕), every alert's history.

use std::path::PathBuf;

use chrono::Datelike;
use clap::Args;

use super::{print_stderr, print_stdout, today, unusable};
use crate::jobs::{inputs, Outcome, Unusable};

#[derive(Debug, Args)]
pub(crate) struct LogArgs {
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

pub(crate) fn log(a: &LogArgs) -> Outcome {
    let config = match inputs::load_config(&a.config, None, today().year()) {
        Ok(c) => c,
        Err(u) => return unusable(u),
    };
    let state_dir = a
        .state
        .as_deref()
        .map(crate::config::absolute)
        .unwrap_or_else(|| config.settings.state_dir.clone());
    let db = state_dir.join(crate::state::DB_FILE);
    if !db.exists() {
        print_stderr(&[format!(
            "{}: no notification log yet (the nightly run creates it)",
            db.display()
        )]);
        return Outcome::Ok;
    }
    let history = match crate::state::Log::open(&db).and_then(|l| l.history(a.project.as_deref())) {
        Ok(h) => h,
        Err(e) => return unusable(Unusable::error(format!("{}: {e}", db.display()))),
    };
    print_stdout(&crate::report::status::history(&config, &history));
    print_stderr(&[format!("log: {} alerts in {}", history.len(), db.display())]);
    Outcome::Ok
}
