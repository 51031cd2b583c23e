//! Ledger ingestion: every export in the ledger folder, in either family
//! (treasury payment details or accounting 项目明细账), any of the encodings
//! real offices produce, turned into one exact table of payments aggregated
//! per project and day.
//!
//! Rules that matter (domain.md, "Ledger and payment exports"):
//! - the same line in two overlapping exports is one payment, while two
//!   identical lines in one file are two payments: a line counts as often as
//!   it appears in the file that has it most often;
//! - a treasury 支付凭证号 is unique for the year: seen with a different
//!   amount, project or date it is a conflict, reported and counted nowhere;
//! - ledger voucher numbers restart every month;
//! - reversals are negative rows and are summed, never dropped;
//! - 期初余额 / 本月合计 / 本年累计 rows are skipped, counted;
//! - a bad row is quarantined with its file, line, reason and text; a bad
//!   file is reported and the other files are still read.
//!
//! Every file gets a reconciliation: rows read = payments used + duplicates +
//! summary/blank rows + quarantined.
//!
//! This is the hot path of the job (README, "Speed and scale"):
//! - `read`: each file is cut into chunks parsed on every core, from bytes
//!   straight into integers (fen, day of year), only the needed columns;
//!   payments are summed per (day, project) at once and leave a 24-byte
//!   dedup record each, spilled to disk for large files;
//! - `merge`: only keys seen more than once are settled, as corrections;
//! - `cache`: what each file gave is kept in the state folder, so a night
//!   reads only new or changed exports.

pub mod cache;
mod cells;
mod fields;
mod guard;
mod io;
mod merge;
pub mod profile;
pub mod quarantine;
mod read;
mod records;
pub mod scan;
mod types;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::base::diag::Diagnostic;
use crate::base::money::Fen;
use fields::voucher_bytes;
use profile::Style;
use types::FileData;
pub use types::{daily_of, DailyTotal, FileReport, IngestOptions, QuarantineRow};

/// The result of reading all ledgers.
#[derive(Debug, Default)]
pub struct Ledger {
    /// The fiscal year read.
    pub year: i32,
    /// Deduplicated payments per project and day, sorted. Shared with the
    /// cache writer when it is one file's cells as they were parsed.
    pub daily: std::sync::Arc<Vec<DailyTotal>>,
    /// One report per input file, in reading order.
    pub files: Vec<FileReport>,
    /// Rows put aside.
    pub quarantine: Vec<QuarantineRow>,
    /// Problems that are not about a single row (unreadable files, payment
    /// number conflicts, projects fed by both families).
    pub problems: Vec<Diagnostic>,
    /// Operator notes that are not data problems (an unusable cache entry).
    pub notes: Vec<String>,
    /// Projects whose payments are left out because they add up beyond
    /// what any total can hold (each also reported in `problems`): their
    /// figures are unknown, not zero.
    pub withheld: Vec<u32>,
    /// Files whose parse came from the cache.
    pub cached_files: usize,
    /// New cache entries being written.
    pub cache_writer: CacheWriter,
}

impl Ledger {
    /// True when anything was put aside or reported.
    pub fn has_problems(&self) -> bool {
        !self.quarantine.is_empty()
            || !self.problems.is_empty()
            || self.files.iter().any(|f| f.error.is_some())
    }
}

/// File extensions read as ledger exports.
const LEDGER_EXTENSIONS: &[&str] = &["csv", "tsv", "txt"];
/// Spreadsheet files staff may drop by mistake: reported, not read.
const WORKBOOK_EXTENSIONS: &[&str] = &["xls", "xlsx", "et", "ods"];

