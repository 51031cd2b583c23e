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
use super::word;
use crate::base::i18n::{message_in, Lang};
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
    pub lang: Lang,
}

/// The night's data problems as people read them: unreadable files,
/// problems that are not about one row (conflicting payment numbers), and
/// every quarantined row as `file:line: reason`. The reasons come worded
/// in the terminal's language, which is the page's (`lang`).
pub fn data_problems(ledger: &Ledger, lang: Lang) -> Vec<String> {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    let mut out: Vec<String> = ledger
        .files
        .iter()
        .filter_map(|f| {
            f.error.as_ref().map(|e| {
                message_in(
                    lang,
                    "dash-problem-unreadable",
                    &[("file", name(&f.path)), ("error", e.clone())],
                )
            })
        })
        .collect();
    out.extend(ledger.problems.iter().map(|d| d.to_string()));
    out.extend(ledger.quarantine.iter().map(|q| {
        message_in(
            lang,
            "dash-problem-quarantined",
            &[
                ("file", name(&q.file)),
                ("line", q.line.to_string()),
                ("reason", q.reason.clone()),
            ],
        )
    }));
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
    lang: Lang,
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
    let problems = data_problems(ledger, lang);
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
fn behind(lang: Lang, gap: Decimal) -> String {
    let r = round2(gap);
    if r < Decimal::ZERO {
        message_in(lang, "dash-gap-behind", &[("points", format!("{:.2}", -r))])
    } else if r > Decimal::ZERO {
        message_in(lang, "dash-gap-ahead", &[("points", format!("{r:.2}"))])
    } else {
        word(lang, "dash-gap-level")
    }
}

fn kind_label(lang: Lang, kind: &str) -> String {
    word(
        lang,
        match kind {
            "checkpoint" => "dash-kind-checkpoint",
            "early" => "dash-kind-early",
            "overspend" => "dash-kind-overspend",
            _ => "dash-kind-other",
        },
    )
}

fn level_label(lang: Lang, level: &str) -> String {
    crate::alert::Level::from_code(level)
        .map(|l| l.label_in(lang))
        .unwrap_or_else(|| "—".into())
}

fn message_status(lang: Lang, status: &str) -> String {
    word(
        lang,
        match status {
            "sent" => "dash-message-sent",
            "queued" => "dash-message-queued",
            "failed" => "dash-message-failed",
            _ => "dash-message-unknown",
        },
    )
}

/// A catalogue word ready for the page (escaped).
fn w(lang: Lang, key: &str) -> String {
    escape(&word(lang, key))
}

/// A count in words: `key` with `count`, or `key-one` for one (English
/// says "1 project" but "2 projects").
fn counted(lang: Lang, key: &str, count: usize, args: &[(&str, String)]) -> String {
    let key = if count == 1 {
        format!("{key}-one")
    } else {
        key.to_string()
    };
    let mut all = vec![("count", count.to_string())];
    all.extend(args.iter().cloned());
    message_in(lang, &key, &all)
}

/// Renders the page.
pub fn render(n: &Night) -> String {
    let cfg = n.config;
    let p = n.progress;
    let lang = n.lang;
    let dept = if cfg.department.unit_name.is_empty() {
        word(lang, "dash-department-fallback")
    } else {
        cfg.department.unit_name.clone()
    };
    // The card labels on a phone end in the language's colon.
    let mut style = STYLE.replace(
        "\"：\"",
        &format!("\"{}\"", word(lang, "dash-label-separator")),
    );
    if lang != Lang::Zh {
        // Headers in words with spaces are wider than Chinese ones: they
        // wrap, so the ranking still fits a desktop screen.
        style.push_str("th { white-space: normal; }\n");
    }
    let title = w(lang, "dash-title");
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} · {as_of}</title>\n<style>{style}</style>\n</head>\n<body>\n<header><h1>{title}</h1><p>{sub}</p></header>\n<main>\n",
        tag = lang.tag(),
        as_of = p.as_of,
        sub = escape(&message_in(
            lang,
            "dash-subtitle",
            &[
                ("department", dept),
                ("year", cfg.settings.fiscal_year.to_string()),
                ("as_of", p.as_of.to_string()),
                ("made", n.made_at.clone()),
            ]
        )),
    );
    totals(&mut o, n);
    projects(&mut o, n);
    units(&mut o, n);
    alerts(&mut o, n);
    problems(&mut o, n);
    let _ = write!(
        o,
        "</main>\n<footer>budget-monitor {} · {}</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        w(lang, "dash-footer")
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
    let lang = n.lang;
    let p = n.progress;
    let all: Vec<&ProjectStatus> = p.projects.iter().collect();
    let budget = p.total_budget();
    let paid = p.total_paid();
    let exec = percent_of(paid, budget);
    let expected = weighted_expected(&all);
    let time = crate::model::plan::time_progress_percent(p.as_of);
    let _ = write!(
        o,
        "<section id=\"totals\"><h2>{}</h2>\n<div class=\"cards\">",
        w(lang, "dash-totals")
    );
    card(
        o,
        &word(lang, "dash-card-budget"),
        &budget.grouped(),
        &counted(lang, "dash-card-projects", all.len(), &[]),
    );
    card(
        o,
        &word(lang, "dash-card-paid"),
        &paid.grouped(),
        &message_in(
            lang,
            "dash-card-left",
            &[("amount", Fen(budget.0 - paid.0).grouped())],
        ),
    );
    card(
        o,
        &word(lang, "dash-card-exec"),
        &pct(exec),
        &word(lang, "dash-card-exec-sub"),
    );
    card(
        o,
        &word(lang, "dash-card-planned"),
        &pct(expected),
        &behind(lang, exec - expected),
    );
    card(
        o,
        &word(lang, "dash-card-time"),
        &pct(time),
        &behind(lang, exec - time),
    );
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
            escape(&s.label_in(lang))
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
        word(lang, "dash-chart-department"),
        &plans,
        &crate::progress::cumulative_series(n.daily, None, year),
        budget,
        year,
        p.as_of,
    );
    o.push_str(&svg(&chart, lang));
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
        label = escape(&message_in(
            n.lang,
            "dash-spark-label",
            &[("name", s.name.clone())]
        )),
        ax = x(end),
        plan = pts(&plan),
        actual = pts(&actual),
    )
}

