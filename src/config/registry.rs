//! Project registries kept as spreadsheets. Bureaus with thousands of projects
//! do not write TOML; they export a CSV with 项目编码, 项目名称, 单位编码, 预算数,
//! 支出计划, 负责人, 邮箱. The plan column is either the four standard
//! checkpoints as "25/50/75/100" (end of March, June, October, December) or
//! explicit "2025-03-31:25;2025-06-30:50;…".

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use rust_decimal::Decimal;
use xxhash_rust::xxh3::xxh3_64;

use super::plausible_email;
use super::sheet::{Mode, Restart};
use crate::base::diag::Diagnostic;
use crate::base::i18n::message;
use crate::base::money::Fen;
use crate::model::plan::{Checkpoint, Plan};
use crate::model::{Department, Person, Project};

/// Header names accepted for each registry column (first match wins).
pub(super) const COLUMNS: &super::sheet::Columns = &[
    ("code", &["项目编码", "项目代码", "项目编号"]),
    ("name", &["项目名称"]),
    ("unit_code", &["单位编码", "单位代码"]),
    ("unit_name", &["单位名称"]),
    (
        "budget",
        &["预算数", "预算金额", "全年预算数", "调整后预算"],
    ),
    ("plan", &["支出计划", "资金支出计划", "支出进度计划"]),
    ("owner", &["负责人", "项目负责人"]),
    ("email", &["邮箱", "电子邮箱", "email", "Email", "E-mail"]),
];

/// Loads a registry CSV. Problems are appended to `errors` with the file, line
/// and column name; `None` only when the file cannot be used at all.
///
/// Rows are checked as they are read (see `sheet`), and what repeats across
/// rows is worked out once: a province registers its projects under a
/// handful of plan curves and owners, so each distinct plan text is parsed
/// and each distinct address checked only the first time it is met.
///
/// A plain registry (see `sheet::Mode::Lines`) is read once, on the hope
/// that it is clean: no row has a problem and no code comes twice, which is
/// checked at the end by sorting the codes' hashes rather than by a map of
/// every code kept while reading. A big one is read on every core (see
/// [`Split`]): `status` waits for the registry before it reads a ledger.
/// Any other registry, or a hope disappointed, is read again the general
/// way, every row checked against the codes before it, so its problems come
/// out in order with the first line of each code that repeats.
pub fn load_registry(
    path: &Path,
    year: i32,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Department, Vec<Project>)> {
    load_registry_split(path, year, Split::CORES, errors)
}

/// [`load_registry`], a plain registry shared out among threads as `split`
/// says.
pub(super) fn load_registry_split(
    path: &Path,
    year: i32,
    split: Split,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Department, Vec<Project>)> {
    match load_sheet(path, year, Mode::Lines, split, errors) {
        Ok(loaded) => loaded,
        Err(Restart) => load_sheet(path, year, Mode::Csv, split, errors).unwrap_or(None),
    }
}

/// When a plain registry is read on several threads, and in what parts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split {
    /// Sheets smaller than this many bytes are read on one thread: the
    /// shipped config and small offices see no threads at all.
    pub min: u64,
    /// The bytes of a part. Parts are merged in file order as they are
    /// done, so the rows of only a few are held twice at a time: small
    /// parts keep that copy small (at 256 KiB, some 2,500 rows and 0.6 MB
    /// of projects each; 100,000 rows: peak +3 MiB, with 1 MiB parts +7).
    pub part: u64,
    /// The threads; 0: one per core.
    pub threads: usize,
}

impl Split {
    /// A megabyte (some 10,000 rows) or more on every core.
    pub const CORES: Split = Split {
        min: 1 << 20,
        part: 256 << 10,
        threads: 0,
    };

    /// The threads and the byte ranges a sheet of `bytes` is read in, or
    /// None for one thread.
    fn ranges(
        &self,
        bytes: u64,
        rows: &super::sheet::Rows,
    ) -> Option<(usize, super::sheet::Parts)> {
        if bytes < self.min {
            return None;
        }
        let threads = match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(16)),
            n => n,
        };
        if threads < 2 {
            return None;
        }
        let parts = rows.split(bytes, self.part)?;
        (parts.ranges.len() > 1).then_some((threads, parts))
    }
}

