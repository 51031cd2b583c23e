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
//! This is the hot path of the job: rows are split and parsed from bytes
//! straight into integers (fen, day of year), only the needed columns are
//! looked at, and the file is streamed in blocks.

pub mod decode;
pub mod profile;
pub mod quarantine;
pub mod scan;

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diag::Diagnostic;
use crate::money::{halfwidth, AmountUnit, Fen};
use decode::{TextEncoding, TextReader};
use profile::{Columns, LedgerProfile, Style};
use scan::{field_text, split_record, Field};

/// Payments of one project on one day, after dedup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyTotal {
    /// Index into the configured project list.
    pub project: u32,
    /// 0-based day of the fiscal year.
    pub day: u16,
    /// Signed sum in fen.
    pub fen: i64,
    /// Number of payment rows counted (reversals included).
    pub payments: u32,
}

/// What happened to one input file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// Detected encoding.
    pub encoding: Option<TextEncoding>,
    /// The profile that matched its header.
    pub profile: Option<String>,
    /// Unit of the amounts.
    pub unit: AmountUnit,
    /// 1-based line of the header.
    pub header_line: usize,
    /// Data rows after the header.
    pub rows_read: u64,
    /// Rows counted as payments.
    pub used: u64,
    /// Rows already counted from another export.
    pub duplicates: u64,
    /// 期初余额 / 合计 / 累计 rows and blank rows.
    pub summary: u64,
    /// Rows put aside.
    pub quarantined: u64,
    /// Why the file could not be read at all.
    pub error: Option<String>,
}

impl FileReport {
    /// The reconciliation line printed for every file.
    pub fn reconciliation(&self) -> String {
        match &self.error {
            Some(e) => format!("{}: not read: {e}", self.path.display()),
            None => format!(
                "{}: {} rows read = {} used + {} duplicates + {} summary/blank + {} quarantined ({}, {}, {})",
                self.path.display(),
                self.rows_read,
                self.used,
                self.duplicates,
                self.summary,
                self.quarantined,
                self.profile.as_deref().unwrap_or("?"),
                self.encoding.map(|e| e.name()).unwrap_or("?"),
                match self.unit {
                    AmountUnit::Yuan => "元",
                    AmountUnit::Wan => "万元",
                }
            ),
        }
    }

    /// True when the equation holds (it always should; checked in tests).
    pub fn balanced(&self) -> bool {
        self.rows_read == self.used + self.duplicates + self.summary + self.quarantined
    }
}

/// A row put aside for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantineRow {
    /// Source file.
    pub file: PathBuf,
    /// 1-based physical line.
    pub line: usize,
    /// Why.
    pub reason: String,
    /// The row as it was in the file.
    pub text: String,
}

/// The result of reading all ledgers.
#[derive(Debug, Default)]
pub struct Ledger {
    /// The fiscal year read.
    pub year: i32,
    /// Deduplicated payments per project and day, sorted.
    pub daily: Vec<DailyTotal>,
    /// One report per input file, in reading order.
    pub files: Vec<FileReport>,
    /// Rows put aside.
    pub quarantine: Vec<QuarantineRow>,
    /// Problems that are not about a single row (unreadable files, payment
    /// number conflicts, projects fed by both families).
    pub problems: Vec<Diagnostic>,
}

impl Ledger {
    /// True when anything was put aside or reported.
    pub fn has_problems(&self) -> bool {
        !self.quarantine.is_empty()
            || !self.problems.is_empty()
            || self.files.iter().any(|f| f.error.is_some())
    }
}

