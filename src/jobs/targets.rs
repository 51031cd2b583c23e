//! Importing and reviewing the performance-target document (`import-targets`
//! and `lint`): the parser, writer and linter of `targets` put to work on
//! files. Results are returned, not printed, so `cli` decides where they go
//! and the same path can be tested without the binary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{inputs, Outcome, Unusable};
use crate::base::i18n::message;
use crate::config::read_owners;
use crate::model::Person;
use crate::targets::lint::{lint_document, lint_project, Finding, Severity};
use crate::targets::projects_toml::{write_projects_toml_keeping, Kept};
use crate::targets::seed::{Project, SeedDocument};
use crate::targets::{parse_seed, ProjectRef};

/// What `import-targets` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The target document in its text export form.
    pub input: PathBuf,
    /// The fiscal year the checkpoints fall in (`--year`); None: the year
    /// the document states, which is then required.
    pub year: Option<i32>,
    /// A projects.toml whose owners and head are kept; None: placeholders.
    pub owners_from: Option<PathBuf>,
    /// Where to write; None or "-": standard output.
    pub out: Option<PathBuf>,
    /// Replace `out` when it exists (it may be a hand-edited projects file).
    pub force: bool,
}

/// What `import-targets` made: the projects TOML and the line that sums it up.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The projects in the config/projects.toml format.
    pub toml: String,
    /// "import-targets: 12 projects, …".
    pub summary: String,
    /// Warnings and notes to show before the summary (a year that differs
    /// from the document's or the owners file's).
    pub notes: Vec<String>,
}

/// Runs `import-targets`: reads the document (and the owners to keep) and
/// writes the projects TOML to `o.out` when it names a file; with no file
/// the caller prints `toml`.
pub fn import_targets(o: &ImportOptions) -> Result<Imported, Unusable> {
    // Refused before any work: writing over the document read, or over an
    // existing file without --force.
    if let Some(path) = o.out.as_deref().filter(|p| *p != Path::new("-")) {
        if crate::base::files::overlaps(path, &o.input) {
            return Err(Unusable::error(message(
                "targets-out-is-input",
                &[("file", path.display().to_string())],
            )));
        }
        crate::config::outputs::refuse_existing(path, o.force).map_err(Unusable::error)?;
    }
    let text = read_text(&o.input).map_err(|e| {
        Unusable::error(message(
            "targets-cannot-read",
            &[
                ("file", o.input.display().to_string()),
                ("error", e.to_string()),
            ],
        ))
    })?;
    let mut head = Person::default_head();
    let mut office = Person::default_office();
    let mut owners = BTreeMap::new();
    let mut owners_year = None;
    let mut kept = Kept::default();
    let mut notes = Vec::new();
    if let Some(path) = &o.owners_from {
        let existing = crate::base::files::read_to_string(path).map_err(|e| {
            Unusable::error(message(
                "targets-owners-cannot-read",
                &[
                    ("file", path.display().to_string()),
                    ("error", e.to_string()),
                ],
            ))
        })?;
        let found = read_owners(&existing).map_err(|e| {
            Unusable::error(message(
                "targets-owners-not-toml",
                &[
                    ("file", path.display().to_string()),
                    ("error", e.message().to_string()),
                ],
            ))
        })?;
        head = found.head.unwrap_or(head);
        office = found.office.unwrap_or(office);
        owners = found.owners;
        owners_year = found.fiscal_year;
        kept = Kept {
            weights: found.weights,
            adjustments: found.adjustments,
        };
    }
    let year = choose_year(&o.input, &text, o.year, &mut notes)?;
    if let Some(y) = owners_year.filter(|&y| y != year) {
        if let Some(path) = &o.owners_from {
            notes.push(message(
                "import-owners-year",
                &[
                    ("file", path.display().to_string()),
                    ("owners_year", y.to_string()),
                    ("year", year.to_string()),
                ],
            ));
        }
    }
    let doc = parse_seed(&text, year)
        .map_err(|e| Unusable::error(format!("{}: {e}", o.input.display())))?;
    let out = write_projects_toml_keeping(&doc, &head, &office, &owners, &kept);
    if let Some(path) = o.out.as_deref().filter(|p| *p != Path::new("-")) {
        // Temp file, fsync, rename: a full disk leaves the old file.
        crate::base::files::write_atomic(path, out.as_bytes()).map_err(|e| {
            Unusable::error(message(
                "file-cannot-write",
                &[
                    ("file", path.display().to_string()),
                    ("error", e.to_string()),
                ],
            ))
        })?;
    }
    let placeholders = doc
        .projects
        .iter()
        .filter(|p| !owners.contains_key(&p.code))
        .count();
    let summary = message(
        "import-summary",
        &[
            ("projects", doc.projects.len().to_string()),
            ("indicators", doc.indicator_count().to_string()),
            (
                "amount",
                crate::base::money::Fen(doc.total_budget_fen()).grouped(),
            ),
            ("year", year.to_string()),
            ("placeholders", placeholders.to_string()),
        ],
    );
    Ok(Imported {
        toml: out,
        summary,
        notes,
    })
}