/// [`load_registry`] reading the sheet in `mode`; on [`Restart`] nothing has
/// been added to `errors`. In [`Mode::Lines`] codes are not checked row by
/// row: a row problem or a code twice gives [`Restart`].
fn load_sheet(
    path: &Path,
    year: i32,
    mode: Mode,
    split: Split,
    errors: &mut Vec<Diagnostic>,
) -> Result<Option<(Department, Vec<Project>)>, Restart> {
    // Problems found before the sheet (settings) leave nothing to load.
    let clean_so_far = errors.is_empty();
    let exact = mode == Mode::Csv;
    let Some((sheet, mut rows)) = super::sheet::read(
        path,
        mode,
        COLUMNS,
        &["code", "name", "budget", "plan"],
        "cfg-registry-empty",
        "cfg-registry-column",
        errors,
    )?
    else {
        return Ok(None);
    };
    if !clean_so_far {
        rows.drain(errors)?;
        return Ok(None);
    }
    let cols = Cols::of(&sheet);
    let mut out = Out::default();
    let parallel = if exact {
        None
    } else {
        split.ranges(sheet.bytes, &rows)
    };
    if let Some((threads, parts)) = parallel {
        drop(rows);
        load_parts(path, year, &sheet, cols, &parts, threads, &mut out)?;
        if repeats(std::mem::take(&mut out.hashes)) {
            return Err(Restart);
        }
    } else {
        let mut build = Build::new(path, year, &sheet.header, cols, exact, People::default());
        build.begin(sheet.bytes);
        let mut rec = super::sheet::Row::default();
        while let Some(line) = rows.next_row(&mut rec)? {
            build.row(&rec, line, &mut out);
        }
        if !exact && (!build.found.is_empty() || repeats(std::mem::take(&mut out.hashes))) {
            return Err(Restart);
        }
        rows.finish(build.found, errors);
    }
    let projects = out.projects;
    // The unit of the first project kept.
    let department = projects
        .first()
        .map(|p| Department {
            unit_code: p.unit_code.to_string(),
            unit_name: p.unit_name.to_string(),
            ..Department::default()
        })
        .unwrap_or_default();
    if projects.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::file(
            path,
            message("cfg-registry-no-projects", &[]),
        ));
    }
    Ok(Some((department, projects)))
}

/// Where each registry column is in a row.
#[derive(Debug, Clone, Copy)]
struct Cols {
    code: Option<usize>,
    name: Option<usize>,
    unit_code: Option<usize>,
    unit_name: Option<usize>,
    budget: Option<usize>,
    plan: Option<usize>,
    owner: Option<usize>,
    email: Option<usize>,
}

impl Cols {
    fn of(sheet: &super::sheet::Sheet) -> Cols {
        let at = |key: &str| sheet.col.get(key).copied();
        Cols {
            code: at("code"),
            name: at("name"),
            unit_code: at("unit_code"),
            unit_name: at("unit_name"),
            budget: at("budget"),
            plan: at("plan"),
            owner: at("owner"),
            email: at("email"),
        }
    }
}

/// What rows read so far have made: the projects and (in lines) the
/// hashes of their codes.
#[derive(Default)]
struct Out {
    projects: Vec<Project>,
    hashes: Vec<u64>,
}

/// Checking rows and making projects of them: for the whole sheet, or on
/// each thread for the parts it reads.
struct Build<'a> {
    path: &'a Path,
    year: i32,
    header: &'a super::sheet::Row,
    cols: Cols,
    exact: bool,
    found: Vec<Diagnostic>,
    /// The codes met (only when `exact`).
    seen: Seen,
    plans: Memo<Plan>,
    people: People,
    /// The unit of the last project, shared with the next while it is the same.
    unit: (Arc<str>, Arc<str>),
    /// Rows read since [`Build::begin`], and the bytes the output is then
    /// sized for (0: not sized).
    read: usize,
    bytes: u64,
}

