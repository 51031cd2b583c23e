//! Project registries kept as spreadsheets. Bureaus with thousands of projects
//! do not write TOML; they export a CSV with 项目编码, 项目名称, 单位编码, 预算数,
//! 支出计划, 负责人, 邮箱. The plan column is either the four standard
//! checkpoints as "25/50/75/100" (end of March, June, October, December) or
//! explicit "2025-03-31:25;2025-06-30:50;…".

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use xxhash_rust::xxh3::xxh3_64;

use super::plausible_email;
use super::sheet::{Mode, Restart};
use crate::base::diag::Diagnostic;
use crate::base::i18n::message;
use crate::base::money::Fen;
use crate::model::plan::{Checkpoint, Plan};
use crate::model::{Department, Person, Project};

/// Header names accepted for each registry column (first match wins).
pub(super) const COLUMNS: &super::sheet::Columns = &[
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
///
/// Rows are checked as they are read (see `sheet`), and what repeats across
/// rows is worked out once: a province registers its projects under a
/// handful of plan curves and owners, so each distinct plan text is parsed
/// and each distinct address checked only the first time it is met.
///
/// A plain registry (see `sheet::Mode::Lines`) is read once, on the hope
/// that it is clean: no row has a problem and no code comes twice, which is
/// checked at the end by sorting the codes' hashes rather than by a map of
/// every code kept while reading. Any other registry, or a hope disappointed,
/// is read again the general way, every row checked against the codes
/// before it, so its problems come out in order with the first line of
/// each code that repeats.
pub fn load_registry(
    path: &Path,
    year: i32,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Department, Vec<Project>)> {
    match load_sheet(path, year, Mode::Lines, errors) {
        Ok(loaded) => loaded,
        Err(Restart) => load_sheet(path, year, Mode::Csv, errors).unwrap_or(None),
    }
}

/// [`load_registry`] reading the sheet in `mode`; on [`Restart`] nothing has
/// been added to `errors`. In [`Mode::Lines`] codes are not checked row by
/// row: a row problem or a code twice gives [`Restart`].
fn load_sheet(
    path: &Path,
    year: i32,
    mode: Mode,
    errors: &mut Vec<Diagnostic>,
) -> Result<Option<(Department, Vec<Project>)>, Restart> {
    // Problems found before the sheet (settings) leave nothing to load.
    let clean_so_far = errors.is_empty();
    let exact = mode == Mode::Csv;
    let Some((sheet, mut rows)) = super::sheet::read(
        path,
        mode,
        COLUMNS,
        &["code", "name", "budget", "plan"],
        "cfg-registry-empty",
        "cfg-registry-column",
        errors,
    )?
    else {
        return Ok(None);
    };
    if !clean_so_far {
        rows.drain(errors)?;
        return Ok(None);
    }
    let header = &sheet.header;
    let at = |key: &str| sheet.col.get(key).copied();
    let (c_code, c_name, c_unit_code, c_unit_name) =
        (at("code"), at("name"), at("unit_code"), at("unit_name"));
    let (c_budget, c_plan, c_owner, c_email) = (at("budget"), at("plan"), at("owner"), at("email"));
    let mut found = Vec::new();
    let mut projects: Vec<Project> = Vec::new();
    let mut seen = Seen::default();
    // Without `seen` (not `exact`): the hash of every code kept.
    let mut hashes: Vec<u64> = Vec::new();
    let mut plans: Memo<Plan> = Memo::default();
    let mut people = People::default();
    let mut department = Department::default();
    // The unit of the last project, shared with the next while it is the same.
    let mut unit: (Arc<str>, Arc<str>) = (Arc::from(""), Arc::from(""));
    let mut rec = super::sheet::Row::default();
    let mut read = 0usize;
    while let Some(line) = rows.next_row(&mut rec)? {
        read += 1;
        if read == SAMPLE_ROWS {
            // Sized from the opening rows, so the list is not copied as it
            // grows; capacity that is never written costs no memory.
            let per_row = rec.byte / SAMPLE_ROWS as u64;
            let rows_left = (sheet.bytes / per_row.max(1)) as usize;
            projects.reserve(rows_left + rows_left / 2);
            if exact {
                seen.reserve(rows_left);
            } else {
                hashes.reserve(rows_left);
            }
        }
        let get = |i: Option<usize>| rec.cell(i);
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
        if !plain_bytes(rec.text().as_bytes()) {
            if let Some((i, why)) = rec
                .iter()
                .enumerate()
                .find_map(|(i, c)| crate::base::escape::refusal(c, false).map(|(_, w)| (i, w)))
            {
                let name = header.get(i).unwrap_or("?").trim_start_matches('\u{feff}');
                found.push(bad(
                    name,
                    message("cfg-remove-it", &[("why", why.to_string())]),
                ));
                continue;
            }
        }
        let code = get(c_code);
        if code.is_empty() {
            found.push(bad("项目编码", message("cfg-registry-code-empty", &[])));
            continue;
        }
        if let Some(first) = exact.then(|| seen.first_line(code, &projects)).flatten() {
            found.push(bad(
                "项目编码",
                message(
                    "cfg-code-twice",
                    &[("code", code.to_string()), ("line", first.to_string())],
                ),
            ));
            continue;
        }
        let project = 'row: {
            let budget = match Fen::parse_plain(get(c_budget)) {
                Ok(b) if b > Fen::ZERO => b,
                Ok(_) => {
                    found.push(bad(
                        "预算数",
                        message("cfg-budget-zero", &[("code", code.to_string())]),
                    ));
                    break 'row None;
                }
                Err(e) => {
                    found.push(bad(
                        "预算数",
                        message(
                            "cfg-registry-budget",
                            &[
                                ("code", code.to_string()),
                                ("error", e.localized()),
                                ("value", format!("{:?}", get(c_budget))),
                            ],
                        ),
                    ));
                    break 'row None;
                }
            };
            let plan_text = get(c_plan);
            let plan = match plans.get(plan_text) {
                Some(p) => p.clone(),
                None => match parse_plan(plan_text, year) {
                    Ok(p) => {
                        plans.get_or_insert_with(plan_text, || p.clone());
                        p
                    }
                    Err(msg) => {
                        found.push(bad(
                            "支出计划",
                            message(
                                "cfg-project-error",
                                &[("code", code.to_string()), ("error", msg.to_string())],
                            ),
                        ));
                        break 'row None;
                    }
                },
            };
            let owner = match (get(c_owner), get(c_email)) {
                (_, "") => None,
                (name, email) => match people.get(name, email) {
                    Some(person) => Some(person),
                    None => {
                        found.push(bad(
                            "邮箱",
                            message("cfg-email-invalid", &[("email", format!("{email:?}"))]),
                        ));
                        None
                    }
                },
            };
            Some((budget, plan, owner))
        };
        let Some((budget, plan, owner)) = project else {
            if exact {
                seen.insert_left_out(code, line);
            }
            continue;
        };
        if department.unit_code.is_empty() {
            department.unit_code = get(c_unit_code).to_string();
            department.unit_name = get(c_unit_name).to_string();
        }
        if exact {
            seen.insert(code, line, projects.len(), &projects);
        } else {
            hashes.push(xxh3_64(code.as_bytes()));
        }
        let (unit_code, unit_name) = (get(c_unit_code), get(c_unit_name));
        if *unit.0 != *unit_code {
            unit.0 = unit_code.into();
        }
        if *unit.1 != *unit_name {
            unit.1 = unit_name.into();
        }
        projects.push(Project {
            code: code.to_string(),
            name: get(c_name).to_string(),
            unit_code: unit.0.clone(),
            unit_name: unit.1.clone(),
            budget,
            adjustments: Vec::new(),
            fiscal_funds: None,
            other_funds: None,
            purpose: Box::default(),
            goal: Box::default(),
            owner,
            plan,
            indicators: Vec::new(),
        });
    }
    if !exact && (!found.is_empty() || repeats(hashes)) {
        return Err(Restart);
    }
    rows.finish(found, errors);
    if projects.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::file(
            path,
            message("cfg-registry-no-projects", &[]),
        ));
    }
    Ok(Some((department, projects)))
}

