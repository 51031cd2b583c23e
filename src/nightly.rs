//! The nightly run (`budget-monitor run`): what cron calls every night.
//!
//! Order matters and follows the design notes: check everything first
//! (config, ledgers, state and outbox folders, SMTP settings, templates,
//! the lock) so a bad setup fails in the first second with exit code 2;
//! then ingest, evaluate the alert rules against the notification log,
//! record every notice and message in one transaction, and only then
//! deliver. Delivery outcomes are recorded message by message, so a crash
//! at any point loses nothing and sends nothing twice (see `state`).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

use crate::alert::{self, Figures, Kind, Level, Notice};
use crate::config::{self, Config, LoadOptions, Person};
use crate::ledger::{self, IngestOptions, Ledger};
use crate::money::Fen;
use crate::notify::{self, Context, EmailKind, Renderer, Row, SendError, Transport};
use crate::progress::{self, round2, Progress};
use crate::smtp::Endpoint;
use crate::state::{self, Log, MessageStatus, NewMessage};

/// Exit code: all done.
pub const EXIT_OK: i32 = 0;
/// Exit code: done, with problems (bad rows, failed or deferred sends).
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: nothing done (config, usage, lock).
pub const EXIT_UNUSABLE: i32 = 2;

/// Environment variable with an SMTP URL in lettre's form; overrides `[smtp]`.
pub const ENV_SMTP_URL: &str = "BUDGET_MONITOR_SMTP_URL";
/// Environment variable with the SMTP password.
pub const ENV_SMTP_PASSWORD: &str = "BUDGET_MONITOR_SMTP_PASSWORD";
/// The lock file inside the state folder.
pub const LOCK_FILE: &str = "budget-monitor.lock";

/// What a run is asked to do. The environment is read by the caller, so
/// tests can run many nights in one process without touching it.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// The config folder.
    pub config_dir: PathBuf,
    /// Ledger files or folders; empty: `ledger_dir` from settings.
    pub ledgers: Vec<PathBuf>,
    /// The night's date.
    pub as_of: NaiveDate,
    /// Overrides `state_dir`.
    pub state_dir: Option<PathBuf>,
    /// Overrides `outbox_dir`.
    pub outbox_dir: Option<PathBuf>,
    /// Render what would be sent into a folder; change no state.
    pub dry_run: bool,
    /// `BUDGET_MONITOR_SMTP_URL`, when set.
    pub smtp_url: Option<String>,
    /// `BUDGET_MONITOR_SMTP_PASSWORD`, when set.
    pub smtp_password: Option<String>,
}

/// What a run did, for the summary line and for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Process exit code.
    pub exit_code: i32,
    /// Alerts opened (or reopened) this run.
    pub opened: usize,
    /// Alerts resolved or closed this run.
    pub closed: usize,
    /// Notices (one per alert and recipient) recorded this run.
    pub notices: usize,
    /// Messages recorded this run (alerts and monthly).
    pub messages: usize,
    /// Monthly progress messages among them.
    pub monthly: usize,
    /// Messages handed over successfully this run (including retries).
    pub sent: usize,
    /// Messages left queued after a temporary failure.
    pub deferred: usize,
    /// Messages refused for good this run.
    pub failed: usize,
    /// Recipients the server refused for good while others got the message.
    pub refused: usize,
    /// Problems reading ledgers or addressing notices.
    pub problems: usize,
    /// The one-line summary printed on stderr.
    pub summary: String,
}

fn unusable(msg: impl std::fmt::Display) -> RunReport {
    eprintln!("error: {msg}");
    let summary = "run: nothing done (see the error above)".to_string();
    eprintln!("{summary}");
    RunReport {
        exit_code: EXIT_UNUSABLE,
        summary,
        ..Default::default()
    }
}

/// A CLI path: relative to the working directory, like any command-line path.
fn cli_path(p: &Path) -> PathBuf {
    config::absolute(p)
}

