//! Writes `config/projects.toml` from a parsed target document, and reads the
//! owners back out of an existing one, so that importing a new version of the
//! document keeps the owners and head the office has typed in.
//!
//! The format is docs/projects-format.md: money as strings with two decimals
//! (never TOML floats, which would lose fen), `""` for an empty money cell,
//! the plan as inline tables, one `[[project.indicator]]` per row, and text
//! copied verbatim with TOML escapes. The writer is hand-rolled rather than
//! serialised so the layout (inline plan, comments, key order) stays the one
//! people read and edit.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::seed::{Project, SeedDocument};
use super::Person;
use crate::base::text::toml_string;

/// The owner written for a project nobody has claimed yet: the office sees
/// 待填写 ("to be filled in") and a unique address per project, so mail
/// cannot silently reach the wrong person.
pub fn placeholder_owner(code: &str) -> Person {
    let tail: String = {
        let chars: Vec<char> = code.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    };
    Person::new(
        "待填写",
        format!("owner-{}@example.org", tail.to_lowercase()),
    )
}

/// What the office adds to projects.toml that the document does not hold,
/// besides owners: indicator weights (分值) and budget adjustments, as TOML
/// text (`config::read_owners` reads them). A re-import keeps them, as it
/// keeps the owners.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// By 项目编码: per indicator (三级指标 name, weight as written).
    pub weights: BTreeMap<String, Vec<(String, Option<String>)>>,
    /// By 项目编码: the `[[project.adjustment]]` tables, rendered.
    pub adjustments: BTreeMap<String, Vec<String>>,
}

/// What the head receives, above `head =`.
const HEAD_COMMENT: &str =
    "# The department head gets the monthly digest, the year-end summary and an\n\
     # immediate email when a project is red at a checkpoint. Placeholder: the\n\
     # office edits it.";

/// What the office receives, above `office =`.
const OFFICE_COMMENT: &str =
    "# The finance office: a digest on nights when something new happened (new or\n\
     # worsened alerts, data problems); 情况说明 are sent to it. Placeholder.";

/// Renders the whole file with the placeholder office. `owners` maps
/// 项目编码 to the owner to write; a project missing from it gets
/// [`placeholder_owner`].
pub fn write_projects_toml(
    doc: &SeedDocument,
    head: &Person,
    owners: &BTreeMap<String, Person>,
) -> String {
    write_projects_toml_keeping(
        doc,
        head,
        &Person::default_office(),
        owners,
        &Kept::default(),
    )
}

/// [`write_projects_toml`] with the finance office to write, also writing
/// the weights and adjustments kept from the previous file (a weight only
/// where the indicator at that place still has the same 三级指标 name).
pub fn write_projects_toml_keeping(
    doc: &SeedDocument,
    head: &Person,
    office: &Person,
    owners: &BTreeMap<String, Person>,
    kept: &Kept,
) -> String {
    let mut out = String::new();
    let (unit_code, unit_name) = doc
        .projects
        .first()
        .map(|p| (&*p.unit_code, &*p.unit_name))
        .unwrap_or(("", ""));
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(
        out,
        "# Generated from the performance-target document (绩效目标). Owners and\n\
         # the head are placeholders until the office edits them; a re-import\n\
         # keeps what was edited here."
    );
    let _ = writeln!(out, "fiscal_year = {}", doc.fiscal_year);
    let _ = writeln!(out);
    let _ = writeln!(out, "[department]");
    let _ = writeln!(out, "unit_code = {}", toml_string(unit_code));
    let _ = writeln!(out, "unit_name = {}", toml_string(unit_name));
    let _ = writeln!(out, "{HEAD_COMMENT}");
    let _ = writeln!(out, "head = {}", person(head));
    let _ = writeln!(out, "{OFFICE_COMMENT}");
    let _ = writeln!(out, "office = {}", person(office));
    for p in &doc.projects {
        let owner = owners
            .get(&p.code)
            .cloned()
            .unwrap_or_else(|| placeholder_owner(&p.code));
        write_project(&mut out, p, &owner, kept);
    }
    out
}

