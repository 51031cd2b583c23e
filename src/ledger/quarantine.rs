//! The quarantine file: rows that could not be used, kept aside where a
//! person can read them and fix the export. Written as CSV with a UTF-8 BOM so
//! that Excel on a finance office PC shows the Chinese text correctly.

use std::io::Write;
use std::path::Path;

use super::types::QuarantineRow;

/// Column names of the quarantine CSV (stable, documented in the README).
pub const COLUMNS: [&str; 4] = ["source_file", "line", "reason", "original_text"];

/// Writes all quarantined rows (only the header when there are none, so the
/// file always reflects the latest run).
pub fn write(path: &Path, rows: &[QuarantineRow]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    // A temporary file of its own, fsynced and renamed: two runs at once
    // never write through the same temporary name, and a full disk leaves
    // the previous file whole.
    crate::base::files::write_atomic_with(path, |f| {
        f.write_all(b"\xEF\xBB\xBF")?;
        let mut w = csv::Writer::from_writer(f);
        w.write_record(COLUMNS)?;
        for r in rows {
            w.write_record([
                crate::base::text::csv_safe(&r.file.display().to_string()),
                r.line.to_string(),
                r.reason.clone(),
                crate::base::text::csv_safe(&r.text),
            ])?;
        }
        w.flush()?;
        Ok(())
    })
}