/// Expands the given paths (files or folders, searched recursively) into the
/// list of exports to read, sorted so runs are deterministic.
pub fn collect_inputs(paths: &[PathBuf], exclude: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let excluded: HashSet<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    // Each real folder is visited once (by device and inode), so symbolic
    // links back up the tree (`ln -s . a; ln -s . b`) cannot make the walk
    // loop or explode; what is not a regular file (a named pipe would block
    // the reader forever, a device never ends) is skipped and reported.
    struct Walk<'a> {
        files: &'a mut Vec<PathBuf>,
        problems: &'a mut Vec<Diagnostic>,
        seen_dirs: HashSet<(u64, u64)>,
    }
    fn dir_id(m: &std::fs::Metadata) -> (u64, u64) {
        use std::os::unix::fs::MetadataExt;
        (m.dev(), m.ino())
    }
    fn not_regular(p: &Path, m: &std::fs::Metadata) -> Diagnostic {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        let what = if t.is_fifo() {
            "kind-fifo"
        } else if t.is_socket() {
            "kind-socket"
        } else if t.is_block_device() || t.is_char_device() {
            "kind-device"
        } else {
            "kind-other"
        };
        Diagnostic::file(
            p,
            crate::base::i18n::message(
                "input-not-regular",
                &[("what", crate::base::i18n::message(what, &[]))],
            ),
        )
    }
    /// Folders nested deeper than this are not searched (a real ledger
    /// folder has a handful of levels).
    const MAX_DEPTH: usize = 32;
    fn walk(w: &mut Walk<'_>, dir: &Path, depth: usize) {
        if depth > MAX_DEPTH {
            w.problems.push(Diagnostic::file(
                dir,
                crate::base::i18n::message("input-too-deep", &[("depth", MAX_DEPTH.to_string())]),
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                w.problems.push(Diagnostic::file(
                    dir,
                    crate::base::i18n::message("input-cannot-list", &[("error", e.to_string())]),
                ));
                return;
            }
        };
        let mut list: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        list.sort();
        for p in list {
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"));
            if hidden {
                continue;
            }
            // Follows links: a link to a file is that file, a link to a
            // folder that folder (once); a dangling link is skipped.
            let Ok(meta) = std::fs::metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                if w.seen_dirs.insert(dir_id(&meta)) {
                    walk(w, &p, depth + 1);
                }
                continue;
            }
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase())
                .unwrap_or_default();
            if LEDGER_EXTENSIONS.contains(&ext.as_str()) {
                if meta.is_file() {
                    w.files.push(p);
                } else {
                    w.problems.push(not_regular(&p, &meta));
                }
            } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
                w.problems.push(Diagnostic::file(
                    &p,
                    crate::base::i18n::message("input-workbook", &[]),
                ));
            }
        }
    }
    let mut w = Walk {
        files: &mut files,
        problems: &mut problems,
        seen_dirs: HashSet::new(),
    };
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                if w.seen_dirs.insert(dir_id(&m)) {
                    walk(&mut w, p, 0);
                }
            }
            Ok(m) if m.is_file() => w.files.push(p.clone()),
            Ok(m) => w.problems.push(not_regular(p, &m)),
            Err(_) => w.problems.push(Diagnostic::file(
                p,
                crate::base::i18n::message("input-missing", &[]),
            )),
        }
    }
    files.retain(|f| {
        std::fs::canonicalize(f)
            .map(|c| !excluded.contains(&c))
            .unwrap_or(true)
    });
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    if files.is_empty() {
        // A nightly run that finds nothing to read is almost always a
        // misplaced folder, not a department that paid nothing.
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        problems.push(Diagnostic::file(
            paths
                .first()
                .map(PathBuf::as_path)
                .unwrap_or(Path::new(".")),
            crate::base::i18n::message("input-none-found", &[("paths", shown.join(", "))]),
        ));
    }
    (files, problems)
}

/// One version of a conflicting payment number, for the report.
struct Version {
    file: usize,
    line: usize,
    voucher: String,
    project: u32,
    day: u16,
    fen: i64,
    text: String,
}

