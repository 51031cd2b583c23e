//! Budget adjustments (预算调整: 追加 / 调减 / 调剂). Budgets change during the
//! year by documents with a number (文号) and an effective date, and every
//! figure that divides by the budget must use the budget in force on the day
//! it is for (domain.md: 调整后预算 = 年初预算 + adjustments). Adjustments come
//! from `[[project.adjustment]]` in projects.toml or, for bureaus that keep
//! their projects in a registry CSV, from an adjustments CSV beside it
//! (settings: `adjustments_file`). Both are checked here with file, line and
//! column: inside the fiscal year, an exact amount, and a budget in force
//! that never falls to zero or below.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::xxh3_64;

use crate::base::diag::Diagnostic;
use crate::base::i18n::message;
use crate::base::money::Fen;
use crate::model::{Adjustment, FundSource, Project};

/// The budget in force after each adjustment, in date order (several on one
/// day apply together): the first day it falls to zero or below, if any.
pub fn first_nonpositive(initial: Fen, adjustments: &[Adjustment]) -> Option<(NaiveDate, Fen)> {
    let mut sorted: Vec<&Adjustment> = adjustments.iter().collect();
    sorted.sort_by_key(|a| a.date);
    let mut budget = initial;
    let mut i = 0;
    while i < sorted.len() {
        let day = sorted[i].date;
        while i < sorted.len() && sorted[i].date == day {
            budget += sorted[i].amount;
            i += 1;
        }
        if budget <= Fen::ZERO {
            return Some((day, budget));
        }
    }
    None
}

/// Checks a date's year against the fiscal year.
pub fn outside_year(date: NaiveDate, year: i32) -> Option<String> {
    (date.year() != year).then(|| {
        message(
            "cfg-adjustment-outside-year",
            &[("date", date.to_string()), ("year", year.to_string())],
        )
    })
}

/// Header names of the adjustments CSV.
const COLUMNS: &super::sheet::Columns = &[
    ("code", &["项目编码", "项目代码", "项目编号"]),
    ("date", &["调整日期", "日期", "生效日期"]),
    ("amount", &["调整金额", "金额"]),
    ("document", &["文号", "调整文号"]),
    ("reason", &["事由", "调整事由", "原因"]),
    ("source", &["资金来源", "来源"]),
];

/// Reads the adjustments CSV of a registry (项目编码, 调整日期, 调整金额, 文号,
/// 事由; optional 资金来源) and adds each row to its project. Every problem
/// is reported with file, line and column; bad rows are left out.
pub fn load_adjustments_csv(
    path: &Path,
    year: i32,
    projects: &mut [Project],
    errors: &mut Vec<Diagnostic>,
) {
    let Ok(Some((sheet, mut rows))) = super::sheet::read(
        path,
        super::sheet::Mode::Csv,
        COLUMNS,
        &["code", "date", "amount"],
        "cfg-adjustments-empty",
        "cfg-adjustments-column",
        errors,
    ) else {
        return;
    };
    let index = CodeIndex::new(projects);
    let col = &sheet.col;
    let mut found = Vec::new();
    let mut rec = super::sheet::Row::default();
    while let Ok(Some(line)) = rows.next_row(&mut rec) {
        let errors = &mut found;
        let rec = &rec;
        let get = |k: &str| sheet.get(rec, k);
        let bad = |key: &str, name: &str, msg: String| Diagnostic {
            file: path.to_path_buf(),
            line: Some(line),
            column: col.get(key).map(|&i| i + 1),
            message: message(
                "cfg-column",
                &[("name", name.to_string()), ("error", msg.to_string())],
            ),
        };
        let code = get("code");
        let Some(pi) = index.get(code, projects) else {
            errors.push(bad(
                "code",
                "项目编码",
                message(
                    "cfg-registry-unknown-project",
                    &[("code", format!("{code:?}"))],
                ),
            ));
            continue;
        };
        let date = match crate::base::dates::parse_date(get("date")) {
            Ok(d) => d,
            Err(e) => {
                errors.push(bad(
                    "date",
                    "调整日期",
                    format!("{:?}: {}", get("date"), e.localized()),
                ));
                continue;
            }
        };
        if let Some(msg) = outside_year(date, year) {
            errors.push(bad(
                "date",
                "调整日期",
                message(
                    "cfg-project-error",
                    &[("code", code.to_string()), ("error", msg.to_string())],
                ),
            ));
            continue;
        }
        let amount = match Fen::parse_plain(get("amount")) {
            Ok(a) => a,
            Err(e) => {
                errors.push(bad(
                    "amount",
                    "调整金额",
                    message(
                        "cfg-adjustment-csv-amount",
                        &[
                            ("code", code.to_string()),
                            ("error", e.localized()),
                            ("value", format!("{:?}", get("amount"))),
                        ],
                    ),
                ));
                continue;
            }
        };
        let source = match FundSource::parse(get("source")) {
            Some(s) => s,
            None => {
                errors.push(bad(
                    "source",
                    "资金来源",
                    message(
                        "cfg-adjustment-csv-source",
                        &[("source", format!("{:?}", get("source")))],
                    ),
                ));
                continue;
            }
        };
        let p = &mut projects[pi];
        p.adjustments.push(Adjustment {
            date,
            amount,
            document: get("document").to_string(),
            reason: get("reason").to_string(),
            source,
        });
        p.adjustments.sort_by_key(|a| a.date);
        if let Some((day, b)) = first_nonpositive(p.budget, &p.adjustments) {
            errors.push(bad(
                "amount",
                "调整金额",
                message(
                    "cfg-adjustment-csv-below-zero",
                    &[
                        ("code", code.to_string()),
                        ("budget", b.grouped().to_string()),
                        ("day", day.to_string()),
                    ],
                ),
            ));
            p.adjustments
                .retain(|a| !(a.date == date && a.amount == amount));
        }
    }
    rows.finish(found, errors);
}

