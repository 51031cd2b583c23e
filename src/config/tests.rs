//! Config validation tests: every rule, and that errors point at the line.

use super::*;
use chrono::NaiveDate;

fn load_dir(settings: &str, projects: &str) -> Result<Config, ConfigErrors> {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("settings.toml"), settings).unwrap();
    std::fs::write(cfg.join("projects.toml"), projects).unwrap();
    load(&LoadOptions {
        config_dir: cfg,
        projects: None,
        default_year: 2025,
    })
}

const SETTINGS: &str = "fiscal_year = 2025\n";

fn project(code: &str, budget: &str, plan: &str) -> String {
    format!(
        "[[project]]\ncode = \"{code}\"\nname = \"n\"\nbudget = {budget}\nowner = {{ name = \"a\", email = \"a@example.org\" }}\nplan = [{plan}]\n"
    )
}

const PLAN: &str = "{ date = \"2025-03-31\", percent = 25 }, { date = 2025-12-31, percent = 100 }";

#[test]
fn loads_a_valid_file() {
    let c = load_dir(SETTINGS, &project("A", "\"1000.50\"", PLAN)).unwrap();
    assert_eq!(c.projects[0].budget, Fen(100_050));
    assert_eq!(c.projects[0].plan.checkpoints.len(), 2);
    assert_eq!(c.settings.thresholds, Thresholds::default());
    assert!(c.settings.ledger_dir.ends_with("data"));
}

fn errors(settings: &str, projects: &str) -> Vec<String> {
    match load_dir(settings, projects) {
        Ok(_) => vec![],
        Err(e) => {
            e.0.iter()
                .map(|d| {
                    format!(
                        "{}:{}: {}",
                        d.line.unwrap_or(0),
                        d.column.unwrap_or(0),
                        d.message
                    )
                })
                .collect()
        }
    }
}

#[test]
fn reports_every_problem_with_its_place() {
    let text = [
        project("A", "\"1000\"", PLAN),
        project("A", "\"0\"", PLAN),
        project("B", "12.5", PLAN),
        project(
            "C",
            "\"5\"",
            "{ date = \"2025-06-30\", percent = 50 }, { date = \"2025-03-31\", percent = 40 }",
        ),
        project("D", "\"5\"", "{ date = \"2026-01-31\", percent = 100 }"),
        project("E", "\"5\"", "{ date = \"2025-03-31\", percent = 90 }"),
    ]
    .concat();
    let e = errors(SETTINGS, &text);
    let joined = e.join("\n");
    assert!(joined.contains("重复使用（首次出现在第 2 行）"), "{joined}");
    assert!(joined.contains("预算必须大于 0"), "{joined}");
    assert!(joined.contains("TOML 浮点数"), "{joined}");
    assert!(joined.contains("严格递增"), "{joined}");
    assert!(joined.contains("不得下降"), "{joined}");
    assert!(joined.contains("不在 2025 财政年度内"), "{joined}");
    assert!(joined.contains("必须以 100% 结束"), "{joined}");
    // The duplicate code points at line 8, column 8 (the value).
    assert!(e.iter().any(|l| l.starts_with("8:8:")), "{joined}");
}

