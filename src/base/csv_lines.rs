//! The line a CSV record begins on.
//!
//! Why not the CSV parser's own line: it says a record begins where it
//! started reading it, before the line ends it skips (blank lines, and the
//! LF of the previous row's CR LF, since it ends a record at the CR), so in
//! a file with Windows line ends (anything Excel writes) every row after
//! the header was named one line too early; and not "record number + 2",
//! which blank lines and cells of several lines throw off. Every reader of
//! a person's CSV sheet (registry, adjustments, owners' actuals) names
//! lines through this.

use std::io::Read;

/// The text on its way to the CSV parser, noting where each line's text
/// begins and on which line.
pub struct LineStarts<R> {
    inner: R,
    /// Bytes passed on so far.
    offset: u64,
    /// 1-based line of the next byte.
    line: usize,
    /// The last byte passed on ended a line (or nothing has been passed on).
    at_start: bool,
    /// (offset, line) of each line's first byte of text not yet looked up
    /// (records are read in order, so those before a record are dropped).
    starts: std::collections::VecDeque<(u64, usize)>,
}

impl<R: Read> Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let ends = |c: u8| c == b'\n' || c == b'\r';
        if n > 0 && self.at_start && !ends(buf[0]) {
            self.starts.push_back((self.offset, self.line));
        }
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            if buf[i] == b'\n' {
                self.line += 1;
            }
            if i + 1 < n && !ends(buf[i + 1]) {
                self.starts
                    .push_back((self.offset + i as u64 + 1, self.line));
            }
        }
        if n > 0 {
            self.at_start = ends(buf[n - 1]);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> LineStarts<R> {
    /// `inner`, from its first byte.
    pub fn new(inner: R) -> Self {
        LineStarts {
            inner,
            offset: 0,
            line: 1,
            at_start: true,
            starts: Default::default(),
        }
    }

    /// The line a record's text begins on, from where the parser began
    /// reading it (`StringRecord::position`, or an error's position).
    pub fn line_of(&mut self, pos: &csv::Position) -> usize {
        while self.starts.front().is_some_and(|&(at, _)| at < pos.byte()) {
            self.starts.pop_front();
        }
        self.starts
            .front()
            .map_or(pos.line() as usize, |&(_, line)| line)
    }
}