/// Reads every export and returns the deduplicated payments. Files whose
/// parse is in the cache (`opts.cache_dir`) are not read again.
pub fn ingest(files: &[PathBuf], opts: &IngestOptions) -> Ledger {
    let clock = crate::base::diag::PhaseClock::from_env();
    let mut ledger = Ledger {
        year: opts.fiscal_year,
        ..Default::default()
    };
    let n_projects = opts.projects.len();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    // The code table and the cache's context (a hash of every code) each
    // go over all the projects: built side by side.
    let (codes, ctx) = std::thread::scope(|s| {
        let ctx = opts.state_dir.as_ref().map(|_| {
            s.spawn(|| {
                cache::context_hash(
                    opts.fiscal_year,
                    &opts.projects,
                    &format!("{:?}", opts.profiles),
                )
            })
        });
        let codes = read::Codes::new(opts.projects.iter().zip(0u32..).map(|(&c, i)| (c, i)));
        (codes, ctx.and_then(|h| h.join().ok()))
    });
    let mut cache =
        opts.state_dir.as_ref().zip(ctx).and_then(|(dir, ctx)| {
            match cache::Cache::open(dir, ctx, n_projects) {
                Ok(c) => Some(c),
                Err(e) => {
                    ledger.notes.push(crate::base::i18n::message(
                        "cache-not-used",
                        &[("error", e)],
                    ));
                    None
                }
            }
        });
    clock.mark("  codes, cache index");
    let total_bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut progress = Progress::new(opts.progress, total_bytes);
    let mut datas: Vec<FileData> = Vec::with_capacity(files.len());
    // Files parsed this run, with their identity before reading: to store.
    let mut parsed: Vec<(usize, Option<cache::Stat>)> = Vec::new();
    let scratch = cache.as_ref().map(|c| c.dir().to_path_buf());
    let parse = |path: &Path, progress: &mut Progress| {
        read::parse_file(
            path,
            opts,
            &codes,
            n_projects,
            threads,
            scratch.as_deref(),
            &mut |b| progress.advance(b),
        )
    };
    for (i, path) in files.iter().enumerate() {
        let before = match cache.as_mut().map(|c| c.lookup(path)) {
            Some(cache::Lookup::Hit(d)) => {
                ledger.cached_files += 1;
                datas.push(*d);
                progress.file_done(path);
                continue;
            }
            Some(cache::Lookup::Miss(before)) => before,
            None => None,
        };
        datas.push(parse(path, &mut progress));
        parsed.push((i, before));
        progress.file_done(path);
    }
    progress.finish();
    clock.mark("  files (read or cached)");

    // A project fed by both families is probably counted twice. (Only
    // looked for, cell by cell, when both families are present.)
    let mut first_file_of_style: [Option<usize>; 2] = [None, None];
    for (i, d) in datas.iter().enumerate() {
        if let Some(style) = d.style {
            first_file_of_style[(style == Style::Ledger) as usize].get_or_insert(i);
        }
    }
    let both = first_file_of_style.iter().all(Option::is_some);
    let mut styles = vec![0u8; if both { n_projects } else { 0 }];
    for d in datas.iter().filter(|_| both) {
        let bit = match d.style {
            Some(Style::Treasury) => 0b01,
            Some(Style::Ledger) => 0b10,
            None => continue,
        };
        for c in d.cells.iter() {
            styles[c.project as usize] |= bit;
        }
    }
    // A cached record that fails its check is caught here: that file is
    // parsed again and the merge redone (parsed files cannot fail).
    let settled = loop {
        match merge::settle(&datas) {
            Ok(s) => break s,
            Err((i, why)) => {
                ledger.notes.push(crate::base::i18n::message(
                    "cache-entry-unusable",
                    &[
                        ("file", files[i].display().to_string()),
                        ("why", why.to_string()),
                    ],
                ));
                if let (Some(c), Some(h)) = (cache.as_mut(), datas[i].content_hash) {
                    c.forget(h);
                }
                let before = cache::stat(&files[i]);
                datas[i] = parse(&files[i], &mut Progress::new(false, 0));
                parsed.push((i, before));
            }
        }
    };
    // The cells of files read this run are shared with the cache writer
    // (the merge copies them only if it must change them); those of cached
    // files are moved.
    let mut to_store = vec![false; datas.len()];
    if cache.is_some() {
        for &(i, _) in &parsed {
            to_store[i] = true;
        }
    }
    let lists = datas
        .iter_mut()
        .zip(&to_store)
        .map(|(d, &keep)| {
            if keep {
                std::sync::Arc::clone(&d.cells)
            } else {
                std::mem::take(&mut d.cells)
            }
        })
        .collect();
    clock.mark("  settle");
    let mut merged = merge::sum(lists, settled);
    clock.mark("  merge");
    ledger.daily = std::mem::take(&mut merged.daily);
    report_withheld(files, &datas, opts, &merged.withheld, &mut ledger);
    // The files' own reports and bad rows stay as parsed: that is what the
    // cache keeps; the merge's adjustments go into the ledger's copies.
    let mut reports = Vec::with_capacity(datas.len());
    for ((d, path), delta) in datas.iter().zip(files).zip(&merged.settled.deltas) {
        let mut r = d.report.clone();
        delta.apply(&mut r);
        reports.push(r);
        for b in &d.bad {
            ledger.quarantine.push(QuarantineRow {
                file: path.clone(),
                line: b.line,
                reason: b.reason.clone(),
                text: b.text.clone(),
            });
        }
    }
    if !merged.settled.conflicts.is_empty() {
        report_conflicts(files, opts, &codes, &merged.settled, &mut ledger);
    }

    if let (Some(t), Some(l)) = (first_file_of_style[0], first_file_of_style[1]) {
        for (code, i) in opts.projects.iter().zip(0u32..) {
            if styles[i as usize] == 0b11 {
                ledger.problems.push(Diagnostic::file(
                    &files[l],
                    crate::base::i18n::message(
                        "ledger-two-kinds",
                        &[
                            ("code", code.to_string()),
                            ("treasury", files[t].display().to_string()),
                            ("ledger", files[l].display().to_string()),
                        ],
                    ),
                ));
            }
        }
    }
    ledger.files = reports;
    ledger
        .quarantine
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    clock.mark("  reports");
    if let Some(mut c) = cache {
        ledger.notes.append(&mut c.notes);
        // Writing the new entries (hundreds of megabytes for a province's
        // year) overlaps with the rest of the run; the ledger waits for it
        // when dropped.
        let mut keep: Vec<Option<FileData>> = datas.into_iter().map(Some).collect();
        let work: Vec<(PathBuf, Option<cache::Stat>, FileData)> = parsed
            .into_iter()
            .filter_map(|(i, before)| Some((files[i].clone(), before, keep[i].take()?)))
            .collect();
        drop(keep);
        ledger.cache_writer = CacheWriter(Some(std::thread::spawn(move || {
            for (path, before, data) in &work {
                c.store(path, before.clone(), data);
            }
            drop(work);
            let notes = std::mem::take(&mut c.notes);
            c.finish();
            notes
        })));
    }
    ledger
}

