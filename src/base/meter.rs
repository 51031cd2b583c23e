//! The progress bar shown while large ledgers are read: bytes done, rate
//! and time left, drawn by `indicatif` on stderr. It exists only when
//! stderr is a terminal and the input is large, so cron mail and pipes stay
//! quiet (the design notes: no progress bar unless stderr is a terminal).

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Inputs smaller than this are read too fast for a bar to help.
const MIN_BYTES: u64 = 32 << 20;

/// Progress over the bytes of all ledger files of one ingest.
pub struct ByteMeter {
    bar: Option<ProgressBar>,
    done_files: u64,
}

impl ByteMeter {
    /// A meter over `total` bytes; hidden unless `wanted`, the input is
    /// large and stderr is a terminal.
    pub fn new(wanted: bool, total: u64) -> Self {
        let show = wanted && total > MIN_BYTES && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(8));
            let style = ProgressStyle::with_template(
                "读取账表 [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} 剩余 {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        ByteMeter { bar, done_files: 0 }
    }

    /// Bytes read so far in the current file.
    pub fn advance(&mut self, in_file: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.done_files + in_file);
        }
    }

    /// The current file is finished.
    pub fn file_done(&mut self, path: &Path) {
        self.done_files += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if let Some(bar) = &self.bar {
            bar.set_position(self.done_files);
        }
    }

    /// All files read: the bar is cleared so the summary line stands alone.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_when_not_wanted_or_small() {
        assert!(ByteMeter::new(false, u64::MAX).bar.is_none());
        assert!(ByteMeter::new(true, 1024).bar.is_none());
        let mut m = ByteMeter::new(false, 10);
        m.advance(5);
        m.finish();
    }
}