impl<'a> Build<'a> {
    fn new(
        path: &'a Path,
        year: i32,
        header: &'a super::sheet::Row,
        cols: Cols,
        exact: bool,
        people: People,
    ) -> Build<'a> {
        Build {
            path,
            year,
            header,
            cols,
            exact,
            found: Vec::new(),
            seen: Seen::default(),
            plans: Memo::default(),
            people,
            unit: (Arc::from(""), Arc::from("")),
            read: 0,
            bytes: 0,
        }
    }

    /// Starts reading rows whose output is to be sized for `bytes` of them.
    fn begin(&mut self, bytes: u64) {
        self.read = 0;
        self.bytes = bytes;
    }

    /// Checks the row `rec` on `line`: its project is added to `out`, or
    /// its problem to `found`.
    fn row(&mut self, rec: &super::sheet::Row, line: usize, out: &mut Out) {
        let (path, year, exact, c) = (self.path, self.year, self.exact, self.cols);
        let projects = &mut out.projects;
        self.read += 1;
        if self.read == SAMPLE_ROWS && self.bytes > 0 {
            // Sized from the opening rows, so the list is not copied as it
            // grows; capacity that is never written costs no memory.
            let per_row = rec.byte / SAMPLE_ROWS as u64;
            let rows_left = (self.bytes / per_row.max(1)) as usize;
            projects.reserve(rows_left + rows_left / 2);
            if exact {
                self.seen.reserve(rows_left);
            } else {
                out.hashes.reserve(rows_left);
            }
        }
        let get = |i: Option<usize>| rec.cell(i);
        let bad = |column: &str, msg: String| {
            Diagnostic::at_line(
                path,
                line,
                message(
                    "cfg-column",
                    &[("name", column.to_string()), ("error", msg.to_string())],
                ),
            )
        };
        // Registry text ends in headers, sheet names and terminals too.
        if !plain_bytes(rec.text().as_bytes()) {
            if let Some((i, why)) = rec
                .iter()
                .enumerate()
                .find_map(|(i, c)| crate::base::escape::refusal(c, false).map(|(_, w)| (i, w)))
            {
                let name = self
                    .header
                    .get(i)
                    .unwrap_or("?")
                    .trim_start_matches('\u{feff}');
                self.found.push(bad(
                    name,
                    message("cfg-remove-it", &[("why", why.to_string())]),
                ));
                return;
            }
        }
        let code = get(c.code);
        if code.is_empty() {
            self.found
                .push(bad("项目编码", message("cfg-registry-code-empty", &[])));
            return;
        }
        if let Some(first) = exact
            .then(|| self.seen.first_line(code, projects))
            .flatten()
        {
            self.found.push(bad(
                "项目编码",
                message(
                    "cfg-code-twice",
                    &[("code", code.to_string()), ("line", first.to_string())],
                ),
            ));
            return;
        }
        let project = 'row: {
            let budget = match Fen::parse_plain(get(c.budget)) {
                Ok(b) if b > Fen::ZERO => b,
                Ok(_) => {
                    self.found.push(bad(
                        "预算数",
                        message("cfg-budget-zero", &[("code", code.to_string())]),
                    ));
                    break 'row None;
                }
                Err(e) => {
                    self.found.push(bad(
                        "预算数",
                        message(
                            "cfg-registry-budget",
                            &[
                                ("code", code.to_string()),
                                ("error", e.localized()),
                                ("value", format!("{:?}", get(c.budget))),
                            ],
                        ),
                    ));
                    break 'row None;
                }
            };
            let plan_text = get(c.plan);
            let plan = match self.plans.get(plan_text) {
                Some(p) => p.clone(),
                None => match parse_plan(plan_text, year) {
                    Ok(p) => {
                        self.plans.get_or_insert_with(plan_text, || p.clone());
                        p
                    }
                    Err(msg) => {
                        self.found.push(bad(
                            "支出计划",
                            message(
                                "cfg-project-error",
                                &[("code", code.to_string()), ("error", msg.to_string())],
                            ),
                        ));
                        break 'row None;
                    }
                },
            };
            let owner = match (get(c.owner), get(c.email)) {
                (_, "") => None,
                (name, email) => match self.people.get(name, email) {
                    Some(person) => Some(person),
                    None => {
                        self.found.push(bad(
                            "邮箱",
                            message("cfg-email-invalid", &[("email", format!("{email:?}"))]),
                        ));
                        None
                    }
                },
            };
            Some((budget, plan, owner))
        };
        let Some((budget, plan, owner)) = project else {
            if exact {
                self.seen.insert_left_out(code, line);
            }
            return;
        };
        if exact {
            self.seen.insert(code, line, projects.len(), projects);
        } else {
            out.hashes.push(xxh3_64(code.as_bytes()));
        }
        let (unit_code, unit_name) = (get(c.unit_code), get(c.unit_name));
        let unit = &mut self.unit;
        if *unit.0 != *unit_code {
            unit.0 = unit_code.into();
        }
        if *unit.1 != *unit_name {
            unit.1 = unit_name.into();
        }
        projects.push(Project {
            code: code.to_string(),
            name: get(c.name).to_string(),
            unit_code: unit.0.clone(),
            unit_name: unit.1.clone(),
            budget,
            adjustments: Vec::new(),
            fiscal_funds: None,
            other_funds: None,
            purpose: Box::default(),
            goal: Box::default(),
            owner,
            plan,
            indicators: Vec::new(),
        });
    }

    /// Reads the part `range` of a plain sheet into `out`, its output sized
    /// for `bytes`; [`Restart`] at the first problem (nothing read in lines
    /// is reported).
    fn part(
        &mut self,
        range: (u64, u64),
        bytes: u64,
        rec: &mut super::sheet::Row,
        out: &mut Out,
    ) -> Result<(), Restart> {
        let mut rows = super::sheet::part(self.path, range)?;
        self.begin(bytes);
        while let Some(line) = rows.next_row(rec)? {
            self.row(rec, line, out);
            if !self.found.is_empty() {
                return Err(Restart);
            }
        }
        Ok(())
    }
}

