//! Tests for the ledger failures of issue 10 (an adversarial campaign): each
//! failed on the reader before the fix. Real files in a temporary folder.

use super::*;
use crate::base::money::AmountUnit;
use crate::ledger::profile::LedgerProfile;

const T_HEADER: &str = "支付日期,支付凭证号,单位编码,单位名称,项目编码,项目名称,功能分类科目,经济分类科目,收款人,摘要,支付金额,资金性质";

fn t_row(date: &str, no: &str, code: &str, amount: &str) -> String {
    format!(
        "{date},{no},308001,单位,{code},项目,2040199,30299,收款人,摘要,{amount},一般公共预算资金"
    )
}

fn treasury(rows: &[String], eol: &str) -> Vec<u8> {
    let mut s = format!("{T_HEADER}{eol}");
    for r in rows {
        s.push_str(r);
        s.push_str(eol);
    }
    s.into_bytes()
}

fn ingest_with(files: &[(&str, Vec<u8>)], projects: Vec<&str>) -> (Ledger, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let profiles = LedgerProfile::defaults();
    let ledger = ingest(
        &paths,
        &IngestOptions {
            fiscal_year: 2025,
            profiles: &profiles,
            projects,
            progress: false,
            exclude: vec![],
            state_dir: None,
        },
    );
    for f in &ledger.files {
        assert!(f.balanced(), "{}", f.reconciliation());
    }
    (ledger, dir)
}

fn run(files: &[(&str, Vec<u8>)]) -> (Ledger, tempfile::TempDir) {
    ingest_with(files, vec!["P1", "P2"])
}

fn total(l: &Ledger, project: u32) -> i64 {
    l.daily
        .iter()
        .filter(|d| d.project == project)
        .map(|d| d.fen)
        .sum()
}

fn payments(l: &Ledger) -> u64 {
    l.daily.iter().map(|d| d.payments as u64).sum()
}

/// #2: a 17-digit amount is refused, not wrapped.
#[test]
fn an_amount_that_does_not_fit_is_quarantined() {
    let rows = vec![
        t_row("2025-03-01", "ZF1", "P1", "99999999999999999"),
        t_row("2025-03-02", "ZF2", "P1", "-99999999999999999"),
        t_row("2025-03-03", "ZF3", "P1", "5.00"),
    ];
    let (l, _d) = run(&[("a.csv", treasury(&rows, "\n"))]);
    assert_eq!(total(&l, 0), 500);
    assert_eq!(l.quarantine.len(), 2, "{:?}", l.quarantine);
    assert!(l.quarantine[0].reason.contains("超出范围"));
}

/// #2: valid amounts whose sum passes the limit: the payment that would
/// pass it is quarantined (in file order), the others counted.
#[test]
fn the_payment_that_would_overflow_its_file_is_quarantined() {
    let rows = vec![
        t_row("2025-03-01", "ZF1", "P1", "90000000000000000.00"),
        t_row("2025-03-02", "ZF2", "P1", "90000000000000000.00"),
        t_row("2025-03-01", "ZF3", "P1", "6000000000000000.00"),
        t_row("2025-03-05", "ZF4", "P1", "6000000000000000.00"),
        t_row("2025-03-05", "ZF5", "P2", "1.00"),
    ];
    let (l, _d) = run(&[("a.csv", treasury(&rows, "\n"))]);
    assert_eq!(total(&l, 0), 600_000_000_000_000_000);
    assert_eq!(total(&l, 1), 100);
    let lines: Vec<usize> = l.quarantine.iter().map(|q| q.line).collect();
    assert_eq!(lines, vec![2, 3, 5], "{:?}", l.quarantine);
    assert!(l.quarantine[2].reason.contains("金额溢出"));
}

/// #2: files that each fit but together pass what sums can hold: the
/// project is reported and left out, never a wrapped total.
#[test]
fn a_project_whose_files_add_up_beyond_any_total_is_withheld() {
    let mut files = Vec::new();
    for k in 0..10 {
        let rows = vec![
            t_row("2025-03-01", &format!("ZF{k}"), "P1", "9900000000000000.00"),
            t_row("2025-03-01", &format!("ZX{k}"), "P2", "1.00"),
        ];
        files.push((format!("f{k}.csv"), treasury(&rows, "\n")));
    }
    let named: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let (l, _d) = run(&named);
    assert_eq!(total(&l, 0), 0);
    assert_eq!(total(&l, 1), 1_000);
    assert_eq!(l.withheld, vec![0]);
    assert!(l.problems.iter().any(|p| p.message.contains("项目 P1")));
    assert!(l.has_problems());
}

