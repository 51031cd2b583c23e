//! The dashboard page (监控看板): one self-contained `index.html` in the
//! reports folder that the office opens from a share, or serves with any web
//! server, to see where every project stands tonight without waiting for
//! the monthly report. Written by every `run` and by `report dashboard`.
//!
//! Self-contained on purpose: no scripts, no fonts or styles from the
//! network, charts as inline SVG, so it opens on an offline office PC and
//! can be archived as the night's record. The layout reads on a phone
//! (table rows become cards) and prints on A4. Every text from data is
//! HTML-escaped; figures are the exact ones `status` prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::html::{escape, svg};
use crate::base::money::Fen;
use crate::base::percent::{pct_sign as pct, percent_of, round2};
use crate::ledger::{DailyTotal, Ledger};
use crate::model::Config;
use crate::progress::{Progress, ProjectStatus, Status};
use crate::state::{History, SentMessage};

/// The page's file name inside the reports folder.
pub const FILE_NAME: &str = "index.html";

/// How many recorded messages the page lists.
pub const RECENT_MESSAGES: usize = 30;

/// At most this many data problems are listed (the rest are counted).
const MAX_PROBLEMS: usize = 200;

/// At most this many projects are ranked, and this many open alerts
/// listed; the rest are counted, with where to find them. The most behind
/// come first, which is whom the office looks for: a province's 100,000
/// projects made a 180 MB page that no browser opens, while `status
/// --format csv` and `log` hold every one.
const MAX_ROWS: usize = 500;

/// Everything the page shows about one night.
pub struct Night<'a> {
    /// The checked configuration (department, owners, units).
    pub config: &'a Config,
    /// Every project at the as-of date.
    pub progress: &'a Progress,
    /// Daily payments, for the curves.
    pub daily: &'a [DailyTotal],
    /// The open alerts shown, most pressing first (`Log::open_history`).
    pub alerts: &'a [History],
    /// How many alerts are open in all.
    pub open_alerts: usize,
    /// The latest recorded messages, newest first.
    pub messages: &'a [SentMessage],
    /// The night's data problems, one line each.
    pub problems: &'a [String],
    /// When the page was made (local time, for people).
    pub made_at: String,
    /// The page's language (the terminal's: the office reads it).
    pub lang: crate::base::i18n::Lang,
}

/// The night's data problems as people read them: unreadable files,
/// problems that are not about one row (conflicting payment numbers), and
/// every quarantined row as `file:line: reason`.
pub fn data_problems(ledger: &Ledger) -> Vec<String> {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    let mut out: Vec<String> = ledger
        .files
        .iter()
        .filter_map(|f| {
            f.error
                .as_ref()
                .map(|e| format!("{}: 无法读取: {e}", name(&f.path)))
        })
        .collect();
    out.extend(ledger.problems.iter().map(|d| d.to_string()));
    out.extend(
        ledger
            .quarantine
            .iter()
            .map(|q| format!("{}:{}: 已隔离: {}", name(&q.file), q.line, q.reason)),
    );
    out
}

/// The part `run` and `report dashboard` share: reads the alerts and the
/// latest messages from the notification log (none without a log), lists
/// the ledger's problems and writes the page into `dir`.
pub fn write_night(
    dir: &Path,
    config: &Config,
    progress: &Progress,
    ledger: &Ledger,
    log: Option<&crate::state::Log>,
    lang: crate::base::i18n::Lang,
) -> Result<PathBuf, String> {
    let failed = |e: crate::state::StateError| {
        crate::base::i18n::message("log-db-failed", &[("error", e.to_string())])
    };
    let ((alerts, open_alerts), messages) = match log {
        Some(log) => (
            log.open_history(MAX_ROWS).map_err(failed)?,
            log.recent_messages(RECENT_MESSAGES).map_err(failed)?,
        ),
        None => ((Vec::new(), 0), Vec::new()),
    };
    let problems = data_problems(ledger);
    write(
        dir,
        &Night {
            config,
            progress,
            daily: &ledger.daily,
            alerts: &alerts,
            open_alerts,
            messages: &messages,
            problems: &problems,
            made_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
            lang,
        },
    )
}

