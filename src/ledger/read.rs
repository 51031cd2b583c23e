//! Reading one export: find the header, then cut the body into chunks at
//! record boundaries and parse the chunks on every core.
//!
//! Why chunks are safe to parse apart: a newline ends a record unless it is
//! inside a quoted field, and a newline preceded by an even number of quotes
//! (counted from a record start) is outside one in well-formed CSV. Files
//! with a stray quote inside an unquoted field can fool that count, so every
//! chunk is checked: it must split into complete records ending exactly at
//! its end. Because the first chunk starts at a record start, every chunk
//! then does too. If any chunk fails the check the file is parsed again,
//! sequentially, which is always right.
//!
//! Each worker adds payments into its own (project, day) sums (`cells`:
//! sized by the cells paid, not by the registry) and its own 256 key
//! buckets; the sums are added up and the buckets sorted once the file is
//! done. Nothing per row outlives the file but the 24-byte
//! dedup record.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::cells::CellTable;
use super::fields::{clean, is_summary_word, voucher_bytes};
use super::guard::{self, show, split_guarded, Split, Width};
use super::io::{read_at, scratch_file, write_all_at};
use super::profile::{self, Columns, LedgerProfile, Style};
use super::records::{
    record_offsets, sort_bucket, write_bucket, CachedRecords, Rec, Records, BUCKETS,
};
use super::scan::{self, field_text, split_record, Field};
use super::types::{BadRow, Cell, FileData, FileReport, IngestOptions, PendingEntry};
use crate::base::encoding::{TextReader, BLOCK};
use crate::base::money::{AmountUnit, Fen, MAX_FEN};
use crate::base::text::halfwidth;

/// Project codes (as bytes) to their index: an open-addressing table of
/// 32-byte slots, each holding a tag from the code's hash, the index and
/// the code itself (codes longer than a slot holds are kept aside). Looked
/// up once per row, so one lookup should touch one cache line. Why 32
/// bytes at up to 80 % load: a province's registry holds hundreds of
/// thousands of codes; 64-byte slots at under 40 % load made the table
/// 16 MiB at 100,000 projects and 128 MiB at a million, and a table of
/// small slots pointing into a buffer of codes cost three cache misses a
/// row instead of one. Budget codes are about 21 characters.
pub(crate) struct Codes {
    slots: Vec<Slot>,
    /// Codes longer than `INLINE`, checked here.
    long: Vec<Box<[u8]>>,
    mask: usize,
}

/// Room for a code inside a slot.
const INLINE: usize = 23;

#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    /// The code hash's high 32 bits.
    tag: u32,
    /// Project index; `u32::MAX` marks an empty slot.
    index: u32,
    /// Code length, up to `INLINE`; `u8::MAX`: the code is
    /// `long[bytes[0..4]]`.
    len: u8,
    bytes: [u8; INLINE],
}

impl Codes {
    /// Builds the table from (code, index) pairs.
    pub fn new<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Self {
        let pairs: Vec<(&str, u32)> = pairs.collect();
        let size = (pairs.len() + pairs.len() / 4 + 1)
            .next_power_of_two()
            .max(16);
        let empty = Slot {
            tag: 0,
            index: u32::MAX,
            len: 0,
            bytes: [0; INLINE],
        };
        let mut t = Codes {
            slots: vec![empty; size],
            long: Vec::new(),
            mask: size - 1,
        };
        for (code, idx) in pairs {
            let code = code.as_bytes();
            let h = xxh3_64_with_seed(code, 7);
            let mut i = h as usize & t.mask;
            while t.slots[i].index != u32::MAX {
                i = (i + 1) & t.mask;
            }
            let mut slot = Slot {
                tag: (h >> 32) as u32,
                index: idx,
                len: code.len() as u8,
                bytes: [0; INLINE],
            };
            if code.len() <= INLINE {
                slot.bytes[..code.len()].copy_from_slice(code);
            } else {
                slot.len = u8::MAX;
                slot.bytes[..4].copy_from_slice(&(t.long.len() as u32).to_le_bytes());
                t.long.push(code.into());
            }
            t.slots[i] = slot;
        }
        t
    }

