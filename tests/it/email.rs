//! The nightly run against a real SMTP server on loopback: what arrives
//! (recipients, decoded Chinese subject, both parts, the figures), and the
//! faults a mail server produces. After every fault each message is
//! delivered exactly once or recorded as failed: none lost, none duplicated.

use std::collections::HashSet;

use crate::common::*;

const NIGHT: &str = "2025-07-15";

fn ids(received: &[serde_json::Value]) -> Vec<String> {
    received
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_unique(received: &[serde_json::Value]) {
    let all = ids(received);
    let set: HashSet<_> = all.iter().collect();
    assert_eq!(set.len(), all.len(), "a message arrived twice: {all:?}");
}

#[test]
fn the_office_digest_names_data_problems_with_file_and_line() {
    let smtp = Smtp::start(&[]);
    let w = Work::new();
    // The messy example: the three period exports with their bad rows,
    // read in place of the shipped ones.
    let c = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(["run", "--config"])
        .arg(w.config())
        .arg("--ledger")
        .arg(repo().join("examples/messy"))
        .args(["--as-of", NIGHT])
        .env(
            "BUDGET_MONITOR_SMTP_URL",
            format!("smtp://127.0.0.1:{}", smtp.port),
        )
        .env_remove("BUDGET_MONITOR_SMTP_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(c.status.code(), Some(1), "{}", stderr(&c));
    let got = smtp.received();
    let office = got
        .iter()
        .find(|m| m["x_budget_kind"] == "office" && m["rcpt_tos"][0] == "caiwu@example.org")
        .unwrap_or_else(|| panic!("no office digest: {got:#?}"));
    assert!(
        office["text"]
            .as_str()
            .unwrap()
            .contains("项目编码 \"13022925P00004010009K\" 不在项目库中"),
        "{office:#?}"
    );
}

#[test]
fn warnings_arrive_with_subject_parts_and_figures() {
    let smtp = Smtp::start(&[]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    // Exit 0: the shipped data is clean (the bad rows live in examples/messy).
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = smtp.received();
    // One email per recipient: three owners, the head (red at the June
    // checkpoint) and the office (new alerts and data problems).
    assert_eq!(got.len(), 5, "{}", stderr(&out));
    assert_unique(&got);
    let find = |kind: &str, to: &str| {
        got.iter()
            .find(|m| m["x_budget_kind"] == kind && m["rcpt_tos"][0] == to)
            .unwrap_or_else(|| panic!("no {kind} message to {to}: {got:#?}"))
    };
    // Red checkpoint warning: the owner only.
    let m = find("checkpoint", "wangfang@example.org");
    assert_eq!(m["rcpt_tos"], serde_json::json!(["wangfang@example.org"]));
    let subject = m["subject"].as_str().unwrap();
    assert!(subject.starts_with("【预算执行预警】"), "{subject}");
    assert!(subject.contains("2025年7月15日"), "{subject}");
    assert_eq!(m["x_budget_projects"], "13022925P00004710002D");
    assert_eq!(m["content_type"], "multipart/alternative");
    let text = m["text"].as_str().unwrap();
    let html = m["html"].as_str().unwrap();
    for part in [text, html] {
        assert!(part.contains("涉法涉诉信访救助基金"));
        assert!(
            part.contains("预算 1,000,000.00 元"),
            "budget with separators"
        );
        assert!(
            part.contains(
                "截至2025年7月15日：预算 1,000,000.00 元，已支付 370,568.62 元，执行率 37.06%"
            ),
            "figures as of the run date: {part}"
        );
        assert!(
            part.contains("节点 2025年6月30日：计划 50.00%，实际 34.04%，落后 15.96 个百分点（红色预警）；截至节点已支付 340,447.60 元"),
            "the checkpoint's own dated line: {part}"
        );
        assert!(
            part.contains("尚需支付 379,431.38 元：为在2025年10月31日前达到该节点计划进度 75.00%")
        );
        assert!(part.contains("近30天日均支付"));
        assert!(
            part.contains("请于2025年7月29日前（10个工作日内）"),
            "{part}"
        );
        assert!(part.contains("报送财务科（caiwu@example.org）"));
    }
    assert!(html.contains("<ul>"));
    // Yellow warning.
    let m = find("checkpoint", "zhangwei@example.org");
    assert!(m["text"].as_str().unwrap().contains("黄色预警"));
    // All of 陈静's notices in one message, most severe first.
    let m = find("overspend,checkpoint", "chenjing@example.org");
    assert!(m["subject"].as_str().unwrap().starts_with("【超预算预警】"));
    assert_eq!(
        m["x_budget_projects"],
        "13022925P000030100032, 13022925P000030100059"
    );
    let text = m["text"].as_str().unwrap();
    assert!(text.contains("超出预算 3,786.50 元"));
    assert!(text.contains("已支付 231,786.50 元"));
    // Nothing paid at the June checkpoint: red, not a milder label.
    assert!(
        text.contains("实际 0.00%，落后 50.00 个百分点（红色预警）"),
        "{text}"
    );
    // The head: red at a checkpoint only.
    let m = find("escalation", "head@example.org");
    assert_eq!(
        m["x_budget_projects"],
        "13022925P000030100059, 13022925P00004710002D"
    );
    // The office: the night's news (the shipped data has no data problems).
    let m = find("office", "caiwu@example.org");
    assert!(m["text"]
        .as_str()
        .unwrap()
        .contains("13022925P00004710002D"));
    // The second run the same night sends nothing.
    let again = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 5, "{}", stderr(&again));
    // The log tells the story, in Chinese.
    let log = w.cmd(&["log", "--project", "13022925P00004710002D"]);
    let text = stdout(&log);
    assert!(
        text.contains("节点预警（节点 2025-06-30）：红色预警，预警中"),
        "{text}"
    );
    assert!(text.contains("已通知（红色预警）"), "{text}");
    assert!(text.contains("邮件 <budget-monitor."), "{text}");
    assert!(text.contains("已发送于"), "{text}");
    assert!(
        text.contains("已支付 370,568.62 元"),
        "figures as sent: {text}"
    );
}

#[test]
fn server_down_then_up_delivers_each_message_once() {
    let w = Work::new();
    let out = w.run(NIGHT, Some(dead_port()), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("临时失败，留待下次运行"),
        "{}",
        stderr(&out)
    );
    // The same night again, still down, in English: the same warning lines.
    let en = w.run(NIGHT, Some(dead_port()), &["--lang", "en"]);
    assert_eq!(en.status.code(), Some(1));
    assert!(
        stderr(&en).contains("warning: message <")
            && stderr(&en).contains("temporary failure, kept for the next run"),
        "{}",
        stderr(&en)
    );
    let rows = messages(&w.state());
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.2 == "queued"));
    let smtp = Smtp::start(&[]);
    let out = w.run("2025-07-16", Some(smtp.port), &[]);
    let got = smtp.received();
    assert_eq!(got.len(), 5, "{}", stderr(&out));
    assert_unique(&got);
    // Resent with the Message-IDs recorded before the first attempt.
    let recorded: HashSet<String> = rows.iter().map(|r| r.3.clone()).collect();
    assert_eq!(ids(&got).into_iter().collect::<HashSet<_>>(), recorded);
    assert!(messages(&w.state()).iter().all(|r| r.2 == "sent"));
}