/// Projects by code, found by the 64-bit hash of the code rather than a
/// copy of every code (a million of them in a province's registry). Where
/// a code is given twice (a projects file with errors) the later project
/// is found, as a map filled in order would have it.
struct CodeIndex {
    by_hash: super::registry::ByHash<usize>,
    /// Codes whose hash another code already holds.
    clash: HashMap<String, usize>,
}

impl CodeIndex {
    fn new(projects: &[Project]) -> CodeIndex {
        use std::collections::hash_map::Entry;
        let mut index = CodeIndex {
            by_hash: super::registry::ByHash::default(),
            clash: HashMap::new(),
        };
        index.by_hash.reserve(projects.len());
        for (i, p) in projects.iter().enumerate() {
            match index.by_hash.entry(xxh3_64(p.code.as_bytes())) {
                Entry::Vacant(v) => {
                    v.insert(i);
                }
                Entry::Occupied(mut o) if projects[*o.get()].code == p.code => {
                    o.insert(i);
                }
                Entry::Occupied(_) => {
                    index.clash.insert(p.code.clone(), i);
                }
            }
        }
        index
    }

    fn get(&self, code: &str, projects: &[Project]) -> Option<usize> {
        if let Some(&i) = self.by_hash.get(&xxh3_64(code.as_bytes())) {
            if projects[i].code == code {
                return Some(i);
            }
        }
        self.clash.get(code).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adj(m: u32, d: u32, fen: i64) -> Adjustment {
        Adjustment {
            date: NaiveDate::from_ymd_opt(2025, m, d).unwrap(),
            amount: Fen(fen),
            document: String::new(),
            reason: String::new(),
            source: FundSource::Fiscal,
        }
    }

    #[test]
    fn budget_falls_to_zero_only_when_a_day_ends_at_or_below_zero() {
        // A cut and a top-up on the same day apply together.
        let same_day = [adj(8, 1, -6_000), adj(8, 1, 2_000)];
        assert_eq!(first_nonpositive(Fen(5_000), &same_day), None);
        let to_zero = [adj(3, 1, 1_000), adj(8, 1, -6_000)];
        assert_eq!(
            first_nonpositive(Fen(5_000), &to_zero),
            Some((NaiveDate::from_ymd_opt(2025, 8, 1).unwrap(), Fen(0)))
        );
    }
}
