//! Where every project stands at an as-of date: plan joined with actuals.
//!
//! The ledger arrives already reduced to one row per project and day, so the
//! join and the cumulative sums at each checkpoint run in polars on a small
//! table (at most 366 rows per project), whatever the size of the exports.
//! Money stays in integer fen through polars; percentages are then computed
//! with exact decimals, so a project exactly at a threshold is classified
//! the same way on every machine.

use chrono::NaiveDate;
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::base::money::Fen;
use crate::base::percent::percent_of;
use crate::ledger::DailyTotal;
use crate::model::plan::time_progress_percent;
use crate::model::{Config, Thresholds};

/// How a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Paid above the budget.
    Overspent,
    /// At least the red gap behind the expected progress.
    Red,
    /// At least the yellow gap behind.
    Yellow,
    /// Behind, by less than the yellow gap (略低于计划): shown in monthly
    /// emails and reports, never labelled 预警 and never mailed on its own.
    Behind,
    /// On or ahead of the plan.
    OnTrack,
}

impl Status {
    /// Stable machine name (csv/json).
    pub fn code(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::Yellow => "yellow",
            Status::Red => "red",
            Status::Overspent => "overspent",
            Status::Behind => "behind",
        }
    }

    /// Whether this is a warning level (yellow or red): what may be mailed.
    pub fn is_warning(self) -> bool {
        matches!(self, Status::Yellow | Status::Red)
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "正常",
            Status::Yellow => "黄色预警",
            Status::Red => "红色预警",
            Status::Overspent => "超预算",
            Status::Behind => "略低于计划",
        }
    }
}

/// The figures at one checkpoint that has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointFigure {
    /// The checkpoint day.
    pub date: NaiveDate,
    /// Planned cumulative percent.
    pub planned_pct: Decimal,
    /// Paid up to and including that day.
    pub paid: Fen,
    /// paid / the budget in force on that day, percent (exact).
    pub execution_pct: Decimal,
    /// execution - plan, in percentage points (exact).
    pub gap_points: Decimal,
    /// The budget in force on the checkpoint day.
    pub budget: Fen,
}

impl CheckpointFigure {
    /// Whether the plan was met at the checkpoint.
    pub fn met(&self) -> bool {
        self.gap_points >= Decimal::ZERO
    }
}

/// The next checkpoint and what it takes to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextCheckpoint {
    /// The checkpoint day.
    pub date: NaiveDate,
    /// Planned cumulative percent.
    pub planned_pct: Decimal,
    /// The cumulative amount the plan asks for by then (rounded up to the fen).
    pub target: Fen,
    /// target - paid, never negative.
    pub amount_needed: Fen,
    /// Days from the as-of date to the checkpoint.
    pub days_left: i64,
}

/// One project's position at the as-of date.
#[derive(Debug, Clone)]
pub struct ProjectStatus {
    /// Index into `Config::projects`.
    pub index: usize,
    /// 项目编码.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// The budget in force at the as-of date (调整后预算): every figure of
    /// this struct and the alerts divide by it.
    pub budget: Fen,
    /// 年初预算数: the budget before any adjustment.
    pub initial_budget: Fen,
    /// Paid up to and including the as-of date.
    pub paid: Fen,
    /// Payment rows counted (reversals included).
    pub payments: u64,
    /// paid / budget, percent (exact).
    pub execution_pct: Decimal,
    /// Checkpoints on or before the as-of date, with their figures.
    pub checkpoints: Vec<CheckpointFigure>,
    /// The plan curve at the as-of date, percent (exact).
    pub expected_pct: Decimal,
    /// 序时进度 at the as-of date, percent (exact).
    pub time_progress_pct: Decimal,
    /// execution - expected, percentage points (exact).
    pub gap_points: Decimal,
    /// Classification.
    pub status: Status,
    /// The next checkpoint, if any remains.
    pub next: Option<NextCheckpoint>,
    /// Date of the last payment counted.
    pub last_payment: Option<NaiveDate>,
    /// Paid in the 30 days up to the as-of date (recent pace).
    pub paid_last_30_days: Fen,
}

impl ProjectStatus {
    /// The last checkpoint passed.
    pub fn last_checkpoint(&self) -> Option<&CheckpointFigure> {
        self.checkpoints.last()
    }
}

/// Every project at one date.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Per project, in config order.
    pub projects: Vec<ProjectStatus>,
}

impl Progress {
    /// Sum of budgets.
    pub fn total_budget(&self) -> Fen {
        self.projects.iter().map(|p| p.budget).sum()
    }
    /// Sum of paid.
    pub fn total_paid(&self) -> Fen {
        self.projects.iter().map(|p| p.paid).sum()
    }
}

