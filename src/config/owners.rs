//! The lenient mode of the projects.toml reader: what `import-targets`
//! keeps from an existing file (the head, the owners by 项目编码 and the
//! fiscal year) when it writes the file anew. Lenient because the file it
//! reads may be half edited; `load` is the strict mode every other command
//! uses.

use std::collections::BTreeMap;

use crate::base::text::toml_string;
use crate::model::Person;

/// What an existing projects.toml says about people and the year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    /// The department head, when named with both name and email.
    pub head: Option<Person>,
    /// The finance office (`[department] office`), likewise.
    pub office: Option<Person>,
    /// Project owners by 项目编码.
    pub owners: BTreeMap<String, Person>,
    /// `fiscal_year`, when the file states one.
    pub fiscal_year: Option<i32>,
    /// By 项目编码: per indicator (三级指标 name, weight as TOML text), for
    /// projects whose indicators carry weights (分值).
    pub weights: BTreeMap<String, Vec<(String, Option<String>)>>,
    /// By 项目编码: each `[[project.adjustment]]` table as TOML lines.
    pub adjustments: BTreeMap<String, Vec<String>>,
}

/// Pulls the department head and the owners by 项目编码 out of an existing
/// `projects.toml`. Everything else in the file is ignored, and so is an
/// owner or head without both a name and an email: a half-edited entry is
/// not worth keeping over a placeholder. Fails only when the text is not
/// TOML at all.
pub fn read_owners(toml_text: &str) -> Result<Owners, toml::de::Error> {
    let root: toml::Table = toml_text.parse()?;
    let head = root
        .get("department")
        .and_then(|d| d.get("head"))
        .and_then(read_person);
    let office = root
        .get("department")
        .and_then(|d| d.get("office"))
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
    let fiscal_year = root
        .get("fiscal_year")
        .and_then(toml::Value::as_integer)
        .and_then(|y| i32::try_from(y).ok());
    let mut found = Owners {
        head,
        office,
        owners,
        fiscal_year,
        ..Owners::default()
    };
    read_kept(&root, &mut found);
    Ok(found)
}

fn read_person(v: &toml::Value) -> Option<Person> {
    let name = v.get("name")?.as_str()?.trim();
    let email = v.get("email")?.as_str()?.trim();
    if name.is_empty() || email.is_empty() {
        return None;
    }
    Some(Person::new(name, email))
}

/// Reads the weights and adjustments an existing projects.toml holds, as
/// TOML text, into `owners`. Entries that
/// are not what the writer would write are skipped; the config loader is the
/// one that reports them.
fn read_kept(root: &toml::Table, kept: &mut Owners) {
    let Some(projects) = root.get("project").and_then(toml::Value::as_array) else {
        return;
    };
    for p in projects {
        let Some(code) = p.get("code").and_then(toml::Value::as_str) else {
            continue;
        };
        if let Some(rows) = p.get("indicator").and_then(toml::Value::as_array) {
            let weights: Vec<(String, Option<String>)> = rows
                .iter()
                .map(|r| {
                    let l3 = r
                        .get("level3")
                        .and_then(toml::Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    let w = r.get("weight").and_then(|w| match w {
                        toml::Value::Integer(i) => Some(i.to_string()),
                        toml::Value::Float(f) => Some(f.to_string()),
                        toml::Value::String(s) => Some(toml_string(s)),
                        _ => None,
                    });
                    (l3, w)
                })
                .collect();
            if weights.iter().any(|(_, w)| w.is_some()) {
                kept.weights.insert(code.to_string(), weights);
            }
        }
        if let Some(adj) = p.get("adjustment").and_then(toml::Value::as_array) {
            let rendered = adj
                .iter()
                .filter_map(|a| {
                    let t = a.as_table()?;
                    let mut lines = Vec::new();
                    for key in ["date", "amount", "document", "reason", "source"] {
                        let v = match t.get(key) {
                            None => continue,
                            Some(toml::Value::String(s)) => toml_string(s),
                            Some(other) => other.to_string(),
                        };
                        lines.push(format!("{key} = {v}"));
                    }
                    Some(lines.join("\n"))
                })
                .collect::<Vec<_>>();
            if !rendered.is_empty() {
                kept.adjustments.insert(code.to_string(), rendered);
            }
        }
    }
}