/// The fiscal year of a document: `--year` when given (a disagreement with
/// the document is noted), else the year the document states; unusable
/// when neither says.
fn choose_year(
    path: &Path,
    text: &str,
    explicit: Option<i32>,
    notes: &mut Vec<String>,
) -> Result<i32, Unusable> {
    let stated = crate::targets::year::stated_year(text);
    match (explicit, stated) {
        (Some(y), Some((s, line))) if y != s => {
            notes.push(message(
                "lint-year-differs",
                &[
                    ("file", path.display().to_string()),
                    ("line", line.to_string()),
                    ("stated", s.to_string()),
                    ("year", y.to_string()),
                ],
            ));
            Ok(y)
        }
        (Some(y), _) => Ok(y),
        (None, Some((s, _))) => Ok(s),
        (None, None) => Err(Unusable::error(message(
            "lint-no-year",
            &[("file", path.display().to_string())],
        ))),
    }
}

/// What `lint` reviews: a target document, or configured projects.
#[derive(Debug, Clone)]
pub enum LintInput {
    /// A target document in its text export form (part one is checked too).
    Document(PathBuf),
    /// A projects TOML file.
    Projects(PathBuf),
    /// The projects of a config folder.
    ConfigDir(PathBuf),
}

/// What `lint` found: the findings rendered for a person, the summary
/// line, and whether any is an error.
#[derive(Debug, Clone)]
pub struct Linted {
    /// Every finding (see [`render_findings`]).
    pub findings: Vec<Finding>,
    /// "lint: N findings (…)".
    pub summary: String,
    /// `Problems` when any finding is an error.
    pub outcome: Outcome,
    /// Warnings to show before the findings (a year that differs from the
    /// document's).
    pub notes: Vec<String>,
}

