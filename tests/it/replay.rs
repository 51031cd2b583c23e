//! A year replay: the nightly run for every day of 2025 against the shipped
//! data and one state folder (outbox transport, in-process for speed). It
//! checks the promises people rely on: every project behind at a checkpoint
//! is warned exactly once for it (plus repeats no sooner than the repeat
//! interval), monthly emails come once per owner per month, and a second
//! run on the same night sends nothing.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;
use budget_monitor::jobs::nightly::{run, RunOptions};
use chrono::NaiveDate;

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
    while day <= d("2025-12-31") {
        let first = run(&opts(day));
        assert_ne!(
            first.outcome,
            budget_monitor::jobs::Outcome::Unusable,
            "{day}: {}",
            first.summary
        );
        assert_eq!(first.deferred + first.failed, 0, "{day}: {}", first.summary);
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

    // Who was behind at each checkpoint, from the independent expectations.
    let cfg = budget_monitor::config::load(&budget_monitor::config::LoadOptions {
        config_dir: w.config(),
        projects: None,
        default_year: 2025,
    })
    .unwrap();
    let expected =
        std::fs::read_to_string(repo().join("tests/fixtures/sample_expected.csv")).unwrap();
    let mut behind = BTreeSet::new();
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
            if rust_decimal::Decimal::from(paid) * rust_decimal::Decimal::from(100)
                < plan * rust_decimal::Decimal::from(budget)
            {
                behind.insert((p.code.clone(), cp.to_string()));
            }
        }
    }
    assert!(
        behind.len() >= 3,
        "the data has projects behind: {behind:?}"
    );

    // First notices per checkpoint alert: exactly one for each behind pair, none else.
    let mut st = db
        .prepare(
            "SELECT a.project, a.reason, e.event, e.on_date FROM events e JOIN alerts a ON a.id = e.alert_id
             WHERE a.kind = 'checkpoint' AND e.event IN ('notified', 'repeated', 'worsened') ORDER BY e.id",
        )
        .unwrap();
    let rows: Vec<(String, String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut first: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut dates: BTreeMap<(String, String), Vec<NaiveDate>> = BTreeMap::new();
    for (project, cp, event, on) in &rows {
        let k = (project.clone(), cp.clone());
        if event == "notified" {
            *first.entry(k.clone()).or_default() += 1;
        }
        dates.entry(k).or_default().push(d(on));
    }
    assert_eq!(
        first.keys().cloned().collect::<BTreeSet<_>>(),
        behind,
        "warned vs behind"
    );
    assert!(first.values().all(|&n| n == 1), "{first:?}");
    for ((project, cp), ds) in &dates {
        // The first warning goes on the checkpoint day itself (no night missed).
        assert_eq!(ds[0], d(cp), "{project} {cp}");
        for pair in ds.windows(2) {
            let gap = (pair[1] - pair[0]).num_days();
            assert!(
                gap >= 7 || rows.iter().any(|r| r.2 == "worsened" && d(&r.3) == pair[1]),
                "{project} {cp}: {ds:?}"
            );
        }
    }

    // Monthly: once per owner per month, 12 months.
    let mut st = db
        .prepare("SELECT recipients, substr(on_date, 1, 7), count(*) FROM messages WHERE kind = 'monthly' GROUP BY 1, 2")
        .unwrap();
    let monthly: Vec<(String, String, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let owners: BTreeSet<&str> = cfg
        .projects
        .iter()
        .filter_map(|p| p.owner.as_ref())
        .map(|o| o.email.as_str())
        .collect();
    assert_eq!(monthly.len(), owners.len() * 12, "{monthly:?}");
    assert!(monthly.iter().all(|m| m.2 == 1));

    // Every recorded message was written to the outbox exactly once.
    let sent: i64 = db
        .query_row(
            "SELECT count(*) FROM messages WHERE status = 'sent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let total: i64 = db
        .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sent, total);
    let emls = std::fs::read_dir(w.outbox())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count() as i64;
    assert_eq!(emls, total);

    // Monthly emails from February on carry the previous month's report
    // workbook; January's (figures of December of the year before) none.
    let mut with_report = 0;
    let mut without = 0;
    for e in std::fs::read_dir(w.outbox())
        .unwrap()
        .filter_map(|e| e.ok())
    {
        let raw = std::fs::read_to_string(e.path()).unwrap_or_default();
        if !raw.contains("X-Budget-Kind: monthly") {
            continue;
        }
        if raw.contains("Content-Disposition: attachment") && raw.contains(".xlsx") {
            with_report += 1;
        } else {
            without += 1;
        }
    }
    assert_eq!(without, owners.len(), "only January's go without a report");
    assert_eq!(with_report, owners.len() * 11);
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
    assert_eq!(r.monthly, 6, "{}", r.summary);
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
