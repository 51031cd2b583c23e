//! Reviews performance targets the way a finance bureau reviewer does before
//! approving them, because targets that cannot be measured (a 成本指标 of
//! "社会稳定", a count stated in percent) make the year-end self-evaluation
//! meaningless, and the bureau sends such documents back.
//!
//! The rules follow domain.md ("Indicator values", "The seed"): cost rows
//! must be money ceilings within the budget; counts are not percentages;
//! rates stay within 100 %; every project has 产出 and 效益 indicators; 二级
//! belongs to its 一级; budgets derived in the text add up; part one's totals
//! agree with the tables. Each finding names the project, the indicator when
//! there is one, a stable rule id and a sentence saying why.

use std::collections::BTreeSet;
use std::fmt;

use rust_decimal::Decimal;

use crate::base::i18n::Msg;
use crate::base::money::Fen;

use super::seed::{Project, SeedDocument, SummaryEntry};
use super::{halfwidth, squash};
use crate::model::indicator::{scan_decimal, IndicatorValue, Nature, UnitKind};
use crate::model::Indicator;

/// How much a finding matters to the reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The target is wrong or contradicts the budget; it would be sent back.
    Error,
    /// The target is unclear or misfiled; it would be queried.
    Warning,
    /// Poor practice worth a remark.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// The review rules. [`Rule::id`] is stable and meant for configuration,
/// tests and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A 成本指标 whose value is not an amount of money.
    CostNotCurrency,
    /// A 成本指标 in money that is a floor (≥) rather than a ceiling.
    CostNotCeiling,
    /// A 成本指标 above the project's whole budget.
    CostAboveBudget,
    /// A count (次, 个, 数量 …) stated with a percentage unit.
    CountWithPercent,
    /// A percentage target above 100 %.
    RateAbove100,
    /// A project without any 产出指标.
    MissingOutput,
    /// A project without any 效益指标.
    MissingBenefit,
    /// A 一级指标 outside 产出 / 效益 / 满意度 (/ 成本).
    Level1Unknown,
    /// A 二级指标 that does not belong under its 一级指标.
    LevelPairMismatch,
    /// A 三级指标 that is only a category name ("社会效益指标").
    Level3NamesCategory,
    /// A cost measured outside 成本指标 ("信访件回复成本" under 效益).
    MisfiledCost,
    /// A satisfaction indicator filed under 效益 instead of 满意度.
    SatisfactionUnderBenefit,
    /// A number run into words instead of a unit ("≥90良好").
    ValueMixed,
    /// A number without any unit ("≥95").
    ValueMissingUnit,
    /// A budget derived in the text that differs from the 预算数.
    BudgetDerivationMismatch,
    /// A derivation whose own arithmetic is wrong (a × b ≠ stated total).
    DerivationArithmetic,
    /// Part one's stated department total differs from the sum of budgets.
    DepartmentTotalMismatch,
    /// Part one's stated number of projects differs from the tables.
    ProjectCountMismatch,
    /// A part-one project amount that differs from its table's 预算数.
    SummaryAmountMismatch,
    /// A part-one project paragraph that matches no project table.
    SummaryUnmatched,
}

impl Rule {
    /// The stable identifier, e.g. `cost-not-currency`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::CostNotCurrency => "cost-not-currency",
            Rule::CostNotCeiling => "cost-not-ceiling",
            Rule::CostAboveBudget => "cost-above-budget",
            Rule::CountWithPercent => "count-with-percent",
            Rule::RateAbove100 => "rate-above-100",
            Rule::MissingOutput => "missing-output",
            Rule::MissingBenefit => "missing-benefit",
            Rule::Level1Unknown => "level1-unknown",
            Rule::LevelPairMismatch => "level-pair-mismatch",
            Rule::Level3NamesCategory => "level3-names-category",
            Rule::MisfiledCost => "misfiled-cost",
            Rule::SatisfactionUnderBenefit => "satisfaction-under-benefit",
            Rule::ValueMixed => "value-mixed",
            Rule::ValueMissingUnit => "value-missing-unit",
            Rule::BudgetDerivationMismatch => "budget-derivation-mismatch",
            Rule::DerivationArithmetic => "derivation-arithmetic",
            Rule::DepartmentTotalMismatch => "department-total-mismatch",
            Rule::ProjectCountMismatch => "project-count-mismatch",
            Rule::SummaryAmountMismatch => "summary-amount-mismatch",
            Rule::SummaryUnmatched => "summary-unmatched",
        }
    }

    /// The catalogue key of the rule's finding sentence, `lint-<id>`.
    pub fn message_key(self) -> &'static str {
        match self {
            Rule::CostNotCurrency => "lint-cost-not-currency",
            Rule::CostNotCeiling => "lint-cost-not-ceiling",
            Rule::CostAboveBudget => "lint-cost-above-budget",
            Rule::CountWithPercent => "lint-count-with-percent",
            Rule::RateAbove100 => "lint-rate-above-100",
            Rule::MissingOutput => "lint-missing-output",
            Rule::MissingBenefit => "lint-missing-benefit",
            Rule::Level1Unknown => "lint-level1-unknown",
            Rule::LevelPairMismatch => "lint-level-pair-mismatch",
            Rule::Level3NamesCategory => "lint-level3-names-category",
            Rule::MisfiledCost => "lint-misfiled-cost",
            Rule::SatisfactionUnderBenefit => "lint-satisfaction-under-benefit",
            Rule::ValueMixed => "lint-value-mixed",
            Rule::ValueMissingUnit => "lint-value-missing-unit",
            Rule::BudgetDerivationMismatch => "lint-budget-derivation-mismatch",
            Rule::DerivationArithmetic => "lint-derivation-arithmetic",
            Rule::DepartmentTotalMismatch => "lint-department-total-mismatch",
            Rule::ProjectCountMismatch => "lint-project-count-mismatch",
            Rule::SummaryAmountMismatch => "lint-summary-amount-mismatch",
            Rule::SummaryUnmatched => "lint-summary-unmatched",
        }
    }

    /// The catalogue key of the rule's short name, as the year-end form
    /// shows it ("成本指标未以货币计量"), `lint-rule-<id>`.
    pub fn label_key(self) -> &'static str {
        match self {
            Rule::CostNotCurrency => "lint-rule-cost-not-currency",
            Rule::CostNotCeiling => "lint-rule-cost-not-ceiling",
            Rule::CostAboveBudget => "lint-rule-cost-above-budget",
            Rule::CountWithPercent => "lint-rule-count-with-percent",
            Rule::RateAbove100 => "lint-rule-rate-above-100",
            Rule::MissingOutput => "lint-rule-missing-output",
            Rule::MissingBenefit => "lint-rule-missing-benefit",
            Rule::Level1Unknown => "lint-rule-level1-unknown",
            Rule::LevelPairMismatch => "lint-rule-level-pair-mismatch",
            Rule::Level3NamesCategory => "lint-rule-level3-names-category",
            Rule::MisfiledCost => "lint-rule-misfiled-cost",
            Rule::SatisfactionUnderBenefit => "lint-rule-satisfaction-under-benefit",
            Rule::ValueMixed => "lint-rule-value-mixed",
            Rule::ValueMissingUnit => "lint-rule-value-missing-unit",
            Rule::BudgetDerivationMismatch => "lint-rule-budget-derivation-mismatch",
            Rule::DerivationArithmetic => "lint-rule-derivation-arithmetic",
            Rule::DepartmentTotalMismatch => "lint-rule-department-total-mismatch",
            Rule::ProjectCountMismatch => "lint-rule-project-count-mismatch",
            Rule::SummaryAmountMismatch => "lint-rule-summary-amount-mismatch",
            Rule::SummaryUnmatched => "lint-rule-summary-unmatched",
        }
    }

    /// Every rule, in declaration order.
    pub const ALL: [Rule; 20] = [
        Rule::CostNotCurrency,
        Rule::CostNotCeiling,
        Rule::CostAboveBudget,
        Rule::CountWithPercent,
        Rule::RateAbove100,
        Rule::MissingOutput,
        Rule::MissingBenefit,
        Rule::Level1Unknown,
        Rule::LevelPairMismatch,
        Rule::Level3NamesCategory,
        Rule::MisfiledCost,
        Rule::SatisfactionUnderBenefit,
        Rule::ValueMixed,
        Rule::ValueMissingUnit,
        Rule::BudgetDerivationMismatch,
        Rule::DerivationArithmetic,
        Rule::DepartmentTotalMismatch,
        Rule::ProjectCountMismatch,
        Rule::SummaryAmountMismatch,
        Rule::SummaryUnmatched,
    ];

    /// The default severity of the rule's findings.
    pub fn severity(self) -> Severity {
        match self {
            Rule::CostNotCurrency
            | Rule::CostAboveBudget
            | Rule::CountWithPercent
            | Rule::RateAbove100
            | Rule::MissingOutput
            | Rule::MissingBenefit
            | Rule::Level1Unknown
            | Rule::LevelPairMismatch
            | Rule::BudgetDerivationMismatch
            | Rule::DerivationArithmetic
            | Rule::DepartmentTotalMismatch
            | Rule::SummaryAmountMismatch => Severity::Error,
            Rule::CostNotCeiling
            | Rule::Level3NamesCategory
            | Rule::MisfiledCost
            | Rule::ValueMixed
            | Rule::ProjectCountMismatch
            | Rule::SummaryUnmatched => Severity::Warning,
            Rule::SatisfactionUnderBenefit | Rule::ValueMissingUnit => Severity::Info,
        }
    }
}

