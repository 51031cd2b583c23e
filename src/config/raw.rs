//! Stage one of configuration: serde structs that mirror the TOML files
//! exactly, with spans kept on every field a later check may complain about,
//! so that stage two can point at the line and column. Nothing outside
//! `config` sees these types.

use serde::Deserialize;
use toml::Spanned;

/// `config/settings.toml` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    pub fiscal_year: Option<Spanned<i64>>,
    pub ledger_dir: Option<Spanned<String>>,
    pub state_dir: Option<Spanned<String>>,
    pub outbox_dir: Option<Spanned<String>>,
    pub reports_dir: Option<Spanned<String>>,
    pub quarantine_file: Option<Spanned<String>>,
    pub adjustments_file: Option<Spanned<String>>,
    pub units_file: Option<Spanned<String>>,
    #[serde(default)]
    pub thresholds: RawThresholds,
    #[serde(default)]
    pub ledger_profile: Vec<Spanned<RawProfile>>,
    #[serde(default)]
    pub alerts: RawAlerts,
    #[serde(default)]
    pub email: RawEmail,
    pub smtp: Option<Spanned<RawSmtp>>,
    #[serde(default)]
    pub exemption: Vec<Spanned<RawExemption>>,
    #[serde(default)]
    pub evaluation: RawEvaluation,
    pub timezone: Option<Spanned<String>>,
    #[serde(default)]
    pub calendar_files: Vec<Spanned<String>>,
    /// Only with a registry CSV (see `Settings::department`).
    pub department: Option<Spanned<RawDepartment>>,
}

/// `[alerts]`: when warnings go out and how often they repeat.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAlerts {
    pub early_lead_days: Option<Spanned<i64>>,
    pub early_pace_multiple: Option<Spanned<toml::Value>>,
    pub repeat_interval_days: Option<Spanned<i64>>,
    pub escalate_after_repeats: Option<Spanned<i64>>,
    pub explanation_days: Option<Spanned<i64>>,
    pub overspend_repeat_growth_percent: Option<Spanned<toml::Value>>,
}

/// `[email]`: sender, monthly schedule, templates.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawEmail {
    pub from: Option<Spanned<String>>,
    pub monthly_schedule: Option<Spanned<String>>,
    pub templates_dir: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
}

/// `[smtp]`: the mail server; absent means "write .eml files to the outbox".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    pub host: Spanned<String>,
    pub port: Option<Spanned<i64>>,
    pub security: Option<Spanned<String>>,
    pub username: Option<String>,
    pub password_file: Option<Spanned<String>>,
    pub timeout_seconds: Option<Spanned<i64>>,
}

/// One `[[exemption]]`: an accepted explanation (情况说明) for a project.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExemption {
    pub project: Spanned<String>,
    #[serde(default)]
    pub reason: String,
    pub until: Spanned<toml::Value>,
}

/// `[evaluation]`: year-end self-evaluation weights, grades and bands.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawEvaluation {
    pub execution_weight: Option<Spanned<toml::Value>>,
    pub output_weight: Option<Spanned<toml::Value>>,
    pub benefit_weight: Option<Spanned<toml::Value>>,
    pub satisfaction_weight: Option<Spanned<toml::Value>>,
    pub achieved_percent: Option<Spanned<toml::Value>>,
    pub partly_achieved_percent: Option<Spanned<toml::Value>>,
    pub not_achieved_percent: Option<Spanned<toml::Value>>,
    pub excellent_from: Option<Spanned<toml::Value>>,
    pub good_from: Option<Spanned<toml::Value>>,
    pub pass_from: Option<Spanned<toml::Value>>,
}

/// `[thresholds]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub yellow_gap_points: Option<Spanned<toml::Value>>,
    pub red_gap_points: Option<Spanned<toml::Value>>,
}

/// `[[ledger_profile]]`: how to recognise one kind of export by its header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: String,
    pub style: Spanned<String>,
    #[serde(default)]
    pub date: Vec<String>,
    #[serde(default)]
    pub voucher: Vec<String>,
    #[serde(default)]
    pub project: Vec<String>,
    #[serde(default)]
    pub amount: Vec<String>,
    #[serde(default)]
    pub debit: Vec<String>,
    #[serde(default)]
    pub credit: Vec<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    pub unit: Option<Spanned<String>>,
}

/// `config/projects.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProjects {
    pub fiscal_year: Option<Spanned<i64>>,
    pub department: Option<RawDepartment>,
    #[serde(default)]
    pub project: Vec<Spanned<RawProject>>,
}

/// `[department]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDepartment {
    #[serde(default)]
    pub unit_code: String,
    #[serde(default)]
    pub unit_name: String,
    pub head: Option<Spanned<RawPerson>>,
    pub office: Option<Spanned<RawPerson>>,
}

/// A name and an email address.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: String,
    pub email: Spanned<String>,
}

/// One `[[project]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub unit_code: String,
    #[serde(default)]
    pub unit_name: String,
    pub budget: Spanned<toml::Value>,
    pub fiscal_funds: Option<Spanned<toml::Value>>,
    pub other_funds: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub goal: String,
    pub owner: Option<Spanned<RawPerson>>,
    pub plan: Spanned<Vec<Spanned<RawCheckpoint>>>,
    #[serde(default)]
    pub indicator: Vec<RawIndicator>,
    #[serde(default)]
    pub adjustment: Vec<Spanned<RawAdjustment>>,
}

/// One `[[project.adjustment]]`: a budget change by a document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdjustment {
    pub date: Spanned<toml::Value>,
    pub amount: Spanned<toml::Value>,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub reason: String,
    pub source: Option<Spanned<String>>,
}

/// One point of `plan`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheckpoint {
    pub date: Spanned<toml::Value>,
    pub percent: Spanned<toml::Value>,
}

/// One `[[project.indicator]]` row, verbatim from the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    #[serde(default)]
    pub level1: String,
    #[serde(default)]
    pub level2: String,
    #[serde(default)]
    pub level3: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub basis: String,
    pub weight: Option<Spanned<toml::Value>>,
}

/// A date a settings or projects file may write either as a TOML date
/// (`2025-06-30`) or as a string in any form `parse_date` reads; None for
/// anything else.
pub(super) fn toml_date(v: &toml::Value) -> Option<chrono::NaiveDate> {
    match v {
        toml::Value::Datetime(dt) => dt.date.and_then(|d| {
            chrono::NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
        }),
        toml::Value::String(s) => crate::base::dates::parse_date(s).ok(),
        _ => None,
    }
}
