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

    /// The label in an email's language (the terminal keeps [`Status::label`]).
    pub fn label_in(self, lang: crate::base::i18n::Lang) -> String {
        use crate::base::i18n::{fixed_in, FixedCache};
        static CACHE: FixedCache<5> = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let labels = fixed_in(
            &CACHE,
            lang,
            [
                "mail-status-on-track",
                "mail-level-yellow",
                "mail-level-red",
                "mail-status-overspent",
                "mail-status-behind",
            ],
        );
        let i = match self {
            Status::OnTrack => 0,
            Status::Yellow => 1,
            Status::Red => 2,
            Status::Overspent => 3,
            Status::Behind => 4,
        };
        labels[i].clone()
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
/// of its mark days, the payments and the last payment day on or before
/// the as-of day. Plain columns indexed by project (not hash maps keyed by
/// (project, mark)): a province's registry has a million projects, and
/// every lookup is one index.
struct Cumulative {
    /// The distinct lists of mark days, each sorted (most projects share
    /// one: the same checkpoints, the as-of day and 30 days before).
    mark_sets: Vec<Vec<i32>>,
    /// Per project: its list in `mark_sets`.
    set_of: Vec<u32>,
    /// Per position in a project's mark list: fen paid up to and including
    /// that mark day, per project (polars' result columns, one chunk each).
    fen: Vec<Int64Chunked>,
    /// Per project: payments counted up to and including the as-of day.
    payments: Vec<u64>,
    /// Per project: the last payment day on or before the as-of day, or
    /// `i32::MIN`.
    last_day: Vec<i32>,
}

/// `Cumulative` with its columns read as slices, taken once before the
/// per-project loop.
struct Sums<'a> {
    cumulative: &'a Cumulative,
    fen: Vec<&'a [i64]>,
}

impl Cumulative {
    fn sums(&self) -> PolarsResult<Sums<'_>> {
        Ok(Sums {
            cumulative: self,
            fen: self
                .fen
                .iter()
                .map(|c| c.cont_slice())
                .collect::<PolarsResult<_>>()?,
        })
    }
}

impl Sums<'_> {
    /// Fen paid by `project` up to and including `day` (one of its mark
    /// days).
    fn fen_at(&self, project: usize, day: i32) -> i64 {
        let c = self.cumulative;
        let Some(marks) = c
            .set_of
            .get(project)
            .and_then(|&s| c.mark_sets.get(s as usize))
        else {
            return 0;
        };
        match marks.binary_search(&day) {
            Ok(k) => self
                .fen
                .get(k)
                .and_then(|col| col.get(project))
                .copied()
                .unwrap_or(0),
            Err(_) => 0,
        }
    }

    fn payments(&self, project: usize) -> u64 {
        self.cumulative.payments.get(project).copied().unwrap_or(0)
    }

    fn last(&self, project: usize) -> Option<i32> {
        self.cumulative
            .last_day
            .get(project)
            .copied()
            .filter(|&d| d != i32::MIN)
    }
}