/// The parts of a plain sheet, shared out among threads.
struct Work {
    /// The next part no thread has taken.
    next: AtomicUsize,
    /// A part gave [`Restart`] (or a thread failed): take no more.
    stop: AtomicBool,
    state: Mutex<State>,
    /// A part is done, an output is free, or the work stopped.
    changed: Condvar,
}

/// What the threads hand each other.
struct State {
    /// The parts read by other threads and not yet merged, by index.
    done: Vec<Option<Out>>,
    /// Outputs free to be filled: a part's projects are moved into the
    /// list and its buffers reused.
    spare: Vec<Out>,
    /// Outputs that may still be made: a thread that gets ahead of the
    /// merging waits for one, so only a few parts are held twice at a time.
    unmade: usize,
}

impl Work {
    /// Stops the work and wakes whoever waits.
    fn halt(&self) {
        let _state = lock(&self.state);
        self.stop.store(true, Ordering::Relaxed);
        self.changed.notify_all();
    }

    /// A free output: waits for one when `wait`, else None when there is
    /// none; None too when the work stopped.
    fn take_out(&self, wait: bool) -> Option<Out> {
        let mut state = lock(&self.state);
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return None;
            }
            if let Some(out) = state.spare.pop() {
                return Some(out);
            }
            if state.unmade > 0 {
                state.unmade -= 1;
                return Some(Out::default());
            }
            if !wait {
                return None;
            }
            state = wait_on(&self.changed, state);
        }
    }

    /// Hands over part `k`, read into `out`.
    fn put_done(&self, k: usize, out: Out) {
        lock(&self.state).done[k] = Some(out);
        self.changed.notify_all();
    }

    /// Returns an emptied output.
    fn put_spare(&self, out: Out) {
        lock(&self.state).spare.push(out);
        self.changed.notify_all();
    }
}

/// Halts the work when a thread unwinds, so no one waits for its part.
struct HaltOnPanic<'w>(&'w Work);

impl Drop for HaltOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.halt();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn wait_on<'m, T>(
    c: &Condvar,
    guard: std::sync::MutexGuard<'m, T>,
) -> std::sync::MutexGuard<'m, T> {
    c.wait(guard)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reads the parts of a plain sheet (cut by `Rows::split`) on `threads`
