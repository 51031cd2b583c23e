//! The notification log as the office reads it (留痕): every message sent
//! with its recipients and the figures as sent, and every alert's life, in
//! the terminal's language (Chinese by default) and in local time
//! (`timezone` in settings). `log --format csv` and `--format xlsx` export
//! the same messages as the 预警台账 (warning ledger), one row per message
//! and project, for filing.

use std::fmt::Write;

use crate::base::i18n::{fixed_in, message_in, FixedCache, Lang};
use crate::model::Config;
use crate::model::Timezone;
use crate::notify::EmailKind;
use crate::report::{word, Cell, Document, Section, Table};
use crate::state::{History, LedgerRow};

/// An RFC 3339 time shown in the office's local time.
pub fn local_time(rfc3339: &str, tz: &Timezone) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t
            .with_timezone(&tz.offset)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

/// A recorded message's kinds (`overspend,checkpoint`) as people read
/// them, in the log's order.
pub(crate) fn kinds_label(kinds: &str, lang: Lang) -> String {
    kinds
        .split(',')
        .filter(|k| !k.is_empty())
        .map(|k| {
            EmailKind::from_code(k)
                .map(|e| e.label_in(lang))
                .unwrap_or_else(|| k.to_string())
        })
        .collect::<Vec<_>>()
        .join(&word(lang, "log-report-list-separator"))
}

/// The words without arguments the log writes once a row: looked up once
/// per process (a province's log has a line for every message and
/// project).
fn fixed(lang: Lang) -> &'static [String; 20] {
    static CACHE: FixedCache<20> = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    fixed_in(
        &CACHE,
        lang,
        [
            "log-report-sent",
            "log-report-queued",
            "log-report-failed",
            "log-report-event-opened",
            "log-report-event-reopened",
            "log-report-event-notified",
            "log-report-event-repeated",
            "log-report-event-worsened",
            "log-report-event-resolved",
            "log-report-event-superseded",
            "log-report-event-exempt",
            "log-report-event-exemption-ended",
            "log-report-event-unaddressed",
            "log-report-event-escalated",
            "log-report-alert-checkpoint",
            "log-report-alert-early",
            "log-report-alert-overspend",
            "log-report-state-open",
            "log-report-state-resolved",
            "log-report-state-closed",
        ],
    )
}

fn status_label(status: &str, error: Option<&str>, lang: Lang) -> String {
    let w = fixed(lang);
    let s = match status {
        "sent" => &w[0],
        "queued" => &w[1],
        "failed" => &w[2],
        other => other,
    };
    match error {
        Some(e) if status != "sent" => message_in(
            lang,
            "log-report-status-error",
            &[("status", s.to_string()), ("error", e.to_string())],
        ),
        _ => s.to_string(),
    }
}

/// How a message's delivery ended: sent at its time, or its status.
fn outcome(
    status: &str,
    sent_at: Option<&str>,
    error: Option<&str>,
    tz: &Timezone,
    lang: Lang,
) -> String {
    match sent_at {
        Some(t) if status == "sent" => {
            message_in(lang, "log-report-sent-at", &[("time", local_time(t, tz))])
        }
        _ => status_label(status, error, lang),
    }
}

fn event_label(e: &str, lang: Lang) -> &str {
    let w = fixed(lang);
    match e {
        "opened" => &w[3],
        "reopened" => &w[4],
        "notified" => &w[5],
        "repeated" => &w[6],
        "worsened" => &w[7],
        "resolved" => &w[8],
        "superseded" => &w[9],
        "exempt" => &w[10],
        "exemption ended" => &w[11],
        "unaddressed" => &w[12],
        "escalated" => &w[13],
        other => other,
    }
}

fn alert_kind_label(k: crate::alert::Kind, lang: Lang) -> &'static str {
    let w = fixed(lang);
    match k {
        crate::alert::Kind::Checkpoint => &w[14],
        crate::alert::Kind::Early => &w[15],
        crate::alert::Kind::Overspend => &w[16],
    }
}

fn level_label(code: &str, lang: Lang) -> String {
    crate::alert::Level::from_code(code)
        .map(|l| l.label_in(lang))
        .unwrap_or_else(|| code.to_string())
}

fn state_label(code: &str, lang: Lang) -> &str {
    let w = fixed(lang);
    match code {
        "open" => &w[17],
        "resolved" => &w[18],
        "closed" => &w[19],
        other => other,
    }
}