#[test]
fn toml_syntax_errors_name_line_and_column() {
    let e = errors(SETTINGS, "[[project]]\ncode = \"A\nname = 1\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("2:"), "{e:?}");
}

#[test]
fn settings_are_checked() {
    let e = errors(
        "fiscal_year = 2025\n[thresholds]\nyellow_gap_points = 12\nred_gap_points = 10\n",
        &project("A", "\"1\"", PLAN),
    );
    assert!(e[0].contains("不得小于"), "{e:?}");
    let e = errors("fiscal_year = 2025\nledger_folder = \"x\"\n", "");
    assert!(e[0].starts_with("2:1:"), "{e:?}");
}

#[test]
fn registry_plans() {
    let p = registry::parse_plan("25/50/75/100", 2025).unwrap();
    assert_eq!(p.checkpoints[2].date.to_string(), "2025-10-31");
    let p = registry::parse_plan("2025-06-30:40;2025-12-31:100", 2025).unwrap();
    assert_eq!(p.checkpoints.len(), 2);
    assert!(registry::parse_plan("25/50/100", 2025).is_err());
    assert!(registry::parse_plan("50/25/75/100", 2025).is_err());
    assert!(registry::parse_plan("25/50/75/90", 2025).is_err());
}

#[test]
fn adjustments_give_the_budget_in_force_per_day() {
    let text = format!(
        "{}\n[[project.adjustment]]\ndate = \"2025-08-01\"\namount = \"-100.00\"\ndocument = \"玉财预〔2025〕12号\"\nreason = \"调减\"\n\n[[project.adjustment]]\ndate = 2025-08-01\namount = \"50.00\"\nsource = \"carryover\"\n",
        project("A", "\"1000\"", PLAN)
    );
    let c = load_dir(SETTINGS, &text).unwrap();
    let p = &c.projects[0];
    let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    assert_eq!(p.budget_on(day(7, 31)), Fen(100_000));
    assert_eq!(p.budget_on(day(8, 1)), Fen(95_000));
    assert_eq!(p.final_budget(), Fen(95_000));
    assert_eq!(p.adjusted_from(FundSource::Carryover), Fen(5_000));
    assert_eq!(p.adjustments[0].document, "玉财预〔2025〕12号");
}

#[test]
fn bad_adjustments_and_weights_point_at_their_place() {
    let adj = |date: &str, amount: &str| {
        format!("\n[[project.adjustment]]\ndate = \"{date}\"\namount = {amount}\n")
    };
    let text = [
        project("A", "\"1000\"", PLAN) + &adj("2026-01-01", "\"1.00\""),
        project("B", "\"1000\"", PLAN) + &adj("2025-05-01", "\"-1000.00\""),
        project("C", "\"1000\"", PLAN) + &adj("2025-05-01", "\"ten\""),
        project("D", "\"1000\"", PLAN) + &adj("2025-05-01", "-1.5"),
        project("E", "\"1000\"", PLAN)
            + "\n[[project.indicator]]\nlevel1 = \"产出指标\"\nweight = 50\n\n[[project.indicator]]\nlevel1 = \"效益指标\"\nweight = 30\n",
        project("F", "\"1000\"", PLAN)
            + "\n[[project.indicator]]\nlevel1 = \"产出指标\"\nweight = 90\n\n[[project.indicator]]\nlevel1 = \"效益指标\"\n",
    ]
    .join("\n");
    let errs = errors(SETTINGS, &text);
    let find = |words: &str| {
        errs.iter()
            .find(|e| e.contains(words))
            .unwrap_or_else(|| panic!("{words}: {errs:#?}"))
            .clone()
    };
    // The first project's date is on line 9, after `date = `.
    assert!(find("项目 A：调整日期 2026-01-01 不在 2025 财政年度内").starts_with("9:8:"));
    for words in [
        "项目 B：2025-05-01 调整后的有效预算将为 0.00",
        "项目 C：调整金额",
        "项目 D：调整金额：调整金额必须是",
        "项目 E：指标分值合计 80，但应合计 90",
        "项目 F：2 个指标中有 1 个设了分值",
    ] {
        let e = find(words);
        let mut parts = e.split(':');
        let line: usize = parts.next().unwrap().parse().unwrap();
        let col: usize = parts.next().unwrap().parse().unwrap();
        assert!(line > 9 && col > 0, "{e}");
    }
    assert_eq!(errs.len(), 6, "{errs:#?}");
}

#[test]
fn a_registry_takes_its_adjustments_from_the_csv_named_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("settings.toml"),
        "fiscal_year = 2025\nadjustments_file = \"config/adjustments.csv\"\n",
    )
    .unwrap();
    let registry = cfg.join("registry.csv");
    std::fs::write(
        &registry,
        "项目编码,项目名称,预算数,支出计划\nA,甲,1000.00,25/50/75/100\nB,乙,500.00,25/50/75/100\n",
    )
    .unwrap();
    let load_with = |adjustments: &str| {
        std::fs::write(cfg.join("adjustments.csv"), adjustments).unwrap();
        load(&LoadOptions {
            config_dir: cfg.clone(),
            projects: Some(registry.clone()),
            default_year: 2025,
        })
    };
    let c = load_with(
        "\u{feff}项目编码,调整日期,调整金额,文号,事由\nA,2025-08-01,-100.00,玉财预〔2025〕12号,调减\nA,2025/9/1,\"1,000.00\",玉财预〔2025〕30号,追加\n",
    )
    .unwrap();
    let p = &c.projects[0];
    assert_eq!(p.adjustments.len(), 2);
    assert_eq!(
        p.budget_on(NaiveDate::from_ymd_opt(2025, 8, 1).unwrap()),
        Fen(90_000)
    );
    assert_eq!(p.final_budget(), Fen(190_000));
    assert!(c.projects[1].adjustments.is_empty());
    // Bad rows: file, line and column of the cell.
    let err = load_with(
        "项目编码,调整日期,调整金额,文号,事由\nZ,2025-08-01,1.00,,\nA,2024-08-01,1.00,,\nA,2025-08-01,abc,,\nB,2025-08-01,-500.00,,\n",
    )
    .unwrap_err();
    let msgs: Vec<String> = err
        .0
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}",
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.message
            )
        })
        .collect();
    assert_eq!(msgs.len(), 4, "{msgs:#?}");
    assert!(
        msgs[0].starts_with("2:1:") && msgs[0].contains("不在项目登记表中"),
        "{msgs:#?}"
    );
    assert!(
        msgs[1].starts_with("3:2:") && msgs[1].contains("不在 2025 财政年度内"),
        "{msgs:#?}"
    );
    assert!(msgs[2].starts_with("4:3:"), "{msgs:#?}");
    assert!(
        msgs[3].starts_with("5:3:") && msgs[3].contains("必须保持大于 0"),
        "{msgs:#?}"
    );
    assert!(err.0.iter().all(|d| d.file.ends_with("adjustments.csv")));
}

