//! A worker's sums per (project, day): sized by the cells that have
//! payments, not by the registry.
//!
//! Why two shapes: a dense (day × project) table is the fastest way to add
//! up millions of rows over a city's ten thousand projects, but it costs
//! 12 bytes × 366 days for every project in the registry, on every worker,
//! whether the project is paid or not; a province's registry (hundreds of
//! thousands of projects) made it the largest thing in memory. So a table
//! is dense only when its size is below the payments the worker expects
//! (then it is no larger than the records the worker keeps anyway); else
//! the cells live in an open-addressing hash table that grows with the
//! cells actually seen. Both add in place, with no allocation per row
//! (the hash table doubles now and then, amortised).
//!
//! Sums wrap instead of failing: the reader's absolute-sum budget
//! (`read::Acc::abs` against `MAX_FEN`) decides whether a file's sums can be
//! trusted, exactly as before; below that budget nothing wraps.

use super::records::DAYS;
use super::types::Cell;

/// The per-worker sums.
pub(crate) enum CellTable {
    Dense(Dense),
    Sparse(Sparse),
}

impl CellTable {
    /// A table for `projects` projects on a worker that expects about
    /// `expect` payments (a generous guess).
    pub fn new(projects: usize, expect: usize) -> Self {
        let projects = projects.max(1);
        // Sparse keys are u32 cell numbers: fine up to 11.7 million
        // projects, far beyond any registry; past that, dense it is.
        let cells = projects.saturating_mul(DAYS);
        if cells <= expect || cells >= u32::MAX as usize {
            CellTable::Dense(Dense::new(projects))
        } else {
            CellTable::Sparse(Sparse::with_capacity(expect.min(1 << 16)))
        }
    }

    /// Adds one payment.
    #[inline]
    pub fn add(&mut self, project: u32, day: u16, fen: i64) {
        match self {
            CellTable::Dense(d) => d.add(project, day, fen, 1),
            CellTable::Sparse(s) => s.add(project, day, fen, 1),
        }
    }

    /// Adds another worker's sums into this one (and frees the other's
    /// table).
    pub fn absorb(&mut self, mut other: CellTable) {
        match (self, &mut other) {
            (CellTable::Dense(a), CellTable::Dense(b)) => a.absorb(b),
            (CellTable::Sparse(a), CellTable::Sparse(b)) => a.absorb(b),
            (this, other) => other.each(|c| this.add_cell(c)),
        }
    }

    fn add_cell(&mut self, c: Cell) {
        match self {
            CellTable::Dense(d) => d.add(c.project, c.day, c.fen, c.payments),
            CellTable::Sparse(s) => s.add(c.project, c.day, c.fen, c.payments),
        }
    }

    /// Calls `f` for every non-empty cell, in no particular order.
    fn each(&self, mut f: impl FnMut(Cell)) {
        match self {
            CellTable::Dense(d) => {
                let p = d.projects;
                for (i, (&n, &fen)) in d.counts.iter().zip(&d.sums).enumerate() {
                    if n != 0 {
                        f(Cell {
                            day: (i / p) as u16,
                            project: (i % p) as u32,
                            fen,
                            payments: n,
                        });
                    }
                }
            }
            CellTable::Sparse(s) => {
                for slot in s.slots.iter().filter(|s| s.key != 0) {
                    f(slot.cell());
                }
            }
        }
    }

    /// The non-empty cells in (project, day) order.
    pub fn cells(&mut self) -> Vec<Cell> {
        match self {
            CellTable::Dense(d) => d.cells(),
            CellTable::Sparse(s) => s.cells(),
        }
    }

    /// Cells held (sparse) or table size (dense): for tests.
    #[cfg(test)]
    pub fn is_dense(&self) -> bool {
        matches!(self, CellTable::Dense(_))
    }
}

/// The dense (day, project) table, with the list of cells touched while it
/// is sparse enough for a list to be cheaper than a scan.
pub(crate) struct Dense {
    projects: usize,
    sums: Vec<i64>,
    counts: Vec<u32>,
    touched: Vec<u32>,
    /// Set once whole tables were added: `touched` is then incomplete.
    dense: bool,
}

impl Dense {
    fn new(projects: usize) -> Self {
        let n = projects * DAYS;
        Dense {
            projects,
            // Zeroed tables, on huge pages where possible.
            sums: super::memory::zeroed(n),
            counts: super::memory::zeroed(n),
            touched: Vec::new(),
            dense: false,
        }
    }

