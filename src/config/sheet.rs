//! The CSV sheets the office keeps beside its config (the project registry,
//! the budget adjustments): read with a bound, decoded whatever the
//! encoding, columns found by any of their usual names, and every problem
//! named with file, line and column. One reader so both sheets accept the
//! same files and complain the same way.

use std::collections::HashMap;
use std::path::Path;

use crate::base::diag::Diagnostic;
use crate::base::i18n::message;

/// Column keys and the header names each may go by.
pub(super) type Columns = [(&'static str, &'static [&'static str])];

/// A sheet whose required columns were all found.
pub(super) struct Sheet {
    /// The header row as written.
    pub header: csv::StringRecord,
    /// Column key → position.
    pub col: HashMap<&'static str, usize>,
    /// Every row that is not blank, with its 1-based line.
    pub rows: Vec<(usize, csv::StringRecord)>,
}

impl Sheet {
    /// The trimmed cell of `key` in a row ("" when the column is absent).
    pub fn get<'r>(&self, rec: &'r csv::StringRecord, key: &str) -> &'r str {
        self.col
            .get(key)
            .and_then(|&i| rec.get(i))
            .unwrap_or("")
            .trim()
    }
}

/// Reads `path`. None when it cannot be read, has no header row (`empty`:
/// the message key) or lacks a `required` column (`missing`: the message
/// key, with the column's names); unreadable rows are reported and left out.
pub(super) fn read(
    path: &Path,
    columns: &'static Columns,
    required: &[&str],
    empty: &str,
    missing: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Sheet> {
    let bytes = match crate::base::files::read_bounded(path, crate::base::files::MAX_INPUT_BYTES) {
        Ok(b) => b,
        Err(e) => {
            errors.push(Diagnostic::file(
                path,
                message("file-cannot-read-config", &[("error", e.to_string())]),
            ));
            return None;
        }
    };
    let (text, _) = crate::base::encoding::decode_all(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let Some(Ok(header)) = records.next() else {
        errors.push(Diagnostic::file(path, message(empty, &[])));
        return None;
    };
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
    let mut rows = Vec::new();
    for rec in records {
        match rec {
            Ok(r) => {
                if !r.iter().all(|c| c.trim().is_empty()) {
                    rows.push((r.position().map(|p| p.line() as usize).unwrap_or(0), r));
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(Diagnostic::at_line(
                    path,
                    line,
                    message("cfg-row-unreadable", &[("error", e.to_string())]),
                ));
            }
        }
    }
    Some(Sheet { header, col, rows })
}