    /// The index of a code.
    #[inline]
    pub fn get(&self, code: &[u8]) -> Option<u32> {
        let h = xxh3_64_with_seed(code, 7);
        let tag = (h >> 32) as u32;
        let mut i = h as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.index == u32::MAX {
                return None;
            }
            if slot.tag == tag {
                let known: &[u8] = if slot.len != u8::MAX {
                    &slot.bytes[..(slot.len as usize).min(INLINE)]
                } else {
                    let at = u32::from_le_bytes([
                        slot.bytes[0],
                        slot.bytes[1],
                        slot.bytes[2],
                        slot.bytes[3],
                    ]);
                    self.long.get(at as usize).map_or(&[][..], |b| &b[..])
                };
                if known == code {
                    return Some(slot.index);
                }
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A per-worker accumulator: sums per (project, day) cell (see `cells`)
/// and key buckets.
struct Acc {
    table: CellTable,
    buckets: Vec<Vec<Rec>>,
    /// After the workers are done: each bucket's parts, one per worker.
    parts: Vec<Vec<Vec<Rec>>>,
    /// Where full buckets go (large files only), so the records of a file
    /// never pile up in memory.
    spill: Option<Spill>,
    /// After the workers are done: every worker's spill.
    spills: Vec<Spill>,
    /// The sum of the absolute amounts added: while it stays within
    /// `MAX_FEN`, no sum of this file's payments can overflow.
    abs: u128,
    /// Refuse (quarantine) a payment that would take `abs` past `MAX_FEN`
    /// instead of adding it: the sequential reader, whose row order is the
    /// file's, so the same row is refused on every run.
    budgeted: bool,
}

/// Records a bucket holds in memory before they go to the spill file
/// (tiny in unit tests, so that their files of a few chunks spill too).
const SPILL_AT: usize = if cfg!(test) { 16 } else { 2048 };

/// A worker's spill file: full buckets appended as they fill, and where
/// each bucket's pieces are. The file is unlinked as soon as it is made.
pub(crate) struct Spill {
    file: std::fs::File,
    pos: u64,
    /// Per bucket: (offset, records) of each piece.
    pieces: Vec<Vec<(u64, u32)>>,
    buf: Vec<u8>,
    failed: bool,
}

/// Bytes per spilled record.
const SPILL_REC: usize = 24;

impl Spill {
    /// A spill file in `dir` (the cache folder, else the system's temporary
    /// folder); None when none can be made (then records stay in memory).
    fn new(dir: Option<&Path>) -> Option<Spill> {
        let file = scratch_file(dir, "spill", true).ok()?.0;
        Some(Spill {
            file,
            pos: 0,
            pieces: (0..BUCKETS).map(|_| Vec::new()).collect(),
            buf: Vec::with_capacity(SPILL_AT * SPILL_REC),
            failed: false,
        })
    }

    /// Appends a bucket's records; false when the file cannot take them.
    fn put(&mut self, bucket: usize, recs: &[Rec]) -> bool {
        if self.failed {
            return false;
        }
        self.buf.clear();
        for r in recs {
            self.buf.extend_from_slice(&r.key.to_le_bytes());
            self.buf.extend_from_slice(&r.fen.to_le_bytes());
            self.buf.extend_from_slice(&r.project.to_le_bytes());
            self.buf.extend_from_slice(&r.day.to_le_bytes());
            self.buf.extend_from_slice(&[0, 0]);
        }
        if write_all_at(&self.file, &self.buf, self.pos).is_err() {
            self.failed = true;
            return false;
        }
        self.pieces[bucket].push((self.pos, recs.len() as u32));
        self.pos += self.buf.len() as u64;
        true
    }

    /// Reads a bucket's pieces back, appending to `out`.
    fn take(&self, bucket: usize, out: &mut Vec<Rec>) -> std::io::Result<()> {
        let mut buf = Vec::new();
        for &(at, n) in &self.pieces[bucket] {
            buf.resize(n as usize * SPILL_REC, 0);
            read_at(&self.file, &mut buf, at)?;
            out.extend(buf.chunks_exact(SPILL_REC).map(|x| Rec {
                key: u64::from_le_bytes(x[0..8].try_into().unwrap_or_default()),
                fen: i64::from_le_bytes(x[8..16].try_into().unwrap_or_default()),
                project: u32::from_le_bytes(x[16..20].try_into().unwrap_or_default()),
                day: u16::from_le_bytes(x[20..22].try_into().unwrap_or_default()),
            }));
        }
        Ok(())
    }

    fn count(&self, bucket: usize) -> usize {
        self.pieces[bucket].iter().map(|p| p.1 as usize).sum()
    }
}

impl Acc {
    /// `expect` is a generous guess of the payments this worker will see:
    /// reserving address space up front costs no memory until it is used
    /// and spares the copies of growing vectors.
    fn new(projects: usize, expect: usize, spill: Option<Spill>) -> Self {
        let per_bucket = if spill.is_some() {
            SPILL_AT
        } else {
            expect / BUCKETS
        };
        Acc {
            table: CellTable::new(projects, expect),
            buckets: (0..BUCKETS)
                .map(|_| Vec::with_capacity(per_bucket))
                .collect(),
            parts: Vec::new(),
            spill,
            spills: Vec::new(),
            abs: 0,
            budgeted: false,
        }
    }

    /// True when this payment may be added within the file's budget.
    fn fits(&self, r: &Rec) -> bool {
        self.abs + r.fen.unsigned_abs() as u128 <= MAX_FEN as u128
    }

    #[inline]
    fn add(&mut self, r: Rec) {
        // Wrapping is harmless: a file whose `abs` passes `MAX_FEN` is read
        // again by the budgeted reader, and below it nothing wraps.
        self.table.add(r.project, r.day, r.fen);
        self.abs += r.fen.unsigned_abs() as u128;
        let b = Rec::bucket(r.key);
        self.buckets[b].push(r);
        if self.buckets[b].len() >= SPILL_AT {
            if let Some(s) = &mut self.spill {
                if s.put(b, &self.buckets[b]) {
                    self.buckets[b].clear();
                }
            }
        }
    }

    /// Adds another worker's sums into this one.
    fn absorb(&mut self, other: Acc) {
        self.abs += other.abs;
        self.table.absorb(other.table);
    }

    /// The non-empty cells in (project, day) order.
    fn cells(&mut self) -> Vec<Cell> {
        self.table.cells()
    }
}

/// What a row turned out to be.
pub(crate) enum Outcome<'b> {
    Summary,
    Bad(String),
    Payment { rec: Rec, voucher: Text<'b> },
}

/// How to read the rows of one file, once its header is known.
#[derive(Clone, Copy)]
pub(crate) struct RowParser<'a> {
    /// The highest column index used (`cols.max_index()`).
    pub need: usize,
    pub style: Style,
    pub unit: AmountUnit,
    pub year: i32,
    pub codes: &'a Codes,
    pub cols: Columns,
    pub delim: u8,
    /// The field counts the header allows.
    pub width: Width,
    /// The buffer holds GB18030 bytes, not UTF-8 (see `gbk_ok`): a field
    /// with a non-ASCII byte is transcoded before it is read; ASCII fields
    /// (dates, amounts, most codes) are the same bytes in both.
    pub gbk: bool,
}

/// Whether GB18030 bytes can be split into records and fields as they are:
/// line feeds, carriage returns, quotes and these delimiters are below
/// 0x40, the lowest GB18030 trail byte, so they never occur inside a
/// character (a `|` could).
pub(crate) fn gbk_ok(delim: u8) -> bool {
    delim < 0x40
}

/// `b` as UTF-8: transcoded from GB18030 when `gbk` and it holds a
/// non-ASCII byte, else as it is.
#[inline]
fn utf8(gbk: bool, b: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    if gbk && !b.is_ascii() {
        Cow::Owned(gb18030_to_utf8(&b))
    } else {
        b
    }
}

/// A cell's text: borrowed from the chunk, or transcoded (or unquoted)
/// and held in a small buffer, or on the heap when longer. Why the small
/// buffer: a GBK ledger's voucher number (记-0001) is transcoded on every
/// row, and a heap buffer for each was most of what remained of the cost
/// of GBK over UTF-8.
pub(crate) enum Text<'b> {
    Borrowed(&'b [u8]),
    Inline(u8, [u8; INLINE_TEXT]),
    Owned(Vec<u8>),
}

/// Bytes a `Text` holds without the heap.
const INLINE_TEXT: usize = 22;

impl std::ops::Deref for Text<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Text::Borrowed(b) => b,
            Text::Inline(n, b) => &b[..(*n as usize).min(INLINE_TEXT)],
            Text::Owned(v) => v,
        }
    }
}

impl<'b> Text<'b> {
    /// `a` then `b`, in the small buffer when they fit.
    fn joined(a: &[u8], b: &[u8]) -> Text<'static> {
        let n = a.len() + b.len();
        if n <= INLINE_TEXT {
            let mut buf = [0u8; INLINE_TEXT];
            buf[..a.len()].copy_from_slice(a);
            buf[a.len()..n].copy_from_slice(b);
            Text::Inline(n as u8, buf)
        } else {
            Text::Owned([a, b].concat())
        }
    }

    /// Trimmed as `fields::clean` trims (nearly always already clean: then
    /// kept as it is).
    fn cleaned(self) -> Text<'b> {
        if let Text::Borrowed(b) = self {
            return Text::Borrowed(clean(b));
        }
        let c = clean(&self);
        if c.len() == self.len() {
            self
        } else {
            Text::joined(c, &[])
        }
    }
}

/// GB18030 bytes as UTF-8 (malformed bytes become U+FFFD, as everywhere).
///
/// Why not just the decoder: a ledger's voucher numbers are a word and a
/// number (记-0001, 记-0002, ...), one per row, and transcoding them was
/// most of what GBK exports cost over UTF-8 ones. So the part up to the
/// last non-ASCII character is remembered per thread: the next voucher
/// with the same word costs a comparison and a copy. The split is used
/// only when that part decodes cleanly, so it always ends on a character
/// boundary and the result equals decoding the whole field.
pub(crate) fn gb18030_to_utf8(b: &[u8]) -> Vec<u8> {
    gb18030_text(b).to_vec()
}

