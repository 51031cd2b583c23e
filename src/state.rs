//! The notification log: a SQLite file that remembers every alert's life
//! (opened, each notice, repeats, escalation, resolved) and every message
//! (queued, sent, failed). It is the audit trail (留痕) the office must keep,
//! so nothing is ever deleted, and it is also the outbox queue: a message is
//! written here, with its final bytes and Message-ID, before it is handed to
//! the mail server, and marked sent only when the server accepted it. A run
//! that dies in between leaves it queued; the next run sends the same bytes
//! with the same Message-ID, so a duplicate is recognisable downstream.
//!
//! WAL journal, one transaction per logical step; the schema version lives
//! in `PRAGMA user_version` and is migrated forward on open.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::alert::{Key, Kind, Level, Remembered, State};

/// The schema this build writes.
pub const SCHEMA_VERSION: i64 = 4;

/// The file name of the log inside the state folder.
pub const DB_FILE: &str = "notifications.sqlite";

const SCHEMA_V1: &str = "
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    project TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    level TEXT NOT NULL,
    state TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    last_notified_on TEXT,
    repeats INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0,
    closed_on TEXT,
    UNIQUE (project, kind, reason)
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    projects TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    raw BLOB NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    on_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    event TEXT NOT NULL,
    level TEXT,
    message INTEGER REFERENCES messages(id),
    detail TEXT
);
CREATE INDEX events_alert ON events(alert_id);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// Version 2: the amount an overspend email named (its repeat rule), each
/// message's text as sent and its items (project, kind, level, figures,
/// exemption: the 预警台账), the data problems already reported to the
/// office, and flags such as "the year-end result went out".
const SCHEMA_V2: &str = "
ALTER TABLE alerts ADD COLUMN last_amount INTEGER;
ALTER TABLE messages ADD COLUMN body TEXT;
CREATE TABLE message_items (
    id INTEGER PRIMARY KEY,
    message INTEGER NOT NULL REFERENCES messages(id),
    project TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    figures TEXT NOT NULL,
    exemption TEXT
);
CREATE INDEX message_items_message ON message_items(message);
CREATE TABLE reported_problems (
    fingerprint TEXT PRIMARY KEY,
    first_on TEXT NOT NULL,
    text TEXT NOT NULL
);
";

/// Version 3: who has a message. When the server refuses one recipient
/// (the head's old address), the others still get it; `delivered_to` lists
/// the recipients that accepted (never sent to again), `refused` those
/// refused for good, one `address<TAB>answer` a line.
const SCHEMA_V3: &str = "
ALTER TABLE messages ADD COLUMN delivered_to TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN refused TEXT NOT NULL DEFAULT '';
";

/// Version 4: a message's text (`raw`, `body`) after every small column.
/// SQLite keeps a long row's tail in a chain of overflow pages, and a
/// column stored after a long one is found by walking that chain: with
/// `status`, `sent_at`, `delivered_to` and the rest behind `raw`, the
/// dashboard's history read every message's whole text once per event (a
/// province's checkpoint night, 59,212 events and 2.6 MB messages: 33 s of
/// reading). The table is rebuilt in SQLite's documented way (new table,
/// copy, drop, rename) with foreign keys off, as its documentation asks;
/// row ids, and so every reference to them, stay.
const SCHEMA_V4: &str = "
CREATE TABLE messages_v4 (
    id INTEGER PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    projects TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    delivered_to TEXT NOT NULL DEFAULT '',
    refused TEXT NOT NULL DEFAULT '',
    raw BLOB NOT NULL,
    body TEXT
);
INSERT INTO messages_v4 (id, dedup_key, kind, on_date, envelope_from, recipients, subject, projects,
                         message_id, status, attempts, last_error, created_at, sent_at,
                         delivered_to, refused, raw, body)
    SELECT id, dedup_key, kind, on_date, envelope_from, recipients, subject, projects,
           message_id, status, attempts, last_error, created_at, sent_at,
           delivered_to, refused, raw, body
    FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v4 RENAME TO messages;
