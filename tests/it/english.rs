//! English on request, everywhere a person reads: a department that asks
//! for English (`--lang en` for the office, `[email] language = "en"` for
//! the recipients) replays nights of the shipped data, then reads status,
//! every report (csv and html), the dashboard and the log. Nothing Chinese
//! may be left but the data itself: what the config, the owners' values and
//! the ledger file names say.

use std::path::Path;

use crate::common::{chinese_lines, has_cjk, run, shipped_copy};

/// Every text the department's own files hold: project and unit names,
/// people, indicator texts and values, the owners' reported values and
/// explanations, the ledger files' names. These stay as they were written.
fn data_texts(dir: &Path) -> Vec<String> {
    fn strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for f in ["projects.toml", "settings.toml"] {
        let text = std::fs::read_to_string(dir.join("config").join(f)).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        strings(&toml::Value::Table(doc), &mut out);
    }
    let actuals = std::fs::read_to_string(dir.join("config/actuals-2025.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(actuals.trim_start_matches('\u{feff}').as_bytes());
    for r in rdr.records().skip(1) {
        out.extend(r.unwrap().iter().map(str::to_string));
    }
    for e in std::fs::read_dir(dir.join("data")).unwrap() {
        out.push(e.unwrap().file_name().to_string_lossy().into_owned());
    }
    // Each also as the html pages write it (escaped).
    out.iter()
        .flat_map(|s| {
            let t = s.trim().to_string();
            [t.clone(), budget_monitor::report::html::escape(&t)]
        })
        .filter(|s| has_cjk(s))
        .collect()
}

#[test]
fn an_english_department_reads_no_chinese_but_its_data() {
    let dir = shipped_copy();
    let p = dir.path();
    let settings = p.join("config/settings.toml");
    let s = std::fs::read_to_string(&settings).unwrap();
    assert!(s.contains("# language = \"zh\""));
    std::fs::write(
        &settings,
        s.replace("# language = \"zh\"", "language = \"en\""),
    )
    .unwrap();
    let data = data_texts(p);

    let mut outputs: Vec<(String, String)> = Vec::new();
    // A year of checkpoints: warnings opened, repeated, superseded and
    // resolved, monthly emails, the year-end result.
    for day in [
        "2025-04-01",
        "2025-07-01",
        "2025-07-15",
        "2025-11-01",
        "2025-12-31",
    ] {
        let r = run(p, &["--lang", "en", "run", "--as-of", day]);
        assert!(r.code <= 1, "{}", r.stderr);
        outputs.push((format!("run {day} (stderr)"), r.stderr));
    }
    let r = run(p, &["--lang", "en", "status", "--as-of", "2025-07-15"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    outputs.push(("status".into(), r.stdout));
    for args in [
        &["report", "monthly", "--month", "2025-06"][..],
        &["report", "monitoring", "--through", "2025-07"],
        &["report", "year-end"],
        &["report", "dashboard", "--as-of", "2025-07-15"],
    ] {
        let mut a = vec!["--lang", "en"];
        a.extend(args);
        a.extend(["--out", "english"]);
        let r = run(p, &a);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        outputs.push((format!("{args:?} (stderr)"), r.stderr));
    }
    for f in ["", "csv"] {
        let mut a = vec!["--lang", "en", "log"];
        if !f.is_empty() {
            a.extend(["--format", f]);
        }
        let r = run(p, &a);
        assert_eq!(r.code, 0, "{}", r.stderr);
        outputs.push((format!("log {f}"), r.stdout));
    }
    let mut left = Vec::new();
    let mut files = 0;
    for e in std::fs::read_dir(p.join("english")).unwrap() {
        let f = e.unwrap().path();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".xlsx") {
            continue;
        }
        if has_cjk(&name) {
            left.push(format!("a report's file name: {name}"));
        }
        files += 1;
        outputs.push((name, std::fs::read_to_string(&f).unwrap()));
    }
    // monthly, monitoring, year-end: csv and html each; the dashboard.
    assert_eq!(files, 7, "{outputs:?}");

    for (what, text) in &outputs {
        for l in chinese_lines(text, &data) {
            left.push(format!("{what}: {l}"));
        }
    }
    assert!(
        left.is_empty(),
        "{} lines with Chinese besides data:\n{}",
        left.len(),
        left.join("\n")
    );
    // And it is English: a few of the words every office reads.
    let all: String = outputs.iter().map(|(_, t)| t.as_str()).collect();
    for w in ["Budget execution as of", "Department total", "yuan"] {
        assert!(all.contains(w), "{w}");
    }
}