/// Cumulative sums per project at its mark days, computed in polars. Also
/// returns each project's payments and last payment day on or before
/// `as_of_day`.
///
/// A project's marks fall on a handful of days (the as-of date, 30 days
/// before, its checkpoints passed), so the daily rows are first folded, in
/// one pass, into the segments between those days: the cell of a
/// (project, k) holds what was paid after the project's mark k - 1 up to
/// and including mark k, and a row counts for a mark exactly when its
/// segment ends on or before it. The cells are laid out as one column per
/// position k, a row per project; polars then adds the columns up, k by k,
/// into the cumulative sums: vectorised over every project at once, with
/// no grouping, no sort and no lookup (the daily table may come in any
/// order).
fn cumulative_at(
    daily: &[DailyTotal],
    marks_of: &[Vec<i32>],
    set_of: Vec<u32>,
    as_of_day: i32,
) -> PolarsResult<Cumulative> {
    let projects = set_of.len();
    let width = marks_of.iter().map(Vec::len).max().unwrap_or(0);
    let mut cells: Vec<Vec<i64>> = (0..width).map(|_| vec![0i64; projects]).collect();
    let mut payments = vec![0u64; projects];
    let mut last_day = vec![i32::MIN; projects];
    // The daily table usually comes in (project, day) order: the mark is
    // then found by stepping forward from the previous row's, and searched
    // afresh only on a new project or a step back in days.
    let mut current = usize::MAX;
    let mut marks: &[i32] = &[];
    let mut k = 0usize;
    let mut previous_day = i32::MIN;
    for d in daily {
        let p = d.project as usize;
        let day = d.day as i32;
        if p != current || day < previous_day {
            current = p;
            marks = set_of
                .get(p)
                .and_then(|&s| marks_of.get(s as usize))
                .map_or(&[], Vec::as_slice);
            // The first mark on or after the day.
            k = marks.partition_point(|&m| m < day);
        } else {
            while k < marks.len() && marks[k] < day {
                k += 1;
            }
        }
        previous_day = day;
        // No mark on or after the day: the day is after the as-of day (the
        // last mark), and the row counts for nothing.
        if k >= marks.len() || day > as_of_day {
            continue;
        }
        if let Some(cell) = cells.get_mut(k).and_then(|c| c.get_mut(p)) {
            *cell += d.fen;
        }
        payments[p] += d.payments as u64;
        last_day[p] = last_day[p].max(day);
    }
    let columns: Vec<Column> = cells
        .into_iter()
        .enumerate()
        .map(|(k, v)| {
            Column::from(Int64Chunked::from_vec(format!("cell_{k}").into(), v).into_series())
        })
        .collect();
    let frame = DataFrame::new(projects, columns)?;
    // The cumulative sum at position k: the cells 0..=k added up.
    let mut sums = Vec::with_capacity(width);
    let mut running: Option<Expr> = None;
    for k in 0..width {
        let cell = col(format!("cell_{k}"));
        let sum = match running.take() {
            None => cell,
            Some(r) => r + cell,
        };
        running = Some(col(format!("fen_{k}")));
        sums.push(sum.alias(format!("fen_{k}")));
    }
    // Each sum builds on the one before: one column added per position.
    let mut lazy = frame.lazy();
    for s in sums {
        lazy = lazy.with_column(s);
    }
    let mut out = lazy.collect()?;
    out.rechunk_mut();
    let fen = (0..width)
        .map(|k| Ok(out.column(&format!("fen_{k}"))?.i64()?.clone()))
        .collect::<PolarsResult<Vec<_>>>()?;
    drop(out);
    Ok(Cumulative {
        mark_sets: marks_of.to_vec(),
        set_of,
        fen,
        payments,
        last_day,
    })
}

/// Everything the per-project figures need besides the project: the
/// cumulative sums from polars and the figures shared by every project.
/// Built once; [`Figures::project`] then works out one project at a time,
/// so a caller that streams (the `status` csv of a province) never holds
/// every project's figures at once.
pub struct Figures<'a> {
    config: &'a Config,
    as_of: NaiveDate,
    jan1: NaiveDate,
    as_of_day: i32,
    time_pct: Decimal,
    cumulative: Cumulative,
}