/// [`gb18030_to_utf8`] into a [`Text`] (a short field without the heap).
fn gb18030_text(b: &[u8]) -> Text<'static> {
    thread_local! {
        /// (raw head, its UTF-8) of the last field transcoded here.
        static LAST: std::cell::RefCell<(Vec<u8>, Vec<u8>)> = const {
            std::cell::RefCell::new((Vec::new(), Vec::new()))
        };
    }
    #[inline]
    fn same(a: &[u8], b: &[u8]) -> bool {
        // Heads are a few bytes: compared here, not by a library call.
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
    }
    // A byte of 0x80 or more ends a character at most one byte later
    // (the trail of a two-byte one, or the last digit of a four-byte one).
    let Some(last_high) = b.iter().rposition(|&c| c >= 0x80) else {
        return Text::joined(b, &[]);
    };
    let (head, tail) = b.split_at((last_high + 2).min(b.len()));
    let hit = LAST.with(|l| {
        let l = l.borrow();
        same(&l.0, head).then(|| Text::joined(&l.1, tail))
    });
    if let Some(out) = hit {
        return out;
    }
    let (text, clean) = decode_gb18030(head);
    if !clean {
        return Text::Owned(decode_gb18030(b).0);
    }
    LAST.with(|l| {
        let mut l = l.borrow_mut();
        l.0.clear();
        l.0.extend_from_slice(head);
        l.1.clear();
        l.1.extend_from_slice(&text);
    });
    Text::joined(&text, tail)
}

/// The whole of `b` decoded, and whether it decoded without replacements.
fn decode_gb18030(b: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let clean = crate::base::encoding::decode_gb18030_onto(b, &mut out);
    (out, clean)
}

impl RowParser<'_> {
    /// Fields to split before skipping to the end of a record.
    pub fn limit(&self) -> usize {
        self.need + 1
    }

    /// Classifies one record whose fields are in `fields` (possibly only
    /// the first `limit()` of them; `start` is where the record begins, to
    /// split it whole when every field matters; `total` is how many fields
    /// it has in all).
    pub fn row<'b>(
        &self,
        buf: &'b [u8],
        start: usize,
        fields: &[Field],
        total: usize,
    ) -> Outcome<'b> {
        let gbk = self.gbk;
        let cell = |i: Option<usize>| -> Text<'b> {
            match i.and_then(|i| fields.get(i)) {
                // The common case, borrowed as it is: no quotes to undo, and
                // UTF-8 or ASCII (dates, amounts and codes of GBK exports).
                Some(f) if !f.escaped => {
                    let raw = &buf[f.start..f.end];
                    if !gbk || raw.is_ascii() {
                        Text::Borrowed(clean(raw))
                    } else {
                        gb18030_text(raw).cleaned()
                    }
                }
                Some(f) => match field_text(buf, f) {
                    Cow::Borrowed(b) if gbk && !b.is_ascii() => gb18030_text(b),
                    Cow::Owned(v) if gbk && !v.is_ascii() => gb18030_text(&v),
                    Cow::Borrowed(b) => Text::Borrowed(b),
                    Cow::Owned(v) => Text::Owned(v),
                }
                .cleaned(),
                None => Text::Borrowed(&[][..]),
            }
        };
        let date = cell(Some(self.cols.date));
        let voucher = cell(Some(self.cols.voucher));
        // Blank rows, and opening-balance / subtotal rows (they carry no
        // voucher or no date), are skipped and counted.
        if date.is_empty() || voucher.is_empty() {
            let mut all = Vec::new();
            let fields = match split_record(buf, start, self.delim, true, &mut all) {
                Some(_) => &all[..],
                None => fields,
            };
            let blank = fields
                .iter()
                .all(|f| clean(&utf8(gbk, Cow::Borrowed(&buf[f.start..f.end]))).is_empty());
            let summary = fields
                .iter()
                .any(|f| is_summary_word(clean(&utf8(gbk, field_text(buf, f)))));
            if blank || summary {
                return Outcome::Summary;
            }
        }
        if !self.width.fits(total) && !self.only_empty_extra(buf, start, total) {
            return Outcome::Bad(crate::base::i18n::message(
                "row-shifted",
                &[
                    ("fields", total.to_string()),
                    ("header", self.width.max.to_string()),
                ],
            ));
        }
        let need = self.need;
        if fields.len() <= need {
            return Outcome::Bad(crate::base::i18n::message(
                "row-too-few-columns",
                &[
                    ("fields", fields.len().to_string()),
                    ("need", (need + 1).to_string()),
                ],
            ));
        }
        match self.payment(
            &date,
            &voucher,
            &cell(Some(self.cols.project)),
            &cell(self.cols.amount),
            &cell(self.cols.debit),
            &cell(self.cols.credit),
        ) {
            Ok(rec) => Outcome::Payment { rec, voucher },
            Err(reason) => Outcome::Bad(reason),
        }
    }

    /// A row longer than the header only by empty cells at its end (a
    /// trailing delimiter some exporters add) still lines up.
    fn only_empty_extra(&self, buf: &[u8], start: usize, total: usize) -> bool {
        if total <= self.width.max {
            return false;
        }
        let mut all = Vec::new();
        if split_record(buf, start, self.delim, true, &mut all).is_none() {
            return false;
        }
        all.get(self.width.max..).is_some_and(|extra| {
            extra
                .iter()
                .all(|f| clean(&utf8(self.gbk, Cow::Borrowed(&buf[f.start..f.end]))).is_empty())
        })
    }

    fn payment(
        &self,
        date: &[u8],
        voucher: &[u8],
        project: &[u8],
        amount: &[u8],
        debit: &[u8],
        credit: &[u8],
    ) -> Result<Rec, String> {
        let date: NaiveDate = match crate::base::dates::parse_date_bytes(date) {
            Ok(d) => d,
            Err(crate::base::dates::DateError::Empty) => {
                return Err(crate::base::i18n::message("row-missing-date", &[]))
            }
            Err(e) => {
                return Err(crate::base::i18n::message(
                    "row-bad-date",
                    &[
                        ("value", format!("{:?}", show(date))),
                        ("error", e.localized()),
                    ],
                ))
            }
        };
        if date.year() != self.year {
            return Err(crate::base::i18n::message(
                "row-date-outside-year",
                &[("date", date.to_string()), ("year", self.year.to_string())],
            ));
        }
        if voucher.is_empty() {
            return Err(crate::base::i18n::message("row-missing-voucher", &[]));
        }
        if project.is_empty() {
            return Err(crate::base::i18n::message("row-missing-project", &[]));
        }
        let project_idx = match self.codes.get(project) {
            Some(i) => i,
            None => {
                // Full-width or lower-case variants of a known code.
                let norm: String = String::from_utf8_lossy(project)
                    .chars()
                    .map(halfwidth)
                    .collect::<String>()
                    .to_uppercase();
                match self.codes.get(norm.as_bytes()) {
                    Some(i) => i,
                    None => {
                        return Err(crate::base::i18n::message(
                            "row-unknown-project",
                            &[("code", format!("{:?}", show(project)))],
                        ))
                    }
                }
            }
        };
        let unit = self.unit;
        let parse = |b: &[u8], what: &str| -> Result<i64, String> {
            Fen::parse_bytes(b, unit)
                .map(|f| f.0)
                .map_err(|e| match std::str::from_utf8(b) {
                    Ok(_) => crate::base::i18n::message(
                        "row-bad-amount",
                        &[
                            ("what", crate::base::i18n::message(what, &[])),
                            ("value", format!("{:?}", show(b))),
                            ("error", e.localized()),
                        ],
                    ),
                    Err(_) => crate::base::i18n::message(
                        "row-bad-amount-text",
                        &[("what", crate::base::i18n::message(what, &[]))],
                    ),
                })
        };
        let fen = match self.style {
            Style::Treasury => {
                if amount.is_empty() {
                    return Err(crate::base::i18n::message("row-missing-amount", &[]));
                }
                parse(amount, "field-amount")?
            }
            Style::Ledger => {
                if debit.is_empty() && credit.is_empty() {
                    return Err(crate::base::i18n::message("row-no-debit-credit", &[]));
                }
                let d = if debit.is_empty() {
                    0
                } else {
                    parse(debit, "field-debit")?
                };
                let c = if credit.is_empty() {
                    0
                } else {
                    parse(credit, "field-credit")?
                };
                d.checked_sub(c)
                    .filter(|v| v.unsigned_abs() <= MAX_FEN as u64)
                    .ok_or_else(|| crate::base::i18n::message("row-debit-credit-range", &[]))?
            }
        };
        let day = crate::base::dates::day_index(date);
        let key = payment_key(
            self.style,
            &voucher_bytes(voucher),
            date.month(),
            project_idx,
            day,
            fen,
        );
        Ok(Rec {
            key,
            fen,
            project: project_idx,
            day,
        })
    }
}