#[test]
fn alert_settings_timezone_calendar_and_office() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("calendar-2027.toml"),
        "year = 2027\nholidays = [\"2027-02-01\"]\nworkdays = [\"2027-02-06\"]\n",
    )
    .unwrap();
    std::fs::write(
        cfg.join("settings.toml"),
        "fiscal_year = 2025\ntimezone = \"UTC\"\ncalendar_files = [\"config/calendar-2027.toml\"]\n\
         [alerts]\nexplanation_days = 5\noverspend_repeat_growth_percent = 2.5\n",
    )
    .unwrap();
    std::fs::write(
        cfg.join("projects.toml"),
        format!(
            "[department]\noffice = {{ name = \"财务科\", email = \"cw@example.org\" }}\n{}",
            project("A", "\"1.00\"", PLAN)
        ),
    )
    .unwrap();
    let c = load(&LoadOptions {
        config_dir: cfg,
        projects: None,
        default_year: 2025,
    })
    .unwrap();
    let s = &c.settings;
    assert_eq!(s.timezone.offset.local_minus_utc(), 0);
    assert_eq!(s.alerts.explanation_days, 5);
    assert_eq!(s.alerts.repeat_interval_days, 30, "the new default");
    assert_eq!(
        s.alerts.overspend_repeat_growth_percent,
        "2.5".parse().unwrap()
    );
    let d = |x: &str| x.parse::<NaiveDate>().unwrap();
    assert!(!s.calendar.is_working_day(d("2027-02-01")));
    assert!(s.calendar.is_working_day(d("2027-02-06")));
    assert!(s.calendar.knows(2025) && s.calendar.knows(2026));
    assert_eq!(
        c.department.office.as_ref().unwrap().email,
        "cw@example.org"
    );

    let e = errors(
        "fiscal_year = 2025\ntimezone = \"Mars/Olympus\"\ncalendar_files = [\"nope.toml\"]\n",
        &project("A", "\"1.00\"", PLAN),
    );
    assert!(
        e.iter().any(|m| m.starts_with("2:") && m.contains("时区")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|m| m.starts_with("3:") && m.contains("无法读取日历")),
        "{e:?}"
    );
}

/// The rows `sheet` streams, as (line, cells), header included; None when
/// it asks to start again.
fn sheet_rows(bytes: &[u8], mode: sheet::Mode) -> Option<Vec<(usize, Vec<String>)>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut errors = Vec::new();
    let (sheet, mut rows) = sheet::read(&path, mode, registry::COLUMNS, &[], "e", "m", &mut errors)
        .ok()?
        .unwrap();
    let mut out = vec![(
        sheet.header.line,
        sheet.header.iter().map(String::from).collect(),
    )];
    let mut rec = sheet::Row::default();
    while let Some(line) = rows.next_row(&mut rec).ok()? {
        out.push((line, rec.iter().map(String::from).collect()));
    }
    rows.finish(Vec::new(), &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    Some(out)
}