impl<'a> Figures<'a> {
    /// Runs the cumulative step for every project at `as_of`.
    pub fn new(config: &'a Config, daily: &[DailyTotal], as_of: NaiveDate) -> PolarsResult<Self> {
        let year = config.settings.fiscal_year;
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
        let day_of = day_index(jan1);
        let as_of_day = day_of(as_of);
        // Each project's mark days: the as-of date, 30 days before, its
        // checkpoints passed. Projects share a handful of such lists;
        // each distinct list is kept once.
        let mut mark_sets: Vec<Vec<i32>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<i32>, u32> = Default::default();
        let mut set_of = Vec::with_capacity(config.projects.len());
        let mut marks = Vec::new();
        let mut previous = u32::MAX;
        let mut previous_plan: &[crate::model::plan::Checkpoint] = &[];
        for p in &config.projects {
            // The same checkpoint dates as the project before: the same
            // marks, without working them out again.
            let cps = &p.plan.checkpoints[..];
            if previous != u32::MAX
                && cps.len() == previous_plan.len()
                && cps.iter().zip(previous_plan).all(|(a, b)| a.date == b.date)
            {
                set_of.push(previous);
                continue;
            }
            previous_plan = cps;
            marks.clear();
            marks.push(as_of_day - 30);
            marks.push(as_of_day);
            for cp in &p.plan.checkpoints {
                if cp.date <= as_of {
                    marks.push(day_of(cp.date));
                }
            }
            marks.sort_unstable();
            marks.dedup();
            // Neighbours in the registry usually share the list.
            let set = match mark_sets.get(previous as usize) {
                Some(prev) if *prev == marks => previous,
                _ => *index.entry(marks.clone()).or_insert_with(|| {
                    mark_sets.push(marks.clone());
                    (mark_sets.len() - 1) as u32
                }),
            };
            previous = set;
            set_of.push(set);
        }
        let clock = crate::base::diag::PhaseClock::from_env();
        let cumulative = cumulative_at(daily, &mark_sets, set_of, as_of_day)?;
        clock.mark("  cumulative (polars)");
        let time_pct = time_progress_percent(
            as_of.min(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of)),
        )
        .max(Decimal::ZERO);
        let time_pct = if as_of < jan1 {
            Decimal::ZERO
        } else {
            time_pct
        };
        Ok(Figures {
            config,
            as_of,
            jan1,
            as_of_day,
            time_pct,
            cumulative,
        })
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// How many projects (the registry's).
    pub fn len(&self) -> usize {
        self.config.projects.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.config.projects.is_empty()
    }

    /// The figures of the projects in `range` (config indices), computed
    /// on all cores, in order. Each project's figures are independent
    /// (exact decimal arithmetic, a few microseconds each).
    pub fn projects(&self, range: std::ops::Range<usize>) -> PolarsResult<Vec<ProjectStatus>> {
        use rayon::prelude::*;
        let sums = self.cumulative.sums()?;
        let range = range.start.min(self.len())..range.end.min(self.len());
        Ok(self.config.projects[range.clone()]
            .par_iter()
            .with_min_len(256)
            .enumerate()
            .map_init(PlanMemo::default, |memo, (i, p)| {
                self.project(&sums, memo, range.start + i, p)
            })
            .collect())
    }

    /// Calls `each` with the figures of every project in `range`, in
    /// order, on the calling thread, one at a time: what a caller that
    /// writes them out as it goes (the `status` csv) needs, with nothing
    /// held between projects.
    pub fn for_each(
        &self,
        range: std::ops::Range<usize>,
        mut each: impl FnMut(&ProjectStatus),
    ) -> PolarsResult<()> {
        let sums = self.cumulative.sums()?;
        let mut memo = PlanMemo::default();
        let range = range.start.min(self.len())..range.end.min(self.len());
        for (i, p) in self.config.projects[range.clone()].iter().enumerate() {
            each(&self.project(&sums, &mut memo, range.start + i, p));
        }
        Ok(())
    }

    fn project(
        &self,
        sums: &Sums<'_>,
        memo: &mut PlanMemo,
        i: usize,
        p: &crate::model::Project,
    ) -> ProjectStatus {
        let as_of = self.as_of;
        let jan1 = self.jan1;
        let as_of_day = self.as_of_day;
        let day_of = day_index(jan1);
        let t = &self.config.settings.thresholds;
        let paid = Fen(sums.fen_at(i, as_of_day));
        let payments = sums.payments(i);
        let recent = Fen(sums.fen_at(i, as_of_day - 30));
        let budget = p.budget_on(as_of);
        let execution = percent_of(paid, budget);
        let mut checkpoints: Vec<CheckpointFigure> = Vec::with_capacity(p.plan.checkpoints.len());
        for cp in p.plan.checkpoints.iter().filter(|cp| cp.date <= as_of) {
            let at = Fen(sums.fen_at(i, day_of(cp.date)));
            let in_force = p.budget_on(cp.date);
            // The same division as one already done gives the same
            // decimal: reuse it (a project often pays nothing between two
            // checkpoints, and the last one is often the as-of day).
            let ex = match checkpoints.last() {
                Some(prev) if prev.paid == at && prev.budget == in_force => prev.execution_pct,
                _ if at == paid && in_force == budget => execution,
                _ => percent_of(at, in_force),
            };
            checkpoints.push(CheckpointFigure {
                date: cp.date,
                planned_pct: cp.percent,
                paid: at,
                execution_pct: ex,
                gap_points: ex - cp.percent,
                budget: in_force,
            });
        }
        let expected = memo.expected(&p.plan, as_of);
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
            time_progress_pct: self.time_pct,
            gap_points: gap,
            status: classify(paid, budget, gap, t),
            next,
            last_payment: sums
                .last(i)
                .and_then(|d| jan1.checked_add_days(chrono::Days::new(d.max(0) as u64))),
            paid_last_30_days: paid - recent,
        }
    }
}

