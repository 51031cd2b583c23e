//! `status`: every project's position at a date, as a table for people or
//! csv / json for machines.

use std::path::PathBuf;

use clap::Args;

use super::{print_stderr, print_stdout, stdout_failed, unusable, write_stdout, InputArgs};
use crate::jobs::inputs::{self, Show};
use crate::jobs::Outcome;
use crate::progress::{Figures, Progress};
use crate::report::status::{to_json, to_table, write_csv_figures, write_csv_header, Format};

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
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

pub(crate) fn status(a: &StatusArgs) -> Outcome {
    let clock = crate::base::diag::PhaseClock::from_env();
    let inputs = match inputs::load(&a.input.request(a.quarantine.iter().cloned().collect())) {
        Ok(i) => i,
        Err(u) => return unusable(u),
    };
    print_stderr(&inputs.notes);
    let qfile = a
        .quarantine
        .clone()
        .unwrap_or_else(|| inputs.config.settings.quarantine_file.clone());
    let state = (!a.no_cache).then(|| {
        a.state
            .clone()
            .unwrap_or_else(|| inputs.config.settings.state_dir.clone())
    });
    let (quarantine_name, state_name) = (
        crate::base::i18n::message("out-quarantine-file", &[]),
        crate::base::i18n::message("out-state-folder", &[]),
    );
    let outputs: Vec<(&str, PathBuf)> = std::iter::once((quarantine_name.as_str(), qfile.clone()))
        .chain(state.clone().map(|s| (state_name.as_str(), s)))
        .collect();
    if let Err(u) = inputs::refuse_overlaps(&inputs, &a.input.config, &outputs, &[]) {
        return unusable(u);
    }
    // Fail in the first second on an unwritable quarantine location.
    if let Some(dir) = qfile.parent().filter(|d| !d.as_os_str().is_empty()) {
        let what = crate::base::i18n::message("run-folder-quarantine", &[]);
        if let Err(e) = crate::base::files::create_folder(dir, &what) {
            return unusable(crate::jobs::Unusable::error(e));
        }
    }
    clock.mark("config");
    let ledger = inputs::read_ledgers(&inputs, true, state);
    clock.mark("ledgers");
    print_stderr(&inputs::problem_lines(
        &ledger,
        Show {
            every_file: a.input.verbose,
            rows: 20,
        },
    ));
    match inputs::write_quarantine(&qfile, &ledger) {
        Ok(line) => print_stderr(&line.into_iter().collect::<Vec<_>>()),
        Err(e) => print_stderr(&[crate::base::i18n::message(
            "line-error",
            &[("text", e.to_string())],
        )]),
    }
    let failed = |e: String| {
        unusable(crate::jobs::Unusable::error(crate::base::i18n::message(
            "progress-failed",
            &[("error", e)],
        )))
    };
    let figures = match Figures::new(&inputs.config, &ledger.daily, inputs.as_of) {
        Ok(f) => f,
        Err(e) => return failed(e.to_string()),
    };
    if a.format == Format::Csv {
        clock.mark("progress");
        // Streamed: the figures of one block of projects at a time, their
        // lines written before the next block is worked out, so neither
        // every project's figures nor the whole text is ever held.
        let written = write_stdout(|w| {
            write_csv_header(w)?;
            write_csv_figures(w, &figures)
        });
        match written {
            Ok(()) => {}
            // The figures' own failure travels as an `Other` error.
            Err(e) if e.kind() == std::io::ErrorKind::Other => return failed(e.to_string()),
            Err(e) => return stdout_failed(&e),
        }
    } else {
        let progress = match figures.projects(0..figures.len()) {
            Ok(projects) => Progress {
                as_of: inputs.as_of,
                projects,
            },
            Err(e) => return failed(e.to_string()),
        };
        clock.mark("progress");
        if let Err(o) = print_stdout(&match a.format {
            Format::Json => to_json(&progress),
            _ => to_table(&progress),
        }) {
            return o;
        }
    }
    clock.mark("output");
    let mut ledger = ledger;
    print_stderr(&inputs::cache_notes(&mut ledger));
    clock.mark("cache write (waited for)");
    print_stderr(&[inputs::summary_line("status", &inputs, &ledger)]);
    let outcome = Outcome::problems_if(ledger.has_problems());
    // The process ends right after: a province's registry, ledger and
    // figures are left to the exit rather than freed piece by piece
    // (millions of small frees, a few milliseconds for nothing). The cache
    // writer was waited for above.
    std::mem::forget(figures);
    std::mem::forget(ledger);
    std::mem::forget(inputs);
    outcome
}
