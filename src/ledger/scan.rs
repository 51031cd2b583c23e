//! A byte-level CSV record splitter. It finds record and field boundaries in
//! UTF-8 text without allocating (quoted fields with doubled quotes are the
//! only case that copies), tracks physical line numbers so quarantine rows
//! point at the line an editor shows, and tells the caller when a record runs
//! past the end of the buffer so the next block can be appended.

/// One field of a record: a byte range into the buffer, and whether it was
/// quoted with doubled quotes inside (then it must be unescaped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Start offset (after an opening quote).
    pub start: usize,
    /// End offset (before a closing quote).
    pub end: usize,
    /// Contains `""` that stands for `"`.
    pub escaped: bool,
}

/// A record found in the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Offset just past the record's line terminator.
    pub next: usize,
    /// Line terminators consumed (more than one when a quoted field spans lines).
    pub newlines: usize,
    /// Offset of the end of the record's text (before `\r\n`).
    pub text_end: usize,
    /// How many fields the record has in all (also those past the limit
    /// that were not collected): a row whose count differs from the
    /// header's has shifted columns.
    pub fields: usize,
    /// A quoted field ran to the end of the file without its closing quote.
    pub unclosed: bool,
}

/// Splits the record starting at `start`. Fields go into `fields` (cleared
/// first). Returns None when the record is incomplete and `eof` is false.
pub fn split_record(
    buf: &[u8],
    start: usize,
    delim: u8,
    eof: bool,
    fields: &mut Vec<Field>,
) -> Option<Record> {
    split_record_upto(buf, start, delim, eof, fields, usize::MAX)
}

/// Like `split_record`, but stops collecting fields after `limit` of them:
/// the rest of the record is skipped with one search for its end, which is
/// most of the work on wide exports where the needed columns come first.
/// When the rest holds a quote (which may hide a newline) the fields are
/// split as usual, so the record end is always the one `split_record` finds.
pub fn split_record_upto(
    buf: &[u8],
    start: usize,
    delim: u8,
    eof: bool,
    fields: &mut Vec<Field>,
    limit: usize,
) -> Option<Record> {
    fields.clear();
    let n = buf.len();
    let mut i = start;
    let mut newlines = 0;
    loop {
        // At the start of a field.
        if i < n && buf[i] == b'"' {
            // Quoted field: up to the closing quote not followed by another.
            let fstart = i + 1;
            let mut j = fstart;
            let mut escaped = false;
            loop {
                match memchr::memchr(b'"', &buf[j..]) {
                    None => {
                        if !eof {
                            return None;
                        }
                        // Unterminated quote at end of file: take the rest.
                        newlines += buf[fstart..].iter().filter(|&&b| b == b'\n').count();
                        fields.push(Field {
                            start: fstart,
                            end: n,
                            escaped,
                        });
                        return Some(Record {
                            next: n,
                            newlines: newlines.max(1),
                            text_end: n,
                            fields: fields.len(),
                            unclosed: true,
                        });
                    }
                    Some(k) => {
                        let q = j + k;
                        if q + 1 < n && buf[q + 1] == b'"' {
                            escaped = true;
                            j = q + 2;
                            continue;
                        }
                        if q + 1 >= n && !eof {
                            return None;
                        }
                        newlines += buf[fstart..q].iter().filter(|&&b| b == b'\n').count();
                        fields.push(Field {
                            start: fstart,
                            end: q,
                            escaped,
                        });
                        i = q + 1;
                        break;
                    }
                }
            }
            // Skip anything between the closing quote and the delimiter.
            while i < n && buf[i] != delim && buf[i] != b'\n' {
                i += 1;
            }
        } else {
            let rest = &buf[i..];
            let k = memchr::memchr2(delim, b'\n', rest);
            match k {
                None => {
                    if !eof {
                        return None;
                    }
                    let end = trim_cr(buf, i, n);
                    fields.push(Field {
                        start: i,
                        end,
                        escaped: false,
                    });
                    return Some(Record {
                        next: n,
                        newlines: newlines + 1,
                        text_end: end,
                        fields: fields.len(),
                        unclosed: false,
                    });
                }
                Some(k) => {
                    let end = i + k;
                    fields.push(Field {
                        start: i,
                        end: if buf[end] == b'\n' {
                            trim_cr(buf, i, end)
                        } else {
                            end
                        },
                        escaped: false,
                    });
                    i = end;
                }
            }
        }
        if i >= n {
            if !eof {
                return None;
            }
            return Some(Record {
                next: n,
                newlines: newlines + 1,
                text_end: trim_cr(buf, start, n),
                fields: fields.len(),
                unclosed: false,
            });
        }
        if buf[i] == b'\n' {
            return Some(Record {
                next: i + 1,
                newlines: newlines + 1,
                text_end: trim_cr(buf, start, i),
                fields: fields.len(),
                unclosed: false,
            });
        }
        // A delimiter: next field.
        i += 1;
        if fields.len() >= limit {
            if let Some(k) = memchr::memchr2(b'"', b'\n', &buf[i..]) {
                if buf[i + k] == b'\n' {
                    let end = i + k;
                    // The fields not collected are still counted (this is
                    // the fallback path, not the per-row fast one).
                    // A row's tail past the needed columns is a few
                    // dozen bytes: a plain count beats setting up a
                    // vectorised one.
                    let tail = &buf[i..end];
                    let rest = if tail.len() < 128 {
                        tail.iter().filter(|&&c| c == delim).count()
                    } else {
                        memchr::memchr_iter(delim, tail).count()
                    };
                    return Some(Record {
                        next: end + 1,
                        newlines: newlines + 1,
                        text_end: trim_cr(buf, start, end),
                        fields: fields.len() + 1 + rest,
                        unclosed: false,
                    });
                }
            }
        }
        if i >= n && !eof {
            return None;
        }
        if i >= n {
            fields.push(Field {
                start: i,
                end: i,
                escaped: false,
            });
            return Some(Record {
                next: n,
                newlines: newlines + 1,
                text_end: n,
                fields: fields.len(),
                unclosed: false,
            });
        }
    }
}

