//! `lint`: the performance targets reviewed as a finance bureau reviewer
//! would.

use std::path::PathBuf;

use chrono::Datelike;
use clap::Args;

use super::{print_stderr, print_stdout, today, unusable};
use crate::jobs::targets::{self, render_findings, LintInput};
use crate::jobs::Outcome;

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// A target document (text export) or a projects TOML file. Default:
    /// the projects of the config folder.
    file: Option<PathBuf>,
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Fiscal year for a target document's checkpoints. Default: the year
    /// the document states; a projects TOML uses its fiscal_year.
    #[arg(long)]
    year: Option<i32>,
}

pub(crate) fn lint(a: LintArgs) -> Outcome {
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
    match targets::lint(&input, a.year, today().year()) {
        Ok(done) => {
            print_stderr(&done.notes);
            if let Err(o) = print_stdout(&render_findings(&done.findings)) {
                return o;
            }
            print_stderr(&[done.summary]);
            done.outcome
        }
        Err(u) => unusable(u),
    }
}