/// Whether two projects may share a code: two equal 64-bit hashes of their
/// codes (a false alarm only costs reading the sheet again).
fn repeats(mut hashes: Vec<u64>) -> bool {
    hashes.sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

/// Rows read before the rest are estimated from them.
const SAMPLE_ROWS: usize = 64;

/// Whether a row's bytes surely hold no character `escape::refusal` refuses:
/// those are ASCII controls, or begin with the lead bytes C2 (C1 controls),
/// E2 (line separators, bidi overrides), EF (noncharacters U+FDD0.., U+FFFE)
/// or F0..F4 (the other planes' noncharacters). Chinese text starts with
/// E3..E9, so a clean row is told by one pass over its bytes.
fn plain_bytes(bytes: &[u8]) -> bool {
    // Branch-free over 32 bytes at a time, so it runs as vector code.
    let odd = |b: &u8| {
        let b = *b;
        (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF) | (b >= 0xF0)
    };
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, b| any | odd(b)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(odd)
}

/// The owners named so far: each address checked by `plausible_email` once,
/// each distinct name and address made a person once.
#[derive(Default)]
struct People(Memo<(bool, Vec<Arc<Person>>)>);

impl People {
    /// The owner `name` at `email`; None when the address is not plausible.
    fn get(&mut self, name: &str, email: &str) -> Option<Arc<Person>> {
        let (ok, named) = self
            .0
            .get_or_insert_with(email, || (plausible_email(email), Vec::new()));
        if !*ok {
            return None;
        }
        if let Some(p) = named.iter().find(|p| p.name == name) {
            return Some(p.clone());
        }
        let p = Arc::new(Person {
            name: name.to_string(),
            email: email.to_string(),
        });
        named.push(p.clone());
        Some(p)
    }
}

/// The codes met so far and the line each was first met on. A project kept
/// is found by the 64-bit hash of its code, pointing at its place in the
/// project list (which holds the code): no second copy of a million codes.
/// Codes of rows left out for other problems, and the rare code whose hash
/// another already holds, are kept by name.
#[derive(Default)]
struct Seen {
    kept: ByHash<(u32, u32)>,
    other: HashMap<String, usize>,
}

impl Seen {
    fn reserve(&mut self, n: usize) {
        self.kept.reserve(n);
    }

    /// The line `code` was first met on, if it was.
    fn first_line(&self, code: &str, projects: &[Project]) -> Option<usize> {
        if let Some(&(line, i)) = self.kept.get(&xxh3_64(code.as_bytes())) {
            if projects[i as usize].code == code {
                return Some(line as usize);
            }
        }
        if self.other.is_empty() {
            None
        } else {
            self.other.get(code).copied()
        }
    }

    /// Notes the code of project `index`, kept, first met on `line`.
    fn insert(&mut self, code: &str, line: usize, index: usize, projects: &[Project]) {
        let (Ok(l), Ok(i)) = (u32::try_from(line), u32::try_from(index)) else {
            self.other.insert(code.to_string(), line);
            return;
        };
        match self.kept.entry(xxh3_64(code.as_bytes())) {
            Entry::Vacant(v) => {
                v.insert((l, i));
            }
            Entry::Occupied(o) => {
                debug_assert_ne!(projects[o.get().1 as usize].code, code);
                self.other.insert(code.to_string(), line);
            }
        }
    }

    /// Notes the code of a row left out, first met on `line`.
    fn insert_left_out(&mut self, code: &str, line: usize) {
        self.other.insert(code.to_string(), line);
    }
}

/// What was worked out for a text (a plan curve, an address), found by
/// the text's 64-bit hash: a registry names a handful of each on a million
/// rows, and one short hash is cheaper than SipHash or a list of compares.
struct Memo<V>(ByHash<Vec<(Box<str>, V)>>);

/// A map whose keys are 64-bit hashes already.
pub(super) type ByHash<V> = HashMap<u64, V, BuildHasherDefault<HashIsKey>>;

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo(HashMap::default())
    }
}

impl<V> Memo<V> {
    fn get(&self, key: &str) -> Option<&V> {
        let same = self.0.get(&xxh3_64(key.as_bytes()))?;
        same.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    /// The value of `key`, made by `make` the first time.
    fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let same = self.0.entry(xxh3_64(key.as_bytes())).or_default();
        let i = match same.iter().position(|(k, _)| &**k == key) {
            Some(i) => i,
            None => {
                same.push((key.into(), make()));
                same.len() - 1
            }
        };
        &mut same[i].1
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(super) struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
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
        cps.into()
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
