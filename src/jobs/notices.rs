//! The notification policy, in one place a reader can find and test on its
//! own: a pure planner. Given the night's figures, what the notification log
//! remembers, the calendar and the settings, [`plan`] says how every alert
//! changes and which messages go to whom, with every line already written.
//! The nightly job records the plan and sends it; it holds no rules.
//!
//! Every line is written in the emails' language (`[email] language`,
//! read from the config, never the process-wide terminal language) from
//! the `mail-*` catalogue keys, and so are the details of the events
//! recorded in the log (`mail-event-*`): they are kept as text, and the
//! emails' language is the department's.
//!
//! The rules (README, "Alerts"):
//! - checkpoint warning: once, on the first run on or after a checkpoint,
//!   for a project yellow or red at it; repeated at most every
//!   `repeat_interval_days` while still yellow or red by today's figures,
//!   until the next checkpoint's early window opens;
//! - early reminder: at most once per project and checkpoint window, again
//!   only when its level worsens;
//! - overspend: once, again only when it grew by more than
//!   `overspend_repeat_growth_percent` of the budget; resolved silently when
//!   paid is back within the budget in force;
//! - the head gets the monthly digest and an immediate email only when a
//!   project is red at a checkpoint; the office a digest on nights with
//!   something new; every owner one email per night at most;
//! - the year-end result on the first run on or after the fiscal year's
//!   last checkpoint, and no execution warning for that year after it;
//! - an exemption holds a project's warnings; when it ends the project is
//!   judged afresh on that night's figures.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::alert::{pace_short, Key, Kind, Level, Notice, Remembered, State};
use crate::base::dates::{date_in, en_month};
use crate::base::i18n::{message_in, Lang};
use crate::base::money::Fen;
use crate::base::percent::{pct_sign, round2};
use crate::model::{Config, Person, UnitContacts};
use crate::notify::{Block, Context, EmailKind, Section};
use crate::progress::{CheckpointFigure, Progress, ProjectStatus, Status};

/// A monthly period that fell due tonight.
#[derive(Debug, Clone)]
pub struct MonthlyDue {
    /// The period's id, e.g. `2025-06` (the month reported).
    pub period: String,
    /// The last day of the month reported.
    pub month_end: NaiveDate,
    /// Every project as of `month_end`.
    pub progress: Progress,
    /// Messages recorded during the month, by kind code (the head's digest).
    pub sent: Vec<(String, i64)>,
}

/// Everything the planner looks at.
#[derive(Debug, Clone)]
pub struct Night<'a> {
    /// Projects, people, thresholds, alert settings, exemptions, calendar.
    pub config: &'a Config,
    /// Every project as of the run date.
    pub now: &'a Progress,
    /// What the notification log remembers of every alert.
    pub remembered: &'a BTreeMap<Key, Remembered>,
    /// Whether the year-end result for the fiscal year has gone out.
    pub year_end_sent: bool,
    /// Monthly periods due tonight.
    pub monthly: Vec<MonthlyDue>,
    /// Data problems not reported to the office before (file and line).
    pub new_problems: Vec<String>,
}

/// A log event besides the notice itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// opened, reopened, exempt, resolved, superseded...
    pub name: &'static str,
    /// Why, for people.
    pub detail: Option<String>,
}

/// How one alert changes tonight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Which alert.
    pub key: Key,
    /// How the log should remember it.
    pub next: Remembered,
    /// Events to record.
    pub events: Vec<Event>,
    /// The notice sent, if any.
    pub notice: Option<Notice>,
    /// The message (index into [`Plan::messages`]) that carries the notice.
    pub message: Option<usize>,
}

/// What a message says about one project: a row of the 预警台账.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// 项目编码.
    pub project: String,
    /// The kind of notice.
    pub kind: EmailKind,
    /// The level shown (label).
    pub level: String,
    /// The figures as sent.
    pub figures: String,
    /// The exemption in force, if any.
    pub exemption: Option<String>,
}

/// One message to record and send.
#[derive(Debug, Clone)]
pub struct Message {
    /// Unique per message: a second identical request is ignored.
    pub dedup_key: String,
    /// The recipient.
    pub to: Person,
    /// Kinds in it, most severe first.
    pub kinds: Vec<EmailKind>,
    /// The template data.
    pub context: Context,
    /// Every project code in it.
    pub projects: Vec<String>,
    /// What it says per project.
    pub items: Vec<Item>,
    /// Attach the monthly report workbook of the month ending on this day.
    pub report_month_end: Option<NaiveDate>,
    /// It names more projects than it writes out ([`MAX_LISTED`]): attach
    /// every item as a workbook (项目清单), so nothing it stands for is
    /// only counted.
    pub full_list: bool,
}

/// The night's plan.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Alert changes, in a stable order.
    pub changes: Vec<Change>,
    /// Messages, one per recipient and purpose (night, monthly, digest).
    pub messages: Vec<Message>,
    /// The year-end result goes out tonight (remember it).
    pub year_end: bool,
    /// Projects with a notice and nobody to address it to.
    pub unaddressed: Vec<String>,
}

// ---------------------------------------------------------------- wording

/// The message `key` of the catalogues in the emails' language.
fn t(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    message_in(lang, key, args)
}

/// The emails' language (`[email] language`), not the terminal's.
fn lang_of(cfg: &Config) -> Lang {
    cfg.settings.email.language
}

/// A gap in words: 落后 18.02 个百分点 / 超前 3.00 个百分点 / 与计划持平.
pub fn gap_words(gap: Decimal) -> String {
    gap_words_in(Lang::Zh, gap)
}

/// [`gap_words`] in `lang`.
pub fn gap_words_in(lang: Lang, gap: Decimal) -> String {
    let r = round2(gap);
    if r < Decimal::ZERO {
        t(lang, "mail-gap-behind", &[("points", format!("{:.2}", -r))])
    } else if r > Decimal::ZERO {
        t(lang, "mail-gap-ahead", &[("points", format!("{r:.2}"))])
    } else {
        t(lang, "mail-gap-level", &[])
    }
}

/// An amount in 元 with separators.
pub fn yuan(f: Fen) -> String {
    yuan_in(Lang::Zh, f)
}

/// [`yuan`] in `lang`: `1,000.00 元` or `CNY 1,000.00`.
pub fn yuan_in(lang: Lang, f: Fen) -> String {
    match lang {
        Lang::Zh => format!("{} 元", f.grouped()),
        Lang::En => format!("CNY {}", f.grouped()),
    }
}

/// A total: 元 and 万元.
pub fn yuan_wan(f: Fen) -> String {
    yuan_wan_in(Lang::Zh, f)
}

/// [`yuan_wan`] in `lang`: English has no 万 (ten thousand) as a unit, so
/// it gives the amount once, like [`yuan_in`].
pub fn yuan_wan_in(lang: Lang, f: Fen) -> String {
    match lang {
        Lang::Zh => format!("{} 元（{} 万元）", f.grouped(), f.wan()),
        Lang::En => yuan_in(lang, f),
    }
}

/// Fen per day, rounded up for what is needed (never promise too little).
fn per_day_up(f: Fen, days: i64) -> Fen {
    if days <= 0 {
        return f;
    }
    Fen((f.0 + days - 1).div_euclid(days))
}

/// The figures as of the run date, one line (what `status --as-of` gives).
pub fn line_now(p: &ProjectStatus, as_of: NaiveDate) -> String {
    line_now_in(Lang::Zh, p, as_of)
}

/// [`line_now`] in `lang`.
pub fn line_now_in(lang: Lang, p: &ProjectStatus, as_of: NaiveDate) -> String {
    t(
        lang,
        "mail-line-now",
        &[
            ("date", date_in(lang, as_of)),
            ("budget", yuan_in(lang, p.budget)),
            ("paid", yuan_in(lang, p.paid)),
            ("execution", pct_sign(p.execution_pct)),
            ("expected", pct_sign(p.expected_pct)),
            ("time", pct_sign(p.time_progress_pct)),
            ("gap", gap_words_in(lang, p.gap_points)),
            ("status", p.status.label_in(lang)),
        ],
    )
}

