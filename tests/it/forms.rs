//! The forms the office files or handles (issue 12), through the real binary
//! on a copy of the shipped config and data: budget adjustments in status,
//! check, alerts and the self-evaluation; the mid-year monitoring report;
//! per-owner actuals sheets merged back; the year taken from the document.

use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::HashMap;
use std::path::Path;

const HERO: &str = "13022925P00004610003B"; // 见义勇为基金, 50,000.00

/// Inserts `block` (TOML) at the end of project `code`'s tables in the
/// copy's projects.toml.
fn add_to_project(dir: &Path, code: &str, block: &str) {
    let path = dir.join("config/projects.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find(&format!("code = \"{code}\"")).unwrap();
    let end = text[at..]
        .find("\n[[project]]")
        .map(|e| at + e)
        .unwrap_or(text.len());
    let mut out = text[..end].to_string();
    out.push_str("\n\n");
    out.push_str(block.trim());
    out.push('\n');
    out.push_str(&text[end..]);
    std::fs::write(&path, out).unwrap();
}

fn adjustment(date: &str, amount: &str) -> String {
    format!(
        "[[project.adjustment]]\ndate = \"{date}\"\namount = \"{amount}\"\ndocument = \"玉财预〔2025〕12号\"\nreason = \"年中调减\"\n"
    )
}

fn status_rows(dir: &Path, as_of: &str) -> HashMap<String, HashMap<String, String>> {
    let out = run(dir, &["status", "--as-of", as_of, "--format", "csv"]);
    assert!(matches!(out.code, 0 | 1), "{}", out.stderr);
    csv_rows(&out.stdout)
        .into_iter()
        .map(|r| (r["project_code"].clone(), r))
        .collect()
}

fn cell_str(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// The rows under the header row that contains `first_header`, up to the
/// next empty row, as maps from header to cell.
fn table_under(rows: &[Vec<Data>], first_header: &str) -> Vec<HashMap<String, Data>> {
    let start = rows
        .iter()
        .position(|r| r.iter().any(|c| cell_str(c) == first_header))
        .unwrap_or_else(|| panic!("no header {first_header}"));
    let header: Vec<String> = rows[start].iter().map(cell_str).collect();
    rows[start + 1..]
        .iter()
        .take_while(|r| r.iter().any(|c| *c != Data::Empty))
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.iter().cloned())
                .filter(|(h, _)| !h.is_empty())
                .collect()
        })
        .collect()
}

fn sheet_of(xlsx: &Path, name_part: &str) -> String {
    let wb: Xlsx<_> = open_workbook(xlsx).unwrap();
    wb.sheet_names()
        .into_iter()
        .find(|n| n.contains(name_part))
        .unwrap_or_else(|| panic!("no sheet {name_part}"))
}

