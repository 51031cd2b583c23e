//! Year-end self-evaluation (绩效自评): the 100-point score a department files
//! for every project. The rules are domain.md's and every weight and band is
//! configurable (`[evaluation]` in settings.toml), because provinces differ.
//!
//! All arithmetic is in exact decimals: a score exactly on a grade boundary
//! must land on the same side on every machine, and the office recomputes
//! the form by hand when a bureau questions it.
//!
//! An indicator without an achieved value scores 0 and says so (未填报): a
//! missing figure must never pass for full marks.

use rust_decimal::Decimal;

use crate::base::i18n::{message_in, Lang};
use crate::base::money::Fen;
use crate::base::text::squash;
use crate::model::indicator::{IndicatorValue, Nature};
use crate::model::{EvaluationSettings, Project};

/// The 一级 groups the weights are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 产出 (and 成本, which some provinces file as its own 一级).
    Output,
    /// 效益.
    Benefit,
    /// 满意度.
    Satisfaction,
    /// Anything else: carries no weight, and the report says so.
    Other,
}

impl Category {
    /// The category of a 一级指标 cell ("产出指标" → Output).
    pub fn of(level1: &str) -> Category {
        let t = squash(level1);
        if t.starts_with("产出") || t.starts_with("成本") {
            Category::Output
        } else if t.starts_with("效益") {
            Category::Benefit
        } else if t.starts_with("满意度") {
            Category::Satisfaction
        } else {
            Category::Other
        }
    }

    /// Short name, as the form shows it in `lang` (产出 / output).
    pub fn label_in(self, lang: Lang) -> String {
        match self {
            Category::Output => message_in(lang, "form-category-output", &[]),
            Category::Benefit => message_in(lang, "form-category-benefit", &[]),
            Category::Satisfaction => message_in(lang, "form-category-satisfaction", &[]),
            Category::Other => message_in(lang, "form-category-other", &[]),
        }
    }
}

/// A qualitative judgement of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// 达成.
    Achieved,
    /// 部分达成 (基本达成).
    Partly,
    /// 未达成.
    NotAchieved,
}

impl Judgement {
    /// Reads the words owners write. Only exact grade words count, so a
    /// sentence is never mistaken for a grade.
    pub fn parse(s: &str) -> Option<Judgement> {
        let t = squash(s);
        match t.as_str() {
            "达成" | "已达成" | "完成" | "已完成" | "全部达成" | "达到" | "已达到" => {
                Some(Judgement::Achieved)
            }
            "部分达成" | "基本达成" | "部分完成" | "基本完成" => {
                Some(Judgement::Partly)
            }
            "未达成" | "未完成" | "未达到" => Some(Judgement::NotAchieved),
            _ => None,
        }
    }

    fn percent(self, s: &EvaluationSettings) -> Decimal {
        match self {
            Judgement::Achieved => s.achieved_percent,
            Judgement::Partly => s.partly_achieved_percent,
            Judgement::NotAchieved => s.not_achieved_percent,
        }
    }
}

/// How an indicator's score came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The target was met: full weight.
    Met,
    /// Scored below the weight by the formula of its nature.
    Partial,
    /// No achieved value was reported (未填报): 0.
    Unreported,
    /// A value was reported but cannot be compared with the target: 0.
    Unscorable,
}

/// Why an indicator scored what it did, when it was not plainly met: kept
/// as a value so the form says it in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreNote {
    /// No achieved value: 0.
    Unreported,
    /// The owner wrote 部分达成.
    Partly,
    /// The owner wrote 未达成.
    NotAchieved,
    /// A qualitative target with a value that is not a grade word: 0.
    NeedsGradeWord,
    /// A numeric target with a value that is not a number: 0.
    NotANumber,
    /// Above a ≤ target, less than twice it: (1 − (a − t) / t) × weight.
    AboveTarget,
    /// Twice a ≤ target or more: 0.
    FarAboveTarget,
    /// Below a ≥ target: a / t × weight.
    BelowTarget,
    /// Below a ≥ target that is not positive: 0.
    BelowZeroTarget,
}

