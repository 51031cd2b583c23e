//! The `status` output: a table for people (Chinese headers, amounts with
//! thousands separators, aligned for CJK double-width characters) and csv /
//! json for machines with stable, documented columns (README, "Output
//! columns"): amounts as plain yuan with two decimals, percentages with two
//! decimals, dates as YYYY-MM-DD.

use std::fmt::Write as _;

use crate::base::money::Fen;
use crate::base::percent::{pct, write_pct};
use crate::base::text::csv_safe;
use crate::progress::{Progress, ProjectStatus};

/// Output formats of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table for a terminal.
    Table,
    /// CSV with the documented columns.
    Csv,
    /// JSON array of objects with the documented fields.
    Json,
}

/// The csv columns, in order. Changing this list is a breaking change.
pub const CSV_COLUMNS: &[&str] = &[
    "project_code",
    "project_name",
    "budget",
    "initial_budget",
    "paid",
    "payments",
    "execution_pct",
    "expected_pct",
    "time_progress_pct",
    "gap_points",
    "status",
    "last_checkpoint",
    "last_checkpoint_planned_pct",
    "last_checkpoint_paid",
    "last_checkpoint_execution_pct",
    "next_checkpoint",
    "next_checkpoint_planned_pct",
    "amount_needed",
    "days_left",
    "last_payment_date",
    "checkpoint_paid",
    "as_of",
];

/// YYYY-MM-DD without the formatting machinery (the csv of a province has
/// hundreds of thousands of dates).
fn ymd(d: chrono::NaiveDate) -> String {
    let mut s = Vec::with_capacity(10);
    push_ymd(&mut s, d);
    String::from_utf8(s).unwrap_or_default()
}

/// [`ymd`] appended to `out`.
fn push_ymd(out: &mut Vec<u8>, d: chrono::NaiveDate) {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        let _ = std::io::Write::write_fmt(out, format_args!("{d}"));
        return;
    }
    let y = y as u32;
    let digit = |x: u32| b'0' + x as u8;
    let bytes = [
        digit(y / 1000),
        digit(y / 100 % 10),
        digit(y / 10 % 10),
        digit(y % 10),
        b'-',
        digit(m / 10),
        digit(m % 10),
        b'-',
        digit(day / 10),
        digit(day % 10),
    ];
    out.extend_from_slice(&bytes);
}

/// The dates of a block's lines, formatted once each: every project has
/// the same few checkpoint dates and as-of date. Direct-mapped by the day
/// of the year.
struct DateText {
    slots: [(Option<chrono::NaiveDate>, Vec<u8>); 16],
}

impl DateText {
    fn new() -> Self {
        DateText {
            slots: std::array::from_fn(|_| (None, Vec::new())),
        }
    }

    fn push(&mut self, out: &mut Vec<u8>, d: chrono::NaiveDate) {
        use chrono::Datelike;
        let slot = &mut self.slots[d.ordinal() as usize % 16];
        if slot.0 != Some(d) {
            slot.1.clear();
            push_ymd(&mut slot.1, d);
            slot.0 = Some(d);
        }
        out.extend_from_slice(&slot.1);
    }
}

/// A whole number appended to `out` without the formatter.
fn push_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    push_uint(out, n.unsigned_abs());
}