/// The same, the way it was done before streaming: the whole file decoded,
/// then parsed.
fn whole_rows(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
    let (text, _) = crate::base::encoding::decode_all(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    rdr.records()
        .map(Result::unwrap)
        .filter(|r| !r.iter().all(|c| c.trim().is_empty()))
        .map(|r| {
            // The line the record's text begins on: past the line ends the
            // parser skipped before it.
            let b = text.as_bytes();
            let mut at = r.position().unwrap().byte() as usize;
            while at < b.len() && matches!(b[at], b'\n' | b'\r') {
                at += 1;
            }
            let line = 1 + b[..at].iter().filter(|&&c| c == b'\n').count();
            (line, r.iter().map(String::from).collect())
        })
        .collect()
}

#[test]
fn a_streamed_sheet_reads_as_the_whole_file_decoded() {
    let head = "项目编码,项目名称,预算数,支出计划\n";
    let row = |i: usize| format!("P{i:06},项目名称{i},1000.00,25/50/75/100\n");
    // Valid UTF-8 past the first block, a character cut by the block edge.
    let mut big = head.to_string();
    while big.len() < 65_536 - 2 {
        big.push('a');
    }
    big.push_str("中,x\n");
    for i in 0..2_000 {
        big.push_str(&row(i));
    }
    let mut cases: Vec<Vec<u8>> = vec![
        format!("{head}{}\n  ,\n{}", row(1), row(2)).into_bytes(),
        format!("\u{feff}{head}\"A,\"\"b\"\"\",n\r\nB,\"two\nlines\",1,2\r\n").into_bytes(),
        big.clone().into_bytes(),
        Vec::new(),
    ];
    // An invalid byte after the BOM: replaced, as decoding whole did.
    let mut bom_bad = format!("\u{feff}{head}").into_bytes();
    bom_bad.extend_from_slice(b"A,\xff\xfe name,1,2\n");
    cases.push(bom_bad);
    // No BOM and one invalid byte far into the file: the file is GB18030.
    let mut late_bad = big.clone().into_bytes();
    late_bad.extend_from_slice(b"Z,\xd6\xd0,1,2\n");
    cases.push(late_bad);
    // GBK, and UTF-16 with and without a BOM.
    let gbk = encoding_rs::GB18030.encode(&big).0.into_owned();
    cases.push(gbk);
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend(big.encode_utf16().flat_map(u16::to_le_bytes));
    cases.push(utf16.clone());
    cases.push(utf16[2..].to_vec());
    // A cut character at the very end.
    let mut cut = format!("{head}{}", row(3)).into_bytes();
    cut.extend_from_slice(&"中".as_bytes()[..2]);
    cases.push(cut);
    // Plain sheets the line reader takes: CR LF (also cut between blocks),
    // blank and white lines, no final line feed, a line longer than a block.
    let mut crlf = head.replace('\n', "\r\n");
    while crlf.len() < 65_535 {
        crlf.push('a');
    }
    crlf.push_str(",b\r\n\r\n");
    for i in 0..100 {
        crlf.push_str(&row(i).replace('\n', "\r\n"));
    }
    let plain = [
        crlf.clone(),
        format!(
            "\n\n{head}\n{}  \n\n,\n{}{}",
            row(1),
            row(2),
            row(3).trim_end()
        ),
        format!("{head}{}", "长".repeat(70_000)),
        format!("\u{feff}{head}{}", row(4)),
        big.clone(),
    ];
    let plain_count = plain.len();
    cases.extend(plain.into_iter().map(String::into_bytes));
    // Not plain: a quote or a lone CR after many rows.
    cases.push(format!("{big}\"q,1\",x\n").into_bytes());
    cases.push(format!("{head}{}a\rb\n", row(5)).into_bytes());
    cases.push(format!("{head}{}\r", row(6)).into_bytes());
    let first_plain = cases.len() - 3 - plain_count;
    for (i, bytes) in cases.iter().enumerate() {
        if bytes.is_empty() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.csv");
            std::fs::write(&path, bytes).unwrap();
            let mut errors = Vec::new();
            for mode in [sheet::Mode::Csv, sheet::Mode::Lines] {
                let read = sheet::read(&path, mode, registry::COLUMNS, &[], "e", "m", &mut errors);
                assert!(matches!(read, Ok(None)));
            }
            assert_eq!(errors.len(), 2);
            continue;
        }
        let whole = whole_rows(bytes);
        assert_eq!(
            sheet_rows(bytes, sheet::Mode::Csv),
            Some(whole.clone()),
            "case {i}"
        );
        match sheet_rows(bytes, sheet::Mode::Lines) {
            Some(rows) => assert_eq!(rows, whole, "case {i} in lines"),
            None => assert!(
                !(first_plain..first_plain + plain_count).contains(&i),
                "case {i} is plain"
            ),
        }
    }
}