impl ScoreNote {
    /// The remark as the form writes it in `lang`.
    pub fn label_in(self, lang: Lang) -> String {
        match self {
            ScoreNote::Unreported => message_in(lang, "form-note-unreported", &[]),
            ScoreNote::Partly => message_in(lang, "form-note-partly", &[]),
            ScoreNote::NotAchieved => message_in(lang, "form-note-not-achieved", &[]),
            ScoreNote::NeedsGradeWord => message_in(lang, "form-note-needs-grade-word", &[]),
            ScoreNote::NotANumber => message_in(lang, "form-note-not-a-number", &[]),
            ScoreNote::AboveTarget => message_in(lang, "form-note-above-target", &[]),
            ScoreNote::FarAboveTarget => message_in(lang, "form-note-far-above-target", &[]),
            ScoreNote::BelowTarget => message_in(lang, "form-note-below-target", &[]),
            ScoreNote::BelowZeroTarget => message_in(lang, "form-note-below-zero-target", &[]),
        }
    }
}

/// The grade of a total score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// 优.
    Excellent,
    /// 良.
    Good,
    /// 中.
    Pass,
    /// 差.
    Poor,
}

impl Grade {
    /// Best first, as the form counts them.
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Poor];

    /// The word the bureau's rules name the grade by (优 / 良 / 中 / 差).
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Pass => "中",
            Grade::Poor => "差",
        }
    }

    /// The grade as the form writes it in `lang`.
    pub fn label_in(self, lang: Lang) -> String {
        match self {
            Grade::Excellent => message_in(lang, "form-grade-excellent", &[]),
            Grade::Good => message_in(lang, "form-grade-good", &[]),
            Grade::Pass => message_in(lang, "form-grade-pass", &[]),
            Grade::Poor => message_in(lang, "form-grade-poor", &[]),
        }
    }
}

/// One indicator's line of the self-evaluation form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorScore {
    /// The weight (分值), exact.
    pub weight: Decimal,
    /// The score (得分), exact.
    pub score: Decimal,
    /// How the score came about.
    pub outcome: Outcome,
    /// Why, for the form's remarks, when not plainly met.
    pub note: Option<ScoreNote>,
}

/// Budget execution score: min(paid / budget × weight, weight), never below 0.
pub fn execution_score(paid: Fen, budget: Fen, weight: Decimal) -> Decimal {
    if budget.0 <= 0 {
        return Decimal::ZERO;
    }
    (Decimal::from(paid.0) * weight / Decimal::from(budget.0))
        .min(weight)
        .max(Decimal::ZERO)
}

/// Scores one indicator against its reported value (None or blank: 未填报).
///
/// - ≥ (and =, and a bare number): full if met, else achieved / target × weight.
/// - ≤: full if met; up to twice the target (1 − (achieved − target) / target)
///   × weight; 0 beyond.
/// - qualitative: the 达成 / 部分达成 / 未达成 share of the weight; a value
///   written exactly as the target counts as 达成.
pub fn score_indicator(
    target: &IndicatorValue,
    actual: Option<&str>,
    weight: Decimal,
    s: &EvaluationSettings,
) -> IndicatorScore {
    let actual = actual.map(str::trim).filter(|a| !a.is_empty());
    let Some(actual) = actual else {
        return IndicatorScore {
            weight,
            score: Decimal::ZERO,
            outcome: Outcome::Unreported,
            note: Some(ScoreNote::Unreported),
        };
    };
    let by_judgement = |j: Judgement| {
        let score = weight * j.percent(s) / Decimal::from(100);
        IndicatorScore {
            weight,
            score,
            outcome: if score == weight {
                Outcome::Met
            } else {
                Outcome::Partial
            },
            note: match j {
                Judgement::Achieved => None,
                Judgement::Partly => Some(ScoreNote::Partly),
                Judgement::NotAchieved => Some(ScoreNote::NotAchieved),
            },
        }
    };
    if let Some(j) = Judgement::parse(actual) {
        return by_judgement(j);
    }
    let unscorable = |why: ScoreNote| IndicatorScore {
        weight,
        score: Decimal::ZERO,
        outcome: Outcome::Unscorable,
        note: Some(why),
    };
    let (Some(t), Nature::AtLeast | Nature::AtMost | Nature::Equal) =
        (target.number, target.nature)
    else {
        // Qualitative target.
        if squash(actual) == squash(&target.text) {
            return by_judgement(Judgement::Achieved);
        }
        return unscorable(ScoreNote::NeedsGradeWord);
    };
    let got = IndicatorValue::parse(actual);
    let Some(mut a) = got.number else {
        return unscorable(ScoreNote::NotANumber);
    };
    let mut t = t;
    // Money may be reported in another unit (元 against 万元): compare in fen.
    if let (Some(tf), Some(af)) = (target.amount_fen(), got.amount_fen()) {
        t = Decimal::from(tf);
        a = Decimal::from(af);
    }
    let full = IndicatorScore {
        weight,
        score: weight,
        outcome: Outcome::Met,
        note: None,
    };
    let partial = |score: Decimal, note: ScoreNote| IndicatorScore {
        weight,
        score,
        outcome: Outcome::Partial,
        note: Some(note),
    };
    match target.nature {
        Nature::AtMost => {
            let met = if target.strict { a < t } else { a <= t };
            if met {
                full
            } else if t > Decimal::ZERO && a <= t * Decimal::from(2) {
                partial(
                    (Decimal::ONE - (a - t) / t) * weight,
                    ScoreNote::AboveTarget,
                )
            } else {
                partial(Decimal::ZERO, ScoreNote::FarAboveTarget)
            }
        }
        _ => {
            let met = if target.strict { a > t } else { a >= t };
            if met {
                full
            } else if t > Decimal::ZERO {
                partial(a.max(Decimal::ZERO) / t * weight, ScoreNote::BelowTarget)
            } else {
                partial(Decimal::ZERO, ScoreNote::BelowZeroTarget)
            }
        }
    }
}