fn check_writable_dir(dir: &Path, what: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create {what} folder: {e}", dir.display()))?;
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .and_then(|_| std::fs::remove_file(&probe))
        .map_err(|e| format!("{}: {what} folder is not writable: {e}", dir.display()))
}

/// Where mail goes: the env URL, else `[smtp]`, else the outbox folder.
/// The clear-text rule is applied here to both, before any connection.
fn transport(cfg: &Config, opts: &RunOptions, outbox: &Path) -> Result<Transport, String> {
    let env_url = opts
        .smtp_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let endpoint = match (env_url, &cfg.settings.smtp) {
        (Some(url), smtp) => Some(Endpoint::from_url(
            url,
            opts.smtp_password.as_deref(),
            Duration::from_secs(smtp.as_ref().map(|s| s.timeout_seconds).unwrap_or(30)),
        )?),
        (None, Some(s)) => {
            let password = match (&opts.smtp_password, &s.password_file) {
                (Some(p), _) => Some(p.clone()),
                (None, Some(f)) => Some(
                    crate::files::read_to_string(f)
                        .map_err(|e| {
                            format!("{}: cannot read smtp password_file: {e}", f.display())
                        })?
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string(),
                ),
                (None, None) => None,
            };
            if s.username.is_some() && password.is_none() {
                return Err(format!(
                    "[smtp] has username but no password: set {ENV_SMTP_PASSWORD} or password_file"
                ));
            }
            Some(Endpoint::from_settings(s, password))
        }
        (None, None) => None,
    };
    match endpoint {
        Some(e) => {
            e.check_plaintext()?;
            Ok(Transport::Smtp(e))
        }
        None => Ok(Transport::Outbox(outbox.to_path_buf())),
    }
}

/// Holds the run lock until dropped.
pub struct RunLock {
    _file: File,
}

/// Takes the run lock, or says who holds it.
///
/// The lock is an advisory `flock` on the file, so the kernel releases it
/// whenever the process ends, however it ends (error, panic, kill -9): a
/// lock left by a dead run is simply taken over, there is nothing stale to
/// clean up. The pid inside is only for the message to the person.
pub fn lock(state_dir: &Path) -> Result<RunLock, String> {
    let path = state_dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| format!("{}: cannot open lock file: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {
            use std::os::unix::fs::FileExt;
            // One write of a fixed width at offset 0, never a truncation
            // first: a reader sees the previous pid or ours, never nothing.
            let _ = file.write_all_at(format!("{:<20}\n", std::process::id()).as_bytes(), 0);
            let _ = file.set_len(21);
            Ok(RunLock { _file: file })
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = holder_pid(&path)
                .map(|p| p.to_string())
                .unwrap_or_else(|| "unknown (the lock file names none)".into());
            Err(format!(
                "another budget-monitor run is in progress (lock {} held by pid {holder}); this run exits without doing anything",
                path.display(),
            ))
        }
        Err(std::fs::TryLockError::Error(e)) => {
            Err(format!("{}: cannot lock: {e}", path.display()))
        }
    }
}

/// The pid of the process holding the lock: from the lock file, else from
/// the kernel's lock table (the holder may not have written it yet: a run
/// that just created the file).
fn holder_pid(path: &Path) -> Option<u32> {
    for _ in 0..40 {
        if let Some(pid) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.trim().parse::<u32>().ok())
        {
            return Some(pid);
        }
        if let Some(pid) = kernel_lock_holder(path) {
            return Some(pid);
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    None
}

/// Looks the file's inode up in /proc/locks (Linux).
fn kernel_lock_holder(path: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let ino = std::fs::metadata(path).ok()?.ino();
    let table = std::fs::read_to_string("/proc/locks").ok()?;
    table.lines().find_map(|l| {
        // "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"
        let f: Vec<&str> = l.split_whitespace().collect();
        let dev_ino = f.get(5)?;
        let lock_ino: u64 = dev_ino.rsplit(':').next()?.parse().ok()?;
        (lock_ino == ino).then(|| f.get(4)?.parse().ok())?
    })
}

/// Reads the ledgers, using the ledger cache of `state` when given.
fn read_ledgers(cfg: &Config, paths: &[PathBuf], state: Option<PathBuf>) -> Ledger {
    let (files, path_problems) =
        ledger::collect_inputs(paths, std::slice::from_ref(&cfg.settings.quarantine_file));
    let opts = IngestOptions {
        fiscal_year: cfg.settings.fiscal_year,
        profiles: &cfg.settings.profiles,
        projects: cfg
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.clone(), i as u32))
            .collect(),
        progress: false,
        exclude: Vec::new(),
        state_dir: state,
    };
    let mut l = ledger::ingest(&files, &opts);
    let mut problems = path_problems;
    problems.append(&mut l.problems);
    l.problems = problems;
    l
}

