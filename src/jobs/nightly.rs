//! The nightly run (`budget-monitor run`): what cron calls every night.
//!
//! Order matters and follows the design notes: check everything first
//! (config, ledgers, state and outbox folders, SMTP settings, templates,
//! the lock) so a bad setup fails in the first second with exit code 2;
//! then ingest, ask the planner (`notices`, the whole notification policy)
//! what tonight's figures and the notification log call for, record every
//! alert change and message in one transaction, and only then deliver. Delivery outcomes are recorded message by message, so a crash
//! at any point loses nothing and sends nothing twice (see `state`).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

use super::inputs::{self, Show};
use super::notices;
use super::Outcome;
use crate::ledger::{self, Ledger};
use crate::model::Config;
use crate::notify::smtp::Endpoint;
use crate::notify::{self, EmailKind, Renderer, SendError, Transport};
use crate::progress::{self, Progress};
use crate::state::{self, Log, MessageStatus, NewMessage};

use crate::base::files::absolute;
use crate::base::i18n::message;

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
    /// Projects from another file than `config/projects.toml`: a projects
    /// TOML or a registry CSV (a city's or a province's thousands of
    /// projects live in a spreadsheet, not in hand-written TOML).
    pub projects: Option<PathBuf>,
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
    /// How the run ended: `Problems` for bad rows and failed or deferred
    /// sends, `Unusable` when nothing was done (config, usage, lock).
    pub outcome: Outcome,
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

fn unusable(say: &dyn Fn(&str), msg: impl std::fmt::Display) -> RunReport {
    unusable_lines(say, &[message("line-error", &[("text", msg.to_string())])])
}

/// Says the complete error `lines` (already "错误：…"), then that nothing
/// was done.
fn unusable_lines(say: &dyn Fn(&str), lines: &[String]) -> RunReport {
    for l in lines {
        say(l);
    }
    let summary = crate::base::i18n::message("run-nothing-done", &[]);
    say(&summary);
    RunReport {
        outcome: Outcome::Unusable,
        summary,
        ..Default::default()
    }
}

