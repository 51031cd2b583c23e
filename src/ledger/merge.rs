//! Dedup across files: the per-file sums are added up, then corrected for
//! the payments that occur more than once.
//!
//! Only keys seen twice need any work, and those are found without a table
//! of every payment: in each of the 256 key buckets the largest file's
//! sorted records are searched for the keys of the other files (which are
//! few when the exports barely overlap, as nightly exports do), and each
//! file's own repeated keys were listed when it was parsed.
//!
//! The rule (domain.md): a line counts as often as it appears in the one
//! file that has it most often; a treasury payment number seen with
//! different contents is a conflict and counts nowhere.

use std::collections::HashSet;
use std::sync::Arc;

use super::records::{Rec, View, BUCKETS};
use super::types::{Cell, DailyTotal, FileData};

/// The merged result of all files.
pub(crate) struct Merged {
    /// Deduplicated payments per project and day, sorted.
    pub daily: Arc<Vec<DailyTotal>>,
    /// The corrections that made them, per file and per key.
    pub settled: Settled,
    /// Projects left out of `daily` because their payments, added up over
    /// all files, would not fit the sums made of them later (sorted).
    pub withheld: Vec<u32>,
}

/// The most the merged table may hold, added up without signs: every sum
/// and every difference of two sums made of it later (a project's paid at a
/// date, the department's total) then fits an `i64`.
pub(crate) const MAX_TOTAL: u128 = (i64::MAX / 2) as u128;

/// `a + b`, or the project noted in `over` when it does not fit.
#[inline]
fn add_fen(a: i64, b: i64, project: u32, over: &mut Vec<u32>) -> i64 {
    a.checked_add(b).unwrap_or_else(|| {
        over.push(project);
        0
    })
}

/// Count adjustments for one file's report.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Delta {
    pub used: i64,
    pub duplicates: i64,
    pub quarantined: i64,
}

impl Delta {
    /// Applies the adjustment to a report.
    pub fn apply(&self, r: &mut super::FileReport) {
        r.used = (r.used as i64 + self.used).max(0) as u64;
        r.duplicates = (r.duplicates as i64 + self.duplicates).max(0) as u64;
        r.quarantined = (r.quarantined as i64 + self.quarantined).max(0) as u64;
    }
}

/// What settling repeated keys produces: corrections to the summed cells
/// and to each file's counts, and the conflicting keys. One per bucket,
/// then all buckets' combined.
pub(crate) struct Settled {
    corrections: Vec<Cell>,
    /// Projects whose corrections did not fit an `i64`.
    over: Vec<u32>,
    /// Per file: how its report's counts move.
    pub deltas: Vec<Delta>,
    /// Keys whose payments disagree.
    pub conflicts: HashSet<u64>,
    /// Files holding at least one conflicting payment.
    pub conflict_files: Vec<bool>,
}

impl Settled {
    fn new(files: usize) -> Self {
        Settled {
            corrections: Vec::new(),
            over: Vec::new(),
            deltas: vec![Delta::default(); files],
            conflicts: HashSet::new(),
            conflict_files: vec![false; files],
        }
    }

    /// Takes `times` payments like `r` out of the sums.
    fn sub(&mut self, r: &Rec, times: i64) {
        let fen = i64::try_from(-(r.fen as i128) * times as i128).unwrap_or_else(|_| {
            self.over.push(r.project);
            0
        });
        self.corrections.push(Cell {
            day: r.day,
            project: r.project,
            fen,
            payments: 0u32.wrapping_sub(times as u32),
        });
    }

    fn absorb(&mut self, other: Settled) {
        self.corrections.extend(other.corrections);
        self.over.extend(other.over);
        self.conflicts.extend(other.conflicts);
        for (i, d) in other.deltas.iter().enumerate() {
            self.deltas[i].used += d.used;
            self.deltas[i].duplicates += d.duplicates;
            self.deltas[i].quarantined += d.quarantined;
            self.conflict_files[i] |= other.conflict_files[i];
        }
    }
}

/// Merges two lists sorted by (project, day), adding cells that meet.
fn merge_two(a: &[Cell], b: &[Cell], over: &mut Vec<u32>) -> Vec<Cell> {
    super::cells::merge_by_key(
        a,
        b,
        |c| (c.project, c.day),
        |x, y| Cell {
            fen: add_fen(x.fen, y.fen, x.project, over),
            payments: x.payments.wrapping_add(y.payments),
            ..*x
        },
    )
}

