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
            });
        }
        if buf[i] == b'\n' {
            return Some(Record {
                next: i + 1,
                newlines: newlines + 1,
                text_end: trim_cr(buf, start, i),
            });
        }
        // A delimiter: next field.
        i += 1;
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
        assert_eq!((r.next, r.newlines), (8, 2));
    }

    #[test]
    fn sniffs() {
        assert_eq!(
            sniff_delimiter("标题\n日期\t金额\t项目\n".as_bytes()),
            b'\t'
        );
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
    }
}