";

/// Why the log could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// SQLite said no.
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    /// A file from a newer build.
    #[error("{}", crate::base::i18n::message("state-too-new", &[("version", .0.to_string()), ("ours", SCHEMA_VERSION.to_string())]))]
    TooNew(i64),
}

/// Delivery state of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageStatus {
    /// Waiting to be (re)sent.
    Queued,
    /// Accepted by the server (or written to the outbox).
    Sent,
    /// Refused permanently; needs a person.
    Failed,
}

impl MessageStatus {
    fn code(self) -> &'static str {
        match self {
            MessageStatus::Queued => "queued",
            MessageStatus::Sent => "sent",
            MessageStatus::Failed => "failed",
        }
    }
}

/// A message waiting in the queue.
#[derive(Debug, Clone)]
pub struct Queued {
    /// Row id.
    pub id: i64,
    /// Message-ID header value, with angle brackets.
    pub message_id: String,
    /// Envelope sender.
    pub envelope_from: String,
    /// Envelope recipients (To and Cc).
    pub recipients: Vec<String>,
    /// The complete RFC 5322 message.
    pub raw: Vec<u8>,
    /// Attempts so far.
    pub attempts: i64,
}

/// A new message to record.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// Unique per notice: a second identical request is ignored.
    pub dedup_key: &'a str,
    /// checkpoint, early, overspend, resolved or monthly.
    pub kind: &'a str,
    /// The run's as-of date.
    pub on_date: NaiveDate,
    /// Envelope sender.
    pub envelope_from: &'a str,
    /// Envelope recipients.
    pub recipients: &'a [String],
    /// Decoded subject, for the log.
    pub subject: &'a str,
    /// Project codes covered.
    pub projects: &'a [String],
}

/// One line of an alert's history.
#[derive(Debug, Clone)]
pub struct HistoryEvent {
    /// The run's as-of date.
    pub on_date: String,
    /// Wall-clock time it was recorded.
    pub recorded_at: String,
    /// What happened.
    pub event: String,
    /// Level at the time.
    pub level: Option<String>,
    /// Why (exemption, resolution...).
    pub detail: Option<String>,
    /// The message, when a notice was sent.
    pub message: Option<MessageInfo>,
}

/// A message as the history shows it.
#[derive(Debug, Clone)]
pub struct MessageInfo {
    /// Message-ID header value.
    pub message_id: String,
    /// Envelope recipients, comma-separated.
    pub recipients: String,
    /// queued / sent / failed.
    pub status: String,
    /// When the server accepted it.
    pub sent_at: Option<String>,
    /// The last delivery error.
    pub error: Option<String>,
}

/// A recorded message, as the dashboard lists it.
#[derive(Debug, Clone)]
pub struct SentMessage {
    /// checkpoint / early / overspend / resolved / monthly.
    pub kind: String,
    /// The run's as-of date.
    pub on_date: String,
    /// Envelope recipients, comma-separated.
    pub recipients: String,
    /// Decoded subject.
    pub subject: String,
    /// Project codes covered, comma-separated.
    pub projects: String,
    /// queued / sent / failed.
    pub status: String,
    /// When the server accepted it.
    pub sent_at: Option<String>,
}

/// One alert with its history.
#[derive(Debug, Clone)]
pub struct History {
    /// Which alert.
    pub key: Key,
    /// Current level.
    pub level: String,
    /// open / resolved / closed.
    pub state: String,
    /// First day.
    pub opened_on: String,
    /// Events in order.
    pub events: Vec<HistoryEvent>,
}