/// What identifies a payment. A treasury 支付凭证号 is unique for the year,
/// so the number alone is the identity and a differing amount, project or
/// date is a conflict. Ledger voucher numbers restart every month, so there
/// the whole line is the identity.
pub(crate) fn payment_key(
    style: Style,
    voucher: &[u8],
    month: u32,
    project: u32,
    day: u16,
    fen: i64,
) -> u64 {
    match style {
        Style::Treasury => xxh3_64_with_seed(voucher, 0x54),
        Style::Ledger => {
            let mut b = [0u8; 96];
            if voucher.len() + 15 <= b.len() {
                let n = voucher.len();
                b[0] = month as u8;
                b[1..1 + n].copy_from_slice(voucher);
                b[1 + n..5 + n].copy_from_slice(&project.to_le_bytes());
                b[5 + n..7 + n].copy_from_slice(&day.to_le_bytes());
                b[7 + n..15 + n].copy_from_slice(&fen.to_le_bytes());
                xxh3_64_with_seed(&b[..15 + n], 0x4C)
            } else {
                let mut v = Vec::with_capacity(voucher.len() + 15);
                v.push(month as u8);
                v.extend_from_slice(voucher);
                v.extend_from_slice(&project.to_le_bytes());
                v.extend_from_slice(&day.to_le_bytes());
                v.extend_from_slice(&fen.to_le_bytes());
                xxh3_64_with_seed(&v, 0x4C)
            }
        }
    }
}

/// How many lines to look through for the header row.
pub(crate) const HEADER_SEARCH_LINES: usize = 60;

/// A file opened and positioned just after its header row.
pub(crate) struct Opened {
    pub reader: TextReader<std::fs::File>,
    pub parser_style: Style,
    pub unit: AmountUnit,
    pub cols: Columns,
    pub delim: u8,
    /// 1-based line of the first body line.
    pub body_line: usize,
    /// The field counts of the header row.
    pub width: Width,
}

/// Opens a file, detects its encoding and delimiter and finds its header.
/// Fills the report's encoding, profile, unit and header line.
pub(crate) fn open(
    path: &Path,
    profiles: &[LedgerProfile],
    report: &mut FileReport,
) -> Result<Opened, String> {
    open_with(path, profiles, report, false)
}

/// `open`, with bare `\r` taken as line ends from the start (`bare_cr`:
/// one was found further into the file than the first block).
pub(crate) fn open_with(
    path: &Path,
    profiles: &[LedgerProfile],
    report: &mut FileReport,
    bare_cr: bool,
) -> Result<Opened, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| crate::base::i18n::message("file-cannot-open", &[("error", e.to_string())]))?;
    let mut r = TextReader::with_line_ends(file, bare_cr)
        .map_err(|e| crate::base::i18n::message("file-cannot-read", &[("error", e.to_string())]))?;
    report.encoding = Some(r.encoding);
    let head_len = r.buf.len().min(1 << 16);
    // A NUL byte or two is a damaged row, not a binary file: only a file
    // without a header is refused as binary (below).
    let binary = r.buf[..head_len].contains(&0);
    let delim = scan::sniff_delimiter(&r.buf[r.pos..r.pos + head_len.min(r.buf.len() - r.pos)]);
    let mut fields: Vec<Field> = Vec::with_capacity(32);
    let mut line = 1usize;

    // Find the header row; note a unit declared in the title lines.
    let mut title_unit = None;
    let mut found: Option<(&LedgerProfile, Columns)> = None;
    let mut width = Width::ANY;
    for _ in 0..HEADER_SEARCH_LINES {
        let rec = next_record(&mut r, delim, &mut fields).map_err(|e| {
            crate::base::i18n::message("file-cannot-read", &[("error", e.to_string())])
        })?;
        let Some(rec) = rec else { break };
        let cells: Vec<String> = fields
            .iter()
            .map(|f| String::from_utf8_lossy(&field_text(&r.buf, f)).into_owned())
            .collect();
        let this_line = line;
        line += rec.newlines;
        r.pos = rec.next;
        if let Some(hit) = profiles
            .iter()
            .find_map(|p| p.match_header(&cells).map(|c| (p, c)))
        {
            found = Some(hit);
            report.header_line = this_line;
            let named = cells.iter().rposition(|c| !c.trim().is_empty());
            width = Width {
                min: named.map_or(0, |i| i + 1),
                max: cells.len(),
            };
            break;
        }
        for c in &cells {
            if let Some(u) = profile::unit_from_title(c) {
                title_unit = Some(u);
            }
        }
    }
    let Some((profile, cols)) = found else {
        if binary {
            return Err(crate::base::i18n::message("file-binary", &[]));
        }
        let names: Vec<String> = profiles
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
        return Err(crate::base::i18n::message(
            "file-no-header",
            &[
                ("lines", HEADER_SEARCH_LINES.to_string()),
                (
                    "profiles",
                    names.join(&crate::base::i18n::message("or-separator", &[])),
                ),
            ],
        ));
    };
    let unit = profile
        .unit
        .or(cols.unit_from_header)
        .or(title_unit)
        .unwrap_or_default();
    report.profile = Some(profile.name.clone());
    report.unit = unit;
    Ok(Opened {
        reader: r,
        parser_style: profile.style,
        unit,
        cols,
        delim,
        body_line: line,
        width,
    })
}

/// The longest record the header search reads (title lines and headers are
/// short; a file whose first lines are megabytes long has no header).
const HEADER_RECORD_MAX: usize = 1 << 20;

/// The next complete record, reading more of the file as needed; None at
/// the end of the file (or at a record too long to be a title or header).
pub(crate) fn next_record<R: std::io::Read>(
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
        if r.buf.len() - r.pos > HEADER_RECORD_MAX {
            // No title line or header is this long: stop looking.
            return Ok(None);
        }
        if !r.fill()? {
            // At end of file split_record always completes a record; this
            // guards against looping forever should that ever change.
            return Ok(None);
        }
    }
}