/// Runs `lint` on a document or on configured projects.
///
/// `year` is `--year`: a document's year otherwise comes from its text, a
/// projects TOML's from its `fiscal_year`, and `default_year` is the last
/// resort for a config folder.
pub fn lint(input: &LintInput, year: Option<i32>, default_year: i32) -> Result<Linted, Unusable> {
    let mut notes = Vec::new();
    let findings = match input {
        LintInput::Document(path) => {
            let text = read_text(path).map_err(|e| {
                Unusable::error(message(
                    "targets-cannot-read",
                    &[
                        ("file", path.display().to_string()),
                        ("error", e.to_string()),
                    ],
                ))
            })?;
            let year = choose_year(path, &text, year, &mut notes)?;
            let doc = parse_seed(&text, year)
                .map_err(|e| Unusable::error(format!("{}: {e}", path.display())))?;
            lint_document(&doc)
        }
        LintInput::Projects(_) | LintInput::ConfigDir(_) => {
            let (config_dir, projects) = match input {
                LintInput::Projects(p) => (
                    p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    Some(p.clone()),
                ),
                LintInput::ConfigDir(d) => (d.clone(), None),
                LintInput::Document(_) => unreachable!(),
            };
            // A projects TOML states its own year; a lint of it must not
            // depend on today's date.
            let file_year = projects
                .as_ref()
                .and_then(|p| std::fs::read_to_string(p).ok())
                .and_then(|t| read_owners(&t).ok())
                .and_then(|o| o.fiscal_year);
            let cfg = inputs::load_config(
                &config_dir,
                projects.as_deref(),
                year.or(file_year).unwrap_or(default_year),
            )?;
            cfg.projects
                .iter()
                .flat_map(|p| lint_project(&Project::configured(p), &[]))
                .collect()
        }
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let count = |sev: Severity| {
        findings
            .iter()
            .filter(|f| f.severity == sev)
            .count()
            .to_string()
    };
    let summary = message(
        "lint-summary",
        &[
            ("findings", findings.len().to_string()),
            ("errors", errors.to_string()),
            ("warnings", count(Severity::Warning)),
            ("notes", count(Severity::Info)),
        ],
    );
    Ok(Linted {
        findings,
        summary,
        outcome: Outcome::problems_if(errors > 0),
        notes,
    })
}

/// Findings grouped by project (department-wide ones first), in the order
/// they were found, one indented line each: severity, rule, indicator, why.
pub fn render_findings(findings: &[Finding]) -> String {
    let mut groups: Vec<(Option<&ProjectRef>, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(p, _)| *p == f.project.as_ref()) {
            Some((_, v)) => v.push(f),
            None => groups.push((f.project.as_ref(), vec![f])),
        }
    }
    groups.sort_by_key(|(p, _)| p.is_some());
    let mut out = String::new();
    for (project, list) in groups {
        match project {
            Some(p) => {
                let _ = writeln!(out, "{} {}", p.code, p.name);
            }
            None => {
                let _ = writeln!(out, "{}", message("lint-department", &[]));
            }
        }
        for f in list {
            // The severity and the rule id stay machine-stable in every
            // language: scripts grep `error[cost-not-currency]`.
            let tag = format!("{}[{}]", f.severity, f.rule.id());
            let line = match &f.indicator {
                Some(i) if i.line > 0 => message(
                    "lint-finding-row",
                    &[
                        ("tag", tag),
                        ("line", i.line.to_string()),
                        ("level3", i.level3.clone()),
                        ("value", i.value.clone()),
                        ("message", f.message.to_string()),
                    ],
                ),
                Some(i) => message(
                    "lint-finding-row-no-line",
                    &[
                        ("tag", tag),
                        ("level3", i.level3.clone()),
                        ("value", i.value.clone()),
                        ("message", f.message.to_string()),
                    ],
                ),
                None => message(
                    "lint-finding",
                    &[("tag", tag), ("message", f.message.to_string())],
                ),
            };
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// The document's text, whatever its encoding (word processors on Windows
/// export GBK as often as UTF-8).
fn read_text(path: &Path) -> Result<String, std::io::Error> {
    let bytes = crate::base::files::read_bounded(path, crate::base::files::MAX_INPUT_BYTES)?;
    Ok(crate::base::encoding::decode_all(&bytes).0)
}

/// The document parsed, for callers that need it (tests, reports).
pub fn read_document(path: &Path, year: i32) -> Result<SeedDocument, String> {
    let text = read_text(path).map_err(|e| {
        message(
            "targets-cannot-read",
            &[
                ("file", path.display().to_string()),
                ("error", e.to_string()),
            ],
        )
    })?;
    parse_seed(&text, year).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    //! The writer and the lenient reader together: what `import-targets`
    //! relies on when it keeps owners across a re-import.

    use super::*;
    use crate::config::Owners;
    use crate::targets::test_support::seed_doc;
    use crate::targets::{placeholder_owner, write_projects_toml};

    #[test]
    fn owners_survive_a_reimport() {
        let doc = seed_doc();
        let mut owners = BTreeMap::new();
        owners.insert(
            "13022925P00004010007P".to_string(),
            Person::new("王芳", "wangfang@example.org"),
        );
        let head = Person::new("刘主任", "liu@example.org");
        let first = write_projects_toml(&doc, &head, &owners);
        let Owners {
            head: read_head,
            owners: read,
            ..
        } = read_owners(&first).unwrap();
        assert_eq!(read_head, Some(head.clone()));
        assert_eq!(read.len(), 12, "placeholders are read back too");
        assert_eq!(
            read["13022925P00004010007P"],
            owners["13022925P00004010007P"]
        );
        assert_eq!(
            read["13022925P00004610003B"],
            placeholder_owner("13022925P00004610003B")
        );
        // Writing again from what was read gives the same file.
        assert_eq!(write_projects_toml(&doc, &head, &read), first);
    }

    #[test]
    fn read_owners_is_tolerant() {
        let text = r#"
            something_else = 1
            [department]
            head = { name = "张三" }
            [[project]]
            code = "A"
            owner = { name = "李四", email = "lisi@example.org", phone = "1" }
            [[project]]
            owner = { name = "无编码", email = "x@example.org" }
            [[project]]
            code = "B"
            owner = "not a table"
            [[project]]
            code = "C"
        "#;
        let Owners { head, owners, .. } = read_owners(text).unwrap();
        assert_eq!(head, None);
        assert_eq!(owners.len(), 1);
        assert_eq!(owners["A"], Person::new("李四", "lisi@example.org"));
        assert!(read_owners("project = [").is_err());
        assert_eq!(read_owners("").unwrap(), Owners::default());
        assert_eq!(read_owners("project = 3").unwrap().owners.len(), 0);
    }
}