/// One row of the 预警台账: a message and what it said about one project.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    /// The message's row id (a message names many projects, one row each).
    pub message: i64,
    /// The run's date.
    pub on_date: String,
    /// When it was recorded (RFC 3339 with offset).
    pub created_at: String,
    /// When the server accepted it.
    pub sent_at: Option<String>,
    /// Envelope recipients, comma-separated.
    pub recipients: String,
    /// The message's kinds, comma-separated, most severe first.
    pub kinds: String,
    /// Subject.
    pub subject: String,
    /// queued / sent / failed.
    pub status: String,
    /// The last delivery error.
    pub error: Option<String>,
    /// 项目编码 (empty for a message about no project).
    pub project: String,
    /// The notice kind for this project.
    pub item_kind: String,
    /// The level shown.
    pub level: String,
    /// The figures as sent.
    pub figures: String,
    /// The exemption in force.
    pub exemption: Option<String>,
}

/// The open notification log.
pub struct Log {
    conn: Connection,
}

fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

impl Log {
    /// Opens (creating and migrating) the log file.
    pub fn open(path: &Path) -> Result<Log, StateError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Self::migrate(conn)
    }

    /// An in-memory copy of the log file (or an empty log when there is
    /// none): what a dry run works on, so it changes nothing on disk.
    pub fn open_copy(path: &Path) -> Result<Log, StateError> {
        let mut conn = Connection::open_in_memory()?;
        if path.exists() {
            conn.restore(
                rusqlite::MAIN_DB,
                path,
                None::<fn(rusqlite::backup::Progress)>,
            )?;
        }
        Self::migrate(conn)
    }

    fn migrate(conn: Connection) -> Result<Log, StateError> {
        // Off while migrating (a rebuilt table is dropped and renamed; the
        // pragma does nothing inside a transaction), checked and on after.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StateError::TooNew(version));
        }
        if version < 1 {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(SCHEMA_V1)?;
            tx.pragma_update(None, "user_version", 1)?;
            tx.commit()?;
        }
        if version < 2 {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(SCHEMA_V2)?;
            tx.pragma_update(None, "user_version", 2)?;
            tx.commit()?;
        }
        if version < 3 {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(SCHEMA_V3)?;
            tx.pragma_update(None, "user_version", 3)?;
            tx.commit()?;
        }
        if version < 4 {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(SCHEMA_V4)?;
            tx.pragma_update(None, "user_version", 4)?;
            tx.commit()?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Log { conn })
    }

    /// Starts a transaction; everything one run decides is recorded in one.
    pub fn begin(&mut self) -> Result<Tx<'_>, StateError> {
        Ok(Tx {
            tx: self.conn.transaction()?,
        })
    }

    /// The as-of date of the last completed run.
    pub fn last_run(&self) -> Result<Option<NaiveDate>, StateError> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'last_run_as_of'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.and_then(|s| s.parse().ok()))
    }

    /// Every queued message, oldest first.
    pub fn queued(&self) -> Result<Vec<Queued>, StateError> {
        let mut st = self.conn.prepare(
            "SELECT id, message_id, envelope_from, recipients, raw, attempts, delivered_to, refused FROM messages WHERE status = 'queued' ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            let recipients: String = r.get(3)?;
            let delivered: String = r.get(6)?;
            let refused: String = r.get(7)?;
            // Only those who do not have it yet and were not refused for good.
            let done: Vec<&str> = delivered
                .split(',')
                .chain(refused.lines().filter_map(|l| l.split('\t').next()))
                .collect();
            Ok(Queued {
                id: r.get(0)?,
                message_id: r.get(1)?,
                envelope_from: r.get(2)?,
                recipients: recipients
                    .split(',')
                    .filter(|a| !done.contains(a))
                    .map(str::to_string)
                    .collect(),
                raw: r.get(4)?,
                attempts: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records the outcome of one delivery attempt, at once (not in the run's
    /// transaction) so that a crash after it never resends an accepted message.
    pub fn mark(
        &self,
        id: i64,
        status: MessageStatus,
        error: Option<&str>,
    ) -> Result<(), StateError> {
        self.conn.execute(
            "UPDATE messages SET status = ?2, attempts = attempts + 1, last_error = ?3,
             sent_at = CASE WHEN ?2 = 'sent' THEN ?4 ELSE sent_at END WHERE id = ?1",
            params![id, status.code(), error, now()],
        )?;
        Ok(())
    }

    /// Records an attempt that reached the server's 250: who has the
    /// message now, who was refused for good, and the status (queued while
    /// some recipient was only refused for now). One statement, so the
    /// acceptance is on disk as soon as possible after the server's answer.
    pub fn mark_delivered(
        &self,
        id: i64,
        status: MessageStatus,
        accepted: &[String],
        refused: &[(String, String)],
        error: Option<&str>,
    ) -> Result<(), StateError> {
        let accepted = accepted.join(",");
        let refused: String = refused
            .iter()
            .map(|(a, e)| format!("{a}\t{}\n", e.replace(['\t', '\n', '\r'], " ")))
            .collect();
        self.conn.execute(
            "UPDATE messages SET status = ?2, attempts = attempts + 1, last_error = ?3,
             sent_at = CASE WHEN ?5 != '' THEN ?4 ELSE sent_at END,
             delivered_to = CASE WHEN ?5 = '' THEN delivered_to
                                 WHEN delivered_to = '' THEN ?5
                                 ELSE delivered_to || ',' || ?5 END,
             refused = refused || ?6
             WHERE id = ?1",
            params![id, status.code(), error, now(), accepted, refused],
        )?;
        Ok(())
    }

    /// Counts messages by status: (queued, sent, failed).
    pub fn counts(&self) -> Result<(i64, i64, i64), StateError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(status='queued'),0), COALESCE(SUM(status='sent'),0), COALESCE(SUM(status='failed'),0) FROM messages",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// Records the end of a run (its as-of date becomes "the last run").
    pub fn finish_run(
        &self,
        as_of: NaiveDate,
        started_at: &str,
        summary: &str,
    ) -> Result<(), StateError> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO runs (as_of, started_at, finished_at, summary) VALUES (?1, ?2, ?3, ?4)",
            params![as_of.to_string(), started_at, now(), summary],
        )?;
        // Re-running an earlier date must not move "last run" backwards.
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('last_run_as_of', ?1)
             ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
            params![as_of.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The 预警台账: every message with what it said per project, oldest
    /// first (one row per project; a message about no project, one row).
    pub fn ledger(&self, project: Option<&str>) -> Result<Vec<LedgerRow>, StateError> {
        let mut st = self.conn.prepare(
            "SELECT m.on_date, m.created_at, m.sent_at, m.recipients, m.kind, m.subject, m.status, m.last_error,
                    COALESCE(i.project, ''), COALESCE(i.kind, ''), COALESCE(i.level, ''), COALESCE(i.figures, ''), i.exemption,
                    m.id
             FROM messages m LEFT JOIN message_items i ON i.message = m.id
             WHERE ?1 IS NULL OR i.project = ?1
             ORDER BY m.id, i.id",
        )?;
        let rows = st.query_map(params![project], |r| {
            Ok(LedgerRow {
                on_date: r.get(0)?,
                created_at: r.get(1)?,
                sent_at: r.get(2)?,
                recipients: r.get(3)?,
                kinds: r.get(4)?,
                subject: r.get(5)?,
                status: r.get(6)?,
                error: r.get(7)?,
                project: r.get(8)?,
                item_kind: r.get(9)?,
                level: r.get(10)?,
                figures: r.get(11)?,
                exemption: r.get(12)?,
                message: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last `limit` messages, newest first (what was sent to whom, for
    /// the dashboard page).
    pub fn recent_messages(&self, limit: usize) -> Result<Vec<SentMessage>, StateError> {
        let mut st = self.conn.prepare(
            "SELECT kind, on_date, recipients, subject, projects, status, sent_at FROM messages
             ORDER BY on_date DESC, id DESC LIMIT ?1",
        )?;
        let rows = st
            .query_map(params![limit as i64], |r| {
                Ok(SentMessage {
                    kind: r.get(0)?,
                    on_date: r.get(1)?,
                    recipients: r.get(2)?,
                    subject: r.get(3)?,
                    projects: r.get(4)?,
                    status: r.get(5)?,
                    sent_at: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Every alert (of one project, or all) with its events, oldest first.
    pub fn history(&self, project: Option<&str>) -> Result<Vec<History>, StateError> {
        self.histories(
            "WHERE ?1 IS NULL OR project = ?1 ORDER BY project, opened_on, id",
            params![project],
        )
    }

    /// The open alerts a page has room for (`limit`), the most pressing
    /// first: red before yellow, checkpoint warnings before overspending
    /// before early reminders, then the longest open. With the number of
    /// open alerts in all. Only the alerts shown have their events read: a
    /// province's checkpoint night leaves 59,000 open.
    pub fn open_history(&self, limit: usize) -> Result<(Vec<History>, usize), StateError> {
        let open: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM alerts WHERE state = 'open'",
            [],
            |r| r.get(0),
        )?;
        let shown = self.histories(
            "WHERE state = 'open' ORDER BY
               CASE level WHEN 'red' THEN 0 ELSE 1 END,
               CASE kind WHEN 'checkpoint' THEN 0 WHEN 'overspend' THEN 1 ELSE 2 END,
               opened_on, project, id
             LIMIT ?1",
            params![i64::try_from(limit).unwrap_or(i64::MAX)],
        )?;
        Ok((shown, usize::try_from(open).unwrap_or(0)))
    }

    /// The alerts `filter` (a WHERE ... ORDER BY clause) selects, with
    /// their events.
    fn histories(
        &self,
        filter: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<History>, StateError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT id, project, kind, reason, level, state, opened_on FROM alerts {filter}"
        ))?;
        let alerts = st
            .query_map(args, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut ev = self.conn.prepare(
            "SELECT e.on_date, e.recorded_at, e.event, e.level, m.message_id, m.recipients, m.status, m.sent_at, m.last_error, e.detail
             FROM events e LEFT JOIN messages m ON m.id = e.message WHERE e.alert_id = ?1 ORDER BY e.id",
        )?;
        let mut out = Vec::new();
        for (id, project, kind, reason, level, state, opened_on) in alerts {
            let events = ev
                .query_map(params![id], |r| {
                    let mid: Option<String> = r.get(4)?;
                    Ok(HistoryEvent {
                        on_date: r.get(0)?,
                        recorded_at: r.get(1)?,
                        event: r.get(2)?,
                        level: r.get(3)?,
                        detail: r.get(9)?,
                        message: match mid {
                            Some(message_id) => Some(MessageInfo {
                                message_id,
                                recipients: r.get(5)?,
                                status: r.get(6)?,
                                sent_at: r.get(7)?,
                                error: r.get(8)?,
                            }),
                            None => None,
                        },
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            out.push(History {
                key: Key {
                    project,
                    kind: Kind::from_code(&kind).unwrap_or(Kind::Checkpoint),
                    reason,
                },
                level,
                state,
                opened_on,
                events,
            });
        }
        Ok(out)
    }
}

/// Reads a [`Remembered`] from columns level, state, last_notified_on,
/// repeats, escalated, last_amount starting at `at`.
fn remembered(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Remembered> {
    let level: String = r.get(at)?;
    let state: String = r.get(at + 1)?;
    let last: Option<String> = r.get(at + 2)?;
    Ok(Remembered {
        level: Level::from_code(&level).unwrap_or(Level::Yellow),
        state: State::from_code(&state).unwrap_or(State::Open),
        last_notified: last.and_then(|s| s.parse().ok()),
        repeats: r.get(at + 3)?,
        escalated: r.get::<_, i64>(at + 4)? != 0,
        amount: r
            .get::<_, Option<i64>>(at + 5)?
            .map(crate::base::money::Fen),
    })
}

/// "<db>: notification log: <error>", in the language in use.
pub fn log_failed(db: &Path, e: impl std::fmt::Display) -> String {
    crate::base::i18n::message(
        "run-log-failed",
        &[("file", db.display().to_string()), ("error", e.to_string())],
    )
}

/// One run's transaction.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl Tx<'_> {
    /// What the log remembers of an alert: its row id and state.
    pub fn alert(&self, key: &Key) -> Result<Option<(i64, Remembered)>, StateError> {
        Ok(self
            .tx
            .query_row(
                "SELECT id, level, state, last_notified_on, repeats, escalated, last_amount FROM alerts
                 WHERE project = ?1 AND kind = ?2 AND reason = ?3",
                params![key.project, key.kind.code(), key.reason],
                |r| Ok((r.get::<_, i64>(0)?, remembered(r, 1)?)),
            )
            .optional()?)
    }

    /// Every alert the log remembers.
    pub fn alerts(&self) -> Result<std::collections::BTreeMap<Key, Remembered>, StateError> {
        let mut st = self.tx.prepare(
            "SELECT project, kind, reason, level, state, last_notified_on, repeats, escalated, last_amount FROM alerts",
        )?;
        let rows = st.query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok((
                Key {
                    project: r.get(0)?,
                    kind: Kind::from_code(&kind).unwrap_or(Kind::Checkpoint),
                    reason: r.get(2)?,
                },
                remembered(r, 3)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A flag or value kept between runs (e.g. `year_end:2025`).
    pub fn meta(&self, key: &str) -> Result<Option<String>, StateError> {
        Ok(self
            .tx
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a flag or value kept between runs.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StateError> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Remembers a data problem as reported; true when it is new.
    pub fn problem_is_new(&self, text: &str, on: NaiveDate) -> Result<bool, StateError> {
        let fp = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
        let n = self.tx.execute(
            "INSERT OR IGNORE INTO reported_problems (fingerprint, first_on, text) VALUES (?1, ?2, ?3)",
            params![fp, on.to_string(), text],
        )?;
        Ok(n == 1)
    }

    /// Stores what a message said about one project (the 预警台账).
    pub fn message_item(
        &self,
        message: i64,
        project: &str,
        kind: &str,
        level: &str,
        figures: &str,
        exemption: Option<&str>,
    ) -> Result<(), StateError> {
        self.tx
            .prepare_cached(
                "INSERT INTO message_items (message, project, kind, level, figures, exemption) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(
                params![message, project, kind, level, figures, exemption],
            )?;
        Ok(())
    }

    /// Messages recorded from `from` to `to` (inclusive), counted by kind.
    pub fn counts_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, i64)>, StateError> {
        let mut st = self.tx.prepare(
            "SELECT kind, count(*) FROM messages WHERE on_date >= ?1 AND on_date <= ?2 GROUP BY kind ORDER BY kind",
        )?;
        let rows = st.query_map(params![from.to_string(), to.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes an alert's new state; returns its row id.
    pub fn put_alert(
        &self,
        key: &Key,
        r: &Remembered,
        as_of: NaiveDate,
    ) -> Result<i64, StateError> {
        let closed = (r.state != State::Open).then(|| as_of.to_string());
        self.tx
            .prepare_cached(
                "INSERT INTO alerts (project, kind, reason, level, state, opened_on, last_notified_on, repeats, escalated, closed_on, last_amount)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(project, kind, reason) DO UPDATE SET
               level = excluded.level, state = excluded.state,
               opened_on = CASE WHEN alerts.state != 'open' AND excluded.state = 'open' THEN excluded.opened_on ELSE alerts.opened_on END,
               last_notified_on = excluded.last_notified_on, repeats = excluded.repeats,
               escalated = excluded.escalated, closed_on = excluded.closed_on,
               last_amount = excluded.last_amount",
            )?
            .execute(
                params![
                    key.project,
                    key.kind.code(),
                    key.reason,
                    r.level.code(),
                    r.state.code(),
                    as_of.to_string(),
                    r.last_notified.map(|d| d.to_string()),
                    r.repeats,
                    r.escalated as i64,
                    closed,
                    r.amount.map(|a| a.0)
                ],
            )?;
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id FROM alerts WHERE project = ?1 AND kind = ?2 AND reason = ?3",
            )?
            .query_row(params![key.project, key.kind.code(), key.reason], |r| {
                r.get(0)
            })?)
    }

    /// Adds an event to an alert's history.
    pub fn event(
        &self,
        alert: i64,
        as_of: NaiveDate,
        event: &str,
        level: Option<Level>,
        message: Option<i64>,
        detail: Option<&str>,
    ) -> Result<(), StateError> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (alert_id, on_date, recorded_at, event, level, message, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(
                params![alert, as_of.to_string(), now(), event, level.map(|l| l.code()), message, detail],
            )?;
        Ok(())
    }

    /// Records a message before it is built: returns its row id, or None when
    /// the same notice was already recorded (dedup key).
    pub fn reserve_message(&self, m: &NewMessage<'_>) -> Result<Option<i64>, StateError> {
        let n = self.tx.execute(
            "INSERT OR IGNORE INTO messages (dedup_key, kind, on_date, envelope_from, recipients, subject, projects, message_id, raw, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, x'', 'queued', ?9)",
            params![
                m.dedup_key,
                m.kind,
                m.on_date.to_string(),
                m.envelope_from,
                m.recipients.join(","),
                m.subject,
                m.projects.join(","),
                format!("pending:{}", m.dedup_key),
                now()
            ],
        )?;
        Ok((n == 1).then(|| self.tx.last_insert_rowid()))
    }

    /// Stores the final bytes and Message-ID of a reserved message.
    pub fn fill_message(
        &self,
        id: i64,
        message_id: &str,
        raw: &[u8],
        body: &str,
    ) -> Result<(), StateError> {
        self.tx.execute(
            "UPDATE messages SET message_id = ?2, raw = ?3, body = ?4 WHERE id = ?1",
            params![id, message_id, raw, body],
        )?;
        Ok(())
    }

    /// Commits everything recorded in this transaction.
    pub fn commit(self) -> Result<(), StateError> {
        self.tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log as version 3 wrote it, with one alert, one message (its text
    /// long enough to need overflow pages), an event and an item naming it.
    fn version_3_log(path: &Path) {
        let c = Connection::open(path).unwrap();
        c.execute_batch(SCHEMA_V1).unwrap();
        c.execute_batch(SCHEMA_V2).unwrap();
        c.execute_batch(SCHEMA_V3).unwrap();
        c.pragma_update(None, "user_version", 3).unwrap();
        c.execute_batch(
            "INSERT INTO alerts (id, project, kind, reason, level, state, opened_on, repeats, escalated)
                 VALUES (7, 'P1', 'checkpoint', '2025-06-30', 'red', 'open', '2025-06-30', 0, 0);",
        )
        .unwrap();
        c.execute(
            "INSERT INTO messages (id, dedup_key, kind, on_date, envelope_from, recipients, subject, projects,
                                   message_id, raw, status, attempts, last_error, created_at, sent_at,
                                   body, delivered_to, refused)
             VALUES (3, 'k3', 'checkpoint', '2025-06-30', 'from@x', 'a@x', '主题', 'P1',
                     '<m3@x>', ?1, 'sent', 2, 'earlier 421', '2025-06-30T22:00', '2025-06-30T22:01',
                     ?2, 'a@x', 'b@x\t550 no')",
            params![vec![b'x'; 200_000], "正文".repeat(30_000)],
        )
        .unwrap();
        c.execute_batch(
            "INSERT INTO events (alert_id, on_date, recorded_at, event, level, message, detail)
                 VALUES (7, '2025-06-30', '2025-06-30T22:00', 'opened', 'red', 3, 'gap');
             INSERT INTO message_items (message, project, kind, level, figures)
                 VALUES (3, 'P1', 'checkpoint', '红色预警', '执行率 10%');",
        )
        .unwrap();
    }

    #[test]
    fn a_version_3_log_is_rebuilt_with_the_text_last_and_nothing_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        version_3_log(&path);
        let row = |c: &Connection| -> Vec<String> {
            c.query_row(
                "SELECT id, dedup_key, kind, on_date, envelope_from, recipients, subject, projects,
                        message_id, status, attempts, last_error, created_at, sent_at, delivered_to,
                        refused, length(raw), hex(substr(raw, 1, 4)), length(body), substr(body, 1, 2)
                 FROM messages",
                [],
                |r| {
                    (0..20)
                        .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                        .collect()
                },
            )
            .unwrap()
        };
        let before = row(&Connection::open(&path).unwrap());
        for _ in 0..2 {
            // Opened twice: the second open finds version 4 and changes nothing.
            let log = Log::open(&path).unwrap();
            let c = &log.conn;
            assert_eq!(row(c), before);
            let version: i64 = c
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, SCHEMA_VERSION);
            let columns: Vec<String> = c
                .prepare("SELECT name FROM pragma_table_info('messages')")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(columns[columns.len() - 2..], ["raw", "body"]);
            assert_eq!(columns.len(), 18);
            let dangling: i64 = c
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(dangling, 0);
            let fk: i64 = c
                .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
                .unwrap();
            assert_eq!(fk, 1, "foreign keys are enforced again after the migration");
            // The event still leads to its message, and the 台账 to its item.
            let h = log.history(None).unwrap();
            let m = h[0].events[0].message.as_ref().unwrap();
            assert_eq!(
                (
                    m.message_id.as_str(),
                    m.status.as_str(),
                    m.sent_at.as_deref()
                ),
                ("<m3@x>", "sent", Some("2025-06-30T22:01"))
            );
            let items = log.ledger(Some("P1")).unwrap();
            assert_eq!((items.len(), items[0].figures.as_str()), (1, "执行率 10%"));
        }
        // A message to an id that no longer exists is still refused.
        let log = Log::open(&path).unwrap();
        assert!(log
            .conn
            .execute(
                "INSERT INTO events (alert_id, on_date, recorded_at, event, message) VALUES (7, 'd', 'r', 'x', 99)",
                [],
            )
            .is_err());
    }

    #[test]
    fn the_open_alerts_shown_are_the_most_pressing_and_all_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(&dir.path().join(DB_FILE)).unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let tx = log.begin().unwrap();
        let put = |project: &str, kind: Kind, level: Level, state: State, on: &str| {
            let key = Key {
                project: project.into(),
                kind,
                reason: "2025-06-30".into(),
            };
            let r = Remembered {
                level,
                state,
                last_notified: None,
                repeats: 0,
                escalated: false,
                amount: None,
            };
            let id = tx.put_alert(&key, &r, day(on)).unwrap();
            tx.event(id, day(on), "opened", Some(level), None, None)
                .unwrap();
        };
        put("A", Kind::Early, Level::Red, State::Open, "2025-06-01");
        put(
            "B",
            Kind::Checkpoint,
            Level::Yellow,
            State::Open,
            "2025-06-30",
        );
        put("C", Kind::Checkpoint, Level::Red, State::Open, "2025-07-01");
        put("D", Kind::Overspend, Level::Red, State::Open, "2025-05-01");
        put("E", Kind::Checkpoint, Level::Red, State::Open, "2025-06-30");
        put(
            "F",
            Kind::Checkpoint,
            Level::Red,
            State::Resolved,
            "2025-06-30",
        );
        tx.commit().unwrap();
        let (shown, open) = log.open_history(10).unwrap();
        let order: Vec<&str> = shown.iter().map(|h| h.key.project.as_str()).collect();
        assert_eq!(order, ["E", "C", "D", "A", "B"]);
        assert_eq!(open, 5);
        assert!(shown.iter().all(|h| h.events.len() == 1));
        let (shown, open) = log.open_history(2).unwrap();
        assert_eq!(shown.len(), 2);
        assert_eq!(open, 5);
    }
}
