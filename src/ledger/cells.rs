//! A worker's sums per (project, day): sized by the cells that have
//! payments, not by the registry.
//!
//! Why two shapes: a dense (day × project) table is the fastest way to add
//! up millions of rows over a city's ten thousand projects, but it costs
//! 12 bytes × 366 days for every project in the registry, on every worker,
//! whether the project is paid or not; a province's registry (hundreds of
//! thousands of projects) made it the largest thing in memory. So a table
//! is dense only when its size is below the payments the worker expects
//! (then it is no larger than the records the worker keeps anyway).
//!
//! Else the payments are appended to a bounded buffer, in row order, and
//! each time it fills it is radix-sorted by cell, summed and merged into
//! the worker's sorted cells. Why not a hash table: over a province's
//! registry almost every payment lands on a cell of its own, so a hash
//! table is as large as the payments and every row costs a cache miss at a
//! random place in it; appending is sequential, and two radix passes over
//! the buffer cost a few nanoseconds a row. Memory is the buffer (bounded)
//! plus the cells actually seen.
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
            CellTable::Sparse(Sparse::new(cells, expect))
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

    /// Sorts what a sparse table holds unsorted (a worker's last step);
    /// nothing for a dense one.
    pub fn settle(&mut self) {
        if let CellTable::Sparse(s) = self {
            s.flush();
            s.pending = Vec::new();
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
                s.merged.iter().map(Slot::cell).for_each(&mut f);
                s.pending.iter().map(Slot::cell).for_each(f);
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

/// A zeroed table on huge pages where the kernel allows it. Only the dense
/// tables ask: payments land at random places all over them, and with
/// 4 KiB pages a city's ledger (10,000 projects, a 44 MB table per
/// worker) spent 8 % more time on address translation. Nothing else
/// asks (see `base::pages`): a huge page is zeroed whole when first
/// touched, which a table this full pays for anyway but the sequentially
/// filled buffers did not need.
fn zeroed_huge<T: Copy + Default>(n: usize) -> Vec<T> {
    let mut v = vec![T::default(); n];
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes >= 4 << 20 {
        crate::base::pages::huge(v.as_mut_ptr() as usize, bytes);
    }
    v
}

/// An empty vector with room for `n`, its memory backed in one call
/// (`base::pages::prefault`) when it is large: the sums and cells built
/// here are filled straight through, and taking their pages one fault at a
/// time cost more than the kernel's zeroing of them.
pub(crate) fn backed<T>(n: usize) -> Vec<T> {
    let v = Vec::with_capacity(n);
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes >= 1 << 20 {
        crate::base::pages::prefault(v.as_ptr() as usize, bytes);
    }
    v
}

impl Dense {
    fn new(projects: usize) -> Self {
        let n = projects * DAYS;
        Dense {
            projects,
            sums: zeroed_huge(n),
            counts: zeroed_huge(n),
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
        let mut out: Vec<Cell> = vec![Cell::default(); by_day.len()];
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
        let mut out: Vec<Cell> = vec![Cell::default(); start[p]];
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
/// One payment (or a run of them) waiting to be sorted into its cell.
#[derive(Clone, Copy, Default, PartialEq)]
struct Slot {
    /// `project * DAYS + day`.
    key: u32,
    payments: u32,
    fen: i64,
}

impl Slot {
    fn cell(&self) -> Cell {
        let k = self.key as usize;
        Cell {
            project: (k / DAYS) as u32,
            day: (k % DAYS) as u16,
            fen: self.fen,
            payments: self.payments,
        }
    }
}

/// Payments a sparse table holds unsorted before it sorts them into its
/// cells: 16 MiB, a few milliseconds of sorting each time it fills.
const PENDING: usize = if cfg!(test) { 64 } else { 1 << 20 };

pub(crate) struct Sparse {
    /// Payments since the last sort, in arrival order.
    pending: Vec<Slot>,
    /// The cells of every payment before them, sorted by key (16 bytes a
    /// cell: they become `Cell`s only when handed out).
    merged: Vec<Slot>,
    /// Bits of the largest cell key: the radix sort's passes cover them.
    bits: u32,
}

impl Sparse {
    /// A table for cell keys below `cells`, on a worker expecting about
    /// `expect` payments.
    fn new(cells: usize, expect: usize) -> Self {
        Sparse {
            pending: Vec::with_capacity(expect.clamp(16, PENDING)),
            merged: Vec::new(),
            bits: usize::BITS - cells.max(1).leading_zeros(),
        }
    }

    #[inline]
    fn add(&mut self, project: u32, day: u16, fen: i64, n: u32) {
        self.pending.push(Slot {
            key: (project as usize * DAYS + day as usize) as u32,
            payments: n,
            fen,
        });
        if self.pending.len() >= PENDING {
            self.flush();
        }
    }

    /// Sorts the pending payments, sums those of a cell in place, and
    /// merges them into `merged`.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        radix_sort(&mut self.pending, self.bits);
        let v = &mut self.pending;
        let mut last = 0;
        for i in 1..v.len() {
            if v[i].key == v[last].key {
                v[last].fen = v[last].fen.wrapping_add(v[i].fen);
                v[last].payments = v[last].payments.wrapping_add(v[i].payments);
            } else {
                last += 1;
                v[last] = v[i];
            }
        }
        v.truncate(last + 1);
        if self.merged.is_empty() {
            std::mem::swap(&mut self.merged, &mut self.pending);
        } else {
            self.merged = merge_sorted(&self.merged, &self.pending);
        }
        self.pending.clear();
    }

    fn absorb(&mut self, other: &mut Sparse) {
        other.flush();
        other.pending = Vec::new();
        self.flush();
        let theirs = std::mem::take(&mut other.merged);
        self.merged = merge_sorted(&self.merged, &theirs);
    }

    fn cells(&mut self) -> Vec<Cell> {
        self.flush();
        self.pending = Vec::new();
        let merged = std::mem::take(&mut self.merged);
        let mut out: Vec<Cell> = backed(merged.len());
        out.extend(merged.iter().map(Slot::cell));
        out
    }
}

/// Sorts by key, least significant digit first, in two passes of up to 16
/// bits (keys of `bits` bits); small inputs by comparison.
fn radix_sort(v: &mut Vec<Slot>, bits: u32) {
    if v.len() < 1024 || bits == 0 {
        v.sort_unstable_by_key(|s| s.key);
        return;
    }
    let digit = bits.div_ceil(2).clamp(1, 16);
    let mask = (1u32 << digit) - 1;
    let mut other: Vec<Slot> = backed(v.len());
    other.resize(v.len(), Slot::default());
    let mut shift = 0;
    let mut counts = vec![0usize; 1 << digit];
    while shift < bits {
        counts.iter_mut().for_each(|c| *c = 0);
        for s in v.iter() {
            counts[((s.key >> shift) & mask) as usize] += 1;
        }
        let mut at = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for s in v.iter() {
            let d = ((s.key >> shift) & mask) as usize;
            other[counts[d]] = *s;
            counts[d] += 1;
        }
        std::mem::swap(v, &mut other);
        shift += digit;
    }
}

/// Merges two lists sorted by key, adding (wrapping) the cells that meet.
fn merge_sorted(a: &[Slot], b: &[Slot]) -> Vec<Slot> {
    if a.is_empty() || b.is_empty() {
        return [a, b].concat();
    }
    merge_by_key(
        a,
        b,
        |s| s.key,
        |x, y| Slot {
            key: x.key,
            fen: x.fen.wrapping_add(y.fen),
            payments: x.payments.wrapping_add(y.payments),
        },
    )
}

/// Merges two lists sorted by `key` (each key at most once in a list),
/// replacing the two items of a key found in both by `add` of them: the
/// one merge of sorted sums, for the workers' cells and for the files'.
pub(crate) fn merge_by_key<T: Copy, K: Ord>(
    a: &[T],
    b: &[T],
    key: impl Fn(&T) -> K,
    mut add: impl FnMut(&T, &T) -> T,
) -> Vec<T> {
    let mut out: Vec<T> = backed(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (ka, kb) = (key(&a[i]), key(&b[j]));
        if ka < kb {
            out.push(a[i]);
            i += 1;
        } else if kb < ka {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(add(&a[i], &b[j]));
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

    /// The radix sort orders like a comparison sort, for keys of any width.
    #[test]
    fn radix_sort_sorts() {
        for bits in [1u32, 9, 17, 26, 32] {
            let mut x: u64 = 99 + bits as u64;
            let mut v: Vec<Slot> = (0..5000)
                .map(|i| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    Slot {
                        key: ((x >> 32) as u32) >> (32 - bits),
                        payments: i,
                        fen: x as i64,
                    }
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|s| s.key);
            radix_sort(&mut v, bits);
            // Stable as well: equal keys keep their arrival order.
            assert!(v == want, "bits {bits}");
        }
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
