//! The dashboard page (监控看板) after a real nightly run on the shipped data:
//! it names every project with the paid amount `status` gives, loads
//! nothing from outside, shows the notification log and the night's data
//! problems, ranks units when there are several, and renders in a real
//! browser (headless Chromium, installed by `.ci/run` from the
//! distribution: `apt-get install chromium fonts-noto-cjk`) without console
//! errors and not blank.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const NIGHT: &str = "2025-07-15";

/// A nightly run on the shipped data; returns the work folder and the page.
fn page_after_run() -> (Work, String) {
    let w = Work::new();
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(w.path().join("reports/index.html"))
        .expect("run writes reports/index.html");
    (w, page)
}

/// `status --format csv` rows for the shipped data at the night.
fn status_rows(w: &Work) -> Vec<std::collections::HashMap<String, String>> {
    let data = repo().join("data");
    let o = w.cmd(&[
        "status",
        "--as-of",
        NIGHT,
        "--format",
        "csv",
        "--ledger",
        data.to_str().unwrap(),
        "--no-cache",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    csv_rows(&stdout(&o))
}

/// "28081.39" -> "28,081.39", as the page shows amounts.
fn grouped(plain: &str) -> String {
    let (int, frac) = plain.split_once('.').unwrap();
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut g = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(c);
    }
    format!("{sign}{g}.{frac}")
}

/// The project's row in a page or a DOM dump: from its id to the row's end.
fn project_row<'a>(html: &'a str, code: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"p-{code}\""))
        .unwrap_or_else(|| panic!("no row for {code}"));
    let end = html[start..].find("</tr>").unwrap();
    &html[start..start + end]
}

/// Every project with its name and paid amount (as `status` gives it).
fn assert_every_project(html: &str, rows: &[std::collections::HashMap<String, String>]) {
    assert_eq!(rows.len(), 12);
    for r in rows {
        let row = project_row(html, &r["project_code"]);
        assert!(row.contains(&r["project_name"]), "{row}");
        assert!(
            row.contains(&format!("data-paid=\"{}\"", r["paid"])),
            "{}: {row}",
            r["project_code"]
        );
        assert!(
            row.contains(&format!(">{}<", grouped(&r["paid"]))),
            "{}: {row}",
            r["project_code"]
        );
    }
}

