//! Reads the performance-target document (绩效目标) in the text form a word
//! processor exports, because that document is the only place the office's
//! projects, budgets, curves and indicators are written down.
//!
//! The export writes every table cell as a tab-indented line and separates
//! table rows with blank lines. It is not clean: a row can be broken by a
//! stray blank line ("≥90百分比", blank, "\t省市文件"), labels carry padding
//! ("其中：财政    资金"), an empty cell may hold a single space, and the
//! 一级 / 二级 cells of continuation rows are empty because the document
//! merges them vertically. The parser repairs exactly these quirks and fails
//! on anything else with the line number and what it expected, so nothing is
//! silently dropped or guessed.
//!
//! Part one of the document (the department summary) is read too: its
//! stated total, stated project count and per-project paragraphs carry the
//! derivations ([`lint`](super::lint) checks them against the tables).

use std::str::FromStr;

use rust_decimal::Decimal;

use super::squash;
use crate::base::dates::month_end;
use crate::base::i18n::message;
use crate::base::money::{AmountError, AmountUnit, Fen};
use crate::model::plan::{Checkpoint, Plan};
use crate::model::{self, Indicator};

/// One project table (…绩效目标表) of part two: the project in the model's
/// terms (no owner yet: the document names none), with where it was found.
/// Dereferences to the project so readers write `p.code`, `p.budget`.
#[derive(Debug, Clone)]
pub struct Project {
    /// Seed line of the table's title.
    pub line: usize,
    /// The table title without bookmark ("1.见义勇为基金绩效目标表").
    pub title: String,
    /// The project: budgets in fen, checkpoints as dates in the fiscal year,
    /// indicator rows verbatim with their seed lines.
    pub project: model::Project,
}

impl Project {
    /// A configured project as the linter reads it: the same model, with no
    /// place in a document (line 0; indicator rows keep the lines they have).
    pub fn configured(p: &model::Project) -> Project {
        Project {
            line: 0,
            title: format!("{}绩效目标表", p.name),
            project: p.clone(),
        }
    }
}

impl std::ops::Deref for Project {
    type Target = model::Project;
    fn deref(&self) -> &model::Project {
        &self.project
    }
}

impl std::ops::DerefMut for Project {
    fn deref_mut(&mut self) -> &mut model::Project {
        &mut self.project
    }
}

/// One paragraph of part one's 分项绩效目标 ("六是政法网光纤传输租赁费22.8万元："
/// and the lines under it). The title names the project loosely, so matching
/// it to a table is the linter's business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    /// Seed line of the entry's first line.
    pub line: usize,
    /// The project as part one names it ("政法网光纤传输租赁费").
    pub title: String,
    /// The amount stated with the title, in fen; None when absent.
    pub amount_fen: Option<i64>,
    /// The lines under the title (绩效目标：…, 绩效指标：…), joined with newlines.
    pub text: String,
}

/// The whole document: part one's summary and part two's project tables.
#[derive(Debug, Clone)]
pub struct SeedDocument {
    /// The fiscal year the checkpoints were placed in.
    pub fiscal_year: i32,
    /// "专项项目12个" in part one, when stated.
    pub stated_project_count: Option<usize>,
    /// "项目经费共407.257万元" in part one, in fen, when stated.
    pub stated_total_fen: Option<i64>,
    /// Part one's per-project paragraphs, in document order.
    pub summaries: Vec<SummaryEntry>,
    /// The project tables, in document order.
    pub projects: Vec<Project>,
}

impl SeedDocument {
    /// Sum of the project budgets, in fen (saturating: a broken cell must not
    /// crash the import; the linter reports the mismatch).
    pub fn total_budget_fen(&self) -> i64 {
        self.projects
            .iter()
            .fold(0i64, |acc, p| acc.saturating_add(p.budget.0))
    }

    /// Number of indicator rows over all projects.
    pub fn indicator_count(&self) -> usize {
        self.projects.iter().map(|p| p.indicators.len()).sum()
    }
}

/// Why the document could not be read: the seed line and what was expected
/// there, so a person can open the file and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    /// 1-based line number in the seed text.
    pub line: usize,
    /// What was found and what was expected, in the user's language.
    pub message: String,
}

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&message(
            "seed-error",
            &[
                ("line", self.line.to_string()),
                ("message", self.message.clone()),
            ],
        ))
    }
}

impl std::error::Error for SeedError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, SeedError> {
    Err(SeedError {
        line,
        message: message.into(),
    })
}

