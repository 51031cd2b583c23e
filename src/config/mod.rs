//! Configuration: the projects with their plans and owners, and the settings
//! of the run. Loaded in two stages (see design.md): `raw` mirrors the files,
//! then everything is checked together here and turned into the domain types
//! below, so nothing downstream ever sees an unchecked value. All problems are
//! collected, not just the first, each with file, line and column.

mod adjustment;
mod alerting;
mod evaluation;
pub mod outputs;
mod owners;
mod raw;
mod registry;
mod sheet;
mod units;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use rust_decimal::Decimal;
use toml::Spanned;

use crate::base::diag::Diagnostic;
use crate::base::files::absolute;
use crate::base::i18n::message;
use crate::base::money::{AmountUnit, Fen};
use crate::ledger::profile::{LedgerProfile, Style};
use crate::model::alerting::{default_from, AlertSettings, EmailSettings, DEFAULT_MONTHLY};
use crate::model::plan::{Checkpoint, Plan};
use crate::model::{
    Adjustment, Config, Department, FundSource, Indicator, Person, Project, Settings, Thresholds,
    Timezone,
};

pub use owners::{read_owners, Owners};
pub use registry::load_registry;

/// Why configuration could not be used. Each diagnostic names a place.
#[derive(Debug)]
pub struct ConfigErrors(pub Vec<Diagnostic>);

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The config folder (holds settings.toml and projects.toml).
    pub config_dir: PathBuf,
    /// A projects file other than config/projects.toml: a projects TOML or a
    /// registry CSV.
    pub projects: Option<PathBuf>,
    /// The year to assume when no settings file says (the as-of year).
    pub default_year: i32,
}

/// Loads and checks settings and projects. Relative paths in settings resolve
/// against the folder that holds the config folder, so the shipped layout
/// works from any working directory.
pub fn load(opts: &LoadOptions) -> Result<Config, ConfigErrors> {
    let mut errors = Vec::new();
    let settings_path = opts.config_dir.join("settings.toml");
    let root = base_dir(&opts.config_dir);
    let config_abs = absolute(&opts.config_dir);
    let settings = if settings_path.exists() {
        load_settings(&settings_path, &root, &config_abs, &mut errors)
    } else if opts.projects.is_some() {
        // A registry run needs no settings file: defaults, and the as-of year.
        Some(default_settings(&root, &config_abs, opts.default_year))
    } else {
        errors.push(Diagnostic::file(
            &settings_path,
            message("cfg-settings-missing", &[]),
        ));
        None
    };
    let Some(settings) = settings else {
        return Err(ConfigErrors(errors));
    };
    let projects_file = opts
        .projects
        .clone()
        .unwrap_or_else(|| opts.config_dir.join("projects.toml"));
    let mut loaded = if projects_file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        load_registry(&projects_file, settings.fiscal_year, &mut errors).map(
            |(from_rows, projects)| match &settings.department {
                // The registry's unit stands in for one settings leave out.
                Some(d) => (
                    Department {
                        unit_code: Some(&d.unit_code)
                            .filter(|c| !c.is_empty())
                            .unwrap_or(&from_rows.unit_code)
                            .clone(),
                        unit_name: Some(&d.unit_name)
                            .filter(|c| !c.is_empty())
                            .unwrap_or(&from_rows.unit_name)
                            .clone(),
                        ..d.clone()
                    },
                    projects,
                ),
                None => (from_rows, projects),
            },
        )
    } else {
        if settings.department.is_some() {
            errors.push(Diagnostic::file(
                &settings_path,
                message(
                    "cfg-department-in-settings",
                    &[("file", projects_file.display().to_string())],
                ),
            ));
        }
        let share = Decimal::from(100) - settings.evaluation.execution_weight;
        load_projects(&projects_file, settings.fiscal_year, share, &mut errors)
    };
    if let (Some(file), Some((_, projects))) = (&settings.adjustments_file, &mut loaded) {
        adjustment::load_adjustments_csv(file, settings.fiscal_year, projects, &mut errors);
    }
    if let (Some(file), Some((department, projects))) = (&settings.units_file, &mut loaded) {
        department.units = units::load_units_csv(file, projects, &mut errors);
    }
    if let Some((_, projects)) = loaded.as_ref().filter(|_| !settings.exemptions.is_empty()) {
        // One pass over the projects, not one per exemption.
        let named: HashSet<&str> = settings
            .exemptions
            .iter()
            .map(|e| e.project.as_str())
            .collect();
        let known: HashSet<&str> = projects
            .iter()
            .map(|p| p.code.as_str())
            .filter(|c| named.contains(c))
            .collect();
        for e in &settings.exemptions {
            if !known.contains(e.project.as_str()) {
                errors.push(Diagnostic::at_line(
                    &settings_path,
                    e.line,
                    message(
                        "cfg-exemption-unknown",
                        &[
                            ("project", format!("{:?}", e.project)),
                            ("file", projects_file.display().to_string()),
                        ],
                    ),
                ));
            }
        }
    }
    // Outputs never overwrite inputs: checked here, so `check` refuses it.
    for msg in outputs::overlaps(
        &outputs::settings_outputs(&settings),
        &outputs::inputs(
            &settings,
            &opts.config_dir,
            &projects_file,
            std::slice::from_ref(&settings.ledger_dir),
        ),
    ) {
        errors.push(Diagnostic::file(&settings_path, msg));
    }
    match loaded {
        Some((department, projects)) if errors.is_empty() => Ok(Config {
            settings,
            department,
            projects,
            projects_file,
        }),
        _ => Err(ConfigErrors(errors)),
    }
}