fn pct(d: rust_decimal::Decimal) -> String {
    format!("{:.2}", round2(d))
}

fn signed(d: rust_decimal::Decimal) -> String {
    let r = round2(d);
    if r > rust_decimal::Decimal::ZERO {
        format!("+{r:.2}")
    } else {
        format!("{r:.2}")
    }
}

fn row(cfg: &Config, f: &Figures, status: &str, note: Option<String>) -> Row {
    let p = &cfg.projects[f.index];
    Row {
        code: p.code.clone(),
        name: p.name.clone(),
        status: status.to_string(),
        figures_as_of: f.as_of.to_string(),
        budget: f.budget.grouped(),
        paid: f.paid.grouped(),
        execution_pct: pct(f.execution_pct),
        plan_pct: pct(f.plan_pct),
        gap_points: signed(f.gap_points),
        next_checkpoint: f.next_checkpoint.map(|d| d.to_string()),
        next_plan_pct: f.next_plan_pct.map(pct),
        amount_needed: f.amount_needed.map(Fen::grouped),
        days_left: f.days_left,
        note: match (f.over_budget, note) {
            (Some(o), Some(n)) => Some(format!("超出预算 {} 元；{n}", o.grouped())),
            (Some(o), None) => Some(format!("超出预算 {} 元", o.grouped())),
            (None, n) => n,
        },
    }
}

/// Who receives notices about a project: its owner, else the head.
fn addressee(cfg: &Config, index: usize) -> Option<&Person> {
    cfg.projects[index]
        .owner
        .as_ref()
        .or(cfg.department.head.as_ref())
}

struct PendingNotice {
    alert_id: i64,
    notice: Notice,
    level: Level,
    copy_head: bool,
    row: Row,
    reason: String,
}

fn email_kind(kind: Kind, notice: Notice) -> EmailKind {
    match (notice, kind) {
        (Notice::Resolved, _) => EmailKind::Resolved,
        (_, Kind::Checkpoint) => EmailKind::Checkpoint,
        (_, Kind::Early) => EmailKind::Early,
        (_, Kind::Overspend) => EmailKind::Overspend,
    }
}

/// Records one message (reserve, build with its stable Message-ID, store
/// the bytes). Returns the row id, or None when the same notice exists.
#[allow(clippy::too_many_arguments)]
fn record_message(
    tx: &state::Tx<'_>,
    cfg: &Config,
    renderer: &Renderer,
    dedup_key: &str,
    kind: EmailKind,
    on_date: NaiveDate,
    to: &Person,
    cc: Option<&Person>,
    ctx: &Context,
    attachments: &[notify::Attachment],
) -> Result<Option<i64>, String> {
    let rendered = renderer.render(kind, ctx)?;
    let projects: Vec<String> = ctx.projects.iter().map(|r| r.code.clone()).collect();
    let mut recipients = vec![to.email.clone()];
    if let Some(c) = cc {
        recipients.push(c.email.clone());
    }
    let from = &cfg.settings.email.from;
    let envelope_from = from
        .parse::<lettre::message::Mailbox>()
        .map(|m| m.email.to_string())
        .map_err(|e| e.to_string())?;
    let Some(id) = tx
        .reserve_message(&NewMessage {
            dedup_key,
            kind: kind.code(),
            on_date,
            envelope_from: &envelope_from,
            recipients: &recipients,
            subject: &rendered.subject,
            projects: &projects,
        })
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let mid = notify::message_id(id, dedup_key, from);
    let to_list = [(to.name.clone(), to.email.clone())];
    let cc_list: Vec<(String, String)> = cc
        .map(|c| (c.name.clone(), c.email.clone()))
        .into_iter()
        .collect();
    let raw = notify::build_bytes(
        from,
        &to_list,
        &cc_list,
        kind,
        &projects,
        &mid,
        &rendered,
        attachments,
    )?;
    tx.fill_message(id, &mid, &raw).map_err(|e| e.to_string())?;
    Ok(Some(id))
}

