//! Budget adjustments (预算调整: 追加 / 调减 / 调剂) as checked values, and
//! the budget in force they make: every figure that divides by the budget
//! uses the budget in force on the day it is for (domain.md: 调整后预算 =
//! 年初预算 + adjustments). Read and checked by `config`.

use chrono::NaiveDate;

use super::Project;
use crate::base::money::Fen;

/// Where the money of an adjustment comes from (the self-evaluation's funds
/// block splits by source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FundSource {
    /// 当年财政拨款 (the default).
    #[default]
    Fiscal,
    /// 上年结转资金.
    Carryover,
    /// 其他资金.
    Other,
}

impl FundSource {
    /// Parses the config word (`fiscal` | `carryover` | `other`) or its
    /// Chinese name.
    pub fn parse(s: &str) -> Option<FundSource> {
        match s.trim() {
            "" | "fiscal" | "财政拨款" | "当年财政拨款" => Some(FundSource::Fiscal),
            "carryover" | "上年结转" | "上年结转资金" => Some(FundSource::Carryover),
            "other" | "其他" | "其他资金" => Some(FundSource::Other),
            _ => None,
        }
    }
}

/// One budget adjustment of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// Effective date: the budget in force changes at the start of this day.
    pub date: NaiveDate,
    /// Signed amount in fen: positive 追加, negative 调减.
    pub amount: Fen,
    /// 文号, e.g. 玉财预〔2025〕12号.
    pub document: String,
    /// 事由.
    pub reason: String,
    /// Where the money comes from.
    pub source: FundSource,
}

impl Adjustment {
    /// The line the reports print for it, in `lang`: "预算调整：2025-08-01
    /// 调减10,000.00元（玉财预〔2025〕12号）事由" (the document number and the
    /// reason are data, as given).
    pub fn describe_in(&self, lang: crate::base::i18n::Lang) -> String {
        use crate::base::i18n::message_in;
        let kind = if self.amount.0 >= 0 {
            message_in(lang, "form-adjustment-increase", &[])
        } else {
            message_in(lang, "form-adjustment-reduction", &[])
        };
        let document = if self.document.is_empty() {
            message_in(lang, "form-adjustment-no-document", &[])
        } else {
            self.document.clone()
        };
        message_in(
            lang,
            "form-adjustment",
            &[
                ("date", self.date.to_string()),
                ("kind", kind),
                ("amount", Fen(self.amount.0.abs()).grouped()),
                ("document", document),
                ("reason", self.reason.clone()),
            ],
        )
        // Without a reason, nothing after the document (English spaces it).
        .trim_end()
        .to_string()
    }
}

impl Project {
    /// The budget in force on `day` (调整后预算): the initial budget plus
    /// every adjustment dated on or before it.
    pub fn budget_on(&self, day: NaiveDate) -> Fen {
        self.budget
            + self
                .adjustments
                .iter()
                .filter(|a| a.date <= day)
                .map(|a| a.amount)
                .sum::<Fen>()
    }

    /// 全年预算数: the initial budget with every adjustment of the year.
    pub fn final_budget(&self) -> Fen {
        self.budget + self.adjustments.iter().map(|a| a.amount).sum::<Fen>()
    }

    /// The year's adjustments from one source, summed.
    pub fn adjusted_from(&self, source: FundSource) -> Fen {
        self.adjustments
            .iter()
            .filter(|a| a.source == source)
            .map(|a| a.amount)
            .sum()
    }
}