/// The folder relative settings paths are resolved against: the parent of
/// the config folder.
fn base_dir(config_dir: &Path) -> PathBuf {
    let abs = absolute(config_dir);
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

fn default_settings(root: &Path, config_dir: &Path, year: i32) -> Settings {
    Settings {
        fiscal_year: year,
        department: None,
        ledger_dir: root.join("data"),
        state_dir: root.join("state"),
        outbox_dir: root.join("outbox"),
        reports_dir: root.join("reports"),
        quarantine_file: root.join("quarantine").join("quarantine.csv"),
        adjustments_file: None,
        units_file: None,
        thresholds: Thresholds::default(),
        profiles: LedgerProfile::defaults(),
        alerts: AlertSettings::default(),
        email: EmailSettings {
            from: default_from(),
            monthly_schedule: DEFAULT_MONTHLY.to_string(),
            templates_dir: config_dir.join("templates"),
            language: crate::base::i18n::Lang::Zh,
        },
        smtp: None,
        exemptions: Vec::new(),
        evaluation: crate::model::EvaluationSettings::default(),
        timezone: Timezone::default(),
        calendar: crate::base::calendar::Calendar::builtin(),
    }
}

fn read_text(path: &Path, errors: &mut Vec<Diagnostic>) -> Option<String> {
    match crate::base::files::read_bounded(path, crate::base::files::MAX_INPUT_BYTES) {
        Ok(bytes) => {
            let (text, _) = crate::base::encoding::decode_all(&bytes);
            Some(text)
        }
        Err(e) => {
            errors.push(Diagnostic::file(
                path,
                message("file-cannot-read-config", &[("error", e.to_string())]),
            ));
            None
        }
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let msg = e.message().trim().to_string();
            errors.push(match e.span() {
                Some(span) => Diagnostic::at_offset(path, text, span.start, msg),
                None => Diagnostic::file(path, msg),
            });
            None
        }
    }
}