fn context(
    cfg: &Config,
    kind: EmailKind,
    to: &Person,
    as_of: NaiveDate,
    rows: Vec<Row>,
) -> Context {
    Context {
        kind: kind.code().into(),
        recipient: to.name.clone(),
        department: cfg.department.unit_name.clone(),
        as_of: as_of.to_string(),
        checkpoint: None,
        notice: "notified".into(),
        head_copied: false,
        lead_days: cfg.settings.alerts.early_lead_days,
        projects: rows,
        total_budget: String::new(),
        total_paid: String::new(),
        total_pct: String::new(),
    }
}

/// Evaluates the alerts and records notices and messages; returns
/// (opened, closed, notices, messages, unaddressed).
fn record_alerts(
    tx: &state::Tx<'_>,
    cfg: &Config,
    renderer: &Renderer,
    progress: &Progress,
) -> Result<(usize, usize, usize, usize, usize), String> {
    let as_of = progress.as_of;
    let s = &cfg.settings;
    let findings = alert::evaluate(progress, &s.thresholds, &s.alerts);
    let (mut opened, mut closed, mut notices, mut messages, mut unaddressed) = (0, 0, 0, 0, 0);
    // (recipient email, kind) -> notices; BTreeMap for a stable order.
    let mut groups: BTreeMap<(String, EmailKind), Vec<PendingNotice>> = BTreeMap::new();
    for f in &findings {
        let e = |x: state::StateError| x.to_string();
        let prev = tx.alert(&f.key).map_err(e)?;
        let exemption = s.exemption(&f.key.project, as_of);
        let d = alert::decide(
            f.key.kind,
            prev.as_ref().map(|p| &p.1),
            &f.verdict,
            exemption.is_some(),
            as_of,
            &s.alerts,
        );
        let Some(next) = &d.next else { continue };
        if prev.as_ref().map(|p| &p.1) == Some(next) && d.events.is_empty() && d.notice.is_none() {
            continue;
        }
        let id = tx.put_alert(&f.key, next, as_of).map_err(e)?;
        for ev in &d.events {
            match *ev {
                "opened" | "reopened" => opened += 1,
                "resolved" | "superseded" => closed += 1,
                _ => {}
            }
            let detail = (*ev == "exempt").then(|| {
                let x = exemption.expect("exempt only with an exemption");
                format!("until {}: {}", x.until, x.reason)
            });
            tx.event(id, as_of, ev, Some(next.level), None, detail.as_deref())
                .map_err(e)?;
        }
        if d.notice == Some(Notice::Resolved) {
            closed += 1;
        }
        let Some(notice) = d.notice else { continue };
        let Some(to) = addressee(cfg, f.figures.index) else {
            unaddressed += 1;
            eprintln!(
                "problem: project {} has no owner and [department] has no head: its {} notice cannot be addressed",
                f.key.project,
                f.key.kind.code()
            );
            tx.event(id, as_of, "unaddressed", Some(next.level), None, None)
                .map_err(e)?;
            continue;
        };
        let kind = email_kind(f.key.kind, notice);
        let status = match (kind, f.key.kind) {
            (EmailKind::Resolved, _) => "预警解除".to_string(),
            (_, Kind::Early) => "进度提醒".to_string(),
            (_, Kind::Overspend) => "超预算".to_string(),
            _ => next.level.label().to_string(),
        };
        groups
            .entry((to.email.clone(), kind))
            .or_default()
            .push(PendingNotice {
                alert_id: id,
                notice,
                level: next.level,
                copy_head: d.copy_head,
                row: row(cfg, &f.figures, &status, None),
                reason: f.key.reason.clone(),
            });
    }
    for ((email, kind), group) in groups {
        let to = cfg
            .projects
            .iter()
            .filter_map(|p| p.owner.as_ref())
            .chain(cfg.department.head.as_ref())
            .find(|p| p.email == email)
            .expect("grouped by a known address")
            .clone();
        let head = cfg.department.head.as_ref().filter(|h| h.email != to.email);
        let cc = head.filter(|_| group.iter().any(|n| n.copy_head));
        let strongest = group.iter().map(|n| n.notice).max_by_key(|n| match n {
            Notice::Repeat => 0,
            Notice::New | Notice::Resolved => 1,
            Notice::Worsened => 2,
        });
        let mut ctx = context(
            cfg,
            kind,
            &to,
            as_of,
            group.iter().map(|n| n.row.clone()).collect(),
        );
        ctx.checkpoint = group
            .first()
            .map(|n| n.reason.clone())
            .filter(|r| r != "budget");
        ctx.notice = strongest
            .map(Notice::code)
            .unwrap_or("notified")
            .to_string();
        ctx.head_copied = cc.is_some();
        let key = format!("{}:{as_of}:{email}", kind.code());
        let msg = record_message(tx, cfg, renderer, &key, kind, as_of, &to, cc, &ctx, &[])?;
        if msg.is_some() {
            messages += 1;
        }
        for n in &group {
            notices += 1;
            let detail = format!(
                "to {}{}",
                to.email,
                cc.map(|c| format!(", cc {}", c.email)).unwrap_or_default()
            );
            tx.event(
                n.alert_id,
                as_of,
                n.notice.code(),
                Some(n.level),
                msg,
                Some(&detail),
            )
            .map_err(|e| e.to_string())?;
        }
    }
    Ok((opened, closed, notices, messages, unaddressed))
}

