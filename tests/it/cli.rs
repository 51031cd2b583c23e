//! The real binary on the shipped data and on messy fixtures: totals to the
//! fen, quarantine rows with file and line, exit codes.

use crate::common::*;
use std::path::Path;

#[test]
fn shipped_data_matches_the_expected_figures_to_the_fen() {
    let dir = shipped_copy();
    let expected = csv_rows(
        &std::fs::read_to_string(repo().join("tests/fixtures/sample_expected.csv")).unwrap(),
    );
    for (date, column) in [
        ("2025-03-31", "paid_fen_2025_03_31"),
        ("2025-06-30", "paid_fen_2025_06_30"),
        ("2025-07-15", "paid_fen_2025_07_15"),
        ("2025-10-31", "paid_fen_2025_10_31"),
        ("2025-12-31", "paid_fen_2025_12_31"),
    ] {
        let out = run(dir.path(), &["status", "--as-of", date, "--format", "csv"]);
        assert_eq!(out.code, 0, "the shipped data is clean: {}", out.stderr);
        let paid = paid_by_project(&out.stdout);
        assert_eq!(paid.len(), 12);
        for e in &expected {
            let want: i64 = e[column].parse().unwrap();
            assert_eq!(
                paid[&e["project_code"]], want,
                "{} at {date}",
                e["project_code"]
            );
        }
    }
}

#[test]
fn shipped_data_tells_the_mid_july_story() {
    let dir = shipped_copy();
    let out = run(
        dir.path(),
        &["status", "--as-of", "2025-07-15", "--format", "csv"],
    );
    let rows = csv_rows(&out.stdout);
    let count = |s: &str| rows.iter().filter(|r| r["status"] == s).count();
    assert_eq!(count("overspent"), 1);
    // Nothing paid while the plan expects 53 %: red, not "no payments".
    assert_eq!(count("red") + count("yellow"), 3);
    assert_eq!(count("on_track") + count("behind"), 8);
    // Behind at the June checkpoint: execution there below 50 %.
    let behind_in_june = rows
        .iter()
        .filter(|r| r["last_checkpoint"] == "2025-06-30")
        .filter(|r| {
            r["last_checkpoint_execution_pct"].parse::<f64>().unwrap()
                < r["last_checkpoint_planned_pct"].parse::<f64>().unwrap()
        })
        .count();
    assert!(behind_in_june >= 2, "{}", out.stdout);
    // Year end: most near 100 %.
    let out = run(
        dir.path(),
        &["status", "--as-of", "2025-12-31", "--format", "csv"],
    );
    let near = csv_rows(&out.stdout)
        .iter()
        .filter(|r| r["execution_pct"].parse::<f64>().unwrap() >= 90.0)
        .count();
    assert!(near >= 10);
}

