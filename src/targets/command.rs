//! The `import-targets` and `lint` commands. They live beside the parser and
//! the linter rather than in `cli` so the command line stays a list of
//! arguments, and so the same code path can be tested without the binary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::lint::{lint_document, lint_project, Finding, Severity};
use super::seed::{CalendarDate, IndicatorRow, PlanPoint, Project, SeedDocument};
use super::{parse_seed, read_owners, write_projects_toml, Person};
use crate::config;

/// What `import-targets` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The target document in its text export form.
    pub input: PathBuf,
    /// The fiscal year the checkpoints fall in; None: the owners file's
    /// `fiscal_year`, else `default_year`.
    pub year: Option<i32>,
    /// A projects.toml whose owners and head are kept; None: placeholders.
    pub owners_from: Option<PathBuf>,
    /// Where to write; None or "-": standard output.
    pub out: Option<PathBuf>,
    /// Replace `out` when it exists (it may be a hand-edited projects file).
    pub force: bool,
    /// The year to use when neither `year` nor the owners file says.
    pub default_year: i32,
}

/// Runs `import-targets`; returns the exit code (0 written, 2 nothing usable).
pub fn import_targets(o: &ImportOptions) -> i32 {
    // Refused before any work: writing over the document read, or over an
    // existing file without --force.
    if let Some(path) = o.out.as_deref().filter(|p| *p != Path::new("-")) {
        if crate::files::overlaps(path, &o.input) {
            eprintln!(
                "error: {}: --out is the document being read; choose another file",
                path.display()
            );
            return 2;
        }
        if let Err(e) = config::outputs::refuse_existing(path, o.force) {
            eprintln!("error: {e}");
            return 2;
        }
    }
    let text = match read_text(&o.input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: {e}", o.input.display());
            return 2;
        }
    };
    let mut head = Person::default_head();
    let mut owners = BTreeMap::new();
    let mut owners_year = None;
    if let Some(path) = &o.owners_from {
        let existing = match crate::files::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}: cannot read owners: {e}", path.display());
                return 2;
            }
        };
        match read_owners(&existing) {
            Ok((h, found)) => {
                head = h.unwrap_or(head);
                owners = found;
            }
            Err(e) => {
                eprintln!("error: {}: not TOML: {}", path.display(), e.message());
                return 2;
            }
        }
        owners_year = existing
            .parse::<toml::Table>()
            .ok()
            .and_then(|t| t.get("fiscal_year").and_then(toml::Value::as_integer))
            .and_then(|y| i32::try_from(y).ok());
    }
    let year = o.year.or(owners_year).unwrap_or(o.default_year);
    let doc = match parse_seed(&text, year) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}: {e}", o.input.display());
            return 2;
        }
    };
    let out = write_projects_toml(&doc, &head, &owners);
    match o.out.as_deref().filter(|p| *p != Path::new("-")) {
        None => crate::cli::print_stdout(&out),
        Some(path) => {
            // Temp file, fsync, rename: a full disk leaves the old file.
            if let Err(e) = crate::files::write_atomic(path, out.as_bytes()) {
                eprintln!("error: {}: cannot write: {e}", path.display());
                return 2;
            }
        }
    }
    let placeholders = doc
        .projects
        .iter()
        .filter(|p| !owners.contains_key(&p.code))
        .count();
    eprintln!(
        "import-targets: {} projects, {} indicators, {} yuan, fiscal year {year}, {placeholders} placeholder owners",
        doc.projects.len(),
        doc.indicator_count(),
        crate::money::Fen(doc.total_budget_fen()).grouped(),
    );
    0
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

/// Runs `lint`; returns 1 when any error-level finding exists, 0 otherwise,
/// 2 when the input could not be read.
pub fn lint(input: &LintInput, default_year: i32) -> i32 {
    let findings = match input {
        LintInput::Document(path) => {
            let text = match read_text(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return 2;
                }
            };
            match parse_seed(&text, default_year) {
                Ok(doc) => lint_document(&doc),
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return 2;
                }
            }
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
            let cfg = match config::load(&config::LoadOptions {
                config_dir,
                projects,
                default_year,
            }) {
                Ok(c) => c,
                Err(errors) => {
                    for d in &errors.0 {
                        eprintln!("error: {d}");
                    }
                    return 2;
                }
            };
            cfg.projects
                .iter()
                .flat_map(|p| lint_project(&from_config(p), &[]))
                .collect()
        }
    };
    crate::cli::print_stdout(&render_findings(&findings));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    eprintln!(
        "lint: {} findings ({errors} errors, {} warnings, {} notes)",
        findings.len(),
        findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        findings
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .count(),
    );
    if errors > 0 {
        1
    } else {
        0
    }
}

/// Findings grouped by project (department-wide ones first), in the order
/// they were found, one indented line each: severity, rule, indicator, why.
pub fn render_findings(findings: &[Finding]) -> String {
    let mut groups: Vec<(Option<&super::ProjectRef>, Vec<&Finding>)> = Vec::new();
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
                let _ = writeln!(out, "department");
            }
        }
        for f in list {
            let _ = write!(out, "  {}[{}]", f.severity, f.rule.id());
            if let Some(i) = &f.indicator {
                if i.line > 0 {
                    let _ = write!(out, " line {}:", i.line);
                }
                let _ = write!(out, " {} = {}", i.level3, i.value);
            }
            let _ = writeln!(out, ": {}", f.message);
        }
    }
    out
}

/// A configured project in the shape the linter reads. Line numbers are 0:
/// the config keeps no positions for indicator rows.
pub fn from_config(p: &config::Project) -> Project {
    Project {
        line: 0,
        title: format!("{}绩效目标表", p.name),
        code: p.code.clone(),
        name: p.name.clone(),
        unit_code: p.unit_code.clone(),
        unit_name: p.unit_name.clone(),
        budget_fen: p.budget.0,
        fiscal_funds_fen: p.fiscal_funds.map(|f| f.0),
        other_funds_fen: p.other_funds.map(|f| f.0),
        purpose: p.purpose.clone(),
        goal: p.goal.clone(),
        plan: p
            .plan
            .checkpoints
            .iter()
            .map(|c| {
                use chrono::Datelike;
                PlanPoint {
                    label: format!("{}月底", c.date.month()),
                    date: CalendarDate {
                        year: c.date.year(),
                        month: c.date.month(),
                        day: c.date.day(),
                    },
                    percent: c.percent,
                    line: 0,
                }
            })
            .collect(),
        indicators: p
            .indicators
            .iter()
            .map(|i| IndicatorRow {
                line: 0,
                level1: i.level1.clone(),
                level2: i.level2.clone(),
                level3: i.level3.clone(),
                description: i.description.clone(),
                value: i.value.clone(),
                basis: i.basis.clone(),
            })
            .collect(),
    }
}

/// The document's text, whatever its encoding (word processors on Windows
/// export GBK as often as UTF-8).
fn read_text(path: &Path) -> Result<String, std::io::Error> {
    let bytes = crate::files::read_bounded(path, crate::files::MAX_INPUT_BYTES)?;
    Ok(crate::ledger::decode::decode_all(&bytes).0)
}

/// The document parsed, for callers that need it (tests, reports).
pub fn read_document(path: &Path, year: i32) -> Result<SeedDocument, String> {
    let text = read_text(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_seed(&text, year).map_err(|e| format!("{}: {e}", path.display()))
}
