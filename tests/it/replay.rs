//! A year replay: the nightly run for every day of 2025 and January 2026
//! against the shipped data and one state folder (outbox transport,
//! in-process for speed). It checks the promises people rely on (issue 11's
//! acceptance): every project yellow or red at a checkpoint is warned on
//! the checkpoint night and no other; the busiest owner gets non-monthly
//! mail on at most 20 nights, the head at most 20 emails, at most 200 in
//! all; a second run of any night sends nothing; every warning shows the
//! figures and label `status --as-of` gives; January 2026 with the 2025
//! config sends no warning; monthly emails go on first working days.

use std::collections::BTreeSet;

use crate::common::*;
use budget_monitor::base::money::Fen;
use budget_monitor::jobs::nightly::{self, RunOptions, RunReport};
use budget_monitor::jobs::notices::line_now;
use budget_monitor::progress::{self, classify};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// One night in-process, its lines on stderr as the binary prints them.
fn run(opts: &RunOptions) -> RunReport {
    nightly::run(opts, &|line| eprintln!("{line}"))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn replay_2025() {
    let w = Work::new();
    let opts = |as_of: NaiveDate| RunOptions {
        config_dir: w.config(),
        ledgers: vec![repo().join("data")],
        as_of,
        ..Default::default()
    };
    let mut day = d("2025-01-01");
    while day <= d("2026-01-31") {
        let first = run(&opts(day));
        assert_ne!(
            first.outcome,
            budget_monitor::jobs::Outcome::Unusable,
            "{day}: {}",
            first.summary
        );
        assert_eq!(first.deferred + first.failed, 0, "{day}: {}", first.summary);
        if day.year() == 2026 {
            assert_eq!(
                first.outcome,
                budget_monitor::jobs::Outcome::Ok,
                "{day}: a closed year exits 0"
            );
        }
        // Same night again: nothing new, nothing sent.
        let again = run(&opts(day));
        assert_eq!(
            (again.messages, again.sent, again.notices),
            (0, 0, 0),
            "{day}: {}",
            again.summary
        );
        day = day.succ_opt().unwrap();
    }

    let db = rusqlite::Connection::open(w.state().join("notifications.sqlite")).unwrap();
    let cfg = budget_monitor::config::load(&budget_monitor::config::LoadOptions {
        config_dir: w.config(),
        projects: None,
        default_year: 2025,
    })
    .unwrap();
    let t = &cfg.settings.thresholds;

    // Who was yellow or red at each checkpoint, from the independent
    // expectations and the one classification.
    let expected =
        std::fs::read_to_string(repo().join("tests/fixtures/sample_expected.csv")).unwrap();
    let mut warned_expected = BTreeSet::new();
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let p = cfg.projects.iter().find(|p| p.code == f[0]).unwrap();
        let budget: i64 = f[1].parse().unwrap();
        for (cp, col) in [
            ("2025-03-31", 2),
            ("2025-06-30", 3),
            ("2025-10-31", 5),
            ("2025-12-31", 6),
        ] {
            let paid: i64 = f[col].parse().unwrap();
            let plan = p
                .plan
                .checkpoints
                .iter()
                .find(|c| c.date == d(cp))
                .unwrap()
                .percent;
            let gap = Decimal::from(paid) * Decimal::from(100) / Decimal::from(budget) - plan;
            if classify(Fen(paid), Fen(budget), gap, t).is_warning() {
                warned_expected.insert((p.code.clone(), cp.to_string()));
            }
        }
    }
    assert!(warned_expected.len() >= 3, "{warned_expected:?}");

    // First notices per checkpoint alert: on the checkpoint night, exactly
    // for the yellow/red pairs.
    let mut st = db
        .prepare(
            "SELECT a.project, a.reason, e.on_date FROM events e JOIN alerts a ON a.id = e.alert_id
             WHERE a.kind = 'checkpoint' AND e.event = 'notified' ORDER BY e.id",
        )
        .unwrap();
    let first: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let warned: BTreeSet<(String, String)> =
        first.iter().map(|f| (f.0.clone(), f.1.clone())).collect();
    assert_eq!(warned, warned_expected, "warned vs yellow/red");
    assert_eq!(
        first.len(),
        warned.len(),
        "one first notice each: {first:?}"
    );
    for (project, cp, on) in &first {
        assert_eq!(on, cp, "{project}: warned on the checkpoint night");
    }

    // Messages: (id, kind, on_date, recipients, projects, body).
    let mut st = db
        .prepare("SELECT id, kind, on_date, recipients, projects, body, status FROM messages ORDER BY id")
        .unwrap();
    type Row = (i64, String, String, String, String, String, String);
    let msgs: Vec<Row> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(msgs.iter().all(|m| m.6 == "sent"));
    assert!(msgs.len() <= 200, "{} emails in all", msgs.len());
    let head = cfg.department.head.as_ref().unwrap().email.clone();
    let to_head = msgs.iter().filter(|m| m.3 == head).count();
    assert!(to_head <= 20, "head got {to_head} emails");
    let owners: BTreeSet<&str> = cfg
        .projects
        .iter()
        .filter_map(|p| p.owner.as_ref())
        .map(|o| o.email.as_str())
        .collect();
    let mut busiest = 0;
    for o in &owners {
        let nights: BTreeSet<&str> = msgs
            .iter()
            .filter(|m| m.3 == *o && m.1 != "monthly")
            .map(|m| m.2.as_str())
            .collect();
        assert!(
            nights.len() <= 20,
            "{o}: non-monthly mail on {} nights",
            nights.len()
        );
        busiest = busiest.max(nights.len());
    }
    println!(
        "replay: {} emails in all, {to_head} to the head, busiest owner non-monthly mail on {busiest} nights",
        msgs.len()
    );
    // January 2026 with the 2025 config: no checkpoint, early or overspend email.
    let warning = |k: &str| {
        k.split(',')
            .any(|k| matches!(k, "checkpoint" | "early" | "overspend" | "escalation"))
    };
    assert!(
        !msgs
            .iter()
            .any(|m| m.2.starts_with("2026") && warning(&m.1)),
        "warnings after the year closed"
    );

    // Every warning shows, per project, the figures `status --as-of` the
    // run date gives, with the same label, and the checkpoint's own line.
    let daily = {
        let files = budget_monitor::ledger::collect_inputs(&[repo().join("data")], &[]).0;
        let opts = budget_monitor::ledger::IngestOptions {
            fiscal_year: 2025,
            profiles: &cfg.settings.profiles,
            projects: cfg.projects.iter().map(|p| p.code.as_str()).collect(),
            progress: false,
            exclude: Vec::new(),
            state_dir: None,
        };
        budget_monitor::ledger::ingest(&files, &opts).daily
    };
    let mut checked = 0;
    let mut items = db
        .prepare("SELECT project FROM message_items WHERE message = ?1 AND kind IN ('checkpoint', 'early', 'overspend', 'escalation')")
        .unwrap();
    for m in msgs.iter().filter(|m| warning(&m.1)) {
        let at = progress::compute(&cfg, &daily, d(&m.2)).unwrap();
        for code in m.4.split(',').filter(|c| !c.is_empty()) {
            let p = at.projects.iter().find(|p| p.code == code).unwrap();
            let paid = format!("已支付 {} 元", p.paid.grouped());
            assert!(
                m.5.contains(&paid),
                "{} {code}: {paid} missing in\n{}",
                m.2,
                m.5
            );
        }
        // Each warned project's dated line, with the label `status` gives.
        let warned: Vec<String> = items
            .query_map([m.0], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!warned.is_empty(), "{}", m.5);
        for code in warned {
            let p = at.projects.iter().find(|p| p.code == code).unwrap();
            let line = line_now(p, at.as_of);
            assert!(
                m.5.contains(&line),
                "{} {code}: {line} missing in\n{}",
                m.2,
                m.5
            );
            checked += 1;
        }
        if m.1.contains("checkpoint") {
            assert!(m.5.contains("节点 "), "{}", m.5);
            assert!(m.5.contains("报送财务科"), "{}", m.5);
        }
    }
    assert!(checked >= warned.len(), "{checked}");

    // Monthly: each owner once a month, February 2025 to January 2026, on the
    // first working day by the official calendar.
    let cal = &cfg.settings.calendar;
    for o in &owners {
        let days: Vec<&str> = msgs
            .iter()
            .filter(|m| m.3 == *o && m.1 == "monthly")
            .map(|m| m.2.as_str())
            .collect();
        assert_eq!(days.len(), 12, "{o}: {days:?}");
        for s in days {
            let day = d(s);
            assert_eq!(
                cal.first_working_day(day.year(), day.month()),
                Some(day),
                "{o}: {s}"
            );
        }
    }
    assert_eq!(
        msgs.iter().filter(|m| m.1 == "digest").count(),
        12,
        "the head's monthly digest"
    );
    // One year-end result per owner.
    for o in &owners {
        let n = msgs
            .iter()
            .filter(|m| m.3 == *o && m.1.contains("year_end"))
            .count();
        assert_eq!(n, 1, "{o}");
    }

    // Every recorded message was written to the outbox exactly once, every
    // monthly one with its report workbook.
    let mut emls = 0;
    let mut monthly_with_report = 0;
    for e in std::fs::read_dir(w.outbox())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
    {
        emls += 1;
        let raw = std::fs::read_to_string(e.path()).unwrap_or_default();
        if raw.contains("X-Budget-Kind: monthly")
            && raw.contains("Content-Disposition: attachment")
            && raw.contains(".xlsx")
        {
            monthly_with_report += 1;
        }
    }
    assert_eq!(emls, msgs.len());
    assert_eq!(monthly_with_report, owners.len() * 12);

    // The log and its 预警台账 exports.
    let log = w.cmd(&["log"]);
    let text = stdout(&log);
    assert!(text.contains("预警台账"), "{}", stderr(&log));
    assert!(text.contains("已发送于"), "{text}");
    // The summary counts messages, not the ledger's rows (one per project).
    assert!(
        stderr(&log).contains(&format!("log：{} 封邮件（台账 ", msgs.len())),
        "{}",
        stderr(&log)
    );
    let csv = stdout(&w.cmd(&["log", "--format", "csv"]));
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(csv.contains("日期,记录时间,收件人"), "{csv}");
    let xlsx = w.path().join("台账.xlsx");
    let out = w.cmd(&[
        "log",
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn exemption_expiry_is_judged_afresh() {
    // 13022925P00004710002D is red at 06-30; exempt until 08-31.
    let w = Work::with_settings_extra(
        "[[exemption]]\nproject = \"13022925P00004710002D\"\nreason = \"合同8月签订\"\nuntil = 2025-08-31\n",
    );
    let opts = |as_of: &str| RunOptions {
        config_dir: w.config(),
        ledgers: vec![repo().join("data")],
        as_of: d(as_of),
        ..Default::default()
    };
    for night in [
        "2025-06-30",
        "2025-07-31",
        "2025-08-31",
        "2025-09-01",
        "2025-09-02",
    ] {
        run(&opts(night));
    }
    let db = rusqlite::Connection::open(w.state().join("notifications.sqlite")).unwrap();
    let mut st = db
        .prepare(
            "SELECT on_date, body FROM messages WHERE projects LIKE '%13022925P00004710002D%' AND kind LIKE '%checkpoint%'",
        )
        .unwrap();
    let got: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "2025-09-01");
    assert!(got[0].1.contains("截至2025年9月1日："), "{}", got[0].1);
    assert!(got[0].1.contains("情况说明期满"), "{}", got[0].1);
}

#[test]
fn missed_nights_still_warn_and_catch_up_monthly() {
    let w = Work::new();
    let opts = |as_of: &str| RunOptions {
        config_dir: w.config(),
        ledgers: vec![repo().join("data")],
        as_of: d(as_of),
        ..Default::default()
    };
    run(&opts("2025-06-28"));
    // Server down 06-29 .. 07-01: the 07-02 run warns with 06-30 figures and
    // sends July's monthly email.
    let r = run(&opts("2025-07-02"));
    // June's monthly emails (first working day 07-01): six owners and the head's digest.
    assert_eq!(r.monthly, 7, "{}", r.summary);
    let db = rusqlite::Connection::open(w.state().join("notifications.sqlite")).unwrap();
    let n: i64 = db
        .query_row(
            "SELECT count(*) FROM alerts WHERE kind = 'checkpoint' AND reason = '2025-06-30' AND last_notified_on = '2025-07-02'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3);
}