fn write_project(out: &mut String, p: &Project, owner: &Person, kept: &Kept) {
    let _ = writeln!(out);
    let _ = writeln!(out, "[[project]]");
    let _ = writeln!(out, "code = {}", toml_string(&p.code));
    let _ = writeln!(out, "name = {}", toml_string(&p.name));
    let _ = writeln!(out, "unit_code = {}", toml_string(&p.unit_code));
    let _ = writeln!(out, "unit_name = {}", toml_string(&p.unit_name));
    let _ = writeln!(out, "budget = \"{}\"", p.budget.plain());
    let _ = writeln!(out, "fiscal_funds = \"{}\"", optional_yuan(p.fiscal_funds));
    let _ = writeln!(out, "other_funds = \"{}\"", optional_yuan(p.other_funds));
    let _ = writeln!(out, "purpose = {}", toml_string(&p.purpose));
    let _ = writeln!(out, "goal = {}", toml_string(&p.goal));
    let _ = writeln!(out, "owner = {}", person(owner));
    let _ = writeln!(out, "plan = [");
    for c in &p.plan.checkpoints {
        let _ = writeln!(
            out,
            "  {{ date = \"{}\", percent = {} }},",
            c.date,
            toml_number(c.percent)
        );
    }
    let _ = writeln!(out, "]");
    let weights = kept.weights.get(&p.code);
    for (k, r) in p.indicators.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(out, "[[project.indicator]]");
        for (key, value) in [
            ("level1", &r.level1),
            ("level2", &r.level2),
            ("level3", &r.level3),
            ("description", &r.description),
            ("value", &r.value),
            ("basis", &r.basis),
        ] {
            let _ = writeln!(out, "{key} = {}", toml_string(value));
        }
        if let Some((_, Some(w))) = weights
            .and_then(|ws| ws.get(k))
            .filter(|(l3, _)| *l3 == r.level3)
        {
            let _ = writeln!(out, "weight = {w}");
        }
    }
    for a in kept.adjustments.get(&p.code).into_iter().flatten() {
        let _ = writeln!(out);
        let _ = writeln!(out, "[[project.adjustment]]");
        let _ = writeln!(out, "{a}");
    }
}

fn person(p: &Person) -> String {
    format!(
        "{{ name = {}, email = {} }}",
        toml_string(&p.name),
        toml_string(&p.email)
    )
}

/// An optional amount as yuan with two decimals ("50000.00"), empty when
/// the document leaves the cell empty.
fn optional_yuan(fen: Option<crate::base::money::Fen>) -> String {
    fen.map(|f| f.plain()).unwrap_or_default()
}