#[test]
fn registry_rows_are_checked_in_order_and_duplicates_name_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.csv");
    let mut text = String::from("项目编码,项目名称,单位编码,预算数,支出计划,负责人,邮箱\n");
    text.push_str("A,甲,001,100,25/50/75/100,张三,zs@example.org\n"); // 2
    text.push_str("B,乙,001,-1,25/50/75/100,张三,zs@example.org\n"); // 3: budget
    text.push_str("B,乙,001,100,25/50/75/100,张三,zs@example.org\n"); // 4: twice (3)
    text.push_str("A,甲,001,100,25/50/75/100,张三,zs@example.org\n"); // 5: twice (2)
    text.push_str("C,丙\u{202E},001,100,25/50/75/100,,\n"); // 6: bidi
    text.push_str("D,丁,001,100,25/50/75/90,,\n"); // 7: plan
    text.push_str("E,戊,001,100,10/25/50/100,李四,bad-address\n"); // 8: email
    for i in 0..200 {
        let owner = if i % 2 == 0 { "张三" } else { "王五" };
        text.push_str(&format!(
            "X{i},名{i},001,{},10/25/50/100,{owner},zs@example.org\n",
            i + 1
        ));
    }
    std::fs::write(&path, &text).unwrap();
    let mut errors = Vec::new();
    let (dept, projects) = registry::load_registry(&path, 2025, &mut errors).unwrap();
    let lines: Vec<Option<usize>> = errors.iter().map(|d| d.line).collect();
    assert_eq!(
        lines,
        [Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)],
        "{errors:?}"
    );
    let text_of = |i: usize| errors[i].to_string();
    assert!(text_of(1).contains('3'), "{}", text_of(1));
    assert!(text_of(2).contains('2'), "{}", text_of(2));
    assert_eq!(dept.unit_code, "001");
    // A, E (no owner: the address is refused) and the 200 others.
    assert_eq!(projects.len(), 202);
    assert!(projects[1].owner.is_none());
    assert_eq!(projects[2].owner.as_deref().unwrap().name, "张三");
    assert_eq!(projects[3].owner.as_deref().unwrap().name, "王五");
    // One person and one curve shared by the rows that name them.
    assert!(std::sync::Arc::ptr_eq(
        projects[0].owner.as_ref().unwrap(),
        projects[2].owner.as_ref().unwrap()
    ));
    assert_eq!(projects[2].plan, projects[201].plan);
    assert_eq!(projects[201].budget, Fen(200 * 100));
}

#[test]
fn a_plain_registry_with_a_code_twice_is_read_again_to_name_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.csv");
    let mut text = String::from("项目编码,项目名称,预算数,支出计划\r\n");
    for i in 0..100 {
        text.push_str(&format!("P{i},名{i},100,25/50/75/100\r\n"));
    }
    text.push_str("P7,again,100,25/50/75/100\r\n");
    std::fs::write(&path, &text).unwrap();
    let mut errors = Vec::new();
    let loaded = registry::load_registry(&path, 2025, &mut errors);
    assert!(loaded.is_some());
    assert_eq!(errors.len(), 1, "{errors:?}");
    // The line the row is on (the CSV parser alone said 101 in a CR LF
    // file: it counts a row from the LF that ended the one before).
    assert_eq!(errors[0].line, Some(102));
    assert!(errors[0].to_string().contains("P7"), "{}", errors[0]);
    // Without the repeat, one clean pass.
    let clean: String = text.lines().take(101).map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, clean).unwrap();
    let mut errors = Vec::new();
    let (_, projects) = registry::load_registry(&path, 2025, &mut errors).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(projects.len(), 100);
    assert_eq!(projects[99].code, "P99");
}

#[test]
fn exemptions_must_name_known_projects_in_order() {
    let settings = format!(
        "{SETTINGS}[[exemption]]\nproject = \"B\"\nreason = \"r\"\nuntil = 2025-09-30\n\
         [[exemption]]\nproject = \"A\"\nreason = \"r\"\nuntil = 2025-09-30\n\
         [[exemption]]\nproject = \"C\"\nreason = \"r\"\nuntil = 2025-09-30\n"
    );
    let msgs = errors(&settings, &project("A", "\"1.00\"", PLAN));
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].contains("\"B\""), "{msgs:?}");
    assert!(msgs[1].contains("\"C\""), "{msgs:?}");
}

