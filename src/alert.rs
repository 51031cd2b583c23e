//! The vocabulary of alerts: what an alert is about ([`Kind`]), how serious
//! it is ([`Level`]), its identity in the notification log ([`Key`]) and
//! what the log remembers of it ([`Remembered`]). The rules that decide who
//! is told what live in the planner (`notices`); the `state` module stores
//! alerts, the `nightly` module sends.
//!
//! An alert is keyed by (project, kind, reason): the reason of a checkpoint
//! warning and of an early warning is the checkpoint date, so each
//! checkpoint warns once (plus repeats), and a later checkpoint is a new
//! alert. Once resolved, such an alert never reopens. Overspending can
//! reopen (a reversal then a new overpayment).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::money::Fen;
use crate::progress::Status;

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Behind the plan at a checkpoint.
    Checkpoint,
    /// Unlikely to reach the next checkpoint at the recent pace.
    Early,
    /// Paid above budget.
    Overspend,
}

impl Kind {
    /// Stable machine name (database, headers).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Checkpoint => "checkpoint",
            Kind::Early => "early",
            Kind::Overspend => "overspend",
        }
    }

    /// Parses [`Kind::code`].
    pub fn from_code(s: &str) -> Option<Kind> {
        match s {
            "checkpoint" => Some(Kind::Checkpoint),
            "early" => Some(Kind::Early),
            "overspend" => Some(Kind::Overspend),
            _ => None,
        }
    }

    /// Whether a resolved alert of this kind may open again.
    pub fn reopens(self) -> bool {
        matches!(self, Kind::Overspend)
    }
}

/// How serious an open alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 黄色预警.
    Yellow,
    /// 红色预警.
    Red,
}

impl Level {
    /// Stable machine name.
    pub fn code(self) -> &'static str {
        match self {
            Level::Yellow => "yellow",
            Level::Red => "red",
        }
    }

    /// Parses [`Level::code`].
    pub fn from_code(s: &str) -> Option<Level> {
        match s {
            "yellow" => Some(Level::Yellow),
            "red" => Some(Level::Red),
            _ => None,
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Level::Yellow => "黄色预警",
            Level::Red => "红色预警",
        }
    }

    /// The label in an email's language.
    pub fn label_in(self, lang: crate::base::i18n::Lang) -> String {
        use crate::base::i18n::{fixed_in, FixedCache};
        static CACHE: FixedCache<2> = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let labels = fixed_in(&CACHE, lang, ["mail-level-yellow", "mail-level-red"]);
        labels[match self {
            Level::Yellow => 0,
            Level::Red => 1,
        }]
        .clone()
    }

    /// The alert level of a classification: yellow and red warn, the
    /// rest does not.
    pub fn of_status(s: Status) -> Option<Level> {
        match s {
            Status::Red => Some(Level::Red),
            Status::Yellow => Some(Level::Yellow),
            _ => None,
        }
    }
}

/// The identity of an alert.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// 项目编码.
    pub project: String,
    /// What it is about.
    pub kind: Kind,
    /// Which occurrence: the checkpoint date, or "budget" for overspending.
    pub reason: String,
}

/// Whether the pace of the last 30 days falls short: the amount needed per
/// remaining day exceeds `multiple` times the recent amount per day.
pub fn pace_short(needed: Fen, days_left: i64, paid_last_30: Fen, multiple: Decimal) -> bool {
    if needed <= Fen::ZERO {
        return false;
    }
    if days_left <= 0 {
        return true;
    }
    // needed / days_left > multiple * recent / 30, without division.
    Decimal::from(needed.0) * Decimal::from(30)
        > multiple * Decimal::from(paid_last_30.0.max(0)) * Decimal::from(days_left)
}

/// Where an alert stands in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Condition holds.
    Open,
    /// The project caught up.
    Resolved,
    /// Superseded by a later checkpoint.
    Closed,
}

impl State {
    /// Stable machine name.
    pub fn code(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Resolved => "resolved",
            State::Closed => "closed",
        }
    }

    /// Parses [`State::code`].
    pub fn from_code(s: &str) -> Option<State> {
        match s {
            "open" => Some(State::Open),
            "resolved" => Some(State::Resolved),
            "closed" => Some(State::Closed),
            _ => None,
        }
    }
}

/// What the log remembers of an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// Current level.
    pub level: Level,
    /// Open, resolved or closed.
    pub state: State,
    /// The last day a notice was sent (None: never, e.g. while exempt).
    pub last_notified: Option<NaiveDate>,
    /// Repeats sent so far.
    pub repeats: i64,
    /// Whether the department head has been told (red at a checkpoint).
    pub escalated: bool,
    /// Overspend: the amount above budget in the last email, the base for
    /// "grew by more than `overspend_repeat_growth_percent`".
    pub amount: Option<Fen>,
}

/// Which notice goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Notice {
    /// First notice of a new (or reopened, or no longer exempt) alert.
    New,
    /// The level rose (yellow to red).
    Worsened,
    /// Unchanged and still open after the repeat interval.
    Repeat,
    /// The project caught up.
    Resolved,
}

impl Notice {
    /// Stable machine name (events in the log).
    pub fn code(self) -> &'static str {
        match self {
            Notice::New => "notified",
            Notice::Worsened => "worsened",
            Notice::Repeat => "repeated",
            Notice::Resolved => "resolved",
        }
    }
}