fn load_settings(
    path: &Path,
    root: &Path,
    config_dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Option<Settings> {
    let text = read_text(path, errors)?;
    let raw: raw::RawSettings = parse_toml(path, &text, errors)?;
    let at = |span: std::ops::Range<usize>, msg: String| {
        Diagnostic::at_offset(path, &text, span.start, msg)
    };
    let before = errors.len();
    crate::base::escape::check_toml(path, &text, errors);
    let fiscal_year = match &raw.fiscal_year {
        Some(y) if (2000..=2100).contains(y.get_ref()) => *y.get_ref() as i32,
        Some(y) => {
            errors.push(at(
                y.span(),
                message("cfg-year-implausible", &[("year", y.get_ref().to_string())]),
            ));
            2000
        }
        None => {
            errors.push(Diagnostic::file(path, message("cfg-year-missing", &[])));
            2000
        }
    };
    let mut s = default_settings(root, config_dir, fiscal_year);
    s.department = raw
        .department
        .as_ref()
        .map(|d| department(d.get_ref(), path, &text, errors));
    (s.alerts, s.email, s.smtp, s.exemptions) =
        alerting::check(&raw, path, &text, root, config_dir, errors);
    let resolve = |v: &Option<Spanned<String>>, default: PathBuf| -> PathBuf {
        match v {
            Some(p) => {
                let p = PathBuf::from(p.get_ref());
                if p.is_absolute() {
                    p
                } else {
                    root.join(p)
                }
            }
            None => default,
        }
    };
    s.ledger_dir = resolve(&raw.ledger_dir, s.ledger_dir);
    s.state_dir = resolve(&raw.state_dir, s.state_dir);
    s.outbox_dir = resolve(&raw.outbox_dir, s.outbox_dir);
    s.reports_dir = resolve(&raw.reports_dir, s.reports_dir);
    s.quarantine_file = resolve(&raw.quarantine_file, s.quarantine_file);
    s.adjustments_file = raw
        .adjustments_file
        .as_ref()
        .map(|_| resolve(&raw.adjustments_file, PathBuf::new()));
    s.units_file = raw
        .units_file
        .as_ref()
        .map(|_| resolve(&raw.units_file, PathBuf::new()));
    if let Some(tz) = &raw.timezone {
        match Timezone::parse(tz.get_ref()) {
            Some(t) => s.timezone = t,
            None => errors.push(at(
                tz.span(),
                message(
                    "cfg-timezone-unknown",
                    &[("timezone", format!("{:?}", tz.get_ref()))],
                ),
            )),
        }
    }
    for f in &raw.calendar_files {
        let file = resolve(&Some(f.clone()), PathBuf::new());
        if let Err(e) = s.calendar.add_file(&file) {
            errors.push(at(f.span(), e));
        }
    }
    let mut points = |v: &Option<Spanned<toml::Value>>, default: Decimal, name: &str| -> Decimal {
        match v {
            None => default,
            Some(sp) => match value_decimal(sp.get_ref()) {
                Some(d) if d > Decimal::ZERO && d <= Decimal::from(100) => d,
                _ => {
                    errors.push(at(
                        sp.span(),
                        message("cfg-points-range", &[("name", name.to_string())]),
                    ));
                    default
                }
            },
        }
    };
    let d = Thresholds::default();
    let yellow = points(
        &raw.thresholds.yellow_gap_points,
        d.yellow_gap_points,
        "yellow_gap_points",
    );
    let red = points(
        &raw.thresholds.red_gap_points,
        d.red_gap_points,
        "red_gap_points",
    );
    if red < yellow {
        errors.push(Diagnostic::file(
            path,
            message(
                "cfg-red-below-yellow",
                &[("red", red.to_string()), ("yellow", yellow.to_string())],
            ),
        ));
    }
    s.thresholds = Thresholds {
        yellow_gap_points: yellow,
        red_gap_points: red,
    };
    if !raw.ledger_profile.is_empty() {
        let mut profiles = Vec::new();
        for sp in &raw.ledger_profile {
            let p = sp.get_ref();
            let style = match p.style.get_ref().as_str() {
                "treasury" => Style::Treasury,
                "ledger" => Style::Ledger,
                other => {
                    errors.push(at(
                        p.style.span(),
                        message("cfg-profile-style", &[("style", format!("{other:?}"))]),
                    ));
                    continue;
                }
            };
            let unit = match p.unit.as_ref().map(|u| (u.get_ref().as_str(), u.span())) {
                None => None,
                Some(("元" | "yuan", _)) => Some(AmountUnit::Yuan),
                Some(("万元" | "wan", _)) => Some(AmountUnit::Wan),
                Some((other, span)) => {
                    errors.push(at(
                        span,
                        message("cfg-unit-unknown", &[("unit", format!("{other:?}"))]),
                    ));
                    None
                }
            };
            let profile = LedgerProfile {
                name: p.name.clone(),
                style,
                date: p.date.clone(),
                voucher: p.voucher.clone(),
                project: p.project.clone(),
                amount: p.amount.clone(),
                debit: p.debit.clone(),
                credit: p.credit.clone(),
                summary: p.summary.clone(),
                unit,
            };
            if let Err(msg) = profile.check() {
                errors.push(at(
                    sp.span(),
                    message(
                        "cfg-profile-invalid",
                        &[
                            ("name", format!("{:?}", p.name)),
                            ("error", msg.to_string()),
                        ],
                    ),
                ));
                continue;
            }
            profiles.push(profile);
        }
        s.profiles = profiles;
    }
    s.evaluation = evaluation::check(&raw.evaluation, path, &text, errors);
    (errors.len() == before).then_some(s)
}

/// A number from TOML: integer, float or string, as an exact decimal.
fn value_decimal(v: &toml::Value) -> Option<Decimal> {
    use std::str::FromStr;
    match v {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) => Decimal::from_str(&f.to_string()).ok(),
        toml::Value::String(s) => Decimal::from_str(s.trim()).ok(),
        _ => None,
    }
}

