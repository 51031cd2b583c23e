//! Achieved indicator values (实际完成值) as owners report them: a CSV the
//! office hands out pre-filled (`actuals-template`) and collects back, one
//! row per project and indicator, with Chinese headers. Mid-year monitoring
//! (年中完成值, 完成可能性) and the year-end value share the file, because
//! owners fill in the same sheet twice a year.
//!
//! Rows are matched to indicators by 项目编码 and the 一级 / 二级 / 三级 names
//! (the n-th row with the same names matches the n-th such indicator), not
//! by position: owners sort and filter the sheet in Excel. A row that matches
//! nothing is reported with its line and kept out; an indicator without a
//! row is 未填报.

use std::collections::HashMap;
use std::path::Path;

use crate::base::diag::Diagnostic;
use crate::base::i18n::message;
use crate::base::text::{csv_safe, squash};
use crate::model::Config;

/// The template's columns, in order. Files are read by header name, so a
/// sheet in an older layout (without 负责人, 预计全年完成值, 偏差原因类别) still
/// reads.
pub const HEADERS: [&str; 14] = [
    "项目编码",
    "项目名称",
    "负责人",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "年中完成值",
    "完成可能性",
    "预计全年完成值",
    "实际完成值",
    "偏差原因类别",
    "偏差原因",
    "改进措施",
];

/// Deviation reason categories of mid-year monitoring (domain.md).
pub const REASON_CATEGORIES: [&str; 5] =
    ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"];

/// Likelihood words of mid-year monitoring (domain.md).
pub const LIKELIHOODS: [&str; 3] = ["确定能", "有可能", "完全不可能"];

/// What an owner reported for one indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actual {
    /// 年中完成值: achieved by mid-year.
    pub midyear: String,
    /// 完成可能性: 确定能 / 有可能 / 完全不可能.
    pub likelihood: String,
    /// 预计全年完成值: the owner's expectation for the year.
    pub expected: String,
    /// 偏差原因类别: 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他.
    pub reason_category: String,
    /// 实际完成值: achieved for the year; empty means 未填报.
    pub value: String,
    /// 偏差原因.
    pub reason: String,
    /// 改进措施.
    pub action: String,
    /// Line in the file, for messages.
    pub line: usize,
    /// The file the row came from (several filled sheets are merged).
    pub file: std::path::PathBuf,
}

/// The reported values, by project index and indicator index.
#[derive(Debug, Clone, Default)]
pub struct Actuals {
    /// `values[project][indicator]`.
    pub values: Vec<Vec<Option<Actual>>>,
    /// Rows that could not be used, and doubtful values.
    pub problems: Vec<Diagnostic>,
}

impl Actuals {
    /// No file: every indicator is 未填报.
    pub fn empty(config: &Config) -> Actuals {
        Actuals {
            values: config
                .projects
                .iter()
                .map(|p| vec![None; p.indicators.len()])
                .collect(),
            problems: Vec::new(),
        }
    }

    /// The entries of the projects `indexes`, renumbered as
    /// `Config::of_unit` numbers them. The problems stay with the whole
    /// (they were shown once, when the sheets were read).
    pub fn of_projects(&self, indexes: &[usize]) -> Actuals {
        Actuals {
            values: indexes.iter().map(|&i| self.values[i].clone()).collect(),
            problems: Vec::new(),
        }
    }

    /// The reported entry of an indicator.
    pub fn get(&self, project: usize, indicator: usize) -> Option<&Actual> {
        self.values.get(project)?.get(indicator)?.as_ref()
    }
}

/// Writes the template: every indicator of every project, targets filled
/// in, value columns empty. UTF-8 with a BOM, which Excel needs to show
/// Chinese from a CSV.
pub fn template(config: &Config) -> String {
    template_for(config, |_| true)
}