/// Reads the body of an opened file record by record on this thread,
/// calling `f(line, text, outcome)` for every record. Used for the conflict
/// replay and as the fallback when chunked parsing does not apply. Records
/// are split by the same guarded rule as the chunks.
pub(crate) fn stream_rows(
    o: &mut Opened,
    parser: &RowParser,
    mut f: impl FnMut(usize, &[u8], Outcome),
) -> Result<(), String> {
    let mut fields = Vec::with_capacity(32);
    let mut line = o.body_line;
    let r = &mut o.reader;
    let limit = parser.limit();
    loop {
        if r.pos >= r.buf.len() {
            if r.at_eof() {
                return Ok(());
            }
            r.fill().map_err(|e| {
                crate::base::i18n::message("file-cannot-read", &[("error", e.to_string())])
            })?;
            continue;
        }
        let eof = r.at_eof();
        let split = split_guarded(
            &r.buf,
            r.pos,
            parser.delim,
            eof,
            &mut fields,
            limit,
            parser.width,
        );
        let Some(split) = split else {
            if r.buf.len() - r.pos > MAX_CHUNK {
                // A row this long is no ledger row: it is put aside as the
                // physical line it starts, read past without splitting it,
                // so its cost stays linear in its length.
                let (text, reason) = skip_line(r).map_err(|e| {
                    crate::base::i18n::message("file-cannot-read", &[("error", e.to_string())])
                })?;
                f(line, &text, Outcome::Bad(reason));
                line += 1;
                continue;
            }
            if !r.fill().map_err(|e| {
                crate::base::i18n::message("file-cannot-read", &[("error", e.to_string())])
            })? {
                // At end of file the splitter always completes a record;
                // this guards against looping forever should that change.
                return Ok(());
            }
            continue;
        };
        let this_line = line;
        let next = match split {
            Split::Record(rec) => {
                line += rec.newlines;
                let text = &r.buf[r.pos..rec.text_end];
                f(
                    this_line,
                    text,
                    parser.row(&r.buf, r.pos, &fields, rec.fields),
                );
                rec.next
            }
            Split::Unclosed(rec, reason) => {
                line += rec.newlines;
                f(this_line, &r.buf[r.pos..rec.text_end], Outcome::Bad(reason));
                rec.next
            }
        };
        r.pos = next;
    }
}

/// Consumes the physical line at `r.pos` (through its line feed, or to the
/// end of the file), reading on as needed and scanning each byte once;
/// returns its first bytes and the reason to quarantine it.
fn skip_line<R: std::io::Read>(r: &mut TextReader<R>) -> std::io::Result<(Vec<u8>, String)> {
    let avail = r.buf.len() - r.pos;
    let mut keep = avail.min(guard::EXCERPT);
    // Cut at a character start.
    while keep > 0 && keep < avail && (r.buf[r.pos + keep] & 0xC0) == 0x80 {
        keep -= 1;
    }
    let head = r.buf[r.pos..r.pos + keep].to_vec();
    let mut len = 0usize;
    loop {
        if let Some(k) = memchr::memchr(b'\n', &r.buf[r.pos..]) {
            len += k;
            r.pos += k + 1;
            break;
        }
        len += r.buf.len() - r.pos;
        r.pos = r.buf.len();
        if !r.fill()? {
            break;
        }
    }
    let reason = crate::base::i18n::message(
        "row-too-long",
        &[
            ("bytes", len.to_string()),
            ("mib", (MAX_CHUNK >> 20).to_string()),
            ("keep", keep.to_string()),
        ],
    );
    Ok((head, reason))
}

/// What one chunk produced besides the worker's sums.
#[derive(Default)]
struct ChunkOut {
    seq: usize,
    newlines: usize,
    rows: u64,
    summary: u64,
    payments: u64,
    /// (line relative to the chunk start, reason, text)
    bad: Vec<(usize, String, String)>,
    /// The chunk split into complete records ending exactly at its end.
    complete: bool,
    /// Hashes of the raw blocks the chunk carried: (block number, hash).
    block_hashes: Vec<(usize, u64)>,
    /// A bad row held a bare `\r`: the file ends lines that way further in
    /// than the reader looked, and is read again with them as line ends.
    bare_cr: bool,
    /// The chunk is GB18030 bytes: a bad row's text is transcoded.
    gbk: bool,
}

impl ChunkOut {
    /// Counts one record (at `line`, relative to the chunk) and adds its
    /// payment to the worker's sums.
    fn count(&mut self, acc: &mut Acc, line: usize, text: &[u8], outcome: Outcome) {
        self.rows += 1;
        match outcome {
            Outcome::Summary => self.summary += 1,
            Outcome::Bad(reason) => self.bad_row(line, text, reason),
            Outcome::Payment { rec, .. } => {
                if acc.budgeted && !acc.fits(&rec) {
                    let reason = crate::base::i18n::message(
                        "row-amount-overflow",
                        &[("limit", Fen(MAX_FEN).grouped())],
                    );
                    self.bad_row(line, text, reason);
                    return;
                }
                self.payments += 1;
                acc.add(rec);
            }
        }
    }

    /// Puts a row aside, keeping at most an excerpt of a very long one.
    fn bad_row(&mut self, line: usize, text: &[u8], mut reason: String) {
        if !self.bare_cr && crate::base::line_ends::has_bare_cr(text) {
            self.bare_cr = true;
        }
        let text = utf8(self.gbk, Cow::Borrowed(text));
        let (text, note) = guard::excerpt(&text);
        if let Some(n) = note {
            reason =
                crate::base::i18n::message("row-with-note", &[("reason", reason), ("note", n)]);
        }
        self.bad.push((line, reason, text));
    }
}

fn parse_chunk(
    parser: &RowParser,
    buf: &[u8],
    last: bool,
    fields: &mut Vec<Field>,
    acc: &mut Acc,
    out: &mut ChunkOut,
) {
    let mut pos = 0;
    let mut line = 0;
    let limit = parser.limit();
    out.complete = true;
    while pos < buf.len() {
        let split = split_guarded(buf, pos, parser.delim, last, fields, limit, parser.width);
        match split {
            Some(Split::Record(rec)) => {
                let this = line;
                line += rec.newlines;
                out.count(
                    acc,
                    this,
                    &buf[pos..rec.text_end],
                    parser.row(buf, pos, fields, rec.fields),
                );
                pos = rec.next;
            }
            Some(Split::Unclosed(rec, reason)) => {
                let this = line;
                line += rec.newlines;
                out.rows += 1;
                out.bad_row(this, &buf[pos..rec.text_end], reason);
                pos = rec.next;
            }
            None => {
                out.complete = false;
                return;
            }
        }
    }
    out.newlines = line;
}

/// A chunk that grows past this without a boundary (one enormous row, or a
/// quote that never closes) sends the file to the sequential reader, whose
/// memory does not grow with the file.
const MAX_CHUNK: usize = 64 << 20;

/// Target size of a chunk handed to a worker.
const CHUNK: usize = 4 << 20;

/// Parses one file into its `FileData`. `threads` workers parse chunks while
/// this thread reads; `progress(bytes)` is told how far the reading is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn parse_file(
    path: &Path,
    opts: &IngestOptions,
    codes: &Codes,
    projects: usize,
    threads: usize,
    scratch: Option<&Path>,
    progress: &mut dyn FnMut(u64),
) -> FileData {
    parse_file_with(
        path, opts, codes, projects, threads, scratch, progress, false,
    )
}

