//! Stage two for the settings that decide who is warned, when and how:
//! `[alerts]`, `[email]`, `[smtp]` and `[[exemption]]`. Kept apart from the
//! ledger settings because they change for different reasons (office
//! practice and mail infrastructure, not export formats).

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::raw;
use crate::base::diag::Diagnostic;
use crate::base::i18n::{message, Lang};
use crate::model::alerting::{
    default_from, is_loopback, AlertSettings, EmailSettings, Exemption, SmtpSecurity, SmtpSettings,
    DEFAULT_MONTHLY,
};

/// Checks `[alerts]`, `[email]`, `[smtp]` and `[[exemption]]`.
pub(super) fn check(
    raw: &raw::RawSettings,
    path: &Path,
    text: &str,
    root: &Path,
    config_dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> (
    AlertSettings,
    EmailSettings,
    Option<SmtpSettings>,
    Vec<Exemption>,
) {
    let at = |span: std::ops::Range<usize>, msg: String| {
        Diagnostic::at_offset(path, text, span.start, msg)
    };
    let resolve = |p: &str| {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            p
        } else {
            root.join(p)
        }
    };
    let d = AlertSettings::default();
    let mut int = |v: &Option<toml::Spanned<i64>>,
                   default: i64,
                   range: std::ops::RangeInclusive<i64>,
                   name: &str| match v {
        None => default,
        Some(sp) if range.contains(sp.get_ref()) => *sp.get_ref(),
        Some(sp) => {
            errors.push(at(
                sp.span(),
                message(
                    "cfg-whole-number-range",
                    &[
                        ("name", name.to_string()),
                        ("lo", range.start().to_string()),
                        ("hi", range.end().to_string()),
                    ],
                ),
            ));
            default
        }
    };
    let a = &raw.alerts;
    let early_lead_days = int(
        &a.early_lead_days,
        d.early_lead_days,
        0..=366,
        "early_lead_days",
    );
    let repeat_interval_days = int(
        &a.repeat_interval_days,
        d.repeat_interval_days,
        1..=366,
        "repeat_interval_days",
    );
    let escalate_after_repeats = int(
        &a.escalate_after_repeats,
        d.escalate_after_repeats,
        0..=1000,
        "escalate_after_repeats",
    );
    let explanation_days = int(
        &a.explanation_days,
        d.explanation_days,
        1..=250,
        "explanation_days",
    );
    let timeout = raw.smtp.as_ref().map(|s| {
        int(
            &s.get_ref().timeout_seconds,
            30,
            1..=3600,
            "timeout_seconds",
        )
    });
    let port = raw.smtp.as_ref().and_then(|s| {
        s.get_ref()
            .port
            .as_ref()
            .map(|p| int(&Some(p.clone()), 25, 1..=65535, "port"))
    });
    let early_pace_multiple = match &a.early_pace_multiple {
        None => d.early_pace_multiple,
        Some(sp) => match super::value_decimal(sp.get_ref()) {
            Some(m) if m > Decimal::ZERO && m <= Decimal::from(1000) => m,
            _ => {
                errors.push(at(
                    sp.span(),
                    crate::base::i18n::message("cfg-early-pace-multiple", &[]),
                ));
                d.early_pace_multiple
            }
        },
    };
    let overspend_repeat_growth_percent = match &a.overspend_repeat_growth_percent {
        None => d.overspend_repeat_growth_percent,
        Some(sp) => match super::value_decimal(sp.get_ref()) {
            Some(m) if m >= Decimal::ZERO && m <= Decimal::from(100) => m,
            _ => {
                errors.push(at(
                    sp.span(),
                    crate::base::i18n::message("cfg-overspend-growth", &[]),
                ));
                d.overspend_repeat_growth_percent
            }
        },
    };
    let alerts = AlertSettings {
        early_lead_days,
        early_pace_multiple,
        repeat_interval_days,
        escalate_after_repeats,
        explanation_days,
        overspend_repeat_growth_percent,
    };

    let from = match &raw.email.from {
        None => default_from(),
        Some(sp) => match sp.get_ref().parse::<lettre::message::Mailbox>() {
            Ok(_) => sp.get_ref().trim().to_string(),
            Err(e) => {
                errors.push(at(
                    sp.span(),
                    message(
                        "cfg-from-invalid",
                        &[
                            ("from", format!("{:?}", sp.get_ref())),
                            ("error", e.to_string()),
                        ],
                    ),
                ));
                default_from()
            }
        },
    };
    let monthly_schedule = match &raw.email.monthly_schedule {
        None => DEFAULT_MONTHLY.to_string(),
        Some(sp) => match crate::schedule::parse_cron(sp.get_ref())
            .and_then(|c| crate::schedule::check_monthly(sp.get_ref().trim(), &c))
        {
            Ok(()) => sp.get_ref().trim().to_string(),
            Err(e) => {
                errors.push(at(
                    sp.span(),
                    message("cfg-monthly-schedule", &[("error", e.to_string())]),
                ));
                DEFAULT_MONTHLY.to_string()
            }
        },
    };
    let templates_dir = raw
        .email
        .templates_dir
        .as_ref()
        .map(|p| resolve(p.get_ref()))
        .unwrap_or_else(|| config_dir.join("templates"));
    let language = match raw.email.language.as_ref() {
        None => Lang::Zh,
        Some(sp) => match sp.get_ref().trim() {
            "zh" => Lang::Zh,
            "en" => Lang::En,
            other => {
                errors.push(at(
                    sp.span(),
                    message("cfg-email-language", &[("language", format!("{other:?}"))]),
                ));
                Lang::Zh
            }
        },
    };
    let email = EmailSettings {
        from,
        monthly_schedule,
        templates_dir,
        language,
    };

    let smtp = raw.smtp.as_ref().and_then(|sp| {
        let s = sp.get_ref();
        let security = match s
            .security
            .as_ref()
            .map(|v| (v.get_ref().as_str(), v.span()))
        {
            None | Some(("starttls", _)) => SmtpSecurity::StartTls,
            Some(("tls", _)) => SmtpSecurity::Tls,
            Some(("plain", _)) => SmtpSecurity::Plain,
            Some((other, span)) => {
                errors.push(at(
                    span,
                    message(
                        "cfg-security-unknown",
                        &[("security", format!("{other:?}"))],
                    ),
                ));
                return None;
            }
        };
        let host = s.host.get_ref().trim().to_string();
        if host.is_empty() {
            errors.push(at(s.host.span(), message("cfg-smtp-host-empty", &[])));
            return None;
        }
        if security == SmtpSecurity::Plain && !is_loopback(&host) {
            errors.push(at(
                s.host.span(),
                message("cfg-smtp-plain", &[("host", format!("{host:?}"))]),
            ));
            return None;
        }
        let port = port.map(|p| p as u16).unwrap_or(match security {
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::Plain => 25,
        });
        Some(SmtpSettings {
            host,
            port,
            security,
            username: s.username.clone().filter(|u| !u.is_empty()),
            password_file: s.password_file.as_ref().map(|p| resolve(p.get_ref())),
            timeout_seconds: timeout.unwrap_or(30) as u64,
        })
    });

    let mut exemptions = Vec::new();
    for sp in &raw.exemption {
        let e = sp.get_ref();
        let until = raw::toml_date(e.until.get_ref());
        let Some(until) = until else {
            errors.push(at(e.until.span(), message("cfg-exemption-until", &[])));
            continue;
        };
        let (line, _) = crate::base::diag::line_col(text, e.project.span().start);
        exemptions.push(Exemption {
            project: e.project.get_ref().trim().to_string(),
            reason: e.reason.trim().to_string(),
            until,
            line,
        });
    }
    (alerts, email, smtp, exemptions)
}