#[test]
fn temporary_failures_are_retried_next_run() {
    let smtp = Smtp::start(&["--tempfail-data", "2"]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("451"), "{}", stderr(&out));
    w.run(NIGHT, Some(smtp.port), &[]);
    let got = smtp.received();
    assert_eq!(got.len(), 5);
    assert_unique(&got);
}

#[test]
fn dropped_connection_mid_message_is_retried() {
    let smtp = Smtp::start(&["--drop-data", "1"]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 4, "{}", stderr(&out));
    assert_eq!(
        messages(&w.state())
            .iter()
            .filter(|r| r.2 == "queued")
            .count(),
        1
    );
    w.run(NIGHT, Some(smtp.port), &[]);
    let got = smtp.received();
    assert_eq!(got.len(), 5);
    assert_unique(&got);
}

#[test]
fn permanent_refusal_for_one_recipient_is_recorded() {
    let smtp = Smtp::start(&["--reject-rcpt", "zhangwei@example.org"]);
    let w = Work::new();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("被拒收，记为失败"),
        "{}",
        stderr(&out)
    );
    assert_eq!(smtp.received().len(), 4);
    let rows = messages(&w.state());
    let failed: Vec<_> = rows.iter().filter(|r| r.2 == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].1, "zhangwei@example.org");
    // Not retried: a person has to fix the address.
    w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(smtp.received().len(), 4);
    let log = stdout(&w.cmd(&["log", "--project", "13022925P00004010008B"]));
    assert!(log.contains("发送失败："), "{log}");
}

