//! The CSV sheets the office keeps beside its config (the project registry,
//! the budget adjustments): read with a bound, decoded whatever the
//! encoding, columns found by any of their usual names, and every problem
//! named with file, line and column. One reader so both sheets accept the
//! same files and complain the same way.
//!
//! A province's registry has a million rows (100 MB), so the sheet is
//! streamed: a first pass in blocks decides the encoding exactly as
//! `encoding::decode_all` would over the whole file (BOM, UTF-16, else
//! whether every byte is valid UTF-8), and a second pass hands the rows
//! over one at a time. Neither the file, its decoded text nor its rows are
//! ever held whole.
//!
//! The registry is read faster still when it is plain (`Mode::Lines`):
//! UTF-8 lines without quotes or lone carriage returns are split at commas
//! as they are read, each line checked as UTF-8 on the way, with no first
//! pass. The first line that is not plain asks the caller to start again
//! the general way (`Restart`): a GBK registry does so at its header, a
//! registry with one quoted name where that name is.

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::{Decoder, GB18030, UTF_16BE, UTF_16LE};

use crate::base::csv_lines::LineStarts;
use crate::base::diag::Diagnostic;
use crate::base::encoding::{detect, read_full, TextEncoding};
use crate::base::i18n::message;

/// Column keys and the header names each may go by.
pub(super) type Columns = [(&'static str, &'static [&'static str])];

/// Bytes read from the file at a time.
const BLOCK: usize = 1 << 16;

/// A sheet whose required columns were all found.
pub(super) struct Sheet {
    /// The header row as written.
    pub header: Row,
    /// Column key → position.
    pub col: HashMap<&'static str, usize>,
    /// The file's length in bytes: what is built from the rows is sized by it.
    pub bytes: u64,
}

impl Sheet {
    /// The trimmed cell of `key` in a row ("" when the column is absent).
    pub fn get<'r>(&self, rec: &'r Row, key: &str) -> &'r str {
        rec.cell(self.col.get(key).copied())
    }
}

/// One row: its text and where each cell lies in it, the line it was read
/// from, and the bytes read before it. Filled again for every row, so
/// reading a row allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Row {
    text: String,
    cells: Vec<(usize, usize)>,
    /// 1-based line (as the CSV parser counts it).
    pub line: usize,
    /// Bytes of the sheet read before this row.
    pub byte: u64,
}

impl Row {
    /// The cell at `i`, as written.
    pub fn get(&self, i: usize) -> Option<&str> {
        let &(from, to) = self.cells.get(i)?;
        self.text.get(from..to)
    }

    /// The trimmed cell at `index` ("" when there is none).
    pub fn cell(&self, index: Option<usize>) -> &str {
        trim(index.and_then(|i| self.get(i)).unwrap_or(""))
    }

    /// Every cell, as written.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.cells.len()).filter_map(|i| self.get(i))
    }

    /// All of the row's text: its cells, and in plain sheets the commas
    /// between them.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether every cell is empty or white space.
    fn blank(&self) -> bool {
        self.iter().all(|c| trim(c).is_empty())
    }

    /// This row as the CSV parser read it.
    fn set_record(&mut self, rec: &csv::StringRecord) {
        self.text.clear();
        self.cells.clear();
        for c in rec.iter() {
            let from = self.text.len();
            self.text.push_str(c);
            self.cells.push((from, self.text.len()));
        }
        let pos = rec.position();
        self.line = pos.map_or(0, |p| p.line() as usize);
        self.byte = pos.map_or(0, |p| p.byte());
    }
}

/// `str::trim`, answered without a scan for the usual cell: one that starts
/// and ends with a visible ASCII character or a CJK ideograph, neither of
/// which is white space.
fn trim(s: &str) -> &str {
    if let (Some(a), Some(b)) = (s.as_bytes().first(), s.as_bytes().last()) {
        if a.is_ascii_graphic() && b.is_ascii_graphic() {
            return s;
        }
    }
    let solid = |c: char| c.is_ascii_graphic() || ('\u{4E00}'..='\u{9FFF}').contains(&c);
    match (s.chars().next(), s.chars().next_back()) {
        (Some(a), Some(b)) if solid(a) && solid(b) => s,
        _ => s.trim(),
    }
}