/// The template for the projects `keep` selects (one owner's sheet).
pub fn template_for(config: &Config, keep: impl Fn(&crate::model::Project) -> bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADERS);
    for p in config.projects.iter().filter(|p| keep(p)) {
        let owner = p.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default();
        for i in &p.indicators {
            let cells = [
                &p.code, &p.name, &owner, &i.level1, &i.level2, &i.level3, &i.value,
            ];
            let mut row: Vec<String> = cells.iter().map(|s| csv_safe(s)).collect();
            row.extend(std::iter::repeat_n(
                String::new(),
                HEADERS.len() - cells.len(),
            ));
            let _ = w.write_record(&row);
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{FEFF}{}", String::from_utf8_lossy(&bytes))
}

/// Reads a filled-in file (UTF-8 with or without BOM, or GBK as Excel saves
/// it). Errors only when the file cannot be read or lacks the key columns;
/// bad rows become problems.
pub fn read(path: &Path, config: &Config) -> Result<Actuals, Diagnostic> {
    let bytes = crate::base::files::read_bounded(path, crate::base::files::MAX_INPUT_BYTES)
        .map_err(|e| {
            Diagnostic::file(
                path,
                message("actuals-cannot-read", &[("error", e.to_string())]),
            )
        })?;
    let (text, _) = crate::base::encoding::decode_all(&bytes);
    parse(&text, path, config)
}

/// Parses the text of an actuals file; see [`read`].
pub fn parse(text: &str, path: &Path, config: &Config) -> Result<Actuals, Diagnostic> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(crate::base::csv_lines::LineStarts::new(text.as_bytes()));
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| {
            Diagnostic::file(
                path,
                message("actuals-header-unreadable", &[("error", e.to_string())]),
            )
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(c_code), Some(c_l3), Some(c_value)) =
        (col("项目编码"), col("三级指标"), col("实际完成值"))
    else {
        return Err(Diagnostic::file(
            path,
            message("actuals-header-columns", &[]),
        ));
    };
    let (c_l1, c_l2) = (col("一级指标"), col("二级指标"));
    let (c_mid, c_like, c_reason, c_action) = (
        col("年中完成值"),
        col("完成可能性"),
        col("偏差原因"),
        col("改进措施"),
    );
    let (c_expected, c_category) = (col("预计全年完成值"), col("偏差原因类别"));

    // Indicator slots by key, in project order, to hand out the n-th match.
    let mut slots: HashMap<SlotKey, Vec<(usize, usize)>> = HashMap::new();
    for (pi, p) in config.projects.iter().enumerate() {
        for (ii, ind) in p.indicators.iter().enumerate() {
            slots
                .entry((
                    p.code.clone(),
                    squash(&ind.level1),
                    squash(&ind.level2),
                    squash(&ind.level3),
                ))
                .or_default()
                .push((pi, ii));
        }
    }
    let mut out = Actuals::empty(config);
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| rdr.get_mut().line_of(p));
                out.problems.push(Diagnostic::at_line(
                    path,
                    line,
                    message("actuals-row-unreadable", &[("error", e.to_string())]),
                ));
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| rdr.get_mut().line_of(p));
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(unescape).unwrap_or_default();
        let code = get(Some(c_code));
        if code.is_empty() && rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let key_l3 = squash(&get(Some(c_l3)));
        let (l1, l2) = (squash(&get(c_l1)), squash(&get(c_l2)));
        // Without 一级 / 二级 columns, match on the code and 三级 alone.
        let slot = slots
            .iter_mut()
            .filter(|((c, s1, s2, s3), v)| {
                *c == code
                    && *s3 == key_l3
                    && (c_l1.is_none() || *s1 == l1)
                    && (c_l2.is_none() || *s2 == l2)
                    && !v.is_empty()
            })
            .map(|(_, v)| v)
            .next();
        let Some((pi, ii)) = slot.map(|v| v.remove(0)) else {
            out.problems.push(Diagnostic::at_line(
                path,
                line,
                message(
                    "actuals-no-indicator",
                    &[
                        ("indicator", format!("{:?}", get(Some(c_l3)))),
                        ("code", format!("{code:?}")),
                    ],
                ),
            ));
            continue;
        };
        let likelihood = get(c_like);
        if !likelihood.is_empty() && !LIKELIHOODS.contains(&likelihood.as_str()) {
            out.problems.push(Diagnostic::at_line(
                path,
                line,
                message(
                    "actuals-likelihood",
                    &[("value", format!("{likelihood:?}"))],
                ),
            ));
        }
        let reason_category = get(c_category);
        if !reason_category.is_empty() && !REASON_CATEGORIES.contains(&reason_category.as_str()) {
            out.problems.push(Diagnostic::at_line(
                path,
                line,
                message(
                    "actuals-reason-category",
                    &[("value", format!("{reason_category:?}"))],
                ),
            ));
        }
        out.values[pi][ii] = Some(Actual {
            midyear: get(c_mid),
            likelihood,
            expected: get(c_expected),
            reason_category,
            value: get(Some(c_value)),
            reason: get(c_reason),
            action: get(c_action),
            line,
            file: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// Reads several filled sheets (one per owner, see `actuals-template
/// --per-owner`) and merges them. The same indicator in two files is an
/// error naming both files and lines: which one is right is for a person to
/// say, not for the merge to guess.
pub fn read_many(
    paths: &[std::path::PathBuf],
    config: &Config,
) -> Result<Actuals, Vec<Diagnostic>> {
    let mut out = Actuals::empty(config);
    let mut duplicates = Vec::new();
    for path in paths {
        let one = read(path, config).map_err(|d| vec![d])?;
        out.problems.extend(one.problems);
        for (pi, row) in one.values.into_iter().enumerate() {
            for (ii, a) in row.into_iter().enumerate() {
                let Some(a) = a else { continue };
                match &out.values[pi][ii] {
                    Some(first) => {
                        let p = &config.projects[pi];
                        duplicates.push(Diagnostic::at_line(
                            path,
                            a.line,
                            message(
                                "actuals-twice",
                                &[
                                    ("indicator", format!("{:?}", p.indicators[ii].level3)),
                                    ("code", p.code.to_string()),
                                    ("file", first.file.display().to_string()),
                                    ("line", first.line.to_string()),
                                ],
                            ),
                        ));
                    }
                    None => out.values[pi][ii] = Some(a),
                }
            }
        }
    }
    if duplicates.is_empty() {
        Ok(out)
    } else {
        Err(duplicates)
    }
}

/// 项目编码 and the normalised 一级 / 二级 / 三级 names of an indicator.
type SlotKey = (String, String, String, String);

/// Undoes the apostrophe the template puts before = + - @ (see `csv_safe`).
fn unescape(s: &str) -> String {
    let t = s.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => t.to_string(),
    }
}

/// `actuals-template --per-owner DIR`: one sheet per owner with only their
/// projects, so each fills in what is theirs and nobody overwrites another.
/// Returns the lines that say what was written.
pub fn write_per_owner(config: &Config, dir: &std::path::Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        message(
            "actuals-cannot-create",
            &[("dir", dir.display().to_string()), ("error", e.to_string())],
        )
    })?;
    let year = config.settings.fiscal_year;
    // Owners in project order, keyed by email (names may repeat).
    let mut owners: Vec<(Option<String>, String)> = Vec::new();
    for p in &config.projects {
        let key = p.owner.as_ref().map(|o| o.email.clone());
        if !owners.iter().any(|(k, _)| *k == key) {
            let name = p
                .owner
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "未指定".into());
            owners.push((key, name));
        }
    }
    let mut taken: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for (key, name) in &owners {
        let clean: String = name
            .chars()
            .map(|c| {
                if "/\\:*?\"<>|".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let mut file = format!("actuals-{year}-{clean}.csv");
        if taken.contains(&file) {
            let local = key
                .as_deref()
                .and_then(|e| e.split('@').next())
                .unwrap_or("x");
            file = format!("actuals-{year}-{clean}-{local}.csv");
        }
        taken.push(file.clone());
        let text = template_for(config, |p| {
            p.owner.as_ref().map(|o| o.email.clone()) == *key
        });
        let path = dir.join(&file);
        std::fs::write(&path, text).map_err(|e| {
            message(
                "file-cannot-write",
                &[
                    ("file", path.display().to_string()),
                    ("error", e.to_string()),
                ],
            )
        })?;
        lines.push(message(
            "report-wrote",
            &[("file", path.display().to_string())],
        ));
    }
    lines.push(message(
        "actuals-template-sheets",
        &[("count", owners.len().to_string())],
    ));
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::money::Fen;
    use crate::model::{Config, Indicator, Project, Settings};

    fn config() -> Config {
        let ind = |l3: &str, v: &str| Indicator {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            level3: l3.into(),
            description: String::new(),
            value: v.into(),
            basis: String::new(),
            line: 0,
            weight: None,
        };
        // The shipped settings, with one small project in place of the seed's.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let shipped = crate::config::load(&crate::config::LoadOptions {
            config_dir: dir.clone(),
            projects: None,
            default_year: 2025,
        })
        .expect("shipped config loads");
        let settings: Settings = shipped.settings;
        let root = dir;
        Config {
            settings,
            department: Default::default(),
            projects: vec![Project {
                code: "P1".into(),
                name: "测试".into(),
                unit_code: "".into(),
                unit_name: "".into(),
                budget: Fen(100),
                adjustments: Vec::new(),
                fiscal_funds: None,
                other_funds: None,
                purpose: "".into(),
                goal: "".into(),
                owner: None,
                plan: crate::model::plan::Plan::four_point(2025, [25, 50, 75, 100].map(Into::into))
                    .unwrap(),
                indicators: vec![
                    ind("次数", "≥3次"),
                    ind("次数", "≥2次"),
                    ind("=公式", "达成"),
                ],
            }],
            projects_file: root.join("projects.toml"),
        }
    }

    #[test]
    fn template_round_trips_and_matches_by_name() {
        let c = config();
        let t = template(&c);
        assert!(t.starts_with('\u{FEFF}'));
        // The formula-looking name is escaped in the template...
        assert!(t.contains("'=公式"));
        // ...and matched back after unescaping. Duplicate names match in order.
        let filled = t
            .replacen("≥3次,,,,,,,", "≥3次,2,确定能,4次,4次,,,", 1)
            .replacen(
                "≥2次,,,,,,,",
                "≥2次,,有可能,1次,1次,人员保障,人员不足,增派人员",
                1,
            )
            .replacen("达成,,,,,,,", "达成,,,,达成,,,", 1);
        let a = parse(&filled, Path::new("a.csv"), &c).unwrap();
        assert!(a.problems.is_empty(), "{:?}", a.problems);
        assert_eq!(a.get(0, 0).unwrap().value, "4次");
        assert_eq!(a.get(0, 0).unwrap().midyear, "2");
        assert_eq!(a.get(0, 1).unwrap().reason, "人员不足");
        assert_eq!(a.get(0, 1).unwrap().reason_category, "人员保障");
        assert_eq!(a.get(0, 1).unwrap().expected, "1次");
        assert_eq!(a.get(0, 2).unwrap().value, "达成");
    }

    #[test]
    fn unknown_and_extra_rows_are_problems_with_lines() {
        let c = config();
        let text = "项目编码,三级指标,实际完成值,完成可能性\nP1,次数,3,确定能\nP1,次数,1,\nP1,次数,9,\nP9,次数,1,\nP1,=公式,达成,也许\n";
        let a = parse(text, Path::new("a.csv"), &c).unwrap();
        assert_eq!(a.get(0, 0).unwrap().value, "3");
        assert_eq!(a.get(0, 1).unwrap().value, "1");
        let lines: Vec<usize> = a.problems.iter().filter_map(|p| p.line).collect();
        assert_eq!(lines, vec![4, 5, 6]);
        assert!(parse("a,b\n1,2\n", Path::new("a.csv"), &c).is_err());
    }

    /// The lines named are those the rows are on, as Excel writes sheets
    /// (CR LF), with blank lines and a cell of two lines before them.
    #[test]
    fn problems_name_the_line_the_row_is_on() {
        let c = config();
        let text = "项目编码,三级指标,实际完成值,偏差原因\r\nP1,次数,3,\"两行\r\n原因\"\r\n\r\nP9,次数,1,\r\n\r\n\r\nP8,次数,1,\r\n";
        let a = parse(text, Path::new("a.csv"), &c).unwrap();
        assert_eq!(a.get(0, 0).unwrap().line, 2);
        let lines: Vec<usize> = a.problems.iter().filter_map(|p| p.line).collect();
        assert_eq!(lines, vec![5, 8], "{:?}", a.problems);
        assert!(a.problems[0].message.contains("P9"), "{:?}", a.problems);
    }
}