/// The checkpoint's own figures, clearly dated.
pub fn line_checkpoint(cp: &CheckpointFigure, status: Status) -> String {
    line_checkpoint_in(Lang::Zh, cp, status)
}

/// [`line_checkpoint`] in `lang`.
pub fn line_checkpoint_in(lang: Lang, cp: &CheckpointFigure, status: Status) -> String {
    t(
        lang,
        "mail-line-checkpoint",
        &[
            ("date", date_in(lang, cp.date)),
            ("planned", pct_sign(cp.planned_pct)),
            ("actual", pct_sign(cp.execution_pct)),
            ("gap", gap_words_in(lang, cp.gap_points)),
            ("status", status.label_in(lang)),
            ("paid", yuan_in(lang, cp.paid)),
        ],
    )
}

/// What 尚需支付 is for and the pace it needs against the recent pace.
pub fn line_needed(p: &ProjectStatus) -> Option<String> {
    line_needed_in(Lang::Zh, p)
}

/// [`line_needed`] in `lang`.
pub fn line_needed_in(lang: Lang, p: &ProjectStatus) -> Option<String> {
    let n = p.next.as_ref()?;
    if n.amount_needed <= Fen::ZERO {
        return Some(t(
            lang,
            "mail-line-reached",
            &[
                ("date", date_in(lang, n.date)),
                ("planned", pct_sign(n.planned_pct)),
                ("target", yuan_in(lang, n.target)),
            ],
        ));
    }
    Some(t(
        lang,
        "mail-line-needed",
        &[
            ("needed", yuan_in(lang, n.amount_needed)),
            ("date", date_in(lang, n.date)),
            ("planned", pct_sign(n.planned_pct)),
            ("target", yuan_in(lang, n.target)),
            ("days", n.days_left.to_string()),
            (
                "per-day",
                yuan_in(lang, per_day_up(n.amount_needed, n.days_left)),
            ),
            (
                "recent",
                yuan_in(lang, Fen(p.paid_last_30_days.0.max(0) / 30)),
            ),
        ],
    ))
}

/// A project's name and code: 名称（编码）.
fn name_code(lang: Lang, name: &str, code: &str) -> String {
    t(
        lang,
        "mail-heading",
        &[("name", name.to_string()), ("code", code.to_string())],
    )
}

fn heading(cfg: &Config, p: &ProjectStatus) -> String {
    let lang = lang_of(cfg);
    match &cfg.projects[p.index].owner {
        Some(o) => t(
            lang,
            "mail-heading-owner",
            &[
                ("name", p.name.clone()),
                ("code", p.code.clone()),
                ("owner", o.name.clone()),
            ],
        ),
        None => name_code(lang, &p.name, &p.code),
    }
}

/// 【label】rest.
fn level_heading(lang: Lang, label: &str, rest: String) -> String {
    t(
        lang,
        "mail-level-heading",
        &[("label", label.to_string()), ("heading", rest)],
    )
}

/// The exemption in force, in `lang` (events in the log keep Chinese).
fn exemption_note(cfg: &Config, lang: Lang, code: &str, day: NaiveDate) -> Option<String> {
    cfg.settings.exemption(code, day).map(|x| {
        t(
            lang,
            "mail-exemption-note",
            &[
                ("until", date_in(lang, x.until)),
                ("reason", x.reason.clone()),
            ],
        )
    })
}

// ---------------------------------------------------------------- rules

