//! The report as an Excel workbook: a summary sheet and one sheet per
//! project, Chinese headers, real numbers with 元 and % formats (so the
//! bureau can add them up), widths that fit, the first table's header frozen
//! and repeated on every printed page, A4 landscape fitted to the width.
//!
//! Text is always written as a string cell, never parsed as a formula; a text
//! starting with = + - @ additionally gets Excel's quote prefix, so editing
//! the cell later does not turn it into one either. Each text passes
//! `escape::xml` as it is written: a control character or noncharacter in
//! a name (refused in configuration, but a registry or a ledger may still
//! carry one) would make the workbook unreadable to Excel, WPS and
//! openpyxl. (A fixed copy of the whole document cost a province's
//! monitoring report gigabytes.)

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, Document, Section};
use crate::base::escape::xml;
use crate::base::text::width;

/// Number format of money in 元.
pub const YUAN_FORMAT: &str = "#,##0.00";
/// Number format of percentages.
pub const PERCENT_FORMAT: &str = "0.00%";
/// Number format of scores and points.
pub const NUMBER_FORMAT: &str = "0.00";

struct Formats {
    title: Format,
    subtitle: Format,
    table_title: Format,
    header: Format,
    text: Format,
    text_quoted: Format,
    yuan: Format,
    wan: Format,
    percent: Format,
    number: Format,
    int: Format,
}

impl Formats {
    fn new(bold: bool, fill: Option<u32>) -> Formats {
        let base = |f: Format| {
            let f = f.set_border(FormatBorder::Thin).set_font_size(10);
            let f = if bold { f.set_bold() } else { f };
            match fill {
                Some(c) => f.set_background_color(Color::RGB(c)),
                None => f,
            }
        };
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x555555)),
            table_title: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_font_size(10)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xDFE7F3))
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: base(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            text_quoted: base(Format::new().set_text_wrap().set_align(FormatAlign::Top))
                .set_quote_prefix(),
            yuan: base(Format::new().set_num_format(YUAN_FORMAT)),
            wan: base(Format::new().set_num_format("#,##0.0000")),
            percent: base(Format::new().set_num_format(PERCENT_FORMAT)),
            number: base(Format::new().set_num_format(NUMBER_FORMAT)),
            int: base(Format::new().set_num_format("0")),
        }
    }
}

/// Writes the workbook.
pub fn write(doc: &Document, path: &std::path::Path) -> Result<(), XlsxError> {
    workbook(doc)?.save(path)
}

/// The workbook as bytes, to attach to an email.
pub fn to_bytes(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    workbook(doc)?.save_to_buffer()
}

fn workbook(doc: &Document) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let plain = Formats::new(false, None);
    let highlight = Formats::new(false, Some(0xFDE2E1));
    let total = Formats::new(true, Some(0xF2F2F2));
    for s in &doc.sections {
        let ws = wb.add_worksheet();
        ws.set_name(xml(&s.sheet))?;
        sheet(ws, doc, s, [&plain, &highlight, &total])?;
    }
    Ok(wb)
}