/// Records the monthly progress emails due since the last run, one per
/// owner and period, with the figures as of the period's date.
fn record_monthly(
    tx: &state::Tx<'_>,
    cfg: &Config,
    renderer: &Renderer,
    daily: &[ledger::DailyTotal],
    last_run: Option<NaiveDate>,
    now: &Progress,
) -> Result<usize, String> {
    let schedule = crate::schedule::parse_cron(&cfg.settings.email.monthly_schedule)?;
    let mut count = 0;
    for due in crate::schedule::due(&schedule, last_run, now.as_of) {
        let day = due.date();
        let at = if day == now.as_of {
            now.clone()
        } else {
            progress::compute(cfg, daily, day).map_err(|e| e.to_string())?
        };
        let attachments = monthly_report(cfg, daily, day)?;
        let mut owners: BTreeMap<String, (Person, Vec<usize>)> = BTreeMap::new();
        for (i, p) in cfg.projects.iter().enumerate() {
            if let Some(o) = &p.owner {
                owners
                    .entry(o.email.clone())
                    .or_insert_with(|| (o.clone(), Vec::new()))
                    .1
                    .push(i);
            }
        }
        for (email, (owner, idx)) in owners {
            let rows =
                idx.iter()
                    .map(|&i| {
                        let ps = &at.projects[i];
                        let f = crate::alert::figures_now(ps, day);
                        let note = cfg.settings.exemption(&ps.code, day).map(|x| {
                            format!("已报送情况说明，预警暂停至 {}：{}", x.until, x.reason)
                        });
                        row(cfg, &f, ps.status.label(), note)
                    })
                    .collect();
            let budget: Fen = idx.iter().map(|&i| at.projects[i].budget).sum();
            let paid: Fen = idx.iter().map(|&i| at.projects[i].paid).sum();
            let mut ctx = context(cfg, EmailKind::Monthly, &owner, day, rows);
            ctx.total_budget = budget.grouped();
            ctx.total_paid = paid.grouped();
            ctx.total_pct = pct(progress::percent_of(paid, budget));
            let key = format!("monthly:{}:{email}", due.format("%Y-%m-%dT%H:%M"));
            if record_message(
                tx,
                cfg,
                renderer,
                &key,
                EmailKind::Monthly,
                day,
                &owner,
                None,
                &ctx,
                &attachments,
            )?
            .is_some()
            {
                count += 1;
            }
        }
    }
    Ok(count)
}

