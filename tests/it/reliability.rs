//! The failures an adversarial test campaign found (issue 10), each
//! reproduced against the real binary: control characters in names, hangs
//! that kept the lock, clear-text and printed passwords, a refused Cc that
//! lost the owner's mail, outputs written over inputs, the crash window
//! after the server's 250, and the smaller ones. Each test failed before
//! the fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const NIGHT: &str = "2025-07-15";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_budget-monitor"));
    // English messages: these tests read the summary lines.
    c.env_remove("BUDGET_MONITOR_SMTP_URL")
        .env_remove("BUDGET_MONITOR_SMTP_PASSWORD")
        .env("BUDGET_MONITOR_LANG", "en");
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
            err.contains(&format!("projects.toml:{line}:")) && err.contains("换行符"),
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
        // The FIFO is a problem of the night (exit 1), never a hang.
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
    // The shipped data is clean: the run is done and exits 0.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Held, with an empty file (the holder is between lock and write).
    std::fs::write(&lock, "").unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    f.try_lock().unwrap();
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("由进程 {} 持有", std::process::id())),
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
        // The night with `url`, its messages in `lang`.
        let night = |lang: &str| {
            bin()
                .args(["run", "--as-of", NIGHT, "--config"])
                .arg(w.config())
                .arg("--ledger")
                .arg(repo().join("data"))
                .env("BUDGET_MONITOR_SMTP_URL", url)
                .env("BUDGET_MONITOR_SMTP_PASSWORD", "hunter2")
                .env("BUDGET_MONITOR_LANG", lang)
                .output()
                .unwrap()
        };
        let out = night("en");
        assert_eq!(out.status.code(), Some(2), "{url}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("loopback") && err.contains("clear text"),
            "{err}"
        );
        assert!(!err.contains("hunter2"));
        assert!(!w.state().join("notifications.sqlite").exists());
        // In Chinese, the reason too.
        let out = night("zh");
        assert_eq!(out.status.code(), Some(2), "{url}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("明文") && err.contains("本机回环（loopback）地址"),
            "{err}"
        );
        assert!(
            !err.contains("clear text") && !err.contains("hunter2"),
            "{err}"
        );
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

/// A message to two people, as the mail library hands it over.
fn two_recipient_send(
    smtp: &Smtp,
) -> Result<
    (
        budget_monitor::notify::smtp::Outcome,
        budget_monitor::notify::smtp::Open,
    ),
    budget_monitor::notify::smtp::Failure,
> {
    let endpoint = budget_monitor::notify::smtp::Endpoint::from_url(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        None,
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    let raw = b"From: budget-monitor@example.org\r\nTo: owner@example.org\r\nCc: head@example.org\r\nSubject: test\r\nMessage-ID: <t.1@example.org>\r\n\r\nbody\r\n";
    endpoint.send(
        "budget-monitor@example.org",
        &[
            "owner@example.org".to_string(),
            "head@example.org".to_string(),
        ],
        raw,
    )
}

/// #10: the server refuses one address (550) only: the message still
/// reaches the others, and the refusal is returned for the record (the
/// nightly job records it per message and reports it; a message never has
/// a copied recipient now, since the head gets digests of their own, but
/// the mail library must not lose mail when one address of several is bad).
#[test]
fn a_refused_cc_does_not_lose_the_owners_mail() {
    let smtp = Smtp::start(&["--reject-rcpt", "head@example.org"]);
    let (outcome, open) = two_recipient_send(&smtp).expect("handed over");
    drop(open);
    assert_eq!(outcome.accepted, vec!["owner@example.org".to_string()]);
    assert_eq!(outcome.refused.len(), 1, "{outcome:?}");
    assert_eq!(outcome.refused[0].0, "head@example.org");
    assert!(outcome.deferred.is_empty());
    let got = smtp.received();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["rcpt_tos"], serde_json::json!(["owner@example.org"]));
}