/// What ingestion needs to know.
pub struct IngestOptions<'a> {
    /// Only payments dated in this year are used.
    pub fiscal_year: i32,
    /// Column mappings, tried in order.
    pub profiles: &'a [LedgerProfile],
    /// Project codes to their index.
    pub projects: HashMap<String, u32>,
    /// Show a progress bar on stderr (only honoured when it is a terminal).
    pub progress: bool,
    /// Files never to read as ledgers (the quarantine file itself).
    pub exclude: Vec<PathBuf>,
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
    fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Diagnostic>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::file(dir, format!("cannot list folder: {e}")));
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
            if p.is_dir() {
                walk(&p, files, problems);
                continue;
            }
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase())
                .unwrap_or_default();
            if LEDGER_EXTENSIONS.contains(&ext.as_str()) {
                files.push(p);
            } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
                problems.push(Diagnostic::file(
                    &p,
                    "spreadsheet workbook not read: save it as CSV (UTF-8 or GBK) in the ledger folder",
                ));
            }
        }
    }
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut problems);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            problems.push(Diagnostic::file(p, "no such file or folder"));
        }
    }
    files.retain(|f| {
        std::fs::canonicalize(f)
            .map(|c| !excluded.contains(&c))
            .unwrap_or(true)
    });
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    (files, problems)
}

/// One payment row as parsed, before dedup.
struct Payment<'b> {
    line: usize,
    key: u64,
    voucher: &'b [u8],
    project: u32,
    day: u16,
    fen: i64,
}

/// What the dedup map remembers per distinct payment line.
#[derive(Clone, Copy)]
struct Entry {
    fen: i64,
    project: u32,
    day: u16,
    conflict: bool,
    last_file: u32,
    cur: u32,
    max: u32,
}

enum Class {
    Used,
    Duplicate,
    Conflict,
}

/// The dedup rule, shared by the first pass and the conflict replay so both
/// classify every row identically.
fn classify(map: &mut HashMap<u64, Entry>, p: &Payment, file: u32) -> Class {
    use std::collections::hash_map::Entry as E;
    match map.entry(p.key) {
        E::Vacant(v) => {
            v.insert(Entry {
                fen: p.fen,
                project: p.project,
                day: p.day,
                conflict: false,
                last_file: file,
                cur: 1,
                max: 1,
            });
            Class::Used
        }
        E::Occupied(mut o) => {
            let e = o.get_mut();
            if e.conflict {
                return Class::Conflict;
            }
            if (e.fen, e.project, e.day) != (p.fen, p.project, p.day) {
                e.conflict = true;
                return Class::Conflict;
            }
            if e.last_file != file {
                e.last_file = file;
                e.cur = 0;
            }
            e.cur += 1;
            if e.cur > e.max {
                e.max = e.cur;
                Class::Used
            } else {
                Class::Duplicate
            }
        }
    }
}

/// Receives the rows of a file as they are parsed.
trait Sink {
    fn row(&mut self);
    fn payment(&mut self, p: &Payment, text: &[u8]);
    fn summary(&mut self);
    fn bad(&mut self, line: usize, reason: String, text: &[u8]);
}

/// First pass: dedup, counts, quarantine.
struct Collector<'a> {
    map: HashMap<u64, Entry>,
    file: u32,
    report: &'a mut FileReport,
    quarantine: &'a mut Vec<QuarantineRow>,
    conflicts: &'a mut HashSet<u64>,
    conflicted_rows: u64,
    styles: &'a mut [u8],
    style_bit: u8,
}

impl Sink for Collector<'_> {
    fn row(&mut self) {
        self.report.rows_read += 1;
    }
    fn payment(&mut self, p: &Payment, _text: &[u8]) {
        self.styles[p.project as usize] |= self.style_bit;
        match classify(&mut self.map, p, self.file) {
            Class::Used => self.report.used += 1,
            Class::Duplicate => self.report.duplicates += 1,
            Class::Conflict => {
                self.conflicts.insert(p.key);
                self.conflicted_rows += 1;
            }
        }
    }
    fn summary(&mut self) {
        self.report.summary += 1;
    }
    fn bad(&mut self, line: usize, reason: String, text: &[u8]) {
        self.report.quarantined += 1;
        self.quarantine.push(QuarantineRow {
            file: self.report.path.clone(),
            line,
            reason,
            text: String::from_utf8_lossy(text).into_owned(),
        });
    }
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

