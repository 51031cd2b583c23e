//! Project registries kept as spreadsheets. Bureaus with thousands of projects
//! do not write TOML; they export a CSV with 项目编码, 项目名称, 单位编码, 预算数,
//! 支出计划, 负责人, 邮箱. The plan column is either the four standard
//! checkpoints as "25/50/75/100" (end of March, June, October, December) or
//! explicit "2025-03-31:25;2025-06-30:50;…".

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::plausible_email;
use crate::base::diag::Diagnostic;
use crate::base::money::Fen;
use crate::model::plan::{Checkpoint, Plan};
use crate::model::{Department, Person, Project};

/// Header names accepted for each registry column (first match wins).
const COLUMNS: &[(&str, &[&str])] = &[
    ("code", &["项目编码", "项目代码", "项目编号"]),
    ("name", &["项目名称"]),
    ("unit_code", &["单位编码", "单位代码"]),
    ("unit_name", &["单位名称"]),
    (
        "budget",
        &["预算数", "预算金额", "全年预算数", "调整后预算"],
    ),
    ("plan", &["支出计划", "资金支出计划", "支出进度计划"]),
    ("owner", &["负责人", "项目负责人"]),
    ("email", &["邮箱", "电子邮箱", "email", "Email", "E-mail"]),
];

/// Loads a registry CSV. Problems are appended to `errors` with the file, line
/// and column name; `None` only when the file cannot be used at all.
pub fn load_registry(
    path: &Path,
    year: i32,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Department, Vec<Project>)> {
    let bytes = match crate::base::files::read_bounded(path, crate::base::files::MAX_INPUT_BYTES) {
        Ok(b) => b,
        Err(e) => {
            errors.push(Diagnostic::file(path, format!("cannot read: {e}")));
            return None;
        }
    };
    let (text, _) = crate::base::encoding::decode_all(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => {
            errors.push(Diagnostic::file(
                path,
                "empty registry: expected a header row",
            ));
            return None;
        }
    };
    let mut col: HashMap<&str, usize> = HashMap::new();
    for (key, names) in COLUMNS {
        if let Some(i) = header
            .iter()
            .position(|h| names.contains(&h.trim().trim_start_matches('\u{feff}')))
        {
            col.insert(key, i);
        }
    }
    for required in ["code", "name", "budget", "plan"] {
        if !col.contains_key(required) {
            let names = COLUMNS
                .iter()
                .find(|(k, _)| *k == required)
                .map(|(_, n)| n.join(" / "))
                .unwrap_or_default();
            errors.push(Diagnostic::at_line(
                path,
                1,
                format!("registry header lacks a {required} column ({names})"),
            ));
        }
    }
    if !errors.is_empty() {
        return None;
    }
    let mut projects = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut department = Department::default();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(Diagnostic::at_line(
                    path,
                    line,
                    format!("unreadable row: {e}"),
                ));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |k: &str| col.get(k).and_then(|&i| rec.get(i)).unwrap_or("").trim();
        let bad = |column: &str, msg: String| {
            Diagnostic::at_line(path, line, format!("column {column}: {msg}"))
        };
        // Registry text ends in headers, sheet names and terminals too.
        if let Some((i, why)) = rec
            .iter()
            .enumerate()
            .find_map(|(i, c)| crate::base::escape::refusal(c, false).map(|(_, w)| (i, w)))
        {
            let name = header.get(i).unwrap_or("?").trim_start_matches('\u{feff}');
            errors.push(bad(name, format!("{why}; remove it")));
            continue;
        }
        let code = get("code").to_string();
        if code.is_empty() {
            errors.push(bad("项目编码", "empty project code".into()));
            continue;
        }
        if let Some(first) = seen.get(&code) {
            errors.push(bad(
                "项目编码",
                format!("project code {code} appears twice (first at line {first}); codes must be unique"),
            ));
            continue;
        }
        seen.insert(code.clone(), line);
        let budget = match Fen::parse_plain(get("budget")) {
            Ok(b) if b > Fen::ZERO => b,
            Ok(_) => {
                errors.push(bad(
                    "预算数",
                    format!("project {code}: budget must be greater than 0"),
                ));
                continue;
            }
            Err(e) => {
                errors.push(bad(
                    "预算数",
                    format!("project {code}: {e} in {:?}", get("budget")),
                ));
                continue;
            }
        };
        let plan = match parse_plan(get("plan"), year) {
            Ok(p) => p,
            Err(msg) => {
                errors.push(bad("支出计划", format!("project {code}: {msg}")));
                continue;
            }
        };
        let owner = match (get("owner"), get("email")) {
            (_, "") => None,
            (name, email) if plausible_email(email) => Some(Person {
                name: name.to_string(),
                email: email.to_string(),
            }),
            (_, email) => {
                errors.push(bad("邮箱", format!("{email:?} is not an email address")));
                None
            }
        };
        if department.unit_code.is_empty() {
            department.unit_code = get("unit_code").to_string();
            department.unit_name = get("unit_name").to_string();
        }
        projects.push(Project {
            code,
            name: get("name").to_string(),
            unit_code: get("unit_code").to_string(),
            unit_name: get("unit_name").to_string(),
            budget,
            adjustments: Vec::new(),
            fiscal_funds: None,
            other_funds: None,
            purpose: String::new(),
            goal: String::new(),
            owner,
            plan,
            indicators: Vec::new(),
        });
    }
    if projects.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::file(path, "registry has no projects"));
    }
    Some((department, projects))
}

