//! Alert rules: from where the projects stand to the warnings people should
//! get. Pure functions, so every rule can be checked with a table of cases:
//! [`evaluate`] turns a [`Progress`] into findings (this alert should be
//! open, or its condition has cleared), and [`decide`] compares one finding
//! with what the notification log remembers and says what to record and
//! whether to send a notice now. The `state` module stores the result; the
//! `nightly` module sends.
//!
//! An alert is keyed by (project, kind, reason): the reason of a checkpoint
//! warning and of an early warning is the checkpoint date, so each
//! checkpoint warns once (plus repeats), and a later checkpoint is a new
//! alert. Once resolved, such an alert never reopens: flapping around the
//! plan curve after catching up must not mail the owner again for the same
//! checkpoint. Overspending can reopen (a reversal then a new overpayment).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::money::Fen;
use crate::model::{AlertSettings, Thresholds};
use crate::progress::{Progress, ProjectStatus};

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
    /// 红色预警: the department head is copied at once.
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

    /// The level of a gap (negative: behind) in points. Anything behind is
    /// at least yellow: being below plan at a checkpoint is what warns.
    pub fn of_gap(gap: Decimal, t: &Thresholds) -> Level {
        if -gap >= t.red_gap_points {
            Level::Red
        } else {
            Level::Yellow
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

/// The figures a notice shows for one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// Index into `Config::projects`.
    pub index: usize,
    /// The day paid / execution / plan refer to: the checkpoint date for a
    /// checkpoint warning, the as-of date otherwise.
    pub as_of: NaiveDate,
    /// Budget.
    pub budget: Fen,
    /// Paid up to `as_of`.
    pub paid: Fen,
    /// paid / budget, percent.
    pub execution_pct: Decimal,
    /// Planned percent at `as_of`.
    pub plan_pct: Decimal,
    /// execution - plan, points.
    pub gap_points: Decimal,
    /// The next checkpoint after the run date.
    pub next_checkpoint: Option<NaiveDate>,
    /// Its planned percent.
    pub next_plan_pct: Option<Decimal>,
    /// Still to pay to reach it (as of the run date).
    pub amount_needed: Option<Fen>,
    /// Days from the run date to it.
    pub days_left: Option<i64>,
    /// Paid above the budget, when overspent.
    pub over_budget: Option<Fen>,
    /// Paid in the 30 days up to the run date.
    pub paid_last_30_days: Fen,
}

/// What the rules say about one alert at this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The condition holds: the alert should be open at this level.
    Active(Level),
    /// The condition is gone. `caught_up`: the project met the plan (a
    /// "resolved" notice is due if a warning was sent); otherwise the alert
    /// is superseded (a later checkpoint took over) and closes silently.
    Cleared {
        /// Whether the project caught up.
        caught_up: bool,
    },
}

/// One rule's output for one alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which alert.
    pub key: Key,
    /// Open or cleared.
    pub verdict: Verdict,
    /// What to show.
    pub figures: Figures,
}