/// threads into `out`, in file order. This thread reads the first part straight into
/// `out`, then merges the parts the others read as they come, reading
/// parts itself while none is ready (straight into `out` when the part is
/// the next to merge). A thread takes an output before it takes a part,
/// and there are only a few outputs: the readers wait for the merging
/// rather than hold a copy of the whole sheet.
///
/// Each thread parses the plan curves and makes the owners it meets itself:
/// an owner named in parts read by two threads is two equal `Person`s
/// (nothing tells owners apart by address: `notices` groups projects by
/// email), as a curve is two equal `Plan`s. One table for all threads kept
/// one `Arc` per person, but every project's clone of it then fought over
/// the count's cache line between cores (some 2 ms of CPU at 100,000 rows).
fn load_parts(
    path: &Path,
    year: i32,
    sheet: &super::sheet::Sheet,
    cols: Cols,
    parts: &super::sheet::Parts,
    threads: usize,
    out: &mut Out,
) -> Result<(), Restart> {
    let ranges = &parts.ranges;
    let n = ranges.len();
    if n == 0 {
        return Ok(());
    }
    let threads = threads.clamp(1, n);
    let work = Work {
        next: AtomicUsize::new(1),
        stop: AtomicBool::new(false),
        state: Mutex::new(State {
            done: (0..n).map(|_| None).collect(),
            spare: Vec::new(),
            unmade: threads + 1,
        }),
        changed: Condvar::new(),
    };
    let build = || Build::new(path, year, &sheet.header, cols, false, People::default());
    let len = |k: usize| ranges[k].1 - ranges[k].0;
    // The list sized before the threads start (as the first part would
    // size it), so that one of them can have its memory backed while the
    // rows are read: every project is written there by this thread, and
    // page by page the faults were a fifth of its time.
    // Only nine tenths of the estimate are backed, so a sheet whose rows are
    // longer than the estimate's does not hold memory it never uses.
    let rows = parts.estimate_rows(sheet.bytes);
    out.projects.reserve(rows + rows / 2);
    out.hashes.reserve(rows);
    let fresh = (
        out.projects.as_ptr() as usize,
        (rows - rows / 10) * std::mem::size_of::<Project>(),
    );
    std::thread::scope(|s| {
        for t in 1..threads {
            let (work, mut build) = (&work, build());
            s.spawn(move || {
                let _halt = HaltOnPanic(work);
                if t == 1 {
                    crate::base::pages::prefault(fresh.0, fresh.1);
                }
                let mut rec = super::sheet::Row::default();
                while let Some(mut part) = work.take_out(true) {
                    let k = work.next.fetch_add(1, Ordering::Relaxed);
                    if k >= n {
                        return;
                    }
                    if build.part(ranges[k], len(k), &mut rec, &mut part).is_err() {
                        work.halt();
                        return;
                    }
                    work.put_done(k, part);
                }
            });
        }
        let _halt = HaltOnPanic(&work);
        let mut build = build();
        let mut rec = super::sheet::Row::default();
        // Read part 0 straight into `out` (sized by it if not already).
        let bytes = if rows == 0 { sheet.bytes } else { 0 };
        if build.part(ranges[0], bytes, &mut rec, out).is_err() {
            work.halt();
            return Err(Restart);
        }
        // The next part to merge, and a part read here ahead of its turn.
        let mut next = 1;
        let mut ahead: Option<(usize, Out)> = None;
        while next < n {
            let part = match ahead.take() {
                Some((k, part)) if k == next => Some(part),
                other => {
                    ahead = other;
                    lock(&work.state).done[next].take()
                }
            };
            if let Some(mut part) = part {
                out.projects.append(&mut part.projects);
                out.hashes.append(&mut part.hashes);
                work.put_spare(part);
                next += 1;
                continue;
            }
            // Nothing to merge: read a part meanwhile, if one is left and
            // an output is free.
            if let Some(mut part) = ahead.is_none().then(|| work.take_out(false)).flatten() {
                let k = work.next.fetch_add(1, Ordering::Relaxed);
                if k < n {
                    let read = if k == next {
                        next += 1;
                        work.put_spare(part);
                        build.part(ranges[k], 0, &mut rec, out)
                    } else {
                        let read = build.part(ranges[k], len(k), &mut rec, &mut part);
                        ahead = Some((k, part));
                        read
                    };
                    if read.is_err() {
                        work.halt();
                        return Err(Restart);
                    }
                    continue;
                }
                work.put_spare(part);
            }
            let mut state = lock(&work.state);
            while state.done[next].is_none() && !work.stop.load(Ordering::Relaxed) {
                state = wait_on(&work.changed, state);
            }
            if work.stop.load(Ordering::Relaxed) {
                return Err(Restart);
            }
        }
        // Every part is in: no thread may wait for an output any more.
        work.halt();
        Ok(())
    })
}

