//! Use-cases: what a command does, from checked inputs to written outputs,
//! without parsing arguments or choosing an exit status (that is `cli`'s).
//!
//! - `inputs`: config, ledgers and the quarantine file, loaded the same way
//!   for every command;
//! - `nightly`: the nightly run (check → ingest → progress → alerts →
//!   record → deliver);
//! - `targets`: importing and reviewing the performance-target document.
//!
//! May import: everything below (`report`, `state`, the rules, the readers,
//! `model`, `ledger`, `notify`, `base`); never `cli`.

pub mod inputs;
pub mod nightly;
pub mod notices;
pub mod targets;

/// How a job ended. `cli` turns it into the process exit status (0, 1, 2)
/// in one place, so every command means the same by the same code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Outcome {
    /// Done, input clean.
    #[default]
    Ok,
    /// Done, with problems a person should look at (bad rows, unreadable
    /// files, conflicting payment numbers, refused mail).
    Problems,
    /// Nothing done: configuration or usage error, missing input.
    Unusable,
}

impl Outcome {
    /// `Problems` when `any` is true, else `Ok`.
    pub fn problems_if(any: bool) -> Outcome {
        if any {
            Outcome::Problems
        } else {
            Outcome::Ok
        }
    }
}

/// Why a job could do nothing: complete lines for stderr, most specific
/// first. Returned rather than printed so that the library never writes to
/// the terminal by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable(pub Vec<String>);

impl Unusable {
    /// One error line ("错误：…", "error: …" in English).
    pub fn error(msg: impl std::fmt::Display) -> Unusable {
        Unusable(vec![crate::base::i18n::message(
            "line-error",
            &[("text", msg.to_string())],
        )])
    }
}