/// The grade of a total score (优 / 良 / 中 / 差).
pub fn grade(total: Decimal, s: &EvaluationSettings) -> Grade {
    if total >= s.excellent_from {
        Grade::Excellent
    } else if total >= s.good_from {
        Grade::Good
    } else if total >= s.pass_from {
        Grade::Pass
    } else {
        Grade::Poor
    }
}

/// The weight of every indicator of a project: the indicators' own `weight`
/// when the project gives them (config checks all or none, adding up to the
/// indicator share); otherwise each category's points split evenly over its
/// indicators, and indicators outside the three categories get 0.
pub fn indicator_weights(project: &Project, s: &EvaluationSettings) -> Vec<Decimal> {
    if has_own_weights(project) {
        return project
            .indicators
            .iter()
            .map(|i| i.weight.unwrap_or(Decimal::ZERO))
            .collect();
    }
    let count = |c: Category| {
        project
            .indicators
            .iter()
            .filter(|i| Category::of(&i.level1) == c)
            .count()
    };
    project
        .indicators
        .iter()
        .map(|i| {
            let c = Category::of(&i.level1);
            let w = match c {
                Category::Output => s.output_weight,
                Category::Benefit => s.benefit_weight,
                Category::Satisfaction => s.satisfaction_weight,
                Category::Other => return Decimal::ZERO,
            };
            w / Decimal::from(count(c) as u64)
        })
        .collect()
}

/// Whether the project weighs its indicators itself.
pub fn has_own_weights(project: &Project) -> bool {
    !project.indicators.is_empty() && project.indicators.iter().all(|i| i.weight.is_some())
}

/// One project's self-evaluation.
#[derive(Debug, Clone)]
pub struct ProjectEvaluation {
    /// Execution rate, percent (exact).
    pub execution_pct: Decimal,
    /// Points for execution.
    pub execution_weight: Decimal,
    /// Execution score.
    pub execution_score: Decimal,
    /// Per indicator, in project order.
    pub indicators: Vec<IndicatorScore>,
    /// Categories with weight but no indicator: their points are lost, and
    /// the form says so.
    pub unassigned: Vec<(Category, Decimal)>,
    /// Total, exact.
    pub total: Decimal,
    /// 优 / 良 / 中 / 差.
    pub grade: Grade,
}

impl ProjectEvaluation {
    /// Sum of the scores of one category.
    pub fn category_score(&self, project: &Project, c: Category) -> Decimal {
        project
            .indicators
            .iter()
            .zip(&self.indicators)
            .filter(|(i, _)| Category::of(&i.level1) == c)
            .map(|(_, s)| s.score)
            .sum()
    }

    /// Indicators without a reported value.
    pub fn unreported(&self) -> usize {
        self.indicators
            .iter()
            .filter(|s| s.outcome == Outcome::Unreported)
            .count()
    }
}

