//! Performance targets (绩效目标): the department's target document is where
//! projects, budgets, disbursement curves and indicators come from, so this
//! module reads its word-processor export ([`seed`]), understands indicator
//! values ([`indicator`]), writes and re-reads `config/projects.toml`
//! ([`projects_toml`]), and reviews the targets the way a finance bureau
//! reviewer would before the year starts ([`lint`]).
//!
//! Apart from `base` and the `model` types it produces, nothing here refers to the
//! rest of the crate: the module reads text and writes text.

pub mod lint;
pub mod projects_toml;
pub mod seed;
pub mod year;

pub use crate::model::indicator::{IndicatorValue, Nature, UnitKind};
pub use crate::model::Person;
pub use lint::{lint_document, lint_project, Finding, IndicatorRef, ProjectRef, Rule, Severity};
pub use projects_toml::{placeholder_owner, write_projects_toml};
pub use seed::{parse_seed, Project, SeedDocument, SeedError, SummaryEntry};

pub(crate) use crate::base::text::{halfwidth, squash};

/// Where tests find the seed: the verbatim copy in `tests/fixtures/seed/`, so
/// the tests need nothing beside the repository. `BUDGET_MONITOR_SEED`
/// overrides it (to try another year's document).
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// The seed's path: the environment override, else the in-repo copy.
    pub(crate) fn seed_path() -> PathBuf {
        if let Some(p) = std::env::var_os("BUDGET_MONITOR_SEED") {
            return PathBuf::from(p);
        }
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seed/000_63910ab8e9ea5095.txt")
    }

    /// The seed's text; a missing seed fails the test with the path tried.
    pub(crate) fn seed_text() -> String {
        let path = seed_path();
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the seed at {}: {e}", path.display()))
    }

    /// The seed parsed for its fiscal year, 2025.
    pub(crate) fn seed_doc() -> super::SeedDocument {
        super::parse_seed(&seed_text(), 2025).unwrap_or_else(|e| panic!("seed: {e}"))
    }
}