/// The project a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectRef {
    /// 项目编码.
    pub code: String,
    /// 项目名称.
    pub name: String,
}

/// The indicator row a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndicatorRef {
    /// Seed line of the row.
    pub line: usize,
    /// 三级指标.
    pub level3: String,
    /// 指标值, as written.
    pub value: String,
}

/// One problem found by the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which rule.
    pub rule: Rule,
    /// How much it matters.
    pub severity: Severity,
    /// The project; None for department-wide findings.
    pub project: Option<ProjectRef>,
    /// The indicator row, when the finding is about one.
    pub indicator: Option<IndicatorRef>,
    /// Why this is a problem, in one sentence (the catalogue's
    /// `lint-<rule id>`, in the language in use when shown).
    pub message: Msg,
}

impl Finding {
    /// The finding on one line in `lang`: severity, rule id (both stable
    /// in every language), project, indicator, why.
    pub fn line_in(&self, lang: crate::base::i18n::Lang) -> String {
        use crate::base::i18n::message_in;
        let mut tag = format!("{}[{}]", self.severity, self.rule.id());
        match &self.project {
            Some(p) => tag.push_str(&format!(" {} {}", p.code, p.name)),
            None => {
                tag.push(' ');
                tag.push_str(&message_in(lang, "lint-department", &[]));
            }
        }
        if let Some(i) = &self.indicator {
            tag.push_str(&format!(" / {} = {}", i.level3, i.value));
        }
        message_in(
            lang,
            "lint-finding",
            &[("tag", tag), ("message", self.message.in_lang(lang))],
        )
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line_in(crate::base::i18n::lang()))
    }
}

/// Reviews a whole document: part one's totals and paragraphs against the
/// tables, then every project (with its part-one paragraph as extra text in
/// which derivations may be stated). Findings come in document order.
pub fn lint_document(doc: &SeedDocument) -> Vec<Finding> {
    let mut out = Vec::new();
    let total = doc.total_budget_fen();
    if let Some(stated) = doc.stated_total_fen {
        if stated != total {
            out.push(department(
                Rule::DepartmentTotalMismatch,
                msg(
                    Rule::DepartmentTotalMismatch,
                    vec![
                        ("stated", Fen(stated).plain()),
                        ("total", Fen(total).plain()),
                    ],
                ),
            ));
        }
    }
    if let Some(stated) = doc.stated_project_count {
        if stated != doc.projects.len() {
            out.push(department(
                Rule::ProjectCountMismatch,
                msg(
                    Rule::ProjectCountMismatch,
                    vec![
                        ("stated", stated.to_string()),
                        ("count", doc.projects.len().to_string()),
                    ],
                ),
            ));
        }
    }

    let mut context: Vec<Vec<&str>> = vec![Vec::new(); doc.projects.len()];
    for entry in &doc.summaries {
        match match_summary(&entry.title, &doc.projects) {
            Some(k) => {
                let p = &doc.projects[k];
                context[k].push(entry.text.as_str());
                if let Some(amount) = entry.amount_fen {
                    if amount != p.budget.0 {
                        out.push(Finding {
                            rule: Rule::SummaryAmountMismatch,
                            severity: Rule::SummaryAmountMismatch.severity(),
                            project: Some(project_ref(p)),
                            indicator: None,
                            message: msg(
                                Rule::SummaryAmountMismatch,
                                vec![
                                    ("line", entry.line.to_string()),
                                    ("title", shown(&entry.title)),
                                    ("amount", Fen(amount).plain()),
                                    ("budget", p.budget.plain()),
                                ],
                            ),
                        });
                    }
                }
            }
            None => out.push(unmatched(entry)),
        }
    }

    for (p, extra) in doc.projects.iter().zip(&context) {
        out.extend(lint_project(p, extra));
    }
    out
}