/// Second pass, only when conflicts were found: replays the dedup rule for
/// the conflicting payment numbers so their rows move from used/duplicate
/// to quarantined exactly.
struct Replayer<'a> {
    keys: &'a HashSet<u64>,
    map: HashMap<u64, Entry>,
    file: u32,
    report: &'a mut FileReport,
    versions: &'a mut HashMap<u64, Vec<Version>>,
}

impl Sink for Replayer<'_> {
    fn row(&mut self) {}
    fn payment(&mut self, p: &Payment, text: &[u8]) {
        if !self.keys.contains(&p.key) {
            return;
        }
        match classify(&mut self.map, p, self.file) {
            Class::Used => self.report.used -= 1,
            Class::Duplicate => self.report.duplicates -= 1,
            Class::Conflict => {}
        }
        self.report.quarantined += 1;
        self.versions.entry(p.key).or_default().push(Version {
            file: self.file as usize,
            line: p.line,
            voucher: String::from_utf8_lossy(p.voucher).into_owned(),
            project: p.project,
            day: p.day,
            fen: p.fen,
            text: String::from_utf8_lossy(text).into_owned(),
        });
    }
    fn summary(&mut self) {}
    fn bad(&mut self, _: usize, _: String, _: &[u8]) {}
}

/// Reads every export and returns the deduplicated payments.
pub fn ingest(files: &[PathBuf], opts: &IngestOptions) -> Ledger {
    let mut ledger = Ledger {
        year: opts.fiscal_year,
        ..Default::default()
    };
    let codes: HashMap<Box<[u8]>, u32> = opts
        .projects
        .iter()
        .map(|(c, &i)| (c.as_bytes().to_vec().into_boxed_slice(), i))
        .collect();
    let n_projects = opts
        .projects
        .values()
        .map(|&i| i as usize + 1)
        .max()
        .unwrap_or(0);
    let mut styles = vec![0u8; n_projects];
    let mut first_file_of_style: [Option<usize>; 2] = [None, None];
    let mut conflicts = HashSet::new();
    let mut map = HashMap::new();
    let total_bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut progress = Progress::new(opts.progress, total_bytes);
    let mut conflicted_rows = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let mut report = FileReport {
            path: path.clone(),
            ..Default::default()
        };
        let mut quarantine = Vec::new();
        let mut collector = Collector {
            map: std::mem::take(&mut map),
            file: i as u32,
            report: &mut report,
            quarantine: &mut quarantine,
            conflicts: &mut conflicts,
            conflicted_rows: 0,
            styles: &mut styles,
            style_bit: 0,
        };
        let result = read_file(path, opts, &codes, &mut collector, &mut progress);
        map = std::mem::take(&mut collector.map);
        conflicted_rows.push(collector.conflicted_rows);
        match result {
            Ok(style) => {
                let slot = &mut first_file_of_style[(style == Style::Ledger) as usize];
                slot.get_or_insert(i);
            }
            Err(e) => report.error = Some(e),
        }
        ledger.quarantine.append(&mut quarantine);
        ledger.files.push(report);
        progress.file_done(path);
    }
    progress.finish();

    // Conflicting payment numbers: replay them and move them to quarantine.
    if !conflicts.is_empty() {
        let mut versions: HashMap<u64, Vec<Version>> = HashMap::new();
        let mut replay_map = HashMap::new();
        let mut quiet = Progress::new(false, 0);
        for (i, path) in files.iter().enumerate() {
            if ledger.files[i].error.is_some() {
                continue;
            }
            let mut rep = Replayer {
                keys: &conflicts,
                map: std::mem::take(&mut replay_map),
                file: i as u32,
                report: &mut ledger.files[i],
                versions: &mut versions,
            };
            let _ = read_file(path, opts, &codes, &mut rep, &mut quiet);
            replay_map = std::mem::take(&mut rep.map);
        }
        let names: Vec<&str> = {
            let mut v = vec![""; n_projects];
            for (c, &i) in &opts.projects {
                v[i as usize] = c.as_str();
            }
            v
        };
        let mut keys: Vec<&u64> = versions.keys().collect();
        keys.sort_by_key(|k| versions[*k].first().map(|v| (v.file, v.line)));
        for key in keys {
            let vs = &versions[key];
            let describe = |v: &Version| {
                format!(
                    "{} yuan for {} on {} at {}:{}",
                    Fen(v.fen).grouped(),
                    names.get(v.project as usize).unwrap_or(&"?"),
                    crate::dates::from_day_index(opts.fiscal_year, v.day)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    files[v.file].display(),
                    v.line
                )
            };
            let all: Vec<String> = vs.iter().map(describe).collect();
            let voucher = vs.first().map(|v| v.voucher.clone()).unwrap_or_default();
            ledger.problems.push(Diagnostic::file(
                &files[vs[0].file],
                format!(
                    "payment number {voucher} appears with different contents: {}; none of them is counted until the exports are corrected",
                    all.join("; ")
                ),
            ));
            for v in vs {
                ledger.quarantine.push(QuarantineRow {
                    file: files[v.file].clone(),
                    line: v.line,
                    reason: format!(
                        "conflict: payment number {voucher} has different versions ({}); not counted",
                        all.join("; ")
                    ),
                    text: v.text.clone(),
                });
            }
        }
        for k in &conflicts {
            if let Some(e) = map.get_mut(k) {
                e.conflict = true;
            }
        }
    }

    // A project fed by both families is probably counted twice.
    if let (Some(t), Some(l)) = (first_file_of_style[0], first_file_of_style[1]) {
        let mut names: Vec<(&String, &u32)> = opts.projects.iter().collect();
        names.sort_by_key(|(_, &i)| i);
        for (code, &i) in names {
            if styles[i as usize] == 0b11 {
                ledger.problems.push(Diagnostic::file(
                    &files[l],
                    format!(
                        "project {code} has payments in treasury exports (e.g. {}) and in accounting ledgers (e.g. {}): they describe the same money, so it may be counted twice; keep one kind of export per project",
                        files[t].display(),
                        files[l].display()
                    ),
                ));
            }
        }
    }

    // Aggregate per project and day.
    let mut daily: HashMap<(u32, u16), (i64, u32)> = HashMap::new();
    for e in map.values() {
        if e.conflict {
            continue;
        }
        let d = daily.entry((e.project, e.day)).or_default();
        d.0 += e.fen * e.max as i64;
        d.1 += e.max;
    }
    let mut daily: Vec<DailyTotal> = daily
        .into_iter()
        .map(|((project, day), (fen, payments))| DailyTotal {
            project,
            day,
            fen,
            payments,
        })
        .collect();
    daily.sort_by_key(|d| (d.project, d.day));
    ledger.daily = daily;
    ledger
        .quarantine
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    ledger
}

