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
    write_projects_toml_with_office(doc, head, &Person::default_office(), owners)
}

/// Renders the whole file, with the finance office to write.
pub fn write_projects_toml_with_office(
    doc: &SeedDocument,
    head: &Person,
    office: &Person,
    owners: &BTreeMap<String, Person>,
) -> String {
    let mut out = String::new();
    let (unit_code, unit_name) = doc
        .projects
        .first()
        .map(|p| (p.unit_code.as_str(), p.unit_name.as_str()))
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
        write_project(&mut out, p, &owner);
    }
    out
}

fn write_project(out: &mut String, p: &Project, owner: &Person) {
    let _ = writeln!(out);
    let _ = writeln!(out, "[[project]]");
    let _ = writeln!(out, "code = {}", toml_string(&p.code));
    let _ = writeln!(out, "name = {}", toml_string(&p.name));
    let _ = writeln!(out, "unit_code = {}", toml_string(&p.unit_code));
    let _ = writeln!(out, "unit_name = {}", toml_string(&p.unit_name));
    let _ = writeln!(out, "budget = \"{}\"", yuan(p.budget_fen));
    let _ = writeln!(
        out,
        "fiscal_funds = \"{}\"",
        optional_yuan(p.fiscal_funds_fen)
    );
    let _ = writeln!(
        out,
        "other_funds = \"{}\"",
        optional_yuan(p.other_funds_fen)
    );
    let _ = writeln!(out, "purpose = {}", toml_string(&p.purpose));
    let _ = writeln!(out, "goal = {}", toml_string(&p.goal));
    let _ = writeln!(out, "owner = {}", person(owner));
    let _ = writeln!(out, "plan = [");
    for c in &p.plan {
        let _ = writeln!(
            out,
            "  {{ date = \"{}\", percent = {} }},",
            c.date,
            toml_number(c.percent)
        );
    }
    let _ = writeln!(out, "]");
    for r in &p.indicators {
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
    }
}

fn person(p: &Person) -> String {
    format!(
        "{{ name = {}, email = {} }}",
        toml_string(&p.name),
        toml_string(&p.email)
    )
}

/// Fen as yuan with exactly two decimals: "50000.00".
fn yuan(fen: i64) -> String {
    crate::money::Fen(fen).plain()
}

fn optional_yuan(fen: Option<i64>) -> String {
    fen.map(yuan).unwrap_or_default()
}