/// #3: an unquoted thousands separator adds a field: the row is put aside.
#[test]
fn a_row_with_more_fields_than_the_header_is_quarantined() {
    let rows = vec![
        t_row("2025-03-01", "ZF1", "P1", "12,345.00"),
        t_row("2025-03-02", "ZF2", "P1", "\"12,345.00\""),
        // A trailing delimiter (an empty extra cell) still lines up.
        format!("{},", t_row("2025-03-03", "ZF3", "P1", "1.00")),
        "2025-03-04,ZF4,308001,单位,P1".to_string(),
    ];
    let (l, _d) = run(&[("a.csv", treasury(&rows, "\n"))]);
    assert_eq!(total(&l, 0), 1_234_500 + 100);
    let q: Vec<(usize, &str)> = l
        .quarantine
        .iter()
        .map(|q| (q.line, q.reason.as_str()))
        .collect();
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].0, 2);
    assert!(
        q[0].1.contains("本行有 13 个字段，而表头只有 12 个"),
        "{}",
        q[0].1
    );
    assert_eq!(q[1].0, 5);
}

/// The shipped export's project codes, so the real file can be read.
fn shipped_projects(text: &str) -> Vec<&str> {
    let mut codes: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(4))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// #4: a summary field `"未闭合` on line 6 of a shipped export cost 51
/// payments; now it costs that line only.
#[test]
fn an_unclosed_quote_costs_only_its_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/国库支付明细-2025-07-15至12-31.csv"
    );
    let original = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[5].split(',').map(str::to_string).collect();
    let line6_fen = Fen::parse(&cells[10], AmountUnit::Yuan).unwrap().0;
    cells[9] = "\"未闭合".to_string();
    lines[5] = cells.join(",");
    let broken = lines.join("\n") + "\n";
    let projects = shipped_projects(&original);
    let (good, _d1) = ingest_with(
        &[("a.csv", original.clone().into_bytes())],
        projects.clone(),
    );
    let (bad, _d2) = ingest_with(&[("a.csv", broken.into_bytes())], projects);
    let sum = |l: &Ledger| l.daily.iter().map(|d| d.fen).sum::<i64>();
    assert_eq!(sum(&bad), sum(&good) - line6_fen);
    assert_eq!(payments(&bad), payments(&good) - 1);
    assert_eq!(bad.quarantine.len(), good.quarantine.len() + 1);
    let q = bad.quarantine.iter().find(|q| q.line == 6).expect("line 6");
    assert!(q.reason.contains("引号未闭合"), "{}", q.reason);
    assert!(q.reason.contains("第 10 个字段"), "{}", q.reason);
    // The other bad rows keep their lines.
    let others: Vec<usize> = bad
        .quarantine
        .iter()
        .map(|q| q.line)
        .filter(|&l| l != 6)
        .collect();
    let before: Vec<usize> = good.quarantine.iter().map(|q| q.line).collect();
    assert_eq!(others, before);
}

/// #4, at scale: an unclosed quote early in a file of many chunks.
#[test]
fn an_unclosed_quote_in_a_large_file_costs_only_its_line() {
    let mut rows = Vec::new();
    let mut want = 0i64;
    let mut i = 0;
    while rows.len() * 120 < 12 << 20 {
        i += 1;
        let fen = (i % 1000) as i64 + 1;
        if i == 5 {
            rows.push(t_row("2025-03-01", "ZF5", "P1", "1.00").replace("摘要", "\"未闭合"));
            continue;
        }
        rows.push(t_row(
            "2025-03-01",
            &format!("ZF{i}"),
            "P1",
            &Fen(fen).plain(),
        ));
        want += fen;
    }
    let (l, _d) = run(&[("a.csv", treasury(&rows, "\n"))]);
    assert_eq!(total(&l, 0), want);
    assert_eq!(l.quarantine.len(), 1);
    assert_eq!(l.quarantine[0].line, 6);
}

/// #5: a CR-only export with one LF in it, then more CR-only rows: every
/// payment counts, with the line numbers an editor shows.
#[test]
fn mixed_line_endings_are_read_per_file() {
    for (head_rows, size) in [(3usize, 0usize), (40_000, 6 << 20)] {
        let mut s = format!("{T_HEADER}\r");
        let mut want = 0i64;
        let mut n = 0;
        let mut k = 0;
        while n < head_rows || s.len() < size {
            k += 1;
            s.push_str(&t_row("2025-03-01", &format!("ZF{k}"), "P1", "1.00"));
            s.push_str(if n == head_rows { "\n" } else { "\r" });
            want += 100;
            n += 1;
        }
        for j in 0..5 {
            s.push_str(&t_row("2025-03-02", &format!("ZY{j}"), "P2", "2.00"));
            s.push('\r');
        }
        s.push_str(&t_row("2025-13-02", "ZBAD", "P2", "2.00"));
        s.push('\r');
        let (l, _d) = run(&[("cr.csv", s.into_bytes())]);
        assert_eq!(total(&l, 0), want, "{head_rows}");
        assert_eq!(total(&l, 1), 1_000);
        assert_eq!(l.quarantine.len(), 1, "{:?}", &l.quarantine[..1]);
        assert_eq!(l.quarantine[0].line, n + 7);
    }
}