/// How a sheet is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Any sheet: the encoding decided first, then the CSV parser.
    Csv,
    /// Plain UTF-8 lines split at commas, or [`Restart`].
    Lines,
}

/// The sheet is not plain: read it again with [`Mode::Csv`]. Nothing read
/// in [`Mode::Lines`] has been reported yet.
#[derive(Debug)]
pub(super) struct Restart;

/// Where rows come from.
enum Source {
    Csv((csv::Reader<LineStarts<Box<dyn Read>>>, csv::StringRecord)),
    Lines(Lines),
}

/// The rows of a sheet, read one at a time.
pub(super) struct Rows {
    path: PathBuf,
    source: Source,
    /// Rows that could not be read: reported before the rows' own problems,
    /// the order of a sheet read whole before its rows were checked.
    unreadable: Vec<Diagnostic>,
    done: bool,
}

impl Rows {
    /// Reads the next row that is not blank into `rec`; its 1-based line, or
    /// None at the end. Unreadable rows are noted and skipped.
    pub fn next_row(&mut self, row: &mut Row) -> Result<Option<usize>, Restart> {
        while !self.done {
            let read = match &mut self.source {
                Source::Csv((reader, rec)) => {
                    let read = reader.read_record(rec);
                    if let Ok(true) = read {
                        row.set_record(rec);
                        if let Some(pos) = rec.position() {
                            row.line = reader.get_mut().line_of(pos);
                        }
                    }
                    read
                }
                Source::Lines(lines) => Ok(lines.next(row)?),
            };
            match read {
                Ok(true) => {
                    if !row.blank() {
                        return Ok(Some(row.line));
                    }
                }
                Ok(false) => self.done = true,
                Err(e) => {
                    let line = match (&mut self.source, e.position()) {
                        (Source::Csv((reader, _)), Some(pos)) => reader.get_mut().line_of(pos),
                        (_, pos) => pos.map_or(0, |p| p.line() as usize),
                    };
                    self.unreadable.push(Diagnostic::at_line(
                        &self.path,
                        line,
                        message("cfg-row-unreadable", &[("error", e.to_string())]),
                    ));
                }
            }
        }
        Ok(None)
    }

    /// Appends the unreadable rows' problems, then `found` (the problems of
    /// the rows read), to `errors`.
    pub fn finish(mut self, found: Vec<Diagnostic>, errors: &mut Vec<Diagnostic>) {
        errors.append(&mut self.unreadable);
        errors.extend(found);
    }

    /// Where the rows not yet read lie in the file, cut at line ends into
    /// parts of about `part` bytes (the last part up to `len`, the file's
    /// length); None unless the sheet is read in lines. Each part is then
    /// read by [`part`].
    pub fn split(&self, len: u64, part: u64) -> Option<Parts> {
        let Source::Lines(lines) = &self.source else {
            return None;
        };
        let start = lines.origin + lines.byte;
        let mut file = std::fs::File::open(&self.path).ok()?;
        let mut parts = Parts::default();
        let mut from = start;
        // Lines are short: a page holds the next line end.
        let mut buf = vec![0u8; 4096];
        while from < len {
            // The first line end at or after the target closes the part.
            let mut at = from.saturating_add(part.max(1)).min(len);
            let to = loop {
                if at >= len {
                    break len;
                }
                file.seek(SeekFrom::Start(at)).ok()?;
                let n = read_full(&mut file, &mut buf).ok()?;
                if n == 0 {
                    break len;
                }
                parts.sampled += n as u64;
                parts.line_ends += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
                if let Some(k) = memchr::memchr(b'\n', &buf[..n]) {
                    break (at + k as u64 + 1).min(len);
                }
                at += n as u64;
            };
            parts.ranges.push((from, to));
            from = to;
        }
        Some(parts)
    }

    /// Reads the remaining rows for their problems only.
    pub fn drain(mut self, errors: &mut Vec<Diagnostic>) -> Result<(), Restart> {
        let mut row = Row::default();
        while self.next_row(&mut row)?.is_some() {}
        self.finish(Vec::new(), errors);
        Ok(())
    }
}