/// The day index from 1 January used for the mark days, clamped to a
/// little around the year (days from the common era: no duration maths per
/// call).
fn day_index(jan1: NaiveDate) -> impl Fn(NaiveDate) -> i32 {
    use chrono::Datelike;
    let base = jan1.num_days_from_ce() as i64;
    move |d: NaiveDate| (d.num_days_from_ce() as i64 - base).clamp(-1, 400) as i32
}

/// A checkpoint as `PlanMemo` compares it: the date and the decimal's
/// exact bytes.
type CheckpointKey = (NaiveDate, [u8; 16]);

/// The plan curve at the as-of date for the last plan seen: registries
/// give most projects the same curve, and the curve's decimal division is
/// then done once per worker rather than once per project. Plans count as
/// the same only when every date and every percent is written the same
/// (value and scale), so the reused decimal is the very one the division
/// would give.
#[derive(Default)]
struct PlanMemo {
    /// The year and (date, decimal bytes) of every checkpoint.
    plan: Option<(i32, Vec<CheckpointKey>)>,
    expected: Decimal,
}

impl PlanMemo {
    fn expected(&mut self, plan: &crate::model::plan::Plan, as_of: NaiveDate) -> Decimal {
        let same = self.plan.as_ref().is_some_and(|(year, cps)| {
            *year == plan.year
                && cps.len() == plan.checkpoints.len()
                && cps
                    .iter()
                    .zip(&plan.checkpoints)
                    .all(|(a, b)| a.0 == b.date && a.1 == b.percent.serialize())
        });
        if !same {
            self.expected = plan.expected_percent(as_of);
            self.plan = Some((
                plan.year,
                plan.checkpoints
                    .iter()
                    .map(|c| (c.date, c.percent.serialize()))
                    .collect(),
            ));
        }
        self.expected
    }
}

/// Works out every project's position at `as_of`.
pub fn compute(config: &Config, daily: &[DailyTotal], as_of: NaiveDate) -> PolarsResult<Progress> {
    let figures = Figures::new(config, daily, as_of)?;
    let projects = figures.projects(0..figures.len())?;
    Ok(Progress { as_of, projects })
}