/// The log for the terminal: messages first (the 台账), then every alert's
/// history. The figures, subjects and event details are kept as they were
/// recorded (in the language they were sent in).
pub fn render(cfg: &Config, rows: &[LedgerRow], alerts: &[History], lang: Lang) -> String {
    let tz = &cfg.settings.timezone;
    let names = cfg.project_index();
    let name = |code: &str| {
        names
            .get(code)
            .map(|&i| cfg.projects[i].name.as_str())
            .unwrap_or("")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        message_in(lang, "log-report-heading", &[("zone", tz.name.clone())])
    );
    let mut last: Option<(&str, &str, &str)> = None;
    for r in rows {
        let head = (
            r.created_at.as_str(),
            r.recipients.as_str(),
            r.subject.as_str(),
        );
        if last != Some(head) {
            let line = message_in(
                lang,
                "log-report-message",
                &[
                    ("date", r.on_date.clone()),
                    ("recorded", local_time(&r.created_at, tz)),
                    ("kinds", kinds_label(&r.kinds, lang)),
                    ("subject", r.subject.clone()),
                    ("recipients", r.recipients.clone()),
                    (
                        "outcome",
                        outcome(
                            &r.status,
                            r.sent_at.as_deref(),
                            r.error.as_deref(),
                            tz,
                            lang,
                        ),
                    ),
                ],
            );
            let _ = writeln!(out, "{line}");
            last = Some(head);
        }
        if !r.project.is_empty() {
            let line = message_in(
                lang,
                "log-report-item",
                &[
                    ("code", r.project.clone()),
                    ("name", name(&r.project).to_string()),
                    ("level", r.level.clone()),
                    ("figures", r.figures.clone()),
                    (
                        "exemption_part",
                        r.exemption
                            .as_ref()
                            .map(|e| {
                                message_in(
                                    lang,
                                    "log-report-exemption",
                                    &[("exemption", e.clone())],
                                )
                            })
                            .unwrap_or_default(),
                    ),
                ],
            );
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", word(lang, "log-report-alerts"));
    for a in alerts {
        let reason = if a.key.reason == "budget" {
            word(lang, "log-report-reason-budget")
        } else {
            message_in(
                lang,
                "log-report-reason-checkpoint",
                &[("date", a.key.reason.clone())],
            )
        };
        let line = message_in(
            lang,
            "log-report-alert",
            &[
                ("code", a.key.project.clone()),
                ("name", name(&a.key.project).to_string()),
                ("kind", alert_kind_label(a.key.kind, lang).to_string()),
                ("reason", reason),
                ("level", level_label(&a.level, lang)),
                ("state", state_label(&a.state, lang).to_string()),
                ("opened", a.opened_on.clone()),
            ],
        );
        let _ = writeln!(out, "{line}");
        for e in &a.events {
            let _ = write!(out, "  {} {}", e.on_date, event_label(&e.event, lang));
            if let Some(l) = &e.level {
                let _ = write!(
                    out,
                    "{}",
                    message_in(
                        lang,
                        "log-report-event-level",
                        &[("level", level_label(l, lang))]
                    )
                );
            }
            if let Some(d) = &e.detail {
                let _ = write!(
                    out,
                    "{}",
                    message_in(lang, "log-report-event-detail", &[("detail", d.clone())])
                );
            }
            if let Some(m) = &e.message {
                let _ = write!(
                    out,
                    "{}",
                    message_in(
                        lang,
                        "log-report-event-message",
                        &[
                            ("id", m.message_id.clone()),
                            ("recipients", m.recipients.clone()),
                            (
                                "outcome",
                                outcome(
                                    &m.status,
                                    m.sent_at.as_deref(),
                                    m.error.as_deref(),
                                    tz,
                                    lang
                                )
                            ),
                        ],
                    )
                );
            }
            let _ = writeln!(
                out,
                "  {}",
                message_in(
                    lang,
                    "log-report-event-recorded",
                    &[("time", local_time(&e.recorded_at, tz))]
                )
            );
        }
    }
    out
}

/// The 预警台账 as a document (csv or xlsx): date, recipient, kind,
/// project, level, figures as sent, delivery outcome, exemption.
pub fn ledger_document(cfg: &Config, rows: &[LedgerRow], lang: Lang) -> Document {
    let tz = &cfg.settings.timezone;
    let names = cfg.project_index();
    let headers: Vec<String> = [
        "log-report-col-date",
        "log-report-col-recorded",
        "log-report-col-recipients",
        "log-report-col-kinds",
        "log-report-col-subject",
        "log-report-col-code",
        "log-report-col-name",
        "log-report-col-item-kind",
        "log-report-col-level",
        "log-report-col-figures",
        "log-report-col-outcome",
        "log-report-col-sent-at",
        "log-report-col-exemption",
    ]
    .iter()
    .map(|k| word(lang, k))
    .collect();
    let ledger = word(lang, "log-report-ledger");
    let mut t = Table::new(
        ledger.clone(),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for r in rows {
        t.rows.push(vec![
            Cell::text(&r.on_date),
            Cell::text(local_time(&r.created_at, tz)),
            Cell::text(&r.recipients),
            Cell::text(kinds_label(&r.kinds, lang)),
            Cell::text(&r.subject),
            Cell::text(&r.project),
            Cell::text(
                names
                    .get(r.project.as_str())
                    .map(|&i| cfg.projects[i].name.clone())
                    .unwrap_or_default(),
            ),
            Cell::text(kinds_label(&r.item_kind, lang)),
            Cell::text(&r.level),
            Cell::text(&r.figures),
            Cell::text(status_label(&r.status, r.error.as_deref(), lang)),
            Cell::text(
                r.sent_at
                    .as_deref()
                    .map(|s| local_time(s, tz))
                    .unwrap_or_default(),
            ),
            Cell::text(r.exemption.clone().unwrap_or_default()),
        ]);
    }
    let year = cfg.settings.fiscal_year.to_string();
    Document {
        title: message_in(
            lang,
            "log-report-title",
            &[("unit", cfg.department.unit_name.clone())],
        ),
        subtitle: message_in(
            lang,
            "log-report-subtitle",
            &[("year", year.clone()), ("zone", tz.name.clone())],
        ),
        file_stem: message_in(lang, "log-report-file-stem", &[("year", year)]),
        sections: vec![Section {
            sheet: ledger.clone(),
            title: ledger,
            notes: vec![],
            tables: vec![t],
            chart: None,
        }],
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::has_cjk;

    #[test]
    fn times_are_shown_in_the_office_zone() {
        let tz = Timezone::default();
        assert_eq!(
            local_time("2025-06-30T18:30:00.000+00:00", &tz),
            "2025-07-01 02:30:00"
        );
        let utc = Timezone::parse("UTC").unwrap();
        assert_eq!(
            local_time("2025-06-30T18:30:00+00:00", &utc),
            "2025-06-30 18:30:00"
        );
        assert_eq!(
            Timezone::parse("+05:30").unwrap().offset.local_minus_utc(),
            19800
        );
        assert!(Timezone::parse("Mars/Olympus").is_none());
    }

    fn shipped_config() -> Config {
        crate::config::load(&crate::config::LoadOptions {
            config_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
            projects: None,
            default_year: 2025,
        })
        .unwrap()
    }

    /// A message for each delivery outcome (the queued one with an
    /// exemption), and an alert with every event the log knows.
    fn sample(cfg: &Config) -> (Vec<LedgerRow>, Vec<History>) {
        use crate::state::{HistoryEvent, MessageInfo};
        let code = cfg.projects[0].code.clone();
        let row = |n: i64, status: &str, sent: Option<&str>, error: Option<&str>| LedgerRow {
            message: n,
            on_date: "2025-07-01".into(),
            created_at: format!("2025-06-30T18:3{n}:00+00:00"),
            sent_at: sent.map(str::to_string),
            recipients: "a@example.org".into(),
            kinds: "checkpoint,monthly".into(),
            subject: "【预算执行预警】主题".into(),
            status: status.into(),
            error: error.map(str::to_string),
            project: code.clone(),
            item_kind: "checkpoint".into(),
            level: "红色预警".into(),
            figures: "截至2025年6月30日：执行率 0.00%。".into(),
            exemption: (status == "queued").then(|| "合同8月签订".to_string()),
        };
        let rows = vec![
            row(1, "sent", Some("2025-06-30T18:31:05+00:00"), None),
            row(2, "queued", None, Some("connection refused")),
            row(3, "failed", None, Some("550 no such user")),
        ];
        let events: Vec<HistoryEvent> = [
            "opened",
            "reopened",
            "notified",
            "repeated",
            "worsened",
            "resolved",
            "superseded",
            "exempt",
            "exemption ended",
            "unaddressed",
            "escalated",
        ]
        .iter()
        .map(|e| HistoryEvent {
            on_date: "2025-07-01".into(),
            recorded_at: "2025-06-30T18:31:00+00:00".into(),
            event: e.to_string(),
            level: Some("yellow".into()),
            detail: (*e == "exempt").then(|| "情况说明至2025-08-31".to_string()),
            message: (*e == "notified").then(|| MessageInfo {
                message_id: "<m1@example.org>".into(),
                recipients: "a@example.org".into(),
                status: "queued".into(),
                sent_at: None,
                error: Some("timeout".into()),
            }),
        })
        .collect();
        let alerts = [
            (crate::alert::Kind::Checkpoint, "2025-06-30", "open"),
            (crate::alert::Kind::Early, "2025-10-31", "resolved"),
            (crate::alert::Kind::Overspend, "budget", "closed"),
        ]
        .into_iter()
        .map(|(kind, reason, state)| History {
            key: crate::alert::Key {
                project: code.clone(),
                kind,
                reason: reason.into(),
            },
            level: "red".into(),
            state: state.into(),
            opened_on: "2025-07-01".into(),
            events: if kind == crate::alert::Kind::Checkpoint {
                events.clone()
            } else {
                vec![]
            },
        });
        (rows, alerts.collect())
    }

    #[test]
    fn the_log_reads_in_chinese_by_default() {
        let cfg = shipped_config();
        let (rows, alerts) = sample(&cfg);
        let text = render(&cfg, &rows, &alerts, Lang::Zh);
        let name = &cfg.projects[0].name;
        for line in [
            "预警台账（时间为 Asia/Shanghai）".to_string(),
            "2025-07-01 记录于 2025-07-01 02:31:00，节点预警、月度执行进度：【预算执行预警】主题 → a@example.org（已发送于 2025-07-01 02:31:05）".into(),
            "（待发送（将重试）：connection refused）".into(),
            "（发送失败：550 no such user）".into(),
            "【红色预警】截至2025年6月30日：执行率 0.00%。（合同8月签订）".to_string(),
            format!("{name} 节点预警（节点 2025-06-30）：红色预警，预警中，开启于 2025-07-01"),
            format!("{name} 超预算预警（预算）：红色预警，已关闭，开启于 2025-07-01"),
            "  2025-07-01 已通知（黄色预警），邮件 <m1@example.org> 发给 a@example.org：待发送（将重试）：timeout  [记录于 2025-07-01 02:31:00]".into(),
            "  2025-07-01 情况说明期内暂停发送（黄色预警）：情况说明至2025-08-31  [记录于".into(),
        ] {
            assert!(text.contains(&line), "no {line:?} in\n{text}");
        }
        let doc = ledger_document(&cfg, &rows, Lang::Zh);
        assert_eq!(doc.sections[0].sheet, "预警台账");
        assert_eq!(doc.file_stem, "预警台账-2025");
        assert_eq!(doc.sections[0].tables[0].headers[0], "日期");
    }

    #[test]
    fn the_log_reads_in_english_on_request() {
        let cfg = shipped_config();
        let (rows, alerts) = sample(&cfg);
        let text = render(&cfg, &rows, &alerts, Lang::En);
        // Data: the project's name and what was recorded as sent.
        let mut rest = text.replace(&cfg.projects[0].name, "");
        for d in [
            "【预算执行预警】主题",
            "红色预警",
            "截至2025年6月30日：执行率 0.00%。",
            "合同8月签订",
            "情况说明至2025-08-31",
        ] {
            rest = rest.replace(d, "");
        }
        let left: Vec<&str> = rest.lines().filter(|l| has_cjk(l)).collect();
        assert!(left.is_empty(), "Chinese left: {left:#?}");
        for line in [
            "Warning ledger (times in Asia/Shanghai)",
            "2025-07-01 recorded at 2025-07-01 02:31:00, Checkpoint warning, Monthly progress: ",
            "(sent at 2025-07-01 02:31:05)",
            "(queued (will retry): connection refused)",
            "(sending failed: 550 no such user)",
            "] 截至2025年6月30日：执行率 0.00%。 (合同8月签订)",
            "Alert history",
            "Checkpoint warning (checkpoint 2025-06-30): Red warning, open, opened 2025-07-01",
            "Progress reminder (checkpoint 2025-10-31): Red warning, resolved, opened",
            "Over-budget warning (budget): Red warning, closed, opened",
            "  2025-07-01 notified (Yellow warning), email <m1@example.org> to a@example.org: queued (will retry): timeout  [recorded at 2025-07-01 02:31:00]",
            "  2025-07-01 not sent while an explanation is in force (Yellow warning): ",
            "explanation expired, judged afresh",
            "no one to notify",
            "department head informed",
            "reminded again",
        ] {
            assert!(text.contains(line), "no {line:?} in\n{text}");
        }
        let doc = ledger_document(&cfg, &rows, Lang::En);
        assert_eq!(doc.file_stem, "warning-ledger-2025");
        let s = &doc.sections[0];
        assert_eq!(s.sheet, "Warning ledger");
        for t in [&doc.title, &doc.subtitle, &s.title]
            .into_iter()
            .chain(&s.tables[0].headers)
        {
            assert!(!has_cjk(&t.replace(&cfg.department.unit_name, "")), "{t}");
        }
        assert_eq!(
            s.tables[0].rows[1][10],
            Cell::text("queued (will retry): connection refused")
        );
        assert_eq!(
            s.tables[0].rows[0][3],
            Cell::text("Checkpoint warning, Monthly progress")
        );
    }
}