/// Opens `path`. None when it cannot be read, has no header row (`empty`:
/// the message key) or lacks a `required` column (`missing`: the message
/// key, with the column's names); unreadable rows are reported by
/// [`Rows::finish`] and left out. [`Restart`] only in [`Mode::Lines`].
pub(super) fn read(
    path: &Path,
    mode: Mode,
    columns: &'static Columns,
    required: &[&str],
    empty: &str,
    missing: &str,
    errors: &mut Vec<Diagnostic>,
) -> Result<Option<(Sheet, Rows)>, Restart> {
    let opened = match mode {
        Mode::Csv => open(path).map(|(text, bytes)| {
            let reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(BLOCK)
                .from_reader(LineStarts::new(text));
            (Source::Csv((reader, csv::StringRecord::new())), bytes)
        }),
        Mode::Lines => Lines::open(path).map(|(l, bytes)| (Source::Lines(l), bytes)),
    };
    let (mut source, bytes) = match opened {
        Ok(s) => s,
        Err(_) if mode == Mode::Lines => return Err(Restart),
        Err(e) => {
            errors.push(Diagnostic::file(
                path,
                message("file-cannot-read-config", &[("error", e.to_string())]),
            ));
            return Ok(None);
        }
    };
    let mut header = Row::default();
    let first = match &mut source {
        Source::Csv((reader, rec)) => {
            let first = matches!(reader.read_record(rec), Ok(true));
            header.set_record(rec);
            if let Some(pos) = rec.position() {
                header.line = reader.get_mut().line_of(pos);
            }
            first
        }
        Source::Lines(lines) => lines.next(&mut header)?,
    };
    if !first {
        errors.push(Diagnostic::file(path, message(empty, &[])));
        return Ok(None);
    }
    let mut col: HashMap<&'static str, usize> = HashMap::new();
    for (key, names) in columns {
        if let Some(i) = header
            .iter()
            .position(|h| names.contains(&h.trim().trim_start_matches('\u{feff}')))
        {
            col.insert(key, i);
        }
    }
    let mut complete = true;
    for required in required {
        if !col.contains_key(required) {
            let names = columns
                .iter()
                .find(|(k, _)| k == required)
                .map(|(_, n)| n.join(" / "))
                .unwrap_or_default();
            errors.push(Diagnostic::at_line(
                path,
                1,
                message(
                    missing,
                    &[("column", required.to_string()), ("names", names)],
                ),
            ));
            complete = false;
        }
    }
    if !complete {
        return Ok(None);
    }
    let rows = Rows {
        path: path.to_path_buf(),
        source,
        unreadable: Vec::new(),
        done: false,
    };
    Ok(Some((Sheet { header, col, bytes }, rows)))
}

/// A plain sheet cut into parts by [`Rows::split`].
#[derive(Debug, Default)]
pub(super) struct Parts {
    /// The parts' byte ranges, in file order, each ending after a line end.
    pub ranges: Vec<(u64, u64)>,
    /// Bytes looked at to find the cuts, and the line ends in them: a
    /// sample of the rows' length spread over the file.
    pub sampled: u64,
    pub line_ends: u64,
}

impl Parts {
    /// The rows a sheet of `bytes` holds, judged by the sample; 0 when it
    /// holds too few line ends to tell.
    pub fn estimate_rows(&self, bytes: u64) -> usize {
        if self.line_ends < 16 {
            return 0;
        }
        (bytes.saturating_mul(self.line_ends) / self.sampled.max(1)) as usize
    }
}

/// The rows of `range`, a part of a plain sheet cut by [`Rows::split`],
/// read in lines as the whole sheet would be ([`Restart`] where it would
/// be). Lines are counted from the part's first line as 1 and bytes from
/// its start: nothing read this way is reported (a problem restarts), so
/// they only size what is built.
pub(super) fn part(path: &Path, range: (u64, u64)) -> Result<Rows, Restart> {
    let mut file = std::fs::File::open(path).map_err(|_| Restart)?;
    file.seek(SeekFrom::Start(range.0)).map_err(|_| Restart)?;
    let mut lines = Lines {
        file: file.take(range.1.saturating_sub(range.0)),
        buf: vec![0; BLOCK],
        start: 0,
        end: 0,
        eof: false,
        line: 1,
        origin: range.0,
        byte: 0,
    };
    lines.refill().map_err(|_| Restart)?;
    Ok(Rows {
        path: path.to_path_buf(),
        source: Source::Lines(lines),
        unreadable: Vec::new(),
        done: false,
    })
}