/// Cumulative paid after each day with payments, in date order: the actual
/// line of the report charts. `project` None sums every project (the
/// department chart). Days outside the fiscal year are skipped.
///
/// `daily` is the ledger's table, sorted by (project, day) with one row per
/// cell (`Ledger::daily`; the ledger's property tests hold it to that): a
/// project's rows are found by binary search, because the dashboard and the
/// reports draw a line for every project and a scan of the whole table
/// each time made a city's night quadratic (10,000 projects x 3M cells).
pub fn cumulative_series(
    daily: &[DailyTotal],
    project: Option<u32>,
    year: i32,
) -> Vec<(NaiveDate, Fen)> {
    let rows = match project {
        Some(p) => {
            let from = daily.partition_point(|d| d.project < p);
            let to = from + daily[from..].partition_point(|d| d.project <= p);
            &daily[from..to]
        }
        None => daily,
    };
    let mut by_day: std::collections::BTreeMap<u16, i64> = std::collections::BTreeMap::new();
    for d in rows {
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
        // As the ledger gives it: sorted by (project, day).
        let daily = [
            t(0, 2, 10),
            t(0, 5, 100),
            t(0, 9, -10),
            t(1, 5, 50),
            t(2, 1, 7),
        ];
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
            cumulative_series(&daily, None, 2025),
            vec![
                (d(1, 2), Fen(7)),
                (d(1, 3), Fen(17)),
                (d(1, 6), Fen(167)),
                (d(1, 10), Fen(157))
            ]
        );
        // The first, a middle and the last project, and one with no rows.
        assert_eq!(
            cumulative_series(&daily, Some(1), 2025),
            vec![(d(1, 6), Fen(50))]
        );
        assert_eq!(
            cumulative_series(&daily, Some(2), 2025),
            vec![(d(1, 2), Fen(7))]
        );
        assert_eq!(cumulative_series(&daily, Some(3), 2025), vec![]);
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

#[cfg(test)]
mod figure_tests {
    use super::*;

    /// The shipped configuration (projects with different plans and
    /// budget adjustments).
    fn shipped() -> Config {
        crate::config::load(&crate::config::LoadOptions {
            config_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
            projects: None,
            default_year: 2025,
        })
        .unwrap()
    }

    /// The cumulative step against brute-force sums, on daily rows in no
    /// particular order, with rows after the as-of date, for projects
    /// without payments, and for a project index outside the registry;
    /// `for_each` gives what `projects` gives.
    #[test]
    fn cumulative_sums_match_brute_force() {
        let cfg = shipped();
        let n = cfg.projects.len() as u32;
        assert!(n >= 3);
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut daily: Vec<DailyTotal> = Vec::new();
        for _ in 0..3_000 {
            // Project 1 is left without payments.
            let project = match (next() % (n as u64 + 1)) as u32 {
                1 => 0,
                p => p,
            };
            daily.push(DailyTotal {
                project,
                day: (next() % 365) as u16,
                fen: (next() % 2_000_000) as i64 - 500_000,
                payments: (next() % 3) as u32,
            });
        }
        let jan1 = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        for as_of in [
            "2025-01-20",
            "2025-03-31",
            "2025-07-15",
            "2025-12-31",
            "2026-02-01",
        ] {
            let as_of: NaiveDate = as_of.parse().unwrap();
            let figures = Figures::new(&cfg, &daily, as_of).unwrap();
            let all = figures.projects(0..figures.len()).unwrap();
            let mut one_by_one = Vec::new();
            figures
                .for_each(0..figures.len(), |p| one_by_one.push(format!("{p:?}")))
                .unwrap();
            assert_eq!(
                one_by_one,
                all.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>()
            );
            let upto = |i: usize, date: NaiveDate| -> (i64, u64, Option<NaiveDate>) {
                let mut s = (0, 0, None);
                for d in daily.iter().filter(|d| d.project as usize == i) {
                    let day = jan1 + chrono::Days::new(d.day as u64);
                    if day <= date {
                        s.0 += d.fen;
                        s.1 += d.payments as u64;
                        s.2 = s.2.max(Some(day));
                    }
                }
                s
            };
            for (i, p) in all.iter().enumerate() {
                let (paid, payments, last) = upto(i, as_of);
                assert_eq!(p.paid, Fen(paid), "{i} {as_of}");
                assert_eq!(p.payments, payments, "{i} {as_of}");
                assert_eq!(p.last_payment, last, "{i} {as_of}");
                let before = as_of - chrono::Days::new(30);
                assert_eq!(p.paid_last_30_days, Fen(paid - upto(i, before).0));
                for c in &p.checkpoints {
                    assert_eq!(c.paid, Fen(upto(i, c.date).0), "{i} {}", c.date);
                    assert_eq!(c.execution_pct, percent_of(c.paid, c.budget));
                }
                assert_eq!(p.execution_pct, percent_of(p.paid, p.budget));
                assert_eq!(p.expected_pct, cfg.projects[i].plan.expected_percent(as_of));
            }
            assert_eq!(all[1].paid, Fen::ZERO);
        }
    }
}
