//! The monthly progress report and the notification log in English
//! (`--lang en`), on the shipped config and data: every word the code
//! writes is English; only data stays as it is (project, unit and people's
//! names, and what the log recorded as sent: subjects, levels, figures).

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::{chinese_lines, has_cjk, log_column, run, shipped_copy, stderr, stdout, Work};

/// The names the shipped configuration gives: unit, people, projects;
/// longest first, so a name inside another is removed after it.
fn config_names(config_dir: &Path) -> Vec<String> {
    let cfg = budget_monitor::config::load(&budget_monitor::config::LoadOptions {
        config_dir: config_dir.to_path_buf(),
        projects: None,
        default_year: 2025,
    })
    .unwrap();
    let d = &cfg.department;
    let mut names = vec![d.unit_name.clone()];
    names.extend(d.head.iter().chain(d.office.iter()).map(|p| p.name.clone()));
    for p in &cfg.projects {
        names.push(p.name.clone());
        names.extend(p.owner.iter().map(|o| o.name.clone()));
    }
    names
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_monthly_report_in_english_is_english_but_its_data() {
    let dir = shipped_copy();
    let r = run(
        dir.path(),
        &[
            "--lang", "en", "report", "monthly", "--month", "2025-06", "--out", "en",
        ],
    );
    assert!(matches!(r.code, 0 | 1), "{}", r.stderr);
    let out = dir.path().join("en");
    let data = config_names(&dir.path().join("config"));
    for ext in ["csv", "html"] {
        let text =
            std::fs::read_to_string(out.join(format!("monthly-progress-2025-06.{ext}"))).unwrap();
        let left = chinese_lines(&text, &data);
        assert!(left.is_empty(), "{ext}: Chinese left: {left:#?}");
        for words in [
            "Budget execution progress report, June 2025",
            " (308001) · as of 2025-06-30 · generated on ",
            "Budget execution by project (as of 2025-06-30)",
            "12 projects, budget 4,072,570.00 yuan (407.2570 in 10k yuan)",
            "Of these, red warning: 2, yellow warning: 1",
            "by 10 percentage points or more a red warning",
            "Gap (percentage points)",
            "Still to pay by the next checkpoint (yuan)",
            "Spending plan checkpoints",
            "Days to the next checkpoint",
            "Missed (50.00 percentage points behind)",
            "Not yet due",
            "Owner: ",
            "Red warning",
            "On track",
        ] {
            assert!(text.contains(words), "{ext}: no {words:?}");
        }
    }
    // The workbook: the summary sheet first, under its English name (which
    // no project sheet may take), then one sheet a project.
    let mut wb: Xlsx<_> = open_workbook(out.join("monthly-progress-2025-06.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 13, "{names:?}");
    assert_eq!(names[0], "Summary");
    let rows: Vec<Vec<String>> = wb
        .worksheet_range("Summary")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(cell).collect())
        .collect();
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "No."))
        .unwrap();
    assert!(!header.iter().any(|h| has_cjk(h)), "{header:?}");
    assert!(header.contains(&"Paid to date (yuan)".to_string()));
    let project: Vec<Vec<String>> = wb
        .worksheet_range(&names[1])
        .unwrap()
        .rows()
        .map(|r| r.iter().map(cell).collect())
        .collect();
    assert!(project
        .iter()
        .any(|r| r.first().is_some_and(|c| c == "Checkpoint date")));
}

#[test]
fn the_log_in_english_is_english_but_what_was_recorded() {
    let w = Work::new();
    for night in ["2025-04-01", "2025-07-01", "2025-07-15"] {
        let o = w.run(night, None, &[]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    }
    // What the log recorded as sent, in the language it was sent in.
    let mut data = config_names(&w.config());
    for sql in [
        "SELECT subject FROM messages",
        "SELECT last_error FROM messages WHERE last_error IS NOT NULL",
        "SELECT level FROM message_items",
        "SELECT figures FROM message_items",
        "SELECT exemption FROM message_items WHERE exemption IS NOT NULL",
        "SELECT detail FROM events WHERE detail IS NOT NULL",
    ] {
        data.extend(log_column::<Vec<String>>(&w.state(), sql));
    }

    let text = stdout(&w.cmd(&["--lang", "en", "log"]));
    let left = chinese_lines(&text, &data);
    assert!(left.is_empty(), "Chinese left: {left:#?}");
    for words in [
        "Warning ledger (times in Asia/Shanghai)",
        " recorded at ",
        "Daily warning digest: ",
        "(sent at ",
        "Alert history",
        "Checkpoint warning (checkpoint 2025-03-31): ",
        " opened (Red warning)  [recorded at ",
        ", email <",
        "closed, superseded by a later checkpoint",
    ] {
        assert!(text.contains(words), "no {words:?} in {text}");
    }

    let csv = stdout(&w.cmd(&["--lang", "en", "log", "--format", "csv"]));
    let left = chinese_lines(&csv, &data);
    assert!(left.is_empty(), "Chinese left: {left:#?}");
    assert!(csv.contains(
        "Date,Recorded at,Recipients,Email type,Subject,Project code,Project name,\
         Item type,Level,Figures as sent,Delivery,Sent at,Explanation"
    ));
    assert!(csv.contains("Fiscal year 2025, times in Asia/Shanghai"));
    assert!(csv.contains(",Monthly progress,"), "{csv}");

    let xlsx = w.path().join("ledger.xlsx");
    let o = w.cmd(&[
        "--lang",
        "en",
        "log",
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Warning ledger".to_string()]);
}