/// A plain UTF-8 sheet read line by line: each line split at commas, and
/// the line and byte positions the CSV parser gives (a row's position is
/// where the reading of it began: after the previous row's terminator,
/// whose line feed, after a carriage return, is only consumed with the
/// next row).
struct Lines {
    file: std::io::Take<std::fs::File>,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// 1 + the line feeds consumed.
    line: u64,
    /// Where in the file `byte` counts from: after the BOM, or a part's start.
    origin: u64,
    /// Bytes consumed after `origin`.
    byte: u64,
}

impl Lines {
    /// Opens a file for reading in lines: Restart (as an error) unless it
    /// opens as UTF-8, with or without a BOM.
    fn open(path: &Path) -> std::io::Result<(Lines, u64)> {
        use crate::base::files::{open_bounded, MAX_INPUT_BYTES};
        let (file, bytes) = open_bounded(path, MAX_INPUT_BYTES)?;
        let mut lines = Lines {
            file: file.take(MAX_INPUT_BYTES),
            buf: vec![0; BLOCK],
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            origin: 0,
            byte: 0,
        };
        lines.refill()?;
        let head = &lines.buf[..lines.end.min(4096)];
        match detect(head, lines.eof && lines.end <= 4096) {
            (TextEncoding::Utf8, _) => {}
            (TextEncoding::Utf8Bom, bom) => {
                lines.start = bom;
                lines.origin = bom as u64;
            }
            _ => {
                return Err(std::io::Error::other(crate::base::i18n::message(
                    "file-not-utf8",
                    &[],
                )))
            }
        }
        Ok((lines, bytes))
    }

    /// Moves the unread bytes to the front and reads more after them.
    fn refill(&mut self) -> std::io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = read_full(&mut self.file, &mut self.buf[self.end..])?;
        self.eof = self.end + n < self.buf.len();
        self.end += n;
        Ok(())
    }

    /// Reads the next record into `rec`: false at the end.
    fn next(&mut self, row: &mut Row) -> Result<bool, Restart> {
        row.byte = self.byte;
        loop {
            // Blank lines, and the line feed of the last row's CR LF.
            while self.start < self.end {
                match self.buf[self.start] {
                    b'\n' => self.line += 1,
                    b'\r' if self.start + 1 < self.end => {
                        if self.buf[self.start + 1] != b'\n' {
                            return Err(Restart);
                        }
                    }
                    b'\r' if self.eof => return Err(Restart),
                    b'\r' => break,
                    _ => break,
                }
                self.start += 1;
                self.byte += 1;
            }
            let unread = &self.buf[self.start..self.end];
            let found = memchr::memchr(b'\n', unread);
            if (found.is_none() && !self.eof) || unread.first() == Some(&b'\r') {
                self.refill().map_err(|_| Restart)?;
                continue;
            }
            if unread.is_empty() {
                return Ok(false);
            }
            // The row's bytes, those consumed with it, and whether they end
            // in a line feed (not after a CR: that one waits for the next row).
            let (content, used, lf) = match found {
                Some(k) if k > 0 && unread[k - 1] == b'\r' => (&unread[..k - 1], k, false),
                Some(k) => (&unread[..k], k + 1, true),
                None => (unread, unread.len(), false),
            };
            if memchr::memchr2(b'"', b'\r', content).is_some() {
                return Err(Restart);
            }
            let text = std::str::from_utf8(content).map_err(|_| Restart)?;
            // The line the row's text begins on (past blank lines and the
            // LF of the row before's CR LF).
            row.line = self.line as usize;
            row.text.clear();
            row.text.push_str(text);
            row.cells.clear();
            let mut from = 0;
            for comma in memchr::memchr_iter(b',', content) {
                row.cells.push((from, comma));
                from = comma + 1;
            }
            row.cells.push((from, content.len()));
            self.line += u64::from(lf);
            self.start += used;
            self.byte += used as u64;
            return Ok(true);
        }
    }
}

/// How the file's bytes become text.
enum Text {
    /// Valid UTF-8 after a BOM of this many bytes: read as it is.
    Utf8(u64),
    /// Decoded from this encoding after a BOM of this many bytes.
    Decoded(TextEncoding, u64),
    /// UTF-8 after a BOM but with invalid bytes: decoded whole, replacing
    /// them, as before (rare, and never large in practice).
    Lossy,
}