/// The monthly report (月度执行进度, .xlsx) of the last month that ended
/// before `day`, attached to that period's monthly emails so owners get the
/// department's figures the office files. None before the fiscal year's
/// first month has ended.
fn monthly_report(
    cfg: &Config,
    daily: &[ledger::DailyTotal],
    day: NaiveDate,
) -> Result<Vec<notify::Attachment>, String> {
    use chrono::Datelike;
    let month_end = if day.succ_opt().is_some_and(|n| n.month() != day.month()) {
        day
    } else {
        day.with_day(1)
            .and_then(|d| d.pred_opt())
            .ok_or("no previous month")?
    };
    if month_end.year() != cfg.settings.fiscal_year {
        return Ok(Vec::new());
    }
    let at = progress::compute(cfg, daily, month_end).map_err(|e| e.to_string())?;
    let doc = crate::report::monthly::build(cfg, &at, daily, day);
    let body = crate::report::xlsx::to_bytes(&doc).map_err(|e| e.to_string())?;
    Ok(vec![notify::Attachment {
        filename: format!("{}.xlsx", doc.file_stem),
        content_type: notify::XLSX_MIME.to_string(),
        body,
    }])
}

/// What delivery did: (sent, deferred, failed, recipients refused).
type Delivered = (usize, usize, usize, usize);

/// Hands every queued message to the transport and records each outcome.
/// A message some recipients accepted is theirs: it is recorded as such at
/// once (before the connection is closed), the recipients refused for good
/// are recorded and reported, and those refused for now get it next run.
fn deliver(log: &Log, transport: &Transport) -> Result<Delivered, String> {
    let queue = log.queued().map_err(|e| e.to_string())?;
    let (mut sent, mut deferred, mut failed, mut refused) = (0, 0, 0, 0);
    let mut consecutive_temporary = 0;
    for (i, q) in queue.iter().enumerate() {
        // A server that is down fails every message the same way; stop
        // knocking after three in a row and keep the rest for the next run.
        if consecutive_temporary >= 3 {
            deferred += queue.len() - i;
            eprintln!(
                "warning: {} more message(s) kept for the next run after repeated temporary failures",
                queue.len() - i
            );
            break;
        }
        match transport.send(&q.envelope_from, &q.recipients, &q.message_id, &q.raw) {
            Ok((outcome, open)) => {
                let status = if outcome.deferred.is_empty() {
                    MessageStatus::Sent
                } else {
                    MessageStatus::Queued
                };
                let note: Vec<String> = outcome
                    .refused
                    .iter()
                    .map(|(a, e)| format!("refused for good: {a}: {e}"))
                    .chain(
                        outcome
                            .deferred
                            .iter()
                            .map(|(a, e)| format!("refused for now: {a}: {e}")),
                    )
                    .collect();
                let note = (!note.is_empty()).then(|| note.join("; "));
                log.mark_delivered(
                    q.id,
                    status,
                    &outcome.accepted,
                    &outcome.refused,
                    note.as_deref(),
                )
                .map_err(|e| e.to_string())?;
                // Only now the QUIT: the acceptance is on disk.
                drop(open);
                sent += 1;
                consecutive_temporary = 0;
                let to = outcome.accepted.join(", ");
                for (a, e) in &outcome.refused {
                    refused += 1;
                    eprintln!(
                        "error: message {}: the server refused {a} for good ({e}); delivered to {to}; recorded",
                        q.message_id
                    );
                }
                for (a, e) in &outcome.deferred {
                    eprintln!(
                        "warning: message {}: the server refused {a} for now ({e}); delivered to {to}; {a} gets it next run",
                        q.message_id
                    );
                }
                if !outcome.deferred.is_empty() {
                    deferred += 1;
                }
            }
            Err(err) => {
                let (status, e) = match &err {
                    SendError::Temporary(e) => (MessageStatus::Queued, e.as_str()),
                    SendError::Permanent(e) => (MessageStatus::Failed, e.as_str()),
                };
                log.mark(q.id, status, Some(e)).map_err(|e| e.to_string())?;
                if status == MessageStatus::Queued {
                    deferred += 1;
                    consecutive_temporary += 1;
                    eprintln!(
                        "warning: message {} to {}: temporary failure, kept for the next run: {e}",
                        q.message_id,
                        q.recipients.join(", ")
                    );
                } else {
                    failed += 1;
                    consecutive_temporary = 0;
                    eprintln!(
                        "error: message {} to {}: refused, recorded as failed: {e}",
                        q.message_id,
                        q.recipients.join(", ")
                    );
                }
            }
        }
    }
    Ok((sent, deferred, failed, refused))
}