    #[inline]
    fn add(&mut self, project: u32, day: u16, fen: i64, n: u32) {
        let i = day as usize * self.projects + project as usize;
        if self.counts[i] == 0 {
            self.touched.push(i as u32);
        }
        self.counts[i] = self.counts[i].wrapping_add(n);
        self.sums[i] = self.sums[i].wrapping_add(fen);
    }

    /// Cell by cell when the other saw few cells, else as two whole-array
    /// additions.
    fn absorb(&mut self, other: &Dense) {
        if !other.dense && other.touched.len() * 8 < other.counts.len() {
            for &i in &other.touched {
                let i = i as usize;
                if self.counts[i] == 0 {
                    self.touched.push(i as u32);
                }
                self.counts[i] = self.counts[i].wrapping_add(other.counts[i]);
                self.sums[i] = self.sums[i].wrapping_add(other.sums[i]);
            }
            return;
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a = a.wrapping_add(*b);
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a = a.wrapping_add(*b);
        }
        self.dense = true;
    }

    /// Collected in (day, project) order (a scan of the table, or of the
    /// sorted touched list when it is sparse), then a stable counting sort
    /// by project.
    fn cells(&mut self) -> Vec<Cell> {
        if self.dense || self.touched.len() * 8 >= self.counts.len() {
            return self.cells_dense();
        }
        let p = self.projects;
        self.touched.sort_unstable();
        let by_day: Vec<Cell> = self
            .touched
            .iter()
            .map(|&i| {
                let i = i as usize;
                Cell {
                    day: (i / p) as u16,
                    project: (i % p) as u32,
                    fen: self.sums[i],
                    payments: self.counts[i],
                }
            })
            .collect();
        let mut start = vec![0usize; p + 1];
        for c in &by_day {
            start[c.project as usize + 1] += 1;
        }
        for i in 0..p {
            start[i + 1] += start[i];
        }
        let mut out: Vec<Cell> = super::memory::zeroed(by_day.len());
        for c in by_day {
            let slot = &mut start[c.project as usize];
            out[*slot] = c;
            *slot += 1;
        }
        out
    }

    /// `cells` for a well-filled table: count per project, then place, both
    /// as straight scans of the table (no intermediate list).
    fn cells_dense(&self) -> Vec<Cell> {
        let p = self.projects;
        let mut start = vec![0usize; p + 1];
        for row in self.counts.chunks_exact(p) {
            for (project, &c) in row.iter().enumerate() {
                start[project + 1] += (c != 0) as usize;
            }
        }
        for i in 0..p {
            start[i + 1] += start[i];
        }
        let mut out: Vec<Cell> = super::memory::zeroed(start[p]);
        for (day, (counts, sums)) in self
            .counts
            .chunks_exact(p)
            .zip(self.sums.chunks_exact(p))
            .enumerate()
        {
            for (project, (&c, &fen)) in counts.iter().zip(sums).enumerate() {
                if c != 0 {
                    let slot = &mut start[project];
                    out[*slot] = Cell {
                        project: project as u32,
                        day: day as u16,
                        fen,
                        payments: c,
                    };
                    *slot += 1;
                }
            }
        }
        out
    }
}

/// One cell of the hash table (16 bytes); `key` 0 marks an empty slot.
#[derive(Clone, Copy, Default, PartialEq)]
struct Slot {
    /// `project × 366 + day + 1`: ordered as (project, day).
    key: u32,
    payments: u32,
    fen: i64,
}

impl Slot {
    fn cell(&self) -> Cell {
        let k = (self.key - 1) as usize;
        Cell {
            project: (k / DAYS) as u32,
            day: (k % DAYS) as u16,
            fen: self.fen,
            payments: self.payments,
        }
    }
}

/// Open addressing with linear probing over a power-of-two table, kept at
/// most 70 % full.
pub(crate) struct Sparse {
    slots: Vec<Slot>,
    len: usize,
    /// Other workers' cells, absorbed (sorted by (project, day)).
    merged: Vec<Cell>,
    /// 64 − log2(table size): the hash keeps the top bits.
    shift: u32,
}