#[test]
fn run_writes_a_self_contained_dashboard_with_every_project() {
    let (w, page) = page_after_run();
    assert_every_project(&page, &status_rows(&w));
    // Nothing from outside: no scripts, links, images or imports; the only
    // URL is the SVG namespace.
    for bad in [
        "<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
    ] {
        assert!(!page.contains(bad), "{bad} in the page");
    }
    assert_eq!(
        page.matches("http").count(),
        page.matches("http://www.w3.org/2000/svg").count()
    );
    for heading in [
        "部门总体执行情况",
        "项目执行排名",
        "未解除的预警",
        "最近发出的通知",
        "本次数据问题",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    // Ranked by gap, most behind first: not started (-53.05 points), red
    // (-15.99), yellow (-7.16), ..., the overspent project (+48.61) last.
    let order: Vec<&str> = page
        .match_indices("id=\"p-")
        .map(|(i, _)| &page[i + 6..i + 6 + 21])
        .collect();
    assert_eq!(order.len(), 12);
    assert_eq!(
        order[..3],
        [
            "13022925P000030100059",
            "13022925P00004710002D",
            "13022925P00004010008B"
        ]
    );
    assert_eq!(order[11], "13022925P000030100032");
    // The log: the red checkpoint alert is open and was sent to its owner
    // with the head copied; the shipped data has no problems tonight.
    assert!(page.contains("红色预警"), "no red alert shown");
    assert!(page.contains("wangfang@example.org"), "owner missing");
    assert!(page.contains("本次读取的账表没有发现问题"));
    // One department unit: no unit ranking.
    assert!(!page.contains("支出进度通报"));
    // A second run the same night rewrites the page with the same figures.
    let again = w.run(NIGHT, None, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let page2 = std::fs::read_to_string(w.path().join("reports/index.html")).unwrap();
    assert_every_project(&page2, &status_rows(&w));
}

/// A registry larger than the page ranks: the 500 most behind (by gap,
/// ties in registry order, as the ranking sorts) are on it, with their
/// paid amounts as `status` gives them, and the rest are counted with
/// where to find them.
#[test]
fn a_large_registry_gets_a_page_of_the_most_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) = generate_set(dir.path(), &["--projects", "620", "--rows", "20000"]);
    let registry = data.join("registry.csv");
    let common = [
        "--projects",
        registry.to_str().unwrap(),
        "--ledger",
        ledgers.to_str().unwrap(),
        "--as-of",
        "2025-06-30",
    ];
    let out_dir = dir.path().join("page");
    let mut args = vec!["report", "dashboard", "--out", out_dir.to_str().unwrap()];
    args.extend(common);
    let o = run(dir.path(), &args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let page = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    let mut args = vec!["status", "--format", "csv", "--no-cache"];
    args.extend(common);
    let status = run(dir.path(), &args);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let mut rows = csv_rows(&status.stdout);
    assert_eq!(rows.len(), 620);
    rows.sort_by(|a, b| {
        let gap =
            |r: &std::collections::HashMap<String, String>| r["gap_points"].parse::<f64>().unwrap();
        gap(a).total_cmp(&gap(b))
    });
    assert_eq!(page.matches("<tr id=\"p-").count(), 500);
    for r in &rows[..500] {
        let row = project_row(&page, &r["project_code"]);
        assert!(
            row.contains(&format!("data-paid=\"{}\"", r["paid"])),
            "{row}"
        );
    }
    for r in &rows[500..] {
        assert!(!page.contains(&format!("id=\"p-{}\"", r["project_code"])));
    }
    assert!(
        page.contains("另有 120 个项目差距较小，未列出"),
        "the rest are counted"
    );
}

#[test]
fn report_dashboard_lists_the_night_s_data_problems() {
    let w = Work::new();
    let messy = repo().join("examples/messy");
    let out_dir = w.path().join("page");
    let o = w.cmd(&[
        "report",
        "dashboard",
        "--as-of",
        NIGHT,
        "--ledger",
        messy.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let page = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    let bad = csv_rows(
        &std::fs::read_to_string(repo().join("tests/fixtures/sample_bad_rows.csv")).unwrap(),
    );
    for r in &bad {
        let at = format!("{}:{}:", r["file"], r["line"]);
        assert!(page.contains(&at), "{at} not on the page");
    }
    // No log yet: the page says so instead of failing.
    assert!(page.contains("没有未解除的预警"));
    assert!(page.contains("通知记录中还没有邮件"));
}

#[test]
fn several_units_get_the_expenditure_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("config")).unwrap();
    std::fs::create_dir_all(p.join("ledgers")).unwrap();
    std::fs::write(
        p.join("config/settings.toml"),
        "fiscal_year = 2025\nledger_dir = \"ledgers\"\n",
    )
    .unwrap();
    std::fs::write(
        p.join("registry.csv"),
        "项目编码,项目名称,单位编码,预算数,支出计划,负责人,邮箱\n\
         A1,甲单位项目,101001,10000.00,25/50/75/100,张三,zs@example.org\n\
         B1,乙单位项目一,102001,20000.00,25/50/75/100,李四,ls@example.org\n\
         B2,乙单位项目二,102001,20000.00,25/50/75/100,李四,ls@example.org\n",
    )
    .unwrap();
    std::fs::write(
        p.join("ledgers/t.csv"),
        "支付日期,支付凭证号,项目编码,支付金额\n\
         2025-03-01,Z1,A1,6000.00\n\
         2025-03-02,Z2,B1,2000.00\n\
         2025-03-03,Z3,B2,1000.00\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .current_dir(p)
        .args([
            "report",
            "dashboard",
            "--projects",
            "registry.csv",
            "--as-of",
            "2025-07-15",
            "--out",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(p.join("out/index.html")).unwrap();
    let s = page.find("支出进度通报").expect("unit ranking shown");
    let ranking = &page[s..];
    // 101001 at 60 % ranks above 102001 at 7.5 %.
    let a = ranking.find("101001").unwrap();
    let b = ranking.find("102001").unwrap();
    assert!(a < b);
    assert!(ranking.contains("60.00%") && ranking.contains("7.50%"));
}

/// Every text between `start` and the next `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    page.match_indices(start)
        .filter_map(|(i, _)| {
            let from = i + start.len();
            page[from..].find(end).map(|j| &page[from..from + j])
        })
        .collect()
}

/// The page with its data taken out: the department's name, project
/// names, owners' names, the recorded email subjects and the ledger file
/// names. What is left is the page's own words.
fn words_only(page: &str, data: &[String]) -> String {
    let mut found: Vec<String> = data.to_vec();
    // The department's name opens the header line.
    for line in between(page, "<header><h1>", "</p>") {
        let dept = line
            .split("<p>")
            .nth(1)
            .unwrap()
            .split(" · ")
            .next()
            .unwrap();
        found.push(dept.to_string());
    }
    for (start, end) in [
        ("data-label=\"Owner\">", "</td>"),
        ("data-label=\"Subject\">", "</td>"),
    ] {
        found.extend(between(page, start, end).into_iter().map(str::to_string));
    }
    without_data(page, &found)
}

#[test]
fn the_dashboard_in_english_has_no_chinese_but_data() {
    let w = Work::new();
    let out = w.run(NIGHT, None, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(w.path().join("reports/index.html")).unwrap();
    let rows = status_rows(&w);
    assert_every_project(&page, &rows);
    let names: Vec<String> = rows.iter().map(|r| r["project_name"].clone()).collect();
    // The owners taken out are the registry's (data), nothing else.
    let registry = std::fs::read_to_string(w.path().join("config/projects.toml")).unwrap();
    for owner in between(&page, "data-label=\"Owner\">", "</td>") {
        assert!(registry.contains(owner), "{owner} is not an owner");
    }
    let left = words_only(&page, &names);
    let cjk: Vec<&str> = left.lines().filter(|l| has_cjk(l)).collect();
    assert!(cjk.is_empty(), "Chinese left on the English page: {cjk:#?}");
    assert!(page.contains("<html lang=\"en-US\">"));
    for text in [
        "<h1>Budget execution dashboard</h1>",
        "<h2>Department overview</h2>",
        "<h2>Projects ranked by gap (most behind first)</h2>",
        "<h2>Open alerts</h2>",
        "<h2 style=\"margin-top:14px\">Recent notices</h2>",
        "<h2>Data problems this run</h2>",
        "<th>Paid to date (yuan)</th>",
        ">12 projects<",
        "Red warning",
        "Checkpoint 2025-06-30",
        "The ledgers read this run have no problems.",
        "attr(data-label) \": \"",
    ] {
        assert!(page.contains(text), "{text} not on the page");
    }

    // The data problems in English too (the ledger's file names are data),
    // on a fresh folder: no log yet.
    let w = Work::new();
    let messy = repo().join("examples/messy");
    let out_dir = w.path().join("messy");
    let o = w.cmd(&[
        "--lang",
        "en",
        "report",
        "dashboard",
        "--as-of",
        NIGHT,
        "--ledger",
        messy.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let page = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    let mut data = names;
    for f in std::fs::read_dir(&messy).unwrap() {
        data.push(f.unwrap().file_name().to_string_lossy().into_owned());
    }
    let left = words_only(&page, &data);
    let s = left.find("<section id=\"problems\">").unwrap();
    let problems = &left[s..];
    assert!(!has_cjk(problems), "{problems}");
    assert!(problems.contains(": quarantined: "), "{problems}");
    assert!(problems.contains("finance staff should check them"));
    assert!(page.contains("No open alerts."));
    assert!(page.contains("The notification log has no emails yet."));
}

// ---------------------------------------------------------------- browser

/// The Chromium binary; the test fails (it does not skip) without one.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(o) = Command::new("which").arg(name).output() {
            let p = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if o.status.success() && !p.is_empty() {
                return PathBuf::from(p);
            }
        }
    }
    panic!(
        "headless Chromium is needed for the dashboard browser test: apt-get install -y chromium fonts-noto-cjk (.ci/run does)"
    );
}

/// Runs headless Chromium on `page` with `args`; returns (stdout, stderr).
/// A hung browser is killed after two minutes (a guard, not a measurement).
fn browse(page: &Path, profile: &Path, args: &[&str]) -> (String, String) {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t1 = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = so.read_to_string(&mut s);
        s
    });
    let t2 = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = se.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (t1.join().unwrap(), t2.join().unwrap())
}

/// Console messages in Chromium's log. Chromium logs every console message
/// as `INFO:CONSOLE` whatever its level, so any of them counts: the page has
/// no scripts, so a console message can only be the browser complaining
/// (a blocked or missing resource, a CSP or parse error).
fn console_messages(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

/// Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) into RGB pixels.
fn png_pixels(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (mut w, mut h, mut ctype, mut idat) = (0u32, 0u32, 0u8, Vec::new());
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
        let kind = &bytes[i + 4..i + 8];
        let data = &bytes[i + 8..i + 8 + len];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[0..4].try_into().unwrap());
                h = u32::from_be_bytes(data[4..8].try_into().unwrap());
                assert_eq!(data[8], 8, "bit depth");
                ctype = data[9];
                assert_eq!(data[12], 0, "interlaced");
            }
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    let bpp = match ctype {
        2 => 3,
        6 => 4,
        c => panic!("PNG colour type {c}"),
    };
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = w as usize * bpp;
    let mut prev = vec![0u8; stride];
    let mut pixels = Vec::with_capacity((w * h) as usize);
    for y in 0..h as usize {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let (filter, src) = (line[0], &line[1..]);
        let mut cur = vec![0u8; stride];
        for x in 0..stride {
            let a = if x >= bpp { cur[x - bpp] as i16 } else { 0 };
            let b = prev[x] as i16;
            let c = if x >= bpp { prev[x - bpp] as i16 } else { 0 };
            let pred = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("PNG filter {f}"),
            };
            cur[x] = src[x].wrapping_add(pred as u8);
        }
        for px in cur.chunks(bpp) {
            pixels.push([px[0], px[1], px[2]]);
        }
        prev = cur;
    }
    (w, h, pixels)
}

