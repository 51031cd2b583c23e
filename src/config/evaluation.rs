//! Stage two of `[evaluation]`: weights, qualitative grades and grade bands
//! checked together, because each is only meaningful against the others (the
//! weights must add up to the 100 points the grade bands are written for).

use std::path::Path;

use rust_decimal::Decimal;
use toml::Spanned;

use super::raw::RawEvaluation;
use super::value_decimal;
use crate::base::diag::Diagnostic;
use crate::base::i18n::message;
use crate::model::EvaluationSettings;

/// Checks `[evaluation]`; every problem is pushed with its line and column,
/// and the default stands in for a bad value so later checks still run.
pub(super) fn check(
    raw: &RawEvaluation,
    path: &Path,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> EvaluationSettings {
    let d = EvaluationSettings::default();
    let mut number = |v: &Option<Spanned<toml::Value>>,
                      default: Decimal,
                      name: &str,
                      lo: i64,
                      hi: i64| {
        match v {
            None => default,
            Some(sp) => match value_decimal(sp.get_ref()) {
                Some(x) if x >= Decimal::from(lo) && x <= Decimal::from(hi) => x,
                _ => {
                    errors.push(Diagnostic::at_offset(
                        path,
                        text,
                        sp.span().start,
                        message(
                            "cfg-evaluation-range",
                            &[
                                ("name", name.to_string()),
                                ("lo", lo.to_string()),
                                ("hi", hi.to_string()),
                            ],
                        ),
                    ));
                    default
                }
            },
        }
    };
    let s = EvaluationSettings {
        execution_weight: number(
            &raw.execution_weight,
            d.execution_weight,
            "execution_weight",
            0,
            100,
        ),
        output_weight: number(&raw.output_weight, d.output_weight, "output_weight", 0, 100),
        benefit_weight: number(
            &raw.benefit_weight,
            d.benefit_weight,
            "benefit_weight",
            0,
            100,
        ),
        satisfaction_weight: number(
            &raw.satisfaction_weight,
            d.satisfaction_weight,
            "satisfaction_weight",
            0,
            100,
        ),
        // The bands are domain.md's: 达成 80-100 %, 部分达成 60-80 %, 未达成 0-60 %.
        achieved_percent: number(
            &raw.achieved_percent,
            d.achieved_percent,
            "achieved_percent",
            80,
            100,
        ),
        partly_achieved_percent: number(
            &raw.partly_achieved_percent,
            d.partly_achieved_percent,
            "partly_achieved_percent",
            60,
            80,
        ),
        not_achieved_percent: number(
            &raw.not_achieved_percent,
            d.not_achieved_percent,
            "not_achieved_percent",
            0,
            60,
        ),
        excellent_from: number(
            &raw.excellent_from,
            d.excellent_from,
            "excellent_from",
            0,
            100,
        ),
        good_from: number(&raw.good_from, d.good_from, "good_from", 0, 100),
        pass_from: number(&raw.pass_from, d.pass_from, "pass_from", 0, 100),
    };
    let total = s.execution_weight + s.output_weight + s.benefit_weight + s.satisfaction_weight;
    if total != Decimal::from(100) {
        errors.push(Diagnostic::file(
            path,
            message("cfg-evaluation-weights", &[("total", total.to_string())]),
        ));
    }
    if !(s.excellent_from > s.good_from && s.good_from > s.pass_from) {
        errors.push(Diagnostic::file(path, message("cfg-evaluation-bands", &[])));
    }
    s
}
