//! Problems found in input, with where they are. Every message a person sees
//! about bad input names the file, the line (and column when known) and what
//! to do, so that the office can fix the file without reading code.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (characters), when known.
    pub column: Option<usize>,
    /// What is wrong, and how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// A problem with a whole file.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a line.
    pub fn at_line(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a byte offset of a text, converted to line and column.
    pub fn at_offset(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        Diagnostic {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut o = offset;
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    let before = &text[..o];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Wall-clock time per phase on stderr when `BUDGET_MONITOR_TIMING` is set:
/// how a slow night is diagnosed without a profiler.
pub struct PhaseClock {
    start: Option<std::time::Instant>,
    last: std::cell::Cell<Option<std::time::Instant>>,
}

impl PhaseClock {
    /// Enabled by the environment variable `BUDGET_MONITOR_TIMING`.
    pub fn from_env() -> Self {
        let on = std::env::var_os("BUDGET_MONITOR_TIMING").is_some();
        let now = std::time::Instant::now();
        PhaseClock {
            start: on.then_some(now),
            last: std::cell::Cell::new(on.then_some(now)),
        }
    }

    /// Prints the time since the previous mark.
    pub fn mark(&self, phase: &str) {
        if let (Some(start), Some(last)) = (self.start, self.last.get()) {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {phase}: {:.3} s (total {:.3} s{})",
                (now - last).as_secs_f64(),
                (now - start).as_secs_f64(),
                peak_note()
            );
            self.last.set(Some(now));
        }
    }
}

/// The process's peak resident memory so far, where the system tells it
/// (Linux): with the phase times it shows which phase sets the peak.
fn peak_note() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!(", peak {} MiB", kb / 1024))
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_to_line_and_column() {
        let t = "a = 1\nbé = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 999), (3, 1));
        let d = Diagnostic::at_offset(Path::new("x.toml"), t, 6, "bad");
        assert_eq!(d.to_string(), "x.toml:2:1: bad");
    }
}
