//! Who is warned, when and how: the checked `[alerts]`, `[email]`, `[smtp]`
//! and `[[exemption]]` settings. Kept apart from the ledger settings because
//! they change for different reasons (office practice and mail
//! infrastructure, not export formats).

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::i18n::Lang;

/// When warnings go out and how often they repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSettings {
    /// Days before a checkpoint in which the early warning may go out. Default 15.
    pub early_lead_days: i64,
    /// A project gets the early warning when the amount it still needs per
    /// day exceeds this multiple of its daily spending over the last 30
    /// days. Default 2.
    pub early_pace_multiple: Decimal,
    /// A checkpoint warning still yellow or red by today's figures is
    /// repeated at most this often, in days. Default 30.
    pub repeat_interval_days: i64,
    /// Ignored since the head gets the monthly digest and red-at-checkpoint
    /// emails only; kept so older settings files still load. Default 2.
    pub escalate_after_repeats: i64,
    /// Working days (official calendar) a project owner has to send the
    /// 情况说明 a warning asks for. Default 10.
    pub explanation_days: i64,
    /// An overspend is mailed again only when it grew by more than this
    /// percent of the budget since the last email. Default 1.
    pub overspend_repeat_growth_percent: Decimal,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            early_lead_days: 15,
            early_pace_multiple: Decimal::from(2),
            repeat_interval_days: 30,
            escalate_after_repeats: 2,
            explanation_days: 10,
            overspend_repeat_growth_percent: Decimal::ONE,
        }
    }
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// STARTTLS required (port 587 by default).
    StartTls,
    /// TLS from the first byte (SMTPS, port 465 by default).
    Tls,
    /// No encryption: only allowed to a loopback host (a local relay).
    Plain,
}

/// The mail server, from `[smtp]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Host name or address.
    pub host: String,
    /// Port. Default: 587 for STARTTLS, 465 for TLS, 25 for plain.
    pub port: u16,
    /// Connection security. Default STARTTLS.
    pub security: SmtpSecurity,
    /// User name for AUTH, when the server wants it.
    pub username: Option<String>,
    /// File holding the password (first line). The environment variable
    /// `BUDGET_MONITOR_SMTP_PASSWORD` takes precedence.
    pub password_file: Option<PathBuf>,
    /// Network timeout in seconds. Default 30.
    pub timeout_seconds: u64,
}

impl SmtpSettings {
    /// The settings in lettre's connection-URL form, without a password.
    pub fn to_url(&self) -> String {
        let (scheme, query) = match self.security {
            SmtpSecurity::StartTls => ("smtp", "?tls=required"),
            SmtpSecurity::Tls => ("smtps", ""),
            SmtpSecurity::Plain => ("smtp", ""),
        };
        let user = self
            .username
            .as_deref()
            .map(|u| format!("{}@", percent_encode(u)))
            .unwrap_or_default();
        format!("{scheme}://{user}{}:{}{query}", self.host, self.port)
    }
}

/// Percent-encodes the characters that would break a URL's userinfo.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sender and schedule of the emails.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    /// The From mailbox, e.g. `预算执行监控 <budget-monitor@example.org>`.
    /// Its domain also names the Message-IDs. Default
    /// `预算执行监控 <budget-monitor@localhost>`.
    pub from: String,
    /// When monthly progress emails fall due, as a cron expression (5 fields
    /// `min hour day month weekday`, or the cron crate's 6/7 with seconds).
    /// Default `0 8 1 * *`: 08:00 on the 1st of each month.
    pub monthly_schedule: String,
    /// Templates here override the built-in ones file by file. Default
    /// `templates` inside the config folder.
    pub templates_dir: PathBuf,
    /// The language every email is written in (`language = "zh"` or
    /// `"en"`): the recipients' choice, not the operator's terminal
    /// (`--lang`). Default Chinese.
    pub language: Lang,
}

/// An accepted explanation (情况说明): the project's warnings are silenced
/// until the date (inclusive); reports still show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// 项目编码.
    pub project: String,
    /// Why, as accepted by the office.
    pub reason: String,
    /// Last day of the exemption.
    pub until: NaiveDate,
    /// Line in settings.toml, to point at when the project is unknown.
    pub line: usize,
}

/// The built-in default schedule of monthly progress emails.
pub const DEFAULT_MONTHLY: &str = "0 8 1 * *";

/// The built-in default sender.
pub fn default_from() -> String {
    "预算执行监控 <budget-monitor@localhost>".to_string()
}

/// Whether a host is this machine (plain SMTP is allowed only there).
pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