fn trim_cr(buf: &[u8], start: usize, end: usize) -> usize {
    if end > start && buf[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The text of a field, unescaped when needed.
pub fn field_text<'a>(buf: &'a [u8], f: &Field) -> std::borrow::Cow<'a, [u8]> {
    let raw = &buf[f.start..f.end];
    if f.escaped {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            out.push(raw[i]);
            if raw[i] == b'"' && i + 1 < raw.len() && raw[i + 1] == b'"' {
                i += 1;
            }
            i += 1;
        }
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// Picks the delimiter of a file from its opening text: the candidate that
/// occurs most often on the busiest of the first lines (title lines have few).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut best = (b',', 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let most = head
            .split(|&b| b == b'\n')
            .take(40)
            .map(|line| line.iter().filter(|&&b| b == d).count())
            .max()
            .unwrap_or(0);
        if most > best.1 {
            best = (d, most);
        }
    }
    best.0
}

/// Splits a record the fast way when it is simple: it ends with a newline
/// inside `buf`, and its quoted fields (if any) hold no newline and end
/// right before a delimiter or the newline. Returns None otherwise, and the
/// caller uses `split_record_upto`, which gives the same result for the
/// simple records and also handles the rest.
///
/// Why: `split_record` searches for each field's end separately, and on
/// exports of a dozen short fields per row the per-search overhead is most
/// of the cost of reading. This scans sixteen bytes at a time for
/// delimiters, newlines and quotes at once and walks the hits as bits.
#[inline]
pub fn split_simple(
    buf: &[u8],
    start: usize,
    delim: u8,
    fields: &mut Vec<Field>,
    limit: usize,
) -> Option<Record> {
    fields.clear();
    let n = buf.len();
    let mut field_start = start;
    let mut i = start;
    // Fields ended so far, collected or not.
    let mut count = 0usize;
    'scan: while i < n {
        let (mask, width) = hits(buf, i, delim);
        let mut m = mask;
        while m != 0 {
            let k = i + m.trailing_zeros() as usize;
            m &= m - 1;
            if k < field_start {
                continue;
            }
            let b = buf[k];
            if b == b'"' {
                if k != field_start {
                    // A quote inside an unquoted field is an ordinary character.
                    continue;
                }
                // A quoted field: up to the quote not followed by another.
                let mut j = k + 1;
                let mut escaped = false;
                let close = loop {
                    let q = j + memchr::memchr(b'"', &buf[j..])?;
                    if buf.get(q + 1) == Some(&b'"') {
                        escaped = true;
                        j = q + 2;
                        continue;
                    }
                    break q;
                };
                let mut after = *buf.get(close + 1)?;
                // "…"\r\n ends the record like "…"\n (the \r is skipped).
                let crlf = after == b'\r' && buf.get(close + 2) == Some(&b'\n');
                if crlf {
                    after = b'\n';
                }
                if (after != delim && after != b'\n')
                    || memchr::memchr(b'\n', &buf[k..close]).is_some()
                {
                    return None;
                }
                if fields.len() < limit {
                    fields.push(Field {
                        start: k + 1,
                        end: close,
                        escaped,
                    });
                }
                count += 1;
                if after == b'\n' {
                    return Some(Record {
                        next: close + 2 + crlf as usize,
                        newlines: 1,
                        text_end: close + 1,
                        fields: count,
                        unclosed: false,
                    });
                }
                field_start = close + 2;
                i = field_start;
                continue 'scan;
            }
            if b == b'\n' {
                if fields.len() < limit {
                    fields.push(Field {
                        start: field_start,
                        end: trim_cr(buf, field_start, k),
                        escaped: false,
                    });
                }
                return Some(Record {
                    next: k + 1,
                    newlines: 1,
                    text_end: trim_cr(buf, start, k),
                    fields: count + 1,
                    unclosed: false,
                });
            }
            // A delimiter.
            if fields.len() < limit {
                fields.push(Field {
                    start: field_start,
                    end: k,
                    escaped: false,
                });
            }
            count += 1;
            field_start = k + 1;
        }
        i += width;
    }
    None
}