#[test]
fn an_adjustment_changes_the_budget_in_force_from_its_date() {
    let dir = shipped_copy();
    add_to_project(dir.path(), HERO, &adjustment("2025-08-01", "-10000.00"));
    let before = &status_rows(dir.path(), "2025-07-31")[HERO];
    assert_eq!(before["budget"], "50000.00");
    assert_eq!(before["initial_budget"], "50000.00");
    let after = &status_rows(dir.path(), "2025-08-01")[HERO];
    assert_eq!(after["budget"], "40000.00");
    assert_eq!(after["initial_budget"], "50000.00");
    // The execution rate is against 40,000.
    let paid = fen(&after["paid"]);
    let want = (paid as f64) * 100.0 / 4_000_000.0;
    let got: f64 = after["execution_pct"].parse().unwrap();
    assert!((got - want).abs() < 0.006, "{got} vs {want}");
    // The table shows both budgets.
    let t = run(dir.path(), &["status", "--as-of", "2025-08-01"]);
    assert!(
        t.stdout.contains("40,000.00 (年初 50,000.00)"),
        "{}",
        t.stdout
    );
    // JSON has the field too, as a string.
    let j = run(
        dir.path(),
        &["status", "--as-of", "2025-08-01", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let hero = v
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["project_code"] == HERO)
        .unwrap();
    assert_eq!(hero["initial_budget"], "50000.00");
    assert_eq!(hero["budget"], "40000.00");
}

#[test]
fn an_adjustment_on_a_checkpoint_day_counts_for_that_checkpoint() {
    let dir = shipped_copy();
    // Two adjustments on the June checkpoint: +10,000 and -30,000 = 30,000.
    add_to_project(
        dir.path(),
        HERO,
        &format!(
            "{}\n{}",
            adjustment("2025-06-30", "10000.00"),
            adjustment("2025-06-30", "-30000.00")
        ),
    );
    let j = run(
        dir.path(),
        &["status", "--as-of", "2025-07-15", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let hero = v
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["project_code"] == HERO)
        .unwrap()
        .clone();
    assert_eq!(hero["budget"], "30000.00");
    let cps = hero["checkpoints"].as_array().unwrap();
    let march = cps.iter().find(|c| c["date"] == "2025-03-31").unwrap();
    let june = cps.iter().find(|c| c["date"] == "2025-06-30").unwrap();
    let pct = |paid: &str, budget: i64| fen(paid) as f64 * 100.0 / budget as f64;
    // March: the initial 50,000; June (the adjustment's day): 30,000.
    let m: f64 = march["execution_pct"].as_str().unwrap().parse().unwrap();
    assert!((m - pct(march["paid"].as_str().unwrap(), 5_000_000)).abs() < 0.006);
    let jn: f64 = june["execution_pct"].as_str().unwrap().parse().unwrap();
    assert!((jn - pct(june["paid"].as_str().unwrap(), 3_000_000)).abs() < 0.006);
    // The day before, the budget was still 50,000.
    assert_eq!(
        status_rows(dir.path(), "2025-06-29")[HERO]["budget"],
        "50000.00"
    );
    // The next checkpoint's plan amount is a share of the budget in force:
    // 75 % of 30,000 = 22,500 minus what was paid.
    let row = &status_rows(dir.path(), "2025-07-15")[HERO];
    let needed = fen(&row["amount_needed"]);
    assert_eq!(needed, (2_250_000 - fen(&row["paid"])).max(0));
}

#[test]
fn check_rejects_bad_adjustments_with_line_and_column() {
    for (block, words) in [
        (adjustment("2024-12-01", "-100.00"), "不在 2025 财政年度内"),
        (adjustment("2025-08-01", "-1O0.00"), "调整金额"),
        (adjustment("2025-08-01", "-50000.00"), "必须保持大于 0"),
        (
            "[[project.adjustment]]\ndate = \"2025-08-01\"\namount = -100.0\n".to_string(),
            "带符号的元",
        ),
    ] {
        let dir = shipped_copy();
        add_to_project(dir.path(), HERO, &block);
        let out = run(dir.path(), &["check", "--ledger", "data"]);
        assert_eq!(out.code, 2, "{block}: {}", out.stderr);
        let line = out
            .stderr
            .lines()
            .find(|l| l.contains(words))
            .unwrap_or_else(|| panic!("{words}: {}", out.stderr));
        // file:line:col: message
        let after = line.split("projects.toml:").nth(1).unwrap();
        let mut parts = after.split(':');
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{line}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{line}");
    }
}

#[test]
fn an_adjustment_that_covers_an_overspend_resolves_its_alert() {
    let dir = shipped_copy();
    let rows = status_rows(dir.path(), "2025-07-15");
    let (code, over) = rows
        .iter()
        .find(|(_, r)| r["status"] == "overspent")
        .map(|(c, r)| (c.clone(), r.clone()))
        .expect("the sample has an overspent project");
    let excess = fen(&over["paid"]) - fen(&over["budget"]);
    assert!(excess > 0);
    let o = run(
        dir.path(),
        &["run", "--as-of", "2025-07-15", "--ledger", "data"],
    );
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    let log = run(dir.path(), &["log", "--project", &code]);
    assert!(log.stdout.contains("超预算预警（"), "{}", log.stdout);
    // 追加 from 2025-07-20 by more than the excess.
    let top_up = format!("{}.00", excess / 100 + 1_000);
    add_to_project(dir.path(), &code, &adjustment("2025-07-20", &top_up));
    let o = run(
        dir.path(),
        &["run", "--as-of", "2025-07-20", "--ledger", "data"],
    );
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    assert_ne!(
        status_rows(dir.path(), "2025-07-20")[&code]["status"],
        "overspent"
    );
    let log = run(dir.path(), &["log", "--project", &code]);
    let line = log
        .stdout
        .lines()
        .find(|l| l.contains("超预算预警（"))
        .unwrap_or_else(|| panic!("{}", log.stdout));
    assert!(line.contains("已解除"), "{}", log.stdout);
}

#[test]
fn year_end_form_shows_initial_and_full_year_budget_in_wan() {
    let dir = shipped_copy();
    add_to_project(dir.path(), HERO, &adjustment("2025-08-01", "-10000.00"));
    let out = dir.path().join("reports");
    let o = run(
        dir.path(),
        &[
            "report",
            "year-end",
            "--as-of",
            "2026-01-10",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    let xlsx = out.join("年度绩效自评-2025.xlsx");
    let name = sheet_of(&xlsx, "见义勇为基金");
    let rows = sheet(&xlsx, &name);
    let funds = table_under(&rows, "年初预算数（万元）");
    let total = funds
        .iter()
        .find(|r| cell_str(&r["项目"]) == "年度资金总额")
        .unwrap();
    assert_eq!(total["年初预算数（万元）"], Data::Float(5.0));
    assert_eq!(total["全年预算数（万元）"], Data::Float(4.0));
    let labels: Vec<String> = funds.iter().map(|r| cell_str(&r["项目"])).collect();
    assert_eq!(
        labels,
        [
            "年度资金总额",
            "其中：当年财政拨款",
            "上年结转资金",
            "其他资金"
        ]
    );
    let html = std::fs::read_to_string(out.join("年度绩效自评-2025.html")).unwrap();
    assert!(html.contains("5.0000") && html.contains("4.0000"));
    // The csv keeps yuan, and its header says so.
    let csv = std::fs::read_to_string(out.join("年度绩效自评-2025.csv")).unwrap();
    assert!(csv.contains("年初预算数（元）,全年预算数（元）"), "{csv}");
    assert!(csv.contains("年度资金总额,50000.00,40000.00,"), "{csv}");
    // Header of the form, 年度总体目标, and the department's 结转结余.
    assert!(rows.iter().flatten().any(|c| cell_str(c) == "项目负责人"));
    assert!(rows.iter().flatten().any(|c| cell_str(c) == "实际完成情况"));
    let summary = sheet(&xlsx, "汇总");
    assert!(summary
        .iter()
        .flatten()
        .any(|c| cell_str(c) == "结转结余（元）"));
    // The 资金拨付率 left empty in the sample is taken from the ledger.
    assert!(rows
        .iter()
        .flatten()
        .any(|c| cell_str(c).ends_with("（取自账务数据）")));
    // The seed's 成本指标 holding 社会稳定水平 is marked, not silently scored.
    assert!(rows
        .iter()
        .flatten()
        .any(|c| cell_str(c).starts_with("指标设置不规范")));
}

#[test]
fn the_shipped_weighted_project_is_scored_by_its_weights() {
    let dir = shipped_copy();
    let out = dir.path().join("reports");
    let o = run(
        dir.path(),
        &[
            "report",
            "year-end",
            "--as-of",
            "2026-01-10",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    let xlsx = out.join("年度绩效自评-2025.xlsx");
    let rows = sheet(&xlsx, &sheet_of(&xlsx, "政法网光纤传输租赁费"));
    let weights: Vec<Data> = table_under(&rows, "一级指标")
        .iter()
        .filter(|r| !cell_str(&r["一级指标"]).starts_with("总分"))
        .map(|r| r["分值"].clone())
        .collect();
    let want: Vec<Data> = [12.0, 12.0, 12.0, 14.0, 8.0, 8.0, 8.0, 6.0, 10.0]
        .into_iter()
        .map(Data::Float)
        .collect();
    assert_eq!(weights, want);
}

#[test]
fn weights_that_do_not_add_up_are_rejected_by_check_and_lint() {
    let dir = shipped_copy();
    let path = dir.path().join("config/projects.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("weight = 14", "weight = 15", 1)).unwrap();
    let out = run(dir.path(), &["check", "--ledger", "data"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("指标分值合计 91"), "{}", out.stderr);
    assert!(out.stderr.contains("projects.toml:"), "{}", out.stderr);
    let out = run(dir.path(), &["lint"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("指标分值合计 91"), "{}", out.stderr);
    // Weights on some indicators only.
    std::fs::write(&path, text.replacen("weight = 14\n", "", 1)).unwrap();
    let out = run(dir.path(), &["check", "--ledger", "data"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("9 个指标中有 8 个设了分值"),
        "{}",
        out.stderr
    );
}

#[test]
fn monitoring_report_through_july() {
    let dir = shipped_copy();
    let out = dir.path().join("reports");
    let o = run(
        dir.path(),
        &[
            "report",
            "monitoring",
            "--through",
            "2025-07",
            "--as-of",
            "2025-08-05",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    let xlsx = out.join("绩效运行监控-2025-07.xlsx");
    assert!(out.join("绩效运行监控-2025-07.csv").is_file());
    let status = status_rows(dir.path(), "2025-07-31");
    // The owners' mid-year values, by project and 三级指标.
    let actuals =
        csv_rows(&std::fs::read_to_string(repo().join("config/actuals-2025.csv")).unwrap());
    let mut midyear: HashMap<(String, String), Vec<String>> = HashMap::new();
    for a in &actuals {
        midyear
            .entry((a["项目名称"].clone(), a["三级指标"].clone()))
            .or_default()
            .push(a["年中完成值"].clone());
    }
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 13, "{names:?}");
    let mut indicator_rows = 0;
    for name in &names[1..] {
        let rows = sheet(&xlsx, name);
        let funds = table_under(&rows, "年初预算数（元）");
        let code = status
            .iter()
            .find(|(_, r)| name.contains(r["project_name"].as_str()))
            .map(|(c, _)| c.clone())
            .unwrap_or_else(|| panic!("sheet {name}"));
        let paid = match &funds[0]["1–7月执行数（元）"] {
            Data::Float(f) => (f * 100.0).round() as i64,
            other => panic!("{other:?}"),
        };
        assert_eq!(paid, fen(&status[&code]["paid"]), "{name}");
        let project = status[&code]["project_name"].clone();
        for r in table_under(&rows, "一级指标") {
            indicator_rows += 1;
            let key = (project.clone(), cell_str(&r["三级指标"]));
            let want = &midyear[&key];
            let got = cell_str(&r["1–7月完成值"]);
            assert!(
                want.contains(&got) || (got == "未填报" && want.iter().any(String::is_empty)),
                "{key:?}: {got} not in {want:?}"
            );
        }
    }
    assert_eq!(indicator_rows, 108);
    // The summary: projects ranked by gap, deviations gathered.
    let summary = sheet(&xlsx, "汇总");
    let ranking = table_under(&summary, "排序");
    let gaps: Vec<f64> = ranking
        .iter()
        .filter(|r| cell_str(&r["项目编码"]).starts_with("13022925"))
        .map(|r| match r["差距（百分点）"] {
            Data::Float(f) => f,
            _ => panic!(),
        })
        .collect();
    assert_eq!(gaps.len(), 12);
    assert!(gaps.windows(2).all(|w| w[0] <= w[1]), "{gaps:?}");
    let deviations = table_under(&summary, "类型");
    assert!(deviations
        .iter()
        .any(|r| cell_str(&r["类型"]) == "绩效指标"));
    assert!(deviations
        .iter()
        .any(|r| cell_str(&r["偏差原因类别"]) == "制度保障"));
    // HTML: a chart per project and one for the department, no network.
    let html = std::fs::read_to_string(out.join("绩效运行监控-2025-07.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 13);
    // Nothing is fetched: no scripts, stylesheets or images from elsewhere
    // (the SVG namespace URI is a name, not a request).
    for fetch in ["<script", "<link", "src=\"http", "href=\"http", "url(http"] {
        assert!(!html.contains(fetch), "{fetch}");
    }
}

#[test]
fn per_owner_sheets_merge_back_and_duplicates_name_both_files() {
    let dir = shipped_copy();
    let sheets = dir.path().join("sheets");
    let o = run(
        dir.path(),
        &["actuals-template", "--per-owner", sheets.to_str().unwrap()],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let mut files: Vec<_> = std::fs::read_dir(&sheets)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() > 1);
    let mut total = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rows = csv_rows(&text);
        let owners: std::collections::HashSet<&String> =
            rows.iter().map(|r| &r["负责人"]).collect();
        assert_eq!(owners.len(), 1, "{}", f.display());
        total += rows.len();
    }
    assert_eq!(total, 108);
    // All sheets back: the report is made.
    let mut args: Vec<String> = ["report", "monitoring", "--through", "2025-06", "--out", "r"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for f in &files {
        args.push("--actuals".into());
        args.push(f.to_str().unwrap().into());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(dir.path(), &refs);
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    // A sheet given twice: an error naming both files.
    let copy = dir.path().join("copy.csv");
    std::fs::copy(&files[0], &copy).unwrap();
    let o = run(
        dir.path(),
        &[
            "report",
            "monitoring",
            "--through",
            "2025-06",
            "--out",
            "r",
            "--actuals",
            files[0].to_str().unwrap(),
            "--actuals",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    let first = files[0].file_name().unwrap().to_str().unwrap();
    assert!(
        o.stderr.contains("copy.csv") && o.stderr.contains(first),
        "{}",
        o.stderr
    );
}

#[test]
fn lint_of_a_projects_toml_uses_its_fiscal_year() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("projects.toml");
    std::fs::copy(repo().join("config/projects.toml"), &p).unwrap();
    // No settings.toml beside it, and today's year is not 2025.
    let o = run(dir.path(), &["lint", p.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("error[cost-not-currency]"));
}

#[test]
fn import_targets_takes_the_year_from_the_document() {
    let seed = seed();
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &["import-targets", seed.to_str().unwrap(), "--out", "-"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("fiscal_year = 2025\n"));
    assert!(o.stdout.contains("{ date = \"2025-03-31\", percent = 25 }"));
    assert!(!o.stdout.contains("2026-"));
    // A --year that disagrees is used, and reported.
    let o = run(
        dir.path(),
        &["import-targets", seed.to_str().unwrap(), "--year", "2026"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("文件写明的年度为 2025 年"),
        "{}",
        o.stderr
    );
    let o = run(
        dir.path(),
        &[
            "import-targets",
            seed.to_str().unwrap(),
            "--year",
            "2026",
            "--lang",
            "en",
        ],
    );
    assert!(o.stderr.contains("states the year 2025"), "{}", o.stderr);
    // A document that states no year needs --year.
    let text = std::fs::read_to_string(&seed).unwrap();
    let no_year = dir.path().join("doc.txt");
    std::fs::write(&no_year, text.replace("2025年", "本年")).unwrap();
    let o = run(dir.path(), &["import-targets", no_year.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("--year"), "{}", o.stderr);
    let o = run(
        dir.path(),
        &[
            "import-targets",
            no_year.to_str().unwrap(),
            "--year",
            "2025",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// Both forms in English through the command line: English file names,
/// sheet, headers and labels; the data (project names, indicators) as
/// given.
#[test]
fn both_forms_in_english_on_request() {
    let dir = shipped_copy();
    add_to_project(dir.path(), HERO, &adjustment("2025-08-01", "-10000.00"));
    let out = dir.path().join("reports");
    for args in [
        &["report", "monitoring", "--through", "2025-07"][..],
        &["report", "year-end"][..],
    ] {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        all.extend(["--as-of", "2026-01-10", "--out", out.to_str().unwrap()]);
        let o = run(dir.path(), &all);
        assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    }
    let year_end = out.join("self-evaluation-2025.xlsx");
    let name = sheet_of(&year_end, "见义勇为基金");
    let rows = sheet(&year_end, &name);
    let funds = table_under(&rows, "Funds");
    let total = funds
        .iter()
        .find(|r| cell_str(&r["Funds"]) == "Total funds of the year")
        .unwrap();
    assert_eq!(total["Initial budget (10k yuan)"], Data::Float(5.0));
    assert_eq!(total["Full-year budget (10k yuan)"], Data::Float(4.0));
    let indicators = table_under(&rows, "Level-1 indicator");
    assert!(indicators
        .iter()
        .any(|r| cell_str(&r["Level-3 indicator"]) == "宣传覆盖面"
            && cell_str(&r["Scoring note"]).starts_with("Below the target value")));
    assert!(rows.iter().flatten().any(|c| cell_str(c)
        == "Budget adjustment on 2025-08-01: reduction of 10,000.00 yuan (玉财预〔2025〕12号) 年中调减"));
    let summary = sheet(&year_end, "Summary");
    assert!(summary.iter().flatten().any(|c| cell_str(c) == "Grade"));
    let monitoring = out.join("performance-monitoring-2025-07.xlsx");
    let summary = sheet(&monitoring, "Summary");
    let ranking = table_under(&summary, "Rank");
    assert_eq!(ranking.len(), 13, "12 projects and the total");
    assert!(ranking[0].contains_key("Paid Jan–Jul (yuan)"));
    for f in [
        "performance-monitoring-2025-07.csv",
        "performance-monitoring-2025-07.html",
        "self-evaluation-2025.csv",
        "self-evaluation-2025.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}
