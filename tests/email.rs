//! The nightly run against a real SMTP server on loopback: what arrives
//! (recipients, decoded Chinese subject, both parts, the figures), and the
//! faults a mail server produces. After every fault each message is
//! delivered exactly once or recorded as failed: none lost, none duplicated.

mod common;

use std::collections::HashSet;

use common::*;

const NIGHT: &str = "2025-07-15";

fn ids(received: &[serde_json::Value]) -> Vec<String> {
    received
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_unique(received: &[serde_json::Value]) {
    let all = ids(received);
    let set: HashSet<_> = all.iter().collect();
    assert_eq!(set.len(), all.len(), "a message arrived twice: {all:?}");
}

#[test]
fn warnings_arrive_with_subject_parts_and_figures() {
    let smtp = Smtp::start(&[]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    // Exit 0: the shipped data is clean (the bad rows live in examples/messy).
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = smtp.received();
    assert_eq!(got.len(), 4, "{}", stderr(&out));
    assert_unique(&got);
    let find = |kind: &str, to: &str| {
        got.iter()
            .find(|m| m["x_budget_kind"] == kind && m["rcpt_tos"][0] == to)
            .unwrap_or_else(|| panic!("no {kind} message to {to}: {got:#?}"))
    };
    // Red checkpoint warning: owner plus the department head copied.
    let m = find("checkpoint", "wangfang@example.org");
    assert_eq!(
        m["rcpt_tos"],
        serde_json::json!(["wangfang@example.org", "head@example.org"])
    );
    let subject = m["subject"].as_str().unwrap();
    assert!(subject.starts_with("【预算执行预警】"), "{subject}");
    assert!(subject.contains("2025-06-30"), "{subject}");
    assert_eq!(m["x_budget_projects"], "13022925P00004710002D");
    assert_eq!(m["content_type"], "multipart/alternative");
    let text = m["text"].as_str().unwrap();
    let html = m["html"].as_str().unwrap();
    for part in [text, html] {
        assert!(part.contains("涉法涉诉信访救助基金"));
        assert!(part.contains("1,000,000.00"), "budget with separators");
        assert!(part.contains("340,447.60"), "paid at 06-30");
        assert!(part.contains("34.04%"));
        assert!(part.contains("50.00%"));
        assert!(part.contains("-15.96"));
        assert!(part.contains("红色预警"));
    }
    assert!(html.contains("<table"));
    // Yellow warning: no copy to the head.
    let m = find("checkpoint", "zhangwei@example.org");
    assert_eq!(m["rcpt_tos"], serde_json::json!(["zhangwei@example.org"]));
    assert!(m["text"].as_str().unwrap().contains("黄色预警"));
    // Overspending is its own message.
    let m = find("overspend", "chenjing@example.org");
    assert!(m["subject"].as_str().unwrap().starts_with("【超预算预警】"));
    assert_eq!(m["x_budget_projects"], "13022925P000030100032");
    assert!(m["text"].as_str().unwrap().contains("超出预算 3,786.50 元"));
    // The second run the same night sends nothing.
    let again = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 4, "{}", stderr(&again));
    // The log tells the story.
    let log = w.cmd(&["log", "--project", "13022925P00004710002D"]);
    let text = stdout(&log);
    assert!(text.contains("checkpoint 2025-06-30: red open"), "{text}");
    assert!(
        text.contains("notified (red) message <budget-monitor."),
        "{text}"
    );
    assert!(text.contains(": sent at"), "{text}");
}

#[test]
fn server_down_then_up_delivers_each_message_once() {
    let w = Work::new();
    let out = w.run(NIGHT, Some(dead_port()), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("kept for the next run"),
        "{}",
        stderr(&out)
    );
    let rows = messages(&w.state());
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.2 == "queued"));
    let smtp = Smtp::start(&[]);
    let out = w.run("2025-07-16", Some(smtp.port), &[]);
    let got = smtp.received();
    assert_eq!(got.len(), 4, "{}", stderr(&out));
    assert_unique(&got);
    // Resent with the Message-IDs recorded before the first attempt.
    let recorded: HashSet<String> = rows.iter().map(|r| r.3.clone()).collect();
    assert_eq!(ids(&got).into_iter().collect::<HashSet<_>>(), recorded);
    assert!(messages(&w.state()).iter().all(|r| r.2 == "sent"));
}

#[test]
fn temporary_failures_are_retried_next_run() {
    let smtp = Smtp::start(&["--tempfail-data", "2"]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("451"), "{}", stderr(&out));
    w.run(NIGHT, Some(smtp.port), &[]);
    let got = smtp.received();
    assert_eq!(got.len(), 4);
    assert_unique(&got);
}

#[test]
fn dropped_connection_mid_message_is_retried() {
    let smtp = Smtp::start(&["--drop-data", "1"]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 3, "{}", stderr(&out));
    assert_eq!(
        messages(&w.state())
            .iter()
            .filter(|r| r.2 == "queued")
            .count(),
        1
    );
    w.run(NIGHT, Some(smtp.port), &[]);
    let got = smtp.received();
    assert_eq!(got.len(), 4);
    assert_unique(&got);
}

#[test]
fn permanent_refusal_for_one_recipient_is_recorded() {
    let smtp = Smtp::start(&["--reject-rcpt", "zhangwei@example.org"]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refused, recorded as failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(smtp.received().len(), 3);
    let rows = messages(&w.state());
    let failed: Vec<_> = rows.iter().filter(|r| r.2 == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].1, "zhangwei@example.org");
    // Not retried: a person has to fix the address.
    w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 3);
    let log = stdout(&w.cmd(&["log", "--project", "13022925P00004010008B"]));
    assert!(log.contains(": failed ("), "{log}");
}

#[test]
fn overlapping_run_exits_with_the_lock_message() {
    let w = Work::new();
    std::fs::create_dir_all(w.state()).unwrap();
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(w.state().join("budget-monitor.lock"))
        .unwrap();
    f.try_lock().unwrap();
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("another budget-monitor run is in progress"),
        "{}",
        stderr(&out)
    );
    assert!(!w.state().join("notifications.sqlite").exists());
    drop(f);
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn outbox_by_default_and_dry_run_changes_nothing() {
    let w = Work::new();
    let out = w.run(NIGHT, None, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dry = w.outbox().join("dry-run-2025-07-15");
    assert_eq!(std::fs::read_dir(&dry).unwrap().count(), 4);
    assert!(!w.state().join("notifications.sqlite").exists());
    let out = w.run(NIGHT, None, &[]);
    assert!(
        stderr(&out).contains("投递方式：.eml 文件，写入"),
        "{}",
        stderr(&out)
    );
    let emls: Vec<_> = std::fs::read_dir(w.outbox())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(emls.len(), 4);
    let raw = std::fs::read_to_string(emls[0].path()).unwrap();
    assert!(raw.contains("X-Budget-Kind: "));
}

#[test]
fn bad_smtp_url_and_config_are_usage_errors() {
    let w = Work::with_settings_extra(
        "[[exemption]]\nproject = \"NOPE\"\nreason = \"x\"\nuntil = 2025-09-30\n",
    );
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("exemption names project \"NOPE\""),
        "{}",
        stderr(&out)
    );
    let w =
        Work::with_settings_extra("[smtp]\nhost = \"mail.example.org\"\nsecurity = \"plain\"\n");
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("loopback"), "{}", stderr(&out));
}