/// Creates `dir` and proves it writable; `what` names it in the message
/// (already in the language in use).
fn check_writable_dir(dir: &Path, what: &str) -> Result<(), String> {
    crate::base::files::create_folder(dir, what)?;
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .and_then(|_| std::fs::remove_file(&probe))
        .map_err(|e| {
            message(
                "run-folder-not-writable",
                &[
                    ("dir", dir.display().to_string()),
                    ("what", what.to_string()),
                    ("error", e.to_string()),
                ],
            )
        })
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
                    crate::base::files::read_to_string(f)
                        .map_err(|e| {
                            message(
                                "run-password-file",
                                &[("file", f.display().to_string()), ("error", e.to_string())],
                            )
                        })?
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string(),
                ),
                (None, None) => None,
            };
            if s.username.is_some() && password.is_none() {
                return Err(message(
                    "run-smtp-no-password",
                    &[("env", ENV_SMTP_PASSWORD.to_string())],
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
        .map_err(|e| {
            message(
                "run-lock-cannot-open",
                &[
                    ("file", path.display().to_string()),
                    ("error", e.to_string()),
                ],
            )
        })?;
    // A lock released a moment ago can still be shared with a child that
    // another thread of this process forked and has not yet exec'd (the
    // in-process tests do that); wait a little before calling it held.
    let mut tries = 0;
    let attempt = loop {
        match file.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            other => break other,
        }
    };
    match attempt {
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
                .unwrap_or_else(|| message("run-lock-pid-unknown", &[]));
            Err(message(
                "run-lock-held",
                &[("file", path.display().to_string()), ("pid", holder)],
            ))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(message(
            "run-lock-failed",
            &[
                ("file", path.display().to_string()),
                ("error", e.to_string()),
            ],
        )),
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

/// Records one message (reserve, build with its stable Message-ID, store
/// the bytes, the text and the 台账 items). Returns the row id, or None
/// when the same message exists.
fn record_message(
    tx: &state::Tx<'_>,
    cfg: &Config,
    renderer: &Renderer,
    on_date: NaiveDate,
    m: &notices::Message,
    attachments: &[notify::Attachment],
) -> Result<Option<i64>, String> {
    let primary = m.kinds.first().copied().ok_or("a message without a kind")?;
    let rendered = renderer.render(primary, &m.context)?;
    let recipients = vec![m.to.email.clone()];
    let from = &cfg.settings.email.from;
    let envelope_from = from
        .parse::<lettre::message::Mailbox>()
        .map(|m| m.email.to_string())
        .map_err(|e| e.to_string())?;
    let kinds = m
        .kinds
        .iter()
        .map(|k| k.code())
        .collect::<Vec<_>>()
        .join(",");
    let Some(id) = tx
        .reserve_message(&NewMessage {
            dedup_key: &m.dedup_key,
            kind: &kinds,
            on_date,
            envelope_from: &envelope_from,
            recipients: &recipients,
            subject: &rendered.subject,
            projects: &m.projects,
        })
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let mid = notify::message_id(id, &m.dedup_key, from);
    let to_list = [(m.to.name.clone(), m.to.email.clone())];
    let raw = notify::build_bytes(
        from,
        &to_list,
        &[],
        &m.kinds,
        &m.projects,
        &mid,
        &rendered,
        attachments,
    )?;
    tx.fill_message(id, &mid, &raw, &rendered.text)
        .map_err(|e| e.to_string())?;
    for it in &m.items {
        tx.message_item(
            id,
            &it.project,
            it.kind.code(),
            &it.level,
            &it.figures,
            it.exemption.as_deref(),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(Some(id))
}

/// What recording the night's plan did.
#[derive(Debug, Default)]
struct Recorded {
    opened: usize,
    closed: usize,
    notices: usize,
    messages: usize,
    monthly: usize,
    unaddressed: usize,
    year_closed: bool,
}

/// Gathers what the planner needs from the log, plans the night and
/// records every alert change and message in one transaction.
fn record_night(
    tx: &state::Tx<'_>,
    cfg: &Config,
    renderer: &Renderer,
    ledger: &Ledger,
    now: &Progress,
    last_run: Option<NaiveDate>,
    say: &dyn Fn(&str),
) -> Result<Recorded, String> {
    let e = |x: state::StateError| x.to_string();
    let as_of = now.as_of;
    let year = cfg.settings.fiscal_year;
    let remembered = tx.alerts().map_err(e)?;
    let year_flag = format!("year_end:{year}");
    let year_end_sent = tx.meta(&year_flag).map_err(e)?.is_some();
    let mut monthly = Vec::new();
    let schedule = crate::schedule::parse_cron(&cfg.settings.email.monthly_schedule)?;
    for (period, month_end) in
        notices::monthly_periods(&schedule, &cfg.settings.calendar, year, last_run, as_of)
    {
        let progress = if month_end == as_of {
            now.clone()
        } else {
            progress::compute(cfg, &ledger.daily, month_end).map_err(|e| e.to_string())?
        };
        let first = chrono::Datelike::with_day0(&month_end, 0).unwrap_or(month_end);
        monthly.push(notices::MonthlyDue {
            period,
            month_end,
            progress,
            sent: tx.counts_between(first, month_end).map_err(e)?,
        });
    }
    let mut new_problems = Vec::new();
    let problems = ledger.problems.iter().map(|p| p.to_string()).chain(
        ledger
            .quarantine
            .iter()
            .map(|q| format!("{}:{}: {}", q.file.display(), q.line, q.reason)),
    );
    for p in problems {
        if tx.problem_is_new(&p, as_of).map_err(e)? {
            new_problems.push(p);
        }
    }
    let plan = notices::plan(&notices::Night {
        config: cfg,
        now,
        remembered: &remembered,
        year_end_sent,
        monthly,
        new_problems,
    });

    let mut out = Recorded {
        year_closed: year_end_sent || plan.year_end,
        ..Default::default()
    };
    for code in &plan.unaddressed {
        out.unaddressed += 1;
        say(&message(
            "line-problem",
            &[(
                "text",
                message("run-unaddressed", &[("code", code.to_string())]),
            )],
        ));
    }
    let mut ids = Vec::with_capacity(plan.messages.len());
    let mut reports: BTreeMap<NaiveDate, Vec<notify::Attachment>> = BTreeMap::new();
    let mut names = None;
    for m in &plan.messages {
        let mut attachments = match m.report_month_end {
            Some(day) => match reports.entry(day) {
                std::collections::btree_map::Entry::Occupied(e) => e.get().clone(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(monthly_report(cfg, &ledger.daily, day)?).clone()
                }
            },
            None => Vec::new(),
        };
        if m.full_list {
            let names = names.get_or_insert_with(|| cfg.project_index());
            attachments.push(project_list(cfg, m, names, now)?);
        }
        let id = record_message(tx, cfg, renderer, as_of, m, &attachments)?;
        if id.is_some() {
            out.messages += 1;
            if m.kinds
                .iter()
                .any(|k| matches!(k, EmailKind::Monthly | EmailKind::Digest))
            {
                out.monthly += 1;
            }
        }
        ids.push(id);
    }
    for c in &plan.changes {
        let id = tx.put_alert(&c.key, &c.next, as_of).map_err(e)?;
        for ev in &c.events {
            match ev.name {
                "opened" | "reopened" => out.opened += 1,
                "resolved" | "superseded" => out.closed += 1,
                _ => {}
            }
            tx.event(
                id,
                as_of,
                ev.name,
                Some(c.next.level),
                None,
                ev.detail.as_deref(),
            )
            .map_err(e)?;
        }
        if let Some(notice) = c.notice {
            let msg = c.message.and_then(|i| ids[i]);
            let detail: Option<String> = None;
            if msg.is_some() {
                out.notices += 1;
            }
            tx.event(
                id,
                as_of,
                if c.message.is_some() {
                    notice.code()
                } else {
                    "unaddressed"
                },
                Some(c.next.level),
                msg,
                detail.as_deref(),
            )
            .map_err(e)?;
        }
    }
    if plan.year_end {
        tx.set_meta(&year_flag, &as_of.to_string()).map_err(e)?;
    }
    Ok(out)
}

/// The monthly report (月度执行进度, .xlsx) of the last month that ended
/// before `day`, attached to that period's monthly emails so owners get the
/// department's figures the office files, in the emails' language. None
/// before the fiscal year's first month has ended.
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
    let doc = crate::report::monthly::build(cfg, &at, daily, day, cfg.settings.email.language);
    let body = crate::report::xlsx::to_bytes(&doc).map_err(|e| e.to_string())?;
    Ok(vec![notify::Attachment {
        filename: format!("{}.xlsx", doc.file_stem),
        content_type: notify::XLSX_MIME.to_string(),
        body,
    }])
}

/// The workbook (项目清单) a message too long to list every project
/// carries (`notices::MAX_LISTED`): one row per item, in the message's
/// order, with what the message says of it.
fn project_list(
    cfg: &Config,
    m: &notices::Message,
    names: &std::collections::HashMap<&str, usize>,
    now: &Progress,
) -> Result<notify::Attachment, String> {
    let as_of = now.as_of;
    use crate::base::i18n::message_in;
    use crate::report::{Cell, Document, Section, Table};
    // In the emails' language, like the message it comes with.
    let lang = cfg.settings.email.language;
    let say = |key: &str, args: &[(&str, String)]| message_in(lang, key, args);
    let columns = [
        "mail-list-col-code",
        "mail-list-col-name",
        "mail-list-col-kind",
        "mail-list-col-level",
        "mail-list-col-figures",
        "mail-list-col-exemption",
    ]
    .map(|k| say(k, &[]));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    // Past MAX_LIST_ROWS, the most pressing by tonight's figures, which
    // the message was written from (in config order, as `names` indexes).
    let items = notices::list_rows(m, notices::MAX_LIST_ROWS, |it| {
        names
            .get(it.project.as_str())
            .and_then(|&i| now.projects.get(i))
            .map(|s| notices::rank(it.kind, s))
    });
    let title = if items.len() < m.items.len() {
        say(
            "mail-list-count-capped",
            &[
                ("count", m.items.len().to_string()),
                ("shown", items.len().to_string()),
            ],
        )
    } else {
        say("mail-list-count", &[("count", m.items.len().to_string())])
    };
    let mut table = Table::new(title, &columns);
    for it in items {
        table.rows.push(vec![
            Cell::text(&it.project),
            Cell::text(
                names
                    .get(it.project.as_str())
                    .map_or("", |&i| cfg.projects[i].name.as_str()),
            ),
            Cell::text(it.kind.label_in(lang)),
            Cell::text(&it.level),
            Cell::text(&it.figures),
            Cell::text(it.exemption.as_deref().unwrap_or("")),
        ]);
    }
    let list = notices::list_title(lang);
    let doc = Document {
        title: say(
            "mail-list-doc-title",
            &[
                ("unit", cfg.department.unit_name.clone()),
                ("list", list.clone()),
            ],
        ),
        subtitle: say(
            "mail-list-subtitle",
            &[
                ("recipient", m.context.recipient.clone()),
                ("date", m.context.as_of.clone()),
            ],
        ),
        file_stem: say("mail-list-file", &[("date", as_of.to_string())]),
        sections: vec![Section {
            sheet: list,
            title: m.context.subject.clone(),
            notes: Vec::new(),
            tables: vec![table],
            chart: None,
        }],
        lang,
    };
    let body = crate::report::xlsx::to_bytes(&doc).map_err(|e| e.to_string())?;
    Ok(notify::Attachment {
        filename: format!("{}.xlsx", doc.file_stem),
        content_type: notify::XLSX_MIME.to_string(),
        body,
    })
}

/// What delivery did: (sent, deferred, failed, recipients refused).
type Delivered = (usize, usize, usize, usize);

/// Hands every queued message to the transport and records each outcome.
/// A message some recipients accepted is theirs: it is recorded as such at
/// once (before the connection is closed), the recipients refused for good
/// are recorded and reported, and those refused for now get it next run.
fn deliver(log: &Log, transport: &Transport, say: &dyn Fn(&str)) -> Result<Delivered, String> {
    let queue = log.queued().map_err(|e| e.to_string())?;
    let (mut sent, mut deferred, mut failed, mut refused) = (0, 0, 0, 0);
    let mut consecutive_temporary = 0;
    for (i, q) in queue.iter().enumerate() {
        // A server that is down fails every message the same way; stop
        // knocking after three in a row and keep the rest for the next run.
        if consecutive_temporary >= 3 {
            deferred += queue.len() - i;
            say(&message(
                "line-warning",
                &[(
                    "text",
                    message("run-more-kept", &[("count", (queue.len() - i).to_string())]),
                )],
            ));
            break;
        }
        match transport.send(&q.envelope_from, &q.recipients, &q.message_id, &q.raw) {
            Ok((outcome, open)) => {
                let status = if outcome.deferred.is_empty() {
                    MessageStatus::Sent
                } else {
                    MessageStatus::Queued
                };
                // Kept in the log as the office reads it, in its language.
                let worded = |key: &str, (a, e): &(String, String)| {
                    message(key, &[("address", a.clone()), ("error", e.clone())])
                };
                let note: Vec<String> = outcome
                    .refused
                    .iter()
                    .map(|r| worded("log-refused-for-good", r))
                    .chain(
                        outcome
                            .deferred
                            .iter()
                            .map(|r| worded("log-refused-for-now", r)),
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
                    let text = message(
                        "run-refused-for-good",
                        &[
                            ("id", q.message_id.to_string()),
                            ("address", a.to_string()),
                            ("error", e.to_string()),
                            ("to", to.clone()),
                        ],
                    );
                    say(&message("line-error", &[("text", text)]));
                }
                for (a, e) in &outcome.deferred {
                    let text = message(
                        "run-refused-for-now",
                        &[
                            ("id", q.message_id.to_string()),
                            ("address", a.to_string()),
                            ("error", e.to_string()),
                            ("to", to.clone()),
                        ],
                    );
                    say(&message("line-warning", &[("text", text)]));
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
                    let text = message(
                        "run-temporary-failure",
                        &[
                            ("id", q.message_id.to_string()),
                            ("to", q.recipients.join(", ")),
                            ("error", e.to_string()),
                        ],
                    );
                    say(&message("line-warning", &[("text", text)]));
                } else {
                    failed += 1;
                    consecutive_temporary = 0;
                    let text = message(
                        "run-failed",
                        &[
                            ("id", q.message_id.to_string()),
                            ("to", q.recipients.join(", ")),
                            ("error", e.to_string()),
                        ],
                    );
                    say(&message("line-error", &[("text", text)]));
                }
            }
        }
    }
    Ok((sent, deferred, failed, refused))
}

/// The whole nightly run. Every line for the operator (problems, the
/// summary) goes to `say` as it happens; the library never prints.
pub fn run(opts: &RunOptions, say: &dyn Fn(&str)) -> RunReport {
    let started_at = chrono::Local::now().to_rfc3339();
    let given: Vec<PathBuf> = opts.ledgers.iter().map(|p| absolute(p)).collect();
    let inputs = match inputs::load(&inputs::Request {
        config_dir: opts.config_dir.clone(),
        projects: opts.projects.as_ref().map(|p| absolute(p)),
        ledgers: given,
        as_of: opts.as_of,
        exclude: Vec::new(),
    }) {
        Ok(i) => i,
        Err(u) => return unusable_lines(say, &u.0),
    };
    let cfg = &inputs.config;
    let state_dir = opts
        .state_dir
        .as_deref()
        .map(absolute)
        .unwrap_or_else(|| cfg.settings.state_dir.clone());
    let outbox = opts
        .outbox_dir
        .as_deref()
        .map(absolute)
        .unwrap_or_else(|| cfg.settings.outbox_dir.clone());
    let refused = crate::config::outputs::overlaps(
        &[
            (message("out-state-folder", &[]).as_str(), state_dir.clone()),
            (message("out-outbox-folder", &[]).as_str(), outbox.clone()),
            (
                message("out-quarantine-file", &[]).as_str(),
                cfg.settings.quarantine_file.clone(),
            ),
        ],
        &crate::config::outputs::inputs(
            &cfg.settings,
            &opts.config_dir,
            &cfg.projects_file,
            &inputs.paths,
        ),
    );
    if let Some(e) = refused.into_iter().next() {
        return unusable(say, e);
    }
    if let Err(e) = check_writable_dir(&state_dir, &message("run-folder-state", &[])) {
        return unusable(say, e);
    }
    let dry_dir = outbox.join(format!("dry-run-{}", opts.as_of));
    let mail_dir = if opts.dry_run { &dry_dir } else { &outbox };
    if let Err(e) = check_writable_dir(mail_dir, &message("run-folder-outbox", &[])) {
        return unusable(say, e);
    }
    let transport = if opts.dry_run {
        Ok(Transport::Outbox(dry_dir.clone()))
    } else {
        transport(cfg, opts, &outbox)
    };
    let transport = match transport {
        Ok(t) => t,
        Err(e) => return unusable(say, e),
    };
    let renderer = Renderer::new(
        &cfg.settings.email.templates_dir,
        cfg.settings.email.language,
    );
    if let Err(e) = renderer.check() {
        return unusable(
            say,
            format!("{}: {e}", cfg.settings.email.templates_dir.display()),
        );
    }
    let _lock = match lock(&state_dir) {
        Ok(l) => l,
        Err(e) => return unusable(say, e),
    };
    let db = state_dir.join(state::DB_FILE);
    let log = if opts.dry_run {
        Log::open_copy(&db)
    } else {
        Log::open(&db)
    };
    let mut log = match log {
        Ok(l) => l,
        Err(e) => return unusable(say, crate::state::log_failed(&db, e)),
    };

    // A dry run changes no state, the ledger cache included.
    let mut ledger =
        inputs::read_ledgers(&inputs, false, (!opts.dry_run).then(|| state_dir.clone()));
    for l in inputs::problem_lines(
        &ledger,
        Show {
            every_file: false,
            rows: 0,
        },
    ) {
        say(&l);
    }
    // Rewritten every night, empty on a clean one: the office must never
    // read yesterday's rows as tonight's.
    if !opts.dry_run {
        if let Err(e) = inputs::write_quarantine(&cfg.settings.quarantine_file, &ledger) {
            say(&message("line-problem", &[("text", e.to_string())]));
        }
    }
    let now = match progress::compute(cfg, &ledger.daily, opts.as_of) {
        Ok(p) => p,
        Err(e) => return unusable(say, message("progress-failed", &[("error", e.to_string())])),
    };
    let last_run = match log.last_run() {
        Ok(l) => l,
        Err(e) => return unusable(say, crate::state::log_failed(&db, e)),
    };
    let recorded = (|| -> Result<_, String> {
        let tx = log.begin().map_err(|e| e.to_string())?;
        let r = record_night(&tx, cfg, &renderer, &ledger, &now, last_run, say)?;
        tx.commit().map_err(|e| e.to_string())?;
        Ok(r)
    })();
    let r = match recorded {
        Ok(r) => r,
        Err(e) => {
            return unusable(
                say,
                message("run-recording-failed", &[("error", e.to_string())]),
            )
        }
    };
    let Recorded {
        opened,
        closed,
        notices,
        messages,
        monthly,
        unaddressed,
        year_closed,
    } = r;
    let messages = messages - monthly;
    let (sent, deferred, failed, refused) = match deliver(&log, &transport, say) {
        Ok(r) => r,
        Err(e) => return unusable(say, crate::state::log_failed(&db, e)),
    };
    // The dashboard page shows the night as recorded, sends included. A
    // dry run changes nothing, so it writes no page either.
    let mut page_problem = 0;
    if !opts.dry_run {
        if let Err(e) = crate::report::dashboard::write_night(
            &cfg.settings.reports_dir,
            cfg,
            &now,
            &ledger,
            Some(&log),
            crate::base::i18n::lang(),
        ) {
            say(&message(
                "line-problem",
                &[(
                    "text",
                    message("run-dashboard-failed", &[("error", e.to_string())]),
                )],
            ));
            page_problem = 1;
        }
    }
    let quarantined = ledger.quarantine.len();
    let problems = ledger.problems.len() + quarantined + unaddressed + page_problem;
    // A run dated after the fiscal year, once its year-end result went
    // out, only sends what is still due for that year and says so.
    let later_year = chrono::Datelike::year(&opts.as_of) > cfg.settings.fiscal_year;
    if later_year && year_closed {
        let y = cfg.settings.fiscal_year;
        let text = message(
            "run-year-closed",
            &[("year", y.to_string()), ("next", (y + 1).to_string())],
        );
        say(&message("line-note", &[("text", text)]));
    }
    let mut report = RunReport {
        outcome: Outcome::problems_if(
            deferred > 0
                || failed > 0
                || refused > 0
                || (problems > 0 && !(later_year && year_closed)),
        ),
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
    for n in inputs::cache_notes(&mut ledger) {
        say(&n);
    }
    report.summary = crate::base::i18n::message(
        "run-summary",
        &[
            (
                "dry_run",
                if opts.dry_run {
                    crate::base::i18n::message("run-dry-run", &[])
                } else {
                    String::new()
                },
            ),
            ("as_of", opts.as_of.to_string()),
            ("projects", cfg.projects.len().to_string()),
            ("opened", opened.to_string()),
            ("closed", closed.to_string()),
            ("notices", notices.to_string()),
            ("messages", report.messages.to_string()),
            ("monthly", monthly.to_string()),
            ("sent", sent.to_string()),
            ("deferred", deferred.to_string()),
            ("failed", failed.to_string()),
            ("files", ledger.files.len().to_string()),
            ("quarantined", quarantined.to_string()),
            (
                "problems",
                (ledger.problems.len() + unaddressed + page_problem).to_string(),
            ),
            (
                "via",
                match &transport {
                    Transport::Outbox(dir) => crate::base::i18n::message(
                        "via-outbox",
                        &[("dir", dir.display().to_string())],
                    ),
                    other => other.describe(),
                },
            ),
        ],
    );
    if refused > 0 {
        report.summary.push_str(&message(
            "run-refused-suffix",
            &[("count", refused.to_string())],
        ));
    }
    if !opts.dry_run {
        if let Err(e) = log.finish_run(opts.as_of, &started_at, &report.summary) {
            let text = message(
                "run-cannot-record",
                &[("file", db.display().to_string()), ("error", e.to_string())],
            );
            say(&message("line-problem", &[("text", text)]));
            report.outcome = Outcome::Problems;
        }
    }
    say(&report.summary);
    report
}