#[test]
fn overlapping_run_exits_with_the_lock_message() {
    let w = Work::new();
    std::fs::create_dir_all(w.state()).unwrap();
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(w.state().join("budget-monitor.lock"))
        .unwrap();
    f.try_lock().unwrap();
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("错误：另一个 budget-monitor 任务正在运行"),
        "{}",
        stderr(&out)
    );
    // The same problem line in English on request.
    let out = w.run(NIGHT, None, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: another budget-monitor run is in progress"),
        "{}",
        stderr(&out)
    );
    assert!(!w.state().join("notifications.sqlite").exists());
    drop(f);
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn outbox_by_default_and_dry_run_changes_nothing() {
    let w = Work::new();
    let out = w.run(NIGHT, None, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dry = w.outbox().join("dry-run-2025-07-15");
    assert_eq!(std::fs::read_dir(&dry).unwrap().count(), 5);
    assert!(!w.state().join("notifications.sqlite").exists());
    let out = w.run(NIGHT, None, &[]);
    assert!(
        stderr(&out).contains("投递方式：.eml 文件，写入"),
        "{}",
        stderr(&out)
    );
    let emls: Vec<_> = std::fs::read_dir(w.outbox())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(emls.len(), 5);
    let raw = std::fs::read_to_string(emls[0].path()).unwrap();
    assert!(raw.contains("X-Budget-Kind: "));
}

#[test]
fn bad_smtp_url_and_config_are_usage_errors() {
    let w = Work::with_settings_extra(
        "[[exemption]]\nproject = \"NOPE\"\nreason = \"x\"\nuntil = 2025-09-30\n",
    );
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("豁免项指定的项目 \"NOPE\" 不在"),
        "{}",
        stderr(&out)
    );
    let w =
        Work::with_settings_extra("[smtp]\nhost = \"mail.example.org\"\nsecurity = \"plain\"\n");
    let out = w.run(NIGHT, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("loopback"), "{}", stderr(&out));
}

