//! Column-mapping profiles: how an export is recognised by its header and
//! which columns hold the date, voucher, project code and amount. Two
//! families exist (domain.md): treasury payment details with one signed
//! amount per payment, and accounting ledgers (项目明细账) with debit and
//! credit columns. Header names vary between software, so each field has a
//! list of synonyms; offices can add profiles in settings.toml.

use crate::base::money::AmountUnit;
use crate::base::text::squash;

/// Which family of export a profile describes; it decides how amounts are
/// signed and what identifies "the same payment" across overlapping files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// 国库集中支付 payment details: one row per payment, 支付凭证号 unique for
    /// the year.
    Treasury,
    /// Accounting-software 项目明细账: 借方 minus 贷方, voucher numbers that
    /// restart every month.
    Ledger,
}

impl Style {
    /// Name used in reports and settings.
    pub fn name(self) -> &'static str {
        match self {
            Style::Treasury => "treasury",
            Style::Ledger => "ledger",
        }
    }
}

/// A column mapping: for each field, the header names that mean it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerProfile {
    /// Shown in the reconciliation report.
    pub name: String,
    /// Family of export.
    pub style: Style,
    /// Payment or booking date.
    pub date: Vec<String>,
    /// 支付凭证号 / 凭证号.
    pub voucher: Vec<String>,
    /// 项目编码.
    pub project: Vec<String>,
    /// Signed amount (treasury).
    pub amount: Vec<String>,
    /// 借方 (ledger).
    pub debit: Vec<String>,
    /// 贷方 (ledger).
    pub credit: Vec<String>,
    /// 摘要, where 期初余额 / 本月合计 / 本年累计 rows are named.
    pub summary: Vec<String>,
    /// Forces the unit; otherwise it is read from the title lines or header.
    pub unit: Option<AmountUnit>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl LedgerProfile {
    /// The profiles shipped as defaults (also written out in the shipped
    /// settings.toml, where an office can extend them).
    pub fn defaults() -> Vec<LedgerProfile> {
        vec![
            LedgerProfile {
                name: "treasury".into(),
                style: Style::Treasury,
                date: strings(&["支付日期", "付款日期", "交易日期", "日期"]),
                voucher: strings(&["支付凭证号", "支付令号", "支付单号", "凭证号", "凭证编号"]),
                project: strings(&["项目编码", "项目代码", "项目编号"]),
                amount: strings(&["支付金额", "实付金额", "金额", "发生额"]),
                debit: vec![],
                credit: vec![],
                summary: strings(&["摘要", "用途"]),
                unit: None,
            },
            LedgerProfile {
                name: "ledger".into(),
                style: Style::Ledger,
                date: strings(&["日期", "记账日期", "凭证日期", "业务日期"]),
                voucher: strings(&["凭证号", "凭证编号", "凭证字号", "凭证字"]),
                project: strings(&["项目编码", "项目代码", "项目编号", "辅助核算编码"]),
                amount: vec![],
                debit: strings(&["借方金额", "借方发生额", "借方"]),
                credit: strings(&["贷方金额", "贷方发生额", "贷方"]),
                summary: strings(&["摘要"]),
                unit: None,
            },
        ]
    }

    /// Checks that the profile names the columns its style needs.
    pub fn check(&self) -> Result<(), String> {
        let mut missing = Vec::new();
        if self.date.is_empty() {
            missing.push("date");
        }
        if self.voucher.is_empty() {
            missing.push("voucher");
        }
        if self.project.is_empty() {
            missing.push("project");
        }
        match self.style {
            Style::Treasury if self.amount.is_empty() => missing.push("amount"),
            Style::Ledger if self.debit.is_empty() => missing.push("debit"),
            _ => {}
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(crate::base::i18n::message(
                "profile-no-header-names",
                &[("fields", missing.join(", "))],
            ))
        }
    }

    /// Matches a header row. Returns the column positions when every field
    /// the style needs is present.
    pub fn match_header(&self, cells: &[String]) -> Option<Columns> {
        let norm: Vec<(String, Option<AmountUnit>)> =
            cells.iter().map(|c| normalise_header(c)).collect();
        let find = |names: &[String]| -> Option<usize> {
            // Synonyms are in order of preference: the first name found wins.
            names.iter().find_map(|n| {
                let n = normalise_header(n).0;
                norm.iter().position(|(c, _)| *c == n)
            })
        };
        let date = find(&self.date)?;
        let voucher = find(&self.voucher)?;
        let project = find(&self.project)?;
        let (amount, debit, credit) = match self.style {
            Style::Treasury => (Some(find(&self.amount)?), None, None),
            Style::Ledger => (None, Some(find(&self.debit)?), find(&self.credit)),
        };
        let summary = find(&self.summary);
        let unit_from_header = [amount, debit, credit]
            .iter()
            .flatten()
            .find_map(|&i| norm[i].1);
        Some(Columns {
            date,
            voucher,
            project,
            amount,
            debit,
            credit,
            summary,
            unit_from_header,
        })
    }
}