/// The thread writing new cache entries; joined when the ledger is dropped,
/// so the process never exits with an entry half written (and a crash
/// leaves only a temporary file, never a damaged entry).
#[derive(Debug, Default)]
pub struct CacheWriter(Option<std::thread::JoinHandle<Vec<String>>>);

impl CacheWriter {
    /// Waits for the writes to finish; returns the notes they left (an
    /// entry that could not be written), for the caller to show.
    pub fn wait(&mut self) -> Vec<String> {
        match self.0.take().map(|h| h.join()) {
            Some(Ok(notes)) => notes,
            Some(Err(_)) => {
                vec![crate::base::i18n::message("cache-writer-stopped", &[])]
            }
            None => Vec::new(),
        }
    }
}

impl Drop for CacheWriter {
    fn drop(&mut self) {
        // Callers that show notes call `wait` first; here only the join.
        let _ = self.wait();
    }
}

/// Projects whose payments over all files are too large to add up: a
/// clear problem each, and their payments left out (`Ledger::withheld`).
fn report_withheld(
    files: &[PathBuf],
    datas: &[FileData],
    opts: &IngestOptions,
    withheld: &[u32],
    ledger: &mut Ledger,
) {
    for &p in withheld {
        let code = opts.projects.get(p as usize).copied().unwrap_or("?");
        let first = datas
            .iter()
            .position(|d| d.cells.iter().any(|c| c.project == p))
            .or_else(|| datas.iter().position(|d| d.report.used > 0))
            .unwrap_or(0);
        let at = files.get(first).map_or(Path::new("."), PathBuf::as_path);
        ledger.problems.push(Diagnostic::file(
            at,
            crate::base::i18n::message(
                "ledger-project-overflow",
                &[
                    ("code", code.to_string()),
                    ("limit", Fen(merge::MAX_TOTAL as i64).grouped()),
                ],
            ),
        ));
    }
    ledger.withheld = withheld.to_vec();
}

