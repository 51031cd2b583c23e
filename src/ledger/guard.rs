//! Guards around the record splitter for the exports that are not
//! well-formed CSV: an opening quote that never closes, line endings that
//! change inside a file, rows hundreds of megabytes long.
//!
//! Why a separate layer: the splitter in `scan` does what RFC 4180 says (a
//! quoted field runs to its closing quote, across lines), which is right
//! for well-formed files and wrong for an office's hand-edited ones, where a
//! stray `"` would swallow every payment up to the next quote. The rules
//! here decide, from the bytes of one record alone, when a quoted field that
//! spans lines is believed; so the chunked reader (which splits each chunk
//! apart) and the sequential one decide alike, and a bad quote costs one
//! line, never the rest of the file. None of this runs per byte on the
//! fast path: it looks at records that span lines, which are rare.

use super::scan::{self, split_record_upto, Field, Record};

/// A quoted field may hold at most this many line breaks. A 摘要 written on
/// a few lines is common; a field that would swallow more lines than this is
/// an opening quote without its closing one.
pub(crate) const MAX_QUOTED_LINES: usize = 20;

/// How much of a bad row's text the quarantine keeps (bytes of UTF-8).
pub(crate) const EXCERPT: usize = 4096;

/// The field counts a row may have: the header's count, or fewer when the
/// header ends in unnamed columns (`min`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Width {
    /// Fields up to the last named header cell.
    pub min: usize,
    /// Fields of the header row.
    pub max: usize,
}

impl Width {
    /// No header known (any count goes).
    pub const ANY: Width = Width {
        min: 0,
        max: usize::MAX,
    };

