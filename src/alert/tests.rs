//! Rule tables: each case is one situation a finance office meets.

#![allow(clippy::type_complexity)]

use super::*;
use crate::ledger::DailyTotal;
use crate::model::Config;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A config with one project, budget 1,000.00, plan 25/50/75/100.
fn config() -> Config {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("settings.toml"), "fiscal_year = 2025\n").unwrap();
    std::fs::write(
        cfg.join("projects.toml"),
        "[[project]]\ncode = \"P1\"\nname = \"n\"\nbudget = \"1000.00\"\nplan = [\
         { date = 2025-03-31, percent = 25 }, { date = 2025-06-30, percent = 50 },\
         { date = 2025-10-31, percent = 75 }, { date = 2025-12-31, percent = 100 }]\n",
    )
    .unwrap();
    crate::config::load(&crate::config::LoadOptions {
        config_dir: cfg,
        projects: None,
        default_year: 2025,
    })
    .unwrap()
}

/// Findings for payments (day, yuan) at a date.
fn findings(payments: &[(&str, i64)], as_of: &str) -> Vec<Finding> {
    let c = config();
    let daily: Vec<DailyTotal> = payments
        .iter()
        .map(|(day, yuan)| DailyTotal {
            project: 0,
            day: crate::base::dates::day_index(d(day)),
            fen: yuan * 100,
            payments: 1,
        })
        .collect();
    let p = crate::progress::compute(&c, &daily, d(as_of)).unwrap();
    evaluate(&p, &c.settings.thresholds, &c.settings.alerts)
}

fn verdict(f: &[Finding], kind: Kind, reason: &str) -> Option<Verdict> {
    f.iter()
        .find(|x| x.key.kind == kind && x.key.reason == reason)
        .map(|x| x.verdict.clone())
}

#[test]
fn checkpoint_rules() {
    use Verdict::*;
    let q1 = "2025-03-31";
    // (payments, as of, expected checkpoint verdict for 03-31)
    let cases: &[(&[(&str, i64)], &str, Option<Verdict>)] = &[
        // exactly on plan at the checkpoint: no warning
        (&[("2025-02-01", 250)], q1, None),
        // 1 point behind: yellow (anything behind warns)
        (&[("2025-02-01", 240)], q1, Some(Active(Level::Yellow))),
        // 9.9 points: yellow; 10 points: red
        (&[("2025-02-01", 151)], q1, Some(Active(Level::Yellow))),
        (&[("2025-02-01", 150)], q1, Some(Active(Level::Red))),
        // nothing paid at all: red
        (&[], q1, Some(Active(Level::Red))),
        // run missed on 03-31: on 04-02 the figures are still those of 03-31
        (
            &[("2025-02-01", 240), ("2025-04-01", 1)],
            "2025-04-02",
            Some(Active(Level::Yellow)),
        ),
        // caught up with the plan curve by 04-10: cleared, caught up
        (
            &[("2025-02-01", 240), ("2025-04-05", 100)],
            "2025-04-10",
            Some(Cleared { caught_up: true }),
        ),
        // behind at 03-31 and at 06-30: the March alert is superseded
        (
            &[("2025-02-01", 200)],
            "2025-07-01",
            Some(Cleared { caught_up: false }),
        ),
    ];
    for (pay, as_of, want) in cases {
        let f = findings(pay, as_of);
        assert_eq!(
            verdict(&f, Kind::Checkpoint, q1),
            *want,
            "{pay:?} at {as_of}"
        );
    }
    // The checkpoint warning shows the checkpoint's figures, not today's.
    let f = findings(&[("2025-02-01", 240), ("2025-04-01", 5)], "2025-04-02");
    let cp = f.iter().find(|x| x.key.kind == Kind::Checkpoint).unwrap();
    assert_eq!(cp.figures.as_of, d(q1));
    assert_eq!(cp.figures.paid, Fen(24_000));
    assert_eq!(cp.figures.gap_points, dec("-1"));
}

#[test]
fn early_and_overspend_rules() {
    use Verdict::*;
    // (payments, as of, early verdict for 06-30, overspend verdict)
    let cases: &[(&[(&str, i64)], &str, Option<Verdict>, Verdict)] = &[
        // 16 days before: outside the 15-day lead time
        (
            &[("2025-03-01", 250)],
            "2025-06-14",
            None,
            Cleared { caught_up: true },
        ),
        // 15 days before, nothing paid recently, 250 needed: heads-up
        (
            &[("2025-03-01", 250)],
            "2025-06-15",
            Some(Active(Level::Yellow)),
            Cleared { caught_up: true },
        ),
        // recent pace 240 / 30 days = 8/day; need 10 over 15 days: fine
        (
            &[("2025-03-01", 250), ("2025-06-01", 240)],
            "2025-06-15",
            None,
            Cleared { caught_up: true },
        ),
        // target reached: cleared
        (
            &[("2025-03-01", 500)],
            "2025-06-20",
            Some(Cleared { caught_up: true }),
            Cleared { caught_up: true },
        ),
        // over budget
        (
            &[("2025-03-01", 1001)],
            "2025-06-20",
            Some(Cleared { caught_up: true }),
            Active(Level::Red),
        ),
    ];
    for (pay, as_of, early, over) in cases {
        let f = findings(pay, as_of);
        assert_eq!(
            verdict(&f, Kind::Early, "2025-06-30"),
            *early,
            "{pay:?} at {as_of}"
        );
        assert_eq!(
            verdict(&f, Kind::Overspend, "budget").as_ref(),
            Some(over),
            "{pay:?} at {as_of}"
        );
    }
    // Once 06-30 passed, its early warning clears: caught up only if met.
    let f = findings(&[("2025-03-01", 400)], "2025-07-01");
    assert_eq!(
        verdict(&f, Kind::Early, "2025-06-30"),
        Some(Cleared { caught_up: false })
    );
    let f = findings(&[("2025-03-01", 500)], "2025-07-01");
    assert_eq!(
        verdict(&f, Kind::Early, "2025-06-30"),
        Some(Cleared { caught_up: true })
    );
}