/// Scores a project: `actuals[i]` is the reported value of indicator `i`.
pub fn evaluate(
    project: &Project,
    paid: Fen,
    actuals: &[Option<&str>],
    s: &EvaluationSettings,
) -> ProjectEvaluation {
    let weights = indicator_weights(project, s);
    let indicators: Vec<IndicatorScore> = project
        .indicators
        .iter()
        .zip(&weights)
        .enumerate()
        .map(|(k, (i, w))| {
            score_indicator(
                &IndicatorValue::parse(&i.value),
                actuals.get(k).copied().flatten(),
                *w,
                s,
            )
        })
        .collect();
    let unassigned = [
        (Category::Output, s.output_weight),
        (Category::Benefit, s.benefit_weight),
        (Category::Satisfaction, s.satisfaction_weight),
    ]
    .into_iter()
    .filter(|(c, w)| {
        !has_own_weights(project)
            && *w > Decimal::ZERO
            && !project
                .indicators
                .iter()
                .any(|i| Category::of(&i.level1) == *c)
    })
    .collect();
    // 全年预算数: the budget with every adjustment of the year.
    let budget = project.final_budget();
    let execution = execution_score(paid, budget, s.execution_weight);
    let total = execution + indicators.iter().map(|i| i.score).sum::<Decimal>();
    ProjectEvaluation {
        execution_pct: crate::base::percent::percent_of(paid, budget),
        execution_weight: s.execution_weight,
        execution_score: execution,
        indicators,
        unassigned,
        total,
        grade: grade(total, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn score(target: &str, actual: Option<&str>, weight: &str) -> (Decimal, Outcome) {
        let s = EvaluationSettings::default();
        let r = score_indicator(&IndicatorValue::parse(target), actual, d(weight), &s);
        (r.score, r.outcome)
    }

    #[test]
    fn execution_is_capped_at_its_weight() {
        let w = d("10");
        // 38,000.00 of 50,000.00 paid: 76 % of 10 points = 7.6.
        assert_eq!(execution_score(Fen(3_800_000), Fen(5_000_000), w), d("7.6"));
        assert_eq!(execution_score(Fen(5_000_000), Fen(5_000_000), w), d("10"));
        assert_eq!(execution_score(Fen(6_000_000), Fen(5_000_000), w), d("10"));
        assert_eq!(execution_score(Fen(-1), Fen(5_000_000), w), d("0"));
        // 1 fen of 3: exact, not a float approximation.
        assert_eq!(
            execution_score(Fen(1), Fen(3), w) * Decimal::from(3),
            d("10")
        );
    }

    #[test]
    fn at_least_by_hand() {
        // ≥3次, weight 50/7 split aside: use 12.5. Achieved 2: 2/3 × 12.5 = 8.333…
        let (s, o) = score("≥3次", Some("2次"), "12.5");
        assert_eq!(s.round_dp(4), d("8.3333"));
        assert_eq!(o, Outcome::Partial);
        assert_eq!(score("≥3次", Some("3"), "12.5"), (d("12.5"), Outcome::Met));
        assert_eq!(
            score("≥3次", Some("5次"), "12.5"),
            (d("12.5"), Outcome::Met)
        );
        // ≥95百分比 achieved 76 %: 76/95 × 10 = 8.
        assert_eq!(score("≥95百分比", Some("76%"), "10").0, d("8"));
        // = and bare numbers score like ≥.
        assert_eq!(score("100%全部接入", Some("90%"), "6").0, d("5.4"));
        // Strict: the bound itself does not meet.
        assert_eq!(score(">90%", Some("90%"), "10").0, d("10"));
        assert_eq!(score(">90%", Some("90%"), "10").1, Outcome::Partial);
    }

    #[test]
    fn at_most_by_hand() {
        // ≤90万元, weight 10.
        assert_eq!(
            score("≤90万元", Some("80万元"), "10"),
            (d("10"), Outcome::Met)
        );
        // 99 万元: (1 - 9/90) × 10 = 9.
        assert_eq!(score("≤90万元", Some("99万元"), "10").0, d("9"));
        // In yuan: 1,350,000 元 = 135 万元: (1 - 45/90) × 10 = 5.
        assert_eq!(score("≤90万元", Some("1350000元"), "10").0, d("5"));
        // Exactly twice the target: 0; beyond: 0.
        assert_eq!(score("≤90万元", Some("180万元"), "10").0, d("0"));
        assert_eq!(score("≤90万元", Some("300万元"), "10").0, d("0"));
        // ≤2天 achieved 3: (1 - 1/2) × 4 = 2.
        assert_eq!(score("≤2天", Some("3天"), "4").0, d("2"));
    }

    #[test]
    fn qualitative_by_hand() {
        assert_eq!(
            score("社会稳定", Some("达成"), "10"),
            (d("10"), Outcome::Met)
        );
        assert_eq!(score("社会稳定", Some("部分达成"), "10").0, d("7"));
        assert_eq!(score("社会稳定", Some("未达成"), "10").0, d("0"));
        // The target's own words count as 达成.
        assert_eq!(score("群众认可", Some("群众认可"), "7.5").0, d("7.5"));
        // A sentence is not a grade.
        assert_eq!(
            score("群众认可", Some("大部分群众认可"), "7.5"),
            (d("0"), Outcome::Unscorable)
        );
        // Grade words work for numeric targets too.
        assert_eq!(score("≥95百分比", Some("基本达成"), "10").0, d("7"));
    }

    #[test]
    fn unreported_is_zero_never_full() {
        for t in ["≥3次", "≤90万元", "社会稳定"] {
            assert_eq!(score(t, None, "10"), (d("0"), Outcome::Unreported));
            assert_eq!(score(t, Some("  "), "10"), (d("0"), Outcome::Unreported));
        }
        assert_eq!(
            score("≥3次", Some("很多"), "10"),
            (d("0"), Outcome::Unscorable)
        );
    }

    #[test]
    fn grades_at_the_boundaries() {
        let s = EvaluationSettings::default();
        assert_eq!(grade(d("90"), &s), Grade::Excellent);
        assert_eq!(grade(d("89.99"), &s), Grade::Good);
        assert_eq!(grade(d("80"), &s), Grade::Good);
        assert_eq!(grade(d("60"), &s), Grade::Pass);
        assert_eq!(grade(d("59.99"), &s), Grade::Poor);
    }

    #[test]
    fn a_whole_project_by_hand() {
        use crate::model::Indicator;
        let ind = |l1: &str, v: &str| Indicator {
            level1: l1.into(),
            level2: String::new(),
            level3: "x".into(),
            description: String::new(),
            value: v.into(),
            basis: String::new(),
            line: 0,
            weight: None,
        };
        let project = Project {
            code: "P1".into(),
            name: "测试".into(),
            unit_code: "".into(),
            unit_name: "".into(),
            budget: Fen(10_000_000),
            adjustments: Vec::new(),
            fiscal_funds: None,
            other_funds: None,
            purpose: "".into(),
            goal: "".into(),
            owner: None,
            plan: crate::model::plan::Plan::four_point(2025, [25, 50, 75, 100].map(Decimal::from))
                .unwrap(),
            indicators: vec![
                ind("产出指标", "≥4次"),
                ind("产出指标", "≤10万元"),
                ind("效益指标", "社会稳定"),
                ind("满意度指标", "≥90%"),
            ],
        };
        let s = EvaluationSettings::default();
        // Paid 95,000 of 100,000: 9.5. 产出 25 each: 3/4 × 25 = 18.75, 25.
        // 效益 部分达成: 21. 满意度 unreported: 0. Total 74.25, 中.
        let e = evaluate(
            &project,
            Fen(9_500_000),
            &[Some("3次"), Some("9.5万元"), Some("部分达成"), None],
            &s,
        );
        assert_eq!(e.execution_score, d("9.5"));
        let scores: Vec<Decimal> = e.indicators.iter().map(|i| i.score).collect();
        assert_eq!(scores, vec![d("18.75"), d("25"), d("21"), d("0")]);
        assert_eq!(e.total, d("74.25"));
        assert_eq!(e.grade, Grade::Pass);
        assert_eq!(e.unreported(), 1);
        assert_eq!(e.category_score(&project, Category::Output), d("43.75"));
        assert!(e.unassigned.is_empty());
    }

    fn weighted_project(rows: &[(&str, &str, Option<&str>)]) -> Project {
        use crate::model::Indicator;
        Project {
            code: "P2".into(),
            name: "测试".into(),
            unit_code: "".into(),
            unit_name: "".into(),
            budget: Fen(10_000_000),
            adjustments: Vec::new(),
            fiscal_funds: None,
            other_funds: None,
            purpose: "".into(),
            goal: "".into(),
            owner: None,
            plan: crate::model::plan::Plan::four_point(2025, [25, 50, 75, 100].map(Decimal::from))
                .unwrap(),
            indicators: rows
                .iter()
                .map(|(l1, v, w)| Indicator {
                    level1: (*l1).into(),
                    level2: String::new(),
                    level3: "x".into(),
                    description: String::new(),
                    value: (*v).into(),
                    basis: String::new(),
                    weight: w.map(d),
                    line: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn own_weights_by_hand() {
        // 产出 8/8/8/8/8/10, 效益 15/15, 满意度 10: 90 points + execution 10.
        let project = weighted_project(&[
            ("产出指标", "≥4次", Some("8")),
            ("产出指标", "≥2次", Some("8")),
            ("产出指标", "≥95%", Some("8")),
            ("产出指标", "≥100%", Some("8")),
            ("产出指标", "≤10万元", Some("8")),
            ("产出指标", "≥1次", Some("10")),
            ("效益指标", "社会稳定", Some("15")),
            ("效益指标", "≥90%", Some("15")),
            ("满意度指标", "≥90%", Some("10")),
        ]);
        let s = EvaluationSettings::default();
        assert_eq!(
            indicator_weights(&project, &s),
            ["8", "8", "8", "8", "8", "10", "15", "15", "10"].map(d)
        );
        // Paid 80,000 of 100,000: 8. 3/4 × 8 = 6; 8; 8; 90/100 × 8 = 7.2;
        // 12 against ≤10: (1 − 2/10) × 8 = 6.4; 10; 部分达成 70 % × 15 =
        // 10.5; 达成 15; 81/90 × 10 = 9. Total 88.1, 良.
        let e = evaluate(
            &project,
            Fen(8_000_000),
            &[
                Some("3次"),
                Some("2次"),
                Some("95%"),
                Some("90%"),
                Some("12万元"),
                Some("1次"),
                Some("部分达成"),
                Some("达成"),
                Some("81%"),
            ],
            &s,
        );
        let scores: Vec<Decimal> = e.indicators.iter().map(|i| i.score).collect();
        assert_eq!(
            scores,
            ["6", "8", "8", "7.2", "6.4", "10", "10.5", "15", "9"].map(d)
        );
        assert_eq!(e.execution_score, d("8"));
        assert_eq!(e.total, d("88.1"));
        assert_eq!(e.grade, Grade::Good);
        assert_eq!(e.category_score(&project, Category::Output), d("45.6"));
        assert!(e.unassigned.is_empty());
    }

    #[test]
    fn even_weights_by_hand_against_the_budget_in_force() {
        let mut project = weighted_project(&[
            ("产出指标", "≥4次", None),
            ("产出指标", "≥2次", None),
            ("产出指标", "≥95%", None),
            ("产出指标", "≥1次", None),
            ("产出指标", "≥1次", None),
            ("效益指标", "≥90%", None),
            ("效益指标", "社会稳定", None),
            ("满意度指标", "≥90%", None),
        ]);
        // 调减 20,000 in August: 全年预算数 80,000.
        project.adjustments.push(crate::model::Adjustment {
            date: chrono::NaiveDate::from_ymd_opt(2025, 8, 1).unwrap(),
            amount: Fen(-2_000_000),
            document: "玉财预〔2025〕12号".into(),
            reason: String::new(),
            source: crate::model::FundSource::Fiscal,
        });
        let s = EvaluationSettings::default();
        // 50 / 5 = 10 each, 30 / 2 = 15 each, 10.
        assert_eq!(
            indicator_weights(&project, &s),
            ["10", "10", "10", "10", "10", "15", "15", "10"].map(d)
        );
        // Paid 80,000 of the 80,000 in force: 10. 2/4 × 10 = 5, then 10 ×
        // 4; 15; 未达成 0; 10. Total 80, 良.
        let e = evaluate(
            &project,
            Fen(8_000_000),
            &[
                Some("2次"),
                Some("2次"),
                Some("96%"),
                Some("1次"),
                Some("3次"),
                Some("92%"),
                Some("未达成"),
                Some("95%"),
            ],
            &s,
        );
        assert_eq!(e.execution_score, d("10"));
        assert_eq!(e.execution_pct, d("100"));
        let scores: Vec<Decimal> = e.indicators.iter().map(|i| i.score).collect();
        assert_eq!(
            scores,
            ["5", "10", "10", "10", "10", "15", "0", "10"].map(d)
        );
        assert_eq!(e.total, d("80"));
        assert_eq!(e.grade, Grade::Good);
    }
}