/// An owner answering for more projects than a message lists (a
/// province's registry names few people for thousands of projects) gets
/// the most behind written out, told how many there are, and every one in
/// the attached 项目清单 workbook; the message stays small enough for any
/// mail server.
#[test]
fn a_long_message_lists_the_most_behind_and_attaches_them_all() {
    let smtp = Smtp::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) = generate_set(dir.path(), &["--projects", "300", "--rows", "30000"]);
    // Every project to one owner.
    let registry = data.join("registry.csv");
    let mut rdr = csv::Reader::from_path(&registry).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let (name_col, mail_col) = (
        headers.iter().position(|h| h == "负责人").unwrap(),
        headers.iter().position(|h| h == "邮箱").unwrap(),
    );
    let mut w = csv::Writer::from_path(dir.path().join("one-owner.csv")).unwrap();
    w.write_record(&headers).unwrap();
    let mut names = std::collections::HashMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        names.insert(r[0].to_string(), r[1].to_string());
        let row: Vec<&str> = r
            .iter()
            .enumerate()
            .map(|(i, v)| match i {
                i if i == name_col => "李明",
                i if i == mail_col => "liming@example.org",
                _ => v,
            })
            .collect();
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let out = registry_night(
        dir.path(),
        &dir.path().join("one-owner.csv"),
        &ledgers,
        None,
        smtp.port,
    );
    let state = dir.path().join("state");
    let got = smtp.received();
    assert_eq!(
        got.len(),
        1,
        "one message for the one owner: {}",
        stderr(&out)
    );
    let m = &got[0];
    // What the message stands for: every item the log recorded for it.
    let items: Vec<String> = log_column(&state, "SELECT project FROM message_items ORDER BY id");
    assert!(
        items.len() > 100,
        "the set should need more than one message's list: {}",
        items.len()
    );
    // Written out: at most 100 projects, each section most behind first.
    let text = m["text"].as_str().unwrap();
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("【") && l.contains("（13022925"))
        .collect();
    assert_eq!(headings.len(), 100, "{text}");
    assert!(text.contains("全部项目见附件《项目清单》"), "{text}");
    assert!(m["html"]
        .as_str()
        .unwrap()
        .contains("全部项目见附件《项目清单》"));
    let gaps: Vec<f64> = text
        .lines()
        .filter(|l| l.contains("节点 2025年6月30日：计划"))
        .map(|l| {
            let behind = l.split("落后 ").nth(1).unwrap_or("0");
            behind
                .split(' ')
                .next()
                .unwrap()
                .parse::<f64>()
                .unwrap_or(0.0)
        })
        .collect();
    assert!(
        gaps.windows(2).all(|w| w[0] >= w[1]),
        "most behind first: {gaps:?}"
    );
    let raw_len: usize = text.len() + m["html"].as_str().unwrap().len();
    assert!(raw_len < 200_000, "{raw_len} bytes of text");
    // Attached: every item, with its name and what the message says.
    let files = m["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:#?}");
    assert_eq!(files[0]["filename"], "项目清单-2025-06-30.xlsx");
    let rows = attached_rows(&files[0], "项目清单");
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "项目编码"))
        .unwrap();
    let listed: Vec<String> = rows[header + 1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(listed, items, "one row per item, in the message's order");
    for r in &rows[header + 1..] {
        assert_eq!(r[1], names[&r[0]], "{r:?}");
        assert!(r[4].starts_with("截至2025年6月30日"), "{r:?}");
    }
}

/// The 2025-06-30 night of a generated 300-project registry over SMTP,
/// with `settings` as settings.toml: the server (which keeps the saved
/// attachments), the folder (state in `state/`), what the run printed and
/// what arrived.
fn generated_registry_night(
    settings: &str,
) -> (
    Smtp,
    tempfile::TempDir,
    std::process::Output,
    Vec<serde_json::Value>,
) {
    let smtp = Smtp::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (data, ledgers) = generate_set(dir.path(), &["--projects", "300", "--rows", "30000"]);
    let out = registry_night(
        dir.path(),
        &data.join("registry.csv"),
        &ledgers,
        Some(settings),
        smtp.port,
    );
    let got = smtp.received();
    (smtp, dir, out, got)
}