impl Sparse {
    fn with_capacity(cells: usize) -> Self {
        let size = (cells.max(16) * 10 / 7 + 1).next_power_of_two();
        Sparse {
            slots: super::memory::zeroed(size),
            len: 0,
            merged: Vec::new(),
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline]
    fn slot_of(&self, key: u32) -> usize {
        ((key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn add(&mut self, project: u32, day: u16, fen: i64, n: u32) {
        // Below u32::MAX: `CellTable::new` makes sure of it.
        let key = (project as usize * DAYS + day as usize + 1) as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(key);
        loop {
            let s = &mut self.slots[i];
            if s.key == key {
                s.fen = s.fen.wrapping_add(fen);
                s.payments = s.payments.wrapping_add(n);
                return;
            }
            if s.key == 0 {
                *s = Slot {
                    key,
                    fen,
                    payments: n,
                };
                self.len += 1;
                if self.len * 10 > self.slots.len() * 7 {
                    self.grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let size = old.len() * 2;
        self.slots = super::memory::zeroed(size);
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for s in old.into_iter().filter(|s| s.key != 0) {
            let mut i = self.slot_of(s.key);
            while self.slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// Adds another table's cells: both become sorted lists (each without
    /// the hash table's slack, the table freed at once) merged into
    /// `merged`. Inserting one table's slots into another of the same hash
    /// would also work but needs a third, larger table at the peak, and
    /// piles slots into long runs unless that table is grown first.
    fn absorb(&mut self, other: &mut Sparse) {
        let theirs = other.cells();
        let mine = std::mem::take(&mut self.merged);
        self.merged = merge_sorted(&mine, &theirs);
    }

    /// The table's cells, sorted, merged with what was absorbed; the table
    /// is emptied.
    fn cells(&mut self) -> Vec<Cell> {
        let mut keys: Vec<Slot> = Vec::with_capacity(self.len);
        keys.extend(self.slots.iter().filter(|s| s.key != 0));
        self.slots = vec![Slot::default(); 16];
        self.shift = 64 - 4;
        self.len = 0;
        keys.sort_unstable_by_key(|s| s.key);
        let mut out: Vec<Cell> = super::memory::with_capacity(keys.len());
        out.extend(keys.iter().map(Slot::cell));
        drop(keys);
        let merged = std::mem::take(&mut self.merged);
        if merged.is_empty() {
            out
        } else {
            merge_sorted(&out, &merged)
        }
    }
}

/// Merges two cell lists sorted by (project, day), adding (wrapping) the
/// cells that meet.
fn merge_sorted(a: &[Cell], b: &[Cell]) -> Vec<Cell> {
    if a.is_empty() {
        return b.to_vec();
    }
    if b.is_empty() {
        return a.to_vec();
    }
    let mut out: Vec<Cell> = super::memory::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (ka, kb) = ((a[i].project, a[i].day), (b[j].project, b[j].day));
        if ka < kb {
            out.push(a[i]);
            i += 1;
        } else if kb < ka {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(Cell {
                fen: a[i].fen.wrapping_add(b[j].fen),
                payments: a[i].payments.wrapping_add(b[j].payments),
                ..a[i]
            });
            i += 1;
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both shapes give the same cells, sorted, for the same payments,
    /// also when tables of either shape are absorbed.
    #[test]
    fn dense_and_sparse_agree() {
        let projects = 37;
        let mut payments = Vec::new();
        let mut x: u64 = 12345;
        for _ in 0..5000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let project = (x >> 33) as u32 % projects;
            let day = ((x >> 17) % DAYS as u64) as u16;
            let fen = (x >> 40) as i64 - (1 << 23);
            payments.push((project, day, fen));
        }
        let run = |expect: usize| {
            let mut a = CellTable::new(projects as usize, expect);
            let mut b = CellTable::new(projects as usize, expect);
            for (i, &(p, d, f)) in payments.iter().enumerate() {
                if i % 3 == 0 {
                    b.add(p, d, f)
                } else {
                    a.add(p, d, f)
                }
            }
            a.absorb(b);
            (a.is_dense(), a.cells())
        };
        let (dense, d) = run(1 << 30);
        let (sparse, s) = run(10);
        assert!(dense && !sparse);
        assert_eq!(d, s);
        assert!(d
            .windows(2)
            .all(|w| (w[0].project, w[0].day) < (w[1].project, w[1].day)));
        let total: i64 = payments.iter().map(|p| p.2).sum();
        assert_eq!(s.iter().map(|c| c.fen).sum::<i64>(), total);
        assert_eq!(s.iter().map(|c| c.payments as usize).sum::<usize>(), 5000);
    }

    /// Sums wrap rather than panic (the reader's budget decides whether a
    /// file's sums are used).
    #[test]
    fn sparse_wraps() {
        let mut t = CellTable::new(1_000_000, 4);
        t.add(999_999, 365, i64::MAX);
        t.add(999_999, 365, 1);
        assert_eq!(t.cells()[0].fen, i64::MIN);
    }
}