/// #5: LF rows, then (past the first block) CR-only rows.
#[test]
fn bare_carriage_returns_after_the_first_block_are_line_ends_too() {
    let mut s = format!("{T_HEADER}\n");
    let mut k = 0;
    while s.len() < 5 << 20 {
        k += 1;
        s.push_str(&t_row("2025-03-01", &format!("ZF{k}"), "P1", "1.00"));
        s.push('\n');
    }
    for j in 0..10 {
        s.push_str(&t_row("2025-03-02", &format!("ZY{j}"), "P2", "2.00"));
        s.push('\r');
    }
    let (l, _d) = run(&[("late.csv", s.into_bytes())]);
    assert_eq!(total(&l, 0), k * 100);
    assert_eq!(total(&l, 1), 2_000);
    assert!(l.quarantine.is_empty(), "{:?}", &l.quarantine[..1]);
}

/// #7: a huge malformed field costs a bounded excerpt in the quarantine,
/// read in chunks (20 MiB) or past the chunk limit by the sequential
/// reader (70 MiB, a row it reads past without splitting).
#[test]
fn a_huge_field_keeps_an_excerpt() {
    for size in [20 << 20, 70 << 20] {
        let huge = "长".repeat(size / 3);
        let rows = vec![
            t_row("2025-03-01", "ZF1", "P1", "1.00"),
            t_row("2025-03-01", "ZF2", "P1", &huge),
            t_row("2025-03-01", "ZF3", "P1", "2.00"),
        ];
        let (l, _d) = run(&[("a.csv", treasury(&rows, "\n"))]);
        assert_eq!(total(&l, 0), 300);
        assert_eq!(l.quarantine.len(), 1);
        let q = &l.quarantine[0];
        assert_eq!(q.line, 3);
        assert!(q.text.len() <= guard::EXCERPT + 8, "{}", q.text.len());
        assert!(!q.text.contains('\u{FFFD}'), "cut inside a character");
        assert!(q.reason.len() < 1000, "{}", q.reason.len());
        assert!(q.reason.contains("字节"), "{}", q.reason);
    }
}

/// #14: one NUL byte costs its row, not the file.
#[test]
fn a_nul_byte_costs_only_its_row() {
    let rows = vec![
        t_row("2025-03-01", "ZF1", "P1", "1.00"),
        t_row("2025-03-01", "ZF2", "P1", "2\0.00"),
        t_row("2025-03-01", "ZF3", "P1", "3.00"),
    ];
    let (l, _d) = run(&[("a.csv", treasury(&rows, "\n"))]);
    assert!(l.files[0].error.is_none(), "{:?}", l.files[0].error);
    assert_eq!(total(&l, 0), 400);
    assert_eq!(l.quarantine.len(), 1);
    assert_eq!(l.quarantine[0].line, 3);
}

/// #14: UTF-16 without a BOM is read.
#[test]
fn utf16_without_a_bom_is_read() {
    let rows = vec![
        t_row("2025-03-01", "ZF1", "P1", "1.00"),
        t_row("2025-03-01", "ZF2", "P2", "2.00"),
    ];
    let text = String::from_utf8(treasury(&rows, "\r\n")).unwrap();
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let (l, _d) = run(&[("le.csv", le), ("be.csv", be)]);
    assert!(l.files.iter().all(|f| f.error.is_none()), "{:?}", l.files);
    assert_eq!((total(&l, 0), total(&l, 1)), (100, 200));
    assert_eq!(l.files[1].duplicates, 2);
}

/// #14: a file name that starts like a formula is neutralised in the
/// quarantine CSV, like every other cell.
#[test]
fn quarantine_source_file_is_formula_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q.csv");
    quarantine::write(
        &out,
        &[QuarantineRow {
            file: PathBuf::from("=HYPERLINK(\"x\").csv"),
            line: 2,
            reason: "r".into(),
            text: "t".into(),
        }],
    )
    .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK") || row.starts_with("'="),
        "{row}"
    );
}
