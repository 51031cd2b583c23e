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

use super::read::{FileData, Rec, View, BUCKETS, DAYS};
use super::DailyTotal;

/// The merged result of all files.
pub(crate) struct Merged {
    /// Deduplicated payments per project and day, sorted.
    pub daily: Vec<DailyTotal>,
    /// Keys whose payments disagree.
    pub conflicts: HashSet<u64>,
    /// Files holding at least one conflicting payment.
    pub conflict_files: Vec<bool>,
    /// Per file: how its report's counts move.
    pub deltas: Vec<Delta>,
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

/// Totals per (project, day), project-major so the sorted daily table is
/// one sequential scan.
struct Totals {
    sums: Vec<i64>,
    counts: Vec<i64>,
}

impl Totals {
    #[inline]
    fn at(project: u32, day: u16) -> usize {
        project as usize * DAYS + day as usize
    }
    fn sub(&mut self, r: &Rec, times: i64) {
        let i = Self::at(r.project, r.day);
        self.sums[i] -= r.fen * times;
        self.counts[i] -= times;
    }
}

/// A record that could not be read back: (file index, why).
pub(crate) type Unreadable = (usize, String);

/// Adds up all files and applies the dedup rule.
pub(crate) fn merge(files: &[FileData], projects: usize) -> Result<Merged, Unreadable> {
    let projects = projects.max(1);
    let mut t = Totals {
        sums: vec![0; projects * DAYS],
        counts: vec![0; projects * DAYS],
    };
    for f in files {
        for c in &f.cells {
            let i = Totals::at(c.project, c.day);
            t.sums[i] += c.fen;
            t.counts[i] += c.payments as i64;
        }
    }
    let mut m = Merged {
        daily: Vec::new(),
        conflicts: HashSet::new(),
        conflict_files: vec![false; files.len()],
        deltas: vec![Delta::default(); files.len()],
    };
    let mut group: Vec<(usize, Rec)> = Vec::new();
    let mut small: Vec<(u64, u32, u32)> = Vec::new();
    for b in 0..BUCKETS {
        let views: Vec<View> = files.iter().map(|f| f.records.bucket(b)).collect();
        let Some(large) = (0..views.len()).max_by_key(|&i| (views[i].len(), usize::MAX - i)) else {
            break;
        };
        let lv = &views[large];
        // (key, file, index) of every record outside the largest file.
        small.clear();
        for (fi, v) in views.iter().enumerate() {
            if fi != large {
                small.extend((0..v.len()).map(|i| (v.key(i), fi as u32, i as u32)));
            }
        }
        small.sort_unstable();
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
                    group.push((f, views[f].rec(k as usize).map_err(|e| (f, e))?));
                }
                for k in in_large {
                    group.push((large, lv.rec(k).map_err(|e| (large, e))?));
                }
                group.sort_by_key(|g| g.0);
                settle(key, &group, &mut t, &mut m);
            }
            i = j;
        }
        // Keys repeated inside the largest file and nowhere else.
        let dups = &files[large].dups;
        let from = dups.partition_point(|&k| Rec::bucket(k) < b);
        let to = dups.partition_point(|&k| Rec::bucket(k) <= b);
        for &key in &dups[from..to] {
            if small.binary_search_by_key(&key, |s| s.0).is_ok() {
                continue;
            }
            group.clear();
            for k in lv.equal_range(key) {
                group.push((large, lv.rec(k).map_err(|e| (large, e))?));
            }
            if group.len() >= 2 {
                settle(key, &group, &mut t, &mut m);
            }
        }
    }
    for (i, &count) in t.counts.iter().enumerate() {
        if count > 0 {
            m.daily.push(DailyTotal {
                project: (i / DAYS) as u32,
                day: (i % DAYS) as u16,
                fen: t.sums[i],
                payments: count as u32,
            });
        }
    }
    Ok(m)
}

/// Applies the rule to all occurrences of one key, in file order.
fn settle(key: u64, group: &[(usize, Rec)], t: &mut Totals, m: &mut Merged) {
    let first = group[0].1;
    let same = |r: &Rec| (r.fen, r.project, r.day) == (first.fen, first.project, first.day);
    if !group.iter().all(|(_, r)| same(r)) {
        for (f, r) in group {
            t.sub(r, 1);
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
            t.sub(&first, dup);
        }
    }
}
