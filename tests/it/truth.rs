//! Exactness at scale: for ledgers from tests/gen_ledger.py (both
//! export styles, UTF-8 BOM and GBK, one file and many overlapping files,
//! thousands separators, reversals), `status --projects registry.csv` must
//! reproduce the generator's truth.csv to the fen at every checkpoint and at
//! the as-of date, reading the exports cold and from the ledger cache. The
//! "at scale" sets are tens of megabytes, so each file is cut into many
//! chunks parsed in parallel.

use crate::common::*;
use std::path::Path;

fn check_against_truth(args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) = generate_set(dir.path(), args);
    let truth = csv_rows(&std::fs::read_to_string(data.join("truth.csv")).unwrap());
    let as_of = truth[0]["as_of"].clone();
    let columns = [
        ("2025-03-31", "paid_fen_03_31"),
        ("2025-06-30", "paid_fen_06_30"),
        ("2025-10-31", "paid_fen_10_31"),
        ("2025-12-31", "paid_fen_12_31"),
        (as_of.as_str(), "paid_fen_as_of"),
    ];
    let registry = data.join("registry.csv");
    let state = dir.path().join("state");
    let status = |date: &str, extra: &[&str]| {
        status_csv(dir.path(), &registry, &ledgers, &state, date, extra)
    };
    // The first date reads the exports, the others take them from the
    // cache; a run without the cache must agree with both.
    assert_eq!(
        status(&as_of, &[]).stdout,
        status(&as_of, &["--no-cache"]).stdout,
        "{args:?}"
    );
    for (date, column) in columns {
        let out = status(date, &[]);
        assert_eq!(out.code, 0, "{args:?} at {date}: {}", out.stderr);
        let paid = paid_by_project(&out.stdout);
        assert_eq!(paid.len(), truth.len(), "{args:?}");
        for t in &truth {
            let want: i64 = t[column].parse().unwrap();
            assert_eq!(
                paid[&t["project_code"]], want,
                "{args:?}: project {} at {date}",
                t["project_code"]
            );
        }
        // Budgets come through exactly too.
        for r in csv_rows(&out.stdout) {
            let t = truth
                .iter()
                .find(|t| t["project_code"] == r["project_code"])
                .unwrap();
            assert_eq!(fen(&r["budget"]).to_string(), t["budget_fen"]);
        }
    }
}

#[test]
fn treasury_utf8_bom_one_file() {
    check_against_truth(&["--projects", "40", "--rows", "6000"]);
}

#[test]
fn treasury_gbk_eleven_overlapping_files_thousands() {
    check_against_truth(&[
        "--projects",
        "60",
        "--rows",
        "8000",
        "--files",
        "11",
        "--encoding",
        "gbk",
        "--thousands",
    ]);
}

#[test]
fn treasury_high_reversal_rate_plain_utf8() {
    check_against_truth(&[
        "--projects",
        "30",
        "--rows",
        "5000",
        "--files",
        "4",
        "--encoding",
        "utf-8",
        "--reversal-rate",
        "0.05",
        "--seed",
        "7",
    ]);
}

#[test]
fn ledger_style_gbk_overlapping_files() {
    check_against_truth(&[
        "--style",
        "ledger",
        "--encoding",
        "gbk",
        "--files",
        "3",
        "--projects",
        "25",
        "--rows",
        "4000",
        "--reversal-rate",
        "0.05",
    ]);
}

#[test]
fn ledger_style_utf8_bom_eleven_files() {
    check_against_truth(&[
        "--style",
        "ledger",
        "--files",
        "11",
        "--projects",
        "20",
        "--rows",
        "3000",
        "--seed",
        "3",
    ]);
}

#[test]
fn ledger_style_one_file() {
    check_against_truth(&["--style", "ledger", "--projects", "12", "--rows", "2000"]);
}

#[test]
fn as_of_before_year_end() {
    check_against_truth(&[
        "--projects",
        "20",
        "--rows",
        "3000",
        "--as-of",
        "2025-08-15",
        "--files",
        "5",
        "--thousands",
    ]);
}

#[test]
fn treasury_at_scale_three_overlapping_files() {
    check_against_truth(&[
        "--projects",
        "300",
        "--rows",
        "200000",
        "--files",
        "3",
        "--seed",
        "11",
    ]);
}

#[test]
fn ledger_style_gbk_at_scale() {
    check_against_truth(&[
        "--style",
        "ledger",
        "--encoding",
        "gbk",
        "--projects",
        "200",
        "--rows",
        "150000",
        "--seed",
        "5",
    ]);
}

