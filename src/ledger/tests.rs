//! Ingestion tests on real files written to a temporary folder.

use super::*;
use crate::base::encoding::TextEncoding;
use crate::ledger::profile::LedgerProfile;

const T_HEADER: &str = "支付日期,支付凭证号,单位编码,单位名称,项目编码,项目名称,功能分类科目,经济分类科目,收款人,摘要,支付金额,资金性质";

fn projects() -> Vec<&'static str> {
    vec!["P1", "P2"]
}

/// Ingest options for the test projects, with or without a state folder.
fn options(profiles: &[LedgerProfile], state_dir: Option<PathBuf>) -> IngestOptions<'_> {
    IngestOptions {
        fiscal_year: 2025,
        profiles,
        projects: projects(),
        progress: false,
        exclude: vec![],
        state_dir,
    }
}

fn run(files: &[(&str, Vec<u8>)]) -> (Ledger, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let profiles = LedgerProfile::defaults();
    let ledger = ingest(&paths, &options(&profiles, None));
    for f in &ledger.files {
        assert!(f.balanced(), "{}", f.reconciliation());
    }
    (ledger, dir)
}

fn treasury(rows: &[&str]) -> Vec<u8> {
    let mut s = format!("\u{feff}{T_HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

fn t_row(date: &str, no: &str, code: &str, amount: &str) -> String {
    format!(
        "{date},{no},308001,单位,{code},项目,2040199,30299,收款人,摘要,{amount},一般公共预算资金"
    )
}

fn total(l: &Ledger, project: u32) -> i64 {
    l.daily
        .iter()
        .filter(|d| d.project == project)
        .map(|d| d.fen)
        .sum()
}

#[test]
fn overlapping_exports_count_once_and_identical_lines_in_one_file_twice() {
    let a = treasury(&[
        &t_row("2025-01-05", "ZF1", "P1", "100.00"),
        &t_row("2025-01-06", "ZF2", "P1", "\"1,000.50\""),
        &t_row("2025-01-06", "ZF2", "P1", "\"1,000.50\""),
    ]);
    let b = treasury(&[
        &t_row("2025-01-06", "ZF2", "P1", "1000.50"),
        &t_row("2025-01-07", "ZF3", "P2", "-20"),
        &t_row("2025-01-05", "ZF1", "P1", "100"),
    ]);
    let (l, _d) = run(&[("a.csv", a), ("b.csv", b)]);
    assert_eq!(total(&l, 0), 10_000 + 2 * 100_050);
    assert_eq!(total(&l, 1), -2_000);
    assert_eq!((l.files[0].used, l.files[0].duplicates), (3, 0));
    assert_eq!((l.files[1].used, l.files[1].duplicates), (1, 2));
    assert!(!l.has_problems());
}

#[test]
fn bad_rows_are_quarantined_with_file_and_line() {
    let a = treasury(&[
        &t_row("2025-01-05", "ZF1", "P1", "100.00"),
        &t_row("2025-01-05", "ZF2", "NOPE", "100.00"),
        &t_row("2025-01-05", "ZF3", "P1", "\"12,3a4.00\""),
        &t_row("2024-12-28", "ZF4", "P1", "5"),
        &t_row("2025-02-30", "ZF5", "P1", "5"),
        "",
        "合计,,,,,,,,,,105.00,",
        "short,row",
    ]);
    let (l, _d) = run(&[("a.csv", a)]);
    let f = &l.files[0];
    assert_eq!(
        (f.rows_read, f.used, f.summary, f.quarantined),
        (8, 1, 2, 5),
        "{:#?}",
        l.quarantine
    );
    let lines: Vec<(usize, &str)> = l
        .quarantine
        .iter()
        .map(|q| (q.line, q.reason.as_str()))
        .collect();
    // Chinese by default (quarantine.csv is read by the office); the same
    // reason in English on request.
    assert_eq!(lines[0], (3, "项目编码 \"NOPE\" 不在项目库中"));
    assert_eq!(
        crate::base::i18n::message_in(
            crate::base::i18n::Lang::En,
            "row-unknown-project",
            &[("code", "\"NOPE\"".to_string())]
        ),
        "unknown project code \"NOPE\""
    );
    assert_eq!(lines[1].0, 4);
    assert!(lines[1].1.starts_with("金额 "), "{}", lines[1].1);
    assert_eq!(lines[2], (5, "日期 2024-12-28 不在 2025 财政年度内"));
    assert!(lines[3].1.contains("日历上没有这一天"), "{}", lines[3].1);
    assert_eq!(lines[4].0, 9);
    assert!(l.quarantine[0].text.contains("NOPE"));
    assert_eq!(total(&l, 0), 10_000);
}

#[test]
fn conflicting_payment_numbers_are_not_counted() {
    let a = treasury(&[
        &t_row("2025-01-05", "ZF1", "P1", "100.00"),
        &t_row("2025-01-06", "ZF9", "P1", "7.00"),
    ]);
    let b = treasury(&[
        &t_row("2025-01-05", "ZF1", "P1", "110.00"),
        &t_row("2025-01-06", "ZF9", "P1", "7.00"),
    ]);
    let (l, _d) = run(&[("a.csv", a), ("b.csv", b)]);
    assert_eq!(total(&l, 0), 700);
    assert_eq!(l.quarantine.len(), 2);
    assert_eq!(l.problems.len(), 1);
    assert!(l.problems[0].message.contains("ZF1"));
    assert_eq!((l.files[0].used, l.files[0].quarantined), (1, 1));
    assert_eq!((l.files[1].duplicates, l.files[1].quarantined), (1, 1));
}

fn ledger_file(title_unit: &str, rows: &[&str]) -> String {
    let mut s = String::from("项目明细账,,,,,,,,,,\n");
    s.push_str(&format!(
        "单位：某单位,,,,期间：2025年01月至2025年02月,,,,,,{title_unit}\n,,,,,,,,,,\n"
    ));
    s.push_str(
        "日期,凭证号,摘要,科目编码,科目名称,项目编码,项目名称,借方金额,贷方金额,方向,余额\n",
    );
    s.push_str(",,期初余额,,,,,,,平,0.00\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[test]
fn accounting_ledger_in_gbk_with_subtotals_reversals_and_monthly_vouchers() {
    let text = ledger_file(
        "单位：元",
        &[
            "2025/1/5,记-0001,付款,7201,事业支出,P1,项目,\"1,000.00\",,借,1000.00",
            "2025/1/9,记-0002,红字冲销,7201,事业支出,P1,项目,-200.00,,借,800.00",
            "2025/1/9,记-0003,退款,7201,事业支出,P1,项目,,50.00,借,750.00",
            ",,本月合计,,,,,800.00,50.00,借,750.00",
            ",,本年累计,,,,,800.00,50.00,借,750.00",
            "2025/2/3,记-0001,付款,7201,事业支出,P1,项目,300.00,,借,1050.00",
            ",,本月合计,,,,,300.00,,借,1050.00",
        ],
    );
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    // The same ledger exported again for January only, in UTF-8: overlaps.
    let jan = ledger_file(
        "单位：元",
        &["2025/1/5,记-0001,付款,7201,事业支出,P1,项目,\"1,000.00\",,借,1000.00"],
    );
    let (l, _d) = run(&[("h1.csv", gbk.into_owned()), ("jan.csv", jan.into_bytes())]);
    assert_eq!(l.files[0].encoding, Some(TextEncoding::Gb18030));
    assert_eq!(l.files[0].header_line, 4);
    assert_eq!(
        (l.files[0].used, l.files[0].summary, l.files[0].quarantined),
        (4, 4, 0)
    );
    assert_eq!(l.files[1].duplicates, 1);
    assert_eq!(total(&l, 0), 100_000 - 20_000 - 5_000 + 30_000);
}

#[test]
fn files_in_wan_are_scaled() {
    let text = ledger_file(
        "单位：万元",
        &["2025/1/5,记-0001,付款,7201,事业支出,P2,项目,1.2345,,借,1.2345"],
    );
    let (l, _d) = run(&[("w.csv", text.into_bytes())]);
    assert_eq!(total(&l, 1), 1_234_500);
}

#[test]
fn garbage_files_are_reported_and_the_run_goes_on() {
    let good = treasury(&[&t_row("2025-03-01", "ZF1", "P1", "1")]);
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    let noheader = "just,some\ntext,here\n".as_bytes().to_vec();
    let (l, _d) = run(&[
        ("a.csv", binary),
        ("b.csv", noheader),
        ("c.csv", good),
        ("d.csv", Vec::new()),
    ]);
    assert!(l.files[0]
        .error
        .as_deref()
        .unwrap()
        .contains("不是文本文件"));
    assert!(l.files[1]
        .error
        .as_deref()
        .unwrap()
        .contains("未找到表头行"));
    assert!(l.files[3].error.is_some());
    assert_eq!(total(&l, 0), 100);
}

#[test]
fn projects_fed_by_both_families_are_flagged() {
    let t = treasury(&[&t_row("2025-03-01", "ZF1", "P1", "1")]);
    let g = ledger_file(
        "单位：元",
        &["2025/3/1,记-0001,付款,7201,事业支出,P1,项目,1.00,,借,1.00"],
    );
    let (l, _d) = run(&[("t.csv", t), ("g.csv", g.into_bytes())]);
    assert_eq!(l.problems.len(), 1);
    assert!(l.problems[0].message.contains("P1"));
}

#[test]
fn messy_cells() {
    let rows = [
        t_row("2025年3月1日", "=\"ZF1\"", " P1 ", "\"(1,234.00)\""),
        t_row("20250302", "ZF2", "P1", "１２３．４５元"),
        t_row("45719", "ZF3", "P1", "-"),
        t_row("2025/3/4", "ZF4", "p1", "¥8"),
    ];
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (l, _d) = run(&[("m.csv", treasury(&refs))]);
    assert_eq!(l.files[0].quarantined, 0, "{:?}", l.quarantine);
    assert_eq!(total(&l, 0), -123_400 + 12_345 + 800);
}

/// A file of many chunks, with quoted fields (one holding a newline) and
/// stray quotes inside unquoted fields: parsed in parallel it gives exactly
/// the sequential result, with the right line numbers.
fn big_file(stray_quote: bool) -> (Vec<u8>, i64, u64, usize) {
    let mut s = format!("{T_HEADER}\n");
    let mut total = 0i64;
    let mut rows = 0u64;
    let mut line = 1usize;
    let mut i = 0u64;
    while s.len() < 10 << 20 {
        i += 1;
        let fen = (i * 7919 % 100_000) as i64 - 20_000;
        let amount = Fen(fen).plain();
        let row = match i % 5 {
            // A quoted 摘要 with a comma, and a quoted amount.
            0 => format!(
                "2025-03-{:02},ZF{i:08},308001,单位,P1,项目,2040199,30299,收款人,\"摘要, 含逗号\",\"{amount}\",一般公共预算资金",
                i % 28 + 1
            ),
            // A quoted field holding a newline (two physical lines).
            1 if i % 1000 == 1 => format!(
                "2025-04-{:02},ZF{i:08},308001,单位,P2,项目,2040199,30299,收款人,\"第一行\n第二行\",{amount},一般公共预算资金",
                i % 28 + 1
            ),
            // A stray quote inside an unquoted field.
            2 if stray_quote && i % 997 == 2 => format!(
                "2025-05-{:02},ZF{i:08},308001,单位,P2,项目,2040199,30299,收款人,5\" pipe,{amount},一般公共预算资金",
                i % 28 + 1
            ),
            _ => t_row(&format!("2025-06-{:02}", i % 28 + 1), &format!("ZF{i:08}"), "P1", &amount),
        };
        line += 1 + row.matches('\n').count();
        s.push_str(&row);
        s.push('\n');
        total += fen;
        rows += 1;
    }
    // One bad row at the end: its line number must be exact.
    s.push_str(&t_row("2025-13-01", "ZFBAD", "P1", "1.00"));
    s.push('\n');
    line += 1;
    (s.into_bytes(), total, rows + 1, line)
}

#[test]
fn chunked_parsing_matches_the_sequential_result() {
    for stray in [false, true] {
        let (bytes, total_fen, rows, bad_line) = big_file(stray);
        let (l, _dir) = run(&[("big.csv", bytes)]);
        assert_eq!(total(&l, 0) + total(&l, 1), total_fen, "stray {stray}");
        assert_eq!(l.files[0].rows_read, rows, "stray {stray}");
        assert_eq!(l.quarantine.len(), 1, "stray {stray}");
        assert_eq!(l.quarantine[0].line, bad_line, "stray {stray}");
    }
}

/// The content hash computed while parsing (blocks hashed by the workers)
/// is the one the cache computes from the file alone.
#[test]
fn content_hash_while_parsing_matches_hashing_the_file() {
    let (bytes, ..) = big_file(false);
    let dir = tempfile::tempdir().unwrap();
    for (name, len) in [("big.csv", bytes.len()), ("exact.csv", 3 * (4 << 20))] {
        let path = dir.path().join(name);
        let mut b = bytes.clone();
        b.truncate(len.min(b.len()));
        // Cut at a line end so the file stays well formed.
        let end = b.iter().rposition(|&c| c == b'\n').unwrap() + 1;
        b.truncate(end);
        if name == "exact.csv" {
            // Pad with blank lines to exactly three blocks.
            b.resize(3 * (4 << 20), b'\n');
        }
        std::fs::write(&path, &b).unwrap();
        let profiles = LedgerProfile::defaults();
        let opts = options(&profiles, None);
        let codes = read::Codes::new(opts.projects.iter().zip(0u32..).map(|(&c, i)| (c, i)));
        let data = read::parse_file(&path, &opts, &codes, 2, 2, None, &mut |_| {});
        assert!(data.report.error.is_none(), "{:?}", data.report.error);
        assert_eq!(
            data.content_hash,
            Some(crate::base::encoding::hash_file(&path).unwrap()),
            "{name}"
        );
    }
}

/// A file large enough to spill its records to disk is read back from its
/// cache entry with exactly the figures it had when parsed.
#[test]
fn spilled_records_round_trip_through_the_cache() {
    let (bytes, total_fen, rows, _) = big_file(true);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, &bytes).unwrap();
    // A second export repeating the first 1000 lines: dedup needs records.
    let text = String::from_utf8(bytes).unwrap();
    let head: Vec<&str> = text.lines().take(1000).collect();
    std::fs::write(dir.path().join("again.csv"), head.join("\n") + "\n").unwrap();
    let profiles = LedgerProfile::defaults();
    let opts = options(&profiles, Some(dir.path().join("state")));
    let files = vec![dir.path().join("again.csv"), path.clone()];
    let cold = ingest(&files, &opts);
    drop(cold.cache_writer);
    let warm = ingest(&files, &opts);
    assert_eq!(warm.cached_files, 2);
    let cold = ingest(&files, &options(&profiles, None));
    assert_eq!(warm.daily, cold.daily);
    assert_eq!(total(&cold, 0) + total(&cold, 1), total_fen);
    assert_eq!(cold.files[1].rows_read, rows);
    assert!(
        cold.files[1].duplicates > 900,
        "{}",
        cold.files[1].reconciliation()
    );
    for (w, c) in warm.files.iter().zip(&cold.files) {
        assert_eq!(w.reconciliation(), c.reconciliation());
    }
    // The bad row is kept in the cache too.
    assert_eq!(cold.quarantine.len(), 1);
    assert_eq!(warm.quarantine, cold.quarantine);
}

/// Issue 14: a GBK export is cut into chunks on its raw bytes and each
/// chunk transcoded by a worker; the result is the one the same text gives
/// in UTF-8, with quoted line breaks, stray quotes, CRLF and bare-CR line
/// ends.
#[test]
fn gbk_chunks_transcoded_by_workers_match_utf8() {
    for (stray, ends) in [(false, "\n"), (true, "\n"), (false, "\r\n"), (true, "\r")] {
        let (bytes, total_fen, rows, _) = big_file(stray);
        let text = String::from_utf8(bytes).unwrap().replace('\n', ends);
        let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
        assert!(gbk.len() > 8 << 20);
        let (u, _d1) = run(&[("big.csv", text.clone().into_bytes())]);
        let (g, _d2) = run(&[("big.csv", gbk.into_owned())]);
        let what = format!("stray {stray}, line ends {ends:?}");
        assert_eq!(total(&g, 0) + total(&g, 1), total_fen, "{what}");
        assert_eq!(g.files[0].rows_read, rows, "{what}");
        assert_eq!(g.daily, u.daily, "{what}");
        let rows_of = |l: &Ledger| {
            l.quarantine
                .iter()
                .map(|q| (q.line, q.reason.clone(), q.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(rows_of(&g), rows_of(&u), "{what}");
    }
}

/// Issue 14: a large accounting ledger in GBK, parsed on its raw bytes
/// (only non-ASCII fields transcoded), gives exactly what the same text in
/// UTF-8 gives: Chinese voucher numbers (their dedup keys included, shown by
/// a UTF-8 export overlapping it), 本月合计 rows, full-width spaces around
/// cells, blank rows of full-width spaces, full-width project codes, bad
/// rows and their text.
#[test]
fn gbk_ledger_on_raw_bytes_matches_utf8() {
    let mut rows: Vec<String> = Vec::new();
    let mut i = 0u64;
    let mut len = 0;
    while len < 12 << 20 {
        i += 1;
        let day = i % 28 + 1;
        let fen = (i * 7919 % 100_000) as i64 - 20_000;
        let amount = Fen(fen).plain();
        let row = match i % 50 {
            0 => ",,本月合计,,,,,800.00,50.00,借,750.00".to_string(),
            1 => format!("2025/3/{day},记-{i:04},付款,7201,事业支出,\u{3000}P1\u{3000},项目,\u{3000}{amount},,借,0"),
            2 => "\u{3000},\u{3000},,,,,,,,,".to_string(),
            3 => format!("2025/3/{day},记-{i:04},付款,7201,事业支出,Ｐ２,项目,{amount},,借,0"),
            4 => format!("2025/3/{day},记-{i:04},付款,7201,事业支出,P9,项目,{amount},,借,0"),
            _ => format!("2025/4/{day},记-{i:04},付款,7201,事业支出,P2,项目,,{amount},贷,0"),
        };
        len += row.len() + 1;
        rows.push(row);
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let text = ledger_file("单位：元", &refs);
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    assert!(gbk.len() > 8 << 20);
    // An overlapping UTF-8 export of the first rows: dedup across encodings.
    let head = ledger_file("单位：元", &refs[..200]);
    let (u, _d1) = run(&[
        ("a.csv", text.clone().into_bytes()),
        ("b.csv", head.clone().into_bytes()),
    ]);
    let (g, _d2) = run(&[("a.csv", gbk.into_owned()), ("b.csv", head.into_bytes())]);
    assert_eq!(g.files[0].encoding, Some(TextEncoding::Gb18030));
    assert_eq!(g.daily, u.daily);
    let counts = |l: &Ledger| {
        l.files
            .iter()
            .map(|f| (f.rows_read, f.used, f.summary, f.quarantined, f.duplicates))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&g), counts(&u));
    assert!(g.files[1].duplicates > 150, "{:?}", counts(&g));
    let rows_of = |l: &Ledger| {
        l.quarantine
            .iter()
            .map(|q| (q.line, q.reason.clone(), q.text.clone()))
            .collect::<Vec<_>>()
    };
    assert!(!g.quarantine.is_empty());
    assert_eq!(rows_of(&g), rows_of(&u));
}

/// The code table finds every code, of any length, and nothing else
/// (prefixes, extensions and near-misses of known codes included).
#[test]
fn code_table_finds_exactly_the_codes() {
    let owned: Vec<String> = (0..5000)
        .map(|i| match i % 4 {
            0 => format!("13022925P{i:012}B"),
            1 => format!("X{i}"),
            2 => format!("{}-{i}", "长".repeat(i % 13)),
            _ => format!("{}{i}", "L".repeat(40)),
        })
        .collect();
    let codes = read::Codes::new(owned.iter().zip(0u32..).map(|(c, i)| (c.as_str(), i)));
    for (i, c) in owned.iter().enumerate() {
        assert_eq!(codes.get(c.as_bytes()), Some(i as u32), "{c}");
        let mut longer = c.clone().into_bytes();
        longer.push(b'9');
        if !owned.iter().any(|o| o.as_bytes() == longer.as_slice()) {
            assert_eq!(codes.get(&longer), None, "{c}9");
        }
        assert_eq!(
            codes.get(&c.as_bytes()[..c.len() - 1]).is_some(),
            owned
                .iter()
                .any(|o| o.as_bytes() == &c.as_bytes()[..c.len() - 1])
        );
    }
    assert_eq!(codes.get(b""), None);
    assert_eq!(codes.get(b"13022925P999999999999B"), None);
    let empty = read::Codes::new(std::iter::empty());
    assert_eq!(empty.get(b"P1"), None);
}

/// The short-field transcoder agrees with the general decoder, malformed
/// and truncated bytes included.
#[test]
fn gb18030_fields_transcode_as_the_decoder_does() {
    let mut samples: Vec<Vec<u8>> = vec![
        encoding_rs::GB18030.encode("记-0001").0.into_owned(),
        encoding_rs::GB18030.encode("记-0002").0.into_owned(),
        encoding_rs::GB18030.encode("付-0002").0.into_owned(),
        encoding_rs::GB18030.encode("付-0002号").0.into_owned(),
        encoding_rs::GB18030.encode("㐀0").0.into_owned(),
        encoding_rs::GB18030
            .encode("付款 支付办公用品 €😀")
            .0
            .into_owned(),
        vec![0xB0],
        vec![0x81, 0x30, 0x81],
        vec![0xFF, 0xFE, b'a', 0x80],
        b"plain".to_vec(),
        Vec::new(),
    ];
    // Every prefix and suffix of a mixed field, so that cut characters,
    // trail bytes in the ASCII range and four-byte sequences all meet the
    // remembered part (after their whole field went first).
    let mixed = encoding_rs::GB18030
        .encode("记帐-0001䂓€A😀z丂9")
        .0
        .into_owned();
    for i in 0..=mixed.len() {
        samples.push(mixed.clone());
        samples.push(mixed[..i].to_vec());
        samples.push(mixed[i..].to_vec());
        samples.push([&mixed[..i], b"77".as_slice()].concat());
    }
    for s in samples {
        let want = encoding_rs::GB18030
            .decode_without_bom_handling(&s)
            .0
            .into_owned()
            .into_bytes();
        assert_eq!(read::gb18030_to_utf8(&s), want, "{s:?}");
    }
}

/// Large files are parsed where they lie in a memory map (no copy through
/// a buffer); reading them the old way must give exactly the same: figures,
/// counts, bad rows with their lines, and the content hash that names the
/// cache entry. Also for GBK on raw bytes, CRLF, and a bare `\r` appearing
/// after the first block (which sends the file back to the reader).
/// Held by the tests that switch the mapped path (`read::MAP_FILES`, the
/// `read::AFTER_MAP` hook), so they do not switch it under each other.
static MAP_SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn mapped_and_read_files_give_the_same_result() {
    use std::sync::atomic::Ordering;
    let _switch = MAP_SWITCH.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let profiles = LedgerProfile::defaults();
    let opts = options(&profiles, None);
    let codes = read::Codes::new(opts.projects.iter().zip(0u32..).map(|(&c, i)| (c, i)));
    for (stray, ends, gbk) in [
        (false, "\n", false),
        (true, "\r\n", false),
        (true, "\n", true),
        (false, "\r", false),
    ] {
        let (bytes, ..) = big_file(stray);
        let text = String::from_utf8(bytes).unwrap().replace('\n', ends);
        let mut bytes = if gbk {
            encoding_rs::GB18030.encode(&text).0.into_owned()
        } else {
            text.into_bytes()
        };
        if ends == "\r" {
            // Plain line feeds in the first block: the bare `\r` shows up
            // only in the mapped part.
            let first = String::from_utf8(bytes[..5 << 20].to_vec()).unwrap_or_default();
            let first = first.replace('\r', "\n");
            if first.len() == 5 << 20 {
                bytes[..5 << 20].copy_from_slice(first.as_bytes());
            }
        }
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &bytes).unwrap();
        let what = format!("stray {stray}, ends {ends:?}, gbk {gbk}");
        let parse = |map: bool| {
            read::MAP_FILES.store(map, Ordering::Relaxed);
            let d = read::parse_file(&path, &opts, &codes, 2, 2, None, &mut |_| {});
            read::MAP_FILES.store(true, Ordering::Relaxed);
            d
        };
        let before = read::MAPPED.load(Ordering::Relaxed);
        let (m, r) = (parse(true), parse(false));
        if ends != "\r" {
            assert!(
                read::MAPPED.load(Ordering::Relaxed) > before,
                "{what}: not mapped"
            );
        }
        assert!(m.report.error.is_none(), "{what}: {:?}", m.report.error);
        assert_eq!(m.cells, r.cells, "{what}");
        assert_eq!(m.bad, r.bad, "{what}");
        assert_eq!(m.dups, r.dups, "{what}");
        assert_eq!(
            m.report.reconciliation(),
            r.report.reconciliation(),
            "{what}"
        );
        assert_eq!(m.content_hash, r.content_hash, "{what}");
        assert_eq!(
            m.content_hash,
            Some(crate::base::encoding::hash_file(&path).unwrap()),
            "{what}"
        );
    }
}

/// The bucket sort (a counting pass on the key's second byte, then small
/// sorts) orders records exactly as a comparison sort does, repeated keys
/// and all, for buckets below and above its threshold.
#[test]
fn bucket_sort_orders_like_a_comparison_sort() {
    use super::records::{sort_bucket, Rec};
    let mut scratch = Vec::new();
    for n in [0usize, 1, 511, 512, 5000, 20_000] {
        let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ n as u64;
        let mut v: Vec<Rec> = (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Bucket 0x2A; every 7th key repeats an earlier one.
                let key = if i % 7 == 3 {
                    0x2A00_0000_0000_0000 | (i as u64 / 2)
                } else {
                    (0x2A << 56) | (x >> 8)
                };
                Rec {
                    key,
                    fen: i as i64,
                    project: (x % 97) as u32,
                    day: (x % 365) as u16,
                }
            })
            .collect();
        let mut expect = v.clone();
        expect.sort_by_key(|r| (r.key, r.fen));
        sort_bucket(&mut v, &mut scratch);
        assert!(v.windows(2).all(|w| w[0].key <= w[1].key), "{n}");
        v.sort_by_key(|r| (r.key, r.fen));
        assert_eq!(v, expect, "{n}");
    }
}

/// An export cut short by another program while it is being read (mapped)
/// is reported as such, counts for nothing and is not cached; nothing
/// panics and no signal ends the run. (The cut is made right after the
/// file is mapped, through a test hook, so the pages past the new end are
/// read afterwards.)
#[test]
fn a_file_cut_short_while_read_is_reported_not_a_crash() {
    use std::sync::atomic::Ordering;
    let _switch = MAP_SWITCH.lock().unwrap_or_else(|e| e.into_inner());
    let (bytes, ..) = big_file(false);
    assert!(bytes.len() > 8 << 20);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut-short-while-read.csv");
    std::fs::write(&path, &bytes).unwrap();
    // The hook is given the file mapped: it cuts only this test's file
    // (other tests may map files of the same length meanwhile).
    static INODE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    INODE.store(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&path).unwrap()),
        Ordering::SeqCst,
    );
    fn cut(f: &std::fs::File) {
        let ino = f
            .metadata()
            .map(|m| std::os::unix::fs::MetadataExt::ino(&m));
        if ino.ok() == Some(INODE.load(Ordering::SeqCst)) {
            // The reader's handle is read-only: cut through the file's
            // descriptor path under /proc.
            use std::os::unix::io::AsRawFd;
            let p = format!("/proc/self/fd/{}", f.as_raw_fd());
            let w = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            w.set_len(5 << 20).unwrap();
        }
    }
    read::MAP_FILES.store(true, Ordering::Relaxed);
    *read::AFTER_MAP.lock().unwrap() = Some(cut);
    let profiles = LedgerProfile::defaults();
    let opts = options(&profiles, Some(dir.path().join("state")));
    let l = ingest(std::slice::from_ref(&path), &opts);
    *read::AFTER_MAP.lock().unwrap() = None;
    let err = l.files[0].error.clone().unwrap_or_default();
    assert_eq!(
        err,
        crate::base::i18n::message("file-changed-while-read", &[]),
        "{:?}",
        l.files[0]
    );
    assert!(l.daily.is_empty());
    drop(l.cache_writer);
    // Read again (now a 5 MiB file cut mid-row): nothing came from a cache.
    let again = ingest(std::slice::from_ref(&path), &opts);
    assert_eq!(again.cached_files, 0);
    assert!(again.files[0].error.is_none(), "{:?}", again.files[0].error);
    assert!(!again.daily.is_empty());
}

#[test]
fn a_unit_s_cells_are_cut_out_and_renumbered() {
    let cell = |project: u32, day: u16, fen: i64| DailyTotal {
        project,
        day,
        fen,
        payments: 1,
    };
    let daily = [
        cell(0, 3, 1),
        cell(1, 1, 2),
        cell(1, 9, 3),
        cell(3, 0, 4),
        cell(4, 2, 5),
        cell(4, 7, 6),
    ];
    // Projects 1, 2 (no payments) and 4 become 0, 1 and 2.
    assert_eq!(
        daily_of(&daily, &[1, 2, 4]),
        [cell(0, 1, 2), cell(0, 9, 3), cell(2, 2, 5), cell(2, 7, 6)]
    );
    assert!(daily_of(&daily, &[]).is_empty());
    assert_eq!(daily_of(&daily, &[0, 1, 3, 4]).len(), daily.len());
}
