//! Whom each unit's warnings reach above its owners (settings:
//! `units_file`). A county department has one head and one finance office
//! (`[department]`); a city's or province's registry holds hundreds of
//! units (单位编码), each with its own 单位负责人 and 财务 who act on its red
//! checkpoints and answer its 情况说明. One CSV row per unit names them:
//! 单位编码, optional 单位名称, 单位负责人 + 负责人邮箱, 财务联系人 + 财务邮箱.
//! A unit the file names sends its escalations, office digest items and
//! 情况说明 there instead of to the department's head and office, its head
//! gets the unit's own monthly digest and both the unit's year-end result;
//! the department's head and office keep the department-wide digests and
//! year-end result and the data problems. Checked with file, line and column like every sheet; a bad
//! row is left out, so its unit falls back to the department.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::base::diag::Diagnostic;
use crate::base::i18n::message;
use crate::model::{Person, Project, UnitContacts};

/// Header names of the units CSV.
const COLUMNS: &super::sheet::Columns = &[
    ("code", &["单位编码", "单位代码"]),
    ("name", &["单位名称"]),
    ("head", &["单位负责人", "负责人"]),
    ("head_email", &["负责人邮箱", "单位负责人邮箱"]),
    ("office", &["财务联系人", "财务负责人", "财务科"]),
    (
        "office_email",
        &["财务邮箱", "财务联系人邮箱", "财务科邮箱"],
    ),
];

/// Reads the units CSV: the contacts of each unit the projects name.
/// Every problem is appended to `errors` with file, line and column.
pub fn load_units_csv(
    path: &Path,
    projects: &[Project],
    errors: &mut Vec<Diagnostic>,
) -> HashMap<String, UnitContacts> {
    let mut out = HashMap::new();
    let Ok(Some((sheet, mut rows))) = super::sheet::read(
        path,
        super::sheet::Mode::Csv,
        COLUMNS,
        &["code"],
        "cfg-units-empty",
        "cfg-units-column",
        errors,
    ) else {
        return out;
    };
    let known: HashSet<&str> = projects.iter().map(|p| &*p.unit_code).collect();
    let col = &sheet.col;
    let mut found = Vec::new();
    let mut rec = super::sheet::Row::default();
    while let Ok(Some(line)) = rows.next_row(&mut rec) {
        let get = |k: &str| sheet.get(&rec, k);
        let bad = |key: &str, name: &str, msg: String| Diagnostic {
            file: path.to_path_buf(),
            line: Some(line),
            column: col.get(key).map(|&i| i + 1),
            message: message("cfg-column", &[("name", name.to_string()), ("error", msg)]),
        };
        let code = get("code");
        if code.is_empty() || !known.contains(code) {
            found.push(bad(
                "code",
                "单位编码",
                message("cfg-units-unknown", &[("code", format!("{code:?}"))]),
            ));
            continue;
        }
        if out.contains_key(code) {
            found.push(bad(
                "code",
                "单位编码",
                message("cfg-units-twice", &[("code", format!("{code:?}"))]),
            ));
            continue;
        }
        // A person is named by an address; the name is what the greeting
        // says (the address itself when the sheet leaves it out).
        let mut person =
            |name_key: &str, email_key: &str, column: &str| -> Result<Option<Person>, ()> {
                let (name, email) = (get(name_key), get(email_key));
                if email.is_empty() {
                    if !name.is_empty() {
                        found.push(bad(
                            email_key,
                            column,
                            message("cfg-units-no-email", &[("name", format!("{name:?}"))]),
                        ));
                        return Err(());
                    }
                    return Ok(None);
                }
                if !super::plausible_email(email) {
                    found.push(bad(
                        email_key,
                        column,
                        message("cfg-email-invalid", &[("email", format!("{email:?}"))]),
                    ));
                    return Err(());
                }
                let name = if name.is_empty() { email } else { name };
                Ok(Some(Person::new(name, email)))
            };
        let (Ok(head), Ok(office)) = (
            person("head", "head_email", "负责人邮箱"),
            person("office", "office_email", "财务邮箱"),
        ) else {
            continue;
        };
        out.insert(
            code.to_string(),
            UnitContacts {
                name: get("name").to_string(),
                head,
                office,
            },
        );
    }
    rows.finish(found, errors);
    out
}