fn sheet(
    ws: &mut Worksheet,
    doc: &Document,
    s: &Section,
    f: [&Formats; 3],
) -> Result<(), XlsxError> {
    let [plain, highlight, total] = f;
    let mut row: u32 = 0;
    ws.write_string_with_format(row, 0, xml(&doc.title), &plain.title)?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        xml(&format!("{} — {}", s.title, doc.subtitle)),
        &plain.subtitle,
    )?;
    row += 1;
    for n in &s.notes {
        write_text(
            ws,
            row,
            0,
            n,
            &Format::new().set_font_size(10),
            &Format::new().set_quote_prefix(),
        )?;
        row += 1;
    }
    let mut widths: Vec<usize> = Vec::new();
    let mut fit = |col: usize, text: &str| {
        if widths.len() <= col {
            widths.resize(col + 1, 0);
        }
        widths[col] = widths[col].max(width(text));
    };
    let mut frozen = false;
    for t in &s.tables {
        row += 1;
        ws.write_string_with_format(row, 0, xml(&t.title), &plain.table_title)?;
        row += 1;
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, xml(h), &plain.header)?;
            fit(c, h);
        }
        if !frozen {
            // The first table's header stays in view and on every page.
            ws.set_freeze_panes(row + 1, 0)?;
            ws.set_repeat_rows(row, row)?;
            frozen = true;
        }
        row += 1;
        let body = t.rows.iter().enumerate().map(|(k, r)| {
            (
                if t.highlight.contains(&k) {
                    highlight
                } else {
                    plain
                },
                r,
            )
        });
        for (fmt, r) in body.chain(t.total.iter().map(|r| (total, r))) {
            for (c, cell) in r.iter().enumerate() {
                write_cell(ws, row, c as u16, cell, fmt)?;
                fit(c, &cell.display());
            }
            row += 1;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // Long free text wraps instead of widening the sheet past a page.
        let w = (*w as f64 + 2.0).clamp(8.0, 40.0);
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_header(format!("&C{}", xml(&doc.title).replace('&', "&&")));
    ws.set_footer(crate::report::word(doc.lang, "report-xlsx-footer"));
    Ok(())
}

fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    fmt: &Format,
    quoted: &Format,
) -> Result<(), XlsxError> {
    let s = xml(s);
    if s.starts_with(['=', '+', '-', '@']) {
        ws.write_string_with_format(row, col, s, quoted)?;
    } else {
        ws.write_string_with_format(row, col, s, fmt)?;
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    let num = |d: Decimal| d.to_f64().unwrap_or(0.0);
    match cell {
        Cell::Text(s) => write_text(ws, row, col, s, &f.text, &f.text_quoted)?,
        Cell::Yuan(fen) => {
            ws.write_number_with_format(row, col, num(Decimal::new(fen.0, 2)), &f.yuan)?;
        }
        Cell::Wan(fen) => {
            ws.write_number_with_format(row, col, num(Decimal::new(fen.0, 6)), &f.wan)?;
        }
        Cell::Percent(p) => {
            ws.write_number_with_format(row, col, num(*p / Decimal::from(100)), &f.percent)?;
        }
        Cell::Number(d) => {
            ws.write_number_with_format(
                row,
                col,
                num(crate::base::percent::round2(*d)),
                &f.number,
            )?;
        }
        Cell::Int(i) => {
            ws.write_number_with_format(row, col, *i as f64, &f.int)?;
        }
        Cell::Empty => {
            ws.write_blank(row, col, &f.text)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Section, Table};

    #[test]
    fn control_characters_never_reach_the_workbook() {
        // ESC, SOH and U+FFFE in a sheet name and cells made Excel, WPS and
        // openpyxl refuse the file.
        let bad = "见义勇为\u{1b}[2J\u{1}基金\u{FFFE}";
        let mut t = Table::new(bad, &["项目名称", bad]);
        t.rows
            .push(vec![Cell::text(bad), Cell::text(format!("={bad}"))]);
        let doc = Document {
            title: bad.into(),
            subtitle: bad.into(),
            file_stem: "x".into(),
            sections: vec![Section {
                sheet: crate::report::sheet_name(bad, |_| false),
                title: bad.into(),
                notes: vec![bad.into()],
                tables: vec![t],
                chart: None,
            }],
            lang: crate::base::i18n::Lang::Zh,
        };
        let bytes = to_bytes(&doc).unwrap();
        use calamine::Reader;
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names().to_vec();
        assert_eq!(names.len(), 1);
        assert!(
            !names[0].chars().any(|c| c.is_control() || c == '\u{FFFE}'),
            "{names:?}"
        );
        let range = wb.worksheet_range(&names[0]).unwrap();
        for c in range.used_cells() {
            let s = c.2.to_string();
            assert!(
                !s.chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{FFFE}'),
                "{s:?}"
            );
        }
    }
}