/// A recipient that is not an address is refused without asking the
/// server, the others still get the message, and the reason (which the log,
/// the terminal and the dashboard show) is worded in the language in use:
/// Chinese here, the library's default; English from the same catalogue.
#[test]
fn a_recipient_that_is_not_an_address_is_refused_in_the_language_in_use() {
    use budget_monitor::base::i18n::{message_in, Lang};
    let smtp = Smtp::start(&[]);
    let endpoint = budget_monitor::notify::smtp::Endpoint::from_url(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        None,
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    let (outcome, open) = endpoint
        .send(
            "budget-monitor@example.org",
            &["owner@example.org".to_string(), "no address".to_string()],
            b"Subject: test\r\nMessage-ID: <t.2@example.org>\r\n\r\nbody\r\n",
        )
        .expect("handed over");
    drop(open);
    assert_eq!(outcome.accepted, vec!["owner@example.org".to_string()]);
    assert_eq!(outcome.refused.len(), 1, "{outcome:?}");
    let (who, why) = &outcome.refused[0];
    assert_eq!(who, "no address");
    let error = why
        .strip_prefix("不是邮件地址：")
        .unwrap_or_else(|| panic!("{why}"));
    assert!(!error.is_empty());
    assert_eq!(
        message_in(
            Lang::En,
            "smtp-not-an-address",
            &[("error", error.to_string())]
        ),
        format!("not an address: {error}")
    );
    assert_eq!(smtp.received().len(), 1);
}

/// #10: a recipient refused for now (450) is returned as deferred, to be
/// tried again by the next run, while the others have it.
#[test]
fn a_cc_refused_for_now_gets_it_next_run_and_nobody_twice() {
    let smtp = Smtp::start(&["--defer-rcpt", "head@example.org"]);
    let (outcome, open) = two_recipient_send(&smtp).expect("handed over");
    drop(open);
    assert_eq!(outcome.accepted, vec!["owner@example.org".to_string()]);
    assert_eq!(outcome.deferred.len(), 1, "{outcome:?}");
    assert_eq!(outcome.deferred[0].0, "head@example.org");
    // The next attempt goes to the deferred address alone.
    drop(smtp);
    let smtp2 = Smtp::start(&[]);
    let endpoint = budget_monitor::notify::smtp::Endpoint::from_url(
        &format!("smtp://127.0.0.1:{}", smtp2.port),
        None,
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    let (again, open) = endpoint
        .send(
            "budget-monitor@example.org",
            &["head@example.org".to_string()],
            b"Subject: test\r\nMessage-ID: <t.1@example.org>\r\n\r\nbody\r\n",
        )
        .expect("handed over");
    drop(open);
    assert_eq!(again.accepted, vec!["head@example.org".to_string()]);
    let got = smtp2.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["rcpt_tos"], serde_json::json!(["head@example.org"]));
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
                && stderr(&out).contains(&format!("\"{expr}\" 每月触发不止一次"))
                && !stderr(&out).contains("more than once"),
            "{}",
            stderr(&out)
        );
        // The same in English on request.
        let ledger = repo().join("data");
        let out = w.cmd(&[
            "check",
            "--lang",
            "en",
            "--ledger",
            ledger.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{expr}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("\"{expr}\" fires more than once a month")),
            "{}",
            stderr(&out)
        );
    }
}

/// A monthly_schedule that is not a cron expression is refused with the
/// place, in Chinese by default and in English on request.
#[test]
fn a_schedule_that_is_not_cron_is_refused_in_the_language_asked() {
    let w = Work::new();
    edit_settings(
        &w,
        r#"monthly_schedule = "0 8 1 * *""#,
        r#"monthly_schedule = "0 99 1 * *""#,
    );
    let line = line_of(&w, "settings.toml", "monthly_schedule =");
    let ledger = repo().join("data");
    let zh = w.cmd(&["check", "--ledger", ledger.to_str().unwrap()]);
    assert_eq!(zh.status.code(), Some(2), "{}", stderr(&zh));
    let err = stderr(&zh);
    assert!(
        err.contains(&format!("settings.toml:{line}:"))
            && err.contains("monthly_schedule：\"0 99 1 * *\" 不是 cron 表达式："),
        "{err}"
    );
    assert!(!err.contains("is not a cron expression"), "{err}");
    let en = w.cmd(&[
        "check",
        "--lang",
        "en",
        "--ledger",
        ledger.to_str().unwrap(),
    ]);
    assert_eq!(en.status.code(), Some(2), "{}", stderr(&en));
    assert!(
        stderr(&en).contains("monthly_schedule: \"0 99 1 * *\" is not a cron expression: "),
        "{}",
        stderr(&en)
    );
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
        err.contains("registry.csv:3:") && err.contains("项目名称") && err.contains("控制字符"),
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