/// "25/50/75/100" (the four standard checkpoints) or
/// "2025-03-31:25;2025-06-30:50;2025-10-31:75;2025-12-31:100".
pub fn parse_plan(text: &str, year: i32) -> Result<Plan, String> {
    let text = text.trim().replace('%', "");
    let checkpoints = if text.contains(':') {
        let mut cps = Vec::new();
        for part in text.split(';').filter(|p| !p.trim().is_empty()) {
            let (d, p) = part
                .split_once(':')
                .ok_or_else(|| format!("{part:?} is not DATE:PERCENT"))?;
            let date =
                crate::base::dates::parse_date(d.trim()).map_err(|e| format!("{d:?}: {e}"))?;
            let percent =
                Decimal::from_str(p.trim()).map_err(|_| format!("{p:?} is not a percent"))?;
            cps.push(Checkpoint { date, percent });
        }
        cps
    } else {
        let parts: Vec<&str> = text.split('/').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(format!(
                "{text:?}: expected four cumulative percents like 25/50/75/100 (end of March, June, October, December)"
            ));
        }
        let mut percents = [Decimal::ZERO; 4];
        for (slot, p) in percents.iter_mut().zip(&parts) {
            *slot = Decimal::from_str(p).map_err(|_| format!("{p:?} is not a percent"))?;
        }
        Plan::four_point(year, percents)
            .ok_or("bad fiscal year")?
            .checkpoints
    };
    check_checkpoints(&checkpoints, year)?;
    Ok(Plan { year, checkpoints })
}

/// The plan rules shared by every source: dates inside the year and strictly
/// increasing, percents within 0..=100, non-decreasing, ending at 100.
pub fn check_checkpoints(cps: &[Checkpoint], year: i32) -> Result<(), String> {
    use chrono::Datelike;
    let last = cps.last().ok_or("plan has no checkpoints")?;
    for (i, c) in cps.iter().enumerate() {
        if c.date.year() != year {
            return Err(format!(
                "checkpoint {} is outside fiscal year {year}",
                c.date
            ));
        }
        if c.percent < Decimal::ZERO || c.percent > Decimal::from(100) {
            return Err(format!("percent {} must be between 0 and 100", c.percent));
        }
        if i > 0 && c.date <= cps[i - 1].date {
            return Err(format!(
                "checkpoint dates must strictly increase ({} follows {})",
                c.date,
                cps[i - 1].date
            ));
        }
        if i > 0 && c.percent < cps[i - 1].percent {
            return Err(format!(
                "cumulative percent must not decrease ({} follows {})",
                c.percent,
                cps[i - 1].percent
            ));
        }
    }
    if last.percent != Decimal::from(100) {
        return Err(format!(
            "the plan must end at 100 percent (it ends at {})",
            last.percent
        ));
    }
    Ok(())
}