/// Issue 14: a province-sized registry (100,000 projects, most of them
/// with a payment or two) in two overlapping exports: every project's
/// figures at the as-of date and at a checkpoint equal truth.csv to the
/// fen, read cold, from the cache, and without it. Checked through maps
/// (a search per project would be quadratic at this size); three runs, not
/// one per checkpoint, to keep the test short.
#[test]
fn treasury_100k_projects_two_overlapping_files() {
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) = generate_set(
        dir.path(),
        &[
            "--projects",
            "100000",
            "--rows",
            "150000",
            "--files",
            "2",
            "--seed",
            "14",
        ],
    );
    let truth = csv_rows(&std::fs::read_to_string(data.join("truth.csv")).unwrap());
    assert_eq!(truth.len(), 100_000);
    let registry = data.join("registry.csv");
    let state = dir.path().join("state");
    let status = |date: &str, extra: &[&str]| {
        let out = status_csv(dir.path(), &registry, &ledgers, &state, date, extra);
        assert_eq!(out.code, 0, "at {date}: {}", out.stderr);
        out.stdout
    };
    let cold = status("2025-12-31", &[]);
    let warm = status("2025-12-31", &[]);
    assert_eq!(cold, warm, "the cache gives what the exports gave");
    let june = status("2025-06-30", &["--no-cache"]);
    for (stdout, column) in [(&cold, "paid_fen_as_of"), (&june, "paid_fen_06_30")] {
        let rows = csv_rows(stdout);
        assert_eq!(rows.len(), truth.len(), "{column}");
        let ours: std::collections::HashMap<&str, (i64, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r["project_code"].as_str(),
                    (fen(&r["paid"]), fen(&r["budget"])),
                )
            })
            .collect();
        let mut paid_somewhere = 0;
        for t in &truth {
            let (paid, budget) = ours[t["project_code"].as_str()];
            let want: i64 = t[column].parse().unwrap();
            assert_eq!(paid, want, "project {} ({column})", t["project_code"]);
            assert_eq!(budget.to_string(), t["budget_fen"]);
            paid_somewhere += (want != 0) as usize;
        }
        // Most projects have payments: the sparse sums are exercised across
        // the whole registry, not a corner of it.
        assert!(paid_somewhere > 50_000, "{column}: {paid_somewhere}");
    }
}

/// `status --format csv` on a generated set at `date`, with the ledger
/// cache in `state`.
fn status_csv(
    cwd: &Path,
    registry: &Path,
    ledgers: &Path,
    state: &Path,
    date: &str,
    extra: &[&str],
) -> Ran {
    let mut a = vec![
        "status",
        "--projects",
        registry.to_str().unwrap(),
        "--ledger",
        ledgers.to_str().unwrap(),
        "--as-of",
        date,
        "--format",
        "csv",
        "--state",
        state.to_str().unwrap(),
    ];
    a.extend_from_slice(extra);
    run(cwd, &a)
}

/// The nightly job takes a registry CSV too (`run --projects`), as a city
/// keeps its thousands of projects in a spreadsheet: on a checkpoint night
/// every project `status` shows yellow or red at that checkpoint is warned,
/// to the address the registry gives its owner, and a second run of the
/// night sends nothing more.
#[test]
fn the_nightly_run_reads_a_registry_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) = generate_set(dir.path(), &["--projects", "300", "--rows", "30000"]);
    let registry = data.join("registry.csv");
    // No settings.toml: a registry run takes the defaults.
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let (state, outbox) = (dir.path().join("state"), dir.path().join("outbox"));
    let night = || {
        run(
            dir.path(),
            &[
                "run",
                "--config",
                config.to_str().unwrap(),
                "--projects",
                registry.to_str().unwrap(),
                "--ledger",
                ledgers.to_str().unwrap(),
                "--as-of",
                "2025-06-30",
                "--state",
                state.to_str().unwrap(),
                "--outbox",
                outbox.to_str().unwrap(),
            ],
        )
    };
    let first = night();
    assert_ne!(first.code, 2, "{}", first.stderr);
    assert!(first.stderr.contains("300 个项目"), "{}", first.stderr);

    let status = status_csv(dir.path(), &registry, &ledgers, &state, "2025-06-30", &[]);
    let rows = csv_rows(&status.stdout);
    let warned: std::collections::BTreeSet<String> = rows
        .iter()
        .filter(|r| {
            r["last_checkpoint"] == "2025-06-30"
                && ["yellow", "red"].contains(&r["status"].as_str())
        })
        .map(|r| r["project_code"].clone())
        .collect();
    assert!(
        warned.len() > 10,
        "the set should have projects behind: {}",
        warned.len()
    );
    let mailed: std::collections::BTreeSet<String> = log_column(
        &state,
        "SELECT DISTINCT project FROM message_items WHERE kind = 'checkpoint'",
    );
    assert_eq!(mailed, warned);

    let owners: std::collections::BTreeSet<String> =
        csv_rows(&std::fs::read_to_string(&registry).unwrap())
            .iter()
            .map(|r| r["邮箱"].clone())
            .collect();
    let sent = messages(&state);
    assert!(!sent.is_empty());
    for (kind, recipients, _, _) in &sent {
        assert!(
            recipients.split(',').all(|r| owners.contains(r.trim())),
            "{kind} to {recipients}: not an owner in the registry"
        );
    }
    assert_eq!(
        std::fs::read_dir(&outbox).unwrap().count(),
        sent.len(),
        "one .eml file per message"
    );
    let again = night();
    assert_ne!(again.code, 2, "{}", again.stderr);
    assert_eq!(
        messages(&state).len(),
        sent.len(),
        "a second run of the night sends nothing"
    );
}