/// A registry big enough to be read in parts on several threads gives what
/// one thread gives: the same projects in the same order, and, when a later part holds a problem or a code twice, the
/// same problems on the same lines (the sheet is read again the general
/// way). With LF and CR LF line ends, blank lines and a BOM.
#[test]
fn a_registry_read_in_parts_on_threads_is_read_as_on_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.csv");
    let one = registry::Split {
        min: u64::MAX,
        part: 0,
        threads: 1,
    };
    // Parts of a few dozen rows, so most rows are near a cut.
    let parts = registry::Split {
        min: 0,
        part: 3000,
        threads: 3,
    };
    let load = |text: &str, split: registry::Split| {
        std::fs::write(&path, text).unwrap();
        let mut errors = Vec::new();
        let loaded = registry::load_registry_split(&path, 2025, split, &mut errors);
        let errors: Vec<String> = errors
            .iter()
            .map(|d| format!("{:?} {}", d.line, d.message))
            .collect();
        (loaded, errors)
    };
    for (eol, bom) in [("\n", ""), ("\r\n", "\u{feff}")] {
        // The sheet, with `edit` applied to row i's text.
        let sheet_text = |edit: &dyn Fn(usize, String) -> String| {
            let mut text = format!(
                "{bom}项目编码,项目名称,单位编码,单位名称,预算数,支出计划,负责人,邮箱{eol}"
            );
            for i in 0..3000 {
                if i % 400 == 7 {
                    text.push_str(eol);
                }
                let plan = ["25/50/75/100", "2025-06-30:40;2025-12-31:100"][i % 2];
                let (owner, email) = match i % 5 {
                    0 => (String::new(), String::new()),
                    k => (format!("负责人{k}"), format!("o{}@example.org", k % 3)),
                };
                let row = format!(
                    "P{i:05},项目{i},{unit:03},单位{unit},{}.{:02},{plan},{owner},{email}",
                    1000 + i,
                    i % 100,
                    unit = i / 900,
                );
                text.push_str(&edit(i, row));
                text.push_str(eol);
            }
            text
        };
        let text = sheet_text(&|_, row| row);
        let (want, errors) = load(&text, one);
        assert!(errors.is_empty(), "{errors:?}");
        let (got, errors) = load(&text, parts);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(format!("{got:?}"), format!("{want:?}"));
        let (_, projects) = got.unwrap();
        assert_eq!(projects.len(), 3000);
        assert_eq!(projects[1].owner, projects[2996].owner);
        // The cuts: contiguous from after the header to the end, each after
        // a line end.
        std::fs::write(&path, &text).unwrap();
        let mut errs = Vec::new();
        let (sheet, rows) = sheet::read(
            &path,
            sheet::Mode::Lines,
            registry::COLUMNS,
            &[],
            "e",
            "m",
            &mut errs,
        )
        .unwrap()
        .unwrap();
        let ranges = rows.split(sheet.bytes, 3000).unwrap().ranges;
        assert!(ranges.len() > 20, "{}", ranges.len());
        // After the header's text (in CR LF, its LF is read with the next row).
        assert_eq!(ranges[0].0 as usize, text.find(eol).unwrap() + 1);
        let bytes = text.as_bytes();
        for w in ranges.windows(2) {
            assert_eq!(w[0].1, w[1].0);
            assert_eq!(bytes[w[0].1 as usize - 1], b'\n');
        }
        assert_eq!(ranges.last().unwrap().1, bytes.len() as u64);
        // A code twice, a bad budget, a bad address and a bidi override,
        // all in later parts.
        let broken = sheet_text(&|i, row| match i {
            2900 => row.replace("P02900,", "P00010,"),
            2500 => row.replace("3500.00", "3500.0x"),
            2994 => row.replace("o1@example.org", "o1@"),
            2990 => row.replace("项目2990", "项目2990\u{202E}"),
            _ => row,
        });
        // Read both ways: the same projects and the same problems.
        let both = |text: &str| {
            let (want, want_errors) = load(text, one);
            let (got, got_errors) = load(text, parts);
            assert_eq!(got_errors, want_errors);
            assert_eq!(format!("{got:?}"), format!("{want:?}"));
            (got, want_errors)
        };
        let (_, want_errors) = both(&broken);
        assert_eq!(want_errors.len(), 4, "{want_errors:?}");
        // Only the code twice.
        let twice = sheet_text(&|i, row| match i {
            2900 => row.replace("P02900,", "P00010,"),
            _ => row,
        });
        let (_, want_errors) = both(&twice);
        assert_eq!(want_errors.len(), 1, "{want_errors:?}");
        // A quoted cell in the last part: read the general way, the same.
        let quoted = sheet_text(&|i, row| match i {
            2999 => row.replace("项目2999", "\"项目2999\""),
            _ => row,
        });
        let (got, want_errors) = both(&quoted);
        assert!(want_errors.is_empty(), "{want_errors:?}");
        assert_eq!(got.unwrap().1[2999].name, "项目2999");
    }
}