/// Writes `index.html` into `dir` (created if missing); returns its path.
pub fn write(dir: &Path, night: &Night) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::base::i18n::message(
            "actuals-cannot-create",
            &[("dir", dir.display().to_string()), ("error", e.to_string())],
        )
    })?;
    let path = dir.join(FILE_NAME);
    // Written beside and renamed, so a browser never sees half a page.
    let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
    std::fs::write(&tmp, render(night))
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

const STYLE: &str = r#"
:root { --blue: #2b5797; --red: #c9302c; --amber: #d58512; --green: #3c763d; --grey: #777; --line: #d9dee6; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; margin: 0; color: #222; background: #f4f6f9; font-size: 14px; line-height: 1.45; }
header { background: var(--blue); color: #fff; padding: 14px 20px; }
header h1 { margin: 0; font-size: 21px; }
header p { margin: 2px 0 0; opacity: .9; font-size: 13px; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 16px 32px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 14px 0; }
h2 { font-size: 17px; margin: 0 0 10px; color: var(--blue); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: #fafbfd; }
.card .k { color: var(--grey); font-size: 12px; }
.card .v { font-size: 20px; font-weight: bold; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card .s { font-size: 12px; color: var(--grey); }
.levels { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 8px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; color: #fff; }
.b-on_track { background: var(--green); }
.b-yellow { background: var(--amber); }
.b-red { background: var(--red); }
.b-overspent { background: #6f2c91; }
.b-behind { background: var(--grey); }
svg.chart { width: 100%; height: auto; max-width: 860px; display: block; margin: 4px auto 0; }
svg.spark { width: 132px; height: 40px; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 6px; text-align: left; vertical-align: middle; }
th { background: #eef2f8; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td .code { display: block; color: var(--grey); font-size: 11px; font-weight: normal; }
.rk { display: none; }
td.next { white-space: nowrap; }
td .sub { display: block; color: var(--grey); font-size: 11px; white-space: nowrap; }
tr.lvl-red td:first-child, tr.lvl-overspent td:first-child { box-shadow: inset 4px 0 var(--red); }
tr.lvl-yellow td:first-child { box-shadow: inset 4px 0 var(--amber); }
tr.lvl-behind td:first-child { box-shadow: inset 4px 0 var(--grey); }
.bar { position: relative; height: 6px; background: #e6e9ef; border-radius: 3px; margin-top: 3px; min-width: 60px; }
.bar i { position: absolute; left: 0; top: 0; bottom: 0; background: var(--blue); border-radius: 3px; }
.bar b { position: absolute; top: -3px; bottom: -3px; width: 2px; background: #222; }
.legend { font-size: 12px; color: var(--grey); margin: 4px 0 0; }
.more { font-size: 13px; margin: 6px 0 0; }
.legend span { margin-right: 14px; white-space: nowrap; }
.empty { color: var(--grey); margin: 4px 0; }
ul.problems { margin: 0; padding-left: 18px; font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 12px; word-break: break-all; }
.neg { color: var(--red); }
footer { text-align: center; color: var(--grey); font-size: 12px; margin: 16px 0; }
@media (max-width: 720px) {
  main { padding: 8px; }
  section { padding: 10px; }
  table.cards-sm thead { display: none; }
  table.cards-sm, table.cards-sm tbody, table.cards-sm tr, table.cards-sm td { display: block; width: 100%; }
  table.cards-sm tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; padding: 6px 8px; display: grid; grid-template-columns: 1fr 1fr; column-gap: 10px; }
  table.cards-sm td { border: 0; padding: 2px 0; text-align: left; }
  table.cards-sm td.wide { grid-column: 1 / -1; }
  table.cards-sm td.rank { display: none; }
  table.cards-sm td.name { font-weight: bold; font-size: 15px; }
  table.cards-sm td.name::before { content: none; }
  table.cards-sm td.name .rk { display: inline; }
  table.cards-sm td.num { text-align: left; }
  table.cards-sm td[data-label]::before { content: attr(data-label) "："; color: var(--grey); font-size: 12px; }
  tr.lvl-red td:first-child, tr.lvl-overspent td:first-child, tr.lvl-yellow td:first-child, tr.lvl-behind td:first-child { box-shadow: none; }
}
@media print {
  @page { size: A4 portrait; margin: 12mm; }
  body { background: #fff; font-size: 10.5px; }
  header { background: #fff; color: #000; border-bottom: 2px solid var(--blue); padding: 0 0 6px; }
  main { max-width: none; padding: 0; }
  section { border: 0; padding: 0; margin: 10px 0; break-inside: auto; }
  .cards { grid-template-columns: repeat(5, 1fr); gap: 6px; }
  .card { padding: 4px 6px; }
  .card .v { font-size: 14px; }
  svg.chart { max-width: 150mm; }
  table { font-size: 8.5px; }
  th, td { padding: 2px 3px; }
  td .code, td .sub, .legend { font-size: 7.5px; }
  tr { break-inside: avoid; }
  svg.spark { width: 72px; height: 22px; }
  .bar { min-width: 36px; }
  .badge { color: #000; border: 1px solid #000; background: none !important; font-size: 8.5px; padding: 0 4px; }
}
"#;

fn points(d: Decimal) -> String {
    let r = round2(d);
    if r > Decimal::ZERO {
        format!("+{r:.2}")
    } else {
        format!("{r:.2}")
    }
}

/// A gap as the office says it: 落后 / 超前 N 个百分点.
fn behind(gap: Decimal) -> String {
    let r = round2(gap);
    if r < Decimal::ZERO {
        format!("执行率落后 {:.2} 个百分点", -r)
    } else if r > Decimal::ZERO {
        format!("执行率超前 {r:.2} 个百分点")
    } else {
        "与执行率持平".into()
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "checkpoint" => "节点预警",
        "early" => "提前提醒",
        "overspend" => "超预算预警",
        "resolved" => "预警解除",
        "monthly" => "月度进度",
        _ => "其他",
    }
}

fn level_label(level: &str) -> &'static str {
    crate::alert::Level::from_code(level)
        .map(|l| l.label())
        .unwrap_or("—")
}

fn message_status(status: &str) -> &'static str {
    match status {
        "sent" => "已发送",
        "queued" => "待发送",
        "failed" => "发送失败",
        _ => "未知",
    }
}

/// Renders the page.
pub fn render(n: &Night) -> String {
    let cfg = n.config;
    let p = n.progress;
    let dept = if cfg.department.unit_name.is_empty() {
        "预算执行监控".to_string()
    } else {
        cfg.department.unit_name.clone()
    };
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>预算执行监控看板 · {as_of}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>预算执行监控看板</h1><p>{dept} · {year}年度 · 截至 {as_of} · 生成于 {made}</p></header>\n<main>\n",
        as_of = p.as_of,
        dept = escape(&dept),
        year = cfg.settings.fiscal_year,
        made = escape(&n.made_at),
    );
    totals(&mut o, n);
    projects(&mut o, n);
    units(&mut o, n);
    alerts(&mut o, n);
    problems(&mut o, n);
    let _ = write!(
        o,
        "</main>\n<footer>budget-monitor {} · 金额单位：元 · 本页不含脚本与外部资源，可离线打开与打印</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    o
}

/// Budget-weighted plan progress of a set of projects, percent.
fn weighted_expected(projects: &[&ProjectStatus]) -> Decimal {
    let budget: i64 = projects.iter().map(|s| s.budget.0).sum();
    if budget == 0 {
        return Decimal::ZERO;
    }
    let planned: Decimal = projects
        .iter()
        .map(|s| s.expected_pct * Decimal::from(s.budget.0))
        .sum();
    planned / Decimal::from(budget)
}

fn card(o: &mut String, key: &str, value: &str, sub: &str) {
    let _ = write!(
        o,
        "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"s\">{}</div></div>",
        escape(key),
        escape(value),
        escape(sub)
    );
}

fn totals(o: &mut String, n: &Night) {
    let p = n.progress;
    let all: Vec<&ProjectStatus> = p.projects.iter().collect();
    let budget = p.total_budget();
    let paid = p.total_paid();
    let exec = percent_of(paid, budget);
    let expected = weighted_expected(&all);
    let time = crate::model::plan::time_progress_percent(p.as_of);
    o.push_str("<section id=\"totals\"><h2>部门总体执行情况</h2>\n<div class=\"cards\">");
    card(
        o,
        "年度预算",
        &budget.grouped(),
        &format!("{} 个项目", all.len()),
    );
    card(
        o,
        "已支付",
        &paid.grouped(),
        &format!("尚余 {}", Fen(budget.0 - paid.0).grouped()),
    );
    card(o, "预算执行率", &pct(exec), "已支付 / 预算");
    card(o, "计划进度", &pct(expected), &behind(exec - expected));
    card(o, "序时进度", &pct(time), &behind(exec - time));
    o.push_str("</div>\n<div class=\"levels\">");
    for s in [
        Status::OnTrack,
        Status::Behind,
        Status::Yellow,
        Status::Red,
        Status::Overspent,
    ] {
        let count = all.iter().filter(|x| x.status == s).count();
        let _ = write!(
            o,
            "<span class=\"badge b-{}\">{} {count}</span>",
            s.code(),
            s.label()
        );
    }
    o.push_str("</div>\n");
    let plans: Vec<(&crate::model::plan::Plan, Fen)> = n
        .config
        .projects
        .iter()
        .map(|x| (&x.plan, x.budget))
        .collect();
    let year = n.config.settings.fiscal_year;
    let chart = super::chart(
        "部门累计支出：计划与实际（占预算%）".into(),
        &plans,
        &crate::progress::cumulative_series(n.daily, None, year),
        budget,
        year,
        p.as_of,
    );
    o.push_str(&svg(&chart, n.lang));
    o.push_str("</section>\n");
}

/// A small chart of one project: planned against actual cumulative percent
/// over the year, with the as-of date marked.
fn spark(n: &Night, s: &ProjectStatus) -> String {
    let cfg = n.config;
    let year = cfg.settings.fiscal_year;
    let Some(project) = cfg.projects.get(s.index) else {
        return String::new();
    };
    let series = crate::progress::cumulative_series(n.daily, Some(s.index as u32), year);
    let chart = super::chart(
        String::new(),
        &[(&project.plan, project.budget)],
        &series,
        project.budget,
        year,
        n.progress.as_of,
    );
    let (w, h, pad) = (132.0_f64, 40.0_f64, 2.0_f64);
    let days = crate::base::dates::days_in_year(year) as f64;
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let ymax = chart
        .actual
        .iter()
        .map(|(_, v)| f(*v))
        .fold(100.0, f64::max);
    let x = |d: NaiveDate| pad + (w - 2.0 * pad) * (f64::from(d.ordinal0()) + 1.0).min(days) / days;
    let y = |v: f64| pad + (h - 2.0 * pad) * (1.0 - v / ymax);
    let mut plan = vec![(pad, y(0.0))];
    plan.extend(chart.plan.iter().skip(1).map(|(d, v)| (x(*d), y(f(*v)))));
    let mut actual = vec![(pad, y(0.0))];
    let mut last = 0.0;
    for (d, v) in &chart.actual {
        actual.push((x(*d), y(last)));
        last = f(*v);
        actual.push((x(*d), y(last)));
    }
    let end = n
        .progress
        .as_of
        .min(crate::base::dates::month_end(year, 12).unwrap_or(n.progress.as_of));
    actual.push((x(end), y(last)));
    let pts = |v: &[(f64, f64)]| {
        v.iter()
            .map(|(a, b)| format!("{a:.1},{b:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\"><rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fafbfd\"/><line x1=\"{ax:.1}\" x2=\"{ax:.1}\" y1=\"0\" y2=\"{h}\" stroke=\"#bbb\" stroke-dasharray=\"2 2\"/><polyline fill=\"none\" stroke=\"#2b5797\" stroke-width=\"1.3\" stroke-dasharray=\"4 2\" points=\"{plan}\"/><polyline fill=\"none\" stroke=\"#c9302c\" stroke-width=\"1.8\" points=\"{actual}\"/></svg>",
        label = escape(&format!("{}：计划与实际累计支出", s.name)),
        ax = x(end),
        plan = pts(&plan),
        actual = pts(&actual),
    )
}

fn projects(o: &mut String, n: &Night) {
    let mut ranked: Vec<&ProjectStatus> = n.progress.projects.iter().collect();
    // Most behind first; ties in config order (the sort is stable).
    ranked.sort_by_key(|s| s.gap_points);
    o.push_str("<section id=\"projects\"><h2>项目执行排名（按差距，落后在前）</h2>\n<table class=\"cards-sm\"><thead><tr><th>#</th><th>项目</th><th>负责人</th><th>状态</th><th>执行率 / 计划</th><th>差距(百分点)</th><th>已支付(元)</th><th>预算数(元)</th><th>下一节点</th><th>尚需支付(元)</th><th>累计曲线</th></tr></thead>\n<tbody>\n");
    for (k, s) in ranked.iter().enumerate().take(MAX_ROWS) {
        let owner = n
            .config
            .projects
            .get(s.index)
            .and_then(|p| p.owner.as_ref())
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "未指定".into());
        let exec = s.execution_pct.to_f64().unwrap_or(0.0).clamp(0.0, 100.0);
        let plan = s.expected_pct.to_f64().unwrap_or(0.0).clamp(0.0, 100.0);
        let next = match &s.next {
            Some(x) => format!(
                "{}<span class=\"sub\">计划 {} · 还剩 {} 天</span>",
                x.date,
                pct(x.planned_pct),
                x.days_left
            ),
            None => "—".into(),
        };
        let needed = s
            .next
            .as_ref()
            .map(|x| x.amount_needed.grouped())
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            o,
            "<tr id=\"p-{code}\" class=\"lvl-{lvl}\" data-code=\"{code}\" data-paid=\"{plain}\"><td class=\"num rank\" data-label=\"排名\">{rank}</td><td class=\"name wide\" data-label=\"项目\"><span class=\"rk\">{rank}. </span>{name}<span class=\"code\">{code}</span></td><td data-label=\"负责人\">{owner}</td><td data-label=\"状态\"><span class=\"badge b-{lvl}\">{label}</span></td><td class=\"num wide\" data-label=\"执行率 / 计划\">{ep} / {pp}<div class=\"bar\"><i style=\"width:{exec:.1}%\"></i><b style=\"left:{plan:.1}%\"></b></div></td><td class=\"num{neg}\" data-label=\"差距\">{gap}</td><td class=\"num\" data-label=\"已支付\">{paid}</td><td class=\"num\" data-label=\"预算数\">{budget}</td><td class=\"next\" data-label=\"下一节点\">{next}</td><td class=\"num\" data-label=\"尚需支付\">{needed}</td><td class=\"wide\" data-label=\"累计曲线\">{spark}</td></tr>",
            code = escape(&s.code),
            lvl = s.status.code(),
            plain = s.paid.plain(),
            rank = k + 1,
            name = escape(&s.name),
            owner = escape(&owner),
            label = s.status.label(),
            ep = pct(s.execution_pct),
            pp = pct(s.expected_pct),
            neg = if s.gap_points < Decimal::ZERO { " neg" } else { "" },
            gap = points(s.gap_points),
            paid = s.paid.grouped(),
            budget = s.budget.grouped(),
            next = next,
            spark = spark(n, s),
        );
    }
    o.push_str("</tbody></table>\n");
    if ranked.len() > MAX_ROWS {
        let _ = writeln!(
            o,
            "<p class=\"more\">…… 另有 {} 个项目差距较小，未列出；完整清单：<code>budget-monitor status --format csv</code></p>",
            ranked.len() - MAX_ROWS
        );
    }
    o.push_str("<p class=\"legend\"><span>曲线：<span style=\"color:#2b5797\">- - 计划累计</span> <span style=\"color:#c9302c\">— 实际累计</span></span><span>进度条：蓝色为执行率，黑线为计划进度</span></p>\n</section>\n");
}

/// The 支出进度通报 ranking: units by execution against 序时进度, shown
/// only when the registry has several units.
fn units(o: &mut String, n: &Night) {
    let mut by_unit: BTreeMap<&str, (String, Vec<&ProjectStatus>)> = BTreeMap::new();
    for s in &n.progress.projects {
        let Some(p) = n.config.projects.get(s.index) else {
            continue;
        };
        by_unit
            .entry(&*p.unit_code)
            .or_insert_with(|| (p.unit_name.to_string(), Vec::new()))
            .1
            .push(s);
    }
    if by_unit.len() < 2 {
        return;
    }
    let time = crate::model::plan::time_progress_percent(n.progress.as_of);
    let mut rows: Vec<(&str, String, usize, Fen, Fen, Decimal)> = by_unit
        .into_iter()
        .map(|(code, (name, ps))| {
            let budget: Fen = ps.iter().map(|s| s.budget).sum();
            let paid: Fen = ps.iter().map(|s| s.paid).sum();
            (code, name, ps.len(), budget, paid, percent_of(paid, budget))
        })
        .collect();
    rows.sort_by(|a, b| b.5.cmp(&a.5).then(a.0.cmp(b.0)));
    let _ = write!(
        o,
        "<section id=\"units\"><h2>支出进度通报：各单位执行率排名（序时进度 {}）</h2>\n<table class=\"cards-sm\"><thead><tr><th>#</th><th>单位</th><th>项目数</th><th>预算数(元)</th><th>已支付(元)</th><th>执行率</th><th>与序时差距(百分点)</th></tr></thead>\n<tbody>\n",
        pct(time)
    );
    for (k, &(code, ref name, count, budget, paid, exec)) in rows.iter().enumerate() {
        let gap = exec - time;
        let _ = writeln!(
            o,
            "<tr><td class=\"num\" data-label=\"排名\">{}</td><td class=\"name wide\" data-label=\"单位\">{}<span class=\"code\">{}</span></td><td class=\"num\" data-label=\"项目数\">{count}</td><td class=\"num\" data-label=\"预算数\">{}</td><td class=\"num\" data-label=\"已支付\">{}</td><td class=\"num\" data-label=\"执行率\">{}</td><td class=\"num{}\" data-label=\"与序时差距\">{}</td></tr>",
            k + 1,
            escape(if name.is_empty() { code } else { name.as_str() }),
            // The code under the name, unless the name is the code.
            if name.is_empty() { String::new() } else { escape(code) },
            budget.grouped(),
            paid.grouped(),
            pct(exec),
            if gap < Decimal::ZERO { " neg" } else { "" },
            points(gap)
        );
    }
    o.push_str("</tbody></table>\n</section>\n");
}

fn alerts(o: &mut String, n: &Night) {
    let names = n.config.project_index();
    let name = |code: &str| {
        names
            .get(code)
            .map(|&i| n.config.projects[i].name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    // `n.alerts` are the open ones the page has room for (`open_history`).
    o.push_str("<section id=\"alerts\"><h2>未解除的预警</h2>\n");
    if n.open_alerts == 0 {
        o.push_str("<p class=\"empty\">没有未解除的预警。</p>\n");
    } else {
        o.push_str("<table class=\"cards-sm\"><thead><tr><th>项目</th><th>类型</th><th>依据</th><th>级别</th><th>开始</th><th>最近通知</th></tr></thead>\n<tbody>\n");
        for a in n.alerts {
            let last = a
                .events
                .iter()
                .rev()
                .find_map(|e| e.message.as_ref().map(|m| (e, m)));
            let notice = match last {
                Some((e, m)) => format!(
                    "{} 发给 {}（{}）",
                    e.on_date,
                    m.recipients.replace(',', ", "),
                    message_status(&m.status)
                ),
                None => "尚未通知".into(),
            };
            let reason = if a.key.reason == "budget" {
                "预算".to_string()
            } else {
                format!("节点 {}", a.key.reason)
            };
            let _ = writeln!(
                o,
                "<tr><td class=\"name wide\" data-label=\"项目\">{}<span class=\"code\">{}</span></td><td data-label=\"类型\">{}</td><td data-label=\"依据\">{}</td><td data-label=\"级别\">{}</td><td data-label=\"开始\">{}</td><td class=\"wide\" data-label=\"最近通知\">{}</td></tr>",
                escape(&name(&a.key.project)),
                escape(&a.key.project),
                kind_label(a.key.kind.code()),
                escape(&reason),
                level_label(&a.level),
                escape(&a.opened_on),
                escape(&notice)
            );
        }
        o.push_str("</tbody></table>\n");
        if n.open_alerts > n.alerts.len() {
            let _ = writeln!(
                o,
                "<p class=\"more\">…… 另有 {} 条未解除的预警未列出；完整记录：<code>budget-monitor log</code></p>",
                n.open_alerts - n.alerts.len()
            );
        }
    }
    o.push_str("<h2 style=\"margin-top:14px\">最近发出的通知</h2>\n");
    if n.messages.is_empty() {
        o.push_str("<p class=\"empty\">通知记录中还没有邮件。</p>\n");
    } else {
        o.push_str("<table class=\"cards-sm\"><thead><tr><th>日期</th><th>类型</th><th>收件人</th><th>主题</th><th>状态</th></tr></thead>\n<tbody>\n");
        for m in n.messages {
            let _ = writeln!(
                o,
                "<tr><td data-label=\"日期\">{}</td><td data-label=\"类型\">{}</td><td class=\"wide\" data-label=\"收件人\">{}</td><td class=\"wide\" data-label=\"主题\">{}</td><td data-label=\"状态\">{}</td></tr>",
                escape(&m.on_date),
                kind_label(&m.kind),
                escape(&m.recipients.replace(',', ", ")),
                escape(&m.subject),
                message_status(&m.status)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");
}

fn problems(o: &mut String, n: &Night) {
    o.push_str("<section id=\"problems\"><h2>本次数据问题</h2>\n");
    if n.problems.is_empty() {
        o.push_str("<p class=\"empty\">本次读取的账表没有发现问题。</p>\n");
    } else {
        let _ = write!(
            o,
            "<p>共 {} 条，需财务人员核对并更正导出文件（隔离的行见 quarantine 文件）：</p>\n<ul class=\"problems\">",
            n.problems.len()
        );
        for p in n.problems.iter().take(MAX_PROBLEMS) {
            let _ = write!(o, "<li>{}</li>", escape(p));
        }
        if n.problems.len() > MAX_PROBLEMS {
            let _ = write!(o, "<li>…… 另有 {} 条</li>", n.problems.len() - MAX_PROBLEMS);
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}