/// Cleans a cell: surrounding whitespace (ASCII, ideographic, no-break),
/// Excel's text markers (a leading apostrophe, ="…").
fn clean(mut b: &[u8]) -> &[u8] {
    loop {
        let before = b.len();
        b = b.trim_ascii();
        for ws in ["\u{3000}".as_bytes(), "\u{a0}".as_bytes()] {
            if let Some(r) = b.strip_prefix(ws) {
                b = r;
            }
            if let Some(r) = b.strip_suffix(ws) {
                b = r;
            }
        }
        if b.len() == before {
            break;
        }
    }
    if b.len() >= 3 && b.starts_with(b"=\"") && b.ends_with(b"\"") {
        b = &b[2..b.len() - 1];
    } else if let Some(r) = b.strip_prefix(b"'") {
        b = r;
    }
    b
}

/// Words that mark opening-balance and subtotal rows in accounting exports.
const SUMMARY_WORDS: &[&str] = &[
    "期初余额",
    "上年结转",
    "上期结转",
    "本月合计",
    "本月累计",
    "本年累计",
    "本期合计",
    "本期累计",
    "本日合计",
    "本季合计",
    "合计",
    "总计",
    "小计",
    "承前页",
    "过次页",
    "结转下年",
    "期末余额",
];

fn is_summary_word(cell: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(cell) else {
        return false;
    };
    let norm: String = s
        .chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace())
        .collect();
    SUMMARY_WORDS.iter().any(|w| *w == norm)
}