/// The one classification: `status`, every email, both reports and the
/// log call this, so a label means the same thing everywhere. `gap` is the
/// gap that applies on the day the figures are for: at a checkpoint the gap
/// against the checkpoint's plan, on other days against the plan curve.
///
/// Nothing paid while the plan expects at least the yellow gap is red: the
/// worst case, not a milder "no payments" (a payment and its reversal count
/// as nothing paid).
pub fn classify(paid: Fen, budget: Fen, gap: Decimal, t: &Thresholds) -> Status {
    let behind = -gap;
    if paid > budget {
        Status::Overspent
    } else if behind >= t.red_gap_points || (paid <= Fen::ZERO && behind >= t.yellow_gap_points) {
        Status::Red
    } else if behind >= t.yellow_gap_points {
        Status::Yellow
    } else if behind > Decimal::ZERO {
        Status::Behind
    } else {
        Status::OnTrack
    }
}

impl CheckpointFigure {
    /// The level at the checkpoint (what `status --as-of` the checkpoint
    /// date says).
    pub fn status(&self, budget: Fen, t: &Thresholds) -> Status {
        classify(self.paid, budget, self.gap_points, t)
    }
}

/// What `cumulative_at` returns: per project, the cumulative sums at each
/// mark day and the last payment day on or before the as-of day. Held as
/// plain vectors indexed by project and by the row of polars' result (not
/// hash maps keyed by (project, mark)): a province's registry has a million
/// projects, and every lookup is one index.
struct Cumulative {
    /// The distinct mark days, sorted.
    days: Vec<i32>,
    /// Per project: its row in the columns below, or `u32::MAX` (no
    /// payments on or before the last mark).
    row_of: Vec<u32>,
    /// Per mark day: (fen, payments) per row.
    at_day: Vec<(Vec<i64>, Vec<i64>)>,
    /// Per row: the last payment day on or before the as-of day.
    last_day: Vec<Option<i32>>,
}

impl Cumulative {
    /// (fen, payments) paid by `project` up to and including `day` (a mark
    /// day).
    fn at(&self, project: u32, day: i32) -> (i64, u64) {
        let row = self
            .row_of
            .get(project as usize)
            .copied()
            .unwrap_or(u32::MAX);
        let (Some(row), Ok(k)) = (
            (row != u32::MAX).then_some(row as usize),
            self.days.binary_search(&day),
        ) else {
            return (0, 0);
        };
        let (fen, payments) = &self.at_day[k];
        (
            fen.get(row).copied().unwrap_or(0),
            payments.get(row).copied().unwrap_or(0).max(0) as u64,
        )
    }

    fn last(&self, project: u32) -> Option<i32> {
        let row = *self.row_of.get(project as usize)?;
        self.last_day.get(row as usize).copied().flatten()
    }
}