/// A percent as a TOML number: an integer when whole ("25"), else a decimal
/// ("12.5"); Decimal's normal form prints digits on both sides of the point,
/// as a TOML float needs.
fn toml_number(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::dates::month_end;
    use crate::base::money::Fen;
    use crate::model::plan::{Checkpoint, Plan};
    use crate::model::Indicator;
    use crate::targets::seed::parse_seed;
    use crate::targets::test_support::seed_doc;
    use std::str::FromStr;

    fn tiny() -> SeedDocument {
        SeedDocument {
            fiscal_year: 2025,
            stated_project_count: None,
            stated_total_fen: None,
            summaries: Vec::new(),
            projects: vec![Project {
                line: 1,
                title: String::new(),
                project: crate::model::Project {
                    code: "13022925P00004610003B".into(),
                    name: "见义勇为基金".into(),
                    unit_code: "308001".into(),
                    unit_name: "中国共产党玉田县委员会政法委员会本级".into(),
                    budget: Fen(5_000_000),
                    fiscal_funds: Some(Fen(5_000_000)),
                    other_funds: None,
                    purpose: "表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。".into(),
                    goal: "1.表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。".into(),
                    owner: None,
                    adjustments: Vec::new(),
                    plan: Plan {
                        year: 2025,
                        checkpoints: [(3, "25"), (6, "50"), (10, "75"), (12, "100")]
                            .iter()
                            .map(|&(m, p)| Checkpoint {
                                date: month_end(2025, m).unwrap(),
                                percent: Decimal::from_str(p).unwrap(),
                            })
                            .collect(),
                    },
                    indicators: vec![Indicator {
                        line: 1,
                        weight: None,
                        level1: "产出指标".into(),
                        level2: "数量指标".into(),
                        level3: "帮扶见义勇为人次".into(),
                        description: "帮扶见义勇为人员人次".into(),
                        value: "≥3次".into(),
                        basis: "省市文件".into(),
                    }],
                },
            }],
        }
    }

    #[test]
    fn writes_the_documented_format_exactly() {
        let text = write_projects_toml(&tiny(), &Person::default_head(), &BTreeMap::new());
        let want = r#"# Generated from the performance-target document (绩效目标). Owners and
# the head are placeholders until the office edits them; a re-import
# keeps what was edited here.
fiscal_year = 2025

[department]
unit_code = "308001"
unit_name = "中国共产党玉田县委员会政法委员会本级"
# The department head gets the monthly digest, the year-end summary and an
# immediate email when a project is red at a checkpoint. Placeholder: the
# office edits it.
head = { name = "部门负责人", email = "head@example.org" }
# The finance office: a digest on nights when something new happened (new or
# worsened alerts, data problems); 情况说明 are sent to it. Placeholder.
office = { name = "财务科", email = "caiwu@example.org" }

[[project]]
code = "13022925P00004610003B"
name = "见义勇为基金"
unit_code = "308001"
unit_name = "中国共产党玉田县委员会政法委员会本级"
budget = "50000.00"
fiscal_funds = "50000.00"
other_funds = ""
purpose = "表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。"
goal = "1.表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。"
owner = { name = "待填写", email = "owner-003b@example.org" }
plan = [
  { date = "2025-03-31", percent = 25 },
  { date = "2025-06-30", percent = 50 },
  { date = "2025-10-31", percent = 75 },
  { date = "2025-12-31", percent = 100 },
]

[[project.indicator]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "帮扶见义勇为人次"
description = "帮扶见义勇为人员人次"
value = "≥3次"
basis = "省市文件"
"#;
        assert_eq!(text, want);
    }

    #[test]
    fn strings_survive_toml_escaping() {
        let mut doc = tiny();
        let nasty = "他说\"好\"\n第二行\\路径\t制表\u{1}控制'单引号'";
        doc.projects[0].goal = nasty.into();
        doc.projects[0].plan.checkpoints[0].percent = Decimal::from_str("12.50").unwrap();
        doc.projects[0].other_funds = Some(Fen(-5));
        let text = write_projects_toml(&doc, &Person::default_head(), &BTreeMap::new());
        let v: toml::Table = text.parse().unwrap();
        let p = &v["project"][0];
        assert_eq!(p["goal"].as_str(), Some(nasty));
        assert_eq!(p["plan"][0]["percent"].as_float(), Some(12.5));
        assert_eq!(p["other_funds"].as_str(), Some("-0.05"));
    }

    #[test]
    fn seed_round_trips() {
        let doc = seed_doc();
        let text = write_projects_toml(&doc, &Person::default_head(), &BTreeMap::new());
        let v: toml::Table = text.parse().unwrap();
        assert_eq!(v["fiscal_year"].as_integer(), Some(2025));
        assert_eq!(v["department"]["unit_code"].as_str(), Some("308001"));
        let projects = v["project"].as_array().unwrap();
        assert_eq!(projects.len(), 12);
        let total: i64 = projects
            .iter()
            .map(|p| {
                let s = p["budget"].as_str().unwrap();
                crate::targets::seed::parse_money(s, false).unwrap()
            })
            .sum();
        assert_eq!(total, 407_257_000);
        let rows: usize = projects
            .iter()
            .map(|p| p["indicator"].as_array().unwrap().len())
            .sum();
        assert_eq!(rows, 108);
        for (p, orig) in projects.iter().zip(&doc.projects) {
            assert_eq!(p["goal"].as_str(), Some(&*orig.goal));
            let row = &p["indicator"][orig.indicators.len() - 1];
            let last = orig.indicators.last().unwrap();
            assert_eq!(row["value"].as_str(), Some(last.value.as_str()));
            assert_eq!(row["level2"].as_str(), Some(last.level2.as_str()));
        }
        let summer = projects
            .iter()
            .find(|p| p["name"].as_str() == Some("暑期警卫保障经费"))
            .unwrap();
        let curve: Vec<i64> = summer["plan"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["percent"].as_integer().unwrap())
            .collect();
        assert_eq!(curve, [10, 25, 50, 100]);
        // An empty document still writes a loadable file.
        let empty = parse_seed("", 2025).unwrap();
        let text = write_projects_toml(&empty, &Person::default_head(), &BTreeMap::new());
        assert!(text.parse::<toml::Table>().is_ok());
    }

    #[test]
    fn placeholder_uses_the_last_four_characters() {
        assert_eq!(
            placeholder_owner("13022925P00JXC410136G").email,
            "owner-136g@example.org"
        );
        assert_eq!(placeholder_owner("AB").email, "owner-ab@example.org");
        assert_eq!(placeholder_owner("").name, "待填写");
    }
}
