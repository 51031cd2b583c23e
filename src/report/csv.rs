//! The report as one CSV: every section's heading, notes and tables one
//! after another, separated by a blank line, so it opens as a single sheet in
//! any spreadsheet. UTF-8 with a BOM (Excel needs it for Chinese); money
//! without separators so it stays a number; text through `csv_safe`, so a
//! name starting with = + - @ cannot run as a formula.

use super::{Cell, Document};
use crate::base::text::csv_safe;

/// Renders the whole document.
pub fn render(doc: &Document) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let _ = w.write_record([csv_safe(&doc.title)]);
    let _ = w.write_record([csv_safe(&doc.subtitle)]);
    let wan_words = (
        super::word(doc.lang, "report-unit-wan"),
        super::word(doc.lang, "report-unit-yuan"),
    );
    for s in &doc.sections {
        let _ = w.write_record([""]);
        let _ = w.write_record([csv_safe(&s.title)]);
        for n in &s.notes {
            let _ = w.write_record([csv_safe(n)]);
        }
        for t in &s.tables {
            let _ = w.write_record([""]);
            // 万元 cells are written in 元 here, exact to the fen; the
            // title and header say which (the unit's words from the
            // catalogue: "(10k yuan)" becomes "(yuan)" in English).
            let wan = t
                .rows
                .iter()
                .chain(t.total.iter())
                .any(|r| r.iter().any(|c| matches!(c, Cell::Wan(_))));
            let in_yuan = |s: &str| {
                if wan {
                    s.replace(&wan_words.0, &wan_words.1)
                } else {
                    s.to_string()
                }
            };
            let _ = w.write_record([csv_safe(&in_yuan(&t.title))]);
            let _ = w.write_record(t.headers.iter().map(|h| csv_safe(&in_yuan(h))));
            for row in t.rows.iter().chain(t.total.iter()) {
                let _ = w.write_record(row.iter().map(cell));
            }
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{FEFF}{}", String::from_utf8_lossy(&bytes))
}

fn cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => csv_safe(s),
        Cell::Yuan(f) | Cell::Wan(f) => f.plain(),
        other => other.display(),
    }
}