/// The column words of the project ranking, looked up once per page (the
/// rows repeat them as the phone layout's labels).
struct ProjectWords {
    rank: String,
    project: String,
    owner: String,
    status: String,
    exec_plan: String,
    gap: String,
    paid: String,
    budget: String,
    next: String,
    needed: String,
    curve: String,
}

fn projects(o: &mut String, n: &Night) {
    let lang = n.lang;
    let mut ranked: Vec<&ProjectStatus> = n.progress.projects.iter().collect();
    // Most behind first; ties in config order (the sort is stable).
    ranked.sort_by_key(|s| s.gap_points);
    let l = ProjectWords {
        rank: w(lang, "dash-col-rank"),
        project: w(lang, "dash-col-project"),
        owner: w(lang, "dash-col-owner"),
        status: w(lang, "dash-col-status"),
        exec_plan: w(lang, "dash-col-exec-plan"),
        gap: w(lang, "dash-col-gap"),
        paid: w(lang, "dash-col-paid"),
        budget: w(lang, "dash-col-budget"),
        next: w(lang, "dash-col-next"),
        needed: w(lang, "dash-col-needed"),
        curve: w(lang, "dash-col-curve"),
    };
    let _ = write!(
        o,
        "<section id=\"projects\"><h2>{}</h2>\n<table class=\"cards-sm\"><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        w(lang, "dash-projects"),
        l.project,
        l.owner,
        l.status,
        l.exec_plan,
        w(lang, "dash-col-gap-points"),
        w(lang, "dash-col-paid-yuan"),
        w(lang, "dash-col-budget-yuan"),
        l.next,
        w(lang, "dash-col-needed-yuan"),
        l.curve,
    );
    let unassigned = word(lang, "report-owner-unassigned");
    for (k, s) in ranked.iter().enumerate().take(MAX_ROWS) {
        let owner = n
            .config
            .projects
            .get(s.index)
            .and_then(|p| p.owner.as_ref())
            .map(|p| p.name.clone())
            .unwrap_or_else(|| unassigned.clone());
        let exec = s.execution_pct.to_f64().unwrap_or(0.0).clamp(0.0, 100.0);
        let plan = s.expected_pct.to_f64().unwrap_or(0.0).clamp(0.0, 100.0);
        let next = match &s.next {
            Some(x) => format!(
                "{}<span class=\"sub\">{}</span>",
                x.date,
                escape(&counted(
                    lang,
                    "dash-next-days-left",
                    usize::try_from(x.days_left).unwrap_or(0),
                    &[("planned", pct(x.planned_pct))],
                ))
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
            "<tr id=\"p-{code}\" class=\"lvl-{lvl}\" data-code=\"{code}\" data-paid=\"{plain}\"><td class=\"num rank\" data-label=\"{l_rank}\">{rank}</td><td class=\"name wide\" data-label=\"{l_project}\"><span class=\"rk\">{rank}. </span>{name}<span class=\"code\">{code}</span></td><td data-label=\"{l_owner}\">{owner}</td><td data-label=\"{l_status}\"><span class=\"badge b-{lvl}\">{label}</span></td><td class=\"num wide\" data-label=\"{l_exec_plan}\">{ep} / {pp}<div class=\"bar\"><i style=\"width:{exec:.1}%\"></i><b style=\"left:{plan:.1}%\"></b></div></td><td class=\"num{neg}\" data-label=\"{l_gap}\">{gap}</td><td class=\"num\" data-label=\"{l_paid}\">{paid}</td><td class=\"num\" data-label=\"{l_budget}\">{budget}</td><td class=\"next\" data-label=\"{l_next}\">{next}</td><td class=\"num\" data-label=\"{l_needed}\">{needed}</td><td class=\"wide\" data-label=\"{l_curve}\">{spark}</td></tr>",
            code = escape(&s.code),
            lvl = s.status.code(),
            plain = s.paid.plain(),
            rank = k + 1,
            name = escape(&s.name),
            owner = escape(&owner),
            label = escape(&s.status.label_in(lang)),
            ep = pct(s.execution_pct),
            pp = pct(s.expected_pct),
            neg = if s.gap_points < Decimal::ZERO { " neg" } else { "" },
            gap = points(s.gap_points),
            paid = s.paid.grouped(),
            budget = s.budget.grouped(),
            next = next,
            spark = spark(n, s),
            l_rank = l.rank,
            l_project = l.project,
            l_owner = l.owner,
            l_status = l.status,
            l_exec_plan = l.exec_plan,
            l_gap = l.gap,
            l_paid = l.paid,
            l_budget = l.budget,
            l_next = l.next,
            l_needed = l.needed,
            l_curve = l.curve,
        );
    }
    o.push_str("</tbody></table>\n");
    if ranked.len() > MAX_ROWS {
        let _ = writeln!(
            o,
            "<p class=\"more\">{}</p>",
            escape(&counted(
                lang,
                "dash-more-projects",
                ranked.len() - MAX_ROWS,
                &[("command", COMMAND_MARK.into())]
            ))
            .replace(
                COMMAND_MARK,
                "<code>budget-monitor status --format csv</code>"
            )
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"legend\"><span>{}</span><span>{}</span></p>\n</section>",
        escape(&message_in(
            lang,
            "dash-legend-curves",
            &[
                ("planned", CURVE_MARK.into()),
                ("actual", ACTUAL_MARK.into())
            ]
        ))
        .replace(
            CURVE_MARK,
            &format!(
                "<span style=\"color:#2b5797\">- - {}</span>",
                w(lang, "dash-legend-planned")
            )
        )
        .replace(
            ACTUAL_MARK,
            &format!(
                "<span style=\"color:#c9302c\">— {}</span>",
                w(lang, "dash-legend-actual")
            )
        ),
        w(lang, "dash-legend-bar")
    );
}

/// Stand-ins for markup inside a catalogue sentence: the sentence is
/// escaped, then each mark becomes its markup (a command in `<code>`, a
/// coloured legend entry). Private-use characters: never in a catalogue.
const COMMAND_MARK: &str = "\u{E000}";
const CURVE_MARK: &str = "\u{E001}";
const ACTUAL_MARK: &str = "\u{E002}";

/// The 支出进度通报 ranking: units by execution against 序时进度, shown
/// only when the registry has several units.
fn units(o: &mut String, n: &Night) {
    let lang = n.lang;
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
    let (rank, unit, count, budget, paid, exec, gap) = (
        w(lang, "dash-col-rank"),
        w(lang, "dash-col-unit"),
        w(lang, "dash-col-count"),
        w(lang, "dash-col-budget"),
        w(lang, "dash-col-paid"),
        w(lang, "dash-col-exec"),
        w(lang, "dash-col-time-gap"),
    );
    let _ = write!(
        o,
        "<section id=\"units\"><h2>{}</h2>\n<table class=\"cards-sm\"><thead><tr><th>#</th><th>{unit}</th><th>{count}</th><th>{}</th><th>{}</th><th>{exec}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(&message_in(lang, "dash-units", &[("time", pct(time))])),
        w(lang, "dash-col-budget-yuan"),
        w(lang, "dash-col-paid-yuan"),
        w(lang, "dash-col-time-gap-points"),
    );
    for (k, &(code, ref name, projects, budget_k, paid_k, exec_k)) in rows.iter().enumerate() {
        let gap_k = exec_k - time;
        let _ = writeln!(
            o,
            "<tr><td class=\"num\" data-label=\"{rank}\">{}</td><td class=\"name wide\" data-label=\"{unit}\">{}<span class=\"code\">{}</span></td><td class=\"num\" data-label=\"{count}\">{projects}</td><td class=\"num\" data-label=\"{budget}\">{}</td><td class=\"num\" data-label=\"{paid}\">{}</td><td class=\"num\" data-label=\"{exec}\">{}</td><td class=\"num{}\" data-label=\"{gap}\">{}</td></tr>",
            k + 1,
            escape(if name.is_empty() { code } else { name.as_str() }),
            // The code under the name, unless the name is the code.
            if name.is_empty() { String::new() } else { escape(code) },
            budget_k.grouped(),
            paid_k.grouped(),
            pct(exec_k),
            if gap_k < Decimal::ZERO { " neg" } else { "" },
            points(gap_k)
        );
    }
    o.push_str("</tbody></table>\n</section>\n");
}

fn alerts(o: &mut String, n: &Night) {
    let lang = n.lang;
    let names = n.config.project_index();
    let name = |code: &str| {
        names
            .get(code)
            .map(|&i| n.config.projects[i].name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let (project, kind, status) = (
        w(lang, "dash-col-project"),
        w(lang, "dash-col-kind"),
        w(lang, "dash-col-status"),
    );
    // `n.alerts` are the open ones the page has room for (`open_history`).
    let _ = writeln!(
        o,
        "<section id=\"alerts\"><h2>{}</h2>",
        w(lang, "dash-alerts")
    );
    if n.open_alerts == 0 {
        let _ = writeln!(o, "<p class=\"empty\">{}</p>", w(lang, "dash-alerts-none"));
    } else {
        let (basis, level, opened, notice_l) = (
            w(lang, "dash-col-basis"),
            w(lang, "dash-col-level"),
            w(lang, "dash-col-opened"),
            w(lang, "dash-col-notice"),
        );
        let _ = write!(
            o,
            "<table class=\"cards-sm\"><thead><tr><th>{project}</th><th>{kind}</th><th>{basis}</th><th>{level}</th><th>{opened}</th><th>{notice_l}</th></tr></thead>\n<tbody>\n"
        );
        for a in n.alerts {
            let last = a
                .events
                .iter()
                .rev()
                .find_map(|e| e.message.as_ref().map(|m| (e, m)));
            let notice = match last {
                Some((e, m)) => message_in(
                    lang,
                    "dash-notice-sent",
                    &[
                        ("date", e.on_date.clone()),
                        ("recipients", m.recipients.replace(',', ", ")),
                        ("status", message_status(lang, &m.status)),
                    ],
                ),
                None => word(lang, "dash-notice-none"),
            };
            let reason = if a.key.reason == "budget" {
                word(lang, "dash-basis-budget")
            } else {
                message_in(
                    lang,
                    "dash-basis-checkpoint",
                    &[("date", a.key.reason.clone())],
                )
            };
            let _ = writeln!(
                o,
                "<tr><td class=\"name wide\" data-label=\"{project}\">{}<span class=\"code\">{}</span></td><td data-label=\"{kind}\">{}</td><td data-label=\"{basis}\">{}</td><td data-label=\"{level}\">{}</td><td data-label=\"{opened}\">{}</td><td class=\"wide\" data-label=\"{notice_l}\">{}</td></tr>",
                escape(&name(&a.key.project)),
                escape(&a.key.project),
                escape(&kind_label(lang, a.key.kind.code())),
                escape(&reason),
                escape(&level_label(lang, &a.level)),
                escape(&a.opened_on),
                escape(&notice)
            );
        }
        o.push_str("</tbody></table>\n");
        if n.open_alerts > n.alerts.len() {
            let _ = writeln!(
                o,
                "<p class=\"more\">{}</p>",
                escape(&counted(
                    lang,
                    "dash-more-alerts",
                    n.open_alerts - n.alerts.len(),
                    &[("command", COMMAND_MARK.into())]
                ))
                .replace(COMMAND_MARK, "<code>budget-monitor log</code>")
            );
        }
    }
    let _ = writeln!(
        o,
        "<h2 style=\"margin-top:14px\">{}</h2>",
        w(lang, "dash-messages")
    );
    if n.messages.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"empty\">{}</p>",
            w(lang, "dash-messages-none")
        );
    } else {
        let (date, recipients, subject) = (
            w(lang, "dash-col-date"),
            w(lang, "dash-col-recipients"),
            w(lang, "dash-col-subject"),
        );
        let _ = write!(
            o,
            "<table class=\"cards-sm\"><thead><tr><th>{date}</th><th>{kind}</th><th>{recipients}</th><th>{subject}</th><th>{status}</th></tr></thead>\n<tbody>\n"
        );
        for m in n.messages {
            let _ = writeln!(
                o,
                "<tr><td data-label=\"{date}\">{}</td><td data-label=\"{kind}\">{}</td><td class=\"wide\" data-label=\"{recipients}\">{}</td><td class=\"wide\" data-label=\"{subject}\">{}</td><td data-label=\"{status}\">{}</td></tr>",
                escape(&m.on_date),
                escape(&super::notice_log::kinds_label(&m.kind, lang)),
                escape(&m.recipients.replace(',', ", ")),
                escape(&m.subject),
                escape(&message_status(lang, &m.status))
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");
}

fn problems(o: &mut String, n: &Night) {
    let lang = n.lang;
    let _ = writeln!(
        o,
        "<section id=\"problems\"><h2>{}</h2>",
        w(lang, "dash-problems")
    );
    if n.problems.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"empty\">{}</p>",
            w(lang, "dash-problems-none")
        );
    } else {
        let _ = write!(
            o,
            "<p>{}</p>\n<ul class=\"problems\">",
            escape(&counted(lang, "dash-problems-intro", n.problems.len(), &[]))
        );
        for p in n.problems.iter().take(MAX_PROBLEMS) {
            let _ = write!(o, "<li>{}</li>", escape(p));
        }
        if n.problems.len() > MAX_PROBLEMS {
            let _ = write!(
                o,
                "<li>{}</li>",
                escape(&counted(
                    lang,
                    "dash-problems-more",
                    n.problems.len() - MAX_PROBLEMS,
                    &[]
                ))
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}
