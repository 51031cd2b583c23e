//! `check`: validates config and ledgers and prints every problem; writes
//! nothing, not even the cache.

use super::{print_stderr, unusable, InputArgs};
use crate::jobs::inputs::{self, Show};
use crate::jobs::Outcome;

pub(crate) fn check(a: &InputArgs) -> Outcome {
    let inputs = match inputs::load(&a.request(Vec::new())) {
        Ok(i) => i,
        Err(u) => return unusable(u),
    };
    print_stderr(&inputs.notes);
    print_stderr(&[crate::base::i18n::message(
        "check-config-ok",
        &[
            ("projects", inputs.config.projects.len().to_string()),
            ("file", inputs.config.projects_file.display().to_string()),
            ("year", inputs.config.settings.fiscal_year.to_string()),
        ],
    )]);
    // `check` changes nothing, the cache included.
    let ledger = inputs::read_ledgers(&inputs, true, None);
    print_stderr(&inputs::problem_lines(
        &ledger,
        Show {
            every_file: true,
            rows: usize::MAX,
        },
    ));
    print_stderr(&[inputs::summary_line("check", &inputs, &ledger)]);
    Outcome::problems_if(ledger.has_problems())
}