/// `parse_file`; `bare_cr`: read bare `\r` as line ends from the start.
#[allow(clippy::too_many_arguments)]
fn parse_file_with(
    path: &Path,
    opts: &IngestOptions,
    codes: &Codes,
    projects: usize,
    threads: usize,
    scratch: Option<&Path>,
    progress: &mut dyn FnMut(u64),
    bare_cr: bool,
) -> FileData {
    let mut data = FileData {
        report: FileReport {
            path: path.to_path_buf(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut opened = match open_with(path, opts.profiles, &mut data.report, bare_cr) {
        Ok(o) => o,
        Err(e) => {
            data.report.error = Some(e);
            return data;
        }
    };
    let parser = RowParser {
        need: opened.cols.max_index(),
        style: opened.parser_style,
        unit: opened.unit,
        year: opts.fiscal_year,
        codes,
        cols: opened.cols,
        delim: opened.delim,
        width: opened.width,
        gbk: false,
    };
    data.style = Some(parser.style);
    let body_line = opened.body_line;
    let clock = crate::base::diag::PhaseClock::from_env();
    let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let chunked = parse_chunked(
        &mut opened.reader,
        file_len,
        scratch,
        &parser,
        projects,
        threads,
        progress,
    );
    let (mut acc, outs) = match chunked {
        Ok(Chunked::Done(acc, outs)) => (*acc, outs),
        Ok(Chunked::BareCr) if !bare_cr => {
            return parse_file_with(
                path, opts, codes, projects, threads, scratch, progress, true,
            )
        }
        Ok(_) => {
            // A chunk did not split cleanly (a stray quote), a row is huge
            // or the amounts are: read the file again, one record at a time.
            let reader_cr = opened.reader.bare_cr;
            let mut seq = parse_sequential(path, opts, &parser, projects, reader_cr);
            if matches!(&seq, Ok((_, o)) if o.iter().any(|o| o.bare_cr)) && !reader_cr {
                seq = parse_sequential(path, opts, &parser, projects, true);
            }
            match seq {
                Ok(x) => x,
                Err(e) => {
                    data.report.error = Some(e);
                    return data;
                }
            }
        }
        Err(e) => {
            data.report.error = Some(e);
            return data;
        }
    };
    clock.mark("  parse chunks");
    data.content_hash = chunked_hash(opened.reader);
    let mut line = body_line;
    for o in outs {
        data.report.rows_read += o.rows;
        data.report.summary += o.summary;
        data.report.used += o.payments;
        data.report.quarantined += o.bad.len() as u64;
        for (rel, reason, text) in o.bad {
            data.bad.push(BadRow {
                line: line + rel,
                reason,
                text,
            });
        }
        line += o.newlines;
    }
    data.cells = std::sync::Arc::new(acc.cells());
    if acc.spills.iter().any(|s| s.pos > 0) {
        let parts = std::mem::take(&mut acc.parts);
        let spills = std::mem::take(&mut acc.spills);
        drop(acc);
        clock.mark("  sum cells");
        match combine_spilled(parts, &spills, scratch, projects) {
            Ok(sp) => {
                data.dups = sp.dups;
                data.records = sp.records;
                data.entry = Some(sp.entry);
            }
            Err(e) => {
                data.report.error = Some(crate::base::i18n::message(
                    "file-scratch",
                    &[("error", e.to_string())],
                ))
            }
        }
        clock.mark("  sort records");
        return data;
    }
    let parts = if acc.parts.is_empty() {
        std::mem::take(&mut acc.buckets)
            .into_iter()
            .map(|b| vec![b])
            .collect()
    } else {
        std::mem::take(&mut acc.parts)
    };
    drop(acc);
    clock.mark("  sum cells");
    let buckets = combine_buckets(parts);
    data.dups = dup_keys(&buckets);
    clock.mark("  sort records");
    data.records = Records::Parsed(buckets);
    data
}

/// The content hash once the reader has reached the end of the file.
fn chunked_hash(r: TextReader<std::fs::File>) -> Option<u128> {
    r.finish_hash().ok()
}

thread_local! {
    /// The spare vector `sort_bucket` sorts into, kept per thread.
    static SORT_SCRATCH: std::cell::RefCell<Vec<Rec>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Joins the workers' parts of each bucket (`parts[bucket][worker]`) into
/// one vector of exactly the right size and sorts it, on all cores; each
/// worker part is freed as soon as it is copied, so memory never holds the
/// records twice over.
fn combine_buckets(parts: Vec<Vec<Vec<Rec>>>) -> Vec<Vec<Rec>> {
    use rayon::prelude::*;
    parts
        .into_par_iter()
        .map(|mut ws| {
            // The first part's vector was reserved generously: the others
            // usually fit in it without a reallocation.
            ws.reverse();
            let mut v = ws.pop().unwrap_or_default();
            while let Some(w) = ws.pop() {
                v.extend_from_slice(&w);
            }
            SORT_SCRATCH.with(|s| sort_bucket(&mut v, &mut s.borrow_mut()));
            v
        })
        .collect()
}

/// A large file's records, sorted and written into the records part of a
/// cache entry (to be completed by the cache, or read and thrown away).
struct Spilled {
    records: Records,
    dups: Vec<u64>,
    entry: PendingEntry,
}

/// Joins each bucket's pieces (workers' leftovers in memory and the spill
/// files), sorts it and writes it into a new entry, one bucket at a time on
/// every core: memory holds a few buckets, not the file.
fn combine_spilled(
    parts: Vec<Vec<Vec<Rec>>>,
    spills: &[Spill],
    scratch: Option<&Path>,
    projects: usize,
) -> std::io::Result<Spilled> {
    use rayon::prelude::*;
    let counts: Vec<usize> = (0..BUCKETS)
        .map(|b| {
            parts
                .get(b)
                .map_or(0, |ws| ws.iter().map(Vec::len).sum::<usize>())
                + spills.iter().map(|s| s.count(b)).sum::<usize>()
        })
        .collect();
    let mut starts = Vec::with_capacity(BUCKETS + 1);
    starts.push(0usize);
    for c in &counts {
        starts.push(starts[starts.len() - 1] + c);
    }
    let n = starts[BUCKETS] as u64;
    let (entry, path) = scratch_file(scratch, "entry", scratch.is_none())?;
    let file = &entry;
    let done = parts
        .into_par_iter()
        .enumerate()
        .map(|(b, ws)| -> std::io::Result<(Vec<u64>, u64)> {
            let mut v = Vec::with_capacity(counts[b]);
            for w in ws {
                v.extend_from_slice(&w);
            }
            for s in spills {
                s.take(b, &mut v)?;
            }
            SORT_SCRATCH.with(|s| sort_bucket(&mut v, &mut s.borrow_mut()));
            let mut dups = Vec::new();
            push_dup_keys(&v, &mut dups);
            let sum = write_bucket(file, n, starts[b], &v)?;
            Ok((dups, sum))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut dups = Vec::new();
    let mut sums = Vec::with_capacity(BUCKETS);
    for (d, sum) in done {
        dups.extend(d);
        sums.push(sum);
    }
    let sizes = counts
        .iter()
        .map(|&c| c as u64)
        .zip(sums.iter().copied())
        .collect();
    let (keys_at, payloads_at) = record_offsets(n);
    Ok(Spilled {
        records: Records::Cached(CachedRecords::new(
            entry,
            starts,
            sums,
            keys_at,
            payloads_at,
            projects,
        )),
        dups,
        entry: PendingEntry { path, n, sizes },
    })
}

/// Keys that occur more than once in sorted buckets.
fn dup_keys(buckets: &[Vec<Rec>]) -> Vec<u64> {
    let mut out = Vec::new();
    for b in buckets {
        push_dup_keys(b, &mut out);
    }
    out
}

/// Appends the keys repeated in one sorted bucket, once each.
fn push_dup_keys(bucket: &[Rec], out: &mut Vec<u64>) {
    for w in bucket.windows(2) {
        if w[0].key == w[1].key && out.last() != Some(&w[0].key) {
            out.push(w[0].key);
        }
    }
}

/// The summed accumulator with `buckets` emptied, the workers' bucket parts
/// as `[bucket][worker]`, and the chunk results.
type Parsed = (Acc, Vec<ChunkOut>);

/// Reads the body in chunks and parses them on `threads` workers (see
/// `Chunked` for when it gives up).
#[allow(clippy::too_many_arguments)]
fn parse_chunked(
    r: &mut TextReader<std::fs::File>,
    file_len: u64,
    scratch: Option<&Path>,
    parser: &RowParser,
    projects: usize,
    threads: usize,
    progress: &mut dyn FnMut(u64),
) -> Result<Chunked, String> {
    // GBK / GB18030 bodies go to the workers as raw bytes and are
    // transcoded there, not on this thread (see `TextReader::raw_body`).
    let raw = if r.at_eof() { None } else { r.raw_body() };
    let transcode = raw.is_some();
    // With a delimiter below 0x40 the raw bytes are parsed as they are
    // (only non-ASCII fields transcoded, see `RowParser::gbk`); else each
    // chunk is transcoded whole.
    let whole_gbk = transcode && !gbk_ok(parser.delim);
    let gbk_parser = RowParser {
        gbk: transcode && !whole_gbk,
        ..*parser
    };
    let parser = &gbk_parser;
    let mut carry: Vec<u8> = match raw {
        Some(raw) => raw,
        None => r.buf[r.pos..].to_vec(),
    };
    r.pos = r.buf.len();
    let threads = threads.max(1);
    // Exports run 100 to 250 bytes a row: guess high, it costs nothing.
    let expect = (file_len / 80) as usize / threads + 1024;
    // A file that fits in one read is parsed right here.
    if r.at_eof() {
        let mut acc = Acc::new(projects, carry.len() / 80 + 16, None);
        let mut out = ChunkOut::default();
        let mut fields = Vec::with_capacity(32);
        parse_chunk(parser, &carry, true, &mut fields, &mut acc, &mut out);
        if out.bare_cr && !r.bare_cr {
            return Ok(Chunked::BareCr);
        }
        if !out.complete || acc.abs > MAX_FEN as u128 {
            return Ok(Chunked::Sequential);
        }
        return Ok(Chunked::Done(Box::new(acc), vec![out]));
    }
    // The rest of the file parsed where it lies (see `base::mapped`) when
    // it can be: no copy through a buffer on this thread.
    let mapped = map_rest(r, carry.len());
    let map = mapped.as_ref().map(|m| &m.map);
    let pool: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(threads);
    r.defer_hashing = true;
    let rx = Mutex::new(rx);
    let result = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = &rx;
                let pool = &pool;
                s.spawn(move || {
                    let mut acc = Acc::new(projects, expect, Spill::new(scratch));
                    let mut outs = Vec::new();
                    let mut fields = Vec::with_capacity(32);
                    let mut text = Vec::new();
                    loop {
                        let msg = rx.lock().map(|r| r.recv());
                        let Ok(Ok((seq, body, len, last, raw))) = msg else {
                            break;
                        };
                        // The chunk's bytes, and what its raw block ranges
                        // index: its own buffer, or the whole mapped file.
                        let (whole, at) = match (&body, map) {
                            (Body::Mapped(from), Some(m)) => {
                                m.populate(*from..*from + len);
                                (m.bytes(), *from)
                            }
                            (Body::Owned(buf), _) => (&buf[..], 0),
                            (Body::Mapped(_), None) => (&[][..], 0),
                        };
                        let mut out = ChunkOut {
                            seq,
                            gbk: parser.gbk,
                            ..Default::default()
                        };
                        // (Always there; were they not, the chunk is left
                        // incomplete and the file read sequentially.)
                        let in_range = |r: &std::ops::Range<usize>| r.end <= whole.len();
                        if at + len > whole.len() || !raw.iter().all(|(_, r)| in_range(r)) {
                            outs.push(out);
                            continue;
                        }
                        // The raw blocks in this chunk: hashed here, on a
                        // worker, for the file's content hash.
                        for (block, range) in raw {
                            out.block_hashes
                                .push((block, crate::base::encoding::block_hash(&whole[range])));
                        }
                        let chunk = &whole[at..at + len];
                        let chunk = if whole_gbk {
                            crate::base::encoding::decode_gb18030_chunk(chunk, &mut text);
                            &text[..]
                        } else {
                            chunk
                        };
                        parse_chunk(parser, chunk, last, &mut fields, &mut acc, &mut out);
                        outs.push(out);
                        match body {
                            Body::Mapped(from) => {
                                if let Some(m) = map {
                                    m.release(from..from + len);
                                }
                            }
                            Body::Owned(buf) => {
                                if let Ok(mut p) = pool.lock() {
                                    p.push(buf);
                                }
                            }
                        }
                    }
                    // The last sort of the sparse sums on this core, while
                    // the other worker does its own, not one after the
                    // other on the thread that joins them.
                    acc.table.settle();
                    (acc, outs)
                })
            })
            .collect();
        let mut read_err = None;
        let mut too_long = false;
        let mut seq = 0;
        if let Some(m) = &mapped {
            too_long = send_mapped(m, &tx, progress);
        } else {
            // The file read block by block into chunks on this thread.
            loop {
                let mut chunk = pool
                    .lock()
                    .ok()
                    .and_then(|mut p| p.pop())
                    .unwrap_or_else(|| Vec::with_capacity(CHUNK * 2));
                chunk.clear();
                chunk.extend_from_slice(&carry);
                carry.clear();
                let mut cut = None;
                let mut raw = Vec::new();
                let mut scan = guard::BoundaryScan::default();
                while !r.at_eof() {
                    if let Err(e) = r.fill_into(&mut chunk) {
                        read_err = Some(crate::base::i18n::message(
                            "file-cannot-read",
                            &[("error", e.to_string())],
                        ));
                        break;
                    }
                    raw.extend(r.take_deferred());
                    progress(r.bytes_read);
                    if chunk.len() >= CHUNK {
                        cut = scan.advance(&chunk);
                        if cut.is_some() {
                            break;
                        }
                        if chunk.len() >= MAX_CHUNK {
                            too_long = true;
                            break;
                        }
                    }
                }
                if read_err.is_some() || too_long {
                    break;
                }
                let last = r.at_eof() && cut.is_none();
                // The chunk goes whole (its raw blocks are hashed whole); only
                // its first `len` bytes are parsed, the rest starts the next.
                let len = cut.unwrap_or(chunk.len());
                carry.extend_from_slice(&chunk[len..]);
                if len == 0 {
                    // Nothing to parse (the file ended on a block boundary):
                    // hash the (empty) block here.
                    for (block, range) in raw {
                        r.set_block_hash(block, crate::base::encoding::block_hash(&chunk[range]));
                    }
                } else if tx.send((seq, Body::Owned(chunk), len, last, raw)).is_err() {
                    break;
                }
                seq += 1;
                if last {
                    break;
                }
            }
        }
        drop(tx);
        let mut accs = Vec::new();
        let mut outs = Vec::new();
        for w in workers {
            match w.join() {
                Ok((acc, mut o)) => {
                    accs.push(acc);
                    outs.append(&mut o);
                }
                Err(_) => read_err = Some(crate::base::i18n::message("file-thread-failed", &[])),
            }
        }
        match read_err {
            Some(e) => Err(e),
            None => Ok((accs, outs, too_long)),
        }
    })?;
    let (mut accs, mut outs, too_long) = result;
    r.defer_hashing = false;
    if let Some(m) = &mapped {
        // Blocks no chunk carried (an empty last block): hashed here.
        for block in m.blocks.clone() {
            if !outs
                .iter()
                .any(|o| o.block_hashes.iter().any(|h| h.0 == block))
            {
                let at = (block * BLOCK).min(m.map.bytes().len());
                let to = (at + BLOCK).min(m.map.bytes().len());
                r.set_block_hash(
                    block,
                    crate::base::encoding::block_hash(&m.map.bytes()[at..to]),
                );
            }
        }
        if m.map.damaged() {
            return Err(crate::base::i18n::message("file-changed-while-read", &[]));
        }
    }
    for o in &outs {
        for &(block, hash) in &o.block_hashes {
            r.set_block_hash(block, hash);
        }
    }
    if too_long {
        // Blocks not read (or not hashed) leave the content hash unknown:
        // the sequential reader's caller computes it from the file.
        r.forget_hash();
        return Ok(Chunked::Sequential);
    }
    if outs.iter().any(|o| !o.complete) {
        return Ok(Chunked::Sequential);
    }
    if outs.iter().any(|o| o.bare_cr) && !r.bare_cr {
        return Ok(Chunked::BareCr);
    }
    if accs.iter().map(|a| a.abs).sum::<u128>() > MAX_FEN as u128 {
        return Ok(Chunked::Sequential);
    }
    outs.sort_by_key(|o| o.seq);
    let mut parts: Vec<Vec<Vec<Rec>>> = (0..BUCKETS).map(|_| Vec::new()).collect();
    let mut spills = Vec::new();
    for a in accs.iter_mut() {
        for (b, recs) in std::mem::take(&mut a.buckets).into_iter().enumerate() {
            parts[b].push(recs);
        }
        spills.extend(a.spill.take());
    }
    let mut acc = accs.swap_remove(0);
    for other in accs {
        acc.absorb(other);
    }
    acc.parts = parts;
    acc.spills = spills;
    Ok(Chunked::Done(Box::new(acc), outs))
}

/// What a worker is sent: the chunk's number, its bytes, how many of them
/// to parse, whether it ends the file, and the raw blocks it hashes (block
/// number, byte range in what `Body` indexes).
type Job = (
    usize,
    Body,
    usize,
    bool,
    Vec<(usize, std::ops::Range<usize>)>,
);

/// A chunk for a worker: bytes of its own, or where it lies in the mapped
/// file (its start; the length travels beside it).
enum Body {
    Owned(Vec<u8>),
    Mapped(usize),
}

/// The rest of a file mapped for the workers (see `map_rest`).
struct MappedRest {
    map: crate::base::mapped::MappedFile,
    /// Where the body not yet parsed starts.
    start: usize,
    /// The blocks whose hashes the workers compute (of `BLOCK` bytes).
    blocks: std::ops::Range<usize>,
}

/// Whether large files are mapped rather than read (tests turn it off to
/// compare the two ways).
#[cfg(test)]
pub(crate) static MAP_FILES: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(true);

/// Files mapped so far (tests check that the mapped path is taken).
#[cfg(test)]
pub(crate) static MAPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Called with the file just after it is mapped (tests use it to cut a
/// file short while it is being read).
#[cfg(test)]
pub(crate) static AFTER_MAP: Mutex<Option<fn(&std::fs::File)>> = Mutex::new(None);

/// Maps the file behind `r` when what is left of it can be parsed as it
/// lies (see `TextReader::hand_over`); `carry` bytes of the first block are
/// not parsed yet. None: read it as before.
fn map_rest(r: &mut TextReader<std::fs::File>, carry: usize) -> Option<MappedRest> {
    #[cfg(test)]
    if !MAP_FILES.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    let read = usize::try_from(r.bytes_read).ok()?;
    let len = r.get_ref().metadata().ok()?.len();
    let map = crate::base::mapped::MappedFile::map(r.get_ref(), usize::try_from(len).ok()?)?;
    if read < carry || map.bytes().len() < read {
        return None;
    }
    let blocks = r.hand_over(len)?;
    #[cfg(test)]
    {
        MAPPED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(hook) = AFTER_MAP.lock().ok().and_then(|h| *h) {
            hook(r.get_ref());
        }
    }
    Some(MappedRest {
        map,
        start: read - carry,
        blocks,
    })
}

/// Cuts the mapped body into chunks at record boundaries (the same rule as
/// the reading loop: at least `CHUNK`, grown a block at a time until a cut
/// is safe) and sends them to the workers, each with the blocks that start
/// in it to hash. True when a row grew past `MAX_CHUNK`.
fn send_mapped(
    m: &MappedRest,
    tx: &std::sync::mpsc::SyncSender<Job>,
    progress: &mut dyn FnMut(u64),
) -> bool {
    let bytes = m.map.bytes();
    let len = bytes.len();
    let mut pos = m.start;
    let mut seq = 0;
    while pos < len {
        let mut scan = guard::BoundaryScan::default();
        let mut end = (pos + CHUNK).min(len);
        let cut = loop {
            if end >= len {
                break None;
            }
            if let Some(c) = scan.advance(&bytes[pos..end]) {
                break Some(c);
            }
            if end - pos >= MAX_CHUNK {
                return true;
            }
            end = (end + BLOCK).min(len);
        };
        let n = cut.unwrap_or(len - pos);
        let last = cut.is_none();
        let first_block = pos.div_ceil(BLOCK);
        let raw = (first_block.max(m.blocks.start)..m.blocks.end)
            .map(|b| (b, b * BLOCK))
            .take_while(|&(_, at)| at < pos + n || (last && at <= len))
            .map(|(b, at)| (b, at..(at + BLOCK).min(len)))
            .collect();
        progress((pos + n) as u64);
        if tx.send((seq, Body::Mapped(pos), n, last, raw)).is_err() {
            break;
        }
        seq += 1;
        pos += n;
    }
    false
}

/// How chunked parsing ended.
enum Chunked {
    /// Parsed.
    Done(Box<Acc>, Vec<ChunkOut>),
    /// The file needs the sequential reader: a chunk did not split into
    /// whole records, a row grew past `MAX_CHUNK`, or the amounts need the
    /// budget kept in file order.
    Sequential,
    /// A bare `\r` line end turned up after the first block: read again
    /// with `\r` as a line end.
    BareCr,
}

/// The fallback: the whole body on this thread, record by record, in file
/// order, with the amount budget kept (see `Acc::budgeted`).
fn parse_sequential(
    path: &Path,
    opts: &IngestOptions,
    parser: &RowParser,
    projects: usize,
    bare_cr: bool,
) -> Result<Parsed, String> {
    let mut report = FileReport::default();
    let mut o = open_with(path, opts.profiles, &mut report, bare_cr)?;
    let mut acc = Acc::new(projects, 1024, None);
    acc.budgeted = true;
    let mut out = ChunkOut {
        complete: true,
        ..Default::default()
    };
    let base = o.body_line;
    stream_rows(&mut o, parser, |line, text, outcome| {
        out.count(&mut acc, line - base, text, outcome)
    })?;
    Ok((acc, vec![out]))
}