#[test]
fn a_registry_takes_its_head_and_office_from_settings() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    let registry = cfg.join("registry.csv");
    std::fs::write(
        &registry,
        "项目编码,项目名称,单位编码,单位名称,预算数,支出计划\nA,甲,308001,某某局,1000.00,25/50/75/100\n",
    )
    .unwrap();
    let load_with = |settings: &str, projects: Option<&Path>| {
        std::fs::write(cfg.join("settings.toml"), settings).unwrap();
        load(&LoadOptions {
            config_dir: cfg.clone(),
            projects: projects.map(Path::to_path_buf),
            default_year: 2025,
        })
    };
    // Without [department]: the unit of the rows, nobody above the owners.
    let c = load_with("fiscal_year = 2025\n", Some(&registry)).unwrap();
    assert_eq!(c.department.unit_name, "某某局");
    assert!(c.department.head.is_none() && c.department.office.is_none());
    // With it: its head and office; the rows' unit where it names none.
    let c = load_with(
        "fiscal_year = 2025\n[department]\n\
         head = { name = \"王五\", email = \"head@example.org\" }\n\
         office = { name = \"财务科\", email = \"office@example.org\" }\n",
        Some(&registry),
    )
    .unwrap();
    assert_eq!(c.department.unit_code, "308001");
    assert_eq!(c.department.unit_name, "某某局");
    assert_eq!(
        c.department.head.as_ref().unwrap().email,
        "head@example.org"
    );
    assert_eq!(c.department.office.as_ref().unwrap().name, "财务科");
    let c = load_with(
        "fiscal_year = 2025\n[department]\nunit_name = \"某某市财政局\"\n",
        Some(&registry),
    )
    .unwrap();
    assert_eq!(c.department.unit_name, "某某市财政局");
    // A bad address is named with its line, as in projects.toml.
    let err = load_with(
        "fiscal_year = 2025\n[department]\nhead = { name = \"王五\", email = \"not-an-address\" }\n",
        Some(&registry),
    )
    .unwrap_err();
    assert!(
        err.0
            .iter()
            .any(|d| d.to_string().contains("settings.toml:3")),
        "{err:?}"
    );
    // With a projects TOML it would be a second department: refused.
    std::fs::write(
        cfg.join("projects.toml"),
        "[department]\nunit_name = \"测试单位\"\n[[project]]\ncode = \"P1\"\nname = \"测试项目\"\nbudget = \"1000.00\"\n\
         plan = [{ date = 2025-12-31, percent = 100 }]\n",
    )
    .unwrap();
    let err = load_with(
        "fiscal_year = 2025\n[department]\noffice = { name = \"财务科\", email = \"office@example.org\" }\n",
        None,
    )
    .unwrap_err();
    assert!(
        err.0.iter().any(|d| d.to_string().contains("[department]")),
        "{err:?}"
    );
}

#[test]
fn a_registry_s_units_and_one_unit_s_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("settings.toml"), "fiscal_year = 2025\n").unwrap();
    let registry = cfg.join("registry.csv");
    std::fs::write(
        &registry,
        "项目编码,项目名称,单位编码,单位名称,预算数,支出计划\n\
         A,甲,308002,,1000.00,25/50/75/100\n\
         B,乙,308001,某某局,500.00,25/50/75/100\n\
         C,丙,308002,某某中心,700.00,25/50/75/100\n",
    )
    .unwrap();
    let c = load(&LoadOptions {
        config_dir: cfg.clone(),
        projects: Some(registry),
        default_year: 2025,
    })
    .unwrap();
    let units = c.units();
    let seen: Vec<(&str, &str, &[usize])> = units
        .iter()
        .map(|u| (&*u.code, &*u.name, u.projects.as_slice()))
        .collect();
    // In order of first appearance; the name of the first row naming one.
    assert_eq!(
        seen,
        [
            ("308002", "某某中心", &[0, 2][..]),
            ("308001", "某某局", &[1][..])
        ]
    );
    let part = c.of_unit(&units[0]);
    let codes: Vec<&str> = part.projects.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["A", "C"]);
    assert_eq!(part.department.unit_code, "308002");
    assert_eq!(part.department.unit_name, "某某中心");
    assert_eq!(part.settings.fiscal_year, 2025);
}

