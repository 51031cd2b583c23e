//! The notification log as the office reads it (留痕): every message sent
//! with its recipients and the figures as sent, and every alert's life, in
//! Chinese and in local time (`timezone` in settings). `log --format csv`
//! and `--format xlsx` export the same messages as the 预警台账, one row per
//! message and project, for filing.

use std::fmt::Write;

use crate::base::i18n::Lang;
use crate::model::Config;
use crate::model::Timezone;
use crate::notify::EmailKind;
use crate::report::{Cell, Document, Section, Table};
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

fn kinds_label(kinds: &str) -> String {
    kinds
        .split(',')
        .filter(|k| !k.is_empty())
        .map(|k| EmailKind::from_code(k).map(EmailKind::label).unwrap_or(k))
        .collect::<Vec<_>>()
        .join("、")
}

fn status_label(status: &str, error: Option<&str>) -> String {
    let s = match status {
        "sent" => "已发送",
        "queued" => "待发送（将重试）",
        "failed" => "发送失败",
        other => other,
    };
    match error {
        Some(e) if status != "sent" => format!("{s}：{e}"),
        _ => s.to_string(),
    }
}

fn event_label(e: &str) -> &str {
    match e {
        "opened" => "开启",
        "reopened" => "重新开启",
        "notified" => "已通知",
        "repeated" => "再次提醒",
        "worsened" => "升级",
        "resolved" => "解除",
        "superseded" => "关闭（已被后续节点取代）",
        "exempt" => "情况说明期内暂停发送",
        "exemption ended" => "情况说明期满，重新评估",
        "unaddressed" => "无人可通知",
        "escalated" => "已告知部门负责人",
        other => other,
    }
}

fn alert_kind_label(k: crate::alert::Kind) -> &'static str {
    match k {
        crate::alert::Kind::Checkpoint => "节点预警",
        crate::alert::Kind::Early => "进度提醒",
        crate::alert::Kind::Overspend => "超预算预警",
    }
}

fn level_label(code: &str) -> &str {
    crate::alert::Level::from_code(code)
        .map(|l| l.label())
        .unwrap_or(code)
}

fn state_label(code: &str) -> &str {
    match code {
        "open" => "预警中",
        "resolved" => "已解除",
        "closed" => "已关闭",
        other => other,
    }
}

/// The log for the terminal: messages first (the 台账), then every alert's
/// history.
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
    let _ = writeln!(out, "预警台账（时间为 {}）", tz.name);
    let mut last: Option<(&str, &str, &str)> = None;
    for r in rows {
        let head = (
            r.created_at.as_str(),
            r.recipients.as_str(),
            r.subject.as_str(),
        );
        if last != Some(head) {
            let _ = writeln!(
                out,
                "{} 记录于 {}，{}：{} → {}（{}）",
                r.on_date,
                local_time(&r.created_at, tz),
                kinds_label(&r.kinds),
                r.subject,
                r.recipients,
                match &r.sent_at {
                    Some(t) if r.status == "sent" => format!("已发送于 {}", local_time(t, tz)),
                    _ => status_label(&r.status, r.error.as_deref()),
                }
            );
            last = Some(head);
        }
        if !r.project.is_empty() {
            let _ = writeln!(
                out,
                "  {} {}【{}】{}{}",
                r.project,
                name(&r.project),
                r.level,
                r.figures,
                r.exemption
                    .as_ref()
                    .map(|e| format!("（{e}）"))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "预警记录");
    for a in alerts {
        let _ = writeln!(
            out,
            "{} {} {}（{}）：{}，{}，开启于 {}",
            a.key.project,
            name(&a.key.project),
            alert_kind_label(a.key.kind),
            if a.key.reason == "budget" {
                "预算".to_string()
            } else {
                format!("节点 {}", a.key.reason)
            },
            level_label(&a.level),
            state_label(&a.state),
            a.opened_on
        );
        for e in &a.events {
            let _ = write!(out, "  {} {}", e.on_date, event_label(&e.event));
            if let Some(l) = &e.level {
                let _ = write!(out, "（{}）", level_label(l));
            }
            if let Some(d) = &e.detail {
                let _ = write!(out, "：{d}");
            }
            if let Some(m) = &e.message {
                let _ = write!(
                    out,
                    "，邮件 {} 发给 {}：{}",
                    m.message_id,
                    m.recipients,
                    match &m.sent_at {
                        Some(t) if m.status == "sent" => format!("已发送于 {}", local_time(t, tz)),
                        _ => status_label(&m.status, m.error.as_deref()),
                    }
                );
            }
            let _ = writeln!(out, "  [记录于 {}]", local_time(&e.recorded_at, tz));
        }
    }
    out
}

/// The 预警台账 as a document (csv or xlsx): date, recipient, kind,
/// project, level, figures as sent, delivery outcome, exemption.
pub fn ledger_document(cfg: &Config, rows: &[LedgerRow], lang: Lang) -> Document {
    let tz = &cfg.settings.timezone;
    let names = cfg.project_index();
    let mut t = Table::new(
        "预警台账",
        &[
            "日期",
            "记录时间",
            "收件人",
            "邮件类型",
            "主题",
            "项目编码",
            "项目名称",
            "内容类型",
            "级别",
            "发送时数据",
            "投递结果",
            "发送时间",
            "情况说明",
        ],
    );
    for r in rows {
        t.rows.push(vec![
            Cell::text(&r.on_date),
            Cell::text(local_time(&r.created_at, tz)),
            Cell::text(&r.recipients),
            Cell::text(kinds_label(&r.kinds)),
            Cell::text(&r.subject),
            Cell::text(&r.project),
            Cell::text(
                names
                    .get(r.project.as_str())
                    .map(|&i| cfg.projects[i].name.clone())
                    .unwrap_or_default(),
            ),
            Cell::text(kinds_label(&r.item_kind)),
            Cell::text(&r.level),
            Cell::text(&r.figures),
            Cell::text(status_label(&r.status, r.error.as_deref())),
            Cell::text(
                r.sent_at
                    .as_deref()
                    .map(|s| local_time(s, tz))
                    .unwrap_or_default(),
            ),
            Cell::text(r.exemption.clone().unwrap_or_default()),
        ]);
    }
    Document {
        title: format!("{}预警台账", cfg.department.unit_name),
        subtitle: format!("{}年度，时间为 {}", cfg.settings.fiscal_year, tz.name),
        file_stem: format!("预警台账-{}", cfg.settings.fiscal_year),
        sections: vec![Section {
            sheet: "预警台账".into(),
            title: "预警台账".into(),
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
}