/// Cumulative sums per project at a set of days, computed in polars. Also
/// returns each project's last payment day on or before `as_of_day`.
///
/// Marks fall on a handful of distinct days (the as-of date, 30 days
/// before, the checkpoints), so the daily rows are first folded into the
/// segments between those days: a row counts for a mark exactly when the
/// end of its segment does. Polars then sums the segments up to each
/// distinct day per project, a few rows per project instead of the daily
/// table repeated once per mark.
fn cumulative_at(
    daily: &[DailyTotal],
    mut days: Vec<i32>,
    as_of_day: i32,
    projects: usize,
) -> PolarsResult<Cumulative> {
    days.push(as_of_day);
    days.sort_unstable();
    days.dedup();
    // (project, segment end day) -> (fen, payments, last payment day),
    // folded in one pass over the daily table in (project, day) order.
    type Segment = ((u32, i32), (i64, i64, i32));
    let sorted = daily
        .windows(2)
        .all(|w| (w[0].project, w[0].day) <= (w[1].project, w[1].day));
    let mut owned;
    let daily = if sorted {
        daily
    } else {
        owned = daily.to_vec();
        owned.sort_unstable_by_key(|d| (d.project, d.day));
        &owned[..]
    };
    let mut segs: Vec<Segment> = Vec::new();
    // Walk each project's days and the mark days together.
    let mut k = 0usize;
    let mut project = u32::MAX;
    for d in daily {
        let day = d.day as i32;
        if d.project != project {
            project = d.project;
            k = 0;
        }
        while k < days.len() && days[k] < day {
            k += 1;
        }
        let Some(&end) = days.get(k) else {
            continue;
        };
        match segs.last_mut() {
            Some(((p, e), s)) if *p == d.project && *e == end => {
                s.0 += d.fen;
                s.1 += d.payments as i64;
                s.2 = s.2.max(day);
            }
            _ => segs.push(((d.project, end), (d.fen, d.payments as i64, day))),
        }
    }
    let actuals = df!(
        "project" => segs.iter().map(|s| s.0 .0).collect::<Vec<u32>>(),
        "day" => segs.iter().map(|s| s.0 .1).collect::<Vec<i32>>(),
        "fen" => segs.iter().map(|s| s.1 .0).collect::<Vec<i64>>(),
        "payments" => segs.iter().map(|s| s.1 .1).collect::<Vec<i64>>(),
        "last_day" => segs.iter().map(|s| s.1 .2).collect::<Vec<i32>>(),
    )?;
    // The frame holds the segments now: free them before polars works (a
    // province's year has millions).
    drop(segs);
    // One row per project: the cumulative sums at every distinct mark day,
    // and the last payment day on or before the as-of date.
    let mut aggs = Vec::with_capacity(days.len() * 2 + 1);
    for (k, &d) in days.iter().enumerate() {
        let upto = || col("day").lt_eq(lit(d));
        aggs.push(
            when(upto())
                .then(col("fen"))
                .otherwise(lit(0i64))
                .sum()
                .alias(format!("fen_{k}")),
        );
        aggs.push(
            when(upto())
                .then(col("payments"))
                .otherwise(lit(0i64))
                .sum()
                .alias(format!("payments_{k}")),
        );
    }
    aggs.push(
        when(col("day").lt_eq(lit(as_of_day)))
            .then(col("last_day"))
            .otherwise(lit(NULL).cast(DataType::Int32))
            .max()
            .alias("last_day"),
    );
    let out = actuals
        .lazy()
        .group_by([col("project")])
        .agg(aggs)
        .collect()?;
    // Each column is copied out once into a vector: one pass per column
    // instead of a chunked lookup per project and mark.
    let ints = |name: &str| -> PolarsResult<Vec<i64>> {
        Ok(out
            .column(name)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let mut at_day = Vec::with_capacity(days.len());
    for k in 0..days.len() {
        at_day.push((ints(&format!("fen_{k}"))?, ints(&format!("payments_{k}"))?));
    }
    let last_day: Vec<Option<i32>> = out.column("last_day")?.i32()?.iter().collect();
    let mut row_of = vec![u32::MAX; projects];
    for (row, p) in out.column("project")?.u32()?.iter().enumerate() {
        if let Some(slot) = p.and_then(|p| row_of.get_mut(p as usize)) {
            *slot = row as u32;
        }
    }
    Ok(Cumulative {
        days,
        row_of,
        at_day,
        last_day,
    })
}

/// Works out every project's position at `as_of`.
pub fn compute(config: &Config, daily: &[DailyTotal], as_of: NaiveDate) -> PolarsResult<Progress> {
    let year = config.settings.fiscal_year;
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
    let day_of = |d: NaiveDate| (d - jan1).num_days().clamp(-1, 400) as i32;
    let as_of_day = day_of(as_of);
    // The mark days: the as-of date, 30 days before, the checkpoints passed
    // (a handful of distinct days however many projects there are).
    let mut days = vec![as_of_day - 30];
    for p in &config.projects {
        for cp in &p.plan.checkpoints {
            if cp.date <= as_of {
                days.push(day_of(cp.date));
            }
        }
        if days.len() > 4096 {
            days.sort_unstable();
            days.dedup();
        }
    }
    let clock = crate::base::diag::PhaseClock::from_env();
    let sums = cumulative_at(daily, days, as_of_day, config.projects.len())?;
    clock.mark("  cumulative (polars)");
    let time_pct =
        time_progress_percent(as_of.min(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of)))
            .max(Decimal::ZERO);
    let time_pct = if as_of < jan1 {
        Decimal::ZERO
    } else {
        time_pct
    };
    let t = &config.settings.thresholds;
    // Each project's figures are independent (exact decimal arithmetic, a
    // few microseconds each): computed on all cores.
    use rayon::iter::{IndexedParallelIterator, IntoParallelRefIterator, ParallelIterator};
    let projects = config
        .projects
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let idx = i as u32;
            let (paid, payments) = sums.at(idx, as_of_day);
            let paid = Fen(paid);
            let recent = Fen(sums.at(idx, as_of_day - 30).0);
            let budget = p.budget_on(as_of);
            let execution = percent_of(paid, budget);
            let checkpoints = p
                .plan
                .checkpoints
                .iter()
                .filter(|cp| cp.date <= as_of)
                .map(|cp| {
                    let at = Fen(sums.at(idx, day_of(cp.date)).0);
                    let in_force = p.budget_on(cp.date);
                    let ex = percent_of(at, in_force);
                    CheckpointFigure {
                        date: cp.date,
                        planned_pct: cp.percent,
                        paid: at,
                        execution_pct: ex,
                        gap_points: ex - cp.percent,
                        budget: in_force,
                    }
                })
                .collect();
            let expected = p.plan.expected_percent(as_of);
            let gap = execution - expected;
            let next = p.plan.next_after(as_of).map(|cp| {
                // The plan amount is for the checkpoint day: the budget in
                // force then, adjustments already decided included.
                let target = Fen(ceil_div(
                    p.budget_on(cp.date).0 as i128 * decimal_scaled(cp.percent),
                    100 * SCALE,
                ));
                NextCheckpoint {
                    date: cp.date,
                    planned_pct: cp.percent,
                    target,
                    amount_needed: Fen((target.0 - paid.0).max(0)),
                    days_left: (cp.date - as_of).num_days(),
                }
            });
            ProjectStatus {
                index: i,
                code: p.code.clone(),
                name: p.name.clone(),
                budget,
                initial_budget: p.budget,
                paid,
                payments,
                execution_pct: execution,
                checkpoints,
                expected_pct: expected,
                time_progress_pct: time_pct,
                gap_points: gap,
                status: classify(paid, budget, gap, t),
                next,
                last_payment: sums
                    .last(idx)
                    .and_then(|d| jan1.checked_add_days(chrono::Days::new(d.max(0) as u64))),
                paid_last_30_days: paid - recent,
            }
        })
        .collect();
    Ok(Progress { as_of, projects })
}

