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

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::{Decoder, GB18030, UTF_16BE, UTF_16LE};

use crate::base::diag::Diagnostic;
use crate::base::encoding::{detect, TextEncoding};
use crate::base::i18n::message;

/// Column keys and the header names each may go by.
pub(super) type Columns = [(&'static str, &'static [&'static str])];

/// Bytes read from the file at a time.
const BLOCK: usize = 1 << 16;

/// A sheet whose required columns were all found.
pub(super) struct Sheet {
    /// The header row as written.
    pub header: csv::StringRecord,
    /// Column key → position.
    pub col: HashMap<&'static str, usize>,
    /// The file's length in bytes: what is built from the rows is sized by it.
    pub bytes: u64,
}

impl Sheet {
    /// The trimmed cell of `key` in a row ("" when the column is absent).
    pub fn get<'r>(&self, rec: &'r csv::StringRecord, key: &str) -> &'r str {
        cell(rec, self.col.get(key).copied())
    }
}

/// The trimmed cell at `index` in a row ("" when there is none).
pub(super) fn cell(rec: &csv::StringRecord, index: Option<usize>) -> &str {
    index.and_then(|i| rec.get(i)).unwrap_or("").trim()
}

/// The rows of a sheet, read one at a time.
pub(super) struct Rows {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read>>,
    /// Rows that could not be read: reported before the rows' own problems,
    /// the order of a sheet read whole before its rows were checked.
    unreadable: Vec<Diagnostic>,
    done: bool,
}

impl Rows {
    /// Reads the next row that is not blank into `rec`; its 1-based line, or
    /// None at the end. Unreadable rows are noted and skipped.
    pub fn next_row(&mut self, rec: &mut csv::StringRecord) -> Option<usize> {
        while !self.done {
            match self.reader.read_record(rec) {
                Ok(true) => {
                    if !rec.iter().all(|c| c.trim().is_empty()) {
                        return Some(rec.position().map(|p| p.line() as usize).unwrap_or(0));
                    }
                }
                Ok(false) => self.done = true,
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                    // A read that failed stays failed: stop rather than spin.
                    self.done = matches!(e.kind(), csv::ErrorKind::Io(_));
                    self.unreadable.push(Diagnostic::at_line(
                        &self.path,
                        line,
                        message("cfg-row-unreadable", &[("error", e.to_string())]),
                    ));
                }
            }
        }
        None
    }

    /// Appends the unreadable rows' problems, then `found` (the problems of
    /// the rows read), to `errors`.
    pub fn finish(mut self, found: Vec<Diagnostic>, errors: &mut Vec<Diagnostic>) {
        errors.append(&mut self.unreadable);
        errors.extend(found);
    }

    /// Reads the remaining rows for their problems only.
    pub fn drain(mut self, errors: &mut Vec<Diagnostic>) {
        let mut rec = csv::StringRecord::new();
        while self.next_row(&mut rec).is_some() {}
        self.finish(Vec::new(), errors);
    }
}

/// Opens `path`. None when it cannot be read, has no header row (`empty`:
/// the message key) or lacks a `required` column (`missing`: the message
/// key, with the column's names); unreadable rows are reported by
/// [`Rows::finish`] and left out.
pub(super) fn read(
    path: &Path,
    columns: &'static Columns,
    required: &[&str],
    empty: &str,
    missing: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Sheet, Rows)> {
    let (source, bytes) = match open(path) {
        Ok(s) => s,
        Err(e) => {
            errors.push(Diagnostic::file(
                path,
                message("file-cannot-read-config", &[("error", e.to_string())]),
            ));
            return None;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BLOCK)
        .from_reader(source);
    let mut header = csv::StringRecord::new();
    if !matches!(reader.read_record(&mut header), Ok(true)) {
        errors.push(Diagnostic::file(path, message(empty, &[])));
        return None;
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
        return None;
    }
    let rows = Rows {
        path: path.to_path_buf(),
        reader,
        unreadable: Vec::new(),
        done: false,
    };
    Some((Sheet { header, col, bytes }, rows))
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
    let mut len = fill(file, &mut buf[..BLOCK])?;
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
        let n = fill(file, &mut buf[carry..carry + BLOCK])?;
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

/// Reads until `buf` is full or the file ends; the bytes read.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
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
            let n = fill(&mut self.inner, &mut self.raw)?;
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