/// The whole nightly run. Prints problems and the summary on stderr.
pub fn run(opts: &RunOptions) -> RunReport {
    let started_at = chrono::Local::now().to_rfc3339();
    let cfg = match config::load(&LoadOptions {
        config_dir: opts.config_dir.clone(),
        projects: None,
        default_year: chrono::Datelike::year(&opts.as_of),
    }) {
        Ok(c) => c,
        Err(errors) => {
            for d in &errors.0 {
                eprintln!("error: {d}");
            }
            return unusable(format!("configuration has {} problem(s)", errors.0.len()));
        }
    };
    let state_dir = opts
        .state_dir
        .as_deref()
        .map(cli_path)
        .unwrap_or_else(|| cfg.settings.state_dir.clone());
    let outbox = opts
        .outbox_dir
        .as_deref()
        .map(cli_path)
        .unwrap_or_else(|| cfg.settings.outbox_dir.clone());
    let ledgers: Vec<PathBuf> = if opts.ledgers.is_empty() {
        vec![cfg.settings.ledger_dir.clone()]
    } else {
        opts.ledgers.iter().map(|p| cli_path(p)).collect()
    };
    for p in &ledgers {
        if !p.exists() {
            return unusable(format!(
                "{}: ledger path does not exist; pass --ledger PATH or set ledger_dir in settings.toml",
                p.display()
            ));
        }
    }
    let refused = config::outputs::overlaps(
        &[
            ("the state folder", state_dir.clone()),
            ("the outbox folder", outbox.clone()),
            ("quarantine_file", cfg.settings.quarantine_file.clone()),
        ],
        &config::outputs::inputs(
            &cfg.settings,
            &opts.config_dir,
            &cfg.projects_file,
            &ledgers,
        ),
    );
    if let Some(e) = refused.into_iter().next() {
        return unusable(e);
    }
    if let Err(e) = check_writable_dir(&state_dir, "state") {
        return unusable(e);
    }
    let dry_dir = outbox.join(format!("dry-run-{}", opts.as_of));
    let mail_dir = if opts.dry_run { &dry_dir } else { &outbox };
    if let Err(e) = check_writable_dir(mail_dir, "outbox") {
        return unusable(e);
    }
    let transport = if opts.dry_run {
        Ok(Transport::Outbox(dry_dir.clone()))
    } else {
        transport(&cfg, opts, &outbox)
    };
    let transport = match transport {
        Ok(t) => t,
        Err(e) => return unusable(e),
    };
    let renderer = Renderer::new(&cfg.settings.email.templates_dir);
    if let Err(e) = renderer.check() {
        return unusable(format!(
            "{}: {e}",
            cfg.settings.email.templates_dir.display()
        ));
    }
    let _lock = match lock(&state_dir) {
        Ok(l) => l,
        Err(e) => return unusable(e),
    };
    let db = state_dir.join(state::DB_FILE);
    let log = if opts.dry_run {
        Log::open_copy(&db)
    } else {
        Log::open(&db)
    };
    let mut log = match log {
        Ok(l) => l,
        Err(e) => return unusable(format!("{}: notification log: {e}", db.display())),
    };

    // A dry run changes no state, the ledger cache included.
    let ledger = read_ledgers(&cfg, &ledgers, (!opts.dry_run).then(|| state_dir.clone()));
    for n in &ledger.notes {
        eprintln!("note: {n}");
    }
    for f in &ledger.files {
        if f.error.is_some() || f.quarantined > 0 {
            eprintln!("{}", f.reconciliation());
        }
    }
    for p in &ledger.problems {
        eprintln!("problem: {p}");
    }
    if !opts.dry_run && !ledger.quarantine.is_empty() {
        let q = &cfg.settings.quarantine_file;
        let written = q
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| ledger::quarantine::write(q, &ledger.quarantine));
        if let Err(e) = written {
            eprintln!(
                "problem: {}: cannot write quarantine file: {e}",
                q.display()
            );
        }
    }
    let now = match progress::compute(&cfg, &ledger.daily, opts.as_of) {
        Ok(p) => p,
        Err(e) => return unusable(format!("computing progress failed: {e}")),
    };
    let last_run = match log.last_run() {
        Ok(l) => l,
        Err(e) => return unusable(format!("{}: notification log: {e}", db.display())),
    };
    let recorded = (|| -> Result<_, String> {
        let tx = log.begin().map_err(|e| e.to_string())?;
        let alerts = record_alerts(&tx, &cfg, &renderer, &now)?;
        let monthly = record_monthly(&tx, &cfg, &renderer, &ledger.daily, last_run, &now)?;
        tx.commit().map_err(|e| e.to_string())?;
        Ok((alerts, monthly))
    })();
    let ((opened, closed, notices, messages, unaddressed), monthly) = match recorded {
        Ok(r) => r,
        Err(e) => return unusable(format!("recording notices failed, nothing sent: {e}")),
    };
    let (sent, deferred, failed, refused) = match deliver(&log, &transport) {
        Ok(r) => r,
        Err(e) => return unusable(format!("{}: notification log: {e}", db.display())),
    };
    let quarantined = ledger.quarantine.len();
    let problems = ledger.problems.len() + quarantined + unaddressed;
    let mut report = RunReport {
        exit_code: if problems > 0 || deferred > 0 || failed > 0 || refused > 0 {
            EXIT_PROBLEMS
        } else {
            EXIT_OK
        },
        opened,
        closed,
        notices,
        messages: messages + monthly,
        monthly,
        sent,
        deferred,
        failed,
        refused,
        problems,
        summary: String::new(),
    };
    report.summary = format!(
        "run{}: as of {}, {} projects, {} alerts opened, {} closed, {} notices, {} messages recorded ({} monthly), {} sent, {} deferred, {} failed, {} ledger files, {} rows quarantined, {} other problems, via {}",
        if opts.dry_run { " (dry run, nothing recorded)" } else { "" },
        opts.as_of,
        cfg.projects.len(),
        opened,
        closed,
        notices,
        report.messages,
        monthly,
        sent,
        deferred,
        failed,
        ledger.files.len(),
        quarantined,
        ledger.problems.len() + unaddressed,
        transport.describe()
    );
    if refused > 0 {
        report.summary.push_str(&format!(
            "; {refused} recipient(s) refused by the server (see above)"
        ));
    }
    if !opts.dry_run {
        if let Err(e) = log.finish_run(opts.as_of, &started_at, &report.summary) {
            eprintln!("problem: {}: cannot record the run: {e}", db.display());
            report.exit_code = EXIT_PROBLEMS;
        }
    }
    eprintln!("{}", report.summary);
    report
}