/// Conflicting payment numbers: the files that hold them are read again to
/// name every version (file, line, text) in the report and the quarantine.
fn report_conflicts(
    files: &[PathBuf],
    opts: &IngestOptions,
    codes: &read::Codes,
    settled: &merge::Settled,
    ledger: &mut Ledger,
) {
    let mut versions: HashMap<u64, Vec<Version>> = HashMap::new();
    for (i, path) in files.iter().enumerate() {
        if !settled.conflict_files[i] {
            continue;
        }
        let mut report = FileReport::default();
        let Ok(mut o) = read::open(path, opts.profiles, &mut report) else {
            continue;
        };
        let parser = read::RowParser {
            need: o.cols.max_index(),
            style: o.parser_style,
            unit: o.unit,
            year: opts.fiscal_year,
            codes,
            cols: o.cols,
            delim: o.delim,
            width: o.width,
            gbk: false,
        };
        let _ = read::stream_rows(&mut o, &parser, |line, text, outcome| {
            if let read::Outcome::Payment { rec, voucher } = outcome {
                if settled.conflicts.contains(&rec.key) {
                    versions.entry(rec.key).or_default().push(Version {
                        file: i,
                        line,
                        voucher: String::from_utf8_lossy(&voucher_bytes(&voucher)).into_owned(),
                        project: rec.project,
                        day: rec.day,
                        fen: rec.fen,
                        text: String::from_utf8_lossy(text).into_owned(),
                    });
                }
            }
        });
    }
    let names: &[&str] = &opts.projects;
    let mut keys: Vec<&u64> = versions.keys().collect();
    keys.sort_by_key(|k| versions[*k].first().map(|v| (v.file, v.line)));
    for key in keys {
        let vs = &versions[key];
        let describe = |v: &Version| {
            crate::base::i18n::message(
                "conflict-version",
                &[
                    ("amount", Fen(v.fen).grouped()),
                    (
                        "code",
                        names.get(v.project as usize).unwrap_or(&"?").to_string(),
                    ),
                    (
                        "date",
                        crate::base::dates::from_day_index(opts.fiscal_year, v.day)
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ),
                    ("file", files[v.file].display().to_string()),
                    ("line", v.line.to_string()),
                ],
            )
        };
        let all: Vec<String> = vs.iter().map(describe).collect();
        let sep = crate::base::i18n::message("list-separator", &[]);
        let voucher = vs.first().map(|v| v.voucher.clone()).unwrap_or_default();
        ledger.problems.push(Diagnostic::file(
            &files[vs[0].file],
            crate::base::i18n::message(
                "conflict-problem",
                &[("voucher", voucher.clone()), ("versions", all.join(&sep))],
            ),
        ));
        for v in vs {
            ledger.quarantine.push(QuarantineRow {
                file: files[v.file].clone(),
                line: v.line,
                reason: crate::base::i18n::message(
                    "conflict-reason",
                    &[("voucher", voucher.clone()), ("versions", all.join(&sep))],
                ),
                text: v.text.clone(),
            });
        }
    }
}

/// The progress bar on stderr for large inputs (see `base::meter`).
use crate::base::meter::ByteMeter as Progress;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod reliability_tests;
