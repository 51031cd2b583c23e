//! The report as one self-contained HTML page: no scripts, no external
//! files, inline CSS and SVG charts, so it can be mailed, archived and
//! printed (each project starts a new page). Every text is HTML-escaped.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::{Cell, Chart, Document, Table};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; }
.subtitle { color: #555; margin: 0 0 16px; }
h2 { font-size: 18px; border-bottom: 2px solid #2b5797; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.note { margin: 4px 0; }
table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px; }
th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
th { background: #dfe7f3; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.hl td { background: #fde2e1; }
tr.total td { font-weight: bold; background: #f2f2f2; }
nav a { margin-right: 10px; font-size: 13px; }
svg { display: block; margin: 8px 0 16px; }
section.project { page-break-before: always; break-before: page; }
@media print { body { margin: 10mm; } nav { display: none; } }
"#;

/// Renders the whole document.
pub fn render(doc: &Document) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<nav>",
        doc.lang.tag(),
        escape(&doc.title),
        escape(&doc.title),
        escape(&doc.subtitle)
    );
    for (k, s) in doc.sections.iter().enumerate() {
        let _ = write!(o, "<a href=\"#s{k}\">{}</a>", escape(&s.sheet));
    }
    o.push_str("</nav>\n");
    for (k, s) in doc.sections.iter().enumerate() {
        let class = if k == 0 { "summary" } else { "project" };
        let _ = writeln!(
            o,
            "<section id=\"s{k}\" class=\"{class}\">\n<h2>{}</h2>",
            escape(&s.title)
        );
        for n in &s.notes {
            let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(n));
        }
        if let Some(c) = &s.chart {
            o.push_str(&svg(c, doc.lang));
        }
        for t in &s.tables {
            table(&mut o, t);
        }
        o.push_str("</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn table(o: &mut String, t: &Table) {
    let _ = writeln!(o, "<h3>{}</h3>\n<table>\n<thead><tr>", escape(&t.title));
    for h in &t.headers {
        let _ = write!(o, "<th>{}</th>", escape(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    let rows = t.rows.iter().enumerate().map(|(k, r)| {
        let class = if t.highlight.contains(&k) {
            " class=\"hl\""
        } else {
            ""
        };
        (class, r)
    });
    for (class, r) in rows.chain(t.total.iter().map(|r| (" class=\"total\"", r))) {
        let _ = write!(o, "<tr{class}>");
        for c in r {
            let num = !matches!(c, Cell::Text(_) | Cell::Empty);
            let _ = write!(
                o,
                "<td{}>{}</td>",
                if num { " class=\"num\"" } else { "" },
                escape(&c.display())
            );
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

/// The chart as inline SVG: month grid, plan curve (dashed, with checkpoint
/// markers) and the actual cumulative line (a step per payment day).
pub fn svg(c: &Chart, lang: crate::base::i18n::Lang) -> String {
    use crate::report::word;
    let (w, h) = (760.0_f64, 300.0_f64);
    let (left, right, bottom) = (48.0, 16.0, 40.0);
    // The legend sits right of the title, laid out by the width of its
    // words (English ones are longer); when the title leaves no room it
    // goes on a line of its own and the plot moves down.
    let (planned, actual) = (
        word(lang, "report-chart-planned"),
        word(lang, "report-chart-actual"),
    );
    let text_px = |s: &str, px_per_column: f64| crate::base::text::width(s) as f64 * px_per_column;
    let second_at = 28.0 + (text_px(&planned, 6.5) + 14.0).max(92.0);
    let legend_w = (second_at + 28.0 + text_px(&actual, 6.5)).max(250.0);
    let title_end = left + text_px(&c.title, 7.0) + 12.0;
    let (lx, ly, top) = if title_end <= w - right - legend_w {
        (w - right - legend_w, 14.0, 34.0)
    } else {
        ((w - right - legend_w).max(left), 32.0, 50.0)
    };
    let days = crate::base::dates::days_in_year(c.year) as f64;
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let max_actual = c.actual.iter().map(|(_, p)| f(*p)).fold(0.0, f64::max);
    let ymax = (max_actual.max(100.0) / 25.0).ceil() * 25.0;
    let x = |d: chrono::NaiveDate| {
        let i = d.ordinal0() as f64;
        left + (w - left - right) * (i + 1.0).min(days) / days
    };
    let y = |p: f64| top + (h - top - bottom) * (1.0 - p / ymax);
    use chrono::Datelike;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\">\n<title>{t}</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n<text x=\"{left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{t}</text>",
        t = escape(&c.title)
    );
    // Horizontal grid every 25 %.
    let mut p = 0.0;
    while p <= ymax + 0.01 {
        let _ = writeln!(
            o,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{p}%</text>",
            w - right,
            y(p),
            y(p),
            left - 4.0,
            y(p) + 4.0
        );
        p += 25.0;
    }
    // Month ticks at month ends.
    for m in 1..=12u32 {
        if let Some(d) = crate::base::dates::month_end(c.year, m) {
            let _ = writeln!(
                o,
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{top}\" y2=\"{1:.1}\" stroke=\"#eee\"/><text x=\"{2:.1}\" y=\"{3:.1}\" font-size=\"11\" text-anchor=\"middle\">{4}</text>",
                x(d),
                h - bottom,
                x(d) - (w - left - right) / 24.0,
                h - bottom + 16.0,
                escape(&month_label(lang, m)),
            );
        }
    }
    let _ = writeln!(
        o,
        "<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{0:.1}\" stroke=\"#333\"/><line x1=\"{left}\" x2=\"{1:.1}\" y1=\"{0:.1}\" y2=\"{0:.1}\" stroke=\"#333\"/>",
        h - bottom,
        w - right
    );
    // Plan: linear between breakpoints, starting at the left axis.
    let mut pts = vec![(left, y(0.0))];
    pts.extend(c.plan.iter().skip(1).map(|(d, p)| (x(*d), y(f(*p)))));
    let _ = writeln!(
        o,
        "<polyline class=\"plan\" fill=\"none\" stroke=\"#2b5797\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"{}\"/>",
        points(&pts)
    );
    for (d, p) in c.plan.iter().skip(1) {
        let _ = writeln!(
            o,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#2b5797\"/>",
            x(*d),
            y(f(*p))
        );
    }
    // Actual: a step at each payment day, held to the as-of date.
    let mut pts = vec![(left, y(0.0))];
    let mut last = 0.0;
    for (d, p) in &c.actual {
        pts.push((x(*d), y(last)));
        last = f(*p);
        pts.push((x(*d), y(last)));
    }
    let end = c
        .as_of
        .min(crate::base::dates::month_end(c.year, 12).unwrap_or(c.as_of));
    pts.push((x(end), y(last)));
    let _ = writeln!(
        o,
        "<polyline class=\"actual\" fill=\"none\" stroke=\"#d9534f\" stroke-width=\"2.5\" points=\"{}\"/>",
        points(&pts)
    );
    let _ = writeln!(
        o,
        "<line x1=\"{lx}\" x2=\"{0}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"#2b5797\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{1}\" y=\"{ty}\" font-size=\"12\">{planned}</text><line x1=\"{2}\" x2=\"{3}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"#d9534f\" stroke-width=\"2.5\"/><text x=\"{4}\" y=\"{ty}\" font-size=\"12\">{actual}</text>",
        lx + 24.0,
        lx + 28.0,
        lx + second_at,
        lx + second_at + 24.0,
        lx + second_at + 28.0,
        ty = ly + 4.0,
        planned = escape(&planned),
        actual = escape(&actual),
    );
    o.push_str("</svg>\n");
    o
}

/// A month's label on the chart's axis: 3月, or Mar.
fn month_label(lang: crate::base::i18n::Lang, m: u32) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = match lang {
        crate::base::i18n::Lang::En => EN[(m as usize + 11) % 12].to_string(),
        crate::base::i18n::Lang::Zh => m.to_string(),
    };
    crate::base::i18n::message_in(lang, "report-chart-month", &[("month", month)])
}

fn points(pts: &[(f64, f64)]) -> String {
    pts.iter()
        .map(|(a, b)| format!("{a:.1},{b:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }
}