/// Whether two projects may share a code: two equal 64-bit hashes of their
/// codes (a false alarm only costs reading the sheet again).
fn repeats(mut hashes: Vec<u64>) -> bool {
    hashes.sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

/// Rows read before the rest are estimated from them.
const SAMPLE_ROWS: usize = 64;

/// Whether a row's bytes surely hold no character `escape::refusal` refuses:
/// those are ASCII controls, or begin with the lead bytes C2 (C1 controls),
/// E2 (line separators, bidi overrides), EF (noncharacters U+FDD0.., U+FFFE)
/// or F0..F4 (the other planes' noncharacters). Chinese text starts with
/// E3..E9, so a clean row is told by one pass over its bytes.
fn plain_bytes(bytes: &[u8]) -> bool {
    // Branch-free over 32 bytes at a time, so it runs as vector code.
    let odd = |b: &u8| {
        let b = *b;
        (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF) | (b >= 0xF0)
    };
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, b| any | odd(b)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(odd)
}

/// The owners named so far: each address checked by `plausible_email` once,
/// each distinct name and address made a person once (per thread, when a
/// sheet is read in parts: see [`load_parts`]).
#[derive(Default)]
struct People(Memo<(bool, Vec<Arc<Person>>)>);

impl People {
    /// The owner `name` at `email`; None when the address is not plausible.
    fn get(&mut self, name: &str, email: &str) -> Option<Arc<Person>> {
        let (ok, named) = self
            .0
            .get_or_insert_with(email, || (plausible_email(email), Vec::new()));
        if !*ok {
            return None;
        }
        if let Some(p) = named.iter().find(|p| p.name == name) {
            return Some(p.clone());
        }
        let p = Arc::new(Person {
            name: name.to_string(),
            email: email.to_string(),
        });
        named.push(p.clone());
        Some(p)
    }
}

/// The codes met so far and the line each was first met on. A project kept
/// is found by the 64-bit hash of its code, pointing at its place in the
/// project list (which holds the code): no second copy of a million codes.
/// Codes of rows left out for other problems, and the rare code whose hash
/// another already holds, are kept by name.
#[derive(Default)]
struct Seen {
    kept: ByHash<(u32, u32)>,
    other: HashMap<String, usize>,
}

impl Seen {
    fn reserve(&mut self, n: usize) {
        self.kept.reserve(n);
    }

    /// The line `code` was first met on, if it was.
    fn first_line(&self, code: &str, projects: &[Project]) -> Option<usize> {
        if let Some(&(line, i)) = self.kept.get(&xxh3_64(code.as_bytes())) {
            if projects[i as usize].code == code {
                return Some(line as usize);
            }
        }
        if self.other.is_empty() {
            None
        } else {
            self.other.get(code).copied()
        }
    }

    /// Notes the code of project `index`, kept, first met on `line`.
    fn insert(&mut self, code: &str, line: usize, index: usize, projects: &[Project]) {
        let (Ok(l), Ok(i)) = (u32::try_from(line), u32::try_from(index)) else {
            self.other.insert(code.to_string(), line);
            return;
        };
        match self.kept.entry(xxh3_64(code.as_bytes())) {
            Entry::Vacant(v) => {
                v.insert((l, i));
            }
            Entry::Occupied(o) => {
                debug_assert_ne!(projects[o.get().1 as usize].code, code);
                self.other.insert(code.to_string(), line);
            }
        }
    }

    /// Notes the code of a row left out, first met on `line`.
    fn insert_left_out(&mut self, code: &str, line: usize) {
        self.other.insert(code.to_string(), line);
    }
}

/// What was worked out for a text (a plan curve, an address), found by
/// the text's 64-bit hash: a registry names a handful of each on a million
/// rows, and one short hash is cheaper than SipHash or a list of compares.
struct Memo<V>(ByHash<Vec<(Box<str>, V)>>);

/// A map whose keys are 64-bit hashes already.
pub(super) type ByHash<V> = HashMap<u64, V, BuildHasherDefault<HashIsKey>>;

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo(HashMap::default())
    }
}