/// A voucher number as an identity: trimmed, full-width folded.
fn voucher_bytes(b: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if b.is_ascii() {
        std::borrow::Cow::Borrowed(b)
    } else {
        let s: String = String::from_utf8_lossy(b)
            .chars()
            .map(halfwidth)
            .filter(|c| !c.is_whitespace())
            .collect();
        std::borrow::Cow::Owned(s.into_bytes())
    }
}

/// How many lines to look through for the header row.
const HEADER_SEARCH_LINES: usize = 60;

/// Reads one file into the sink. Returns the family it was read as, or why it
/// could not be read at all.
fn read_file(
    path: &Path,
    opts: &IngestOptions,
    codes: &HashMap<Box<[u8]>, u32>,
    sink: &mut dyn SinkDyn,
    progress: &mut Progress,
) -> Result<Style, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut r = TextReader::new(file).map_err(|e| format!("cannot read: {e}"))?;
    sink.report().encoding = Some(r.encoding);
    let head_len = r.buf.len().min(1 << 16);
    if r.buf[..head_len].contains(&0) {
        return Err("not a text file (binary content); expected a CSV export".into());
    }
    let delim = scan::sniff_delimiter(&r.buf[r.pos..r.pos + head_len.min(r.buf.len() - r.pos)]);
    let mut fields: Vec<Field> = Vec::with_capacity(32);
    let mut line = 1usize;

    // Find the header row; note a unit declared in the title lines.
    let mut title_unit = None;
    let mut found: Option<(&LedgerProfile, Columns)> = None;
    for _ in 0..HEADER_SEARCH_LINES {
        let rec =
            next_record(&mut r, delim, &mut fields).map_err(|e| format!("cannot read: {e}"))?;
        let Some(rec) = rec else { break };
        let cells: Vec<String> = fields
            .iter()
            .map(|f| String::from_utf8_lossy(&field_text(&r.buf, f)).into_owned())
            .collect();
        let this_line = line;
        line += rec.newlines;
        r.pos = rec.next;
        if let Some(hit) = opts
            .profiles
            .iter()
            .find_map(|p| p.match_header(&cells).map(|c| (p, c)))
        {
            found = Some(hit);
            sink.report().header_line = this_line;
            break;
        }
        for c in &cells {
            if let Some(u) = profile::unit_from_title(c) {
                title_unit = Some(u);
            }
        }
    }
    let Some((profile, cols)) = found else {
        let names: Vec<String> = opts
            .profiles
            .iter()
            .map(|p| {
                let amount = match p.style {
                    Style::Treasury => p.amount.first(),
                    Style::Ledger => p.debit.first(),
                };
                format!(
                    "{} ({}, {}, {}, {})",
                    p.name,
                    p.date.first().map(String::as_str).unwrap_or("?"),
                    p.voucher.first().map(String::as_str).unwrap_or("?"),
                    p.project.first().map(String::as_str).unwrap_or("?"),
                    amount.map(String::as_str).unwrap_or("?")
                )
            })
            .collect();
        return Err(format!(
            "no header row found in the first {HEADER_SEARCH_LINES} lines; expected the columns of one of: {}; for another layout add a [[ledger_profile]] to settings.toml",
            names.join(" or ")
        ));
    };
    let unit = profile
        .unit
        .or(cols.unit_from_header)
        .or(title_unit)
        .unwrap_or_default();
    {
        let rep = sink.report();
        rep.profile = Some(profile.name.clone());
        rep.unit = unit;
    }
    let style = profile.style;
    sink.set_style(style);
    let need = cols.max_index();
    let year = opts.fiscal_year;

    loop {
        progress.advance(r.bytes_read);
        let Some(rec) =
            next_record(&mut r, delim, &mut fields).map_err(|e| format!("cannot read: {e}"))?
        else {
            break;
        };
        let this_line = line;
        line += rec.newlines;
        let text = &r.buf[r.pos..rec.text_end];
        sink.row();
        let buf = &r.buf;
        let cell = |i: Option<usize>| -> std::borrow::Cow<'_, [u8]> {
            match i.and_then(|i| fields.get(i)) {
                Some(f) => match field_text(buf, f) {
                    std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(clean(b)),
                    std::borrow::Cow::Owned(v) => std::borrow::Cow::Owned(clean(&v).to_vec()),
                },
                None => std::borrow::Cow::Borrowed(&[][..]),
            }
        };
        let date_c = cell(Some(cols.date));
        let voucher_c = cell(Some(cols.voucher));
        let outcome = if fields
            .iter()
            .all(|f| clean(&buf[f.start..f.end]).is_empty())
        {
            Row::Summary
        } else if (date_c.is_empty() || voucher_c.is_empty())
            && fields
                .iter()
                .any(|f| is_summary_word(clean(&field_text(buf, f))))
        {
            Row::Summary
        } else if fields.len() <= need {
            Row::Bad(format!(
                "only {} columns, the header has at least {}",
                fields.len(),
                need + 1
            ))
        } else {
            parse_row(
                style,
                unit,
                year,
                codes,
                &date_c,
                &voucher_c,
                &cell(Some(cols.project)),
                &cell(cols.amount),
                &cell(cols.debit),
                &cell(cols.credit),
            )
        };
        match outcome {
            Row::Summary => sink.summary(),
            Row::Bad(reason) => sink.bad(this_line, reason, text),
            Row::Payment {
                key,
                project,
                day,
                fen,
            } => {
                let v = voucher_bytes(&voucher_c);
                sink.payment(
                    &Payment {
                        line: this_line,
                        key,
                        voucher: &v,
                        project,
                        day,
                        fen,
                    },
                    text,
                );
            }
        }
        r.pos = rec.next;
    }
    progress.advance(r.bytes_read);
    Ok(style)
}

