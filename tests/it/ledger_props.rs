//! Property tests of the ledger reader (issue 10): random ledgers in every
//! encoding, line ending and quoting the reader accepts, with noise rows,
//! split into overlapping files, never panic, always reconcile (rows read =
//! used + duplicates + summary + quarantined) and give exactly the totals of
//! a simple reference: each payment counted as often as the file that has
//! it most often holds it. And arbitrary damage to a file never panics.

use std::path::PathBuf;

use budget_monitor::ledger::profile::LedgerProfile;
use budget_monitor::ledger::{ingest, IngestOptions, Ledger};
use proptest::prelude::*;

const HEADER: [&str; 12] = [
    "支付日期",
    "支付凭证号",
    "单位编码",
    "单位名称",
    "项目编码",
    "项目名称",
    "功能分类科目",
    "经济分类科目",
    "收款人",
    "摘要",
    "支付金额",
    "资金性质",
];

const CODES: [&str; 4] = ["P1", "P2", "P3", "PX"];

#[derive(Debug, Clone)]
struct Payment {
    /// Index into CODES; 3 is not a configured project.
    project: usize,
    /// Day of 2025 (0-based), or 400 for a date in 2024.
    day: u16,
    fen: i64,
}

impl Payment {
    fn valid(&self) -> bool {
        self.project < 3 && self.day < 365
    }
}

#[derive(Debug, Clone, Copy)]
enum Noise {
    Blank,
    Total,
    BadAmount,
    Shifted,
    Unclosed,
}

#[derive(Debug, Clone)]
struct FilePlan {
    /// How often each payment appears in the file (index into payments).
    counts: Vec<u8>,
    /// Noise rows and where they go (fraction of the rows).
    noise: Vec<(Noise, u8)>,
    /// Row order: a random key per row.
    order_seed: u64,
    encoding: u8,
    eol: u8,
    /// 0 no quotes, 1 quote every field, 2 quote amounts with separators
    /// and some 摘要 spanning two lines.
    quoting: u8,
    /// Extra one-fen payments of P3 unique to this file, to make files of
    /// many chunks (the random rows then land on chunk boundaries).
    filler: u32,
}

fn payment() -> impl Strategy<Value = Payment> {
    (
        prop_oneof![8 => 0usize..3, 1 => Just(3usize)],
        prop_oneof![12 => 0u16..365, 1 => Just(400u16)],
        prop_oneof![
            4 => -100_000i64..10_000_000,
            1 => -100_000_000_000i64..100_000_000_000,
            1 => Just(0i64),
        ],
    )
        .prop_map(|(project, day, fen)| Payment { project, day, fen })
}

fn noise() -> impl Strategy<Value = Noise> {
    prop_oneof![
        Just(Noise::Blank),
        Just(Noise::Total),
        Just(Noise::BadAmount),
        Just(Noise::Shifted),
        Just(Noise::Unclosed),
    ]
}

fn file_plan(n: usize) -> impl Strategy<Value = FilePlan> {
    (
        proptest::collection::vec(
            prop_oneof![6 => Just(0u8), 5 => Just(1u8), 1 => Just(2u8)],
            n,
        ),
        proptest::collection::vec((noise(), any::<u8>()), 0..4),
        any::<u64>(),
        0u8..5,
        0u8..3,
        0u8..3,
    )
        .prop_map(
            |(counts, noise, order_seed, encoding, eol, quoting)| FilePlan {
                counts,
                noise,
                order_seed,
                encoding,
                eol,
                quoting,
                filler: 0,
            },
        )
}

fn ledger_case() -> impl Strategy<Value = (Vec<Payment>, Vec<FilePlan>)> {
    proptest::collection::vec(payment(), 1..40).prop_flat_map(|ps| {
        let n = ps.len();
        (Just(ps), proptest::collection::vec(file_plan(n), 1..4))
    })
}

fn date(day: u16) -> String {
    if day >= 365 {
        return "2024-12-30".into();
    }
    let d = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(day as u64);
    d.format("%Y-%m-%d").to_string()
}

fn yuan(fen: i64, grouped: bool) -> String {
    let f = budget_monitor::base::money::Fen(fen);
    if grouped {
        f.grouped()
    } else {
        f.plain()
    }
}

