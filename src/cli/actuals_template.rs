//! `actuals-template`: the sheet owners fill with their indicators' actual
//! values.

use std::path::PathBuf;

use chrono::Datelike;
use clap::Args;

use super::{print_stderr, print_stdout, today, unusable};
use crate::jobs::{inputs, Outcome, Unusable};

#[derive(Debug, Args)]
pub(crate) struct ActualsTemplateArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Projects from another file (projects TOML or registry CSV).
    #[arg(long, value_name = "FILE")]
    projects: Option<PathBuf>,
    /// Output file, or - for standard output.
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    out: PathBuf,
}

pub(crate) fn actuals_template(a: &ActualsTemplateArgs) -> Outcome {
    let config = match inputs::load_config(&a.config, a.projects.as_deref(), today().year()) {
        Ok(c) => c,
        Err(u) => return unusable(u),
    };
    let text = crate::actuals::template(&config);
    if a.out == std::path::Path::new("-") {
        print_stdout(&text);
    } else if let Err(e) = std::fs::write(&a.out, text) {
        return unusable(Unusable::error(format!(
            "{}: cannot write: {e}",
            a.out.display()
        )));
    }
    let rows: usize = config.projects.iter().map(|p| p.indicators.len()).sum();
    print_stderr(&[format!(
        "actuals-template: {} projects, {rows} indicator rows",
        config.projects.len()
    )]);
    Outcome::Ok
}
