//! The planned disbursement curve of a project (资金支出计划): cumulative
//! percentages of the budget by checkpoint dates. Between checkpoints the plan
//! is read linearly, from 0 % on 1 January, which is how "expected progress
//! today" is defined in domain.md; at a checkpoint it is exactly the planned
//! percentage. 序时进度 (elapsed share of the year) is the bureau's second
//! yardstick and lives here too.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One point of the curve: by `date`, `percent` of the budget is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The checkpoint day (inclusive: payments on that day count).
    pub date: NaiveDate,
    /// Cumulative planned percent of the budget, 0..=100.
    pub percent: Decimal,
}

/// A validated curve: strictly increasing dates inside one fiscal year,
/// non-decreasing percents ending at 100 (checked by `config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The fiscal year the curve belongs to.
    pub year: i32,
    /// The checkpoints in date order.
    pub checkpoints: Checkpoints,
}

/// A plan's checkpoints, shared: a registry puts a million projects on a
/// handful of curves, and each project holding its own copy cost a tenth
/// of a kilobyte apiece. Reads as a slice; writing to it copies it first
/// when it is shared (only tests and the target documents write).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Checkpoints(Arc<[Checkpoint]>);

impl std::fmt::Debug for Checkpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::ops::Deref for Checkpoints {
    type Target = [Checkpoint];
    fn deref(&self) -> &[Checkpoint] {
        &self.0
    }
}

impl std::ops::DerefMut for Checkpoints {
    fn deref_mut(&mut self) -> &mut [Checkpoint] {
        if Arc::get_mut(&mut self.0).is_none() {
            self.0 = self.0.iter().cloned().collect();
        }
        Arc::get_mut(&mut self.0).unwrap_or(&mut [])
    }
}

impl From<Vec<Checkpoint>> for Checkpoints {
    fn from(v: Vec<Checkpoint>) -> Checkpoints {
        Checkpoints(v.into())
    }
}

impl FromIterator<Checkpoint> for Checkpoints {
    fn from_iter<I: IntoIterator<Item = Checkpoint>>(iter: I) -> Checkpoints {
        Checkpoints(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Checkpoints {
    type Item = &'a Checkpoint;
    type IntoIter = std::slice::Iter<'a, Checkpoint>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Plan {
    /// The standard quarterly-ish curve the seed uses: cumulative percents by
    /// the end of March, June, October and December.
    pub fn four_point(year: i32, percents: [Decimal; 4]) -> Option<Plan> {
        let months = [3, 6, 10, 12];
        let checkpoints = months
            .iter()
            .zip(percents)
            .map(|(&m, percent)| {
                Some(Checkpoint {
                    date: crate::base::dates::month_end(year, m)?,
                    percent,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Plan {
            year,
            checkpoints: checkpoints.into(),
        })
    }

    /// Planned cumulative percent at the end of `date`: linear between the
    /// checkpoints around it, from 0 % at the start of 1 January. Before the
    /// year it is 0; after the last checkpoint it stays at the last percent.
    pub fn expected_percent(&self, date: NaiveDate) -> Decimal {
        let start = match NaiveDate::from_ymd_opt(self.year, 1, 1) {
            Some(s) => s,
            None => return Decimal::ZERO,
        };
        if date < start {
            return Decimal::ZERO;
        }
        let mut prev_date = start;
        let mut prev_pct = Decimal::ZERO;
        for cp in &self.checkpoints {
            if date <= cp.date {
                let span = (cp.date - prev_date).num_days();
                if span <= 0 {
                    return cp.percent;
                }
                let done = (date - prev_date).num_days();
                return prev_pct
                    + (cp.percent - prev_pct) * Decimal::from(done) / Decimal::from(span);
            }
            prev_date = cp.date;
            prev_pct = cp.percent;
        }
        prev_pct
    }

    /// The last checkpoint on or before `date`.
    pub fn last_passed(&self, date: NaiveDate) -> Option<&Checkpoint> {
        self.checkpoints.iter().rev().find(|c| c.date <= date)
    }

    /// The first checkpoint after `date`.
    pub fn next_after(&self, date: NaiveDate) -> Option<&Checkpoint> {
        self.checkpoints.iter().find(|c| c.date > date)
    }
}

/// 序时进度: elapsed days of the year (the as-of day included) over the days
/// in the year, in percent. 31 October 2025 gives 304/365 = 83.29 %.
pub fn time_progress_percent(date: NaiveDate) -> Decimal {
    use chrono::Datelike;
    let days = crate::base::dates::days_in_year(date.year());
    Decimal::from(date.ordinal()) * Decimal::from(100) / Decimal::from(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn pct(p: &[i64; 4]) -> [Decimal; 4] {
        [
            Decimal::from(p[0]),
            Decimal::from(p[1]),
            Decimal::from(p[2]),
            Decimal::from(p[3]),
        ]
    }

    #[test]
    fn interpolates_between_checkpoints() {
        let plan = Plan::four_point(2025, pct(&[25, 50, 75, 100])).unwrap();
        // (date, expected percent rounded to 4 places)
        let cases: &[(NaiveDate, &str)] = &[
            (d(2024, 12, 31), "0"),
            (d(2025, 1, 1), "0"),
            (d(2025, 3, 31), "25"),
            (d(2025, 6, 30), "50"),
            (d(2025, 10, 31), "75"),
            (d(2025, 12, 31), "100"),
            (d(2026, 1, 5), "100"),
            // 2 Jan: 1 day of 89 towards 25 %
            (d(2025, 1, 2), "0.2809"),
            // 15 Jul: 15 of 123 days from 50 % to 75 %
            (d(2025, 7, 15), "53.0488"),
            // 15 Nov: 15 of 61 days from 75 % to 100 %
            (d(2025, 11, 15), "81.1475"),
        ];
        for (date, want) in cases {
            let got = plan.expected_percent(*date).round_dp(4);
            assert_eq!(got, Decimal::from_str(want).unwrap(), "{date}");
        }
        let summer = Plan::four_point(2025, pct(&[10, 25, 50, 100])).unwrap();
        assert_eq!(summer.expected_percent(d(2025, 6, 30)), Decimal::from(25));
        assert_eq!(
            summer.expected_percent(d(2025, 8, 30)).round_dp(4),
            Decimal::from_str("37.3984").unwrap()
        );
    }

    #[test]
    fn checkpoints_around_a_date() {
        let plan = Plan::four_point(2025, pct(&[25, 50, 75, 100])).unwrap();
        assert_eq!(plan.last_passed(d(2025, 3, 30)), None);
        assert_eq!(
            plan.last_passed(d(2025, 3, 31)).unwrap().date,
            d(2025, 3, 31)
        );
        assert_eq!(
            plan.next_after(d(2025, 3, 31)).unwrap().date,
            d(2025, 6, 30)
        );
        assert_eq!(plan.next_after(d(2025, 12, 31)), None);
    }

    #[test]
    fn time_progress() {
        assert_eq!(
            time_progress_percent(d(2025, 10, 31)).round_dp(2),
            Decimal::from_str("83.29").unwrap()
        );
        assert_eq!(time_progress_percent(d(2025, 12, 31)), Decimal::from(100));
        assert_eq!(
            time_progress_percent(d(2024, 12, 31)),
            Decimal::from(100),
            "leap year"
        );
    }
}