/// Where the fields are in a matched file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// Date column.
    pub date: usize,
    /// Voucher column.
    pub voucher: usize,
    /// Project code column.
    pub project: usize,
    /// Amount column (treasury).
    pub amount: Option<usize>,
    /// Debit column (ledger).
    pub debit: Option<usize>,
    /// Credit column (ledger), when present.
    pub credit: Option<usize>,
    /// 摘要 column, when present.
    pub summary: Option<usize>,
    /// A unit written into an amount header, e.g. 支付金额（万元）.
    pub unit_from_header: Option<AmountUnit>,
}

impl Columns {
    /// The highest column index used, to skip short rows quickly.
    pub fn max_index(&self) -> usize {
        [
            Some(self.date),
            Some(self.voucher),
            Some(self.project),
            self.amount,
            self.debit,
            self.credit,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
    }
}

/// Header cell normalisation: half-width, no spaces or BOM, and a unit in
/// brackets split off ("支付金额（元）" -> "支付金额", 元).
pub fn normalise_header(cell: &str) -> (String, Option<AmountUnit>) {
    let s: String = squash(cell)
        .chars()
        .filter(|c| *c != '\u{feff}' && *c != '"')
        .collect();
    for (suffix, unit) in [
        ("(万元)", AmountUnit::Wan),
        ("(元)", AmountUnit::Yuan),
        ("万元", AmountUnit::Wan),
    ] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            if !stripped.is_empty() {
                return (stripped.to_string(), Some(unit));
            }
        }
    }
    (s, None)
}

/// Reads a unit declared in a title line before the header: "单位：万元",
/// "金额单位：元", "（单位：万元）".
pub fn unit_from_title(cell: &str) -> Option<AmountUnit> {
    let s = squash(cell);
    let pos = s.find("单位:")?;
    let rest = s[pos + "单位:".len()..].trim_start_matches(['(', ')']);
    if rest.starts_with("万元") {
        Some(AmountUnit::Wan)
    } else if rest.starts_with('元') {
        Some(AmountUnit::Yuan)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        strings(v)
    }

    #[test]
    fn matches_both_families() {
        let p = LedgerProfile::defaults();
        let treasury = cells(&[
            "支付日期",
            "支付凭证号",
            "单位编码",
            "单位名称",
            "项目编码",
            "项目名称",
            "功能分类科目",
            "经济分类科目",
            "收款人",
            "摘要",
            "支付金额",
            "资金性质",
        ]);
        let c = p[0].match_header(&treasury).unwrap();
        assert_eq!(
            (c.date, c.voucher, c.project, c.amount),
            (0, 1, 4, Some(10))
        );
        assert!(p[1].match_header(&treasury).is_none());
        let ledger = cells(&[
            "日期",
            "凭证号",
            "摘要",
            "科目编码",
            "科目名称",
            "项目编码",
            "项目名称",
            "借方金额",
            "贷方金额",
            "方向",
            "余额",
        ]);
        assert!(p[0].match_header(&ledger).is_none());
        let c = p[1].match_header(&ledger).unwrap();
        assert_eq!((c.debit, c.credit, c.summary), (Some(7), Some(8), Some(2)));
        // Synonyms, brackets and full-width.
        let odd = cells(&[
            "日 期",
            "凭证字号",
            "项目代码",
            "借方发生额（万元）",
            "贷方发生额",
        ]);
        let c = p[1].match_header(&odd).unwrap();
        assert_eq!(c.unit_from_header, Some(AmountUnit::Wan));
    }

    #[test]
    fn reads_title_units() {
        assert_eq!(unit_from_title("单位：元"), Some(AmountUnit::Yuan));
        assert_eq!(unit_from_title("金额单位：万元"), Some(AmountUnit::Wan));
        assert_eq!(unit_from_title("（单位：万元）"), Some(AmountUnit::Wan));
        assert_eq!(
            unit_from_title("单位：中国共产党玉田县委员会政法委员会本级"),
            None
        );
        assert_eq!(unit_from_title("项目明细账"), None);
    }
}
