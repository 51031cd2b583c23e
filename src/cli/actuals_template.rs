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
    /// Replace --out when it already exists (owners may have filled it in).
    #[arg(long)]
    force: bool,
    /// Write one sheet per owner, with only their projects, into DIR
    /// (actuals-YEAR-NAME.csv); read them back with --actuals repeated.
    #[arg(long, value_name = "DIR")]
    per_owner: Option<PathBuf>,
}

pub(crate) fn actuals_template(a: &ActualsTemplateArgs) -> Outcome {
    let config = match inputs::load_config(&a.config, a.projects.as_deref(), today().year()) {
        Ok(c) => c,
        Err(u) => return unusable(u),
    };
    if let Some(dir) = &a.per_owner {
        return match crate::actuals::write_per_owner(&config, dir) {
            Ok(lines) => {
                print_stderr(&lines);
                Outcome::Ok
            }
            Err(e) => unusable(Unusable::error(e)),
        };
    }
    let to_file = a.out != std::path::Path::new("-");
    if to_file {
        // A new sheet may go into the config folder (where year-end looks
        // for it), but never over what is read, nor over an existing sheet
        // owners may have filled in, unless --force.
        use crate::config::outputs;
        let inputs: Vec<outputs::Input> = [
            ("out-ledger-path", config.settings.ledger_dir.clone()),
            ("out-projects-file", config.projects_file.clone()),
            ("out-settings-file", a.config.join("settings.toml")),
            (
                "out-templates-folder",
                config.settings.email.templates_dir.clone(),
            ),
        ]
        .into_iter()
        .map(|(key, path)| outputs::Input {
            what: crate::base::i18n::message(key, &[]),
            path,
        })
        .collect();
        let mut refused = outputs::overlaps(&[("--out", a.out.clone())], &inputs);
        if let Err(e) = outputs::refuse_existing(&a.out, a.force) {
            refused.push(e);
        }
        if !refused.is_empty() {
            return unusable(Unusable(
                refused
                    .into_iter()
                    .map(|e| crate::base::i18n::message("line-error", &[("text", e.to_string())]))
                    .collect(),
            ));
        }
    }
    let text = crate::actuals::template(&config);
    if !to_file {
        if let Err(o) = print_stdout(&text) {
            return o;
        }
    } else if let Err(e) = crate::base::files::write_atomic(&a.out, text.as_bytes()) {
        return unusable(Unusable::error(crate::base::i18n::message(
            "file-cannot-write",
            &[
                ("file", a.out.display().to_string()),
                ("error", e.to_string()),
            ],
        )));
    }
    let rows: usize = config.projects.iter().map(|p| p.indicators.len()).sum();
    print_stderr(&[crate::base::i18n::message(
        "actuals-template-summary",
        &[
            ("projects", config.projects.len().to_string()),
            ("rows", rows.to_string()),
        ],
    )]);
    Outcome::Ok
}
