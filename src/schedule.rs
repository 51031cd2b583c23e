//! Scheduled emails: when the monthly progress email falls due.
//!
//! The nightly job runs once a day at an as-of date, not at the scheduled
//! minute, so a scheduled time is due in the first run whose as-of date is on
//! or after the time's date. Times are naive local times (China has no
//! daylight saving); UTC is only the frame the cron crate computes in.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use cron::Schedule;

/// Parses a cron expression. Five fields (`min hour day month weekday`, as
/// in crontab) get a seconds field of 0; six or seven are the cron crate's
/// own form (with seconds, optionally years).
pub fn parse_cron(expr: &str) -> Result<Schedule, String> {
    let expr = expr.trim();
    let fields = expr.split_whitespace().count();
    let full = match fields {
        5 => format!("0 {expr}"),
        6 | 7 => expr.to_string(),
        _ => {
            return Err(crate::base::i18n::message(
                "cron-field-count",
                &[
                    ("expr", format!("{expr:?}")),
                    ("fields", fields.to_string()),
                ],
            ))
        }
    };
    Schedule::from_str(&full).map_err(|e| {
        crate::base::i18n::message(
            "cron-invalid",
            &[("expr", format!("{expr:?}")), ("error", e.to_string())],
        )
    })
}

/// Refuses a schedule that can fire more than once in a calendar month:
/// "* * * * *" once recorded 8,644 monthly emails in one night. The
/// monthly progress email is, by name and by the office's wish, monthly.
pub fn check_monthly(expr: &str, schedule: &Schedule) -> Result<(), String> {
    let start = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single();
    let Some(start) = start else { return Ok(()) };
    let mut last: Option<NaiveDateTime> = None;
    // Thirteen firings cover a year of a monthly schedule; two in one
    // month show at the latest there.
    for t in schedule.after(&start).take(13).map(|t| t.naive_utc()) {
        if let Some(prev) = last {
            if (prev.year(), prev.month()) == (t.year(), t.month()) {
                return Err(crate::base::i18n::message(
                    "cron-more-than-monthly",
                    &[
                        ("expr", format!("{expr:?}")),
                        ("first", prev.format("%Y-%m-%d %H:%M").to_string()),
                        ("second", t.format("%Y-%m-%d %H:%M").to_string()),
                    ],
                ));
            }
        }
        last = Some(t);
    }
    Ok(())
}

/// Scheduled times whose date lies after `last_run` and on or before
/// `as_of`. Without a previous run only the as-of day's times count, so a
/// fresh install does not send a backlog.
pub fn due(
    schedule: &Schedule,
    last_run: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Vec<NaiveDateTime> {
    let from = match last_run {
        Some(d) if d < as_of => d.succ_opt().unwrap_or(as_of),
        Some(_) => return Vec::new(),
        None => as_of,
    };
    let mut start =
        from.and_hms_opt(0, 0, 0).expect("midnight exists") - chrono::Duration::seconds(1);
    // At most one time per month, whatever the expression says (a second
    // line of defence behind `check_monthly`): after a time is taken the
    // search goes on from the next month's first second.
    let mut times = Vec::new();
    while let Some(t) = schedule
        .after(&Utc.from_utc_datetime(&start))
        .map(|t| t.naive_utc())
        .next()
        .filter(|t| t.date() <= as_of)
    {
        times.push(t);
        let (y, m) = if t.month() == 12 {
            (t.year() + 1, 1)
        } else {
            (t.year(), t.month() + 1)
        };
        match NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.and_hms_opt(0, 0, 0)) {
            Some(next) => start = next - chrono::Duration::seconds(1),
            None => break,
        }
    }
    times
}

/// The next `n` scheduled times on or after the start of `from`.
pub fn upcoming(schedule: &Schedule, from: NaiveDate, n: usize) -> Vec<NaiveDateTime> {
    let start = from.and_hms_opt(0, 0, 0).expect("midnight exists") - chrono::Duration::seconds(1);
    schedule
        .after(&Utc.from_utc_datetime(&start))
        .map(|t| t.naive_utc())
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn five_fields_are_crontab() {
        let s = parse_cron("0 8 1 * *").unwrap();
        let next = upcoming(&s, d("2025-07-15"), 2);
        assert_eq!(next[0].to_string(), "2025-08-01 08:00:00");
        assert_eq!(next[1].to_string(), "2025-09-01 08:00:00");
        assert!(parse_cron("0 8 1 *").is_err());
        assert!(parse_cron("0 99 1 * *").is_err());
    }

    #[test]
    fn due_catches_up_missed_nights() {
        let s = parse_cron("0 8 1 * *").unwrap();
        // (last run, as of, due dates)
        let cases: &[(Option<&str>, &str, &[&str])] = &[
            (None, "2025-01-01", &["2025-01-01"]),
            (None, "2025-01-02", &[]),
            (Some("2025-07-31"), "2025-08-01", &["2025-08-01"]),
            (Some("2025-08-01"), "2025-08-01", &[]),
            (Some("2025-08-01"), "2025-08-02", &[]),
            (
                Some("2025-07-30"),
                "2025-09-03",
                &["2025-08-01", "2025-09-01"],
            ),
            (Some("2025-09-03"), "2025-08-01", &[]),
        ];
        // Capped at one a month even when the expression says more.
        let every_minute = parse_cron("* * * * *").unwrap();
        assert_eq!(
            due(&every_minute, Some(d("2025-06-14")), d("2025-08-02")).len(),
            3
        );
        assert!(check_monthly("* * * * *", &every_minute).is_err());
        assert!(check_monthly("0 8 1,15 * *", &parse_cron("0 8 1,15 * *").unwrap()).is_err());
        assert!(check_monthly("0 8 1 * *", &s).is_ok());

        for (last, as_of, want) in cases {
            let got: Vec<String> = due(&s, last.map(d), d(as_of))
                .iter()
                .map(|t| t.date().to_string())
                .collect();
            assert_eq!(got, *want, "last {last:?} as of {as_of}");
        }
    }
}