/// All lists summed into one sorted list. The two shortest lists are
/// merged first, again and again, so a year's big list is copied once, at
/// the end, when a night adds a small one; a single list is the result as
/// it is (still shared with whoever else holds it).
fn merge_all(mut lists: Vec<Arc<Vec<Cell>>>, over: &mut Vec<u32>) -> Arc<Vec<Cell>> {
    lists.retain(|l| !l.is_empty());
    while lists.len() > 1 {
        lists.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let (Some(a), Some(mut b)) = (lists.pop(), lists.pop()) else {
            break;
        };
        // A short list whose cells all exist in the long one (a re-export
        // of days already read, or dedup corrections) is added in place,
        // when the long one is not shared.
        let in_place = a.len() * 16 < b.len()
            && Arc::get_mut(&mut b).is_some_and(|big| add_in_place(big, &a, over));
        if in_place {
            lists.push(b);
        } else {
            lists.push(Arc::new(merge_two(&a, &b, over)));
        }
    }
    lists.pop().unwrap_or_default()
}

/// Adds `small` into `big` when every cell of `small` is already in `big`
/// (both sorted by (project, day)); false, with `big` untouched, otherwise.
fn add_in_place(big: &mut [Cell], small: &[Cell], over: &mut Vec<u32>) -> bool {
    let mut at = Vec::with_capacity(small.len());
    let mut from = 0;
    for c in small {
        let key = (c.project, c.day);
        let i = from + big[from..].partition_point(|x| (x.project, x.day) < key);
        if i >= big.len() || (big[i].project, big[i].day) != key {
            return false;
        }
        at.push(i);
        from = i;
    }
    for (c, &i) in small.iter().zip(&at) {
        big[i].fen = add_fen(big[i].fen, c.fen, c.project, over);
        big[i].payments = big[i].payments.wrapping_add(c.payments);
    }
    true
}

/// A record that could not be read back: (file index, why).
pub(crate) type Unreadable = (usize, String);

/// Finds and settles every repeated key: the only part of the merge that
/// reads records, so the only part that can fail (a damaged cache entry).
/// Buckets are independent: settled on all cores, then combined.
pub(crate) fn settle(files: &[FileData]) -> Result<Settled, Unreadable> {
    use rayon::prelude::*;
    let outs = (0..BUCKETS)
        .into_par_iter()
        .map(|b| settle_bucket(files, b))
        .collect::<Result<Vec<Settled>, Unreadable>>()?;
    let mut all = Settled::new(files.len());
    for o in outs {
        all.absorb(o);
    }
    Ok(all)
}

/// Adds up the files' cells (one sorted list per file) and the corrections.
pub(crate) fn sum(mut lists: Vec<Arc<Vec<Cell>>>, mut settled: Settled) -> Merged {
    // One correction per (project, day): the merge adds lists whose keys
    // are unique.
    let mut over = std::mem::take(&mut settled.over);
    let mut corrections = std::mem::take(&mut settled.corrections);
    corrections.sort_unstable_by_key(|c| (c.project, c.day));
    corrections.dedup_by(|later, kept| {
        let same = (later.project, later.day) == (kept.project, kept.day);
        if same {
            kept.fen = add_fen(kept.fen, later.fen, kept.project, &mut over);
            kept.payments = kept.payments.wrapping_add(later.payments);
        }
        same
    });
    lists.push(Arc::new(corrections));
    let mut daily = merge_all(lists, &mut over);
    // One pass over the table tells whether anything must be taken out:
    // cells that cancelled, or projects too large to add up (rare). The
    // table is changed (so copied, when shared) only then.
    let (mut cancelled, mut size) = (false, 0u64);
    for c in daily.iter() {
        cancelled |= c.payments == 0;
        size = size.saturating_add(c.fen.unsigned_abs());
    }
    if cancelled {
        Arc::make_mut(&mut daily).retain(|c| c.payments != 0);
    }
    let withheld = if over.is_empty() && u128::from(size) <= MAX_TOTAL {
        over
    } else {
        too_large(&daily, over)
    };
    if !withheld.is_empty() {
        Arc::make_mut(&mut daily).retain(|c| withheld.binary_search(&c.project).is_err());
    }
    Merged {
        daily,
        settled,
        withheld,
    }
}