/// The file as a stream of UTF-8 text (the text `encoding::decode_all` gives
/// for the whole file), and its length in bytes.
fn open(path: &Path) -> std::io::Result<(Box<dyn Read>, u64)> {
    use crate::base::files::{open_bounded, MAX_INPUT_BYTES};
    let (file, bytes) = open_bounded(path, MAX_INPUT_BYTES)?;
    let mut file = file.take(MAX_INPUT_BYTES + 1);
    let text = sniff(&mut file)?;
    let mut file = file.into_inner();
    Ok(match text {
        Text::Utf8(bom) => {
            file.seek(SeekFrom::Start(bom))?;
            (Box::new(file.take(MAX_INPUT_BYTES)), bytes)
        }
        Text::Decoded(enc, bom) => {
            file.seek(SeekFrom::Start(bom))?;
            let encoding = match enc {
                TextEncoding::Utf16Le => UTF_16LE,
                TextEncoding::Utf16Be => UTF_16BE,
                _ => GB18030,
            };
            let decoding = Decoding {
                inner: file.take(MAX_INPUT_BYTES),
                decoder: encoding.new_decoder_without_bom_handling(),
                raw: vec![0; BLOCK],
                text: String::new(),
                pos: 0,
                done: false,
            };
            (Box::new(decoding), bytes)
        }
        Text::Lossy => {
            let whole = crate::base::files::read_bounded(path, MAX_INPUT_BYTES)?;
            let (text, _) = crate::base::encoding::decode_all(&whole);
            (Box::new(std::io::Cursor::new(text.into_bytes())), bytes)
        }
    })
}

/// Decides the encoding in blocks, as `detect(whole, true)` would: the BOM
/// and UTF-16 from the opening block, then UTF-8 only if every byte is.
fn sniff(file: &mut impl Read) -> std::io::Result<Text> {
    let limit = crate::base::files::MAX_INPUT_BYTES;
    let mut buf = vec![0u8; BLOCK + 4];
    let mut len = read_full(file, &mut buf[..BLOCK])?;
    let mut total = len as u64;
    let mut eof = len < BLOCK;
    let (enc, bom) = detect(&buf[..len], eof);
    match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {}
        other => return Ok(Text::Decoded(other, bom as u64)),
    }
    let mut start = bom;
    loop {
        // Bytes of a character cut at the end of the block, carried over.
        let carry = match std::str::from_utf8(&buf[start..len]) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_none() => len - start - e.valid_up_to(),
            Err(_) => break,
        };
        if eof {
            if carry > 0 {
                break;
            }
            return Ok(Text::Utf8(bom as u64));
        }
        buf.copy_within(len - carry..len, 0);
        let n = read_full(file, &mut buf[carry..carry + BLOCK])?;
        total += n as u64;
        if total > limit {
            return Err(crate::base::files::grew_past(limit));
        }
        eof = n < BLOCK;
        start = 0;
        len = carry + n;
    }
    Ok(match enc {
        TextEncoding::Utf8Bom => Text::Lossy,
        _ => Text::Decoded(TextEncoding::Gb18030, 0),
    })
}

/// A file in GB18030 or UTF-16, read as UTF-8 text block by block (the
/// decoder keeps a character cut between blocks, so the text is that of
/// decoding the whole file at once).
struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    text: String,
    pos: usize,
    done: bool,
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.text.len() {
            if self.done {
                return Ok(0);
            }
            let n = read_full(&mut self.inner, &mut self.raw)?;
            let last = n < self.raw.len();
            self.text.clear();
            self.pos = 0;
            let mut read = 0;
            loop {
                let room = self
                    .decoder
                    .max_utf8_buffer_length(n - read)
                    .unwrap_or(4 * BLOCK);
                self.text.reserve(room);
                let (result, r, _) =
                    self.decoder
                        .decode_to_string(&self.raw[read..n], &mut self.text, last);
                read += r;
                if result == encoding_rs::CoderResult::InputEmpty {
                    break;
                }
            }
            self.done = last;
        }
        let k = out.len().min(self.text.len() - self.pos);
        out[..k].copy_from_slice(&self.text.as_bytes()[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}
