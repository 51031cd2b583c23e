//! The lenient mode of the projects.toml reader: what `import-targets`
//! keeps from an existing file (the head, the owners by 项目编码 and the
//! fiscal year) when it writes the file anew. Lenient because the file it
//! reads may be half edited; `load` is the strict mode every other command
//! uses.

use std::collections::BTreeMap;

use crate::model::Person;

/// What an existing projects.toml says about people and the year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    /// The department head, when named with both name and email.
    pub head: Option<Person>,
    /// Project owners by 项目编码.
    pub owners: BTreeMap<String, Person>,
    /// `fiscal_year`, when the file states one.
    pub fiscal_year: Option<i32>,
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
    Ok(Owners {
        head,
        owners,
        fiscal_year,
    })
}

fn read_person(v: &toml::Value) -> Option<Person> {
    let name = v.get("name")?.as_str()?.trim();
    let email = v.get("email")?.as_str()?.trim();
    if name.is_empty() || email.is_empty() {
        return None;
    }
    Some(Person::new(name, email))
}