/// A screenshot is "not blank" when a fair share of it differs from the
/// background and it has the colours of text, badges and charts.
fn assert_not_blank(png: &Path) {
    let (w, h, px) = png_pixels(&std::fs::read(png).unwrap());
    assert!(w > 100 && h > 100, "{w}x{h}");
    let bg = px[px.len() - 1];
    let differing = px.iter().filter(|p| **p != bg).count();
    let colours: std::collections::HashSet<[u8; 3]> = px.iter().copied().collect();
    assert!(
        differing * 20 > px.len(),
        "{}: only {differing} of {} pixels differ from the background",
        png.display(),
        px.len()
    );
    assert!(
        colours.len() > 50,
        "{}: {} colours",
        png.display(),
        colours.len()
    );
}

#[test]
fn dashboard_renders_in_headless_chromium() {
    let (w, _) = page_after_run();
    let page = w.path().join("reports/index.html");
    let profile = tempfile::tempdir().unwrap();

    // The console check catches an error when there is one.
    let control = w.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><body><p>x</p><script>console.error('bm-control-error')</script></body></html>",
    )
    .unwrap();
    let (_, log) = browse(&control, profile.path(), &["--dump-dom"]);
    assert!(
        console_messages(&log)
            .iter()
            .any(|l| l.contains("bm-control-error")),
        "the console check does not see console.error: {log}"
    );

    // The real page: every project with its paid amount in the DOM, no
    // console errors, no request for anything outside the file.
    let (dom, log) = browse(&page, profile.path(), &["--dump-dom"]);
    assert_every_project(&dom, &status_rows(&w));
    assert!(console_messages(&log).is_empty(), "{log}");
    assert!(!log.contains("net::ERR_"), "{log}");

    // Screenshots: a desktop and a phone width; both show the page. They
    // stay in the work folder's `shots/` while the test runs
    // (BUDGET_MONITOR_KEEP_SHOTS=DIR copies them out for a person to look at).
    let shots = w.path().join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, size) in [("desktop.png", "1280,2600"), ("phone.png", "390,3200")] {
        let png = shots.join(name);
        let (_, log) = browse(
            &page,
            profile.path(),
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size={size}"),
            ],
        );
        assert!(png.is_file(), "no screenshot: {log}");
        assert_not_blank(&png);
        if let Some(keep) = std::env::var_os("BUDGET_MONITOR_KEEP_SHOTS") {
            std::fs::create_dir_all(&keep).unwrap();
            std::fs::copy(&png, Path::new(&keep).join(name)).unwrap();
        }
    }
    // Printing on A4 works (a PDF comes out).
    let pdf = shots.join("page.pdf");
    let (_, log) = browse(
        &page,
        profile.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF ({e}): {log}"));
    assert!(bytes.starts_with(b"%PDF"), "{log}");
}
