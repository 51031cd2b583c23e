//! The checked domain: projects, people, plans, indicators and the settings
//! of a run, as the readers (`config`, `targets`) produce them and the rules,
//! reports and jobs consume them. No I/O here and nothing unchecked: a value
//! of these types has passed validation, so nothing downstream re-checks it.
//!
//! May import: `base`, and `ledger::profile` for the export profiles a run
//! is configured with.

pub mod adjustment;
pub mod alerting;
pub mod evaluation;
pub mod indicator;
pub mod plan;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::base::money::Fen;
use crate::ledger::profile::LedgerProfile;
pub use adjustment::{Adjustment, FundSource};
pub use alerting::{AlertSettings, EmailSettings, Exemption, SmtpSecurity, SmtpSettings};
pub use evaluation::EvaluationSettings;
pub use plan::{Checkpoint, Plan};

/// A person who receives email: a project owner or the department head.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Person {
    /// Name as it appears in salutations.
    pub name: String,
    /// Email address.
    pub email: String,
}

impl Person {
    /// Builds a person from anything string-like.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Person {
        Person {
            name: name.into(),
            email: email.into(),
        }
    }

    /// The placeholder head written until the office fills in the real one,
    /// so that a fresh import still yields a loadable configuration.
    pub fn default_head() -> Person {
        Person::new("部门负责人", "head@example.org")
    }

    /// The placeholder finance office, likewise.
    pub fn default_office() -> Person {
        Person::new("财务科", "caiwu@example.org")
    }
}

/// The department the projects belong to.
#[derive(Debug, Clone, Default)]
pub struct Department {
    /// 单位编码.
    pub unit_code: String,
    /// 单位名称.
    pub unit_name: String,
    /// The department head: the monthly digest, the year-end summary and
    /// an immediate email when a project is red at a checkpoint.
    pub head: Option<Person>,
    /// The finance office (`office = { name, email }`): a digest on nights
    /// when something new happened, and the addressee of 情况说明.
    pub office: Option<Person>,
    /// Units (单位编码) with a head or office of their own (`units_file`
    /// in settings): their escalations, office digest items and 情况说明
    /// go there instead (see [`Config::head_of`]).
    pub units: HashMap<String, UnitContacts>,
}

/// A unit's own head and finance office (`units_file`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitContacts {
    /// 单位名称 as the file gives it (may be empty).
    pub name: String,
    /// 单位负责人: red checkpoints of the unit's projects at once.
    pub head: Option<Person>,
    /// 财务: the unit's new warnings in a digest, and its 情况说明.
    pub office: Option<Person>,
}

/// One performance indicator row (绩效指标), verbatim from the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// 一级指标 (产出 / 效益 / 满意度).
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// 三级指标.
    pub level3: String,
    /// 绩效指标描述.
    pub description: String,
    /// 指标值, e.g. "≥95百分比".
    pub value: String,
    /// 指标值确定依据.
    pub basis: String,
    /// 分值: this indicator's points in the self-evaluation; None: the
    /// category's share split evenly (all or none of a project's indicators
    /// carry one, checked on load).
    pub weight: Option<Decimal>,
    /// Line of the row in the file it was read from (the target document),
    /// so findings can point at it; 0 when not known.
    pub line: usize,
}

/// A checked budget project.
#[derive(Debug, Clone)]
pub struct Project {
    /// 项目编码, unique.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 单位编码: shared, like 单位名称, by all of a unit's projects (a copy
    /// per row cost a million-project registry 40 MB).
    pub unit_code: Arc<str>,
    /// 单位名称.
    pub unit_name: Arc<str>,
    /// 年初预算数: the initial budget, > 0. The budget in force on a day is
    /// [`Project::budget_on`]; the year's is [`Project::final_budget`].
    pub budget: Fen,
    /// Budget adjustments (追加 / 调减 / 调剂), in date order.
    pub adjustments: Vec<Adjustment>,
    /// 其中：财政资金, when stated.
    pub fiscal_funds: Option<Fen>,
    /// 其他资金, when stated.
    pub other_funds: Option<Fen>,
    /// 资金用途 (from the target document; empty in a registry, and a
    /// `Box<str>` for the 8 bytes a `String` would add to every project).
    pub purpose: Box<str>,
    /// 绩效目标.
    pub goal: Box<str>,
    /// Who is warned about this project: shared, since an owner answers for
    /// many projects (a registry names each person once per distinct
    /// name and address, not once per row).
    pub owner: Option<Arc<Person>>,
    /// The disbursement plan.
    pub plan: Plan,
    /// 绩效指标 rows.
    pub indicators: Vec<Indicator>,
}