    /// True when a row of `n` fields lines up with the header.
    pub fn fits(self, n: usize) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

/// What the guarded splitter found at a position.
pub(crate) enum Split {
    /// A record (fields in the caller's vector).
    Record(Record),
    /// A quote opened on this line and is not believed: the record is this
    /// physical line alone, to be put aside with the reason.
    Unclosed(Record, String),
}

/// Splits the record at `pos` like `scan::split_record_upto` (trying the
/// fast splitter first), except that a record spanning lines is accepted
/// only when its quoted field closes within `MAX_QUOTED_LINES` line breaks
/// and the record then has a field count the header allows. Otherwise the
/// record is the line the quote opens on, marked `Unclosed`. None: the
/// record runs past the end of `buf` and `eof` is false (read more).
///
/// The decision depends only on `buf[pos..]` up to the record's end (or up
/// to `MAX_QUOTED_LINES + 1` line breaks), never on where a chunk ends: a
/// chunk that does not hold that much returns None and the file is read
/// sequentially, where the same rule gives the same records.
#[inline]
pub(crate) fn split_guarded(
    buf: &[u8],
    pos: usize,
    delim: u8,
    eof: bool,
    fields: &mut Vec<Field>,
    limit: usize,
    width: Width,
) -> Option<Split> {
    if let Some(r) = scan::split_simple(buf, pos, delim, fields, limit) {
        return Some(Split::Record(r));
    }
    match split_record_upto(buf, pos, delim, eof, fields, limit) {
        Some(r) if r.newlines <= 1 && !r.unclosed => Some(Split::Record(r)),
        Some(r) => {
            let breaks = r.newlines.saturating_sub(1);
            let swallowed = swallows_rows(buf, fields, delim, width);
            if !r.unclosed && breaks <= MAX_QUOTED_LINES && width.fits(r.fields) && !swallowed {
                return Some(Split::Record(r));
            }
            let why = if r.unclosed {
                crate::base::i18n::message("quote-to-end", &[])
            } else if breaks > MAX_QUOTED_LINES {
                crate::base::i18n::message("quote-swallows", &[("lines", breaks.to_string())])
            } else if swallowed {
                crate::base::i18n::message("quote-swallows-row", &[])
            } else {
                crate::base::i18n::message(
                    "quote-too-many-fields",
                    &[
                        ("fields", r.fields.to_string()),
                        ("header", width.max.to_string()),
                    ],
                )
            };
            Some(unclosed(buf, pos, delim, fields, &why))
        }
        None => {
            // Still open after more line breaks than a field may hold: no
            // later byte can make it acceptable.
            let breaks = memchr::memchr_iter(b'\n', &buf[pos..])
                .take(MAX_QUOTED_LINES + 2)
                .count();
            if breaks > MAX_QUOTED_LINES + 1 {
                let why = crate::base::i18n::message(
                    "quote-swallows-more",
                    &[("lines", MAX_QUOTED_LINES.to_string())],
                );
                return Some(unclosed(buf, pos, delim, fields, &why));
            }
            None
        }
    }
}

/// True when a field of a record spanning lines holds a line break and as
/// many delimiters as a whole row: what a stray quote that met another one
/// some lines down looks like (the rows between, and the pieces of the two
/// rows, inside one "field"); a 摘要 written on two lines has none.
fn swallows_rows(buf: &[u8], fields: &[Field], delim: u8, width: Width) -> bool {
    if width.max == usize::MAX || width.max < 2 {
        return false;
    }
    fields.iter().any(|f| {
        let text = &buf[f.start..f.end];
        memchr::memchr(b'\n', text).is_some()
            && memchr::memchr_iter(delim, text).count() >= width.max - 1
    })
}

/// The record made of the physical line at `pos` alone, with the reason.
fn unclosed(buf: &[u8], pos: usize, delim: u8, fields: &mut Vec<Field>, why: &str) -> Split {
    let nl = memchr::memchr(b'\n', &buf[pos..]).map(|k| pos + k);
    let (next, end) = match nl {
        Some(k) => (k + 1, k),
        None => (buf.len(), buf.len()),
    };
    let text_end = if end > pos && buf[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    let line = &buf[pos..text_end];
    // The field the quote opens: the first quote at a field start whose
    // field does not close on this line.
    let mut column = None;
    let mut field = 1usize;
    let mut i = 0usize;
    while i < line.len() {
        if line[i] == b'"' && (i == 0 || line[i - 1] == delim) {
            match memchr::memchr(b'"', &line[i + 1..]) {
                // Skip a quoted field closed on this line ("" included).
                Some(k) => {
                    let mut j = i + 1 + k;
                    while line.get(j + 1) == Some(&b'"') {
                        match memchr::memchr(b'"', &line[j + 2..]) {
                            Some(k2) => j = j + 2 + k2,
                            None => {
                                j = line.len();
                                break;
                            }
                        }
                    }
                    if j >= line.len() {
                        column = Some(field);
                        break;
                    }
                    i = j + 1;
                    continue;
                }
                None => {
                    column = Some(field);
                    break;
                }
            }
        }
        if line[i] == delim {
            field += 1;
        }
        i += 1;
    }
    fields.clear();
    let reason = match column {
        Some(c) => crate::base::i18n::message(
            "quote-unclosed-field",
            &[("field", c.to_string()), ("why", why.to_string())],
        ),
        None => crate::base::i18n::message("quote-unclosed", &[("why", why.to_string())]),
    };
    Split::Unclosed(
        Record {
            next,
            newlines: 1,
            text_end,
            fields: 0,
            unclosed: true,
        },
        reason,
    )
}

/// The text of a bad row as the quarantine keeps it: whole when short, else
/// its first `EXCERPT` bytes (cut at a character), and a note for the reason.
pub(crate) fn excerpt(text: &[u8]) -> (String, Option<String>) {
    if text.len() <= EXCERPT {
        return (String::from_utf8_lossy(text).into_owned(), None);
    }
    let mut cut = EXCERPT;
    // Back to a UTF-8 character start (at most three bytes).
    while cut > 0 && (text[cut] & 0xC0) == 0x80 {
        cut -= 1;
    }
    let mut s = String::from_utf8_lossy(&text[..cut]).into_owned();
    s.push('…');
    (
        s,
        Some(crate::base::i18n::message(
            "row-excerpt",
            &[("bytes", text.len().to_string()), ("keep", cut.to_string())],
        )),
    )
}

/// A short, printable form of a cell for a message (long cells cut).
pub(crate) fn show(b: &[u8]) -> String {
    const MAX: usize = 64;
    if b.len() <= MAX {
        return String::from_utf8_lossy(b).into_owned();
    }
    let mut cut = MAX;
    while cut > 0 && (b[cut] & 0xC0) == 0x80 {
        cut -= 1;
    }
    format!("{}…", String::from_utf8_lossy(&b[..cut]))
}

/// Finds chunk boundaries as text is appended: the last line feed outside
/// quotes (an even number of quotes since the chunk start), scanning each
/// byte once however large the chunk grows, so a file without a usable
/// boundary (one huge row, a quote that never closes) costs linear time.
#[derive(Debug, Default)]
pub(crate) struct BoundaryScan {
    scanned: usize,
    quotes: usize,
    best: Option<usize>,
}

impl BoundaryScan {
    /// Scans what was appended to `buf` since the last call; returns the
    /// best boundary so far (the offset just past a line feed).
    pub fn advance(&mut self, buf: &[u8]) -> Option<usize> {
        let from = self.scanned.min(buf.len());
        let region = &buf[from..];
        let q = memchr::memchr_iter(b'"', region).count();
        let mut quotes_after = 0usize;
        let mut end = region.len();
        while let Some(nl) = memchr::memrchr(b'\n', &region[..end]) {
            quotes_after += memchr::memchr_iter(b'"', &region[nl..end]).count();
            if (self.quotes + q - quotes_after).is_multiple_of(2) {
                self.best = Some(from + nl + 1);
                break;
            }
            end = nl;
        }
        self.quotes += q;
        self.scanned = buf.len();
        self.best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::line_ends::{bare_cr_to_lf, has_bare_cr};

    fn records(text: &str, width: Width) -> Vec<(String, bool)> {
        let buf = text.as_bytes();
        let mut fields = Vec::new();
        let mut pos = 0;
        let mut out = Vec::new();
        while pos < buf.len() {
            match split_guarded(buf, pos, b',', true, &mut fields, usize::MAX, width).unwrap() {
                Split::Record(r) => {
                    out.push((text[pos..r.text_end].to_string(), false));
                    pos = r.next;
                }
                Split::Unclosed(r, _) => {
                    out.push((text[pos..r.text_end].to_string(), true));
                    pos = r.next;
                }
            }
        }
        out
    }

    #[test]
    fn a_quote_that_closes_in_a_few_lines_is_believed() {
        let w = Width { min: 3, max: 3 };
        let r = records("a,\"x\ny\",c\nd,e,f\n", w);
        assert_eq!(
            r,
            vec![("a,\"x\ny\",c".into(), false), ("d,e,f".into(), false)]
        );
    }

    #[test]
    fn an_unclosed_quote_costs_its_line_only() {
        let w = Width { min: 3, max: 3 };
        // Closes two lines later, but the record would have 5 fields.
        let r = records("a,\"open,c\nd,e,f\ng,h\",i\nj,k,l\n", w);
        assert_eq!(r[0], ("a,\"open,c".into(), true));
        assert_eq!(r[1], ("d,e,f".into(), false));
        // Two stray quotes in the same column: together they would make a
        // row of the right width, holding the rows between.
        let r = records("a,\"x,y\nd,e,f\ng,\"h,i\n", w);
        assert_eq!(r[0], ("a,\"x,y".into(), true));
        assert_eq!(r[1], ("d,e,f".into(), false));
        // Never closes.
        let r = records("a,\"open,c\nd,e,f\n", w);
        assert_eq!(
            r,
            vec![("a,\"open,c".into(), true), ("d,e,f".into(), false)]
        );
        // Would swallow too many lines.
        let mut t = String::from("a,\"open,c\n");
        for _ in 0..30 {
            t.push_str("d,e,f\n");
        }
        t.push_str("\",x\n");
        let r = records(&t, Width::ANY);
        assert!(r[0].1);
        assert_eq!(r.len(), 32);
    }

    #[test]
    fn boundaries_are_found_incrementally() {
        let mut b = BoundaryScan::default();
        let mut buf = b"a,b\n\"x\ny\",c\n".to_vec();
        assert_eq!(b.advance(&buf), Some(12));
        buf.extend_from_slice(b"\"open\nmore\n");
        assert_eq!(b.advance(&buf), Some(12));
        buf.extend_from_slice(b"close\"\n");
        assert_eq!(b.advance(&buf), Some(buf.len()));
    }

    #[test]
    fn bare_carriage_returns_become_line_feeds() {
        let mut b = b"a\rb\r\nc\r".to_vec();
        let resume = bare_cr_to_lf(&mut b, 0, false);
        assert_eq!(&b, b"a\nb\r\nc\r");
        assert_eq!(resume, 6);
        bare_cr_to_lf(&mut b, resume, true);
        assert_eq!(&b, b"a\nb\r\nc\n");
        assert!(has_bare_cr(b"x\ry"));
        assert!(!has_bare_cr(b"x\r\ny"));
    }
}
