//! `schedule`: when the scheduled emails fall due next.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::Args;

use super::{parse_as_of, print_stdout, today, unusable};
use crate::jobs::{inputs, Outcome, Unusable};

#[derive(Debug, Args)]
pub(crate) struct ScheduleArgs {
    /// Config folder holding settings.toml and projects.toml.
    #[arg(long, default_value = "config", value_name = "DIR")]
    config: PathBuf,
    /// Projects from this registry CSV instead of projects.toml (as `run
    /// --projects` reads them): its owners are listed.
    #[arg(long, value_name = "FILE")]
    projects: Option<PathBuf>,
    /// From this date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    as_of: Option<NaiveDate>,
    /// How many times to list.
    #[arg(long, default_value_t = 3)]
    count: usize,
}

pub(crate) fn schedule(a: &ScheduleArgs) -> Outcome {
    let from = a.as_of.unwrap_or_else(today);
    let config = match inputs::load_config(&a.config, a.projects.as_deref(), from.year()) {
        Ok(c) => c,
        Err(u) => return unusable(u),
    };
    let expr = &config.settings.email.monthly_schedule;
    let sched = match crate::schedule::parse_cron(expr) {
        Ok(s) => s,
        Err(e) => return unusable(Unusable::error(e)),
    };
    // A scheduled day off moves to the next working day (official calendar).
    let cal = &config.settings.calendar;
    let times: Vec<String> = crate::schedule::upcoming(&sched, from, a.count)
        .iter()
        .map(|t| {
            let day = cal.on_or_after(t.date());
            if day == t.date() {
                t.format("%Y-%m-%d %H:%M").to_string()
            } else {
                crate::base::i18n::message(
                    "schedule-moved",
                    &[
                        ("day", day.to_string()),
                        ("time", t.format("%H:%M").to_string()),
                        ("date", t.date().to_string()),
                    ],
                )
            }
        })
        .collect();
    // Owners (their projects' progress), then the department's head and
    // each unit's own head (their digests), each address once per list.
    let mut seen = std::collections::HashSet::new();
    let mut owners: Vec<&crate::model::Person> = Vec::new();
    for p in &config.projects {
        if let Some(o) = &p.owner {
            if seen.insert(o.email.as_str()) {
                owners.push(o);
            }
        }
    }
    let mut heads: Vec<&crate::model::Person> = Vec::new();
    let units = config.units();
    let unit_heads = units
        .iter()
        .filter_map(|u| config.department.units.get(&*u.code))
        .filter_map(|c| c.head.as_ref());
    // An owner who is also a head gets both emails: listed twice.
    let mut seen_heads = std::collections::HashSet::new();
    for h in config.department.head.iter().chain(unit_heads) {
        if seen_heads.insert(h.email.as_str()) {
            heads.push(h);
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        crate::base::i18n::message(
            "schedule-header",
            &[("expr", expr.to_string()), ("from", from.to_string())],
        )
    );
    let line = |key: &str, o: &crate::model::Person| {
        crate::base::i18n::message(
            key,
            &[
                ("name", crate::base::escape::terminal(&o.name)),
                ("email", crate::base::escape::terminal(&o.email)),
                (
                    "times",
                    times.join(&crate::base::i18n::message("schedule-separator", &[])),
                ),
            ],
        )
    };
    for o in owners {
        let _ = writeln!(out, "  {}", line("schedule-owner", o));
    }
    for h in heads {
        let _ = writeln!(out, "  {}", line("schedule-head", h));
    }
    let _ = writeln!(
        out,
        "{}",
        crate::base::i18n::message(
            "schedule-alerts",
            &[
                ("early", config.settings.alerts.early_lead_days.to_string()),
                (
                    "repeat",
                    config.settings.alerts.repeat_interval_days.to_string()
                ),
            ],
        )
    );
    match print_stdout(&out) {
        Ok(()) => Outcome::Ok,
        Err(o) => o,
    }
}