/// Cumulative paid after each day with payments, in date order: the actual
/// line of the report charts. `project` None sums every project (the
/// department chart). Days outside the fiscal year are skipped.
pub fn cumulative_series(
    daily: &[DailyTotal],
    project: Option<u32>,
    year: i32,
) -> Vec<(NaiveDate, Fen)> {
    let mut by_day: std::collections::BTreeMap<u16, i64> = std::collections::BTreeMap::new();
    for d in daily
        .iter()
        .filter(|d| project.is_none_or(|p| p == d.project))
    {
        *by_day.entry(d.day).or_default() += d.fen;
    }
    let mut total = 0i64;
    by_day
        .into_iter()
        .filter_map(|(day, fen)| {
            total += fen;
            Some((crate::base::dates::from_day_index(year, day)?, Fen(total)))
        })
        .collect()
}

/// Percent values are scaled by this to stay integral in the target maths.
const SCALE: i128 = 1_000_000;

fn decimal_scaled(d: Decimal) -> i128 {
    use rust_decimal::prelude::ToPrimitive;
    (d * Decimal::from(SCALE as i64))
        .round()
        .to_i128()
        .unwrap_or(0)
}

fn ceil_div(a: i128, b: i128) -> i64 {
    let q = a / b;
    let r = a % b;
    (if r > 0 { q + 1 } else { q }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_gap() {
        let t = Thresholds::default();
        let b = Fen(100_000);
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let cases = [
            (1, "-4.99", Status::Behind),
            (1, "-0.01", Status::Behind),
            (1, "0", Status::OnTrack),
            (1, "-5", Status::Yellow),
            (1, "-9.99", Status::Yellow),
            (1, "-10", Status::Red),
            (1, "3", Status::OnTrack),
            // Nothing paid while the plan expects the yellow gap: red.
            (0, "-50", Status::Red),
            (0, "-5", Status::Red),
            (0, "-4", Status::Behind),
            (0, "0", Status::OnTrack),
            (100_001, "1", Status::Overspent),
        ];
        for (paid, gap, want) in cases {
            assert_eq!(classify(Fen(paid), b, d(gap), &t), want, "{paid} {gap}");
        }
    }

    #[test]
    fn cumulative_series_by_day() {
        let t = |project, day, fen| DailyTotal {
            project,
            day,
            fen,
            payments: 1,
        };
        let daily = [t(0, 5, 100), t(1, 5, 50), t(0, 2, 10), t(0, 9, -10)];
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        assert_eq!(
            cumulative_series(&daily, Some(0), 2025),
            vec![
                (d(1, 3), Fen(10)),
                (d(1, 6), Fen(110)),
                (d(1, 10), Fen(100))
            ]
        );
        assert_eq!(
            cumulative_series(&daily, None, 2025)[1],
            (d(1, 6), Fen(160))
        );
    }

    #[test]
    fn target_rounds_up_to_the_fen() {
        assert_eq!(
            ceil_div(5_005 * decimal_scaled(Decimal::from(25)), 100 * SCALE),
            1252
        );
        assert_eq!(
            ceil_div(5_000 * decimal_scaled(Decimal::from(25)), 100 * SCALE),
            1250
        );
        let third: Decimal = "33.3".parse().unwrap();
        assert_eq!(ceil_div(1000 * decimal_scaled(third), 100 * SCALE), 333);
        assert_eq!(
            crate::base::percent::round2("12.345".parse().unwrap()),
            "12.35".parse().unwrap()
        );
    }
}
