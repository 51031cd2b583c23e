//! Line endings as exports have them: `\r\n`, `\n`, or the bare `\r` of
//! old Mac software, sometimes mixed in one file. Bare carriage returns are
//! turned into line feeds as text is read, so records and line numbers come
//! out as an editor shows them. Plain byte functions, kept apart so the
//! fuzz targets can include them alone.

/// True when `text` holds a carriage return not followed by a line feed: a
/// line ending of old Mac exports, which the reader turns into `\n` once it
/// knows the file uses it.
pub fn has_bare_cr(text: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', text).any(|i| text.get(i + 1) != Some(&b'\n'))
}

/// Turns every bare carriage return in `buf[from..]` into a line feed,
/// keeping `\r\n` as it is. A `\r` at the very end is left alone unless
/// `last` (its next byte is not read yet); call again with `from` at it once
/// more text is appended. Returns where the next call should start.
pub fn bare_cr_to_lf(buf: &mut [u8], from: usize, last: bool) -> usize {
    let n = buf.len();
    let mut resume = n;
    let hits: Vec<usize> = memchr::memchr_iter(b'\r', &buf[from.min(n)..])
        .map(|k| from + k)
        .collect();
    for i in hits {
        if i + 1 < n {
            if buf[i + 1] != b'\n' {
                buf[i] = b'\n';
            }
        } else if last {
            buf[i] = b'\n';
        } else {
            resume = i;
        }
    }
    resume
}
