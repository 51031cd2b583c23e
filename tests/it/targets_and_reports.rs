//! The performance-target commands and the reports, through the real binary
//! on the shipped config, seed and sample data. The xlsx is read back with
//! calamine (a real reader), the HTML and CSV as text.

use std::path::Path;
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::{repo as root, seed};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn import_targets_reproduces_the_shipped_config_byte_for_byte() {
    let seed = seed();
    let o = run(&[
        "import-targets",
        seed.to_str().unwrap(),
        "--owners-from",
        "config/projects.toml",
        "--out",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shipped = std::fs::read(root().join("config/projects.toml")).unwrap();
    assert!(
        o.stdout == shipped,
        "import-targets output differs from config/projects.toml"
    );
    let err = stderr(&o);
    assert!(
        err.contains(
            "import-targets：12 个项目，108 个指标，4,072,570.00 元，2025 年度，占位负责人 0 个"
        ),
        "{err}"
    );
}

#[test]
fn import_targets_writes_placeholders_without_owners() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.toml");
    let seed = seed();
    let o = run(&[
        "import-targets",
        seed.to_str().unwrap(),
        "--year",
        "2025",
        "--owners-from",
        "/nonexistent/projects.toml",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a missing owners file is an error"
    );
    let o = run(&[
        "import-targets",
        seed.to_str().unwrap(),
        "--year",
        "2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("fiscal_year = 2026"));
    assert!(text.contains("{ date = \"2026-03-31\", percent = 25 }"));
}

#[test]
fn lint_on_the_seed_finds_its_problems_grouped_by_project() {
    let seed = seed();
    let o = run(&["lint", seed.to_str().unwrap(), "--year", "2025"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    // The seed's known problems (domain.md): a 成本指标 holding 社会稳定水平,
    // a count of business types in percent.
    assert!(
        out.contains("13022925P00004610003B 见义勇为基金\n"),
        "{out}"
    );
    assert!(out.contains("error[cost-not-currency]"), "{out}");
    assert!(out.contains("社会稳定水平 = 群众认可"), "{out}");
    assert!(out.contains("error[count-with-percent]"), "{out}");
    // Chinese by default: the rule id and severity stay, the rest is read
    // by the office.
    assert!(
        out.contains("error[cost-not-currency] 第 136 行：社会稳定水平 = 群众认可：成本指标应以货币计量（元或万元），“群众认可”不是金额\n"),
        "{out}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("lint：共 43 条意见（错误 15 条，警告 5 条，提示 23 条）"),
        "{err}"
    );
    // The derivations of domain.md add up: never reported.
    assert!(!out.contains("budget-derivation-mismatch"), "{out}");
    // English on request, for the flag and for the environment.
    for english in [
        run(&[
            "--lang",
            "en",
            "lint",
            seed.to_str().unwrap(),
            "--year",
            "2025",
        ]),
        Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
            .current_dir(root())
            .args(["lint", seed.to_str().unwrap(), "--year", "2025"])
            .env("BUDGET_MONITOR_LANG", "en")
            .output()
            .unwrap(),
    ] {
        assert_eq!(english.status.code(), Some(1), "{}", stderr(&english));
        let out = String::from_utf8(english.stdout.clone()).unwrap();
        assert!(
            out.contains("error[cost-not-currency] line 136: 社会稳定水平 = 群众认可: a 成本指标 must state an amount of money (元 or 万元), but \"群众认可\" is not one\n"),
            "{out}"
        );
        assert!(!out.contains("成本指标应以货币计量"), "{out}");
        assert!(
            stderr(&english).contains("lint: 43 findings (15 errors, 5 warnings, 23 notes)"),
            "{}",
            stderr(&english)
        );
    }
    // The shipped config lints the same indicator rows.
    let o = run(&["lint"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("error[cost-not-currency]"));
}

#[test]
fn actuals_template_lists_every_indicator() {
    let o = run(&["actuals-template"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("\u{FEFF}项目编码,项目名称,负责人,一级指标,二级指标,三级指标,年度指标值,年中完成值,完成可能性,预计全年完成值,实际完成值,偏差原因类别,偏差原因,改进措施\n"));
    assert_eq!(text.lines().count(), 109);
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

/// Rows of a sheet as strings.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn find_row<'a>(rows: &'a [Vec<Data>], first: &str) -> &'a Vec<Data> {
    rows.iter()
        .find(|r| r.iter().any(|c| cell_str(c) == first))
        .unwrap_or_else(|| panic!("no row with {first}"))
}

#[test]
fn year_end_report_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = run(&[
        "report",
        "year-end",
        "--year",
        "2025",
        "--as-of",
        "2026-01-10",
        "--out",
        out,
    ]);
    // The sample data has quarantined rows on purpose: exit 1, reports written.
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let xlsx = dir.path().join("年度绩效自评-2025.xlsx");
    let html = std::fs::read_to_string(dir.path().join("年度绩效自评-2025.html")).unwrap();
    let csv = std::fs::read_to_string(dir.path().join("年度绩效自评-2025.csv")).unwrap();

    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 13, "{names:?}");
    assert_eq!(names[0], "汇总");
    let rows = sheet(&xlsx, "汇总");
    let header = find_row(&rows, "项目编码");
    let col = |h: &str| header.iter().position(|c| cell_str(c) == h).unwrap();
    let total = find_row(&rows, "部门合计 / 平均");
    assert_eq!(total[col("全年预算数（元）")], Data::Float(4_072_570.0));
    // Every project row has a grade and a score out of 100.
    let projects: Vec<&Vec<Data>> = rows
        .iter()
        .filter(|r| cell_str(&r[col("项目编码")]).starts_with("13022925"))
        .collect();
    assert_eq!(projects.len(), 12);
    for r in &projects {
        assert!(["优", "良", "中", "差"].contains(&cell_str(&r[col("等级")]).as_str()));
        let Data::Float(score) = r[col("总分")] else {
            panic!("score is a number")
        };
        assert!((0.0..=100.0).contains(&score));
    }
    // The blank indicator of the sample actuals shows as 未填报 with 0 points.
    let name = names
        .iter()
        .find(|n| n.contains("综治信息化系统建设经费"))
        .unwrap()
        .clone();
    let p = sheet(&xlsx, &name);
    let ind_header = find_row(&p, "三级指标");
    let icol = |h: &str| ind_header.iter().position(|c| cell_str(c) == h).unwrap();
    let unreported = find_row(&p, "未填报");
    assert_eq!(unreported[icol("得分")], Data::Float(0.0));

    // HTML: 13 charts, each with a plan and an actual line; text escaped.
    assert_eq!(html.matches("<svg").count(), 13);
    assert_eq!(html.matches("class=\"plan\"").count(), 13);
    assert_eq!(html.matches("class=\"actual\"").count(), 13);
    assert!(html.contains("未填报"));
    assert!(!html.contains("<script"));
    // CSV: BOM, the total, the per-project tables.
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(csv.contains("部门合计 / 平均,12个项目,,4072570.00,"));
    assert_eq!(csv.matches("偏差原因分析及改进措施").count(), 12);
}

#[test]
fn monthly_report_lists_projects_behind_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = run(&[
        "report",
        "monthly",
        "--month",
        "2025-06",
        "--as-of",
        "2025-07-03",
        "--out",
        out,
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let xlsx = dir.path().join("月度执行进度-2025-06.xlsx");
    let rows = sheet(&xlsx, "汇总");
    let header = find_row(&rows, "项目编码");
    let status = header.iter().position(|c| cell_str(c) == "状态").unwrap();
    let statuses: Vec<String> = rows
        .iter()
        .filter(|r| cell_str(&r[1]).starts_with("13022925"))
        .map(|r| cell_str(&r[status]))
        .collect();
    assert_eq!(statuses.len(), 12);
    // Once a project is on track, every one after it is too.
    let first_ok = statuses.iter().position(|s| s == "正常").unwrap_or(12);
    assert!(first_ok > 0, "{statuses:?}");
    assert!(
        statuses[first_ok..].iter().all(|s| s == "正常"),
        "{statuses:?}"
    );
    let html = std::fs::read_to_string(dir.path().join("月度执行进度-2025-06.html")).unwrap();
    assert!(html.contains("截至2025-06-30"));
    assert!(dir.path().join("月度执行进度-2025-06.csv").is_file());
    // A month outside the fiscal year is refused before any work.
    let o = run(&["report", "monthly", "--month", "2024-06", "--out", out]);
    assert_eq!(o.status.code(), Some(2));
}

/// A registry of more projects than the report gives sheets to: the
/// summary lists every project, only the 300 most behind (its first 300
/// rows) get a sheet of their own, and the summary says so.
#[test]
fn a_large_registry_s_monthly_report_keeps_sheets_for_the_most_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) =
        crate::common::generate_set(dir.path(), &["--projects", "330", "--rows", "15000"]);
    let out = dir.path().join("out");
    let o = run(&[
        "report",
        "monthly",
        "--month",
        "2025-06",
        "--projects",
        data.join("registry.csv").to_str().unwrap(),
        "--ledger",
        ledgers.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xlsx = out.join("月度执行进度-2025-06.xlsx");
    let rows = sheet(&xlsx, "汇总");
    let header_at = rows
        .iter()
        .position(|r| r.iter().any(|c| cell_str(c) == "项目编码"))
        .unwrap();
    let code_col = rows[header_at]
        .iter()
        .position(|c| cell_str(c) == "项目编码")
        .unwrap();
    let listed: Vec<String> = rows[header_at + 1..]
        .iter()
        .map(|r| cell_str(&r[code_col]))
        .filter(|c| c.len() > 12)
        .collect();
    assert_eq!(listed.len(), 330, "the summary lists every project");
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 1 + 300, "{:?}", &names[..5]);
    // Sheets are named "NN name" by registry position; the 300 with sheets
    // are the summary's first 300.
    let html = std::fs::read_to_string(out.join("月度执行进度-2025-06.html")).unwrap();
    assert_eq!(html.matches("class=\"project\"").count(), 300);
    for code in &listed[..300] {
        assert!(
            html.contains(&format!("（{code}）")),
            "{code} has no section"
        );
    }
    for code in &listed[300..] {
        assert!(
            !html.contains(&format!("（{code}）")),
            "{code} should have no section"
        );
    }
    assert!(html.contains("逐项目明细页只列落后最多的300个项目，其余30个项目见本汇总表"));
}

#[test]
fn text_from_data_cannot_become_markup_or_a_formula() {
    // A copy of the config with hostile text in a project name and in an
    // owner's deviation reason.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir(&cfg).unwrap();
    let settings = std::fs::read_to_string(root().join("config/settings.toml"))
        .unwrap()
        .replace(
            "ledger_dir = \"data\"",
            &format!("ledger_dir = {:?}", root().join("data")),
        );
    std::fs::write(cfg.join("settings.toml"), settings).unwrap();
    let projects = std::fs::read_to_string(root().join("config/projects.toml"))
        .unwrap()
        .replacen(
            "name = \"见义勇为基金\"",
            "name = \"=HYPERLINK(\\\"x\\\")<b>基金\"",
            1,
        );
    std::fs::write(cfg.join("projects.toml"), projects).unwrap();
    let actuals = std::fs::read_to_string(root().join("config/actuals-2025.csv"))
        .unwrap()
        .replacen(
            ",制度保障,相关工作制度修订中，执行标准未统一,",
            ",制度保障,<script>alert(1)</script>,",
            1,
        )
        .replacen(",加快工作进度，按月调度", ",@SUM(A1),", 1);
    std::fs::write(cfg.join("actuals-2025.csv"), actuals).unwrap();
    let out = dir.path().join("reports");
    let o = run(&[
        "report",
        "year-end",
        "--config",
        cfg.to_str().unwrap(),
        "--as-of",
        "2026-01-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("年度绩效自评-2025.html")).unwrap();
    assert!(html.contains("=HYPERLINK(&quot;x&quot;)&lt;b&gt;基金"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>") && !html.contains("<b>基金"));
    let csv = std::fs::read_to_string(out.join("年度绩效自评-2025.csv")).unwrap();
    assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")<b>基金\","));
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"));
    // In xlsx the name is a string cell (with Excel's quote prefix), never a formula.
    let xlsx = out.join("年度绩效自评-2025.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let formulas = wb.worksheet_formula("汇总").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let rows = sheet(&xlsx, "汇总");
    assert!(rows
        .iter()
        .flatten()
        .any(|c| *c == Data::String("=HYPERLINK(\"x\")<b>基金".into())));
    let raw = std::process::Command::new("unzip")
        .args(["-p", xlsx.to_str().unwrap(), "xl/styles.xml"])
        .output();
    if let Ok(raw) = raw {
        if raw.status.success() {
            assert!(String::from_utf8_lossy(&raw.stdout).contains("quotePrefix=\"1\""));
        }
    }
}

/// A registry of two units: `--by-unit` makes each unit its own report (its
/// projects only, its name and code on top and in the file names), every
/// project's row as in the report of the whole; `--unit` makes the one
/// asked for; a code no project has is refused before any work.
#[test]
fn reports_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) =
        crate::common::generate_set(dir.path(), &["--projects", "60", "--rows", "3000"]);
    // Every third project to a second unit; both named.
    let mut rdr = csv::Reader::from_path(data.join("registry.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let unit_col = headers.iter().position(|h| h == "单位编码").unwrap();
    let registry = dir.path().join("two-units.csv");
    let mut w = csv::Writer::from_path(&registry).unwrap();
    let mut head: Vec<&str> = headers.iter().collect();
    head.push("单位名称");
    w.write_record(&head).unwrap();
    for (i, r) in rdr.records().enumerate() {
        let r = r.unwrap();
        let (code, name) = if i % 3 == 0 {
            ("308002", "某某中心")
        } else {
            ("308001", "某某局")
        };
        let mut row: Vec<&str> = r
            .iter()
            .enumerate()
            .map(|(k, v)| if k == unit_col { code } else { v })
            .collect();
        row.push(name);
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
    let out = dir.path().join("out");
    let report = |kind: &[&str], extra: &[&str]| {
        let mut args = vec!["report"];
        args.extend(kind);
        args.extend([
            "--projects",
            registry.to_str().unwrap(),
            "--ledger",
            ledgers.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        args.extend(extra);
        run(&args)
    };
    let monthly = ["monthly", "--month", "2025-06", "--as-of", "2025-07-03"];
    let o = report(&monthly, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = report(&monthly, &["--by-unit"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Project rows of a report's csv: code -> the row without its 序号.
    let rows = |file: &str| -> (String, std::collections::BTreeMap<String, Vec<String>>) {
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_path(out.join(file))
            .unwrap();
        let mut top = String::new();
        let mut projects = std::collections::BTreeMap::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.unwrap();
            if i == 1 {
                top = rec[0].to_string();
            }
            if rec.len() > 2 && rec[1].starts_with("13022925") {
                projects.insert(
                    rec[1].to_string(),
                    rec.iter().skip(1).map(str::to_string).collect(),
                );
            }
        }
        (top, projects)
    };
    let (_, whole) = rows("月度执行进度-2025-06.csv");
    assert_eq!(whole.len(), 60);
    let (top1, a) = rows("月度执行进度-2025-06-308001.csv");
    let (top2, b) = rows("月度执行进度-2025-06-308002.csv");
    assert_eq!((a.len(), b.len()), (40, 20));
    assert!(top1.starts_with("某某局（308001）"), "{top1}");
    assert!(top2.starts_with("某某中心（308002）"), "{top2}");
    let mut joined = a.clone();
    joined.extend(b.clone());
    assert_eq!(joined, whole, "each project's row as in the whole report");
    assert!(out.join("月度执行进度-2025-06-308002.xlsx").is_file());

    // One unit asked for: its files only.
    let monitoring = [
        "monitoring",
        "--through",
        "2025-07",
        "--as-of",
        "2025-08-05",
    ];
    let o = report(&monitoring, &["--unit", "308002"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    for ext in ["xlsx", "html", "csv"] {
        assert!(out
            .join(format!("绩效运行监控-2025-07-308002.{ext}"))
            .is_file());
        assert!(!out
            .join(format!("绩效运行监控-2025-07-308001.{ext}"))
            .exists());
    }
    // An unknown code: refused, naming it and the units there are.
    let o = report(&monitoring, &["--unit", "999"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("\"999\"") && err.contains("308002, 308001"),
        "{err}"
    );
    assert!(
        !err.contains("report monitoring："),
        "no ledger read: {err}"
    );
}