/// Warning thresholds, in percentage points behind the expected progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    /// Behind by at least this many points: yellow. Default 5.
    pub yellow_gap_points: Decimal,
    /// Behind by at least this many points: red. Default 10.
    pub red_gap_points: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            yellow_gap_points: Decimal::from(5),
            red_gap_points: Decimal::from(10),
        }
    }
}

/// Checked settings, with every path resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The fiscal year monitored.
    pub fiscal_year: i32,
    /// `[department]` of settings.toml: the unit, head and office when the
    /// projects come from a registry CSV, whose rows name owners but no one
    /// above them (without it nobody hears of a red checkpoint but its
    /// owner). A projects TOML has its own `[department]`.
    pub department: Option<Department>,
    /// Where finance staff drop ledger exports.
    pub ledger_dir: PathBuf,
    /// Where the job keeps its state (notification log, caches).
    pub state_dir: PathBuf,
    /// Where emails go when no SMTP server is configured.
    pub outbox_dir: PathBuf,
    /// Where reports are written.
    pub reports_dir: PathBuf,
    /// The CSV that receives rows that could not be used.
    pub quarantine_file: PathBuf,
    /// Budget adjustments of a registry (项目编码, 调整日期, 调整金额, 文号,
    /// 事由), `adjustments_file` in settings; None: no such file.
    pub adjustments_file: Option<PathBuf>,
    /// Each unit's own head and office (单位编码, 单位负责人, 负责人邮箱,
    /// 财务联系人, 财务邮箱), `units_file` in settings; None: no such file.
    pub units_file: Option<PathBuf>,
    /// Warning levels.
    pub thresholds: Thresholds,
    /// How ledger exports are recognised, tried in order.
    pub profiles: Vec<LedgerProfile>,
    /// When warnings go out and repeat (`[alerts]`).
    pub alerts: AlertSettings,
    /// Sender, monthly schedule, templates (`[email]`).
    pub email: EmailSettings,
    /// The mail server (`[smtp]`); None: .eml files into the outbox, unless
    /// `BUDGET_MONITOR_SMTP_URL` is set.
    pub smtp: Option<SmtpSettings>,
    /// Accepted explanations silencing a project's warnings (`[[exemption]]`).
    pub exemptions: Vec<Exemption>,
    /// Year-end self-evaluation weights and grade bands (`[evaluation]`).
    pub evaluation: EvaluationSettings,
    /// Local time for people (`timezone`, default Asia/Shanghai).
    pub timezone: Timezone,
    /// The official working calendar: the shipped years plus
    /// `calendar_files`.
    pub calendar: crate::base::calendar::Calendar,
}

/// A named fixed offset: the office's local time. China has no daylight
/// saving, so the zones an office here would name are fixed offsets and no
/// time-zone database is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timezone {
    /// As written, e.g. `Asia/Shanghai`.
    pub name: String,
    /// Its offset from UTC.
    pub offset: chrono::FixedOffset,
}

impl Default for Timezone {
    fn default() -> Self {
        Timezone::parse("Asia/Shanghai").expect("known zone")
    }
}