/// A whole number appended to `out` without the formatter.
fn push_uint(out: &mut Vec<u8>, mut a: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (a % 10) as u8;
        a /= 10;
        if a == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// A text cell from the data: `csv_safe`'s apostrophe before what a
/// spreadsheet takes for a formula, then RFC 4180 quoting only where needed
/// (names may hold commas), exactly as `push_line` writes `csv_safe(s)`.
fn push_text(out: &mut Vec<u8>, s: &str) {
    let quote = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if quote {
        out.push(b'"');
    }
    if matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        out.push(b'\'');
    }
    if quote {
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part.as_bytes());
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// One project's csv line, written straight into `out`: the same text as
/// `push_line` over [`row`], without a string per field.
fn push_row(out: &mut Vec<u8>, dates: &mut DateText, p: &ProjectStatus, as_of: chrono::NaiveDate) {
    let last = p.last_checkpoint();
    push_text(out, &p.code);
    out.push(b',');
    push_text(out, &p.name);
    out.push(b',');
    p.budget.write_plain(out);
    out.push(b',');
    p.initial_budget.write_plain(out);
    out.push(b',');
    p.paid.write_plain(out);
    out.push(b',');
    push_uint(out, p.payments);
    for d in [
        p.execution_pct,
        p.expected_pct,
        p.time_progress_pct,
        p.gap_points,
    ] {
        out.push(b',');
        write_pct(out, d);
    }
    out.push(b',');
    out.extend_from_slice(p.status.code().as_bytes());
    out.push(b',');
    if let Some(c) = last {
        dates.push(out, c.date);
        out.push(b',');
        write_pct(out, c.planned_pct);
        out.push(b',');
        c.paid.write_plain(out);
        out.push(b',');
        write_pct(out, c.execution_pct);
    } else {
        out.extend_from_slice(b",,,");
    }
    out.push(b',');
    match &p.next {
        Some(n) => {
            dates.push(out, n.date);
            out.push(b',');
            write_pct(out, n.planned_pct);
            out.push(b',');
            n.amount_needed.write_plain(out);
            out.push(b',');
            push_int(out, n.days_left);
        }
        None => out.extend_from_slice(b",,0.00,"),
    }
    out.push(b',');
    if let Some(d) = p.last_payment {
        dates.push(out, d);
    }
    out.push(b',');
    for (i, c) in p.checkpoints.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        dates.push(out, c.date);
        out.push(b':');
        c.paid.write_plain(out);
    }
    out.push(b',');
    dates.push(out, as_of);
    out.push(b'\n');
}

fn row(p: &ProjectStatus, as_of: chrono::NaiveDate) -> Vec<String> {
    let last = p.last_checkpoint();
    vec![
        csv_safe(&p.code),
        csv_safe(&p.name),
        p.budget.plain(),
        p.initial_budget.plain(),
        p.paid.plain(),
        p.payments.to_string(),
        pct(p.execution_pct),
        pct(p.expected_pct),
        pct(p.time_progress_pct),
        pct(p.gap_points),
        p.status.code().to_string(),
        last.map(|c| ymd(c.date)).unwrap_or_default(),
        last.map(|c| pct(c.planned_pct)).unwrap_or_default(),
        last.map(|c| c.paid.plain()).unwrap_or_default(),
        last.map(|c| pct(c.execution_pct)).unwrap_or_default(),
        p.next.as_ref().map(|n| ymd(n.date)).unwrap_or_default(),
        p.next
            .as_ref()
            .map(|n| pct(n.planned_pct))
            .unwrap_or_default(),
        p.next
            .as_ref()
            .map(|n| n.amount_needed.plain())
            .unwrap_or_else(|| Fen::ZERO.plain()),
        p.next
            .as_ref()
            .map(|n| n.days_left.to_string())
            .unwrap_or_default(),
        p.last_payment.map(ymd).unwrap_or_default(),
        p.checkpoints
            .iter()
            .map(|c| format!("{}:{}", ymd(c.date), c.paid.plain()))
            .collect::<Vec<_>>()
            .join(";"),
        ymd(as_of),
    ]
}

/// Renders CSV.
pub fn to_csv(progress: &Progress) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_csv_header(&mut out)
        .and_then(|_| write_csv_rows(&mut out, &progress.projects, progress.as_of));
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the csv header line.
pub fn write_csv_header(w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut line = String::new();
    push_line(&mut line, &mut CSV_COLUMNS.iter().copied());
    w.write_all(line.as_bytes())
}

/// Writes the csv lines of `projects`, in order. Rows are formatted on all
/// cores in blocks and written block by block, so the text of a
/// province's csv is never held whole.
pub fn write_csv_rows(
    w: &mut dyn std::io::Write,
    projects: &[ProjectStatus],
    as_of: chrono::NaiveDate,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    // A few blocks per core at a time: enough to keep both busy, small
    // enough that the text in flight stays a few megabytes.
    let block = 1024;
    let per_round = block * 4 * rayon::current_num_threads().max(1);
    for round in projects.chunks(per_round) {
        let texts: Vec<Vec<u8>> = round
            .par_chunks(block)
            .map(|ps| {
                let mut text = Vec::with_capacity(256 * ps.len());
                let mut dates = DateText::new();
                for p in ps {
                    push_row(&mut text, &mut dates, p, as_of);
                }
                text
            })
            .collect();
        for t in &texts {
            w.write_all(t)?;
        }
    }
    Ok(())
}