/// Bit j of the mask is set when `buf[i + j]` is the delimiter, a newline
/// or a quote; `width` is how many bytes the mask covers.
#[inline]
fn hits(buf: &[u8], i: usize, delim: u8) -> (u32, usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if i + 16 <= buf.len() {
            // SSE2 is part of the x86_64 baseline: no feature detection
            // is needed.
            use std::arch::x86_64::*;
            // SAFETY: `i + 16 <= buf.len()`, so the 16 bytes read are inside
            // `buf`; `_mm_loadu_si128` has no alignment requirement.
            unsafe {
                let v = _mm_loadu_si128(buf.as_ptr().add(i) as *const __m128i);
                let d = _mm_cmpeq_epi8(v, _mm_set1_epi8(delim as i8));
                let nl = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
                let q = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
                let any = _mm_or_si128(_mm_or_si128(d, nl), q);
                return (_mm_movemask_epi8(any) as u32 & 0xFFFF, 16);
            }
        }
    }
    let end = (i + 16).min(buf.len());
    let mut mask = 0u32;
    for (j, &b) in buf[i..end].iter().enumerate() {
        if b == delim || b == b'\n' || b == b'"' {
            mask |= 1 << j;
        }
    }
    (mask, end - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(text: &str) -> Vec<Vec<String>> {
        let buf = text.as_bytes();
        let mut out = Vec::new();
        let mut fields = Vec::new();
        let mut pos = 0;
        while pos < buf.len() {
            let r = split_record(buf, pos, b',', true, &mut fields).unwrap();
            out.push(
                fields
                    .iter()
                    .map(|f| String::from_utf8(field_text(buf, f).into_owned()).unwrap())
                    .collect(),
            );
            pos = r.next;
        }
        out
    }

    #[test]
    fn splits_records() {
        assert_eq!(
            split_all("a,b,c\n1,,3\r\n\"x,y\",\"he said \"\"hi\"\"\",z\n"),
            vec![
                vec!["a", "b", "c"],
                vec!["1", "", "3"],
                vec!["x,y", "he said \"hi\"", "z"]
            ]
        );
        assert_eq!(split_all("a,b"), vec![vec!["a", "b"]]);
        assert_eq!(split_all("a,\n"), vec![vec!["a", ""]]);
        assert_eq!(split_all("\n"), vec![vec![""]]);
        assert_eq!(
            split_all("\"multi\nline\",2\n3\n"),
            vec![vec!["multi\nline", "2"], vec!["3"]]
        );
    }

    #[test]
    fn reports_incomplete_records() {
        let mut f = Vec::new();
        assert_eq!(split_record(b"a,b", 0, b',', false, &mut f), None);
        assert_eq!(split_record(b"\"a\nb", 0, b',', false, &mut f), None);
        let r = split_record(b"\"a\nb\",c\nx", 0, b',', false, &mut f).unwrap();
        assert_eq!((r.next, r.newlines, r.fields), (8, 2, 2));
    }

    #[test]
    fn sniffs() {
        assert_eq!(
            sniff_delimiter("标题\n日期\t金额\t项目\n".as_bytes()),
            b'\t'
        );
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
    }

    /// The fast splitter agrees with the general one on every record it
    /// accepts, whatever the field limit.
    #[test]
    fn fast_split_matches_general_split() {
        let text = "a,b,c\n1,,3\r\n\"x,y\",z\nq\"uote,mid\"dle,\n,,,\n\r\nlast,\"q\"\nlong,row,with,many,fields,\"quoted\",after\n\"a\"\"b\",\"\",\"multi\nline\",x\n\"cr\"\r\nx,\"crlf\"\r\n\"odd\"x,y\nend";
        let buf = text.as_bytes();
        for limit in [1, 2, 3, 5, usize::MAX] {
            let mut pos = 0;
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let mut accepted = 0;
            while pos < buf.len() {
                let want = split_record_upto(buf, pos, b',', true, &mut slow, limit).unwrap();
                if let Some(got) = split_simple(buf, pos, b',', &mut fast, limit) {
                    accepted += 1;
                    assert_eq!(got, want, "record at {pos}, limit {limit}");
                    let n = fast.len();
                    assert_eq!(fast[..], slow[..n], "record at {pos}, limit {limit}");
                    assert!(slow.len() == n || n >= limit, "record at {pos}");
                }
                pos = want.next;
            }
            assert!(accepted >= 5, "limit {limit}: {accepted}");
        }
    }
}