/// A percent as a TOML number: an integer when whole ("25"), else a decimal
/// ("12.5"); Decimal's normal form prints digits on both sides of the point,
/// as a TOML float needs.
fn toml_number(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A TOML basic string: quotes, backslashes and control characters escaped,
/// everything else (Chinese included) written as is.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Pulls the department head and the owners by 项目编码 out of an existing
/// `projects.toml`. Everything else in the file is ignored, and so is an
/// owner or head without both a name and an email: a half-edited entry is
/// not worth keeping over a placeholder. Fails only when the text is not
/// TOML at all.
#[allow(clippy::type_complexity)]
pub fn read_owners(
    toml_text: &str,
) -> Result<(Option<Person>, BTreeMap<String, Person>), toml::de::Error> {
    let root: toml::Table = toml_text.parse()?;
    let head = root
        .get("department")
        .and_then(|d| d.get("head"))
        .and_then(read_person);
    let mut owners = BTreeMap::new();
    if let Some(projects) = root.get("project").and_then(toml::Value::as_array) {
        for p in projects {
            let code = p.get("code").and_then(toml::Value::as_str);
            let owner = p.get("owner").and_then(read_person);
            if let (Some(code), Some(owner)) = (code, owner) {
                owners.insert(code.to_string(), owner);
            }
        }
    }
    Ok((head, owners))
}

/// The finance office (`[department] office`) of an existing
/// `projects.toml`, when it has both a name and an email.
pub fn read_office(toml_text: &str) -> Option<Person> {
    let root: toml::Table = toml_text.parse().ok()?;
    root.get("department")
        .and_then(|d| d.get("office"))
        .and_then(read_person)
}

fn read_person(v: &toml::Value) -> Option<Person> {
    let name = v.get("name")?.as_str()?.trim();
    let email = v.get("email")?.as_str()?.trim();
    if name.is_empty() || email.is_empty() {
        return None;
    }
    Some(Person::new(name, email))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::seed::{parse_seed, CalendarDate, IndicatorRow, PlanPoint};
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
                code: "13022925P00004610003B".into(),
                name: "见义勇为基金".into(),
                unit_code: "308001".into(),
                unit_name: "中国共产党玉田县委员会政法委员会本级".into(),
                budget_fen: 5_000_000,
                fiscal_funds_fen: Some(5_000_000),
                other_funds_fen: None,
                purpose: "表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。".into(),
                goal: "1.表彰奖励、抚恤、慰问见义勇为人员，弘扬社会正能量。".into(),
                plan: [(3, "25"), (6, "50"), (10, "75"), (12, "100")]
                    .iter()
                    .map(|&(m, p)| PlanPoint {
                        label: format!("{m}月底"),
                        date: CalendarDate::month_end(2025, m).unwrap(),
                        percent: Decimal::from_str(p).unwrap(),
                        line: 1,
                    })
                    .collect(),
                indicators: vec![IndicatorRow {
                    line: 1,
                    level1: "产出指标".into(),
                    level2: "数量指标".into(),
                    level3: "帮扶见义勇为人次".into(),
                    description: "帮扶见义勇为人员人次".into(),
                    value: "≥3次".into(),
                    basis: "省市文件".into(),
                }],
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
        doc.projects[0].plan[0].percent = Decimal::from_str("12.50").unwrap();
        doc.projects[0].other_funds_fen = Some(-5);
        let text = write_projects_toml(&doc, &Person::default_head(), &BTreeMap::new());
        let v: toml::Table = text.parse().unwrap();
        let p = &v["project"][0];
        assert_eq!(p["goal"].as_str(), Some(nasty));
        assert_eq!(p["plan"][0]["percent"].as_float(), Some(12.5));
        assert_eq!(p["other_funds"].as_str(), Some("-0.05"));
    }

    #[test]
    fn owners_survive_a_reimport() {
        let doc = seed_doc();
        let mut owners = BTreeMap::new();
        owners.insert(
            "13022925P00004010007P".to_string(),
            Person::new("王芳", "wangfang@example.org"),
        );
        let head = Person::new("刘主任", "liu@example.org");
        let first = write_projects_toml(&doc, &head, &owners);
        let (read_head, read) = read_owners(&first).unwrap();
        assert_eq!(read_head, Some(head.clone()));
        assert_eq!(read.len(), 12, "placeholders are read back too");
        assert_eq!(
            read["13022925P00004010007P"],
            owners["13022925P00004010007P"]
        );
        assert_eq!(
            read["13022925P00004610003B"],
            placeholder_owner("13022925P00004610003B")
        );
        // Writing again from what was read gives the same file.
        assert_eq!(write_projects_toml(&doc, &head, &read), first);
    }

    #[test]
    fn read_owners_is_tolerant() {
        let text = r#"
            something_else = 1
            [department]
            head = { name = "张三" }
            [[project]]
            code = "A"
            owner = { name = "李四", email = "lisi@example.org", phone = "1" }
            [[project]]
            owner = { name = "无编码", email = "x@example.org" }
            [[project]]
            code = "B"
            owner = "not a table"
            [[project]]
            code = "C"
        "#;
        let (head, owners) = read_owners(text).unwrap();
        assert_eq!(head, None);
        assert_eq!(owners.len(), 1);
        assert_eq!(owners["A"], Person::new("李四", "lisi@example.org"));
        assert!(read_owners("project = [").is_err());
        assert_eq!(read_owners("").unwrap(), (None, BTreeMap::new()));
        assert_eq!(read_owners("project = 3").unwrap().1.len(), 0);
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
            assert_eq!(p["goal"].as_str(), Some(orig.goal.as_str()));
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