/// One CSV line of cells, quoted by the plan's mode.
fn line(cells: &[String], quoting: u8) -> String {
    cells
        .iter()
        .map(|c| {
            let needs = c.contains(',') || c.contains('"') || c.contains('\n');
            if quoting == 1 || needs {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn payment_cells(i: usize, p: &Payment, quoting: u8) -> Vec<String> {
    let summary = if quoting == 2 && i.is_multiple_of(3) {
        "第一行\n第二行".to_string()
    } else {
        format!("摘要{i}")
    };
    vec![
        date(p.day),
        format!("ZF{i:06}"),
        "308001".into(),
        "单位".into(),
        CODES[p.project].into(),
        "项目".into(),
        "2040199".into(),
        "30299".into(),
        "收款人".into(),
        summary,
        yuan(p.fen, quoting == 2),
        "一般公共预算资金".into(),
    ]
}

/// Expected counts for one file.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expect {
    rows: u64,
    summary: u64,
    quarantined: u64,
    payments: u64,
}

/// The file's text (before encoding) and what it should count; `file`
/// makes the filler rows' payment numbers unique to the file.
fn render(payments: &[Payment], plan: &FilePlan, file: usize) -> (String, Expect) {
    let mut rows: Vec<(u64, String)> = Vec::new();
    let mut e = Expect::default();
    let mut key = plan.order_seed | 1;
    let mut next = || {
        // xorshift: the row order is part of the case, so it shrinks too.
        key ^= key << 13;
        key ^= key >> 7;
        key ^= key << 17;
        key
    };
    // An unclosed quote is only promised to cost its line when no other
    // quote can close it: no quoting in files that have one.
    let unclosed = plan.noise.iter().any(|(n, _)| matches!(n, Noise::Unclosed));
    let quoting = if unclosed { 0 } else { plan.quoting };
    for (i, (p, &c)) in payments.iter().zip(&plan.counts).enumerate() {
        for _ in 0..c {
            rows.push((next(), line(&payment_cells(i, p, quoting), quoting)));
            e.rows += 1;
            if p.valid() {
                e.payments += 1;
            } else {
                e.quarantined += 1;
            }
        }
    }
    for k in 0..plan.filler {
        let p = Payment {
            project: 2,
            day: 150,
            fen: 1,
        };
        let mut c = payment_cells(k as usize, &p, quoting);
        c[1] = format!("FL{file}-{k}");
        rows.push((next(), line(&c, quoting)));
        e.rows += 1;
        e.payments += 1;
    }
    for (k, (n, _)) in plan.noise.iter().enumerate() {
        let base = payment_cells(
            900_000 + k,
            &Payment {
                project: 0,
                day: 3,
                fen: 1,
            },
            0,
        );
        let text = match n {
            Noise::Blank => {
                e.summary += 1;
                String::new()
            }
            Noise::Total => {
                e.summary += 1;
                "合计,,,,,,,,,,105.00,".to_string()
            }
            Noise::BadAmount => {
                e.quarantined += 1;
                let mut c = base.clone();
                c[10] = "12,3a4.00".into();
                line(&c, 1)
            }
            Noise::Shifted => {
                e.quarantined += 1;
                let mut c = base.clone();
                c[10] = "12,345.00".into();
                c.join(",")
            }
            Noise::Unclosed => {
                e.quarantined += 1;
                let mut c = base.clone();
                c[9] = "\"未闭合".into();
                c.join(",")
            }
        };
        e.rows += 1;
        rows.push((next(), text));
    }
    rows.sort_by_key(|r| r.0);
    let eol = ["\n", "\r\n", "\r"][plan.eol as usize];
    let mut s = HEADER.join(",");
    s.push_str(eol);
    for (_, r) in rows {
        s.push_str(&r.replace('\n', eol));
        s.push_str(eol);
    }
    (s, e)
}

fn encode(text: &str, encoding: u8) -> Vec<u8> {
    match encoding {
        0 => text.as_bytes().to_vec(),
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        2 => encoding_rs::GB18030.encode(text).0.into_owned(),
        3 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect(),
        _ => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect(),
    }
}

fn read_all(files: &[Vec<u8>], dir: &std::path::Path) -> Ledger {
    let mut paths: Vec<PathBuf> = Vec::new();
    for (i, bytes) in files.iter().enumerate() {
        let p = dir.join(format!("f{i}.csv"));
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let profiles = LedgerProfile::defaults();
    let projects: Vec<&str> = CODES[..3].to_vec();
    ingest(
        &paths,
        &IngestOptions {
            fiscal_year: 2025,
            profiles: &profiles,
            projects,
            progress: false,
            exclude: vec![],
            state_dir: None,
        },
    )
}

/// Reads the planned files and compares with the reference.
fn check_reference(payments: &[Payment], plans: &[FilePlan]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    let mut expects = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let (text, e) = render(payments, plan, i);
        bytes.push(encode(&text, plan.encoding));
        expects.push(e);
    }
    let l = read_all(&bytes, dir.path());
    // The reference: a payment counts as often as the file that has it
    // most often holds it; filler rows once each.
    let mut want = [0i64; 3];
    let mut want_payments = 0u64;
    for (i, p) in payments.iter().enumerate() {
        let most = plans.iter().map(|f| f.counts[i]).max().unwrap_or(0) as i64;
        if p.valid() {
            want[p.project] += p.fen * most;
            want_payments += most as u64;
        }
    }
    for f in plans {
        want[2] += f.filler as i64;
        want_payments += f.filler as u64;
    }
    let mut got = [0i64; 3];
    let mut got_payments = 0u64;
    for d in l.daily.iter() {
        got[d.project as usize] += d.fen;
        got_payments += d.payments as u64;
    }
    for (f, e) in l.files.iter().zip(&expects) {
        prop_assert!(f.error.is_none(), "{}", f.reconciliation());
        prop_assert!(f.balanced(), "{}", f.reconciliation());
        let first: Vec<_> = l.quarantine.iter().take(5).collect();
        prop_assert_eq!(
            (f.rows_read, f.summary, f.quarantined, f.used + f.duplicates),
            (e.rows, e.summary, e.quarantined, e.payments),
            "{} {:?}",
            f.reconciliation(),
            first
        );
    }
    prop_assert_eq!(got, want);
    prop_assert_eq!(got_payments, want_payments);
    // What the charts' binary search relies on (progress::cumulative_series).
    prop_assert!(
        l.daily
            .windows(2)
            .all(|w| (w[0].project, w[0].day) < (w[1].project, w[1].day)),
        "the daily table is not sorted by (project, day) with one row per cell"
    );
    prop_assert!(l.problems.is_empty(), "{:?}", l.problems);
    Ok(())
}

proptest! {
    // Files of several chunks (about 6 MiB each): few cases, each a few
    // hundred milliseconds.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn large_random_ledgers_reconcile_with_the_reference(
        (payments, mut plans) in ledger_case(),
        fill in proptest::collection::vec(0u32..70_000, 3),
    ) {
        for (p, f) in plans.iter_mut().zip(fill) {
            p.filler = f;
        }
        check_reference(&payments, &plans)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_ledgers_reconcile_with_the_reference((payments, plans) in ledger_case()) {
        check_reference(&payments, &plans)?;
    }

    #[test]
    fn damaged_files_never_panic_and_always_reconcile(
        (payments, plans) in ledger_case(),
        damage in proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = Vec::new();
        for plan in &plans {
            let (text, _) = render(&payments, plan, 0);
            let mut b = encode(&text, plan.encoding);
            for &(at, byte, how) in &damage {
                if b.is_empty() {
                    break;
                }
                let at = at as usize % b.len();
                match how {
                    0 => b[at] = byte,
                    1 => b.insert(at, byte),
                    _ => {
                        b.remove(at);
                    }
                }
            }
            bytes.push(b);
        }
        let l = read_all(&bytes, dir.path());
        for f in &l.files {
            prop_assert!(f.error.is_some() || f.balanced(), "{}", f.reconciliation());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        raw in proptest::collection::vec(any::<u8>(), 0..2000),
        header in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut b = Vec::new();
        if header {
            b.extend_from_slice(HEADER.join(",").as_bytes());
            b.push(b'\n');
        }
        b.extend_from_slice(&raw);
        let l = read_all(&[b], dir.path());
        for f in &l.files {
            prop_assert!(f.error.is_some() || f.balanced(), "{}", f.reconciliation());
        }
    }
}