#[test]
fn the_email_language_is_zh_or_en_and_anything_else_is_named_with_its_place() {
    let ok = |lang: &str| {
        load_dir(
            &format!("{SETTINGS}[email]\nlanguage = \"{lang}\"\n"),
            &project("A", "\"1000\"", PLAN),
        )
        .unwrap()
        .settings
        .email
        .language
    };
    assert_eq!(ok("zh"), crate::base::i18n::Lang::Zh);
    assert_eq!(ok("en"), crate::base::i18n::Lang::En);
    let c = load_dir(SETTINGS, &project("A", "\"1000\"", PLAN)).unwrap();
    assert_eq!(c.settings.email.language, crate::base::i18n::Lang::Zh);
    let errs = errors(
        &format!("{SETTINGS}[email]\nlanguage = \"fr\"\n"),
        &project("A", "\"1000\"", PLAN),
    );
    assert_eq!(
        errs,
        vec![
            "3:12: language \"fr\" 无法识别；邮件语言请用 \"zh\"（中文）或 \"en\"（英文）"
                .to_string()
        ],
        "{errs:?}"
    );
}

#[test]
fn a_registry_takes_each_unit_s_head_and_office_from_the_units_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("settings.toml"),
        "fiscal_year = 2025\nunits_file = \"config/units.csv\"\n\
         [department]\nhead = { name = \"厅长\", email = \"head@example.org\" }\n",
    )
    .unwrap();
    let registry = cfg.join("registry.csv");
    std::fs::write(
        &registry,
        "项目编码,项目名称,单位编码,单位名称,预算数,支出计划\n\
         A,甲,U1,一号单位,1000.00,25/50/75/100\nB,乙,U2,二号单位,500.00,25/50/75/100\n\
         C,丙,U3,三号单位,500.00,25/50/75/100\n",
    )
    .unwrap();
    let load_with = |units: &str| {
        std::fs::write(cfg.join("units.csv"), units).unwrap();
        load(&LoadOptions {
            config_dir: cfg.clone(),
            projects: Some(registry.clone()),
            default_year: 2025,
        })
    };
    // A unit named with its head only, one with its office only (the
    // address stands for a name left out), one not at all.
    let c = load_with(
        "\u{feff}单位编码,单位名称,单位负责人,负责人邮箱,财务联系人,财务邮箱\n\
         U1,一号单位,赵局长,zhao@example.org,,\nU2,,,,,u2@example.org\n",
    )
    .unwrap();
    assert_eq!(c.head_of(0).unwrap().name, "赵局长");
    assert_eq!(c.office_of(0), None);
    assert_eq!(c.head_of(1).unwrap().email, "head@example.org");
    assert_eq!(c.office_of(1).unwrap().name, "u2@example.org");
    assert_eq!(c.head_of(2).unwrap().email, "head@example.org");
    // Bad rows: file, line and column; the rest of the file is still read.
    let err = load_with(
        "单位编码,单位名称,单位负责人,负责人邮箱,财务联系人,财务邮箱\n\
         U9,,,,,\nU1,,赵局长,not-an-address,,\nU2,,钱处长,,,\nU3,,孙,sun@example.org,,\nU3,,李,li@example.org,,\n",
    )
    .unwrap_err();
    let msgs: Vec<String> = err
        .0
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}:{}",
                d.file.file_name().unwrap().to_string_lossy(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.message
            )
        })
        .collect();
    assert_eq!(msgs.len(), 4, "{msgs:#?}");
    assert!(
        msgs[0].starts_with("units.csv:2:1:") && msgs[0].contains("U9"),
        "{msgs:#?}"
    );
    assert!(
        msgs[1].starts_with("units.csv:3:4:") && msgs[1].contains("not-an-address"),
        "{msgs:#?}"
    );
    assert!(
        msgs[2].starts_with("units.csv:4:4:") && msgs[2].contains("钱处长"),
        "{msgs:#?}"
    );
    assert!(
        msgs[3].starts_with("units.csv:6:1:") && msgs[3].contains("U3"),
        "{msgs:#?}"
    );
}