#[test]
fn messy_example_rows_are_quarantined_with_file_and_line() {
    let dir = shipped_copy();
    let messy = repo().join("examples/messy");
    let messy = messy.to_str().unwrap();
    let out = run(
        dir.path(),
        &[
            "status",
            "--as-of",
            "2025-12-31",
            "--format",
            "csv",
            "--ledger",
            messy,
        ],
    );
    assert_eq!(out.code, 1);
    let q =
        csv_rows(&std::fs::read_to_string(dir.path().join("quarantine/quarantine.csv")).unwrap());
    let mut got: Vec<(String, String)> = q
        .iter()
        .map(|r| {
            let name = Path::new(&r["source_file"])
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            (name, r["line"].clone())
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = csv_rows(
        &std::fs::read_to_string(repo().join("tests/fixtures/sample_bad_rows.csv")).unwrap(),
    )
    .into_iter()
    .map(|r| (r["file"].clone(), r["line"].clone()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    assert!(out.stderr.contains("ZF2025000002480"), "{}", out.stderr);
    // The README's command lists every bad row, and every file reconciles.
    let v = run(dir.path(), &["check", "--ledger", messy]);
    assert_eq!(v.code, 1, "{}", v.stderr);
    for r in csv_rows(
        &std::fs::read_to_string(repo().join("tests/fixtures/sample_bad_rows.csv")).unwrap(),
    ) {
        let at = format!("{}:{}：", r["file"], r["line"]);
        assert!(v.stderr.contains(&at), "{at} not in {}", v.stderr);
    }
    // Chinese by default: "<file>：读取 <n> 行 = 使用 <a> + 重复 <b> + 汇总/空行 <c> + 隔离 <d>（…）".
    let numbers = |s: &str| -> Vec<u64> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().unwrap())
            .collect()
    };
    assert_eq!(v.stderr.matches("行 = 使用").count(), 3, "{}", v.stderr);
    for line in v.stderr.lines().filter(|l| l.contains("行 = 使用")) {
        let (head, tail) = line.split_once(" 行 = ").unwrap();
        let read: u64 = head.rsplit("读取 ").next().unwrap().parse().unwrap();
        let parts = numbers(tail.split('（').next().unwrap());
        assert_eq!(parts.len(), 4, "{line}");
        assert_eq!(read, parts.iter().sum::<u64>(), "{line}");
    }
    assert!(v.stderr.contains("check：12 个项目"), "{}", v.stderr);
    // English on request, by flag or environment, for logs shared with anyone.
    let en = run(dir.path(), &["check", "--ledger", messy, "--lang", "en"]);
    let env = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(["check", "--ledger", messy])
        .current_dir(dir.path())
        .env("BUDGET_MONITOR_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(en.stderr, String::from_utf8_lossy(&env.stderr));
    assert_eq!(en.stderr.matches("rows read =").count(), 3, "{}", en.stderr);
    for line in en.stderr.lines().filter(|l| l.contains("rows read =")) {
        // "<file>: <read> rows read = <used> used + <dups> duplicates + <summary> summary/blank + <q> quarantined (...)"
        let (head, tail) = line.split_once(" rows read = ").unwrap();
        let read: u64 = head.rsplit(' ').next().unwrap().parse().unwrap();
        let parts = numbers(tail.split(" (").next().unwrap());
        assert_eq!(parts.len(), 4, "{line}");
        assert_eq!(read, parts.iter().sum::<u64>(), "{line}");
    }
    assert!(en.stderr.contains("check: 12 projects"), "{}", en.stderr);
    // An unknown language in the environment: one warning, then Chinese.
    let fr = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(["check", "--ledger", messy])
        .current_dir(dir.path())
        .env("BUDGET_MONITOR_LANG", "fr")
        .output()
        .unwrap();
    let fr = String::from_utf8_lossy(&fr.stderr);
    assert_eq!(
        fr.matches("警告：BUDGET_MONITOR_LANG=\"fr\"：无法识别的语言")
            .count(),
        1,
        "{fr}"
    );
    assert!(fr.contains("check：12 个项目"), "{fr}");
}

#[test]
fn table_and_json_outputs() {
    let dir = shipped_copy();
    let out = run(dir.path(), &["status", "--as-of", "2025-07-15"]);
    assert!(out.stdout.contains("项目编码"));
    assert!(out.stdout.contains("4,072,570.00"), "{}", out.stdout);
    assert!(out.stdout.contains("超预算"));
    let out = run(
        dir.path(),
        &["status", "--as-of", "2025-07-15", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 12);
    assert_eq!(arr[0]["budget"], "50000.00");
    assert_eq!(arr[0]["checkpoints"].as_array().unwrap().len(), 2);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

const SETTINGS: &str = "fiscal_year = 2025\nledger_dir = \"ledgers\"\n";
const PROJECTS: &str = r#"
[[project]]
code = "P1"
name = "项目一"
budget = "10000.00"
plan = [
  { date = "2025-03-31", percent = 25 },
  { date = "2025-06-30", percent = 50 },
  { date = "2025-10-31", percent = 75 },
  { date = "2025-12-31", percent = 100 },
]

[[project]]
code = "P2"
name = "项目二"
budget = "20000"
plan = [
  { date = "2025-06-30", percent = 50 },
  { date = "2025-12-31", percent = 100 },
]
"#;

fn messy_workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "config/settings.toml", SETTINGS.as_bytes());
    write(d, "config/projects.toml", PROJECTS.as_bytes());
    // A treasury export in GBK with a title line, Excel serial dates,
    // full-width and parenthesised amounts, and a subtotal.
    let treasury = "国库集中支付明细表\n\
支付日期,支付凭证号,项目编码,摘要,支付金额（元）\n\
45717,ZF001,P1,第一笔,\"1,000.00\"\n\
2025/3/5,ZF002,P1,退回,(200.00)\n\
2025年4月1日,ZF003,P2,全角,１２３４．５\n\
2025-04-02,ZF004,P9,未知项目,10\n\
2025-04-03,ZF005,P2,坏金额,1O0\n\
,,,合计,\"2,034.50\"\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(treasury);
    write(d, "ledgers/treasury.csv", &gbk);
    // The same export again, overlapping, in UTF-8 with BOM (one payment
    // repeated, one new).
    write(
        d,
        "ledgers/sub/treasury-again.csv",
        "\u{feff}支付日期,支付凭证号,项目编码,摘要,支付金额\n2025-03-01,ZF001,P1,第一笔,1000\n2025-05-06,ZF006,P1,新,50\n".as_bytes(),
    );
    // An accounting ledger in 万元.
    write(
        d,
        "ledgers/明细账.csv",
        "项目明细账\n金额单位：万元\n日期,凭证号,摘要,项目编码,借方发生额,贷方发生额\n,,期初余额,,,\n2025-06-01,记-1,付款,P2,0.1,\n2025-06-02,记-2,冲红,P2,-0.01,\n,,本月合计,,0.09,\n".as_bytes(),
    );
    // Garbage in the folder: reported, the run goes on.
    write(
        d,
        "ledgers/garbage.csv",
        &[0u8, 159, 146, 150, 255, 0, 1, 2],
    );
    write(d, "ledgers/notes.xlsx", b"PK\x03\x04");
    dir
}

#[test]
fn messy_exports_give_exact_totals_and_point_at_bad_rows() {
    let dir = messy_workdir();
    let out = run(
        dir.path(),
        &["status", "--as-of", "2025-12-31", "--format", "csv"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let paid = paid_by_project(&out.stdout);
    assert_eq!(paid["P1"], 100_000 - 20_000 + 5_000, "{}", out.stderr);
    assert_eq!(paid["P2"], 123_450 + 100_000 - 10_000, "{}", out.stderr);
    let q =
        csv_rows(&std::fs::read_to_string(dir.path().join("quarantine/quarantine.csv")).unwrap());
    let got: Vec<(String, String, bool)> = q
        .iter()
        .map(|r| {
            (
                Path::new(&r["source_file"])
                    .file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string(),
                r["line"].clone(),
                r["original_text"].contains("P9") || r["original_text"].contains("1O0"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("treasury.csv".to_string(), "6".to_string(), true),
            ("treasury.csv".to_string(), "7".to_string(), true),
        ]
    );
    // quarantine.csv is read by the office: Chinese by default.
    assert!(
        q[0]["reason"].contains("不在项目库中"),
        "{}",
        q[0]["reason"]
    );
    assert!(
        out.stderr
            .contains("garbage.csv：未读取：不是文本文件（二进制内容）"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("notes.xlsx"), "{}", out.stderr);
}

#[test]
fn check_changes_nothing_and_exit_codes_say_what_happened() {
    let dir = messy_workdir();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 1);
    assert!(
        !dir.path().join("quarantine").exists(),
        "check must not write"
    );
    assert!(
        out.stderr
            .contains("treasury.csv:6：项目编码 \"P9\" 不在项目库中"),
        "{}",
        out.stderr
    );
    // The same lines in English on request.
    let en = run(dir.path(), &["check", "--lang", "en"]);
    assert_eq!(en.code, 1);
    assert!(
        en.stderr
            .contains("treasury.csv:6: unknown project code \"P9\""),
        "{}",
        en.stderr
    );

    // Clean input: 0.
    std::fs::remove_dir_all(dir.path().join("ledgers")).unwrap();
    write(
        dir.path(),
        "ledgers/ok.csv",
        "支付日期,支付凭证号,项目编码,支付金额\n2025-01-02,Z1,P1,1.00\n".as_bytes(),
    );
    assert_eq!(run(dir.path(), &["check"]).code, 0);
    assert_eq!(
        run(dir.path(), &["status", "--as-of", "2025-02-01"]).code,
        0
    );

    // Unusable config: 2, with file, line and column.
    write(
        dir.path(),
        "config/projects.toml",
        b"[[project]]\ncode = \"P1\"\nname = \"x\"\nbudget = \"-5\"\nplan = []\n",
    );
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("projects.toml:4:10: 项目 P1：预算必须大于 0"),
        "{}",
        out.stderr
    );
    // The same diagnostic in English on request, at the same place.
    let en = run(dir.path(), &["check", "--lang", "en"]);
    assert_eq!(en.code, 2);
    assert!(
        en.stderr
            .contains("projects.toml:4:10: project P1: budget must be greater than 0"),
        "{}",
        en.stderr
    );

    // A ledger path that does not exist: 2.
    write(dir.path(), "config/projects.toml", PROJECTS.as_bytes());
    let out = run(dir.path(), &["status", "--ledger", "nowhere"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nowhere"));

    // Usage error: 2.
    assert_eq!(
        run(dir.path(), &["status", "--as-of", "15/07/2025"]).code,
        2
    );
}

#[test]
fn no_panic_on_hostile_files() {
    let dir = messy_workdir();
    let d = dir.path();
    std::fs::remove_dir_all(d.join("ledgers")).unwrap();
    let header = "支付日期,支付凭证号,项目编码,支付金额\n";
    let cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        format!("{header}\"unterminated,1,2").into_bytes(),
        format!("{header}2025-01-01,Z,P1,99999999999999999999999").into_bytes(),
        format!("{header}2025-01-01,Z,P1,1\r\n\r\n\r").into_bytes(),
        format!("{header},,,,,,,,,,,,,,,,,,,,,,,,\n\"\"\"\",\"\n").into_bytes(),
        vec![0xFF, 0xFE, b'a', 0, b'\n', 0],
        [header.as_bytes(), &[0xC3, 0x28, b',', 0xA0, 0xA1, b'\n']].concat(),
        header.repeat(100).into_bytes(),
    ];
    for (i, c) in cases.iter().enumerate() {
        write(d, &format!("ledgers/f{i}.csv"), c);
    }
    let out = run(d, &["status", "--as-of", "2025-06-30", "--format", "csv"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(csv_rows(&out.stdout).len(), 2);
}

#[test]
fn an_empty_ledger_folder_is_a_problem_not_silence() {
    let dir = messy_workdir();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = run(
        dir.path(),
        &[
            "status",
            "--ledger",
            "empty",
            "--as-of",
            "2025-05-01",
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("问题：") && out.stderr.contains("中未找到账表导出文件"),
        "{}",
        out.stderr
    );
    assert_eq!(csv_rows(&out.stdout).len(), 2);
}

/// `status | head` closes the pipe early: the job stops quietly instead of
/// panicking on the write.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(["status", "--as-of", "2025-07-15", "--no-cache", "--config"])
        .arg(repo().join("config"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A table written to a full disk is not a finished table: exit 2, and the
/// reason named, in every format (write errors are not swallowed as a
/// reader that stopped early is).
#[test]
#[cfg(target_os = "linux")]
fn a_full_stdout_is_an_error() {
    for format in ["csv", "table", "json"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
            .args([
                "status",
                "--as-of",
                "2025-07-15",
                "--no-cache",
                "--format",
                format,
            ])
            .args(["--quarantine"])
            .arg(std::env::temp_dir().join(format!("bm-full-q-{}.csv", std::process::id())))
            .arg("--config")
            .arg(repo().join("config"))
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {stderr}");
        assert!(stderr.contains("stdout：无法写入"), "{format}: {stderr}");
    }
}

/// What the Debian package ships besides the binary comes from the binary:
/// completions for the shells and man pages, one per subcommand.
#[test]
fn completions_and_man_pages_come_from_the_cli_definition() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = run(dir.path(), &["completions", shell]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("budget-monitor"), "{shell}");
        assert!(out.stdout.contains("dashboard"), "{shell}");
    }
    let out = run(dir.path(), &["manpage"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(".TH budget-monitor 1"),
        "{}",
        out.stdout
    );
    let out = run(dir.path(), &["manpage", "--out-dir", "man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for page in [
        "budget-monitor.1",
        "budget-monitor-run.1",
        "budget-monitor-report-dashboard.1",
    ] {
        assert!(dir.path().join("man").join(page).is_file(), "{page}");
    }
    // Hidden from the help a person reads.
    let help = run(dir.path(), &["--help"]);
    assert!(!help.stdout.contains("completions"), "{}", help.stdout);
}

/// `schedule` speaks the office's language by default and English on
/// request; a day off moves to the next working day in both.
#[test]
fn schedule_is_chinese_by_default_and_english_on_request() {
    let dir = shipped_copy();
    let zh = run(dir.path(), &["schedule", "--as-of", "2025-07-15"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(
        zh.stdout
            .starts_with("月度进度通知（0 8 1 * *），自 2025-07-15 起：\n"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stdout
            .contains("2025-09-01 08:00、2025-10-09 08:00（由 2025-10-01 顺延）"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stdout.contains("预警：每次夜间任务都会评估"),
        "{}",
        zh.stdout
    );
    let en = run(
        dir.path(),
        &["schedule", "--as-of", "2025-07-15", "--lang", "en"],
    );
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(
        en.stdout
            .starts_with("monthly progress (0 8 1 * *), from 2025-07-15:\n"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout
            .contains("2025-09-01 08:00, 2025-10-09 08:00 (from 2025-10-01)"),
        "{}",
        en.stdout
    );
    assert!(!en.stdout.contains("月度进度通知"), "{}", en.stdout);
    // The head's monthly digest is scheduled too.
    assert!(
        zh.stdout
            .contains("部门负责人 <head@example.org>（月度执行情况汇总）：2025-08-01 08:00"),
        "{}",
        zh.stdout
    );
    // A registry's owners, and each unit's own head (units_file).
    std::fs::write(
        dir.path().join("registry.csv"),
        "项目编码,项目名称,单位编码,预算数,支出计划,负责人,邮箱\n\
         A1,甲一,U1,1000.00,25/50/75/100,张三,zs@example.org\n\
         B1,乙一,U2,1000.00,25/50/75/100,张三,zs@example.org\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config/units.csv"),
        "单位编码,单位负责人,负责人邮箱\nU1,赵局长,zhao@example.org\n",
    )
    .unwrap();
    let settings = dir.path().join("config/settings.toml");
    let s = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("units_file = \"config/units.csv\"\n{s}")).unwrap();
    let reg = run(
        dir.path(),
        &[
            "schedule",
            "--as-of",
            "2025-07-15",
            "--projects",
            "registry.csv",
        ],
    );
    assert_eq!(reg.code, 0, "{}", reg.stderr);
    let lines: Vec<&str> = reg.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", reg.stdout);
    assert!(
        lines[1].starts_with("  张三 <zs@example.org>："),
        "{}",
        reg.stdout
    );
    assert!(
        lines[2].starts_with("  赵局长 <zhao@example.org>（月度执行情况汇总）："),
        "{}",
        reg.stdout
    );
}

/// A date or month typed wrong on the command line is explained in Chinese
/// by default and in English with --lang (wherever it stands), before any
/// work; exit 2.
#[test]
fn a_bad_date_on_the_command_line_is_explained_in_the_language_asked() {
    let dir = shipped_copy();
    let zh = run(dir.path(), &["status", "--as-of", "2025-13-01"]);
    assert_eq!(zh.code, 2, "{}", zh.stderr);
    assert!(
        zh.stderr
            .contains("\"2025-13-01\" 不是 2025-07-15 这样的日期"),
        "{}",
        zh.stderr
    );
    assert!(!zh.stderr.contains("is not a date"), "{}", zh.stderr);
    for args in [
        &["--lang", "en", "status", "--as-of", "2025-13-01"][..],
        &["status", "--as-of", "2025-13-01", "--lang=en"][..],
    ] {
        let en = run(dir.path(), args);
        assert_eq!(en.code, 2, "{}", en.stderr);
        assert!(
            en.stderr
                .contains("\"2025-13-01\" is not a date like 2025-07-15"),
            "{}",
            en.stderr
        );
    }
    let zh = run(dir.path(), &["report", "monthly", "--month", "2025-6x"]);
    assert_eq!(zh.code, 2, "{}", zh.stderr);
    assert!(
        zh.stderr.contains("\"2025-6x\" 不是 2025-06 这样的月份"),
        "{}",
        zh.stderr
    );
    let en = run(
        dir.path(),
        &["report", "monthly", "--month", "2025-6x", "--lang", "en"],
    );
    assert!(
        en.stderr
            .contains("\"2025-6x\" is not a month like 2025-06"),
        "{}",
        en.stderr
    );
}

/// A command line mistyped otherwise (an unknown flag or command, a
/// missing, repeated or conflicting flag, a flag without its value, a
/// value outside a list) is explained in the
/// language asked too, with clap's suggestion kept; exit 2. Help and the
/// version still go to stdout with exit 0.
#[test]
fn a_mistyped_command_line_is_explained_in_the_language_asked() {
    let dir = shipped_copy();
    let cases: [(&[&str], &str, &str); 7] = [
        (
            &["status", "--as-of"],
            "错误：--as-of <DATE> 后面缺少值（用法见 --help）",
            "error: --as-of <DATE> needs a value (see --help)",
        ),
        (
            &["status", "--format", "csv", "--format", "json"],
            "错误：--format <FORMAT> 只能给一次",
            "error: --format <FORMAT> is given more than once",
        ),
        (
            &["status", "--formt", "csv"],
            "错误：不认识的参数 --formt；您是否要用 --format？（用法见 --help）",
            "error: unknown option --formt; did you mean --format? (see --help)",
        ),
        (
            &["stauts"],
            "错误：不认识的命令 stauts；您是否要用 status？",
            "error: unknown command stauts; did you mean status?",
        ),
        (
            &["report", "monthly"],
            "错误：缺少参数 --month <YYYY-MM>",
            "error: missing --month <YYYY-MM>",
        ),
        (
            &["status", "--format", "xml"],
            "错误：--format <FORMAT> 不接受 xml，可用的值：table, csv, json",
            "error: --format <FORMAT> does not take xml; it takes table, csv, json",
        ),
        (
            &["report", "year-end", "--unit", "1", "--by-unit"],
            "错误：--unit <CODE> 不能与 --by-unit 同时使用",
            "error: --unit <CODE> cannot be used with --by-unit",
        ),
    ];
    for (args, zh_line, en_line) in cases {
        let zh = run(dir.path(), args);
        assert_eq!(zh.code, 2, "{args:?}: {}", zh.stderr);
        assert!(zh.stderr.contains(zh_line), "{args:?}: {}", zh.stderr);
        let mut en_args = vec!["--lang", "en"];
        en_args.extend(args);
        let en = run(dir.path(), &en_args);
        assert_eq!(en.code, 2, "{args:?}: {}", en.stderr);
        assert!(en.stderr.contains(en_line), "{args:?}: {}", en.stderr);
    }
    let help = run(dir.path(), &["status", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--as-of"), "{}", help.stdout);
}

/// quarantine.csv holds its reasons in the language in use; the ledger
/// cache, which stores them as text, is read again when the language
/// changes, and used again when it does not.
#[test]
fn quarantine_reasons_follow_the_language_through_the_cache() {
    let dir = messy_workdir();
    let reasons = |args: &[&str]| {
        let mut all = vec!["status", "--as-of", "2025-12-31", "--format", "csv"];
        all.extend_from_slice(args);
        let out = run(dir.path(), &all);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let q = csv_rows(
            &std::fs::read_to_string(dir.path().join("quarantine/quarantine.csv")).unwrap(),
        );
        (
            q.iter().map(|r| r["reason"].clone()).collect::<Vec<_>>(),
            out.stderr,
        )
    };
    let (zh, _) = reasons(&[]);
    assert!(
        zh.iter().any(|r| r == "项目编码 \"P9\" 不在项目库中"),
        "{zh:?}"
    );
    let (en, err) = reasons(&["--lang", "en"]);
    assert!(
        en.iter().any(|r| r == "unknown project code \"P9\""),
        "{en:?}"
    );
    assert!(err.contains(", 0 from cache)"), "{err}");
    let (again, err) = reasons(&["--lang", "en"]);
    assert_eq!(again, en);
    assert!(!err.contains(", 0 from cache)"), "{err}");
}