/// The next complete record, reading more of the file as needed; None at
/// the end of the file.
fn next_record<R: std::io::Read>(
    r: &mut TextReader<R>,
    delim: u8,
    fields: &mut Vec<Field>,
) -> std::io::Result<Option<scan::Record>> {
    loop {
        if r.pos >= r.buf.len() {
            if r.at_eof() {
                return Ok(None);
            }
            r.fill()?;
            continue;
        }
        if let Some(rec) = split_record(&r.buf, r.pos, delim, r.at_eof(), fields) {
            return Ok(Some(rec));
        }
        if !r.fill()? {
            // At end of file split_record always completes a record; this
            // guards against looping forever should that ever change.
            return Ok(None);
        }
    }
}

enum Row {
    Summary,
    Bad(String),
    Payment {
        key: u64,
        project: u32,
        day: u16,
        fen: i64,
    },
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[allow(clippy::too_many_arguments)]
fn parse_row(
    style: Style,
    unit: AmountUnit,
    year: i32,
    codes: &HashMap<Box<[u8]>, u32>,
    date: &[u8],
    voucher: &[u8],
    project: &[u8],
    amount: &[u8],
    debit: &[u8],
    credit: &[u8],
) -> Row {
    let date: NaiveDate = match std::str::from_utf8(date)
        .map_err(|_| crate::dates::DateError::Format)
        .and_then(crate::dates::parse_date)
    {
        Ok(d) => d,
        Err(crate::dates::DateError::Empty) => return Row::Bad("missing date".into()),
        Err(e) => return Row::Bad(format!("bad date {:?}: {e}", show(date))),
    };
    if date.year() != year {
        return Row::Bad(format!("date {date} is outside fiscal year {year}"));
    }
    if voucher.is_empty() {
        return Row::Bad("missing voucher / payment number".into());
    }
    if project.is_empty() {
        return Row::Bad("missing project code".into());
    }
    let project_idx = match codes.get(project) {
        Some(&i) => i,
        None => {
            // Full-width or lower-case variants of a known code.
            let norm: String = String::from_utf8_lossy(project)
                .chars()
                .map(halfwidth)
                .collect::<String>()
                .to_uppercase();
            match codes.get(norm.as_bytes()) {
                Some(&i) => i,
                None => return Row::Bad(format!("unknown project code {:?}", show(project))),
            }
        }
    };
    let parse = |b: &[u8], what: &str| -> Result<i64, String> {
        match std::str::from_utf8(b) {
            Ok(s) => Fen::parse(s, unit)
                .map(|f| f.0)
                .map_err(|e| format!("bad {what} {s:?}: {e}")),
            Err(_) => Err(format!("bad {what}: not valid text")),
        }
    };
    let fen = match style {
        Style::Treasury => {
            if amount.is_empty() {
                return Row::Bad("missing amount".into());
            }
            match parse(amount, "amount") {
                Ok(f) => f,
                Err(e) => return Row::Bad(e),
            }
        }
        Style::Ledger => {
            if debit.is_empty() && credit.is_empty() {
                return Row::Bad("neither debit nor credit amount".into());
            }
            let d = if debit.is_empty() {
                0
            } else {
                match parse(debit, "debit") {
                    Ok(f) => f,
                    Err(e) => return Row::Bad(e),
                }
            };
            let c = if credit.is_empty() {
                0
            } else {
                match parse(credit, "credit") {
                    Ok(f) => f,
                    Err(e) => return Row::Bad(e),
                }
            };
            d - c
        }
    };
    let day = crate::dates::day_index(date);
    let v = voucher_bytes(voucher);
    let key = match style {
        // Unique for the year: the number alone identifies the payment, and a
        // differing amount, project or date is a conflict.
        Style::Treasury => {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(b"T");
            h.update(&v);
            h.digest()
        }
        // Numbers restart every month: the whole line is the identity.
        Style::Ledger => {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(b"L");
            h.update(&[date.month() as u8]);
            h.update(&v);
            h.update(&[0]);
            h.update(&project_idx.to_le_bytes());
            h.update(&day.to_le_bytes());
            h.update(&fen.to_le_bytes());
            h.digest()
        }
    };
    Row::Payment {
        key,
        project: project_idx,
        day,
        fen,
    }
}

/// The sink interface `read_file` uses, with access to the file's report.
trait SinkDyn: Sink {
    fn report(&mut self) -> &mut FileReport;
    fn set_style(&mut self, _style: Style) {}
}

impl SinkDyn for Collector<'_> {
    fn report(&mut self) -> &mut FileReport {
        self.report
    }
    fn set_style(&mut self, style: Style) {
        self.style_bit = match style {
            Style::Treasury => 0b01,
            Style::Ledger => 0b10,
        };
    }
}

impl SinkDyn for Replayer<'_> {
    fn report(&mut self) -> &mut FileReport {
        // The replay must not change what the first pass recorded about the
        // file itself; it only moves row counts, through its own methods.
        self.report
    }
}

/// A progress bar on stderr for large inputs, only when stderr is a
/// terminal (quiet under cron).
struct Progress {
    enabled: bool,
    total: u64,
    done_files: u64,
    last_pct: u64,
}

impl Progress {
    fn new(wanted: bool, total: u64) -> Self {
        Progress {
            enabled: wanted && total > 32 << 20 && std::io::stderr().is_terminal(),
            total,
            done_files: 0,
            last_pct: u64::MAX,
        }
    }
    fn advance(&mut self, in_file: u64) {
        if !self.enabled {
            return;
        }
        let pct = (self.done_files + in_file) * 100 / self.total.max(1);
        if pct != self.last_pct {
            self.last_pct = pct;
            eprint!("\rreading ledgers: {pct:3}%");
        }
    }
    fn file_done(&mut self, path: &Path) {
        self.done_files += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    }
    fn finish(&mut self) {
        if self.enabled {
            eprintln!("\rreading ledgers: done");
        }
    }
}

#[cfg(test)]
mod tests;