/// Reviews one project. `extra_text` is prose about the project from
/// elsewhere in the document (part one's paragraph), searched for budget
/// derivations like the project's own 资金用途 and 绩效目标.
pub fn lint_project(project: &Project, extra_text: &[&str]) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in &project.indicators {
        lint_row(project, row, &mut out);
    }
    let has = |level1: &str| {
        project
            .indicators
            .iter()
            .any(|r| category(&r.level1) == level1)
    };
    if !has("产出") {
        out.push(project_finding(
            project,
            Rule::MissingOutput,
            msg(Rule::MissingOutput, Vec::new()),
        ));
    }
    if !has("效益") {
        out.push(project_finding(
            project,
            Rule::MissingBenefit,
            msg(Rule::MissingBenefit, Vec::new()),
        ));
    }

    let mut texts: Vec<&str> = vec![&project.purpose, &project.goal];
    texts.extend_from_slice(extra_text);
    let mut seen = BTreeSet::new();
    let budget = Decimal::new(project.budget.0, 2);
    for d in texts.iter().flat_map(|t| derivations(t)) {
        if !seen.insert((d.factors.clone(), d.stated)) {
            continue;
        }
        let product = d.product();
        let product_text = d
            .factors
            .iter()
            .map(|f| f.normalize().to_string())
            .collect::<Vec<_>>()
            .join(" × ");
        if let Some(stated) = d.stated {
            if stated != product {
                out.push(project_finding(
                    project,
                    Rule::DerivationArithmetic,
                    msg(
                        Rule::DerivationArithmetic,
                        vec![
                            ("shown", product_text.clone()),
                            ("stated", stated.normalize().to_string()),
                            ("product", product.normalize().to_string()),
                            ("excerpt", shown(&d.excerpt)),
                        ],
                    ),
                ));
            }
        }
        let claimed = d.stated.unwrap_or(product);
        if claimed != budget {
            out.push(project_finding(
                project,
                Rule::BudgetDerivationMismatch,
                msg(
                    Rule::BudgetDerivationMismatch,
                    vec![
                        ("claimed", claimed.normalize().to_string()),
                        ("shown", product_text.clone()),
                        ("budget", project.budget.plain()),
                        ("excerpt", shown(&d.excerpt)),
                    ],
                ),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Indicator rows

/// 一级 → the 二级 that belong under it, in the categories' short form
/// (without 指标). 成本 as a 一级 is the 2021 national framework's layout;
/// the seed's older layout files 成本 under 产出.
const LEVELS: &[(&str, &[&str])] = &[
    ("产出", &["数量", "质量", "时效", "成本"]),
    (
        "效益",
        &[
            "经济效益",
            "社会效益",
            "生态效益",
            "生态环境效益",
            "可持续影响",
        ],
    ),
    ("满意度", &["服务对象满意度"]),
    ("成本", &["经济成本", "社会成本", "生态环境成本"]),
];

/// "社会效益指标" and "社会效益" are the same category.
fn category(s: &str) -> String {
    let t = squash(s);
    t.strip_suffix("指标").unwrap_or(&t).to_string()
}

fn is_category_name(c: &str) -> bool {
    LEVELS.iter().any(|(l1, l2s)| *l1 == c || l2s.contains(&c))
}

/// Words that make a 三级 name a rate or share rather than a count.
const RATE_WORDS: &[&str] = &["率", "比例", "比率", "占比", "%", "百分"];

/// Endings that make a 三级 name a count. Chinese names put the head last:
/// "维护监控设备的数量" is a count, "数量完成情况" is a completion status.
const COUNT_ENDINGS: &[&str] = &[
    "次数",
    "人次",
    "户次",
    "场次",
    "数量",
    "个数",
    "件数",
    "台数",
    "套数",
    "人数",
    "户数",
    "项数",
    "种类",
    "种类数",
    "节点数",
    "次",
    "个",
];

fn is_rate_name(level3: &str) -> bool {
    let t = squash(level3);
    RATE_WORDS.iter().any(|w| t.contains(w))
}

/// A count-type indicator: its unit counts, or its name ends with a count
/// word (or a count unit in brackets, "宣传次数（次）") and is neither a rate
/// nor an amount of money.
fn is_count(level3: &str, value: &IndicatorValue) -> bool {
    if value.unit_kind() == Some(UnitKind::Count) {
        return true;
    }
    if is_rate_name(level3) || squash(level3).contains('元') {
        return false;
    }
    let t = squash(level3);
    let (head, bracket) = match t.strip_suffix(')').and_then(|x| x.rsplit_once('(')) {
        Some((head, unit)) => (head, Some(unit)),
        None => (t.as_str(), None),
    };
    bracket.is_some_and(|u| crate::model::indicator::unit_kind(u) == Some(UnitKind::Count))
        || COUNT_ENDINGS.iter().any(|w| head.ends_with(w))
}

/// A 三级 name that measures a cost (but not a saving).
fn names_a_cost(level3: &str) -> bool {
    let t = squash(level3);
    ["成本", "费用", "经费"].iter().any(|w| t.contains(w))
        && !["节省", "节约", "节支", "降低"]
            .iter()
            .any(|w| t.contains(w))
}

fn lint_row(p: &Project, row: &Indicator, out: &mut Vec<Finding>) {
    let value = IndicatorValue::parse(&row.value);
    let l1 = category(&row.level1);
    let l2 = category(&row.level2);
    let mut push = |rule: Rule, args: Vec<(&'static str, String)>| {
        out.push(row_finding(p, row, rule, msg(rule, args)))
    };

    match LEVELS.iter().find(|(name, _)| *name == l1) {
        None => push(Rule::Level1Unknown, vec![("level1", shown(&row.level1))]),
        Some((_, allowed)) if !allowed.contains(&l2.as_str()) => push(
            Rule::LevelPairMismatch,
            vec![
                ("level2", shown(&row.level2)),
                ("level1", shown(&row.level1)),
                (
                    "allowed",
                    allowed
                        .iter()
                        .map(|a| format!("{a}指标"))
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
            ],
        ),
        Some(_) => {}
    }

    let l3 = squash(&row.level3);
    if l3.ends_with("指标") && is_category_name(&category(&row.level3)) {
        push(
            Rule::Level3NamesCategory,
            vec![("level3", shown(&row.level3))],
        );
    }

    let is_cost_row = l2 == "成本" || l1 == "成本";
    if is_cost_row {
        if value.unit_kind() != Some(UnitKind::Currency) {
            push(Rule::CostNotCurrency, vec![("value", shown(&row.value))]);
        } else if !matches!(value.nature, Nature::AtMost | Nature::Equal) {
            push(Rule::CostNotCeiling, vec![("value", shown(&row.value))]);
        } else if let Some(fen) = value.amount_fen().filter(|f| *f > p.budget.0) {
            push(
                Rule::CostAboveBudget,
                vec![("cost", Fen(fen).plain()), ("budget", p.budget.plain())],
            );
        }
    } else if names_a_cost(&row.level3) {
        push(
            Rule::MisfiledCost,
            vec![
                ("level3", shown(&row.level3)),
                ("level1", shown(&row.level1)),
                ("level2", shown(&row.level2)),
            ],
        );
    }

    if value.unit_kind() == Some(UnitKind::Percent) && is_count(&row.level3, &value) {
        push(
            Rule::CountWithPercent,
            vec![("level3", shown(&row.level3)), ("value", shown(&row.value))],
        );
    }

    let percentish = value.unit_kind() == Some(UnitKind::Percent)
        || (value.unit.is_none() && is_rate_name(&row.level3));
    let growth = ["增长", "增幅", "提高"].iter().any(|w| l3.contains(w));
    if let Some(n) = value.number {
        if percentish && n > Decimal::from(100) && value.nature != Nature::AtMost && !growth {
            push(
                Rule::RateAbove100,
                vec![("level3", shown(&row.level3)), ("value", shown(&row.value))],
            );
        }
    }

    if value.is_mixed() {
        push(
            Rule::ValueMixed,
            vec![("value", shown(&row.value)), ("text", shown(&value.text))],
        );
    } else if value.number.is_some() && value.unit.is_none() && !is_cost_row {
        push(Rule::ValueMissingUnit, vec![("value", shown(&row.value))]);
    }

    if l1 == "效益" && l3.contains("满意") {
        push(
            Rule::SatisfactionUnderBenefit,
            vec![
                ("level3", shown(&row.level3)),
                ("level1", shown(&row.level1)),
            ],
        );
    }
}

// ---------------------------------------------------------------------------
// Budget derivations in prose

/// "812名网格员*39元每月*12个月=380016元" or "95个，每…2400元，共计228000元":
/// factors, and the total the text states (in yuan) if it states one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Derivation {
    factors: Vec<Decimal>,
    stated: Option<Decimal>,
    excerpt: String,
}

impl Derivation {
    fn product(&self) -> Decimal {
        self.factors
            .iter()
            .try_fold(Decimal::ONE, |acc, f| acc.checked_mul(*f))
            .unwrap_or(Decimal::MAX)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Decimal),
    Word(String),
    Times,
    Equals,
}

/// Count units that may follow the number of things paid for.
const COUNT_UNITS: &[char] = &[
    '个', '名', '人', '台', '套', '户', '处', '部', '条', '件', '辆', '座', '所', '家', '间', '块',
];

/// Total markers in prose: "共计228000元".
const TOTAL_MARKERS: &[&str] = &[
    "共计",
    "合计",
    "总计",
    "共",
    "总额",
    "总额为",
    "共计为",
    "合计为",
];

fn tokens(sentence: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    while i < sentence.len() {
        let c = sentence[i];
        let prev_digit = i > 0 && sentence[i - 1].is_ascii_digit();
        let next_digit = sentence.get(i + 1).is_some_and(char::is_ascii_digit);
        let op = match c {
            '*' | '×' | '✕' | '✖' => Some(Tok::Times),
            'x' | 'X' if prev_digit && next_digit => Some(Tok::Times),
            '=' => Some(Tok::Equals),
            _ => None,
        };
        if let Some(op) = op {
            if !word.is_empty() {
                out.push(Tok::Word(std::mem::take(&mut word)));
            }
            out.push(op);
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            if let Some((n, end)) = scan_decimal(sentence, i) {
                if !word.is_empty() {
                    out.push(Tok::Word(std::mem::take(&mut word)));
                }
                out.push(Tok::Num(n));
                i = end;
                continue;
            }
        }
        if !c.is_whitespace() {
            word.push(c);
        }
        i += 1;
    }
    if !word.is_empty() {
        out.push(Tok::Word(word));
    }
    out
}

/// The yuan per unit a number is written in, from the word after it:
/// "元…" → 1, "万元…" → 10000; None when the number is not money.
fn money_scale(word: Option<&Tok>) -> Option<Decimal> {
    match word {
        Some(Tok::Word(w)) if w.starts_with("万元") => Some(Decimal::from(10_000)),
        Some(Tok::Word(w)) if w.starts_with('元') => Some(Decimal::ONE),
        _ => None,
    }
}

fn derivations(text: &str) -> Vec<Derivation> {
    let norm: Vec<char> = text.chars().map(halfwidth).collect();
    let mut out = Vec::new();
    for sentence in norm.split(|c| matches!(c, '。' | ';' | '!' | '?' | '\n')) {
        let toks = tokens(sentence);
        let excerpt: String = sentence.iter().collect::<String>().trim().to_string();
        let before = out.len();
        explicit_products(&toks, &excerpt, &mut out);
        if out.len() == before {
            unit_price_totals(&toks, &excerpt, &mut out);
        }
    }
    out
}

/// "a*b*c=d": at least two factors joined by ×, money somewhere in them.
fn explicit_products(toks: &[Tok], excerpt: &str, out: &mut Vec<Derivation>) {
    let mut i = 0;
    while i < toks.len() {
        let Tok::Num(first) = toks[i] else {
            i += 1;
            continue;
        };
        let mut factors = Vec::new();
        let mut is_money = false;
        let mut j = i;
        let mut n = first;
        loop {
            let scale = money_scale(toks.get(j + 1));
            is_money |= scale.is_some();
            factors.push(n.checked_mul(scale.unwrap_or(Decimal::ONE)).unwrap_or(n));
            j += 1;
            if matches!(toks.get(j), Some(Tok::Word(_))) {
                j += 1;
            }
            match (toks.get(j), toks.get(j + 1)) {
                (Some(Tok::Times), Some(Tok::Num(next))) => {
                    n = *next;
                    j += 1;
                }
                _ => break,
            }
        }
        if factors.len() < 2 {
            i += 1;
            continue;
        }
        let mut stated = None;
        if let (Some(Tok::Equals), Some(Tok::Num(total))) = (toks.get(j), toks.get(j + 1)) {
            if let Some(scale) = money_scale(toks.get(j + 2)) {
                is_money = true;
                stated = total.checked_mul(scale);
            }
            j += 2;
        }
        if is_money {
            out.push(Derivation {
                factors,
                stated,
                excerpt: excerpt.to_string(),
            });
        }
        i = j.max(i + 1);
    }
}

/// "95个，每年每节点需支付…2400元，共计228000元": the count of things before a
/// 每, the price right before the total, and the stated total. "每月" with
/// "N个月" in the sentence multiplies by the months too.
fn unit_price_totals(toks: &[Tok], excerpt: &str, out: &mut Vec<Derivation>) {
    for t in 0..toks.len() {
        let Tok::Word(marker) = &toks[t] else {
            continue;
        };
        if !TOTAL_MARKERS.iter().any(|m| marker.ends_with(m)) {
            continue;
        }
        let (Some(Tok::Num(total)), Some(scale)) = (toks.get(t + 1), money_scale(toks.get(t + 2)))
        else {
            continue;
        };
        // The price is the money amount nearest before the total.
        let Some(p) = (0..t)
            .rev()
            .find(|&k| matches!(toks[k], Tok::Num(_)) && money_scale(toks.get(k + 1)).is_some())
        else {
            continue;
        };
        let (Tok::Num(price), Some(price_scale)) = (&toks[p], money_scale(toks.get(p + 1))) else {
            continue;
        };
        // The count: the nearest number of things before the price whose
        // words up to the price say 每 (per).
        let count = (0..p)
            .rev()
            .find_map(|k| match (&toks[k], toks.get(k + 1)) {
                (Tok::Num(n), Some(Tok::Word(w)))
                    if w.starts_with(COUNT_UNITS)
                        && toks[k + 1..p]
                            .iter()
                            .any(|x| matches!(x, Tok::Word(w) if w.contains('每'))) =>
                {
                    Some(*n)
                }
                _ => None,
            });
        let Some(count) = count else {
            continue;
        };
        let mut factors = vec![count, price.checked_mul(price_scale).unwrap_or(*price)];
        let monthly = toks
            .iter()
            .any(|x| matches!(x, Tok::Word(w) if w.contains("每月")));
        if monthly {
            let months = toks.windows(2).find_map(|w| match w {
                [Tok::Num(n), Tok::Word(u)] if u.starts_with("个月") => Some(*n),
                _ => None,
            });
            factors.extend(months);
        }
        out.push(Derivation {
            factors,
            stated: total.checked_mul(scale),
            excerpt: excerpt.to_string(),
        });
    }
}

// ---------------------------------------------------------------------------
// Part one ↔ tables

/// Which project table a part-one paragraph is about. Part one names
/// projects loosely ("政法网运行维护费" for the table "政法网维护费",
/// "扫黑除恶专项斗争工作经费" for "扫黑除恶工作经费"), so the match tries equal
/// names, then containment, then one name's characters in order within the
/// other; among ties the longest name wins.
fn match_summary(title: &str, projects: &[Project]) -> Option<usize> {
    let t = squash(title);
    if t.is_empty() {
        return None;
    }
    type Test = fn(&str, &str) -> bool;
    let tiers: [Test; 3] = [
        |a, b| a == b,
        |a, b| a.contains(b) || b.contains(a),
        |a, b| is_subsequence(b, a) || is_subsequence(a, b),
    ];
    for test in tiers {
        let best = projects
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let n = squash(&p.name);
                !n.is_empty() && test(&t, &n)
            })
            .max_by_key(|(k, p)| (p.name.chars().count(), std::cmp::Reverse(*k)));
        if let Some((k, _)) = best {
            return Some(k);
        }
    }
    None
}

/// Are `needle`'s characters found in order within `hay`?
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

// ---------------------------------------------------------------------------
// Helpers

fn project_ref(p: &Project) -> ProjectRef {
    ProjectRef {
        code: p.code.clone(),
        name: p.name.clone(),
    }
}

/// The finding's sentence: the catalogue's `lint-<rule id>` with `args`.
fn msg(rule: Rule, args: Vec<(&'static str, String)>) -> Msg {
    Msg::new(rule.message_key(), args)
}

/// Text from the document as a finding quotes it: control characters and
/// bidirectional overrides made visible, so a finding cannot steer the
/// terminal.
fn shown(s: &str) -> String {
    crate::base::escape::terminal(s)
}

fn project_finding(p: &Project, rule: Rule, message: Msg) -> Finding {
    Finding {
        rule,
        severity: rule.severity(),
        project: Some(project_ref(p)),
        indicator: None,
        message,
    }
}

fn row_finding(p: &Project, row: &Indicator, rule: Rule, message: Msg) -> Finding {
    Finding {
        rule,
        severity: rule.severity(),
        project: Some(project_ref(p)),
        indicator: Some(IndicatorRef {
            line: row.line,
            level3: row.level3.clone(),
            value: row.value.clone(),
        }),
        message,
    }
}

fn department(rule: Rule, message: Msg) -> Finding {
    Finding {
        rule,
        severity: rule.severity(),
        project: None,
        indicator: None,
        message,
    }
}

fn unmatched(entry: &SummaryEntry) -> Finding {
    department(
        Rule::SummaryUnmatched,
        msg(
            Rule::SummaryUnmatched,
            vec![
                ("line", entry.line.to_string()),
                ("title", shown(&entry.title)),
            ],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::dates::month_end;
    use crate::base::i18n::Lang;
    use crate::base::money::Fen;
    use crate::model::plan::{Checkpoint, Plan};
    use crate::model::Indicator;
    use crate::targets::test_support::seed_doc;

    /// (rule id, project code, 三级指标 or "" for project/department findings)
    type Key = (&'static str, String, String);

    fn keys(findings: &[Finding]) -> Vec<Key> {
        findings
            .iter()
            .map(|f| {
                (
                    f.rule.id(),
                    f.project
                        .as_ref()
                        .map(|p| p.code.clone())
                        .unwrap_or_default(),
                    f.indicator
                        .as_ref()
                        .map(|i| i.level3.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Every finding on the seed, checked by hand against the document.
    const SEED_FINDINGS: &[(&str, &str, &str)] = &[
        // 1. 见义勇为基金
        ("cost-not-currency", "13022925P00004610003B", "社会稳定水平"),
        (
            "satisfaction-under-benefit",
            "13022925P00004610003B",
            "服务对象满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004610003B",
            "群众满意度",
        ),
        // 2. 联合接访中心、邪教防范、稳定工作: values without units throughout.
        ("value-missing-unit", "13022925P00004010007P", "完成率"),
        ("value-missing-unit", "13022925P00004010007P", "化解矛盾率"),
        ("value-missing-unit", "13022925P00004010007P", "完成率"),
        ("cost-not-currency", "13022925P00004010007P", "社会稳定水平"),
        ("misfiled-cost", "13022925P00004010007P", "信访件回复成本"),
        (
            "value-missing-unit",
            "13022925P00004010007P",
            "服务对象满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004010007P",
            "服务对象满意度",
        ),
        (
            "value-missing-unit",
            "13022925P00004010007P",
            "受益群体的满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004010007P",
            "受益群体的满意度",
        ),
        ("value-missing-unit", "13022925P00004010007P", "评估满意率"),
        // 3. 扫黑除恶工作经费: the 成本 row's 三级 cell holds a 二级 name.
        (
            "level3-names-category",
            "13022925P00004610002P",
            "社会效益指标",
        ),
        ("cost-not-currency", "13022925P00004610002P", "社会效益指标"),
        (
            "satisfaction-under-benefit",
            "13022925P00004610002P",
            "群众满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004610002P",
            "服务对象满意度",
        ),
        // 4. 涉法涉诉信访救助基金
        ("cost-not-currency", "13022925P00004710002D", "社会影响力"),
        (
            "satisfaction-under-benefit",
            "13022925P00004710002D",
            "群众满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004710002D",
            "服务对象是否满意",
        ),
        // 5. 社会治安综合治理专项事业费
        ("cost-not-currency", "13022925P000040100064", "社会影响力"),
        (
            "satisfaction-under-benefit",
            "13022925P000040100064",
            "群众满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P000040100064",
            "受益人口满意度",
        ),
        // 6. 社会治理智能化平台建设项目经费
        ("cost-not-currency", "13022925P000030100059", "控制在预算内"),
        // 7. 暑期警卫保障经费
        ("cost-not-currency", "13022925P00JXC410136G", "社会稳定水平"),
        (
            "satisfaction-under-benefit",
            "13022925P00JXC410136G",
            "服务对象满意度（%）",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00JXC410136G",
            "综合服务受益对象满意度",
        ),
        // 8. 严重精神障碍患者监护人以奖代补和责任险
        (
            "cost-not-currency",
            "13022925P00004210001D",
            "符合有奖监护条件",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004210001D",
            "群众满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00004210001D",
            "服务对象满意度",
        ),
        (
            "level3-names-category",
            "13022925P00004210001D",
            "服务对象满意度指标",
        ),
        // 9. 政法网光纤传输租赁费
        (
            "count-with-percent",
            "13022925P000030100032",
            "办公自动化覆盖业务种类",
        ),
        ("value-mixed", "13022925P000030100032", "业务处理及时性"),
        ("cost-not-currency", "13022925P000030100032", "数据共享率"),
        ("value-mixed", "13022925P000030100032", "数据共享率"),
        (
            "satisfaction-under-benefit",
            "13022925P000030100032",
            "用户使用满意度",
        ),
        // 10. 政法网维护费
        ("cost-not-currency", "13022925P00003010004M", "指挥调度"),
        (
            "satisfaction-under-benefit",
            "13022925P00003010004M",
            "用户使用满意度",
        ),
        (
            "satisfaction-under-benefit",
            "13022925P00003010004M",
            "群众满意度",
        ),
        // 11. 重点部位视频监控项目维护费
        (
            "count-with-percent",
            "13022925P00003010006W",
            "维护监控设备的数量",
        ),
        (
            "cost-not-currency",
            "13022925P00003010006W",
            "成本报价的准确性",
        ),
        // 12. 综治信息化系统建设经费
        (
            "cost-not-currency",
            "13022925P00004010008B",
            "项目建设经济性",
        ),
        (
            "count-with-percent",
            "13022925P00004010008B",
            "提供服务次数",
        ),
    ];

    #[test]
    fn seed_findings_exactly() {
        let findings = lint_document(&seed_doc());
        let want: Vec<Key> = SEED_FINDINGS
            .iter()
            .map(|&(r, c, l)| (r, c.to_string(), l.to_string()))
            .collect();
        assert_eq!(keys(&findings), want);
        for f in &findings {
            assert_eq!(f.severity, f.rule.severity());
            for lang in [Lang::Zh, Lang::En] {
                let text = f.message.in_lang(lang);
                assert!(!text.is_empty() && text != f.message.key, "{text}");
            }
        }
    }

    #[test]
    fn seed_derivations_are_found_and_agree() {
        let doc = seed_doc();
        let six = derivations(&doc.summaries[5].text);
        assert_eq!(six.len(), 1);
        assert_eq!(six[0].factors, [Decimal::from(95), Decimal::from(2400)]);
        assert_eq!(six[0].stated, Some(Decimal::from(228_000)));
        let eight = derivations(&doc.summaries[7].text);
        assert_eq!(eight.len(), 1);
        assert_eq!(
            eight[0].factors,
            [Decimal::from(812), Decimal::from(39), Decimal::from(12)]
        );
        assert_eq!(eight[0].stated, Some(Decimal::from(380_016)));
        // With a budget that disagrees, both are reported.
        let mut changed = doc.clone();
        for p in &mut changed.projects {
            if p.name == "政法网光纤传输租赁费" || p.name == "综治信息化系统建设经费"
            {
                p.budget.0 += 100;
            }
        }
        let derived: Vec<_> = lint_document(&changed)
            .into_iter()
            .filter(|f| f.rule == Rule::BudgetDerivationMismatch)
            .map(|f| f.project.map(|p| p.name).unwrap_or_default())
            .collect();
        assert_eq!(derived, ["政法网光纤传输租赁费", "综治信息化系统建设经费"]);
    }

    #[test]
    fn part_one_paragraphs_match_their_tables() {
        let doc = seed_doc();
        let matched: Vec<&str> = doc
            .summaries
            .iter()
            .map(|s| {
                match_summary(&s.title, &doc.projects)
                    .map(|k| doc.projects[k].name.as_str())
                    .unwrap_or("")
            })
            .collect();
        assert_eq!(
            matched,
            [
                "社会治安综合治理专项事业费",
                "涉法涉诉信访救助基金",
                "联合接访中心、邪教防范、稳定工作",
                "扫黑除恶工作经费",
                "严重精神障碍患者监护人以奖代补和责任险",
                "政法网光纤传输租赁费",
                "政法网维护费",
                "综治信息化系统建设经费",
                "见义勇为基金",
                "暑期警卫保障经费",
                "社会治理智能化平台建设项目经费",
                "重点部位视频监控项目维护费",
            ]
        );
    }

    #[test]
    fn department_rules() {
        let mut doc = seed_doc();
        doc.stated_total_fen = Some(400_000_000);
        doc.stated_project_count = Some(11);
        doc.summaries[0].amount_fen = Some(100);
        doc.summaries.push(SummaryEntry {
            line: 60,
            title: "无名项目".into(),
            amount_fen: None,
            text: String::new(),
        });
        let got: Vec<Key> = keys(&lint_document(&doc))
            .into_iter()
            .filter(|k| !SEED_FINDINGS.iter().any(|s| s.0 == k.0))
            .collect();
        assert_eq!(
            got,
            [
                ("department-total-mismatch", String::new(), String::new()),
                ("project-count-mismatch", String::new(), String::new()),
                (
                    "summary-amount-mismatch",
                    "13022925P000040100064".to_string(),
                    String::new()
                ),
                ("summary-unmatched", String::new(), String::new()),
            ]
        );
    }

    /// A project with a 50,000.00 yuan budget and the given rows
    /// (一级, 二级, 三级, 指标值).
    fn project(budget_yuan: i64, goal: &str, rows: &[(&str, &str, &str, &str)]) -> Project {
        Project {
            line: 1,
            title: String::new(),
            project: crate::model::Project {
                code: "P".into(),
                name: "测试".into(),
                unit_code: "1".into(),
                unit_name: "单位".into(),
                budget: Fen(budget_yuan * 100),
                fiscal_funds: None,
                other_funds: None,
                purpose: "".into(),
                goal: goal.into(),
                owner: None,
                adjustments: Vec::new(),
                plan: Plan {
                    year: 2025,
                    checkpoints: vec![Checkpoint {
                        date: month_end(2025, 12).unwrap(),
                        percent: Decimal::from(100),
                    }]
                    .into(),
                },
                indicators: rows
                    .iter()
                    .enumerate()
                    .map(|(k, &(l1, l2, l3, v))| Indicator {
                        line: k + 1,
                        weight: None,
                        level1: l1.into(),
                        level2: l2.into(),
                        level3: l3.into(),
                        description: String::new(),
                        value: v.into(),
                        basis: String::new(),
                    })
                    .collect(),
            },
        }
    }

    /// Rows that satisfy the project-level rules, so single-row cases only
    /// show their own findings.
    const BASE: &[(&str, &str, &str, &str)] = &[
        ("产出指标", "数量指标", "培训次数", "≥3次"),
        ("效益指标", "社会效益指标", "社会稳定水平", "社会稳定"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
    ];

    /// Findings for BASE plus one row, as (rule id, 三级).
    fn one(row: (&str, &str, &str, &str)) -> Vec<(&'static str, String)> {
        let mut rows = BASE.to_vec();
        rows.push(row);
        lint_project(&project(50_000, "", &rows), &[])
            .into_iter()
            .map(|f| {
                (
                    f.rule.id(),
                    f.indicator.map(|i| i.level3).unwrap_or_default(),
                )
            })
            .collect()
    }

    fn ids(row: (&str, &str, &str, &str)) -> Vec<&'static str> {
        one(row).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn base_is_clean() {
        assert!(lint_project(&project(50_000, "", BASE), &[]).is_empty());
    }

    #[test]
    fn cost_rules() {
        assert_eq!(
            ids(("产出指标", "成本指标", "社会稳定水平", "社会稳定")),
            ["cost-not-currency"]
        );
        assert_eq!(
            ids(("产出指标", "成本指标", "项目经济性", "≥95百分比")),
            ["cost-not-currency"]
        );
        assert_eq!(
            ids(("产出指标", "成本指标", "单位成本", "≤90")),
            ["cost-not-currency"]
        );
        assert_eq!(
            ids(("产出指标", "成本指标", "项目成本", "≥5万元")),
            ["cost-not-ceiling"]
        );
        assert_eq!(
            ids(("产出指标", "成本指标", "项目成本", "≤6万元")),
            ["cost-above-budget"]
        );
        assert!(ids(("产出指标", "成本指标", "项目成本", "≤5万元")).is_empty());
        assert!(ids(("产出指标", "成本", "项目成本", "=50000元")).is_empty());
        assert!(ids(("成本指标", "经济成本指标", "人均成本", "≤300元")).is_empty());
        assert_eq!(
            ids(("成本指标", "经济成本指标", "人均成本", "≥300元")),
            ["cost-not-ceiling"]
        );
    }

    #[test]
    fn misfiled_cost() {
        assert_eq!(
            ids(("效益指标", "社会效益指标", "信访件回复成本", "受到群众好评")),
            ["misfiled-cost"]
        );
        assert!(ids(("效益指标", "经济效益指标", "办公经费节省数", "≥1万元")).is_empty());
    }

    #[test]
    fn counts_in_percent() {
        for l3 in [
            "提供服务次数",
            "维护监控设备的数量",
            "办公自动化覆盖业务种类",
            "帮扶人次",
            "宣传（次）",
        ] {
            assert_eq!(
                ids(("产出指标", "数量指标", l3, "≥2百分比")),
                ["count-with-percent"],
                "{l3}"
            );
        }
        for l3 in [
            "数量完成情况",
            "设备完好率",
            "次数占比",
            "节点覆盖率（%）",
            "办公经费节省数(万元)",
        ] {
            assert!(ids(("产出指标", "数量指标", l3, "≥95%")).is_empty(), "{l3}");
        }
        assert!(ids(("产出指标", "数量指标", "提供服务次数", "≥95次")).is_empty());
    }

    #[test]
    fn rates_above_100() {
        assert_eq!(
            ids(("产出指标", "质量指标", "验收合格率", "≥120%")),
            ["rate-above-100"]
        );
        assert_eq!(
            ids(("产出指标", "质量指标", "验收合格率", "≥101")),
            ["rate-above-100", "value-missing-unit"]
        );
        assert!(ids(("产出指标", "质量指标", "验收合格率", "≥100%")).is_empty());
        assert!(ids(("产出指标", "质量指标", "预算执行偏差", "≤120%")).is_empty());
        assert!(ids(("效益指标", "经济效益指标", "收入增长率", "≥150%")).is_empty());
        assert!(ids(("产出指标", "数量指标", "培训人次", "≥120人次")).is_empty());
    }

    #[test]
    fn level_rules() {
        assert_eq!(
            ids(("成果指标", "数量指标", "培训次数", "≥3次")),
            ["level1-unknown"]
        );
        assert_eq!(
            ids(("效益指标", "数量指标", "培训次数", "≥3次")),
            ["level-pair-mismatch"]
        );
        assert_eq!(
            ids(("产出指标", "社会效益指标", "影响", "良好")),
            ["level-pair-mismatch"]
        );
        assert_eq!(
            ids(("效益指标", "", "影响", "良好")),
            ["level-pair-mismatch"]
        );
        // The suffix 指标 is optional on either level.
        assert!(ids(("满意度", "服务对象满意度", "群众满意度", "≥95%")).is_empty());
        assert!(ids(("效益指标", "可持续影响指标", "长效机制", "健全")).is_empty());
        assert!(ids(("效益指标", "生态效益", "绿化", "改善")).is_empty());
        assert_eq!(
            ids(("效益指标", "社会效益指标", "社会效益指标", "社会稳定")),
            ["level3-names-category"]
        );
        assert!(ids(("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%")).is_empty());
    }

    #[test]
    fn satisfaction_under_benefit() {
        assert_eq!(
            ids(("效益指标", "社会效益指标", "群众满意度", "≥95%")),
            ["satisfaction-under-benefit"]
        );
        assert!(ids(("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")).is_empty());
    }

    #[test]
    fn value_forms() {
        assert_eq!(
            ids(("产出指标", "质量指标", "业务处理及时性", "≥90良好")),
            ["value-mixed"]
        );
        assert_eq!(
            ids(("产出指标", "时效指标", "完成率", "≥95")),
            ["value-missing-unit"]
        );
        assert!(ids(("产出指标", "数量指标", "综合控制系统", "100%全部接入")).is_empty());
        assert!(ids(("产出指标", "时效指标", "资金拨付率%", "≥95百分比")).is_empty());
        assert!(ids(("效益指标", "社会效益指标", "办公经费节省数(万元)", "≥1万")).is_empty());
    }

    #[test]
    fn missing_output_and_benefit() {
        let only_satisfaction = project(50_000, "", &BASE[2..]);
        let got: Vec<_> = lint_project(&only_satisfaction, &[])
            .into_iter()
            .map(|f| (f.rule.id(), f.indicator.is_none()))
            .collect();
        assert_eq!(got, [("missing-output", true), ("missing-benefit", true)]);
        let no_benefit = project(50_000, "", &BASE[..1]);
        let got: Vec<_> = lint_project(&no_benefit, &[])
            .into_iter()
            .map(|f| f.rule)
            .collect();
        assert_eq!(got, [Rule::MissingBenefit]);
    }

    fn derivation_ids(budget_yuan: i64, goal: &str, extra: &[&str]) -> Vec<&'static str> {
        lint_project(&project(budget_yuan, goal, BASE), extra)
            .into_iter()
            .map(|f| f.rule.id())
            .collect()
    }

    #[test]
    fn derivations_against_the_budget() {
        let nodes = "我县政法网节点由去年的81个增加为95个，每年每节点需支付玉田县广电公司2400元，共计228000元。";
        assert!(derivation_ids(228_000, nodes, &[]).is_empty());
        assert_eq!(
            derivation_ids(230_000, nodes, &[]),
            ["budget-derivation-mismatch"]
        );
        // Found in part one's paragraph as well; reported once.
        assert_eq!(
            derivation_ids(230_000, nodes, &[nodes]),
            ["budget-derivation-mismatch"]
        );
        let wrong_sum = "节点95个，每节点2400元，共计230000元。";
        assert_eq!(
            derivation_ids(230_000, wrong_sum, &[]),
            ["derivation-arithmetic"]
        );

        let grid = "网格员话费续费812名网格员*39元每月*12个月=380016元。";
        assert!(derivation_ids(380_016, "", &[grid]).is_empty());
        assert_eq!(
            derivation_ids(380_016, "812名网格员×39元每月×12个月=380000元", &[]),
            ["derivation-arithmetic", "budget-derivation-mismatch"]
        );
        assert_eq!(
            derivation_ids(380_000, "812名*39元*12个月", &[]),
            ["budget-derivation-mismatch"]
        );
        assert!(derivation_ids(60_000, "２万元＊３＝６万元", &[]).is_empty());
        let monthly = "共812名网格员，每人每月话费39元，12个月，共计380016元。";
        assert!(derivation_ids(380_016, monthly, &[]).is_empty());
        // Arithmetic that is not about money, and totals without a
        // derivation, are left alone.
        assert!(derivation_ids(50_000, "3*4=12，共计发放3000元", &[]).is_empty());
        assert!(derivation_ids(50_000, "实现各部门共享，共计3次", &[]).is_empty());
    }

    #[test]
    fn display_names_everything() {
        let f = &lint_project(
            &project(
                50_000,
                "",
                &[("产出指标", "成本指标", "社会稳定水平", "社会稳定")],
            ),
            &[],
        )[0];
        // Chinese by default; the rule id and severity stay as they are.
        assert_eq!(
            f.to_string(),
            "error[cost-not-currency] P 测试 / 社会稳定水平 = 社会稳定：成本指标应以货币计量（元或万元），“社会稳定”不是金额"
        );
        assert_eq!(
            f.line_in(Lang::En),
            "error[cost-not-currency] P 测试 / 社会稳定水平 = 社会稳定: a 成本指标 must state an amount of money (元 or 万元), but \"社会稳定\" is not one"
        );
        assert_eq!(
            f.message.in_lang(Lang::Zh),
            "成本指标应以货币计量（元或万元），“社会稳定”不是金额"
        );
    }

    #[test]
    fn every_rule_has_a_sentence_and_a_label_in_both_languages() {
        use crate::base::i18n::{keys, EN_FTL, ZH_FTL};
        for src in [ZH_FTL, EN_FTL] {
            let ks = keys(src);
            for r in Rule::ALL {
                assert!(ks.iter().any(|k| k == r.message_key()), "{}", r.id());
                assert!(ks.iter().any(|k| k == r.label_key()), "{}", r.id());
                assert_eq!(r.message_key(), format!("lint-{}", r.id()));
                assert_eq!(r.label_key(), format!("lint-rule-{}", r.id()));
            }
        }
        // Department-wide findings in both languages.
        let mut doc = seed_doc();
        doc.stated_project_count = Some(11);
        let f = lint_document(&doc)
            .into_iter()
            .find(|f| f.rule == Rule::ProjectCountMismatch)
            .unwrap();
        assert_eq!(
            f.line_in(Lang::Zh),
            "warning[project-count-mismatch] 部门整体：第一部分称共有 11 个项目，但文件中有 12 张项目表"
        );
        assert_eq!(
            f.line_in(Lang::En),
            "warning[project-count-mismatch] department: part one announces 11 projects, but the document has 12 project tables"
        );
    }

    /// Deterministic mutations of the seed (lines dropped, doubled, cut,
    /// replaced with junk): parsing either fails with a line number or
    /// yields a document the linter can review, and nothing panics.
    #[test]
    fn mutated_seeds_never_panic() {
        let text = crate::targets::test_support::seed_text();
        let lines: Vec<&str> = text.lines().collect();
        let junk = [
            "",
            "\t",
            "\t ",
            " ",
            "\t≥",
            "\t99999999999999999999999999999",
            "\t-1",
            "\t一级指标",
            "\t项目编码",
            "\t资金支出计划（%）",
            "\t13月底",
            "\t1.5.5",
            "[bookmark: x]绩效目标表",
            "\t0.001",
            "\t9223372036854775807.00",
            "十是x元",
            "\t*=*",
            "\t单位：万元",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut parsed, mut failed) = (0, 0);
        for _ in 0..400 {
            let mut m: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for _ in 0..1 + next(4) {
                let at = next(m.len());
                match next(4) {
                    0 => {
                        m.remove(at);
                    }
                    1 => m.insert(at, m[at].clone()),
                    2 => m[at] = junk[next(junk.len())].to_string(),
                    _ => m.truncate(at),
                }
                if m.is_empty() {
                    break;
                }
            }
            match crate::targets::parse_seed(&m.join("\n"), 2025) {
                Ok(doc) => {
                    parsed += 1;
                    let _ = lint_document(&doc);
                }
                Err(e) => {
                    failed += 1;
                    assert!(e.line >= 1 && e.line <= m.len() + 1, "{e}");
                }
            }
        }
        assert!(parsed > 0 && failed > 0, "{parsed} parsed, {failed} failed");
    }

    #[test]
    fn odd_text_never_panics() {
        for t in [
            "",
            "*",
            "=",
            "1*",
            "*1",
            "1*2=",
            "共计元",
            "99999999999999999999999999*99999999999999元",
            "每1元共计2元",
            "1个每2元共计",
            "x",
            "1x",
            "1x2元",
        ] {
            let _ = derivations(t);
        }
    }
}