#[test]
fn pace_is_compared_without_rounding() {
    // need 300 over 15 days = 20/day; recent 300/30 = 10/day; multiple 2 -> not short
    assert!(!pace_short(Fen(300), 15, Fen(300), dec("2")));
    assert!(pace_short(Fen(301), 15, Fen(300), dec("2")));
    assert!(pace_short(Fen(1), 15, Fen(0), dec("2")));
    assert!(!pace_short(Fen(0), 15, Fen(0), dec("2")));
}

fn open(level: Level, last: Option<&str>, repeats: i64, escalated: bool) -> Remembered {
    Remembered {
        level,
        state: State::Open,
        last_notified: last.map(d),
        repeats,
        escalated,
    }
}

#[test]
fn decisions() {
    let a = AlertSettings::default(); // repeat 7 days, escalate after 2 repeats
    let today = d("2025-04-10");
    let y = Level::Yellow;
    let r = Level::Red;
    let act = |l| Verdict::Active(l);
    let resolved = Verdict::Cleared { caught_up: true };
    let superseded = Verdict::Cleared { caught_up: false };
    // (kind, remembered, verdict, exempt) -> (notice, copy head, next state)
    let cases: Vec<(
        Kind,
        Option<Remembered>,
        Verdict,
        bool,
        Option<Notice>,
        bool,
        Option<State>,
    )> = vec![
        // new yellow: notice at once, head not copied
        (
            Kind::Checkpoint,
            None,
            act(y),
            false,
            Some(Notice::New),
            false,
            Some(State::Open),
        ),
        // new red: head copied at once
        (
            Kind::Checkpoint,
            None,
            act(r),
            false,
            Some(Notice::New),
            true,
            Some(State::Open),
        ),
        // exempt: recorded, not sent
        (
            Kind::Checkpoint,
            None,
            act(r),
            true,
            None,
            false,
            Some(State::Open),
        ),
        // unchanged, 6 days: nothing; 7 days: repeat
        (
            Kind::Checkpoint,
            Some(open(y, Some("2025-04-04"), 0, false)),
            act(y),
            false,
            None,
            false,
            Some(State::Open),
        ),
        (
            Kind::Checkpoint,
            Some(open(y, Some("2025-04-03"), 0, false)),
            act(y),
            false,
            Some(Notice::Repeat),
            false,
            Some(State::Open),
        ),
        // second repeat escalates
        (
            Kind::Checkpoint,
            Some(open(y, Some("2025-04-03"), 1, false)),
            act(y),
            false,
            Some(Notice::Repeat),
            true,
            Some(State::Open),
        ),
        // worsened yellow -> red: at once, head copied
        (
            Kind::Checkpoint,
            Some(open(y, Some("2025-04-09"), 0, false)),
            act(r),
            false,
            Some(Notice::Worsened),
            true,
            Some(State::Open),
        ),
        // exemption ended: the held warning goes now
        (
            Kind::Checkpoint,
            Some(open(y, None, 0, false)),
            act(y),
            false,
            Some(Notice::New),
            false,
            Some(State::Open),
        ),
        // still exempt: nothing
        (
            Kind::Checkpoint,
            Some(open(y, None, 0, false)),
            act(y),
            true,
            None,
            false,
            Some(State::Open),
        ),
        // caught up after a warning: one resolved notice, head copied if it was
        (
            Kind::Checkpoint,
            Some(open(r, Some("2025-04-01"), 0, true)),
            resolved.clone(),
            false,
            Some(Notice::Resolved),
            true,
            Some(State::Resolved),
        ),
        // caught up but never warned (exempt all along): silent
        (
            Kind::Checkpoint,
            Some(open(y, None, 0, false)),
            resolved.clone(),
            false,
            None,
            false,
            Some(State::Resolved),
        ),
        // superseded by the next checkpoint: silent
        (
            Kind::Checkpoint,
            Some(open(y, Some("2025-04-01"), 0, false)),
            superseded,
            false,
            None,
            false,
            Some(State::Closed),
        ),
        // resolved checkpoint alert never reopens
        (
            Kind::Checkpoint,
            Some(Remembered {
                state: State::Resolved,
                ..open(y, Some("2025-04-01"), 0, false)
            }),
            act(y),
            false,
            None,
            false,
            Some(State::Resolved),
        ),
        // resolved overspend reopens
        (
            Kind::Overspend,
            Some(Remembered {
                state: State::Resolved,
                ..open(r, Some("2025-04-01"), 0, true)
            }),
            act(r),
            false,
            Some(Notice::New),
            true,
            Some(State::Open),
        ),
        // cleared and never an alert: nothing recorded
        (Kind::Overspend, None, resolved, false, None, false, None),
    ];
    for (i, (kind, prev, v, exempt, notice, head, state)) in cases.into_iter().enumerate() {
        let got = decide(kind, prev.as_ref(), &v, exempt, today, &a);
        assert_eq!(got.notice, notice, "case {i}");
        assert_eq!(got.copy_head, head, "case {i}");
        assert_eq!(got.next.as_ref().map(|n| n.state), state, "case {i}");
        if got.notice.is_some() {
            assert_eq!(got.next.unwrap().last_notified, Some(today), "case {i}");
        }
    }
}
