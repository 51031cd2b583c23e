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
use crate::base::i18n::message;
use crate::base::money::Fen;
use crate::model::plan::{Checkpoint, Plan};
use crate::model::{Department, Person, Project};

/// Header names accepted for each registry column (first match wins).
const COLUMNS: &super::sheet::Columns = &[
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
    // Problems found before the sheet (settings) leave nothing to load.
    let clean_so_far = errors.is_empty();
    let sheet = super::sheet::read(
        path,
        COLUMNS,
        &["code", "name", "budget", "plan"],
        "cfg-registry-empty",
        "cfg-registry-column",
        errors,
    )?;
    if !clean_so_far {
        return None;
    }
    let header = &sheet.header;
    let mut projects = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut department = Department::default();
    for (line, rec) in &sheet.rows {
        let line = *line;
        let get = |k: &str| sheet.get(rec, k);
        let bad = |column: &str, msg: String| {
            Diagnostic::at_line(
                path,
                line,
                message(
                    "cfg-column",
                    &[("name", column.to_string()), ("error", msg.to_string())],
                ),
            )
        };
        // Registry text ends in headers, sheet names and terminals too.
        if let Some((i, why)) = rec
            .iter()
            .enumerate()
            .find_map(|(i, c)| crate::base::escape::refusal(c, false).map(|(_, w)| (i, w)))
        {
            let name = header.get(i).unwrap_or("?").trim_start_matches('\u{feff}');
            errors.push(bad(
                name,
                message("cfg-remove-it", &[("why", why.to_string())]),
            ));
            continue;
        }
        let code = get("code").to_string();
        if code.is_empty() {
            errors.push(bad("项目编码", message("cfg-registry-code-empty", &[])));
            continue;
        }
        if let Some(first) = seen.get(&code) {
            errors.push(bad(
                "项目编码",
                message(
                    "cfg-code-twice",
                    &[("code", code.clone()), ("line", first.to_string())],
                ),
            ));
            continue;
        }
        seen.insert(code.clone(), line);
        let budget = match Fen::parse_plain(get("budget")) {
            Ok(b) if b > Fen::ZERO => b,
            Ok(_) => {
                errors.push(bad(
                    "预算数",
                    message("cfg-budget-zero", &[("code", code.clone())]),
                ));
                continue;
            }
            Err(e) => {
                errors.push(bad(
                    "预算数",
                    message(
                        "cfg-registry-budget",
                        &[
                            ("code", code.clone()),
                            ("error", e.to_string()),
                            ("value", format!("{:?}", get("budget"))),
                        ],
                    ),
                ));
                continue;
            }
        };
        let plan = match parse_plan(get("plan"), year) {
            Ok(p) => p,
            Err(msg) => {
                errors.push(bad(
                    "支出计划",
                    message(
                        "cfg-project-error",
                        &[("code", code.clone()), ("error", msg.to_string())],
                    ),
                ));
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
                errors.push(bad(
                    "邮箱",
                    message("cfg-email-invalid", &[("email", format!("{email:?}"))]),
                ));
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
        errors.push(Diagnostic::file(
            path,
            message("cfg-registry-no-projects", &[]),
        ));
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
                .ok_or_else(|| message("cfg-plan-part", &[("part", format!("{part:?}"))]))?;
            let date =
                crate::base::dates::parse_date(d.trim()).map_err(|e| format!("{d:?}: {e}"))?;
            let percent = Decimal::from_str(p.trim())
                .map_err(|_| message("cfg-not-percent", &[("value", format!("{p:?}"))]))?;
            cps.push(Checkpoint { date, percent });
        }
        cps
    } else {
        let parts: Vec<&str> = text.split('/').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(message("cfg-plan-four", &[("text", format!("{text:?}"))]));
        }
        let mut percents = [Decimal::ZERO; 4];
        for (slot, p) in percents.iter_mut().zip(&parts) {
            *slot = Decimal::from_str(p)
                .map_err(|_| message("cfg-not-percent", &[("value", format!("{p:?}"))]))?;
        }
        Plan::four_point(year, percents)
            .ok_or_else(|| message("cfg-bad-year", &[]))?
            .checkpoints
    };
    check_checkpoints(&checkpoints, year)?;
    Ok(Plan { year, checkpoints })
}

/// The plan rules shared by every source: dates inside the year and strictly
/// increasing, percents within 0..=100, non-decreasing, ending at 100.
pub fn check_checkpoints(cps: &[Checkpoint], year: i32) -> Result<(), String> {
    use chrono::Datelike;
    let last = cps
        .last()
        .ok_or_else(|| message("cfg-plan-no-checkpoints", &[]))?;
    for (i, c) in cps.iter().enumerate() {
        if c.date.year() != year {
            return Err(message(
                "cfg-plan-checkpoint-year",
                &[("date", c.date.to_string()), ("year", year.to_string())],
            ));
        }
        if c.percent < Decimal::ZERO || c.percent > Decimal::from(100) {
            return Err(message(
                "cfg-plan-percent-range",
                &[("percent", c.percent.to_string())],
            ));
        }
        if i > 0 && c.date <= cps[i - 1].date {
            return Err(message(
                "cfg-plan-order",
                &[
                    ("date", c.date.to_string()),
                    ("prev", cps[i - 1].date.to_string()),
                ],
            ));
        }
        if i > 0 && c.percent < cps[i - 1].percent {
            return Err(message(
                "cfg-plan-decrease",
                &[
                    ("percent", c.percent.to_string()),
                    ("prev", cps[i - 1].percent.to_string()),
                ],
            ));
        }
    }
    if last.percent != Decimal::from(100) {
        return Err(message(
            "cfg-plan-end-100",
            &[("percent", last.percent.to_string())],
        ));
    }
    Ok(())
}