/// A project's figures at `as_of`, as the emails show them.
pub fn figures_now(p: &ProjectStatus, as_of: NaiveDate) -> Figures {
    Figures {
        index: p.index,
        as_of,
        budget: p.budget,
        paid: p.paid,
        execution_pct: p.execution_pct,
        plan_pct: p.expected_pct,
        gap_points: p.gap_points,
        next_checkpoint: p.next.as_ref().map(|n| n.date),
        next_plan_pct: p.next.as_ref().map(|n| n.planned_pct),
        amount_needed: p.next.as_ref().map(|n| n.amount_needed),
        days_left: p.next.as_ref().map(|n| n.days_left),
        over_budget: (p.paid > p.budget).then(|| p.paid - p.budget),
        paid_last_30_days: p.paid_last_30_days,
    }
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

/// Applies every rule to every project.
pub fn evaluate(progress: &Progress, t: &Thresholds, a: &AlertSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &progress.projects {
        let now = figures_now(p, progress.as_of);
        let key = |kind: Kind, reason: String| Key {
            project: p.code.clone(),
            kind,
            reason,
        };
        let caught_up_now = p.gap_points >= Decimal::ZERO;
        let n = p.checkpoints.len();
        for (i, cp) in p.checkpoints.iter().enumerate() {
            let latest = i + 1 == n;
            let reason = cp.date.to_string();
            // An early warning for a checkpoint ends when the checkpoint
            // passes: met, the owner hears it was resolved; missed, the
            // checkpoint warning takes over.
            out.push(Finding {
                key: key(Kind::Early, reason.clone()),
                verdict: Verdict::Cleared {
                    caught_up: latest && cp.met(),
                },
                figures: now.clone(),
            });
            if cp.met() {
                continue;
            }
            let verdict = if caught_up_now {
                Verdict::Cleared { caught_up: true }
            } else if !latest {
                Verdict::Cleared { caught_up: false }
            } else {
                let at_cp = Level::of_gap(cp.gap_points, t);
                let current = if -p.gap_points >= t.red_gap_points {
                    Level::Red
                } else {
                    Level::Yellow
                };
                Verdict::Active(at_cp.max(current))
            };
            out.push(Finding {
                key: key(Kind::Checkpoint, reason),
                verdict,
                figures: Figures {
                    as_of: cp.date,
                    paid: cp.paid,
                    execution_pct: cp.execution_pct,
                    plan_pct: cp.planned_pct,
                    gap_points: cp.gap_points,
                    ..now.clone()
                },
            });
        }
        if let Some(next) = &p.next {
            if next.days_left > 0 && next.days_left <= a.early_lead_days {
                let verdict = if next.amount_needed <= Fen::ZERO {
                    Some(Verdict::Cleared { caught_up: true })
                } else if pace_short(
                    next.amount_needed,
                    next.days_left,
                    p.paid_last_30_days,
                    a.early_pace_multiple,
                ) {
                    Some(Verdict::Active(Level::Yellow))
                } else {
                    None
                };
                if let Some(verdict) = verdict {
                    out.push(Finding {
                        key: key(Kind::Early, next.date.to_string()),
                        verdict,
                        figures: now.clone(),
                    });
                }
            }
        }
        out.push(Finding {
            key: key(Kind::Overspend, "budget".into()),
            verdict: if p.paid > p.budget {
                Verdict::Active(Level::Red)
            } else {
                Verdict::Cleared { caught_up: true }
            },
            figures: now.clone(),
        });
    }
    out
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
    /// Whether the department head has been copied.
    pub escalated: bool,
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

/// What to do with one alert at this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The alert as it should be remembered after this run (None: nothing
    /// to record, e.g. a cleared condition that was never an alert).
    pub next: Option<Remembered>,
    /// Log events to record (opened, reopened, exempt, closed...), besides
    /// the notice.
    pub events: Vec<&'static str>,
    /// The notice to send now, if any.
    pub notice: Option<Notice>,
    /// Copy the department head on the notice.
    pub copy_head: bool,
}

impl Decision {
    fn nothing(prev: Option<&Remembered>) -> Decision {
        Decision {
            next: prev.cloned(),
            events: Vec::new(),
            notice: None,
            copy_head: false,
        }
    }
}

/// Compares a finding with the log: Alertmanager-like semantics (a new or
/// worsened alert goes at once, an unchanged one repeats after the
/// interval, a cleared one gets one resolved notice) plus exemptions, which
/// hold every warning back but keep the alert in the log.
pub fn decide(
    kind: Kind,
    prev: Option<&Remembered>,
    verdict: &Verdict,
    exempt: bool,
    as_of: NaiveDate,
    a: &AlertSettings,
) -> Decision {
    match (verdict, prev) {
        (Verdict::Cleared { .. }, None) => Decision::nothing(None),
        (Verdict::Cleared { .. }, Some(p)) if p.state != State::Open => Decision::nothing(prev),
        (Verdict::Cleared { caught_up }, Some(p)) => {
            let notice = (*caught_up && p.last_notified.is_some()).then_some(Notice::Resolved);
            Decision {
                next: Some(Remembered {
                    state: if *caught_up {
                        State::Resolved
                    } else {
                        State::Closed
                    },
                    last_notified: if notice.is_some() {
                        Some(as_of)
                    } else {
                        p.last_notified
                    },
                    ..p.clone()
                }),
                events: if notice.is_some() {
                    vec![]
                } else if *caught_up {
                    vec!["resolved"]
                } else {
                    vec!["superseded"]
                },
                notice,
                copy_head: notice.is_some() && p.escalated,
            }
        }
        (Verdict::Active(level), prev) => {
            let reopening = match prev {
                Some(p) if p.state != State::Open => {
                    if !kind.reopens() {
                        return Decision::nothing(prev);
                    }
                    true
                }
                _ => false,
            };
            match prev.filter(|_| !reopening) {
                None => {
                    let red = *level == Level::Red;
                    let mut events = vec![if reopening { "reopened" } else { "opened" }];
                    if exempt {
                        events.push("exempt");
                    } else if red {
                        events.push("escalated");
                    }
                    Decision {
                        next: Some(Remembered {
                            level: *level,
                            state: State::Open,
                            last_notified: (!exempt).then_some(as_of),
                            repeats: 0,
                            escalated: red && !exempt,
                        }),
                        events,
                        notice: (!exempt).then_some(Notice::New),
                        copy_head: red && !exempt,
                    }
                }
                Some(p) => {
                    if exempt {
                        let mut d = Decision::nothing(prev);
                        if *level > p.level {
                            d.next = Some(Remembered {
                                level: *level,
                                ..p.clone()
                            });
                            d.events.push("worsened while exempt");
                        }
                        return d;
                    }
                    let (notice, repeats) = if *level > p.level {
                        (Notice::Worsened, p.repeats)
                    } else {
                        match p.last_notified {
                            None => (Notice::New, p.repeats),
                            Some(last) if (as_of - last).num_days() >= a.repeat_interval_days => {
                                (Notice::Repeat, p.repeats + 1)
                            }
                            Some(_) => return Decision::nothing(prev),
                        }
                    };
                    let level = (*level).max(p.level);
                    let copy_head = p.escalated
                        || level == Level::Red
                        || (a.escalate_after_repeats > 0 && repeats >= a.escalate_after_repeats);
                    Decision {
                        next: Some(Remembered {
                            level,
                            state: State::Open,
                            last_notified: Some(as_of),
                            repeats,
                            escalated: copy_head,
                        }),
                        events: if copy_head && !p.escalated {
                            vec!["escalated"]
                        } else {
                            vec![]
                        },
                        notice: Some(notice),
                        copy_head,
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