/// The projects to leave out so that the table fits `MAX_TOTAL`: those
/// whose sums overflowed (`over`), then, while the rest is still too large,
/// the largest ones. Each file keeps its own payments within `MAX_FEN`, so
/// this takes several files of absurd amounts; it is decided on the merged
/// figures, so the same inputs always withhold the same projects.
fn too_large(daily: &[Cell], mut over: Vec<u32>) -> Vec<u32> {
    over.sort_unstable();
    over.dedup();
    let mut per: Vec<(u128, u32)> = Vec::new();
    for c in daily {
        match per.last_mut() {
            Some((sum, p)) if *p == c.project => *sum += c.fen.unsigned_abs() as u128,
            _ => per.push((c.fen.unsigned_abs() as u128, c.project)),
        }
    }
    let mut total: u128 = per
        .iter()
        .filter(|(_, p)| over.binary_search(p).is_err())
        .map(|(s, _)| s)
        .sum();
    if total > MAX_TOTAL {
        per.sort_unstable_by(|a, b| b.cmp(a));
        for (sum, p) in per {
            if total <= MAX_TOTAL {
                break;
            }
            if over.binary_search(&p).is_err() {
                total -= sum;
                over.push(p);
            }
        }
        over.sort_unstable();
    }
    over
}

/// Finds and settles the repeated keys of bucket `b`.
fn settle_bucket(files: &[FileData], b: usize) -> Result<Settled, Unreadable> {
    let mut o = Settled::new(files.len());
    let lens: Vec<usize> = files.iter().map(|f| f.records.bucket_len(b)).collect();
    let Some(large) = (0..lens.len()).max_by_key(|&i| (lens[i], usize::MAX - i)) else {
        return Ok(o);
    };
    // The other files' records of this bucket (few, on a nightly run).
    let mut views: Vec<Option<View>> = (0..files.len()).map(|_| None).collect();
    let mut small: Vec<(u64, u32, u32)> = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        if fi != large && lens[fi] > 0 {
            let v = f.records.bucket(b).map_err(|e| (fi, e))?;
            small.extend((0..v.len()).map(|i| (v.key(i), fi as u32, i as u32)));
            views[fi] = Some(v);
        }
    }
    small.sort_unstable();
    let dups = &files[large].dups;
    let dups = &dups[dups.partition_point(|&k| Rec::bucket(k) < b)
        ..dups.partition_point(|&k| Rec::bucket(k) <= b)];
    if small.is_empty() && dups.is_empty() {
        return Ok(o);
    }
    // The largest file's keys are read only when something is looked up.
    let lv = files[large].records.bucket(b).map_err(|e| (large, e))?;
    let mut group: Vec<(usize, Rec)> = Vec::new();
    let mut i = 0;
    while i < small.len() {
        let key = small[i].0;
        let mut j = i;
        while j < small.len() && small[j].0 == key {
            j += 1;
        }
        let in_large = lv.equal_range(key);
        if (j - i) + in_large.len() >= 2 {
            group.clear();
            for &(_, f, k) in &small[i..j] {
                let f = f as usize;
                if let Some(v) = &views[f] {
                    group.push((f, v.rec(k as usize).map_err(|e| (f, e))?));
                }
            }
            for k in in_large {
                group.push((large, lv.rec(k).map_err(|e| (large, e))?));
            }
            group.sort_by_key(|g| g.0);
            settle_key(key, &group, &mut o);
        }
        i = j;
    }
    // Keys repeated inside the largest file and nowhere else.
    for &key in dups {
        if small.binary_search_by_key(&key, |s| s.0).is_ok() {
            continue;
        }
        group.clear();
        for k in lv.equal_range(key) {
            group.push((large, lv.rec(k).map_err(|e| (large, e))?));
        }
        if group.len() >= 2 {
            settle_key(key, &group, &mut o);
        }
    }
    Ok(o)
}

/// Applies the rule to all occurrences of one key, in file order.
fn settle_key(key: u64, group: &[(usize, Rec)], m: &mut Settled) {
    let first = group[0].1;
    let same = |r: &Rec| (r.fen, r.project, r.day) == (first.fen, first.project, first.day);
    if !group.iter().all(|(_, r)| same(r)) {
        for (f, r) in group {
            m.sub(r, 1);
            m.deltas[*f].used -= 1;
            m.deltas[*f].quarantined += 1;
            m.conflict_files[*f] = true;
        }
        m.conflicts.insert(key);
        return;
    }
    let mut most = 0i64;
    let mut k = 0;
    while k < group.len() {
        let f = group[k].0;
        let mut n = 0i64;
        while k < group.len() && group[k].0 == f {
            n += 1;
            k += 1;
        }
        let used = (n - most).max(0);
        most = most.max(n);
        let dup = n - used;
        if dup > 0 {
            m.deltas[f].used -= dup;
            m.deltas[f].duplicates += dup;
            m.sub(&first, dup);
        }
    }
}
