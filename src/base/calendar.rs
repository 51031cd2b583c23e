//! The official working calendar: which days an office works. Monthly
//! emails go out on the first working day of the month and a 情况说明 is due
//! a number of working days after a warning, so weekends alone are not
//! enough: the State Council's annual notice moves public holidays and makes
//! some weekend days working days (调休). The calendars for 2025 and 2026
//! ship with the program (`calendar/*.toml`); `calendar_files` in
//! settings.toml adds further years in the same format. A year without a
//! calendar falls back to Monday–Friday.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

/// The calendars shipped with the program.
const BUILTIN: &[(&str, &str)] = &[
    (
        "calendar/2025.toml",
        include_str!("../../calendar/2025.toml"),
    ),
    (
        "calendar/2026.toml",
        include_str!("../../calendar/2026.toml"),
    ),
];

/// One year's exceptions to "Monday–Friday".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Year {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// Working days by the official calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    workdays: Vec<String>,
}

impl Calendar {
    /// The shipped calendars (2025 and 2026).
    pub fn builtin() -> Calendar {
        let mut c = Calendar::default();
        for (name, text) in BUILTIN {
            c.add(name, text).expect("shipped calendars are valid");
        }
        c
    }

    /// Adds (or replaces) one year from a file's text; `name` is for errors.
    pub fn add(&mut self, name: &str, text: &str) -> Result<i32, String> {
        let raw: RawYear = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        let parse = |list: &[String], what: &str| -> Result<BTreeSet<NaiveDate>, String> {
            list.iter()
                .map(|s| {
                    let d = crate::base::dates::parse_date(s).map_err(|_| {
                        crate::base::i18n::message(
                            "cal-not-a-date",
                            &[
                                ("name", name.to_string()),
                                ("what", crate::base::i18n::message(what, &[])),
                                ("value", format!("{s:?}")),
                            ],
                        )
                    })?;
                    if d.year() != raw.year {
                        return Err(crate::base::i18n::message(
                            "cal-wrong-year",
                            &[
                                ("name", name.to_string()),
                                ("what", crate::base::i18n::message(what, &[])),
                                ("value", s.clone()),
                                ("year", raw.year.to_string()),
                            ],
                        ));
                    }
                    Ok(d)
                })
                .collect()
        };
        let y = Year {
            holidays: parse(&raw.holidays, "cal-holiday")?,
            workdays: parse(&raw.workdays, "cal-workday")?,
        };
        self.years.insert(raw.year, y);
        Ok(raw.year)
    }

    /// Adds a year from a file.
    pub fn add_file(&mut self, path: &Path) -> Result<i32, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            crate::base::i18n::message(
                "cal-cannot-read",
                &[
                    ("file", path.display().to_string()),
                    ("error", e.to_string()),
                ],
            )
        })?;
        self.add(&path.display().to_string(), &text)
    }

    /// Whether the calendar knows the year (else weekends only are used).
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Whether the office works on `d`.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        match self.years.get(&d.year()) {
            Some(y) if y.workdays.contains(&d) => true,
            Some(y) if y.holidays.contains(&d) => false,
            _ => !weekend,
        }
    }

    /// The first working day on or after `d`.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        // A calendar never has 60 days off in a row; the bound keeps a
        // broken file from looping.
        for _ in 0..60 {
            if self.is_working_day(day) {
                return day;
            }
            day = day.succ_opt().unwrap_or(day);
        }
        d
    }

    /// The first working day of a month.
    pub fn first_working_day(&self, year: i32, month: u32) -> Option<NaiveDate> {
        Some(self.on_or_after(NaiveDate::from_ymd_opt(year, month, 1)?))
    }

    /// The day `n` working days after `d` (`d` itself not counted).
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = match day.succ_opt() {
                Some(x) => x,
                None => return day,
            };
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn first_working_days_follow_the_notices() {
        let c = Calendar::builtin();
        let cases = [
            (2025, 1, "2025-01-02"),  // 元旦
            (2025, 2, "2025-02-05"),  // 春节 to 2-4
            (2025, 3, "2025-03-03"),  // the 1st is a Saturday
            (2025, 5, "2025-05-06"),  // 劳动节 to 5-5
            (2025, 6, "2025-06-03"),  // 端午 to 6-2
            (2025, 10, "2025-10-09"), // 国庆 to 10-8
            (2025, 11, "2025-11-03"), // Saturday the 1st
            (2026, 1, "2026-01-04"),  // 元旦 to 1-3; Sunday 1-4 is a 调休 working day
            (2026, 2, "2026-02-02"),
            (2026, 3, "2026-03-02"),
            (2026, 10, "2026-10-08"),
        ];
        for (y, m, want) in cases {
            assert_eq!(c.first_working_day(y, m).unwrap(), d(want), "{y}-{m}");
        }
    }

    #[test]
    fn adjusted_weekend_days_are_working_days() {
        let c = Calendar::builtin();
        for w in [
            "2025-01-26",
            "2025-02-08",
            "2025-04-27",
            "2025-09-28",
            "2025-10-11",
        ] {
            assert!(c.is_working_day(d(w)), "{w}");
        }
        for h in ["2025-01-01", "2025-10-08", "2026-02-23", "2026-06-19"] {
            assert!(!c.is_working_day(d(h)), "{h}");
        }
        assert!(!c.is_working_day(d("2025-07-19")), "a Saturday");
        // A year without calendar: Monday to Friday.
        assert!(!c.knows(2027));
        assert!(c.is_working_day(d("2027-01-01")));
    }

    #[test]
    fn working_days_are_counted_past_holidays() {
        let c = Calendar::builtin();
        // Thursday 2025-09-25 + 10 working days: 9-26, 9-28 (Sun, 调休),
        // 9-29, 9-30, then 10-9, 10-10, 10-11 (Sat, 调休), 10-13, 10-14, 10-15.
        assert_eq!(c.add_working_days(d("2025-09-25"), 10), d("2025-10-15"));
        assert_eq!(c.add_working_days(d("2025-07-15"), 10), d("2025-07-29"));
    }

    #[test]
    fn a_year_can_be_added() {
        let mut c = Calendar::builtin();
        let y = c
            .add(
                "x.toml",
                "year = 2027\nholidays = [\"2027-01-01\"]\nworkdays = [\"2027-01-02\"]\n",
            )
            .unwrap();
        assert_eq!(y, 2027);
        assert!(!c.is_working_day(d("2027-01-01")));
        assert!(c.is_working_day(d("2027-01-02")));
        assert!(c
            .add("bad.toml", "year = 2027\nholidays = [\"2026-01-01\"]\n")
            .is_err());
    }
}