/// The monthly periods due tonight: (period id `YYYY-MM`, last day of the
/// month reported). A scheduled day (`monthly_schedule`) that is not a
/// working day by the official calendar moves to the next working day; a
/// period is due when that day falls after the last run and on or before
/// tonight (a fresh install: only tonight's). Each reports the month just
/// ended (a schedule on a month's last day reports that month), and none
/// reports a month outside the fiscal year (so none goes in its January,
/// and the December one still goes in the next January).
pub fn monthly_periods(
    schedule: &cron::Schedule,
    cal: &crate::base::calendar::Calendar,
    fiscal_year: i32,
    last_run: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Vec<(String, NaiveDate)> {
    // A moved day is at most a few weeks late (the longest holiday is 9 days).
    let from = last_run
        .unwrap_or(as_of)
        .checked_sub_days(chrono::Days::new(40))
        .unwrap_or(as_of);
    let mut out: Vec<(String, NaiveDate)> = Vec::new();
    for t in crate::schedule::upcoming(schedule, from, 400) {
        let day = t.date();
        if day > as_of {
            break;
        }
        let effective = cal.on_or_after(day);
        let due = match last_run {
            Some(l) => effective > l && effective <= as_of,
            None => effective == as_of,
        };
        if !due {
            continue;
        }
        let month_end = if day.succ_opt().is_some_and(|n| n.month() != day.month()) {
            day
        } else {
            match day.with_day(1).and_then(|d| d.pred_opt()) {
                Some(d) => d,
                None => continue,
            }
        };
        if month_end.year() != fiscal_year {
            continue;
        }
        let period = month_end.format("%Y-%m").to_string();
        if !out.iter().any(|(p, _)| *p == period) {
            out.push((period, month_end));
        }
    }
    out
}

/// The fiscal year's last checkpoint: the year-end result goes out on the
/// first run on or after it.
pub fn year_end_date(cfg: &Config) -> NaiveDate {
    cfg.projects
        .iter()
        .filter_map(|p| p.plan.checkpoints.last().map(|c| c.date))
        .max()
        .or_else(|| NaiveDate::from_ymd_opt(cfg.settings.fiscal_year, 12, 31))
        .unwrap_or(NaiveDate::MIN)
}

/// One notice for one project, before it is put into messages.
#[derive(Debug, Clone)]
struct Pending {
    kind: EmailKind,
    index: usize,
    notice: Notice,
    level: Level,
    change: usize,
    lines: Vec<String>,
    /// The catalogue key of what the heading adds in brackets, or "".
    tag: &'static str,
}

struct Rules<'a, 'b> {
    n: &'b Night<'a>,
    plan: Plan,
    pending: Vec<Pending>,
    /// Red at a checkpoint, first notice: the head is told at once.
    escalate: Vec<usize>,
    /// New or worsened without a notice (exempt): the office hears of it.
    news: Vec<(usize, String)>,
}

impl Rules<'_, '_> {
    fn change(&mut self, c: Change) -> usize {
        self.plan.changes.push(c);
        self.plan.changes.len() - 1
    }

    fn prev(&self, key: &Key) -> Option<&Remembered> {
        self.n.remembered.get(key)
    }

    fn fresh(level: Level, notified: Option<NaiveDate>) -> Remembered {
        Remembered {
            level,
            state: State::Open,
            last_notified: notified,
            repeats: 0,
            escalated: false,
            amount: None,
        }
    }

    /// Opens (or reopens: `opened` names which) an alert during an exemption:
    /// recorded with the exemption's note, never mailed.
    fn open_exempt(&mut self, key: Key, level: Level, opened: &'static str, p: &ProjectStatus) {
        let note = exemption_note(self.n.config, Lang::Zh, &p.code, self.n.now.as_of);
        self.change(Change {
            key,
            next: Self::fresh(level, None),
            events: vec![
                Event {
                    name: opened,
                    detail: None,
                },
                Event {
                    name: "exempt",
                    detail: note,
                },
            ],
            notice: None,
            message: None,
        });
    }

    /// Closes the open alerts of a kind whose reason `stale` says is over.
    fn close_stale(&mut self, p: &ProjectStatus, kind: Kind, stale: impl Fn(&str) -> bool) {
        let stale: Vec<(Key, Remembered)> = self
            .n
            .remembered
            .range(
                Key {
                    project: p.code.clone(),
                    kind,
                    reason: String::new(),
                }..,
            )
            .take_while(|(k, _)| k.project == p.code && k.kind == kind)
            .filter(|(k, r)| r.state == State::Open && stale(&k.reason))
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect();
        for (key, r) in stale {
            self.change(Change {
                key,
                next: Remembered {
                    state: State::Closed,
                    ..r
                },
                events: vec![Event {
                    name: "superseded",
                    detail: None,
                }],
                notice: None,
                message: None,
            });
        }
    }

    fn checkpoint(&mut self, p: &ProjectStatus, exempt: bool) {
        let n = self.n;
        let s = &n.config.settings;
        let as_of = n.now.as_of;
        let Some(cp) = p.checkpoints.last() else {
            return;
        };
        let reason = cp.date.to_string();
        self.close_stale(p, Kind::Checkpoint, |r| r != reason);
        let key = Key {
            project: p.code.clone(),
            kind: Kind::Checkpoint,
            reason,
        };
        let cp_status = cp.status(p.budget, &s.thresholds);
        let today = Level::of_status(p.status);
        let lang = lang_of(n.config);
        let lines = || {
            let mut l = vec![
                line_now_in(lang, p, as_of),
                line_checkpoint_in(lang, cp, cp_status),
            ];
            l.extend(line_needed_in(lang, p));
            l
        };
        let window_open = p
            .next
            .as_ref()
            .is_some_and(|x| x.days_left <= s.alerts.early_lead_days);
        match self.prev(&key).cloned() {
            None => {
                let Some(level) = Level::of_status(cp_status) else {
                    return;
                };
                if exempt {
                    self.open_exempt(key, level, "opened", p);
                    self.news.push((
                        p.index,
                        t(lang, "mail-news-exempt", &[("level", level.label_in(lang))]),
                    ));
                    return;
                }
                let red = level == Level::Red;
                let c = self.change(Change {
                    key,
                    next: Remembered {
                        escalated: red,
                        ..Self::fresh(level, Some(as_of))
                    },
                    events: vec![Event {
                        name: "opened",
                        detail: None,
                    }],
                    notice: Some(Notice::New),
                    message: None,
                });
                self.pending.push(Pending {
                    kind: EmailKind::Checkpoint,
                    index: p.index,
                    notice: Notice::New,
                    level,
                    change: c,
                    lines: lines(),
                    tag: "mail-tag-first",
                });
                if red {
                    self.escalate.push(p.index);
                }
            }
            Some(r) if r.state != State::Open => {}
            Some(r) => {
                if today.is_none() {
                    self.change(Change {
                        key,
                        next: Remembered {
                            state: State::Resolved,
                            ..r
                        },
                        events: vec![Event {
                            name: "resolved",
                            detail: Some(t(
                                lang,
                                "mail-event-resolved",
                                &[
                                    ("date", date_in(lang, as_of)),
                                    ("status", p.status.label_in(lang)),
                                ],
                            )),
                        }],
                        notice: None,
                        message: None,
                    });
                    return;
                }
                if window_open {
                    self.change(Change {
                        key,
                        next: Remembered {
                            state: State::Closed,
                            ..r
                        },
                        events: vec![Event {
                            name: "superseded",
                            detail: Some(t(lang, "mail-event-superseded", &[])),
                        }],
                        notice: None,
                        message: None,
                    });
                    return;
                }
                if exempt {
                    return;
                }
                let (notice, repeats, tag, detail) = match r.last_notified {
                    None => (
                        Notice::New,
                        r.repeats,
                        "mail-tag-exemption-ended",
                        Some(t(lang, "mail-event-exemption-ended", &[])),
                    ),
                    Some(last) if (as_of - last).num_days() >= s.alerts.repeat_interval_days => {
                        (Notice::Repeat, r.repeats + 1, "mail-tag-repeat", None)
                    }
                    Some(_) => return,
                };
                let level = today.unwrap_or(r.level);
                let c = self.change(Change {
                    key,
                    next: Remembered {
                        last_notified: Some(as_of),
                        repeats,
                        ..r.clone()
                    },
                    events: detail
                        .map(|d| {
                            vec![Event {
                                name: "exemption ended",
                                detail: Some(d),
                            }]
                        })
                        .unwrap_or_default(),
                    notice: Some(notice),
                    message: None,
                });
                self.pending.push(Pending {
                    kind: EmailKind::Checkpoint,
                    index: p.index,
                    notice,
                    level,
                    change: c,
                    lines: lines(),
                    tag,
                });
            }
        }
    }

    fn early(&mut self, p: &ProjectStatus, exempt: bool) {
        let n = self.n;
        let a = &n.config.settings.alerts;
        let as_of = n.now.as_of;
        let today_str = as_of.to_string();
        // An early reminder ends when its checkpoint passes.
        self.close_stale(p, Kind::Early, |r| r <= today_str.as_str());
        let Some(next) = &p.next else { return };
        if next.days_left <= 0 || next.days_left > a.early_lead_days {
            return;
        }
        let short = next.amount_needed > Fen::ZERO
            && pace_short(
                next.amount_needed,
                next.days_left,
                p.paid_last_30_days,
                a.early_pace_multiple,
            );
        if !short {
            return;
        }
        let level = if p.status == Status::Red {
            Level::Red
        } else {
            Level::Yellow
        };
        let key = Key {
            project: p.code.clone(),
            kind: Kind::Early,
            reason: next.date.to_string(),
        };
        let (next_r, notice, events, tag) = match self.prev(&key).cloned() {
            None if exempt => {
                self.open_exempt(key, level, "opened", p);
                return;
            }
            None => (
                Self::fresh(level, Some(as_of)),
                Notice::New,
                vec![Event {
                    name: "opened",
                    detail: None,
                }],
                "",
            ),
            Some(r) if r.state != State::Open || exempt => return,
            Some(r) if r.last_notified.is_none() => (
                Remembered {
                    last_notified: Some(as_of),
                    level: level.max(r.level),
                    ..r
                },
                Notice::New,
                vec![],
                "",
            ),
            Some(r) if level > r.level => (
                Remembered {
                    last_notified: Some(as_of),
                    level,
                    ..r
                },
                Notice::Worsened,
                vec![],
                "mail-tag-worsened-red",
            ),
            Some(_) => return,
        };
        let c = self.change(Change {
            key,
            next: next_r,
            events,
            notice: Some(notice),
            message: None,
        });
        let lang = lang_of(n.config);
        let mut lines = vec![line_now_in(lang, p, as_of)];
        lines.extend(line_needed_in(lang, p));
        self.pending.push(Pending {
            kind: EmailKind::Early,
            index: p.index,
            notice,
            level,
            change: c,
            lines,
            tag,
        });
    }

    fn overspend(&mut self, p: &ProjectStatus, exempt: bool) {
        let n = self.n;
        let a = &n.config.settings.alerts;
        let as_of = n.now.as_of;
        let key = Key {
            project: p.code.clone(),
            kind: Kind::Overspend,
            reason: "budget".into(),
        };
        let prev = self.prev(&key).cloned();
        // The budget comes from the figures (the budget in force that day).
        let over = p.paid - p.budget;
        if over <= Fen::ZERO {
            if let Some(r) = prev.filter(|r| r.state == State::Open) {
                self.change(Change {
                    key,
                    next: Remembered {
                        state: State::Resolved,
                        ..r
                    },
                    events: vec![Event {
                        name: "resolved",
                        detail: Some(t(
                            lang_of(n.config),
                            "mail-event-overspend-resolved",
                            &[("date", date_in(lang_of(n.config), as_of))],
                        )),
                    }],
                    notice: None,
                    message: None,
                });
            }
            return;
        }
        let open = prev.as_ref().filter(|r| r.state == State::Open);
        let (next_r, notice, events, tag) = match (open, &prev) {
            (None, _) => {
                let name = if prev.is_some() { "reopened" } else { "opened" };
                if exempt {
                    self.open_exempt(key, Level::Red, name, p);
                    return;
                }
                (
                    Remembered {
                        amount: Some(over),
                        ..Self::fresh(Level::Red, Some(as_of))
                    },
                    Notice::New,
                    vec![Event { name, detail: None }],
                    "",
                )
            }
            (Some(_), _) if exempt => return,
            (Some(r), _) if r.last_notified.is_none() => (
                Remembered {
                    last_notified: Some(as_of),
                    amount: Some(over),
                    ..r.clone()
                },
                Notice::New,
                vec![],
                "",
            ),
            (Some(r), _) => {
                let base = r.amount.unwrap_or(Fen::ZERO);
                let grown = Decimal::from((over - base).0) * Decimal::from(100)
                    > a.overspend_repeat_growth_percent * Decimal::from(p.budget.0);
                if !grown {
                    return;
                }
                (
                    Remembered {
                        last_notified: Some(as_of),
                        amount: Some(over),
                        repeats: r.repeats + 1,
                        ..r.clone()
                    },
                    Notice::Worsened,
                    vec![],
                    "mail-tag-overspend-grew",
                )
            }
        };
        let c = self.change(Change {
            key,
            next: next_r,
            events,
            notice: Some(notice),
            message: None,
        });
        let lang = lang_of(n.config);
        let mut lines = vec![
            line_now_in(lang, p, as_of),
            t(
                lang,
                "mail-over-budget",
                &[
                    ("over", yuan_in(lang, over)),
                    ("budget", yuan_in(lang, p.budget)),
                ],
            ),
        ];
        if let Some(base) = prev
            .as_ref()
            .and_then(|r| r.amount)
            .filter(|_| notice == Notice::Worsened)
        {
            lines.push(t(lang, "mail-over-last", &[("over", yuan_in(lang, base))]));
        }
        self.pending.push(Pending {
            kind: EmailKind::Overspend,
            index: p.index,
            notice,
            level: Level::Red,
            change: c,
            lines,
            tag,
        });
    }
}

// ---------------------------------------------------------------- messages

/// Collects one recipient's sections for the night.
#[derive(Default)]
struct Draft {
    sections: BTreeMap<EmailKind, Section>,
    items: Vec<Item>,
    projects: BTreeSet<String>,
    changes: Vec<usize>,
    closing: Vec<String>,
    /// Whom the 情况说明 of this message's warnings go to (its projects'
    /// offices: one unless the projects belong to units with offices of
    /// their own), in order of first mention.
    explain_to: Vec<String>,
}

impl Draft {
    fn section(&mut self, kind: EmailKind, title: String, paragraphs: Vec<String>) -> &mut Section {
        self.section_with(kind, || (title, paragraphs))
    }

    /// Like `section`, writing the title and paragraphs only for a new
    /// section (this is called per notice).
    fn section_with(
        &mut self,
        kind: EmailKind,
        words: impl FnOnce() -> (String, Vec<String>),
    ) -> &mut Section {
        self.sections.entry(kind).or_insert_with(|| {
            let (title, paragraphs) = words();
            Section {
                kind: kind.code().into(),
                title,
                paragraphs,
                blocks: Vec::new(),
            }
        })
    }
}

/// `year_end_day` is `year_end_date` of the night, worked out once by the
/// caller: it goes over every project, and this is called per notice (a
/// province's checkpoint night: 59,000 notices x 100,000 projects was
/// three minutes).
fn section_title(kind: EmailKind, n: &Night<'_>, year_end_day: NaiveDate) -> (String, Vec<String>) {
    let s = &n.config.settings;
    let lang = lang_of(n.config);
    let gaps = || {
        [
            ("yellow", s.thresholds.yellow_gap_points.to_string()),
            ("red", s.thresholds.red_gap_points.to_string()),
        ]
    };
    match kind {
        // At the year's last checkpoint there is nothing left to push:
        // what is unspent becomes 结转结余, and the 情况说明 says why.
        EmailKind::Checkpoint if n.now.as_of >= year_end_day => (
            t(lang, "mail-title-checkpoint", &[]),
            vec![t(lang, "mail-para-checkpoint-final", &gaps())],
        ),
        EmailKind::Checkpoint => (
            t(lang, "mail-title-checkpoint", &[]),
            vec![t(lang, "mail-para-checkpoint", &gaps())],
        ),
        EmailKind::Overspend => (
            t(lang, "mail-title-overspend", &[]),
            vec![t(lang, "mail-para-overspend", &[])],
        ),
        EmailKind::Early => (
            t(lang, "mail-title-early", &[]),
            vec![t(
                lang,
                "mail-para-early",
                &[("days", s.alerts.early_lead_days.to_string())],
            )],
        ),
        EmailKind::Escalation => (
            t(lang, "mail-title-escalation", &[]),
            vec![t(
                lang,
                "mail-para-escalation",
                &[("red", s.thresholds.red_gap_points.to_string())],
            )],
        ),
        EmailKind::YearEnd => (t(lang, "mail-title-year-end", &[]), vec![]),
        EmailKind::Office => (t(lang, "mail-title-office", &[]), vec![]),
        EmailKind::Digest | EmailKind::Monthly => (String::new(), vec![]),
    }
}

/// Who receives project `i`'s 情况说明: its office (its unit's, else the
/// department's), else its head; None: nobody named (财务科).
fn explanation_to(cfg: &Config, i: usize) -> Option<&Person> {
    cfg.office_of(i).or(cfg.head_of(i))
}

/// [`explanation_to`] as a closing names them.
fn addressee(lang: Lang, to: Option<&Person>) -> String {
    match to {
        Some(p) => t(
            lang,
            "mail-to-person",
            &[("name", p.name.clone()), ("email", p.email.clone())],
        ),
        None => t(lang, "mail-to-finance", &[]),
    }
}

/// What a list's items are joined with: 、 (or ，) in Chinese, a
/// semicolon or comma in English.
fn joined(lang: Lang, parts: &[String], zh: &str, en: &str) -> String {
    parts.join(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

fn subject_of(
    lang: Lang,
    kinds: &[EmailKind],
    draft: &Draft,
    as_of: NaiveDate,
    year: i32,
) -> String {
    let parts: Vec<String> = kinds
        .iter()
        .map(|k| {
            let count = [("count", draft.sections[k].blocks.len().to_string())];
            match k {
                EmailKind::Checkpoint => t(lang, "mail-subj-checkpoint", &count),
                EmailKind::Overspend => t(lang, "mail-subj-overspend", &count),
                EmailKind::Early => t(lang, "mail-subj-early", &count),
                EmailKind::Escalation => t(lang, "mail-subj-escalation", &count),
                EmailKind::YearEnd => t(lang, "mail-subj-year-end", &[("year", year.to_string())]),
                EmailKind::Office => t(lang, "mail-subj-office", &[]),
                EmailKind::Digest | EmailKind::Monthly => String::new(),
            }
        })
        .collect();
    t(
        lang,
        "mail-subject",
        &[
            ("parts", joined(lang, &parts, "；", "; ")),
            ("date", date_in(lang, as_of)),
        ],
    )
}

fn year_end_block(
    lang: Lang,
    p: &ProjectStatus,
    year_end: NaiveDate,
    th: &crate::model::Thresholds,
) -> Block {
    let final_cp = p.checkpoints.last();
    let status = final_cp.map(|c| c.status(p.budget, th)).unwrap_or(p.status);
    let paid = final_cp.map(|c| c.paid).unwrap_or(p.paid);
    let balance = Fen((p.budget - paid).0.max(0));
    let mut lines = vec![t(
        lang,
        "mail-year-end-line",
        &[
            (
                "date",
                date_in(lang, final_cp.map(|c| c.date).unwrap_or(year_end)),
            ),
            ("budget", yuan_in(lang, p.budget)),
            ("paid", yuan_in(lang, paid)),
            (
                "execution",
                pct_sign(crate::base::percent::percent_of(paid, p.budget)),
            ),
            ("status", status.label_in(lang)),
            ("balance", yuan_in(lang, balance)),
        ],
    )];
    if paid > p.budget {
        lines.push(t(
            lang,
            "mail-over-budget-by",
            &[("over", yuan_in(lang, paid - p.budget))],
        ));
    }
    Block {
        heading: name_code(lang, &p.name, &p.code),
        lines,
        rank: rank(EmailKind::YearEnd, p),
    }
}

fn department_summary(lang: Lang, at: &Progress, day: NaiveDate, title: String) -> Vec<String> {
    let budget = at.total_budget();
    let paid = at.total_paid();
    let plan_amount: Decimal = at
        .projects
        .iter()
        .map(|p| p.expected_pct * Decimal::from(p.budget.0))
        .sum();
    let plan_pct = if budget.0 > 0 {
        plan_amount / Decimal::from(budget.0)
    } else {
        Decimal::ZERO
    };
    let time = at
        .projects
        .first()
        .map(|p| p.time_progress_pct)
        .unwrap_or_default();
    let count = |s: Status| at.projects.iter().filter(|p| p.status == s).count();
    vec![
        t(
            lang,
            "mail-dept-summary",
            &[
                ("title", title),
                ("date", date_in(lang, day)),
                ("count", at.projects.len().to_string()),
                ("budget", yuan_wan_in(lang, budget)),
                ("paid", yuan_wan_in(lang, paid)),
                (
                    "execution",
                    pct_sign(crate::base::percent::percent_of(paid, budget)),
                ),
                ("expected", pct_sign(plan_pct)),
                ("time", pct_sign(time)),
            ],
        ),
        t(
            lang,
            "mail-dept-counts",
            &[
                ("red", count(Status::Red).to_string()),
                ("yellow", count(Status::Yellow).to_string()),
                ("over", count(Status::Overspent).to_string()),
                ("behind", count(Status::Behind).to_string()),
            ],
        ),
    ]
}

/// The night's plan: pure, so every rule has a table test.
pub fn plan(n: &Night<'_>) -> Plan {
    let cfg = n.config;
    let as_of = n.now.as_of;
    let lang = lang_of(cfg);
    let mut r = Rules {
        n,
        plan: Plan::default(),
        pending: Vec::new(),
        escalate: Vec::new(),
        news: Vec::new(),
    };
    // After the year-end result no execution warning for the year is sent.
    if !n.year_end_sent {
        for p in &n.now.projects {
            let exempt = cfg.settings.exemption(&p.code, as_of).is_some();
            r.checkpoint(p, exempt);
            r.early(p, exempt);
            r.overspend(p, exempt);
        }
    }
    let year_end_day = year_end_date(cfg);
    let year_end = !n.year_end_sent && as_of >= year_end_day;
    let Rules {
        mut plan,
        pending,
        escalate,
        news,
        ..
    } = r;
    plan.year_end = year_end;

    // Per recipient: all of their notices of the night in one message.
    let mut drafts: BTreeMap<String, (Person, Draft)> = BTreeMap::new();
    let mut addressees: HashMap<Option<&str>, String> = HashMap::new();
    let th = &cfg.settings.thresholds;
    let by_index = |i: usize| &n.now.projects[i];
    for pn in &pending {
        let p = by_index(pn.index);
        let Some(to) = cfg.projects[pn.index]
            .owner
            .as_deref()
            .or(cfg.head_of(pn.index))
            .or(cfg.office_of(pn.index))
        else {
            plan.unaddressed.push(p.code.clone());
            continue;
        };
        let (_, d) = drafts
            .entry(to.email.clone())
            .or_insert_with(|| (to.clone(), Draft::default()));
        let label = level_label(lang, pn.kind, pn.level);
        let mut heading = level_heading(lang, &label, heading(cfg, p));
        if !pn.tag.is_empty() {
            heading = t(
                lang,
                "mail-with-tag",
                &[("heading", heading), ("tag", t(lang, pn.tag, &[]))],
            );
        }
        d.section_with(pn.kind, || section_title(pn.kind, n, year_end_day))
            .blocks
            .push(Block {
                heading,
                lines: pn.lines.clone(),
                rank: rank(pn.kind, p),
            });
        d.items.push(Item {
            project: p.code.clone(),
            kind: pn.kind,
            level: label,
            figures: pn.lines.join(" "),
            exemption: None,
        });
        d.projects.insert(p.code.clone());
        d.changes.push(pn.change);
        if matches!(pn.kind, EmailKind::Checkpoint | EmailKind::Overspend) {
            // Worded once per addressee: a province's checkpoint night has
            // tens of thousands of warnings and a handful of offices.
            let person = explanation_to(cfg, pn.index);
            let to = addressees
                .entry(person.map(|p| p.email.as_str()))
                .or_insert_with(|| addressee(lang, person));
            if !d.explain_to.contains(to) {
                d.explain_to.push(to.clone());
            }
        }
    }
    // Warnings ask for a 情况说明: whom to send it to and by when.
    let deadline = cfg
        .settings
        .calendar
        .add_working_days(as_of, cfg.settings.alerts.explanation_days as u32);
    for (_, d) in drafts.values_mut() {
        if !d.explain_to.is_empty() {
            // Projects of several units: each to its own unit's office,
            // the first few named (an owner across thousands of units
            // would otherwise get a paragraph of addresses).
            let to = match d.explain_to.len() {
                1 => d.explain_to[0].clone(),
                n => {
                    let shown = &d.explain_to[..n.min(MAX_ADDRESSEES)];
                    let mut list = joined(lang, shown, "、", "; ");
                    if n > shown.len() {
                        list = t(
                            lang,
                            "mail-to-more",
                            &[("list", list), ("count", n.to_string())],
                        );
                    }
                    t(lang, "mail-to-units", &[("list", list)])
                }
            };
            d.closing.push(t(
                lang,
                "mail-closing",
                &[
                    ("date", date_in(lang, deadline)),
                    ("days", cfg.settings.alerts.explanation_days.to_string()),
                    ("to", to),
                ],
            ));
        }
    }
    // The head (the unit's own, else the department's): at once only when
    // a project is red at a checkpoint.
    {
        for &i in &escalate {
            let Some(head) = cfg.head_of(i) else {
                continue;
            };
            let p = by_index(i);
            let cp = p.checkpoints.last().expect("a checkpoint warning has one");
            let (_, d) = drafts
                .entry(head.email.clone())
                .or_insert_with(|| (head.clone(), Draft::default()));
            let lines = vec![
                line_now_in(lang, p, as_of),
                line_checkpoint_in(lang, cp, cp.status(p.budget, th)),
            ];
            d.section_with(EmailKind::Escalation, || {
                section_title(EmailKind::Escalation, n, year_end_day)
            })
            .blocks
            .push(Block {
                heading: heading(cfg, p),
                lines: lines.clone(),
                rank: rank(EmailKind::Escalation, p),
            });
            d.items.push(Item {
                project: p.code.clone(),
                kind: EmailKind::Escalation,
                level: Level::Red.label_in(lang),
                figures: lines.join(" "),
                exemption: None,
            });
            d.projects.insert(p.code.clone());
        }
    }
    // The office: a digest when something new happened. A unit with an
    // office of its own gets its projects' news; the department's office
    // the rest and the night's data problems.
    let mut offices: BTreeMap<String, (Person, Vec<Block>, Vec<Item>)> = BTreeMap::new();
    let mut news_for = |i: usize, block: Block, item: Item| {
        if let Some(office) = cfg.office_of(i) {
            let (_, blocks, items) = offices
                .entry(office.email.clone())
                .or_insert_with(|| (office.clone(), Vec::new(), Vec::new()));
            blocks.push(block);
            items.push(item);
        }
    };
    for pn in pending
        .iter()
        .filter(|pn| matches!(pn.notice, Notice::New | Notice::Worsened))
    {
        let p = by_index(pn.index);
        let label = level_label(lang, pn.kind, pn.level);
        let what = t(
            lang,
            "mail-office-what",
            &[("kind", pn.kind.label_in(lang)), ("level", label.clone())],
        );
        let line = line_now_in(lang, p, as_of);
        news_for(
            pn.index,
            Block {
                heading: t(
                    lang,
                    "mail-office-heading",
                    &[("heading", heading(cfg, p)), ("what", what)],
                ),
                lines: vec![line.clone()],
                rank: rank(pn.kind, p),
            },
            Item {
                project: p.code.clone(),
                kind: EmailKind::Office,
                level: label,
                figures: line,
                exemption: None,
            },
        );
    }
    for (i, what) in &news {
        let p = by_index(*i);
        let line = line_now_in(lang, p, as_of);
        news_for(
            *i,
            Block {
                heading: t(
                    lang,
                    "mail-office-heading",
                    &[("heading", heading(cfg, p)), ("what", what.clone())],
                ),
                lines: vec![line.clone()],
                rank: rank(EmailKind::Office, p),
            },
            Item {
                project: p.code.clone(),
                kind: EmailKind::Office,
                level: p.status.label_in(lang),
                figures: line,
                exemption: exemption_note(cfg, lang, &p.code, as_of),
            },
        );
    }
    if let Some(office) = cfg.department.office.as_ref() {
        if !n.new_problems.is_empty() {
            offices
                .entry(office.email.clone())
                .or_insert_with(|| (office.clone(), Vec::new(), Vec::new()));
        }
    }
    for (email, (office, blocks, items)) in offices {
        let problems = cfg
            .department
            .office
            .as_ref()
            .is_some_and(|o| o.email == email)
            && !n.new_problems.is_empty();
        let (_, d) = drafts
            .entry(email)
            .or_insert_with(|| (office, Draft::default()));
        let (title, _) = section_title(EmailKind::Office, n, year_end_day);
        let mut paragraphs = Vec::new();
        if blocks.is_empty() {
            paragraphs.push(t(lang, "mail-office-none", &[]));
        }
        if problems {
            paragraphs.push(t(
                lang,
                "mail-office-problems",
                &[("count", n.new_problems.len().to_string())],
            ));
            paragraphs.extend(
                n.new_problems
                    .iter()
                    .map(|p| t(lang, "mail-office-problem", &[("problem", p.clone())])),
            );
        }
        for it in &items {
            d.projects.insert(it.project.clone());
        }
        d.items.extend(items);
        let s = d.section(EmailKind::Office, title, paragraphs);
        s.blocks.extend(blocks);
    }
    // The year-end result: owners their projects, head and office the department.
    if year_end {
        let year = cfg.settings.fiscal_year;
        let owners = projects_by_owner(cfg);
        for (email, (owner, idx)) in owners {
            let (_, d) = drafts
                .entry(email)
                .or_insert_with(|| (owner.clone(), Draft::default()));
            let blocks: Vec<Block> = idx
                .iter()
                .map(|&i| year_end_block(lang, by_index(i), year_end_day, th))
                .collect();
            for (&i, b) in idx.iter().zip(&blocks) {
                d.projects.insert(cfg.projects[i].code.clone());
                d.items.push(Item {
                    project: cfg.projects[i].code.clone(),
                    kind: EmailKind::YearEnd,
                    level: by_index(i).status.label_in(lang),
                    figures: b.lines.join(" "),
                    exemption: None,
                });
            }
            let s = d.section(
                EmailKind::YearEnd,
                t(lang, "mail-title-year-end", &[]),
                vec![t(
                    lang,
                    "mail-year-end-owner",
                    &[
                        ("year", year.to_string()),
                        ("date", date_in(lang, year_end_day)),
                    ],
                )],
            );
            s.blocks.extend(blocks);
        }
        for person in [&cfg.department.head, &cfg.department.office]
            .into_iter()
            .flatten()
        {
            let (_, d) = drafts
                .entry(person.email.clone())
                .or_insert_with(|| (person.clone(), Draft::default()));
            let title = t(lang, "mail-dept-title-year", &[("year", year.to_string())]);
            let (paragraphs, blocks, items) =
                year_end_summary(cfg, n.now, title, year_end_day.min(as_of), year_end_day);
            d.items.extend(items);
            let s = d.section(
                EmailKind::YearEnd,
                t(lang, "mail-title-year-end", &[]),
                paragraphs,
            );
            s.blocks.extend(blocks);
        }
        // A unit's own head and office: the same result for its projects
        // (unless they are the department's, who have it all).
        {
            let dept: Vec<&str> = [&cfg.department.head, &cfg.department.office]
                .into_iter()
                .flatten()
                .map(|p| p.email.as_str())
                .collect();
            for (c, unit, part) in own_units(cfg, n.now) {
                for person in [&c.head, &c.office]
                    .into_iter()
                    .flatten()
                    .filter(|p| !dept.contains(&p.email.as_str()))
                {
                    let (_, d) = drafts
                        .entry(person.email.clone())
                        .or_insert_with(|| (person.clone(), Draft::default()));
                    let title = t(
                        lang,
                        "mail-unit-title-year",
                        &[("year", year.to_string()), ("unit", unit.name.clone())],
                    );
                    let (paragraphs, blocks, items) =
                        year_end_summary(cfg, &part, title, year_end_day.min(as_of), year_end_day);
                    d.items.extend(items);
                    // One person for two units: both units' results.
                    let s = d.section(
                        EmailKind::YearEnd,
                        t(lang, "mail-title-year-end", &[]),
                        Vec::new(),
                    );
                    s.paragraphs.extend(paragraphs);
                    s.blocks.extend(blocks);
                }
            }
        }
    }
    let tz_key = as_of.to_string();
    for (email, (to, d)) in drafts {
        if d.sections.is_empty() {
            continue;
        }
        let kinds: Vec<EmailKind> = d.sections.keys().copied().collect();
        let subject = subject_of(lang, &kinds, &d, as_of, cfg.settings.fiscal_year);
        let projects: Vec<String> = d.projects.iter().cloned().collect();
        let fingerprint =
            xxhash_rust::xxh3::xxh3_64(format!("{kinds:?}{projects:?}{:?}", d.changes).as_bytes());
        let index = plan.messages.len();
        for &c in &d.changes {
            plan.changes[c].message = Some(index);
        }
        plan.messages.push(Message {
            dedup_key: format!("night:{tz_key}:{email}:{fingerprint:016x}"),
            context: Context {
                kinds: kinds.iter().map(|k| k.code().to_string()).collect(),
                recipient: to.name.clone(),
                department: cfg.department.unit_name.clone(),
                as_of: date_in(lang, as_of),
                subject,
                sections: d.sections.into_values().collect(),
                closing: d.closing,
                prefix: None,
            },
            to,
            kinds,
            projects,
            items: d.items,
            report_month_end: None,
            full_list: false,
        });
    }
    for due in &n.monthly {
        monthly_messages(n, due, &mut plan);
    }
    for m in &mut plan.messages {
        fit(lang, m);
    }
    plan
}

/// At most this many addressees a closing names when a message's
/// projects answer to several units' offices.
const MAX_ADDRESSEES: usize = 5;

/// At most this many projects are written out in one message. A
/// province's checkpoint night gave its office one digest of 59,000
/// projects (tens of megabytes: more than mail servers accept, and more
/// than anyone reads) and owners of thousands of projects 2.7 MB each.
pub const MAX_LISTED: usize = 100;

/// At most this many rows in the 项目清单 a long message attaches: the
/// most pressing of each kind first (see [`rank`]), the rest counted with
/// where to find them (the 预警台账, `log --format xlsx`, records every
/// item). 100,000 rows made a year-end email of 12.8 MB, over the 10 MB
/// most mail servers accept, so the head would have got nothing; 20,000
/// keep it near 2.6 MB.
pub const MAX_LIST_ROWS: usize = 20_000;

/// Where a project stands in a long message: lower is listed first. The
/// gap behind the expected progress (negative when behind) for every kind
/// but overspending, where the most overspent (highest execution) comes
/// first; at the same gap (a province has tens of thousands at 50 points
/// behind with nothing paid) the larger budget first.
pub(crate) fn rank(kind: EmailKind, p: &ProjectStatus) -> (Decimal, i64) {
    let gap = match kind {
        EmailKind::Overspend => -p.execution_pct,
        _ => p.gap_points,
    };
    (gap, -p.budget.0)
}

/// Keeps a message readable and deliverable: past [`MAX_LISTED`] projects,
/// each section (most severe first) lists its most behind while the room
/// lasts, says how many it has and that the attachment holds them all
/// (every item stays in the message's record either way). A message
/// within the limit is left exactly as built.
fn fit(lang: Lang, m: &mut Message) {
    let total: usize = m.context.sections.iter().map(|s| s.blocks.len()).sum();
    if total <= MAX_LISTED {
        return;
    }
    let mut room = MAX_LISTED;
    for s in &mut m.context.sections {
        let n = s.blocks.len();
        s.blocks.sort_by_key(|b| b.rank);
        s.blocks.truncate(room);
        room -= s.blocks.len();
        if s.blocks.len() < n {
            let list = list_title(lang);
            s.paragraphs.push(if s.blocks.is_empty() {
                t(
                    lang,
                    "mail-fit-all",
                    &[("count", n.to_string()), ("list", list)],
                )
            } else {
                t(
                    lang,
                    "mail-fit-some",
                    &[
                        ("count", n.to_string()),
                        ("shown", s.blocks.len().to_string()),
                        ("list", list),
                    ],
                )
            });
        }
    }
    m.full_list = true;
}

/// The rows of the 项目清单 a long message attaches: every item in the
/// message's order, or past `max` the most pressing: kind by kind in the
/// message's order (most severe first, as its sections), within a kind by
/// `rank_of` (see [`rank`]; an item without one last), cut at `max`.
pub fn list_rows(
    m: &Message,
    max: usize,
    rank_of: impl Fn(&Item) -> Option<(Decimal, i64)>,
) -> Vec<&Item> {
    let mut items: Vec<&Item> = m.items.iter().collect();
    if items.len() <= max {
        return items;
    }
    let kind_at = |k: EmailKind| m.kinds.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    items.sort_by_cached_key(|it| {
        let rank = rank_of(it);
        (kind_at(it.kind), rank.is_none(), rank)
    });
    items.truncate(max);
    items
}

/// The name of the workbook a long message attaches (see [`fit`]).
pub const LIST_TITLE: &str = "项目清单";

/// [`LIST_TITLE`] in `lang`.
pub fn list_title(lang: Lang) -> String {
    t(lang, "mail-list-title", &[])
}

fn level_label(lang: Lang, kind: EmailKind, level: Level) -> String {
    use crate::base::i18n::{fixed_in, FixedCache};
    static CACHE: FixedCache<2> = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    let labels = fixed_in(&CACHE, lang, ["mail-label-overspend", "mail-label-early"]);
    match kind {
        EmailKind::Overspend => labels[0].clone(),
        EmailKind::Early => labels[1].clone(),
        _ => level.label_in(lang),
    }
}

/// The month just ended: each owner their projects, the head the department.
fn monthly_messages(n: &Night<'_>, due: &MonthlyDue, plan: &mut Plan) {
    let cfg = n.config;
    let lang = lang_of(cfg);
    let at = &due.progress;
    let day = due.month_end;
    // The month as the wording names it: 6 (月) or June.
    let m = match lang {
        Lang::Zh => day.month().to_string(),
        Lang::En => en_month(day.month()).to_string(),
    };
    let owners = projects_by_owner(cfg);
    for (email, (owner, idx)) in owners {
        let mut items = Vec::new();
        let blocks: Vec<Block> = idx
            .iter()
            .map(|&i| {
                let p = &at.projects[i];
                let mut lines = vec![line_now_in(lang, p, day)];
                lines.extend(line_needed_in(lang, p));
                let ex = exemption_note(cfg, lang, &p.code, day);
                lines.extend(ex.clone());
                let label = p.status.label_in(lang);
                items.push(Item {
                    project: p.code.clone(),
                    kind: EmailKind::Monthly,
                    level: label.clone(),
                    figures: lines[0].clone(),
                    exemption: ex,
                });
                Block {
                    heading: level_heading(lang, &label, name_code(lang, &p.name, &p.code)),
                    lines,
                    rank: rank(EmailKind::Monthly, p),
                }
            })
            .collect();
        let budget: Fen = idx.iter().map(|&i| at.projects[i].budget).sum();
        let paid: Fen = idx.iter().map(|&i| at.projects[i].paid).sum();
        let projects: Vec<String> = idx.iter().map(|&i| at.projects[i].code.clone()).collect();
        plan.messages.push(Message {
            dedup_key: format!("monthly:{}:{email}", due.period),
            context: Context {
                kinds: vec!["monthly".into()],
                recipient: owner.name.clone(),
                department: cfg.department.unit_name.clone(),
                as_of: date_in(lang, n.now.as_of),
                subject: t(
                    lang,
                    "mail-monthly-subject",
                    &[("month", m.clone()), ("count", idx.len().to_string())],
                ),
                sections: vec![Section {
                    kind: "monthly".into(),
                    title: t(lang, "mail-monthly-title", &[("month", m.clone())]),
                    paragraphs: vec![t(
                        lang,
                        "mail-monthly-owner",
                        &[
                            ("date", date_in(lang, day)),
                            ("month", m.clone()),
                            ("count", idx.len().to_string()),
                            ("budget", yuan_wan_in(lang, budget)),
                            ("paid", yuan_wan_in(lang, paid)),
                            (
                                "execution",
                                pct_sign(crate::base::percent::percent_of(paid, budget)),
                            ),
                        ],
                    )],
                    blocks,
                }],
                closing: vec![],
                prefix: None,
            },
            to: owner,
            kinds: vec![EmailKind::Monthly],
            projects,
            items,
            report_month_end: Some(day),
            full_list: false,
        });
    }
    if let Some(head) = &cfg.department.head {
        let unit = Scope {
            code: None,
            name: cfg.department.unit_name.clone(),
        };
        plan.messages.push(digest(n, due, &m, at, head, &unit));
    }
    // A unit with a head of its own: its projects' digest to that head
    // (unless the department's head is the same person).
    for (contacts, unit, part) in own_units(cfg, at) {
        let Some(head) = contacts.head.as_ref() else {
            continue;
        };
        if cfg
            .department
            .head
            .as_ref()
            .is_some_and(|h| h.email == head.email)
        {
            continue;
        }
        plan.messages.push(digest(n, due, &m, &part, head, &unit));
    }
}

/// The units the units file names (in the order the projects name them),
/// each with its contacts, its scope (code, and its name: the file's, else
/// its projects') and its projects' figures taken from `at`.
fn own_units<'c>(cfg: &'c Config, at: &Progress) -> Vec<(&'c UnitContacts, Scope, Progress)> {
    if cfg.department.units.is_empty() {
        return Vec::new();
    }
    cfg.units()
        .into_iter()
        .filter_map(|u| {
            let c = cfg.department.units.get(&*u.code)?;
            let part = Progress {
                as_of: at.as_of,
                projects: u.projects.iter().map(|&i| at.projects[i].clone()).collect(),
            };
            let name = if c.name.is_empty() {
                u.name.to_string()
            } else {
                c.name.clone()
            };
            let scope = Scope {
                code: Some(u.code.to_string()),
                name,
            };
            Some((c, scope, part))
        })
        .collect()
}

/// Whose figures a monthly digest gives: the department's, or one unit's.
struct Scope {
    /// 单位编码 of a unit's digest; None for the department's.
    code: Option<String>,
    /// The name its subject and summary give.
    name: String,
}

/// The head's monthly digest of `at` (the department's projects, or one
/// unit's): the summary, what was sent (department only: the log does
/// not keep messages per unit), the 情况说明 still owed for these
/// projects, and every project behind.
fn digest(
    n: &Night<'_>,
    due: &MonthlyDue,
    m: &str,
    at: &Progress,
    head: &Person,
    scope: &Scope,
) -> Message {
    let cfg = n.config;
    let lang = lang_of(cfg);
    let day = due.month_end;
    let m = m.to_string();
    let title = match &scope.code {
        None => t(lang, "mail-dept-title-month", &[("month", m.clone())]),
        Some(_) => t(
            lang,
            "mail-unit-title-month",
            &[("month", m.clone()), ("unit", scope.name.clone())],
        ),
    };
    let mut paragraphs = department_summary(lang, at, day, title);
    if scope.code.is_none() {
        let sent: Vec<String> = due
            .sent
            .iter()
            .map(|(k, c)| {
                let label = k
                    .split(',')
                    .next()
                    .and_then(EmailKind::from_code)
                    .map(|k| k.label_in(lang))
                    .unwrap_or_else(|| t(lang, "mail-kind-other", &[]));
                t(
                    lang,
                    "mail-sent-count",
                    &[("label", label), ("count", c.to_string())],
                )
            })
            .collect();
        paragraphs.push(if sent.is_empty() {
            t(lang, "mail-sent-none", &[("month", m.clone())])
        } else {
            t(
                lang,
                "mail-sent",
                &[
                    ("month", m.clone()),
                    ("list", joined(lang, &sent, "，", ", ")),
                ],
            )
        });
    }
    // A unit's digest: only its projects' (the department's has them all).
    let ours: Option<std::collections::HashSet<&str>> = scope
        .code
        .as_ref()
        .map(|_| at.projects.iter().map(|p| p.code.as_str()).collect());
    let outstanding: Vec<&Key> = n
        .remembered
        .iter()
        .filter(|(k, r)| {
            k.kind == Kind::Checkpoint
                && ours.as_ref().is_none_or(|o| o.contains(k.project.as_str()))
                && r.state == State::Open
                && r.last_notified.is_some()
                && cfg.settings.exemption(&k.project, n.now.as_of).is_none()
        })
        .map(|(k, _)| k)
        .collect();
    paragraphs.push(if outstanding.is_empty() {
        t(lang, "mail-explanations-none", &[])
    } else {
        // Named up to the listing limit; a province has tens of
        // thousands (and a search of the registry per name took minutes).
        let names = cfg.project_index();
        let named: Vec<String> = outstanding
            .iter()
            .take(MAX_LISTED)
            .map(|k| {
                let name = names
                    .get(k.project.as_str())
                    .map_or("", |&i| cfg.projects[i].name.as_str());
                t(
                    lang,
                    "mail-outstanding-item",
                    &[
                        ("name", name.to_string()),
                        ("code", k.project.clone()),
                        ("checkpoint", k.reason.clone()),
                    ],
                )
            })
            .collect();
        let list = joined(lang, &named, "、", "; ");
        if outstanding.len() > named.len() {
            t(
                lang,
                "mail-outstanding-more",
                &[("count", outstanding.len().to_string()), ("list", list)],
            )
        } else {
            t(lang, "mail-outstanding", &[("list", list)])
        }
    });
    let mut items = Vec::new();
    let blocks: Vec<Block> = at
        .projects
        .iter()
        .filter(|p| p.status.is_warning() || p.status == Status::Overspent)
        .map(|p| {
            let label = p.status.label_in(lang);
            let line = line_now_in(lang, p, day);
            items.push(Item {
                project: p.code.clone(),
                kind: EmailKind::Digest,
                level: label.clone(),
                figures: line.clone(),
                exemption: exemption_note(cfg, lang, &p.code, day),
            });
            Block {
                heading: level_heading(lang, &label, heading(cfg, p)),
                lines: vec![line],
                rank: rank(EmailKind::Digest, p),
            }
        })
        .collect();
    let projects = items.iter().map(|i| i.project.clone()).collect();
    let dedup_key = match &scope.code {
        None => format!("digest:{}:{}", due.period, head.email),
        Some(code) => format!("digest:{}:{code}:{}", due.period, head.email),
    };
    Message {
        dedup_key,
        context: Context {
            kinds: vec!["digest".into()],
            recipient: head.name.clone(),
            department: scope.name.clone(),
            as_of: date_in(lang, n.now.as_of),
            subject: t(
                lang,
                "mail-digest-subject",
                &[("unit", scope.name.clone()), ("month", m.clone())],
            ),
            sections: vec![Section {
                kind: "digest".into(),
                title: t(lang, "mail-monthly-title", &[("month", m.clone())]),
                paragraphs,
                blocks,
            }],
            closing: vec![],
            prefix: scope
                .code
                .as_ref()
                .map(|_| t(lang, "mail-prefix-unit-digest", &[])),
        },
        to: head.clone(),
        kinds: vec![EmailKind::Digest],
        projects,
        items,
        report_month_end: Some(day),
        full_list: false,
    }
}

/// The year-end result of `at` (the department's projects or one unit's)
/// for a head or an office: the summary and balance paragraphs, and a
/// block and an item for every project.
fn year_end_summary(
    cfg: &Config,
    at: &Progress,
    title: String,
    day: NaiveDate,
    year_end_day: NaiveDate,
) -> (Vec<String>, Vec<Block>, Vec<Item>) {
    let lang = lang_of(cfg);
    let th = &cfg.settings.thresholds;
    let mut paragraphs = department_summary(lang, at, day, title);
    let balance: Fen = at
        .projects
        .iter()
        .map(|p| Fen((p.budget - p.paid).0.max(0)))
        .sum();
    paragraphs.push(t(
        lang,
        "mail-year-end-balance",
        &[("balance", yuan_wan_in(lang, balance))],
    ));
    let mut items = Vec::with_capacity(at.projects.len());
    let blocks: Vec<Block> = at
        .projects
        .iter()
        .map(|p| {
            let mut b = year_end_block(lang, p, year_end_day, th);
            b.heading = heading(cfg, p);
            // Recorded like the owners' (and listed in full when the
            // message is too long to write every one out).
            items.push(Item {
                project: p.code.clone(),
                kind: EmailKind::YearEnd,
                level: p.status.label_in(lang),
                figures: b.lines.join(" "),
                exemption: None,
            });
            b
        })
        .collect();
    (paragraphs, blocks, items)
}

/// Each owner (by address, in address order) and the indexes of their
/// projects.
fn projects_by_owner(cfg: &Config) -> BTreeMap<String, (Person, Vec<usize>)> {
    let mut owners: BTreeMap<String, (Person, Vec<usize>)> = BTreeMap::new();
    for (i, p) in cfg.projects.iter().enumerate() {
        if let Some(o) = &p.owner {
            owners
                .entry(o.email.clone())
                .or_insert_with(|| (Person::clone(o), Vec::new()))
                .1
                .push(i);
        }
    }
    owners
}

#[cfg(test)]
mod tests;