impl Timezone {
    /// Parses a zone name (Asia/Shanghai and the other zones of China,
    /// Hong Kong, Macau, Taipei, UTC) or an offset like `+08:00`.
    pub fn parse(s: &str) -> Option<Timezone> {
        let s = s.trim();
        let hours = match s {
            "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Harbin" | "Asia/Hong_Kong"
            | "Asia/Macau" | "Asia/Taipei" | "PRC" => Some(8 * 3600),
            "Asia/Urumqi" | "Asia/Kashgar" => Some(6 * 3600),
            "UTC" | "Etc/UTC" | "Z" => Some(0),
            _ => None,
        };
        let secs = match hours {
            Some(h) => h,
            None => {
                let (sign, rest) = match s.as_bytes().first()? {
                    b'+' => (1, &s[1..]),
                    b'-' => (-1, &s[1..]),
                    _ => return None,
                };
                let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
                let h: i32 = h.parse().ok()?;
                let m: i32 = m.parse().ok()?;
                if h > 14 || m > 59 {
                    return None;
                }
                sign * (h * 3600 + m * 60)
            }
        };
        Some(Timezone {
            name: s.to_string(),
            offset: chrono::FixedOffset::east_opt(secs)?,
        })
    }
}

impl Settings {
    /// The exemption in force for a project on a day, if any.
    pub fn exemption(&self, project: &str, day: NaiveDate) -> Option<&Exemption> {
        self.exemptions
            .iter()
            .filter(|e| e.project == project && day <= e.until)
            .max_by_key(|e| e.until)
    }
}

/// Everything a run needs to know before it reads a ledger.
#[derive(Debug, Clone)]
pub struct Config {
    /// Checked settings.
    pub settings: Settings,
    /// The department.
    pub department: Department,
    /// The projects, in file order.
    pub projects: Vec<Project>,
    /// Where the projects came from.
    pub projects_file: PathBuf,
}

/// One unit's (单位编码) part of a registry: the forms each unit files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// 单位编码 (empty: projects that name none).
    pub code: Arc<str>,
    /// 单位名称 of its first project that names one.
    pub name: Arc<str>,
    /// Its projects' indexes, ascending.
    pub projects: Vec<usize>,
}

impl Config {
    /// Who hears at once of project `i`'s red checkpoint: its unit's head
    /// when the units file names one, else the department head.
    pub fn head_of(&self, i: usize) -> Option<&Person> {
        self.unit_contacts(i)
            .and_then(|u| u.head.as_ref())
            .or(self.department.head.as_ref())
    }

    /// Whose digest lists project `i`'s new warnings and who receives its
    /// 情况说明: its unit's office when the units file names one, else the
    /// department's.
    pub fn office_of(&self, i: usize) -> Option<&Person> {
        self.unit_contacts(i)
            .and_then(|u| u.office.as_ref())
            .or(self.department.office.as_ref())
    }

    fn unit_contacts(&self, i: usize) -> Option<&UnitContacts> {
        if self.department.units.is_empty() {
            return None;
        }
        let p = self.projects.get(i)?;
        self.department.units.get(&*p.unit_code)
    }

    /// The units the projects name, in order of first appearance.
    pub fn units(&self) -> Vec<Unit> {
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut units: Vec<Unit> = Vec::new();
        for (i, p) in self.projects.iter().enumerate() {
            let k = *at.entry(&p.unit_code).or_insert_with(|| {
                units.push(Unit {
                    code: p.unit_code.clone(),
                    name: p.unit_name.clone(),
                    projects: Vec::new(),
                });
                units.len() - 1
            });
            let u = &mut units[k];
            if u.name.is_empty() {
                u.name = p.unit_name.clone();
            }
            u.projects.push(i);
        }
        units
    }

    /// The configuration of one unit: its projects only, and the unit as
    /// the department (head and office stay), so a report made from it is
    /// the unit's own.
    pub fn of_unit(&self, unit: &Unit) -> Config {
        let mut department = self.department.clone();
        if !unit.code.is_empty() {
            department.unit_code = unit.code.to_string();
        }
        if !unit.name.is_empty() {
            department.unit_name = unit.name.to_string();
        }
        Config {
            settings: self.settings.clone(),
            department,
            projects: unit
                .projects
                .iter()
                .map(|&i| self.projects[i].clone())
                .collect(),
            projects_file: self.projects_file.clone(),
        }
    }

    /// Looks a project up by code.
    pub fn project_index(&self) -> HashMap<&str, usize> {
        self.projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.as_str(), i))
            .collect()
    }
}