/// Parses the exported text of a target document. `fiscal_year` places the
/// plan checkpoints (the document writes "3月底", not a date).
pub fn parse_seed(text: &str, fiscal_year: i32) -> Result<SeedDocument, SeedError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<Line<'_>> = text.lines().map(Line::classify).collect();

    // Table titles split the document: before the first is part one.
    let titles: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l {
            Line::Text(t) if strip_bookmarks(t).ends_with("绩效目标表") => Some(i),
            _ => None,
        })
        .collect();
    let part_one_end = titles.first().copied().unwrap_or(lines.len());

    let mut doc = read_part_one(&lines[..part_one_end], fiscal_year);
    for (k, &start) in titles.iter().enumerate() {
        let end = titles.get(k + 1).copied().unwrap_or(lines.len());
        doc.projects
            .push(read_table(&lines[start..end], start, fiscal_year)?);
    }
    Ok(doc)
}

/// A line of the export, as the table grammar sees it.
#[derive(Debug, Clone, Copy)]
enum Line<'a> {
    /// A tab-indented line: one table cell (leading tab and trailing
    /// whitespace removed; may be empty).
    Cell(&'a str),
    /// Empty or whitespace only: ends a table row.
    Blank,
    /// Any other text: headings, paragraphs, or a cell's further paragraph.
    Text(&'a str),
}

impl<'a> Line<'a> {
    fn classify(raw: &'a str) -> Line<'a> {
        if let Some(cell) = raw.strip_prefix('\t') {
            Line::Cell(cell.trim_end())
        } else if raw.trim().is_empty() {
            Line::Blank
        } else {
            Line::Text(raw.trim_end())
        }
    }
}

/// Headings carry Word bookmarks ("[bookmark: _Toc_4_4_0000000004]1.…").
fn strip_bookmarks(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("[bookmark:") {
        match rest.find(']') {
            Some(end) => s = &rest[end + 1..],
            None => break,
        }
    }
    s.trim()
}

// ---------------------------------------------------------------------------
// Part one

fn read_part_one(lines: &[Line<'_>], fiscal_year: i32) -> SeedDocument {
    let mut doc = SeedDocument {
        fiscal_year,
        stated_project_count: None,
        stated_total_fen: None,
        summaries: Vec::new(),
        projects: Vec::new(),
    };
    let mut open: Option<SummaryEntry> = None;
    for (i, line) in lines.iter().enumerate() {
        let text = match line {
            Line::Text(t) | Line::Cell(t) => strip_bookmarks(t),
            Line::Blank => continue,
        };
        if let Some(entry) = summary_entry(text, i + 1) {
            doc.summaries.extend(open.take());
            open = Some(entry);
            continue;
        }
        let heading = line_is_heading(line, text);
        if let Some(entry) = open.as_mut() {
            if !heading {
                if !entry.text.is_empty() {
                    entry.text.push('\n');
                }
                entry.text.push_str(text);
                continue;
            }
            doc.summaries.extend(open.take());
        }
        // Outside the entries: the department's stated count and total.
        if doc.stated_total_fen.is_none() && text.contains("项目") {
            doc.stated_total_fen = stated_total(text);
        }
        if doc.stated_project_count.is_none() {
            doc.stated_project_count = stated_count(text);
        }
    }
    doc.summaries.extend(open);
    doc
}

/// A heading ends a summary paragraph: a bookmarked line, "三、…", "第二部分".
fn line_is_heading(line: &Line<'_>, text: &str) -> bool {
    let raw = match line {
        Line::Text(t) | Line::Cell(t) => t.trim_start(),
        Line::Blank => return false,
    };
    if raw.starts_with("[bookmark:") || (text.starts_with('第') && text.ends_with("部分")) {
        return true;
    }
    let numeral_len = text
        .chars()
        .take_while(|c| is_cn_numeral(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    numeral_len > 0 && text[numeral_len..].starts_with('、')
}

fn is_cn_numeral(c: char) -> bool {
    "一二三四五六七八九十百零〇".contains(c)
}

/// "六是政法网光纤传输租赁费22.8万元：" -> title and amount.
fn summary_entry(text: &str, line: usize) -> Option<SummaryEntry> {
    let numeral_len = text
        .chars()
        .take_while(|c| is_cn_numeral(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if numeral_len == 0 {
        return None;
    }
    let rest = text[numeral_len..].strip_prefix('是')?;
    let rest = rest.trim_end_matches(|c: char| "：:。.，,；; ".contains(c));
    let (title, amount_fen) = match split_trailing_amount(rest) {
        Some((title, fen)) => (title, Some(fen)),
        None => (rest, None),
    };
    Some(SummaryEntry {
        line,
        title: title.trim().to_string(),
        amount_fen,
        text: String::new(),
    })
}

/// Splits "政法网光纤传输租赁费22.8万元" into the title and the amount in fen.
fn split_trailing_amount(s: &str) -> Option<(&str, i64)> {
    let (body, wan) = if let Some(b) = s.strip_suffix("万元") {
        (b, true)
    } else {
        (s.strip_suffix('元')?, false)
    };
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
        .last()
        .map(|(i, _)| i)?;
    let fen = parse_money(&body[start..], wan).ok()?;
    Some((&body[..start], fen))
}

/// "2025年专项项目12个，项目经费共407.257万元。" -> 407.257万元 in fen.
fn stated_total(text: &str) -> Option<i64> {
    for marker in ["共计", "合计", "总计", "共"] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(marker) {
            let after = &text[from + pos + marker.len()..];
            let digits: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .collect();
            let rest = &after[digits.len()..];
            if !digits.is_empty() {
                if rest.starts_with("万元") {
                    return parse_money(&digits, true).ok();
                }
                if rest.starts_with('元') {
                    return parse_money(&digits, false).ok();
                }
            }
            from += pos + marker.len();
        }
    }
    None
}

/// "专项项目12个" or "12个项目" -> 12.
fn stated_count(text: &str) -> Option<usize> {
    if let Some(pos) = text.find("项目") {
        let after = &text[pos + "项目".len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with('个') {
            return digits.parse().ok();
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Part two: one project table

/// A cell with the seed line it came from.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    line: usize,
}

/// Cells between blank lines: one table row, unless the export broke it.
type Group = Vec<Cell>;

/// Groups the lines of one table into blank-separated rows. A non-indented
/// line inside a table continues the cell before it (a second paragraph of
/// the same cell), so multi-paragraph text keeps its line breaks.
fn group_cells(lines: &[Line<'_>], first_line: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut current: Group = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = first_line + i;
        match line {
            Line::Cell(t) => current.push(Cell {
                text: t.to_string(),
                line: n,
            }),
            Line::Blank => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
            }
            Line::Text(t) => match current.last_mut() {
                Some(last) => {
                    last.text.push('\n');
                    last.text.push_str(t);
                }
                None => current.push(Cell {
                    text: t.to_string(),
                    line: n,
                }),
            },
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// Reads one `…绩效目标表` from its title line to the next title.
fn read_table(lines: &[Line<'_>], start: usize, fiscal_year: i32) -> Result<Project, SeedError> {
    let title_line = start + 1;
    let title = match lines.first() {
        Some(Line::Text(t)) => strip_bookmarks(t).to_string(),
        _ => String::new(),
    };
    let groups = group_cells(&lines[1..], title_line + 1);
    let header_at = groups
        .iter()
        .position(|g| g.first().is_some_and(|c| squash(&c.text) == "一级指标"));
    let Some(header_at) = header_at else {
        return err(
            title_line,
            message(
                "seed-no-indicator-header",
                &[("title", format!("{title:?}"))],
            ),
        );
    };
    let meta = Meta {
        groups: &groups[..header_at],
        title_line,
    };

    let (unit_code, unit_name) = meta.unit()?;
    let wan = meta.amounts_in_wan();
    let code = meta.required("项目编码")?;
    let name = meta.required("项目名称")?;
    let budget_cell = meta
        .value_after("预算数")
        .filter(|c| !c.text.trim().is_empty());
    let Some(budget_cell) = budget_cell else {
        return err(
            meta.label_line("预算数"),
            message("seed-no-budget", &[("code", code.text.clone())]),
        );
    };
    let budget_fen = money_cell(budget_cell, wan)?;
    let fiscal_funds_fen = meta
        .value_after("其中:财政资金")
        .map(|c| optional_money_cell(c, wan))
        .transpose()?
        .flatten();
    let other_funds_fen = meta
        .value_after("其他资金")
        .map(|c| optional_money_cell(c, wan))
        .transpose()?
        .flatten();

    Ok(Project {
        line: title_line,
        title,
        project: model::Project {
            code: code.text.clone(),
            name: name.text.clone(),
            unit_code: unit_code.into(),
            unit_name: unit_name.into(),
            budget: Fen(budget_fen),
            fiscal_funds: fiscal_funds_fen.map(Fen),
            other_funds: other_funds_fen.map(Fen),
            purpose: meta.purpose().into(),
            goal: meta.goal().into(),
            owner: None,
            adjustments: Vec::new(),
            plan: Plan {
                year: fiscal_year,
                checkpoints: meta.plan(fiscal_year)?.into(),
            },
            indicators: read_indicators(&groups[header_at..])?,
        },
    })
}

/// The labels of the project-description rows, half-width without spaces.
const LABELS: &[&str] = &[
    "项目编码",
    "项目名称",
    "预算规模及资金用途",
    "预算数",
    "其中:财政资金",
    "其他资金",
    "绩效目标",
];

/// The project-description rows above the indicator table.
struct Meta<'g> {
    groups: &'g [Group],
    title_line: usize,
}

impl<'g> Meta<'g> {
    fn cells(&self) -> impl Iterator<Item = (usize, usize, &'g Cell)> + 'g {
        self.groups
            .iter()
            .enumerate()
            .flat_map(|(g, cells)| cells.iter().enumerate().map(move |(k, c)| (g, k, c)))
    }

    /// The cell labelled `label` (compared half-width, spaces removed).
    fn label(&self, label: &str) -> Option<(usize, usize, &'g Cell)> {
        self.cells().find(|(_, _, c)| squash(&c.text) == label)
    }

    fn label_line(&self, label: &str) -> usize {
        self.label(label)
            .map(|(_, _, c)| c.line)
            .unwrap_or(self.title_line)
    }

    /// The cell right after the label, in the same row.
    fn value_after(&self, label: &str) -> Option<&'g Cell> {
        let (g, k, _) = self.label(label)?;
        self.groups[g].get(k + 1)
    }

    fn required(&self, label: &str) -> Result<&'g Cell, SeedError> {
        match self.value_after(label) {
            // A label in the value's place means the value cell is missing.
            Some(c) if !c.text.trim().is_empty() && !LABELS.contains(&squash(&c.text).as_str()) => {
                Ok(c)
            }
            _ => err(
                self.label_line(label),
                message("seed-no-value", &[("label", label.to_string())]),
            ),
        }
    }

    /// "308001中国共产党玉田县委员会政法委员会本级": unit code, then unit name.
    fn unit(&self) -> Result<(String, String), SeedError> {
        for (_, _, c) in self.cells() {
            let t = c.text.trim();
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            let rest = t[digits..].trim();
            if digits > 0 && !rest.is_empty() && !rest.starts_with(|ch: char| ch.is_ascii()) {
                return Ok((t[..digits].to_string(), rest.to_string()));
            }
            if squash(t) == "项目编码" {
                break;
            }
        }
        err(self.title_line + 1, message("seed-no-unit", &[]))
    }

    /// "单位：万元" switches every amount of the table to 万元.
    fn amounts_in_wan(&self) -> bool {
        self.cells()
            .any(|(_, _, c)| matches!(squash(&c.text).as_str(), "单位:万元"))
    }

    /// The row after 预算规模及资金用途 holds the purpose; its first cell is
    /// the (merged, empty) label column.
    fn purpose(&self) -> String {
        let Some((g, _, _)) = self.label("预算规模及资金用途") else {
            return String::new();
        };
        match self.groups.get(g + 1) {
            Some(next) if !is_plan_label(next) => join_nonempty(next),
            _ => String::new(),
        }
    }

    /// 绩效目标 and every row after it up to the indicator table.
    fn goal(&self) -> String {
        let Some((g, k, _)) = self.label("绩效目标") else {
            return String::new();
        };
        let mut parts: Vec<&str> = self.groups[g][k + 1..]
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !t.trim().is_empty())
            .collect();
        for later in &self.groups[g + 1..] {
            parts.extend(
                later
                    .iter()
                    .map(|c| c.text.as_str())
                    .filter(|t| !t.trim().is_empty()),
            );
        }
        parts.join("\n")
    }

    /// 资金支出计划（%）: a row of labels, then a row of percents.
    fn plan(&self, fiscal_year: i32) -> Result<Vec<Checkpoint>, SeedError> {
        let Some(g) = self.groups.iter().position(is_plan_label) else {
            return err(self.title_line, message("seed-no-plan", &[]));
        };
        let labels = &self.groups[g][1..];
        let Some(values) = self.groups.get(g + 1) else {
            return err(self.groups[g][0].line, message("seed-no-plan-values", &[]));
        };
        // The first cell is the merged label column, empty on this row.
        let values: &[Cell] = match values.first() {
            Some(c) if c.text.trim().is_empty() => &values[1..],
            _ => values,
        };
        if values.len() != labels.len() {
            let line = values
                .first()
                .map(|c| c.line)
                .unwrap_or(self.groups[g][0].line);
            return err(
                line,
                message(
                    "seed-plan-count",
                    &[
                        ("expected", labels.len().to_string()),
                        (
                            "labels",
                            labels
                                .iter()
                                .map(|c| c.text.as_str())
                                .collect::<Vec<_>>()
                                .join(" / "),
                        ),
                        ("found", values.len().to_string()),
                    ],
                ),
            );
        }
        labels
            .iter()
            .zip(values)
            .map(|(label, value)| {
                let Some(month) = label_month(&label.text) else {
                    return err(
                        label.line,
                        message("seed-plan-label", &[("label", format!("{:?}", label.text))]),
                    );
                };
                let Some(date) = month_end(fiscal_year, month) else {
                    return err(
                        label.line,
                        message("seed-plan-month", &[("month", month.to_string())]),
                    );
                };
                let Some(percent) = parse_percent(&value.text) else {
                    return err(
                        value.line,
                        message(
                            "seed-plan-percent",
                            &[
                                ("label", label.text.clone()),
                                ("value", format!("{:?}", value.text)),
                            ],
                        ),
                    );
                };
                Ok(Checkpoint { date, percent })
            })
            .collect()
    }
}

fn is_plan_label(g: &Group) -> bool {
    g.first()
        .is_some_and(|c| squash(&c.text).starts_with("资金支出计划"))
}

fn join_nonempty(g: &Group) -> String {
    g.iter()
        .map(|c| c.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "3月底" / "3月末" / "3月" -> 3; "年底" -> 12; quarters and 上半年 too.
fn label_month(label: &str) -> Option<u32> {
    let s = squash(label);
    let named = [
        ("一季度", 3),
        ("第一季度", 3),
        ("上半年", 6),
        ("二季度", 6),
        ("第二季度", 6),
        ("三季度", 9),
        ("第三季度", 9),
        ("四季度", 12),
        ("第四季度", 12),
        ("年底", 12),
        ("年末", 12),
        ("全年", 12),
    ];
    for (name, month) in named {
        if s == name || s == format!("{name}末") || s == format!("{name}底") {
            return Some(month);
        }
    }
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = &s[digits.len()..];
    if digits.is_empty() || !matches!(rest, "月" | "月底" | "月末" | "月份" | "月份底" | "月份末")
    {
        return None;
    }
    digits.parse().ok().filter(|m| (1..=12).contains(m))
}

/// "25%" / "25％" / "25" -> 25.
fn parse_percent(cell: &str) -> Option<Decimal> {
    let s = squash(cell);
    let s = s.strip_suffix('%').unwrap_or(&s);
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Decimal::from_str(s).ok()
}

fn money_cell(cell: &Cell, wan: bool) -> Result<i64, SeedError> {
    parse_money(&cell.text, wan).or_else(|why| {
        err(
            cell.line,
            message(
                "seed-money",
                &[
                    ("value", format!("{:?}", cell.text)),
                    ("why", message(why, &[])),
                ],
            ),
        )
    })
}

/// An amount cell that may be empty (a lone space counts as empty).
fn optional_money_cell(cell: &Cell, wan: bool) -> Result<Option<i64>, SeedError> {
    if cell.text.trim().is_empty() {
        return Ok(None);
    }
    money_cell(cell, wan).map(Some)
}

/// Exact amount in fen from "50000.00", "1,000,000.00", "５００００", "52.0914"
/// (with `wan`, or a 万元 suffix): the crate's amount parser, so the seed and
/// the ledgers accept the same forms. More precision than a fen is an error,
/// not a rounding.
pub(crate) fn parse_money(text: &str, wan: bool) -> Result<i64, &'static str> {
    let unit = if wan {
        AmountUnit::Wan
    } else {
        AmountUnit::Yuan
    };
    Fen::parse(text, unit).map(|f| f.0).map_err(|e| match e {
        AmountError::Empty => "seed-money-empty",
        AmountError::TooPrecise => "seed-money-too-precise",
        AmountError::Overflow => "seed-money-too-large",
        AmountError::BadChar(_) | AmountError::Malformed => "seed-money-not-number",
    })
}

// ---------------------------------------------------------------------------
// The indicator table

/// The columns the header may name. Description and basis are optional in
/// other offices' templates; the seed has all six.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    level1: Option<usize>,
    level2: Option<usize>,
    level3: Option<usize>,
    description: Option<usize>,
    value: Option<usize>,
    basis: Option<usize>,
    count: usize,
}

impl Columns {
    fn from_header(header: &Group) -> Result<Columns, SeedError> {
        let mut cols = Columns {
            count: header.len(),
            ..Columns::default()
        };
        for (k, c) in header.iter().enumerate() {
            let slot = match squash(&c.text).as_str() {
                "一级指标" => &mut cols.level1,
                "二级指标" => &mut cols.level2,
                "三级指标" => &mut cols.level3,
                "绩效指标描述" | "指标描述" | "指标内容" | "指标解释" => {
                    &mut cols.description
                }
                "指标值" | "年度指标值" | "目标值" => &mut cols.value,
                "指标值确定依据" | "确定依据" | "指标值设定依据" => {
                    &mut cols.basis
                }
                other => {
                    return err(
                        c.line,
                        message("seed-unknown-column", &[("column", format!("{other:?}"))]),
                    )
                }
            };
            *slot = Some(k);
        }
        let line = header.first().map(|c| c.line).unwrap_or(0);
        for (name, slot) in [
            ("一级指标", cols.level1),
            ("二级指标", cols.level2),
            ("三级指标", cols.level3),
            ("指标值", cols.value),
        ] {
            if slot.is_none() {
                return err(
                    line,
                    message("seed-missing-column", &[("column", name.to_string())]),
                );
            }
        }
        Ok(cols)
    }
}

/// Does this group open a new indicator row? Continuation rows start with the
/// empty merged 一级 cell; the first row of a block names the 一级指标.
fn starts_row(g: &Group) -> bool {
    g.first().is_some_and(|c| {
        let t = squash(&c.text);
        t.is_empty()
            || matches!(
                t.trim_end_matches("指标"),
                "产出" | "效益" | "满意度" | "成本"
            )
    })
}

/// Reassembles rows the export broke with stray blank lines, then carries the
/// merged 一级 / 二级 cells down.
fn read_indicators(groups: &[Group]) -> Result<Vec<Indicator>, SeedError> {
    let Some((header, body)) = groups.split_first() else {
        return Ok(Vec::new());
    };
    let cols = Columns::from_header(header)?;
    let n = cols.count;

    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut pending: Vec<Cell> = Vec::new();
    for g in body {
        if !pending.is_empty() {
            // A full row is done; a row short only of its last cell is done
            // when the next group clearly opens a row (the last cell is empty
            // in the document); anything shorter was broken by the export.
            let done = pending.len() >= n || (pending.len() + 1 == n && starts_row(g));
            if done {
                rows.push(std::mem::take(&mut pending));
            }
        }
        pending.extend(g.iter().cloned());
        if pending.len() > n {
            let line = pending.first().map(|c| c.line).unwrap_or(0);
            return err(
                line,
                message(
                    "seed-row-cells",
                    &[
                        ("found", pending.len().to_string()),
                        ("expected", n.to_string()),
                    ],
                ),
            );
        }
    }
    if !pending.is_empty() {
        rows.push(pending);
    }

    let mut out = Vec::with_capacity(rows.len());
    let mut level1 = String::new();
    let mut level2 = String::new();
    for row in rows {
        let line = row.first().map(|c| c.line).unwrap_or(0);
        if row.len() + 1 < n {
            return err(
                line,
                message(
                    "seed-row-cells",
                    &[
                        ("found", row.len().to_string()),
                        ("expected", n.to_string()),
                    ],
                ),
            );
        }
        let get = |slot: Option<usize>| -> String {
            slot.and_then(|k| row.get(k))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        };
        let l1 = get(cols.level1);
        let l2 = get(cols.level2);
        if !l1.trim().is_empty() {
            // A new 一级 block: its 二级 cannot come from the block before.
            level1 = l1;
            level2 = l2;
        } else {
            if level1.is_empty() {
                return err(line, message("seed-first-row-level1", &[]));
            }
            if !l2.trim().is_empty() {
                level2 = l2;
            }
        }
        out.push(Indicator {
            line,
            weight: None,
            level1: level1.clone(),
            level2: level2.clone(),
            level3: get(cols.level3),
            description: get(cols.description),
            value: get(cols.value),
            basis: get(cols.basis),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::test_support::seed_doc;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn seed_has_twelve_projects_and_the_stated_total() {
        let doc = seed_doc();
        assert_eq!(doc.projects.len(), 12);
        assert_eq!(doc.total_budget_fen(), 407_257_000);
        assert_eq!(doc.stated_total_fen, Some(407_257_000));
        assert_eq!(doc.stated_project_count, Some(12));
        assert_eq!(doc.indicator_count(), 108);
        assert!(doc.projects.iter().all(|p| p.indicators.len() == 9));
        // Every row of the seed states a basis (all 省市文件).
        assert!(doc
            .projects
            .iter()
            .flat_map(|p| &p.indicators)
            .all(|r| r.basis == "省市文件"));
        let codes: std::collections::BTreeSet<_> = doc.projects.iter().map(|p| &p.code).collect();
        assert_eq!(codes.len(), 12, "project codes are unique");
    }

    #[test]
    fn seed_first_project_verbatim() {
        let doc = seed_doc();
        let p = &doc.projects[0];
        assert_eq!(p.line, 71);
        assert_eq!(p.title, "1.见义勇为基金绩效目标表");
        assert_eq!(p.code, "13022925P00004610003B");
        assert_eq!(p.name, "见义勇为基金");
        assert_eq!(&*p.unit_code, "308001");
        assert_eq!(&*p.unit_name, "中国共产党玉田县委员会政法委员会本级");
        assert_eq!(p.budget, Fen(5_000_000));
        assert_eq!(p.fiscal_funds, Some(Fen(5_000_000)));
        assert_eq!(p.other_funds, None, "a lone space is an empty cell");
        assert_eq!(
            &*p.purpose,
            "表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。"
        );
        assert_eq!(
            &*p.goal,
            "1.表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。"
        );
        let first = &p.indicators[0];
        assert_eq!(
            (
                first.level1.as_str(),
                first.level2.as_str(),
                first.level3.as_str(),
                first.description.as_str(),
                first.value.as_str(),
                first.basis.as_str()
            ),
            (
                "产出指标",
                "数量指标",
                "帮扶见义勇为人次",
                "帮扶见义勇为人员人次",
                "≥3次",
                "省市文件"
            )
        );
        // Carried 一级 on a continuation row; the row broken by a blank line
        // ("≥90百分比", blank, "省市文件") is whole again.
        let broken = &p.indicators[7];
        assert_eq!(broken.line, 164);
        assert_eq!(broken.level1, "效益指标");
        assert_eq!(broken.level3, "群众满意度");
        assert_eq!(broken.value, "≥90百分比");
        assert_eq!(broken.basis, "省市文件");
    }

    #[test]
    fn seed_rows_broken_inside_are_reassembled() {
        let doc = seed_doc();
        let by_code = |c: &str| doc.projects.iter().find(|p| p.code == c).unwrap();
        // "业务处理及时性(％)", blank, the description, blank, value and basis.
        let p6 = by_code("13022925P000030100059");
        let r = &p6.indicators[2];
        assert_eq!(
            (
                r.level2.as_str(),
                r.level3.as_str(),
                r.description.as_str(),
                r.value.as_str()
            ),
            (
                "时效指标",
                "业务处理及时性(％)",
                "业务处理及时性(％)",
                "≥95百分比"
            )
        );
        // "支付率\t", blank, the rest: trailing tab trimmed.
        let p12 = by_code("13022925P00004010008B");
        assert_eq!(p12.indicators[0].level3, "支付率");
        assert_eq!(
            p12.indicators[0].description,
            "每个终端手机每月通讯费支付率"
        );
        assert_eq!(p12.indicators[4].level3, "社会稳定水平");
        // A 三级 cell that holds a 二级 name stays as written.
        let p3 = by_code("13022925P00004610002P");
        assert_eq!(p3.indicators[3].level2, "成本指标");
        assert_eq!(p3.indicators[3].level3, "社会效益指标");
    }

    #[test]
    fn seed_curves() {
        let doc = seed_doc();
        let percents = |p: &Project| {
            p.plan
                .checkpoints
                .iter()
                .map(|c| c.percent)
                .collect::<Vec<_>>()
        };
        let dates = |p: &Project| {
            p.plan
                .checkpoints
                .iter()
                .map(|c| c.date.to_string())
                .collect::<Vec<_>>()
        };
        let standard = vec![d("25"), d("50"), d("75"), d("100")];
        let summer = vec![d("10"), d("25"), d("50"), d("100")];
        for p in &doc.projects {
            assert_eq!(
                dates(p),
                ["2025-03-31", "2025-06-30", "2025-10-31", "2025-12-31"],
                "{}",
                p.name
            );
            let want = if p.name == "暑期警卫保障经费" {
                &summer
            } else {
                &standard
            };
            assert_eq!(&percents(p), want, "{}", p.name);
        }
        // "3月底" is the end of March in the fiscal year.
        assert_eq!(
            doc.projects[0].plan.checkpoints[0].date.to_string(),
            "2025-03-31"
        );
    }

    #[test]
    fn seed_summaries_of_part_one() {
        let doc = seed_doc();
        assert_eq!(doc.summaries.len(), 12);
        let six = &doc.summaries[5];
        assert_eq!(six.title, "政法网光纤传输租赁费");
        assert_eq!(six.amount_fen, Some(22_800_000));
        assert!(six.text.contains("共计228000元"));
        let eight = &doc.summaries[7];
        assert_eq!(eight.title, "综治信息化系统建设经费");
        assert_eq!(eight.amount_fen, Some(38_001_600));
        assert!(eight.text.contains("=380016元"));
        assert_eq!(doc.summaries[11].title, "重点部位视频监控项目维护费");
        assert!(!doc.summaries[11].text.contains("工作保障措施"));
        let sum: i64 = doc.summaries.iter().filter_map(|s| s.amount_fen).sum();
        assert_eq!(sum, 407_257_000);
    }

    const SMALL: &str = "\
[bookmark: x]1.测试项目绩效目标表
\t100001测试单位
\t单位：万元

\t项目编码
\tP1
\t项目名称
\t测试项目

\t预算规模及资金用途
\t预算数
\t1.5
\t其中：财政资金
\t1
\t其他资金
\t0.5

\t
\t用途第一段
第二段

\t资金支出计划（%）
\t6月底
\t年底

\t
\t40%
\t100%

\t绩效目标
\t目标一
\t目标二

\t一级指标
\t二级指标
\t三级指标
\t绩效指标描述
\t指标值
\t指标值确定依据

\t产出指标
\t数量指标
\t次数
\t描述
\t≥3次
\t

\t
\t
\t第二行
\t描述
\t≥1次

\t效益指标
\t社会效益指标
\t影响
\t描述
\t良好
\t依据
";

    #[test]
    fn small_table_in_wan_with_empty_basis_and_empty_level2() {
        let doc = parse_seed(SMALL, 2024).unwrap();
        let p = &doc.projects[0];
        assert_eq!(p.budget, Fen(1_500_000));
        assert_eq!(p.fiscal_funds, Some(Fen(1_000_000)));
        assert_eq!(p.other_funds, Some(Fen(500_000)));
        assert_eq!(&*p.purpose, "用途第一段\n第二段");
        assert_eq!(&*p.goal, "目标一\n目标二");
        assert_eq!(p.plan.checkpoints[0].date.to_string(), "2024-06-30");
        assert_eq!(p.plan.checkpoints[1].date.to_string(), "2024-12-31");
        assert_eq!(p.plan.checkpoints[0].percent, d("40"));
        assert_eq!(p.indicators.len(), 3);
        assert_eq!(p.indicators[0].basis, "");
        // Empty 一级 and 二级 on a continuation row: both carried down; the
        // row short of its basis cell is kept with an empty basis.
        let r = &p.indicators[1];
        assert_eq!(
            (r.level1.as_str(), r.level2.as_str()),
            ("产出指标", "数量指标")
        );
        assert_eq!((r.value.as_str(), r.basis.as_str()), ("≥1次", ""));
        assert_eq!(p.indicators[2].level1, "效益指标");
    }

    #[test]
    fn errors_name_the_line() {
        let bad_budget = SMALL.replace("\t1.5\n", "\t一万\n");
        let e = parse_seed(&bad_budget, 2024).unwrap_err();
        assert_eq!(e.line, 12, "{e}");
        assert!(e.message.contains("一万"), "{e}");

        let bad_label = SMALL.replace("\t6月底\n", "\t六月份以后\n");
        let e = parse_seed(&bad_label, 2024).unwrap_err();
        assert_eq!(e.line, 23, "{e}");
        assert!(e.to_string().starts_with("目标文档第 23 行："), "{e}");

        let no_code = SMALL.replace("\tP1\n", "");
        let e = parse_seed(&no_code, 2024).unwrap_err();
        assert!(e.message.contains("项目编码"), "{e}");

        let too_many = SMALL.replace("\t≥3次\n", "\t≥3次\n\t多余\n\t多余\n");
        let e = parse_seed(&too_many, 2024).unwrap_err();
        assert!(e.message.contains("个单元格，应为 6 个"), "{e}");

        let no_header = SMALL.replace("\t一级指标\n", "\t指标\n");
        assert!(parse_seed(&no_header, 2024).is_err());
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(parse_money("50000.00", false), Ok(5_000_000));
        assert_eq!(parse_money("1,000,000.00", false), Ok(100_000_000));
        assert_eq!(parse_money("５００００．５", false), Ok(5_000_050));
        assert_eq!(parse_money("52.0914", true), Ok(52_091_400));
        assert_eq!(parse_money("407.257万元", false), Ok(407_257_000));
        assert!(parse_money("0.001", false).is_err());
        assert!(parse_money("99999999999999999999999", false).is_err());
        assert!(parse_money(" ", false).is_err());
    }

    #[test]
    fn month_labels_and_month_ends() {
        assert_eq!(label_month("3月底"), Some(3));
        assert_eq!(label_month("１０月末"), Some(10));
        assert_eq!(label_month("年底"), Some(12));
        assert_eq!(label_month("13月底"), None);
        assert_eq!(label_month("月底"), None);
        assert_eq!(month_end(2024, 2).unwrap().to_string(), "2024-02-29");
        assert_eq!(month_end(2100, 2).unwrap().to_string(), "2100-02-28");
        assert_eq!(month_end(2025, 13), None);
    }

    #[test]
    fn arbitrary_text_never_panics() {
        for text in [
            "",
            "\t",
            "绩效目标表",
            "1.x绩效目标表\n\t一级指标",
            "1.x绩效目标表\n\t项目编码\n\t一级指标\n\n\t",
            "一是\n二是元\n三是.万元",
            "[bookmark: \n[bookmark: a]b绩效目标表",
        ] {
            let _ = parse_seed(text, 2025);
        }
    }

    #[test]
    fn every_seed_indicator_value_is_in_the_parser_table() {
        let doc = seed_doc();
        let mut distinct: Vec<&str> = doc
            .projects
            .iter()
            .flat_map(|p| &p.indicators)
            .map(|r| r.value.as_str())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut listed: Vec<&str> = crate::model::indicator::tests::SEED_VALUES
            .iter()
            .map(|c| c.0)
            .collect();
        listed.sort_unstable();
        assert_eq!(distinct, listed);
    }
}
