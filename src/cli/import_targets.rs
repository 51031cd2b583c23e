//! `import-targets`: the performance-target document into projects.toml.

use std::path::PathBuf;

use clap::Args;

use super::{print_stderr, print_stdout, unusable};
use crate::jobs::targets::{self, ImportOptions};
use crate::jobs::Outcome;

#[derive(Debug, Args)]
pub(crate) struct ImportTargetsArgs {
    /// The target document as text (the word-processor export).
    file: PathBuf,
    /// Fiscal year of the plan checkpoints. Default: the year the document
    /// states ("2025年专项项目…"); required when it states none.
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

pub(crate) fn import_targets(a: ImportTargetsArgs) -> Outcome {
    let default_owners = PathBuf::from("config/projects.toml");
    let owners_from = a
        .owners_from
        .or_else(|| default_owners.is_file().then_some(default_owners));
    let to_stdout = a.out == std::path::Path::new("-");
    match targets::import_targets(&ImportOptions {
        input: a.file,
        year: a.year,
        owners_from,
        out: Some(a.out),
        force: a.force,
    }) {
        Ok(done) => {
            print_stderr(&done.notes);
            if to_stdout {
                if let Err(o) = print_stdout(&done.toml) {
                    return o;
                }
            }
            print_stderr(&[done.summary]);
            Outcome::Ok
        }
        Err(u) => unusable(u),
    }
}