/// Money from TOML: a string (exact) or an integer number of yuan. Floats are
/// refused: they cannot be trusted to the fen.
fn value_money(v: &toml::Value) -> Result<Option<Fen>, String> {
    match v {
        toml::Value::String(s) if s.trim().is_empty() => Ok(None),
        toml::Value::String(s) => Fen::parse_plain(s)
            .map(Some)
            .map_err(|e| message("cfg-money-bad", &[("error", e.localized())])),
        toml::Value::Integer(i) => i
            .checked_mul(100)
            .map(|f| Some(Fen(f)))
            .ok_or_else(|| message("cfg-money-range", &[])),
        toml::Value::Float(_) => Err(message("cfg-money-float", &[])),
        _ => Err(message("cfg-money-expected", &[])),
    }
}

/// A `[department]` table, in projects.toml or (for a registry) in
/// settings.toml.
fn department(
    d: &raw::RawDepartment,
    path: &Path,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Department {
    Department {
        unit_code: d.unit_code.trim().to_string(),
        unit_name: d.unit_name.trim().to_string(),
        head: d.head.as_ref().and_then(|h| person(h, path, text, errors)),
        office: d
            .office
            .as_ref()
            .and_then(|h| person(h, path, text, errors)),
        units: Default::default(),
    }
}

fn person(
    p: &Spanned<raw::RawPerson>,
    path: &Path,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Person> {
    let r = p.get_ref();
    let email = r.email.get_ref().trim();
    if !plausible_email(email) {
        errors.push(Diagnostic::at_offset(
            path,
            text,
            r.email.span().start,
            message("cfg-email-invalid", &[("email", format!("{email:?}"))]),
        ));
        return None;
    }
    Some(Person {
        name: r.name.trim().to_string(),
        email: email.to_string(),
    })
}

/// A light check: one @, something on both sides, a dot in the domain; and
/// an address the mail library will accept in a header and an envelope
/// (`zhangw:ei@example.org` passed the light check, then failed every
/// night's recording: found by the config fuzz target).
pub fn plausible_email(s: &str) -> bool {
    if s.parse::<lettre::Address>().is_err() {
        return false;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

fn load_projects(
    path: &Path,
    settings_year: i32,
    indicator_share: Decimal,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Department, Vec<Project>)> {
    let text = read_text(path, errors)?;
    let raw: raw::RawProjects = parse_toml(path, &text, errors)?;
    crate::base::escape::check_toml(path, &text, errors);
    let at = |span: std::ops::Range<usize>, msg: String| {
        Diagnostic::at_offset(path, &text, span.start, msg)
    };
    let year = match &raw.fiscal_year {
        Some(y) if *y.get_ref() as i32 != settings_year => {
            errors.push(at(
                y.span(),
                message(
                    "cfg-year-differs",
                    &[
                        ("year", y.get_ref().to_string()),
                        ("settings_year", settings_year.to_string()),
                    ],
                ),
            ));
            settings_year
        }
        _ => settings_year,
    };
    let department = match &raw.department {
        Some(d) => department(d, path, &text, errors),
        None => Department::default(),
    };
    if raw.project.is_empty() {
        errors.push(Diagnostic::file(path, message("cfg-no-projects", &[])));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut projects = Vec::new();
    for sp in &raw.project {
        let r = sp.get_ref();
        let code = r.code.get_ref().trim().to_string();
        if code.is_empty() {
            errors.push(at(r.code.span(), message("cfg-code-empty", &[])));
        } else if let Some(first) = seen.get(&code) {
            let (line, _) = crate::base::diag::line_col(&text, *first);
            errors.push(at(
                r.code.span(),
                message(
                    "cfg-code-twice",
                    &[("code", code.clone()), ("line", line.to_string())],
                ),
            ));
        } else {
            seen.insert(code.clone(), r.code.span().start);
        }
        let budget = match value_money(r.budget.get_ref()) {
            Ok(Some(b)) if b > Fen::ZERO => b,
            Ok(_) => {
                errors.push(at(
                    r.budget.span(),
                    message("cfg-budget-zero", &[("code", code.clone())]),
                ));
                Fen::ZERO
            }
            Err(msg) => {
                errors.push(at(
                    r.budget.span(),
                    message(
                        "cfg-budget-bad",
                        &[("code", code.clone()), ("error", msg.to_string())],
                    ),
                ));
                Fen::ZERO
            }
        };
        let mut opt_money = |v: &Option<Spanned<toml::Value>>, what: &str| -> Option<Fen> {
            let v = v.as_ref()?;
            match value_money(v.get_ref()) {
                Ok(f) => f,
                Err(msg) => {
                    errors.push(at(
                        v.span(),
                        message(
                            "cfg-project-field",
                            &[
                                ("code", code.clone()),
                                ("field", what.to_string()),
                                ("error", msg.to_string()),
                            ],
                        ),
                    ));
                    None
                }
            }
        };
        let fiscal_funds = opt_money(&r.fiscal_funds, "fiscal_funds");
        let other_funds = opt_money(&r.other_funds, "other_funds");
        let mut checkpoints = Vec::new();
        for cp in r.plan.get_ref() {
            let c = cp.get_ref();
            let date = raw::toml_date(c.date.get_ref());
            let Some(date) = date else {
                errors.push(at(
                    c.date.span(),
                    message(
                        "cfg-plan-date",
                        &[("code", code.clone()), ("year", year.to_string())],
                    ),
                ));
                continue;
            };
            let Some(percent) = value_decimal(c.percent.get_ref()) else {
                errors.push(at(
                    c.percent.span(),
                    message("cfg-plan-percent", &[("code", code.clone())]),
                ));
                continue;
            };
            if date.year() != year {
                errors.push(at(
                    c.date.span(),
                    message(
                        "cfg-checkpoint-year",
                        &[
                            ("code", code.clone()),
                            ("date", date.to_string()),
                            ("year", year.to_string()),
                        ],
                    ),
                ));
            }
            if percent < Decimal::ZERO || percent > Decimal::from(100) {
                errors.push(at(
                    c.percent.span(),
                    message(
                        "cfg-checkpoint-percent",
                        &[("code", code.clone()), ("percent", percent.to_string())],
                    ),
                ));
            }
            if let Some(prev) = checkpoints.last() {
                let prev: &Checkpoint = prev;
                if date <= prev.date {
                    errors.push(at(
                        c.date.span(),
                        message(
                            "cfg-checkpoint-order",
                            &[
                                ("code", code.clone()),
                                ("date", date.to_string()),
                                ("prev", prev.date.to_string()),
                            ],
                        ),
                    ));
                }
                if percent < prev.percent {
                    errors.push(at(
                        c.percent.span(),
                        message(
                            "cfg-checkpoint-decrease",
                            &[
                                ("code", code.clone()),
                                ("percent", percent.to_string()),
                                ("prev", prev.percent.to_string()),
                            ],
                        ),
                    ));
                }
            }
            checkpoints.push(Checkpoint { date, percent });
        }
        match checkpoints.last() {
            None => errors.push(at(
                r.plan.span(),
                message("cfg-plan-empty", &[("code", code.clone())]),
            )),
            Some(last) if last.percent != Decimal::from(100) => errors.push(at(
                r.plan.span(),
                message(
                    "cfg-plan-end",
                    &[
                        ("code", code.clone()),
                        ("percent", last.percent.to_string()),
                    ],
                ),
            )),
            _ => {}
        }
        let owner = r
            .owner
            .as_ref()
            .and_then(|o| person(o, path, &text, errors))
            .map(std::sync::Arc::new);
        let adjustments = project_adjustments(r, &code, year, budget, &at, errors);
        let weights = indicator_weights(r, &code, indicator_share, &at, errors);
        projects.push(Project {
            code,
            name: r.name.clone(),
            unit_code: r.unit_code.as_str().into(),
            unit_name: r.unit_name.as_str().into(),
            budget,
            adjustments,
            fiscal_funds,
            other_funds,
            purpose: r.purpose.as_str().into(),
            goal: r.goal.as_str().into(),
            owner,
            plan: Plan {
                year,
                checkpoints: checkpoints.into(),
            },
            indicators: r
                .indicator
                .iter()
                .zip(weights)
                .map(|(i, weight)| Indicator {
                    level1: i.level1.clone(),
                    level2: i.level2.clone(),
                    level3: i.level3.clone(),
                    description: i.description.clone(),
                    value: i.value.clone(),
                    basis: i.basis.clone(),
                    line: 0,
                    weight,
                })
                .collect(),
        });
    }
    Some((department, projects))
}

/// A project's `[[project.adjustment]]` entries, checked: a date inside the
/// fiscal year, an exact signed amount, a known source, and a budget in force
/// that stays above zero.
fn project_adjustments(
    r: &raw::RawProject,
    code: &str,
    year: i32,
    budget: Fen,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Adjustment> {
    let mut out: Vec<(Adjustment, std::ops::Range<usize>)> = Vec::new();
    for sp in &r.adjustment {
        let a = sp.get_ref();
        let date = raw::toml_date(a.date.get_ref());
        let Some(date) = date else {
            errors.push(at(
                a.date.span(),
                message(
                    "cfg-adjustment-date",
                    &[("code", code.to_string()), ("year", year.to_string())],
                ),
            ));
            continue;
        };
        if let Some(msg) = adjustment::outside_year(date, year) {
            errors.push(at(
                a.date.span(),
                message(
                    "cfg-project-error",
                    &[("code", code.to_string()), ("error", msg.to_string())],
                ),
            ));
            continue;
        }
        let amount = match a.amount.get_ref() {
            toml::Value::String(s) => Fen::parse_plain(s).map_err(|e| {
                message(
                    "cfg-adjustment-amount-bad",
                    &[("error", e.localized()), ("value", format!("{s:?}"))],
                )
            }),
            _ => Err(message("cfg-adjustment-amount-type", &[])),
        };
        let amount = match amount {
            Ok(a) => a,
            Err(msg) => {
                errors.push(at(
                    a.amount.span(),
                    message(
                        "cfg-adjustment-amount",
                        &[("code", code.to_string()), ("error", msg.to_string())],
                    ),
                ));
                continue;
            }
        };
        let source = match &a.source {
            None => FundSource::Fiscal,
            Some(s) => match FundSource::parse(s.get_ref()) {
                Some(f) => f,
                None => {
                    errors.push(at(
                        s.span(),
                        message(
                            "cfg-adjustment-source",
                            &[
                                ("code", code.to_string()),
                                ("source", format!("{:?}", s.get_ref())),
                            ],
                        ),
                    ));
                    continue;
                }
            },
        };
        out.push((
            Adjustment {
                date,
                amount,
                document: a.document.clone(),
                reason: a.reason.clone(),
                source,
            },
            a.amount.span(),
        ));
    }
    out.sort_by_key(|(a, _)| a.date);
    let list: Vec<Adjustment> = out.iter().map(|(a, _)| a.clone()).collect();
    if budget > Fen::ZERO {
        if let Some((day, b)) = adjustment::first_nonpositive(budget, &list) {
            let span = out
                .iter()
                .rev()
                .find(|(a, _)| a.date == day)
                .map(|(_, s)| s.clone())
                .unwrap_or(0..0);
            errors.push(at(
                span,
                message(
                    "cfg-adjustment-below-zero",
                    &[
                        ("code", code.to_string()),
                        ("day", day.to_string()),
                        ("budget", b.grouped().to_string()),
                    ],
                ),
            ));
        }
    }
    list
}

/// The `weight` of each indicator, checked: a number of points, given on all
/// of a project's indicators or on none, adding up to the indicator share
/// (100 minus the execution weight of `[evaluation]`).
fn indicator_weights(
    r: &raw::RawProject,
    code: &str,
    share: Decimal,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Option<Decimal>> {
    let mut out = Vec::with_capacity(r.indicator.len());
    for i in &r.indicator {
        out.push(match &i.weight {
            None => None,
            Some(w) => match value_decimal(w.get_ref()) {
                Some(d) if d >= Decimal::ZERO && d <= Decimal::from(100) => Some(d),
                _ => {
                    errors.push(at(
                        w.span(),
                        message(
                            "cfg-weight-range",
                            &[
                                ("code", code.to_string()),
                                ("indicator", format!("{:?}", i.level3)),
                            ],
                        ),
                    ));
                    None
                }
            },
        });
    }
    let given = out.iter().filter(|w| w.is_some()).count();
    if given > 0 && given < out.len() {
        if let Some(missing) = r.indicator.iter().zip(&out).find(|(_, w)| w.is_none()) {
            errors.push(at(
                r.code.span(),
                message(
                    "cfg-weight-partial",
                    &[
                        ("code", code.to_string()),
                        ("given", given.to_string()),
                        ("count", out.len().to_string()),
                        ("indicator", format!("{:?}", missing.0.level3)),
                    ],
                ),
            ));
        }
    } else if given > 0 {
        let sum: Decimal = out.iter().flatten().sum();
        if sum != share {
            let span = r
                .indicator
                .iter()
                .find_map(|i| i.weight.as_ref().map(|w| w.span()))
                .unwrap_or_else(|| r.code.span());
            errors.push(at(
                span,
                message(
                    "cfg-weight-sum",
                    &[
                        ("code", code.to_string()),
                        ("sum", sum.to_string()),
                        ("share", share.to_string()),
                    ],
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