/// The sheet `sheet` of an attachment the test SMTP server saved, as text
/// rows.
fn attached_rows(file: &serde_json::Value, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(file["path"].as_str().unwrap()).unwrap();
    wb.worksheet_range(sheet)
        .unwrap()
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// `run` on the 2025-06-30 checkpoint with projects from `registry`, and
/// `settings` (when given) as settings.toml; state in `dir/state`.
fn registry_night(
    dir: &std::path::Path,
    registry: &std::path::Path,
    ledgers: &std::path::Path,
    settings: Option<&str>,
    port: u16,
) -> std::process::Output {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    if let Some(s) = settings {
        std::fs::write(config.join("settings.toml"), s).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(["run", "--config", config.to_str().unwrap()])
        .args(["--projects", registry.to_str().unwrap()])
        .args(["--ledger", ledgers.to_str().unwrap()])
        .args(["--as-of", "2025-06-30", "--state"])
        .arg(dir.join("state"))
        .env(
            "BUDGET_MONITOR_SMTP_URL",
            format!("smtp://127.0.0.1:{port}"),
        )
        .env_remove("BUDGET_MONITOR_SMTP_PASSWORD")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    out
}

/// A registry names owners only; the head and the office of a city's or a
/// province's deployment are named in settings.toml's [department], and
/// hear what they hear with a projects TOML: the head every project red
/// at the checkpoint, the office every new warning (here more than a
/// message lists, so in the attached 项目清单).
#[test]
fn a_registry_run_tells_the_head_and_office_named_in_settings() {
    let (_smtp, dir, out, got) = generated_registry_night(
        "fiscal_year = 2025\n[department]\nunit_name = \"某某市财政局\"\n\
         head = { name = \"王五\", email = \"head@example.org\" }\n\
         office = { name = \"财务科\", email = \"caiwu@example.org\" }\n",
    );
    let to = |addr: &str| {
        got.iter()
            .find(|m| m["rcpt_tos"][0] == addr)
            .unwrap_or_else(|| panic!("nothing to {addr}: {}", stderr(&out)))
    };
    let state = dir.path().join("state");
    let items_of = |kind: &str| -> std::collections::BTreeSet<String> {
        log_column(
            &state,
            &format!("SELECT project FROM message_items WHERE kind = '{kind}'"),
        )
    };
    // The head: the red ones, the same the owners were told were red.
    let head = to("head@example.org");
    assert!(head["x_budget_kind"]
        .as_str()
        .unwrap()
        .contains("escalation"));
    let red: std::collections::BTreeSet<String> = log_column(
        &state,
        "SELECT DISTINCT project FROM alerts WHERE kind = 'checkpoint' AND level = 'red'",
    );
    assert!(!red.is_empty());
    assert_eq!(items_of("escalation"), red);
    // The office: every new warning, listed in full in the workbook.
    let office = to("caiwu@example.org");
    assert_eq!(office["x_budget_kind"], "office");
    let news = items_of("office");
    assert!(news.len() > 100, "{}", news.len());
    let text = office["text"].as_str().unwrap();
    assert!(text.contains("全部项目见附件《项目清单》"), "{text}");
    assert!(text.starts_with("财务科："), "{text}");
    let files = office["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:#?}");
    let rows = attached_rows(&files[0], "项目清单");
    let listed: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|r| r[0].clone())
        .skip_while(|c| c != "项目编码")
        .skip(1)
        .collect();
    assert_eq!(listed, news);
    assert!(rows[0][0].starts_with("某某市财政局"));
}

/// Chinese wording of the emails (not names from the config): none of it
/// may be left in an English email.
const CHINESE_WORDING: [&str; 12] = [
    "截至",
    "元",
    "节点",
    "预警",
    "请于",
    "本邮件",
    "【",
    "】",
    "：",
    "。",
    "已支付",
    "项目清单",
];

fn assert_no_chinese_wording(text: &str) {
    for w in CHINESE_WORDING {
        assert!(!text.contains(w), "{w:?} left in an English email:\n{text}");
    }
}

/// `[email] language = "en"`: every email of the night in English (the
/// shipped settings.toml has an [email] table, so its commented line is
/// switched on rather than a second table appended).
#[test]
fn emails_are_english_when_the_settings_ask() {
    let smtp = Smtp::start(&[]);
    let w = Work::new();
    let p = w.config().join("settings.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("# language = \"zh\""));
    std::fs::write(
        &p,
        text.replacen("# language = \"zh\"", "language = \"en\"", 1),
    )
    .unwrap();
    let out = w.run(NIGHT, Some(smtp.port), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The terminal stays Chinese: the setting is the emails' alone.
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(said.contains("夜间任务"), "{said}");
    let got = smtp.received();
    assert_eq!(got.len(), 5, "{}", stderr(&out));
    let m = got
        .iter()
        .find(|m| m["x_budget_kind"] == "checkpoint" && m["rcpt_tos"][0] == "wangfang@example.org")
        .unwrap_or_else(|| panic!("{got:#?}"));
    assert_eq!(
        m["subject"],
        "[Budget execution warning] Projects behind plan at a checkpoint: 1 (15 July 2025)"
    );
    let text = m["text"].as_str().unwrap();
    let html = m["html"].as_str().unwrap();
    for part in [text, html] {
        assert!(part.contains("Dear 王芳,"), "{part}");
        assert!(
            part.contains(
                "As of 15 July 2025: budget CNY 1,000,000.00, paid CNY 370,568.62, execution 37.06%"
            ),
            "{part}"
        );
        assert!(part.contains(
            "Checkpoint 30 June 2025: planned 50.00%, actual 34.04%, 15.96 percentage points behind plan (Red warning)"
        ));
        assert!(part.contains("to 财务科 (caiwu@example.org) by 29 July 2025"));
        assert!(part.contains("This email was sent automatically"));
    }
    for m in &got {
        let subject = m["subject"].as_str().unwrap();
        assert!(subject.starts_with('['), "{subject}");
        assert_no_chinese_wording(subject);
        assert_no_chinese_wording(m["text"].as_str().unwrap());
        assert_no_chinese_wording(m["html"].as_str().unwrap());
    }
}

/// A bad `[email] language` is refused by `check` with its place.
#[test]
fn an_unknown_email_language_is_refused_with_its_place() {
    let w = Work::new();
    let p = w.config().join("settings.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("# language = \"zh\"", "language = \"english\"", 1),
    )
    .unwrap();
    let line = std::fs::read_to_string(&p)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("language ="))
        .unwrap()
        + 1;
    let out = w.cmd(&["check", "--ledger", repo().join("data").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("settings.toml:{line}:12:"))
            && err.contains("language \"english\" 无法识别"),
        "{err}"
    );
}

/// A long English message: its 项目清单 attachment is English too (file
/// name, sheet, headers, what each row says).
#[test]
fn a_long_english_message_attaches_an_english_project_list() {
    let (_smtp, _dir, out, got) = generated_registry_night(
        "fiscal_year = 2025\n[email]\nlanguage = \"en\"\n[department]\nunit_name = \"某某市财政局\"\n\
         office = { name = \"财务科\", email = \"caiwu@example.org\" }\n",
    );
    let office = got
        .iter()
        .find(|m| m["rcpt_tos"][0] == "caiwu@example.org")
        .unwrap_or_else(|| panic!("nothing to the office: {}", stderr(&out)));
    let text = office["text"].as_str().unwrap();
    assert!(text.starts_with("Dear 财务科,"), "{text}");
    assert!(
        text.contains("the most pressing are listed below (100), and all of them are in the attachment \"Project list\"."),
        "{text}"
    );
    assert_no_chinese_wording(text);
    let files = office["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:#?}");
    assert_eq!(files[0]["filename"], "project-list-2025-06-30.xlsx");
    let rows = attached_rows(&files[0], "Project list");
    assert!(
        rows[0][0].starts_with("某某市财政局: Project list"),
        "{:?}",
        rows[0]
    );
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Project code"))
        .unwrap();
    assert_eq!(
        rows[header][..6],
        [
            "Project code",
            "Project name",
            "Kind",
            "Level",
            "Figures",
            "Exemption"
        ]
    );
    for r in &rows[header + 1..] {
        assert!(r[4].starts_with("As of 30 June 2025:"), "{r:?}");
        assert_eq!(r[2], "Daily warning digest", "{r:?}");
    }
}

/// A registry of several units, one of which names its own head and
/// finance office in the units file: over SMTP, that unit's red projects
/// reach its head and its new warnings its office; the other unit's reach
/// the department's, with the night's data problems.
#[test]
fn a_unit_named_in_the_units_file_hears_of_its_own_projects() {
    let smtp = Smtp::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("units.csv"),
        "单位编码,单位名称,单位负责人,负责人邮箱,财务联系人,财务邮箱\n\
         U1,一号单位,赵局长,zhao@example.org,一号单位财务,u1@example.org\n",
    )
    .unwrap();
    let registry = dir.path().join("registry.csv");
    std::fs::write(
        &registry,
        "项目编码,项目名称,单位编码,预算数,支出计划,负责人,邮箱\n\
         A1,甲一,U1,1000.00,25/50/75/100,张三,zs@example.org\n\
         A2,甲二,U1,1000.00,25/50/75/100,张三,zs@example.org\n\
         B1,乙一,U2,1000.00,25/50/75/100,李四,ls@example.org\n",
    )
    .unwrap();
    let ledgers = dir.path().join("ledgers");
    std::fs::create_dir_all(&ledgers).unwrap();
    // One payment, and one row with a bad date: a data problem.
    std::fs::write(
        ledgers.join("pay.csv"),
        "支付日期,支付凭证号,项目编码,支付金额\n2025-05-06,V1,A2,100.00\n2025-13-01,V2,B1,1.00\n",
    )
    .unwrap();
    let out = registry_night(
        dir.path(),
        &registry,
        &ledgers,
        Some(&format!(
            "fiscal_year = 2025\nunits_file = \"{}\"\n[department]\nunit_name = \"某某市财政局\"\n\
             head = {{ name = \"王五\", email = \"head@example.org\" }}\n\
             office = {{ name = \"财务科\", email = \"caiwu@example.org\" }}\n",
            config.join("units.csv").display()
        )),
        smtp.port,
    );
    let got = smtp.received();
    let to = |addr: &str| -> Vec<&serde_json::Value> {
        got.iter().filter(|m| m["rcpt_tos"][0] == addr).collect()
    };
    let state = dir.path().join("state");
    let items = |addr: &str, kind: &str| -> std::collections::BTreeSet<String> {
        log_column(
            &state,
            &format!(
                "SELECT i.project FROM message_items i JOIN messages m ON m.id = i.message \
                 WHERE i.kind = '{kind}' AND m.recipients LIKE '%{addr}%'"
            ),
        )
    };
    let set = |v: &[&str]| {
        v.iter()
            .map(|s| s.to_string())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(to("zhao@example.org").len(), 1, "{}", stderr(&out));
    assert_eq!(items("zhao@example.org", "escalation"), set(&["A1", "A2"]));
    assert_eq!(items("head@example.org", "escalation"), set(&["B1"]));
    assert_eq!(items("u1@example.org", "office"), set(&["A1", "A2"]));
    assert_eq!(items("caiwu@example.org", "office"), set(&["B1"]));
    let text = |addr: &str| to(addr)[0]["text"].as_str().unwrap().to_string();
    assert!(
        text("zhao@example.org").starts_with("赵局长："),
        "{}",
        text("zhao@example.org")
    );
    assert!(
        text("caiwu@example.org").contains("2025-13-01")
            || text("caiwu@example.org").contains("pay.csv")
    );
    assert!(!text("u1@example.org").contains("pay.csv"));
    // The owner of the unit's projects sends the 情况说明 to its office.
    assert!(
        text("zs@example.org").contains("u1@example.org"),
        "{}",
        text("zs@example.org")
    );
    assert!(text("ls@example.org").contains("caiwu@example.org"));
    // The log of a registry deployment names its projects (--projects as
    // run takes it).
    let log = std::process::Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(["log", "--config", config.to_str().unwrap()])
        .args(["--projects", registry.to_str().unwrap()])
        .arg("--state")
        .arg(&state)
        .output()
        .unwrap();
    assert_eq!(log.status.code(), Some(0), "{}", stderr(&log));
    let text = String::from_utf8_lossy(&log.stdout);
    assert!(text.contains("A1 甲一"), "{text}");
}