/// Writes the csv lines of every project of `figures`, in order, working
/// each project out as its line is written: blocks of projects are
/// formatted on all cores and written block by block, so neither every
/// project's figures nor the whole text of a province's csv is ever held.
pub fn write_csv_figures(
    w: &mut dyn std::io::Write,
    figures: &crate::progress::Figures<'_>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let block = 1024;
    let per_round = block * 4 * rayon::current_num_threads().max(1);
    let as_of = figures.as_of();
    let mut start = 0;
    while start < figures.len() {
        let end = (start + per_round).min(figures.len());
        let starts: Vec<usize> = (start..end).step_by(block).collect();
        let texts: Vec<Vec<u8>> = starts
            .par_iter()
            .map(|&b| {
                let mut text = Vec::with_capacity(256 * block);
                let mut dates = DateText::new();
                let done = figures.for_each(b..(b + block).min(end), |p| {
                    push_row(&mut text, &mut dates, p, as_of)
                });
                done.map(|_| text).map_err(std::io::Error::other)
            })
            .collect::<std::io::Result<_>>()?;
        for t in &texts {
            w.write_all(t)?;
        }
        start = end;
    }
    Ok(())
}

/// One CSV line, RFC 4180 quoting only where needed (names may hold commas).
fn push_line(out: &mut String, fields: &mut dyn Iterator<Item = &str>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

/// Renders JSON: the csv fields (amounts and percentages as strings, so no
/// reader turns them into floats), checkpoints as an array.
pub fn to_json(progress: &Progress) -> String {
    let items: Vec<serde_json::Value> = progress
        .projects
        .iter()
        .map(|p| {
            let mut obj = serde_json::Map::new();
            for (k, v) in CSV_COLUMNS.iter().zip(row(p, progress.as_of)) {
                if *k == "checkpoint_paid" {
                    continue;
                }
                let v = match *k {
                    "payments" | "days_left" => v
                        .parse::<i64>()
                        .map(serde_json::Value::from)
                        .unwrap_or(serde_json::Value::Null),
                    "project_code" | "project_name" => {
                        serde_json::Value::from(if *k == "project_code" {
                            p.code.clone()
                        } else {
                            p.name.clone()
                        })
                    }
                    _ if v.is_empty() => serde_json::Value::Null,
                    _ => serde_json::Value::from(v),
                };
                obj.insert(k.to_string(), v);
            }
            let cps: Vec<serde_json::Value> = p
                .checkpoints
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "date": c.date.to_string(),
                        "planned_pct": pct(c.planned_pct),
                        "paid": c.paid.plain(),
                        "execution_pct": pct(c.execution_pct),
                        "gap_points": pct(c.gap_points),
                        "met": c.met(),
                    })
                })
                .collect();
            obj.insert("checkpoints".into(), serde_json::Value::from(cps));
            serde_json::Value::Object(obj)
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// Renders an aligned plain-text table; `right` marks right-aligned
/// (numeric) columns. comfy-table lays it out, measuring with
/// `unicode-width`: a header, a dashed rule, columns two spaces apart, no
/// borders and no colour, so it reads the same in a terminal, a pipe and
/// cron's mail.
pub fn render_table(headers: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    use comfy_table::{
        CellAlignment, ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle,
    };
    let mut t = Table::new();
    t.load_style(
        TableStyle::new()
            .header_lines(ContentLineStyle::none().junction(' '))
            .header_separator(LineStyle::none().fill('-').junction(' '))
            .content_lines(ContentLineStyle::none().junction(' ')),
    )
    .set_content_arrangement(ContentArrangement::Disabled)
    .set_header(headers.to_vec());
    for r in rows {
        t.add_row(r.clone());
    }
    let last = headers.len().saturating_sub(1);
    for (i, c) in t.column_iter_mut().enumerate() {
        // One space of padding plus the blank junction: columns two apart.
        c.set_padding((0, u16::from(i < last)));
        if right.get(i).copied().unwrap_or(false) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Renders the status table for people, in the language in use.
pub fn to_table(progress: &Progress) -> String {
    use crate::base::i18n::{lang, message};
    let headers = [
        "status-col-code",
        "status-col-name",
        "status-col-budget",
        "status-col-paid",
        "status-col-execution",
        "status-col-expected",
        "status-col-time",
        "status-col-gap",
        "status-col-status",
        "status-col-next",
        "status-col-needed",
        "status-col-days-left",
    ]
    .map(|k| message(k, &[]));
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let right = [
        false, false, true, true, true, true, true, true, false, false, true, true,
    ];
    let mut rows: Vec<Vec<String>> = progress
        .projects
        .iter()
        .map(|p| {
            vec![
                // The terminal's escaping function: an ESC or CR in a name
                // is shown, never obeyed.
                crate::base::escape::terminal(&p.code),
                crate::base::escape::terminal(&p.name),
                // After an adjustment the initial budget is shown beside the
                // one in force, which every figure of the row uses.
                if p.initial_budget == p.budget {
                    p.budget.grouped()
                } else {
                    message(
                        "status-budget-adjusted",
                        &[
                            ("budget", p.budget.grouped()),
                            ("initial", p.initial_budget.grouped()),
                        ],
                    )
                },
                p.paid.grouped(),
                format!("{}%", pct(p.execution_pct)),
                format!("{}%", pct(p.expected_pct)),
                format!("{}%", pct(p.time_progress_pct)),
                pct(p.gap_points),
                p.status.label_in(lang()),
                p.next
                    .as_ref()
                    .map(|n| format!("{} ({}%)", n.date, pct(n.planned_pct)))
                    .unwrap_or_else(|| "-".into()),
                p.next
                    .as_ref()
                    .map(|n| n.amount_needed.grouped())
                    .unwrap_or_else(|| "-".into()),
                p.next
                    .as_ref()
                    .map(|n| n.days_left.to_string())
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let budget = progress.total_budget();
    let paid = progress.total_paid();
    rows.push(vec![
        String::new(),
        message("status-total", &[]),
        budget.grouped(),
        paid.grouped(),
        format!("{}%", pct(crate::base::percent::percent_of(paid, budget))),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        message("status-title", &[("date", progress.as_of.to_string())])
    );
    out.push_str(&render_table(&headers, &right, &rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::width;

    #[test]
    fn neutralises_formulas() {
        assert_eq!(csv_safe("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_safe("@cmd"), "'@cmd");
        assert_eq!(csv_safe("见义勇为基金"), "见义勇为基金");
    }

    #[test]
    fn measures_cjk_width() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("见义勇为"), 8);
        assert_eq!(width("１２"), 4);
        // What the old hand-kept ranges got wrong: a combining mark takes
        // no column, an emoji two.
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\u{1F4B0}"), 2);
    }

    #[test]
    fn table_columns_line_up_with_cjk_text() {
        let t = render_table(
            &["项目名称", "已支付(元)"],
            &[false, true],
            &[
                vec!["见义勇为基金".into(), "28,081.39".into()],
                vec!["ab".into(), "1.00".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4, "{t}");
        assert!(lines[1].starts_with("-----"), "{t}");
        // Right-aligned amounts end in the same column.
        assert_eq!(width(lines[2]), width(lines[3]), "{t}");
        assert!(lines[3].starts_with("ab "), "{t}");
        assert!(lines[2].contains("见义勇为基金  "), "{t}");
    }
}

#[cfg(test)]
mod fast_format_tests {
    use super::*;
    use crate::progress::{CheckpointFigure, NextCheckpoint, Status};
    use rust_decimal::Decimal;

    /// The streamed csv (figures worked out as their lines are written,
    /// in blocks) is the csv of the whole `Progress`, on a registry larger
    /// than one block.
    #[test]
    fn streamed_csv_is_the_whole_csv() {
        let mut cfg = crate::config::load(&crate::config::LoadOptions {
            config_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
            projects: None,
            default_year: 2025,
        })
        .unwrap();
        let shipped = cfg.projects.clone();
        while cfg.projects.len() < 5_000 {
            let mut p = shipped[cfg.projects.len() % shipped.len()].clone();
            p.code = format!("{}-{}", p.code, cfg.projects.len());
            cfg.projects.push(p);
        }
        let daily: Vec<crate::ledger::DailyTotal> = (0..20_000u32)
            .map(|k| crate::ledger::DailyTotal {
                project: (k * 7919) % 5_000,
                day: ((k * 31) % 365) as u16,
                fen: (k as i64 * 104_729) % 3_000_000 - 200_000,
                payments: 1,
            })
            .collect();
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
        let whole = to_csv(&crate::progress::compute(&cfg, &daily, as_of).unwrap());
        let figures = crate::progress::Figures::new(&cfg, &daily, as_of).unwrap();
        let mut streamed = Vec::new();
        write_csv_header(&mut streamed).unwrap();
        write_csv_figures(&mut streamed, &figures).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), whole);
    }

    /// `push_row` writes what `push_line` over `row` writes, for text that
    /// needs quoting or the formula apostrophe and for every optional field
    /// present or absent.
    #[test]
    fn direct_rows_match_the_field_rows() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        let cp = |date, paid| CheckpointFigure {
            date,
            planned_pct: dec("25"),
            paid: Fen(paid),
            execution_pct: dec("12.3456"),
            gap_points: dec("-12.6544"),
            budget: Fen(5_000_000),
        };
        let base = ProjectStatus {
            index: 0,
            code: "P001".into(),
            name: "见义勇为基金".into(),
            budget: Fen(5_000_000),
            initial_budget: Fen(4_000_000),
            paid: Fen(617_280),
            payments: 7,
            execution_pct: dec("12.3456"),
            checkpoints: vec![cp(d(2025, 3, 31), 100), cp(d(2025, 6, 30), -617_280)],
            expected_pct: dec("33.333333333333333333333333333"),
            time_progress_pct: dec("49.589041095890410958904109589"),
            gap_points: dec("-0.001"),
            status: Status::Behind,
            next: Some(NextCheckpoint {
                date: d(2025, 10, 31),
                planned_pct: dec("75"),
                target: Fen(3_750_000),
                amount_needed: Fen(3_132_720),
                days_left: 123,
            }),
            last_payment: Some(d(2025, 6, 29)),
            paid_last_30_days: Fen(5),
        };
        let mut cases = vec![base.clone()];
        for (code, name) in [
            ("=1+1", "a,b"),
            ("-5", "say \"hi\", \"bye\""),
            ("@x", "line\nbreak"),
            ("\tT", "\rR,"),
            ("+", "\""),
            ("", ""),
        ] {
            let mut p = base.clone();
            p.code = code.into();
            p.name = name.into();
            cases.push(p);
        }
        let mut bare = base.clone();
        bare.checkpoints.clear();
        bare.next = None;
        bare.last_payment = None;
        bare.payments = u64::MAX;
        bare.paid = Fen(-1);
        cases.push(bare);
        // A date in the same slot of `DateText` as the as-of date (day 181
        // and day 197 of 2025), and the as-of date again after it.
        let mut late = base.clone();
        late.last_payment = Some(d(2025, 7, 16));
        cases.push(late);
        cases.push(base.clone());
        let as_of = d(2025, 6, 30);
        for p in &cases {
            let mut want = String::new();
            let r = row(p, as_of);
            push_line(&mut want, &mut r.iter().map(String::as_str));
            let mut got = Vec::new();
            push_row(&mut got, &mut DateText::new(), p, as_of);
            assert_eq!(String::from_utf8(got).unwrap(), want);
        }
        let progress = Progress {
            as_of,
            projects: cases,
        };
        let mut want = String::new();
        push_line(&mut want, &mut CSV_COLUMNS.iter().copied());
        for p in &progress.projects {
            let r = row(p, as_of);
            push_line(&mut want, &mut r.iter().map(String::as_str));
        }
        assert_eq!(to_csv(&progress), want);
    }

    /// The hand-written formatting prints what `{:.2}` and chrono print.
    #[test]
    fn fast_formats_match_the_formatter() {
        for s in [
            "0",
            "-0",
            "0.004",
            "-0.005",
            "1.005",
            "12.3",
            "-12.345",
            "99.995",
            "100",
            "-0.01",
            "123456789.125",
            "0.5",
            "-7",
        ] {
            let d: rust_decimal::Decimal = s.parse().unwrap();
            assert_eq!(
                pct(d),
                format!("{:.2}", crate::base::percent::round2(d)),
                "{s}"
            );
        }
        for (y, m, d) in [(2025, 1, 1), (2025, 12, 31), (2024, 2, 29), (999, 3, 4)] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(ymd(date), date.to_string());
        }
        for f in [0i64, 1, -1, 99, -100, 123_456_789, i64::MAX, i64::MIN + 1] {
            let a = f.unsigned_abs();
            let want = format!("{}{}.{:02}", if f < 0 { "-" } else { "" }, a / 100, a % 100);
            assert_eq!(Fen(f).plain(), want);
        }
    }
}
