//! The failures an adversarial test campaign found (issue 10), each
//! reproduced against the real binary: control characters in names, hangs
//! that kept the lock, clear-text and printed passwords, a refused Cc that
//! lost the owner's mail, outputs written over inputs, the crash window
//! after the server's 250, and the smaller ones. Each test failed before
//! the fix.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

const NIGHT: &str = "2025-07-15";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_budget-monitor"));
    c.env_remove("BUDGET_MONITOR_SMTP_URL")
        .env_remove("BUDGET_MONITOR_SMTP_PASSWORD");
    c
}

/// Runs a command, killing it when it has not ended after two minutes (a
/// hang is the failure being tested; this is a guard, not a measurement).
fn output_within_guard(mut c: Command) -> Output {
    let child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let d = done.clone();
    let guard = std::thread::spawn(move || {
        let start = Instant::now();
        while !d.load(std::sync::atomic::Ordering::SeqCst) {
            if start.elapsed() > Duration::from_secs(120) {
                let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    });
    let out = child.wait_with_output().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(!guard.join().unwrap(), "the command hung and was killed");
    out
}

fn edit_projects(w: &Work, from: &str, to: &str) {
    let p = w.config().join("projects.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn edit_settings(w: &Work, from: &str, to: &str) {
    let p = w.config().join("settings.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn line_of(w: &Work, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(w.config().join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// #1: a line break in the head's or an owner's name is refused by
/// `check` with file, line and column, and `run` never exits 101.
#[test]
fn line_breaks_in_names_are_refused_at_load_and_run_never_panics() {
    let cases = [
        (
            r#"head = { name = "部门负责人""#,
            r#"head = { name = "部门负责人A\nB""#,
        ),
        (
            r#"name = "李娜""#,
            r#"name = "李娜\r\nBcc: spy@example.org""#,
        ),
    ];
    for (from, to) in cases {
        let w = Work::new();
        edit_projects(&w, from, to);
        let line = line_of(&w, "projects.toml", &to[..to.len() - 3]);
        let data = repo().join("data");
        let out = w.cmd(&["check", "--ledger", data.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("projects.toml:{line}:")) && err.contains("line break"),
            "{err}"
        );
        let out = w.run(NIGHT, None, &[]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

/// #11 and #14: control characters in a project name are refused before
/// they reach a workbook or a terminal (`status --format table`).
#[test]
fn control_characters_in_project_names_never_reach_workbooks_or_terminals() {
    for bad in [r"\u001b[2J", r"\u0001", r"\uFFFE", r"\r"] {
        let w = Work::new();
        edit_projects(
            &w,
            r#"name = "见义勇为基金""#,
            &format!(r#"name = "见义勇为{bad}基金""#),
        );
        let data = repo().join("data");
        let out = w.cmd(&[
            "status",
            "--as-of",
            NIGHT,
            "--format",
            "table",
            "--ledger",
            data.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&b'\r'));
        assert!(stderr(&out).contains("projects.toml:"), "{}", stderr(&out));
        let reports = w.path().join("reports");
        let out = w.cmd(&[
            "report",
            "monthly",
            "--month",
            "2025-06",
            "--ledger",
            data.to_str().unwrap(),
            "--out",
            reports.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
    }
}

fn copy_data(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(repo().join("data")).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// #6: symlink loops and a FIFO in the ledger folder: each real folder is
/// read once, the FIFO is skipped with a note, nothing hangs, and the lock
/// is free for the next night.
#[test]
fn symlink_loops_and_fifos_neither_hang_nor_multiply_nor_keep_the_lock() {
    let w = Work::new();
    let data = w.path().join("ledgers");
    copy_data(&data);
    let plain = output_within_guard({
        let mut c = bin();
        c.args(["check", "--config"])
            .arg(w.config())
            .arg("--ledger")
            .arg(&data);
        c
    });
    std::os::unix::fs::symlink(".", data.join("a")).unwrap();
    std::os::unix::fs::symlink(".", data.join("b")).unwrap();
    std::fs::create_dir(data.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", data.join("sub/up")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(data.join("pipe.csv"))
        .status()
        .unwrap()
        .success());
    let out = output_within_guard({
        let mut c = bin();
        c.args(["check", "--config"])
            .arg(w.config())
            .arg("--ledger")
            .arg(&data);
        c
    });
    let err = stderr(&out);
    assert!(
        err.contains("pipe.csv") && err.contains("named pipe"),
        "{err}"
    );
    let files = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("check:"))
            .map(|l| {
                l.split(" ledger files")
                    .next()
                    .unwrap()
                    .rsplit(' ')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .unwrap()
    };
    assert_eq!(files(&err), files(&stderr(&plain)), "{err}");
    for _ in 0..2 {
        let out = output_within_guard({
            let mut c = bin();
            c.args(["run", "--as-of", NIGHT, "--config"])
                .arg(w.config())
                .arg("--ledger")
                .arg(&data);
            c
        });
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(!stderr(&out).contains("in progress"));
    }
}

/// #6 and #14: a held lock names its holder's pid even when the holder has
/// not written it yet; a lock file left by a dead run is taken over.
#[test]
fn the_lock_names_its_holder_and_a_stale_lock_is_taken_over() {
    let w = Work::new();
    std::fs::create_dir_all(w.state()).unwrap();
    let lock = w.state().join("budget-monitor.lock");
    // A dead run's pid, and nobody holds the lock: taken over.
    std::fs::write(&lock, "999999999\n").unwrap();
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Held, with an empty file (the holder is between lock and write).
    std::fs::write(&lock, "").unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    f.try_lock().unwrap();
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("held by pid {})", std::process::id())),
        "{err}"
    );
}

/// #8: a clear-text URL to another host is refused before any connection
/// (the host does not even resolve: .invalid), with or without
/// ?tls=opportunistic; `[smtp]` and the URL follow one rule.
#[test]
fn clear_text_smtp_to_another_host_is_refused_before_connecting() {
    for url in [
        "smtp://user@mail.example.invalid",
        "smtp://user@mail.example.invalid:587?tls=opportunistic",
        "smtp://mail.example.invalid:25",
    ] {
        let w = Work::new();
        let out = bin()
            .args(["run", "--as-of", NIGHT, "--config"])
            .arg(w.config())
            .arg("--ledger")
            .arg(repo().join("data"))
            .env("BUDGET_MONITOR_SMTP_URL", url)
            .env("BUDGET_MONITOR_SMTP_PASSWORD", "hunter2")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{url}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("loopback") && err.contains("clear text"),
            "{err}"
        );
        assert!(!err.contains("hunter2"));
        assert!(!w.state().join("notifications.sqlite").exists());
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                v.extend(files_under(&p));
            } else {
                v.push(p);
            }
        }
    }
    v
}

fn assert_secret_nowhere(secret: &str, outs: &[&Output], dirs: &[PathBuf]) {
    for o in outs {
        assert!(!stdout(o).contains(secret), "stdout: {}", stdout(o));
        assert!(!stderr(o).contains(secret), "stderr: {}", stderr(o));
    }
    for d in dirs {
        for f in files_under(d) {
            let bytes = std::fs::read(&f).unwrap();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} holds the password",
                f.display()
            );
        }
    }
}

/// #9: a password in the URL is never printed or stored, whatever it holds
/// (`/`, `?` made the URL parser take it for a path); the test reads all
/// output, the state folder and the outbox.
#[test]
fn smtp_passwords_are_never_printed_or_stored() {
    let smtp = Smtp::start(&[]);
    for (url, secret) in [
        (
            "smtp://user:S3cretPW/x@127.0.0.1:25".to_string(),
            "S3cretPW",
        ),
        (
            "smtp://user:S3cretPW?x@127.0.0.1:25".to_string(),
            "S3cretPW",
        ),
        (
            format!("smtp://user:Pa55word@127.0.0.1:{}", smtp.port),
            "Pa55word",
        ),
        (format!("smtp://user@127.0.0.1:{}", smtp.port), "EnvSecret9"),
    ] {
        let w = Work::new();
        let mut c = bin();
        c.args(["run", "--as-of", NIGHT, "--config"])
            .arg(w.config())
            .arg("--ledger")
            .arg(repo().join("data"))
            .env("BUDGET_MONITOR_SMTP_URL", &url);
        if secret == "EnvSecret9" {
            c.env("BUDGET_MONITOR_SMTP_PASSWORD", secret);
        }
        let out = c.output().unwrap();
        assert_ne!(out.status.code(), Some(101));
        let log = w.cmd(&["log"]);
        assert_secret_nowhere(
            secret,
            &[&out, &log],
            &[w.state(), w.outbox(), w.path().join("quarantine")],
        );
    }
}

/// #10: the server refuses the head's address (550) only: the owners'
/// messages that copy the head still reach the owners, the refusal is
/// recorded and reported, and the next run sends nothing again.
#[test]
fn a_refused_cc_does_not_lose_the_owners_mail() {
    // Projects behind are red at once, and red warnings copy the head.
    let w = Work::new();
    edit_settings(&w, "red_gap_points = 10", "red_gap_points = 5");
    let smtp = Smtp::start(&["--reject-rcpt", "head@example.org"]);
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let got = smtp.received();
    let copied: Vec<_> = got
        .iter()
        .filter(|m| m["cc"].as_str().unwrap_or("").contains("head@example.org"))
        .collect();
    assert!(!copied.is_empty(), "no message copies the head: {got:?}");
    for m in &copied {
        let rcpt: Vec<&str> = m["rcpt_tos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(!rcpt.contains(&"head@example.org"));
        assert!(!rcpt.is_empty());
    }
    let err = stderr(&out);
    assert!(err.contains("refused head@example.org for good"), "{err}");
    let rows = messages(&w.state());
    assert!(rows.iter().all(|r| r.2 == "sent"), "{rows:?}");
    let c = rusqlite::Connection::open(w.state().join("notifications.sqlite")).unwrap();
    let refused: i64 = c
        .query_row(
            "SELECT count(*) FROM messages WHERE refused LIKE 'head@example.org\t%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused as usize, copied.len());
    let before = smtp.received().len();
    w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), before, "a rerun resent");
}

/// #10: a recipient refused for now (450) gets the message on the next
/// run, and only they: the owner does not get it twice.
#[test]
fn a_cc_refused_for_now_gets_it_next_run_and_nobody_twice() {
    let w = Work::new();
    edit_settings(&w, "red_gap_points = 10", "red_gap_points = 5");
    let smtp = Smtp::start(&["--defer-rcpt", "head@example.org"]);
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let first = smtp.received();
    drop(smtp);
    let smtp2 = Smtp::start(&[]);
    let out = w.run(NIGHT, Some(smtp2.port), &[]);
    let second = smtp2.received();
    assert!(!second.is_empty(), "{}", stderr(&out));
    for m in &second {
        let rcpt = m["rcpt_tos"].as_array().unwrap();
        assert_eq!(rcpt.len(), 1);
        assert_eq!(rcpt[0], "head@example.org");
        assert!(first.iter().any(|f| f["message_id"] == m["message_id"]));
    }
    assert!(messages(&w.state()).iter().all(|r| r.2 == "sent"));
}

/// #12: an output path that is, or lies inside, an input is refused by
/// `check`, before anything is written.
#[test]
fn outputs_onto_inputs_are_refused() {
    let w = Work::new();
    let data = w.path().join("data");
    copy_data(&data);
    let export = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .find(|n| n.ends_with(".csv"))
        .unwrap();
    let before = std::fs::read(data.join(&export)).unwrap();
    for (key, value) in [
        ("quarantine_file", format!("data/{export}")),
        ("state_dir", "data/state".to_string()),
        ("reports_dir", "config".to_string()),
    ] {
        let w2 = Work::new();
        copy_data(&w2.path().join("data"));
        let settings = w2.config().join("settings.toml");
        let text = std::fs::read_to_string(&settings).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{key} =")))
            .unwrap();
        std::fs::write(
            &settings,
            text.replacen(line, &format!("{key} = \"{value}\""), 1),
        )
        .unwrap();
        for cmd in [vec!["check"], vec!["status", "--as-of", NIGHT]] {
            let out = w2.cmd(&cmd);
            assert_eq!(out.status.code(), Some(2), "{key}: {}", stderr(&out));
            assert!(stderr(&out).contains(key), "{}", stderr(&out));
        }
    }
    // --quarantine on the command line too.
    let q = data.join(&export);
    let out = w.cmd(&[
        "status",
        "--as-of",
        NIGHT,
        "--ledger",
        data.to_str().unwrap(),
        "--quarantine",
        q.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&q).unwrap(),
        before,
        "the export was overwritten"
    );
}

/// #12: `actuals-template --out` and `import-targets --out` onto an
/// existing file refuse without --force.
#[test]
fn out_onto_an_existing_file_needs_force() {
    let w = Work::new();
    let sheet = w.path().join("actuals-2025.csv");
    std::fs::write(&sheet, "filled in by the owners\n").unwrap();
    let out = w.cmd(&["actuals-template", "--out", sheet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&sheet).unwrap(),
        "filled in by the owners\n"
    );
    let out = w.cmd(&[
        "actuals-template",
        "--out",
        sheet.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&sheet)
        .unwrap()
        .contains("项目编码"));
    // No temporary file left beside it.
    assert_eq!(std::fs::read_dir(w.path()).unwrap().count(), 2);
    let doc = w.path().join("doc.txt");
    std::fs::write(&doc, "x").unwrap();
    let target = w.config().join("projects.toml");
    let out = bin()
        .args(["import-targets"])
        .arg(&doc)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
}

/// #13: the acceptance is recorded before the connection is closed. The
/// server never answers QUIT and the test kills the run there: the message
/// the server accepted is already marked sent, so nothing is resent.
#[test]
fn an_accepted_message_is_recorded_before_quit() {
    let w = Work::new();
    let marker = w.path().join("quit-seen");
    let smtp = Smtp::start(&["--hold-quit", marker.to_str().unwrap()]);
    let mut child = bin()
        .args(["run", "--as-of", NIGHT, "--config"])
        .arg(w.config())
        .arg("--ledger")
        .arg(repo().join("data"))
        .env(
            "BUDGET_MONITOR_SMTP_URL",
            format!("smtp://127.0.0.1:{}", smtp.port),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no QUIT arrived"
        );
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Killed where the old code was still waiting for QUIT's answer.
    let _ = child.kill();
    let _ = child.wait();
    let got = smtp.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let rows = messages(&w.state());
    let row = rows
        .iter()
        .find(|r| r.3 == got[0]["message_id"].as_str().unwrap())
        .unwrap();
    assert_eq!(row.2, "sent", "accepted by the server but not recorded");
}

/// #14: `monthly_schedule = "* * * * *"` is refused by `check`.
#[test]
fn a_schedule_firing_more_than_monthly_is_refused() {
    for expr in ["* * * * *", "0 8 1,15 * *", "0 8 * * 1"] {
        let w = Work::new();
        edit_settings(
            &w,
            r#"monthly_schedule = "0 8 1 * *""#,
            &format!(r#"monthly_schedule = "{expr}""#),
        );
        let out = w.cmd(&["check", "--ledger", repo().join("data").to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{expr}: {}", stderr(&out));
        let line = line_of(&w, "settings.toml", "monthly_schedule =");
        assert!(
            stderr(&out).contains(&format!("settings.toml:{line}:"))
                && stderr(&out).contains("more than once a month"),
            "{}",
            stderr(&out)
        );
    }
}

/// #14: parallel `status` runs on one state folder print no cache notes.
#[test]
fn parallel_status_on_one_state_folder_is_quiet() {
    let w = Work::new();
    let data = w.path().join("data");
    copy_data(&data);
    for round in 0..4 {
        let _ = std::fs::remove_dir_all(w.state());
        let children: Vec<_> = (0..4)
            .map(|_| {
                bin()
                    .args(["status", "--as-of", NIGHT, "--format", "csv", "--config"])
                    .arg(w.config())
                    .arg("--ledger")
                    .arg(&data)
                    .arg("--state")
                    .arg(w.state())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            let err = stderr(&out);
            assert!(
                !err.contains("ledger cache") && !err.contains("note:"),
                "round {round}: {err}"
            );
        }
    }
}

/// #1 and #11 for the registry CSV: a control character in a row is
/// refused with the file, line and column name.
#[test]
fn control_characters_in_a_registry_are_refused_with_the_line() {
    let w = Work::new();
    let reg = w.path().join("registry.csv");
    std::fs::write(
        &reg,
        "项目编码,项目名称,单位编码,预算数,支出计划,负责人,邮箱\n\
         P1,正常项目,308001,1000.00,25/50/75/100,李娜,lina@example.org\n\
         P2,坏\u{1b}[2J项目,308001,1000.00,25/50/75/100,王芳,wangfang@example.org\n",
    )
    .unwrap();
    let out = w.cmd(&[
        "check",
        "--projects",
        reg.to_str().unwrap(),
        "--ledger",
        repo().join("data").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("registry.csv:3:")
            && err.contains("项目名称")
            && err.contains("control character"),
        "{err}"
    );
}

/// Found by the config fuzz target: an address the light check accepted
/// but the mail library refuses (`zhangw:ei@example.org`) failed the
/// recording of every night; it is refused at load with its place.
#[test]
fn an_address_the_mail_library_refuses_is_refused_at_load() {
    let w = Work::new();
    edit_projects(&w, "lina@example.org", "li:na@example.org");
    let line = line_of(&w, "projects.toml", "li:na@example.org");
    let out = w.cmd(&["check", "--ledger", repo().join("data").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("projects.toml:{line}:")),
        "{}",
        stderr(&out)
    );
}
