//! The checked `[evaluation]` settings of the year-end self-evaluation
//! (绩效自评): weights, grade words and bands, configurable because
//! provinces differ.

use rust_decimal::Decimal;

/// Scoring weights, qualitative grades and grade bands. Defaults are
/// domain.md's: 10 / 50 / 30 / 10 points; 达成 100 %, 部分达成 70 %, 未达成 0 %
/// of an indicator's weight; 优 from 90, 良 from 80, 中 from 60.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationSettings {
    /// Points for budget execution. Default 10.
    pub execution_weight: Decimal,
    /// Points for 产出 indicators (成本 rows count as 产出). Default 50.
    pub output_weight: Decimal,
    /// Points for 效益 indicators. Default 30.
    pub benefit_weight: Decimal,
    /// Points for 满意度 indicators. Default 10.
    pub satisfaction_weight: Decimal,
    /// Percent of the weight for a qualitative 达成 (80-100). Default 100.
    pub achieved_percent: Decimal,
    /// Percent of the weight for 部分达成 (60-80). Default 70.
    pub partly_achieved_percent: Decimal,
    /// Percent of the weight for 未达成 (0-60). Default 0.
    pub not_achieved_percent: Decimal,
    /// Lowest total graded 优. Default 90.
    pub excellent_from: Decimal,
    /// Lowest total graded 良. Default 80.
    pub good_from: Decimal,
    /// Lowest total graded 中; below is 差. Default 60.
    pub pass_from: Decimal,
}

impl Default for EvaluationSettings {
    fn default() -> Self {
        EvaluationSettings {
            execution_weight: Decimal::from(10),
            output_weight: Decimal::from(50),
            benefit_weight: Decimal::from(30),
            satisfaction_weight: Decimal::from(10),
            achieved_percent: Decimal::from(100),
            partly_achieved_percent: Decimal::from(70),
            not_achieved_percent: Decimal::ZERO,
            excellent_from: Decimal::from(90),
            good_from: Decimal::from(80),
            pass_from: Decimal::from(60),
        }
    }
}
