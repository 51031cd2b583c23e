//! `run`: the nightly job cron calls (see `jobs::nightly`).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{parse_as_of, print_stderr, today};
use crate::jobs::nightly::{self, RunOptions};
use crate::jobs::Outcome;

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Projects from another file: a projects TOML or a registry CSV
    /// (项目编码, 项目名称, 单位编码, 预算数, 支出计划, 负责人, 邮箱).
    #[arg(long, value_name = "FILE")]
    projects: Option<PathBuf>,
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

pub(crate) fn run(a: &RunArgs) -> Outcome {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let say = |line: &str| print_stderr(&[line]);
    nightly::run(
        &RunOptions {
            config_dir: a.config.clone(),
            projects: a.projects.clone(),
            ledgers: a.ledger.clone(),
            as_of: a.as_of.unwrap_or_else(today),
            state_dir: a.state.clone(),
            outbox_dir: a.outbox.clone(),
            dry_run: a.dry_run,
            smtp_url: env(nightly::ENV_SMTP_URL),
            smtp_password: env(nightly::ENV_SMTP_PASSWORD),
        },
        &say,
    )
    .outcome
}