impl<V> Memo<V> {
    fn get(&self, key: &str) -> Option<&V> {
        let same = self.0.get(&xxh3_64(key.as_bytes()))?;
        same.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    /// The value of `key`, made by `make` the first time.
    fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let same = self.0.entry(xxh3_64(key.as_bytes())).or_default();
        let i = match same.iter().position(|(k, _)| &**k == key) {
            Some(i) => i,
            None => {
                same.push((key.into(), make()));
                same.len() - 1
            }
        };
        &mut same[i].1
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(super) struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// "25/50/75/100" (the four standard checkpoints) or
/// "2025-03-31:25;2025-06-30:50;2025-10-31:75;2025-12-31:100".
pub fn parse_plan(text: &str, year: i32) -> Result<Plan, String> {
    let text = text.trim().replace('%', "");
    let checkpoints = if text.contains(':') {
        let mut cps = Vec::new();
        for part in text.split(';').filter(|p| !p.trim().is_empty()) {
            let (d, p) = part
                .split_once(':')
                .ok_or_else(|| message("cfg-plan-part", &[("part", format!("{part:?}"))]))?;
            let date = crate::base::dates::parse_date(d.trim())
                .map_err(|e| format!("{d:?}: {}", e.localized()))?;
            let percent = Decimal::from_str(p.trim())
                .map_err(|_| message("cfg-not-percent", &[("value", format!("{p:?}"))]))?;
            cps.push(Checkpoint { date, percent });
        }
        cps.into()
    } else {
        let parts: Vec<&str> = text.split('/').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(message("cfg-plan-four", &[("text", format!("{text:?}"))]));
        }
        let mut percents = [Decimal::ZERO; 4];
        for (slot, p) in percents.iter_mut().zip(&parts) {
            *slot = Decimal::from_str(p)
                .map_err(|_| message("cfg-not-percent", &[("value", format!("{p:?}"))]))?;
        }
        Plan::four_point(year, percents)
            .ok_or_else(|| message("cfg-bad-year", &[]))?
            .checkpoints
    };
    check_checkpoints(&checkpoints, year)?;
    Ok(Plan { year, checkpoints })
}

/// The plan rules shared by every source: dates inside the year and strictly
/// increasing, percents within 0..=100, non-decreasing, ending at 100.
pub fn check_checkpoints(cps: &[Checkpoint], year: i32) -> Result<(), String> {
    use chrono::Datelike;
    let last = cps
        .last()
        .ok_or_else(|| message("cfg-plan-no-checkpoints", &[]))?;
    for (i, c) in cps.iter().enumerate() {
        if c.date.year() != year {
            return Err(message(
                "cfg-plan-checkpoint-year",
                &[("date", c.date.to_string()), ("year", year.to_string())],
            ));
        }
        if c.percent < Decimal::ZERO || c.percent > Decimal::from(100) {
            return Err(message(
                "cfg-plan-percent-range",
                &[("percent", c.percent.to_string())],
            ));
        }
        if i > 0 && c.date <= cps[i - 1].date {
            return Err(message(
                "cfg-plan-order",
                &[
                    ("date", c.date.to_string()),
                    ("prev", cps[i - 1].date.to_string()),
                ],
            ));
        }
        if i > 0 && c.percent < cps[i - 1].percent {
            return Err(message(
                "cfg-plan-decrease",
                &[
                    ("percent", c.percent.to_string()),
                    ("prev", cps[i - 1].percent.to_string()),
                ],
            ));
        }
    }
    if last.percent != Decimal::from(100) {
        return Err(message(
            "cfg-plan-end-100",
            &[("percent", last.percent.to_string())],
        ));
    }
    Ok(())
}
