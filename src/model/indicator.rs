//! Indicator values (指标值) are free text written as nature + number + unit
//! run together ("≥95百分比", "≤90万元") or as plain words ("社会稳定"). The
//! year-end scoring needs the nature and the number, and the reviewer's lint
//! needs the unit, so this module splits a value into those parts.
//!
//! Parsing never fails and never drops anything: `raw` always keeps the text
//! as written, and whatever does not fit the nature-number-unit pattern (a
//! range, words before the number) is treated as qualitative with the whole
//! text. Mixed forms such as "≥90良好" (a number followed by a grade instead of
//! a unit) parse and are flagged by [`IndicatorValue::is_mixed`].

use rust_decimal::Decimal;

use crate::base::text::halfwidth;

/// How the target compares with the achieved value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nature {
    /// ≥ (or >, with [`IndicatorValue::strict`]): a positive indicator.
    AtLeast,
    /// ≤ (or <, with [`IndicatorValue::strict`]): a negative indicator.
    AtMost,
    /// = or a bare number ("100%全部接入").
    Equal,
    /// Words only ("社会稳定", "群众认可"), graded by a person.
    Qualitative,
}

/// What a unit measures; drives the reviewer's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// %, ％, 百分比, 百分点.
    Percent,
    /// 元, 千元, 万元, 亿元.
    Currency,
    /// Things counted: 次, 个, 人次, 件, 台, 节点 …
    Count,
    /// Durations: 天, 个月, 工作日, 小时 …
    Time,
    /// A bare order of magnitude: 万, 千, 亿 ("≥1万").
    Magnitude,
    /// Physical measures: 平方米, 公里, 吨 …
    Measure,
}

/// Known units, with what they measure. Matching takes the longest unit that
/// opens the text after the number, so "个月" wins over "个" and "万元" over "万".
const UNITS: &[(&str, UnitKind)] = &[
    ("%", UnitKind::Percent),
    ("百分比", UnitKind::Percent),
    ("百分点", UnitKind::Percent),
    ("元", UnitKind::Currency),
    ("百元", UnitKind::Currency),
    ("千元", UnitKind::Currency),
    ("万元", UnitKind::Currency),
    ("百万元", UnitKind::Currency),
    ("亿元", UnitKind::Currency),
    ("次", UnitKind::Count),
    ("次数", UnitKind::Count),
    ("人次", UnitKind::Count),
    ("户次", UnitKind::Count),
    ("场次", UnitKind::Count),
    ("个", UnitKind::Count),
    ("人", UnitKind::Count),
    ("名", UnitKind::Count),
    ("户", UnitKind::Count),
    ("家", UnitKind::Count),
    ("件", UnitKind::Count),
    ("台", UnitKind::Count),
    ("套", UnitKind::Count),
    ("台套", UnitKind::Count),
    ("场", UnitKind::Count),
    ("项", UnitKind::Count),
    ("处", UnitKind::Count),
    ("种", UnitKind::Count),
    ("类", UnitKind::Count),
    ("篇", UnitKind::Count),
    ("期", UnitKind::Count),
    ("批", UnitKind::Count),
    ("条", UnitKind::Count),
    ("份", UnitKind::Count),
    ("本", UnitKind::Count),
    ("册", UnitKind::Count),
    ("张", UnitKind::Count),
    ("起", UnitKind::Count),
    ("宗", UnitKind::Count),
    ("辆", UnitKind::Count),
    ("座", UnitKind::Count),
    ("所", UnitKind::Count),
    ("间", UnitKind::Count),
    ("部", UnitKind::Count),
    ("块", UnitKind::Count),
    ("节点", UnitKind::Count),
    ("天", UnitKind::Time),
    ("日", UnitKind::Time),
    ("工作日", UnitKind::Time),
    ("个工作日", UnitKind::Time),
    ("周", UnitKind::Time),
    ("月", UnitKind::Time),
    ("个月", UnitKind::Time),
    ("季度", UnitKind::Time),
    ("年", UnitKind::Time),
    ("小时", UnitKind::Time),
    ("分钟", UnitKind::Time),
    ("千", UnitKind::Magnitude),
    ("万", UnitKind::Magnitude),
    ("亿", UnitKind::Magnitude),
    ("米", UnitKind::Measure),
    ("公里", UnitKind::Measure),
    ("千米", UnitKind::Measure),
    ("平方米", UnitKind::Measure),
    ("立方米", UnitKind::Measure),
    ("亩", UnitKind::Measure),
    ("公顷", UnitKind::Measure),
    ("吨", UnitKind::Measure),
    ("千克", UnitKind::Measure),
    ("公斤", UnitKind::Measure),
];

/// Comparison words, longest first so "大于等于" is not read as "大于".
const OPERATORS: &[(&str, Nature, bool)] = &[
    ("大于或等于", Nature::AtLeast, false),
    ("小于或等于", Nature::AtMost, false),
    ("大于等于", Nature::AtLeast, false),
    ("小于等于", Nature::AtMost, false),
    ("不低于", Nature::AtLeast, false),
    ("不少于", Nature::AtLeast, false),
    ("不小于", Nature::AtLeast, false),
    ("不高于", Nature::AtMost, false),
    ("不超过", Nature::AtMost, false),
    ("不大于", Nature::AtMost, false),
    ("不多于", Nature::AtMost, false),
    ("至少", Nature::AtLeast, false),
    ("至多", Nature::AtMost, false),
    ("最多", Nature::AtMost, false),
    ("大于", Nature::AtLeast, true),
    ("高于", Nature::AtLeast, true),
    ("多于", Nature::AtLeast, true),
    ("超过", Nature::AtLeast, true),
    ("小于", Nature::AtMost, true),
    ("低于", Nature::AtMost, true),
    ("少于", Nature::AtMost, true),
    ("等于", Nature::Equal, false),
    (">=", Nature::AtLeast, false),
    ("=>", Nature::AtLeast, false),
    ("<=", Nature::AtMost, false),
    ("=<", Nature::AtMost, false),
    ("==", Nature::Equal, false),
    ("≥", Nature::AtLeast, false),
    ("≧", Nature::AtLeast, false),
    ("⩾", Nature::AtLeast, false),
    ("≤", Nature::AtMost, false),
    ("≦", Nature::AtMost, false),
    ("⩽", Nature::AtMost, false),
    (">", Nature::AtLeast, true),
    ("<", Nature::AtMost, true),
    ("=", Nature::Equal, false),
];

/// What a unit string measures; None for a unit this module does not know.
pub fn unit_kind(unit: &str) -> Option<UnitKind> {
    let base = unit.split('/').next().unwrap_or(unit);
    UNITS.iter().find(|(u, _)| *u == base).map(|(_, k)| *k)
}

/// An indicator value split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorValue {
    /// The value exactly as written.
    pub raw: String,
    /// The comparison.
    pub nature: Nature,
    /// True for > and <: the bound itself does not meet the target.
    pub strict: bool,
    /// The number, exact; None for qualitative values.
    pub number: Option<Decimal>,
    /// The unit in half-width form ("％" becomes "%"); None when absent or
    /// unknown. A per-period unit keeps its period ("次/年").
    pub unit: Option<String>,
    /// The words: all of a qualitative value, or what follows the unit
    /// ("全部接入" in "100%全部接入"), verbatim.
    pub text: String,
}

impl IndicatorValue {
    /// Splits a value. Never fails: what does not parse is qualitative.
    pub fn parse(raw: &str) -> IndicatorValue {
        let trimmed = raw.trim();
        let qualitative = IndicatorValue {
            raw: raw.to_string(),
            nature: Nature::Qualitative,
            strict: false,
            number: None,
            unit: None,
            text: trimmed.to_string(),
        };
        // One normalised char per original char, so positions map back and
        // `text` can be cut from the original.
        let orig: Vec<char> = trimmed.chars().collect();
        let norm: Vec<char> = orig.iter().map(|&c| halfwidth(c)).collect();
        let norm_str: String = norm.iter().collect();

        let mut pos = 0;
        let mut nature = None;
        let mut strict = false;
        for (op, n, s) in OPERATORS {
            if norm_str.starts_with(op) {
                nature = Some(*n);
                strict = *s;
                pos = op.chars().count();
                break;
            }
        }
        pos = skip_spaces(&norm, pos);

        let (number, after_number) = match scan_decimal(&norm, pos) {
            Some(found) => found,
            None => return qualitative,
        };
        let mut pos = skip_spaces(&norm, after_number);
        // A range ("90-95%", "3至5次") is not one target: keep it as words.
        if let Some(&c) = norm.get(pos) {
            let next_is_digit = norm.get(pos + 1).is_some_and(char::is_ascii_digit);
            if matches!(c, '-' | '~' | '～' | '至' | '到' | '—') && next_is_digit {
                return qualitative;
            }
        }

        let rest: String = norm[pos..].iter().collect();
        let mut unit = UNITS
            .iter()
            .filter(|(u, _)| rest.starts_with(u))
            .max_by_key(|(u, _)| u.len())
            .map(|(u, _)| u.to_string());
        if let Some(u) = unit.as_mut() {
            pos += u.chars().count();
            // "次/年", "次/每月": the period belongs to the unit.
            if norm.get(pos) == Some(&'/') {
                let mut q = pos + 1;
                if norm.get(q) == Some(&'每') {
                    q += 1;
                }
                let tail: String = norm[q..].iter().collect();
                let period = UNITS
                    .iter()
                    .filter(|(p, k)| *k == UnitKind::Time && tail.starts_with(p))
                    .max_by_key(|(p, _)| p.len());
                if let Some((p, _)) = period {
                    u.push('/');
                    u.push_str(p);
                    pos = q + p.chars().count();
                }
            }
        }
        let text: String = orig[pos.min(orig.len())..].iter().collect();
        IndicatorValue {
            raw: raw.to_string(),
            nature: nature.unwrap_or(Nature::Equal),
            strict,
            number: Some(number),
            unit,
            text: text.trim().to_string(),
        }
    }

    /// A number with words where the unit should be ("≥90良好",
    /// "≥95社会稳定"): neither measurable nor plainly qualitative.
    pub fn is_mixed(&self) -> bool {
        self.number.is_some() && self.unit.is_none() && !self.text.is_empty()
    }

    /// What the unit measures, when there is a known unit.
    pub fn unit_kind(&self) -> Option<UnitKind> {
        self.unit.as_deref().and_then(unit_kind)
    }

    /// For a money value ("≤90万元"), the amount in fen; None otherwise or
    /// when finer than a fen.
    pub fn amount_fen(&self) -> Option<i64> {
        let fen_per_unit: i64 = match self.unit.as_deref()? {
            "元" => 100,
            "百元" => 10_000,
            "千元" => 100_000,
            "万元" => 1_000_000,
            "百万元" => 100_000_000,
            "亿元" => 10_000_000_000,
            _ => return None,
        };
        let fen = self.number?.checked_mul(Decimal::from(fen_per_unit))?;
        if !fen.fract().is_zero() {
            return None;
        }
        i64::try_from(fen).ok()
    }
}

fn skip_spaces(chars: &[char], mut pos: usize) -> usize {
    while chars.get(pos).is_some_and(|c| c.is_whitespace()) {
        pos += 1;
    }
    pos
}

/// An unsigned decimal at `pos`: digits, one decimal point, and commas only
/// where they group thousands ("1,200.50"; "1,2" stops before the comma).
/// Returns the number and the position after it. Shared with the linter's
/// reading of derivations in prose.
pub(crate) fn scan_decimal(chars: &[char], pos: usize) -> Option<(Decimal, usize)> {
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut end = pos;
    let mut digits = String::new();
    let mut seen_point = false;
    while let Some(&c) = chars.get(end) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '.' && !seen_point && !digits.is_empty() && digit_at(end + 1) {
            seen_point = true;
            digits.push(c);
        } else if c == ','
            && !seen_point
            && !digits.is_empty()
            && (1..=3).all(|k| digit_at(end + k))
            && !digit_at(end + 4)
        {
            // A thousands separator: dropped.
        } else {
            break;
        }
        end += 1;
    }
    if digits.is_empty() {
        return None;
    }
    Decimal::from_str_exact(&digits).ok().map(|d| (d, end))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::str::FromStr;
    use Nature::*;

    fn dec(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    /// (raw, nature, strict, number, unit, text, mixed)
    type Case = (
        &'static str,
        Nature,
        bool,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        bool,
    );

    /// Every distinct 指标值 in the seed (checked by `seed_values_are_all_here`).
    pub(crate) const SEED_VALUES: &[Case] = &[
        ("≥3次", AtLeast, false, Some("3"), Some("次"), "", false),
        ("≥2次", AtLeast, false, Some("2"), Some("次"), "", false),
        ("≥10次", AtLeast, false, Some("10"), Some("次"), "", false),
        (
            "≥90百分比",
            AtLeast,
            false,
            Some("90"),
            Some("百分比"),
            "",
            false,
        ),
        (
            "≥95百分比",
            AtLeast,
            false,
            Some("95"),
            Some("百分比"),
            "",
            false,
        ),
        (
            "≥2百分比",
            AtLeast,
            false,
            Some("2"),
            Some("百分比"),
            "",
            false,
        ),
        ("≥95", AtLeast, false, Some("95"), None, "", false),
        ("≥90良好", AtLeast, false, Some("90"), None, "良好", true),
        (
            "≥95社会稳定",
            AtLeast,
            false,
            Some("95"),
            None,
            "社会稳定",
            true,
        ),
        ("≥1万", AtLeast, false, Some("1"), Some("万"), "", false),
        (
            "100%全部接入",
            Equal,
            false,
            Some("100"),
            Some("%"),
            "全部接入",
            false,
        ),
        (
            "群众认可",
            Qualitative,
            false,
            None,
            None,
            "群众认可",
            false,
        ),
        (
            "社会稳定",
            Qualitative,
            false,
            None,
            None,
            "社会稳定",
            false,
        ),
        (
            "受到群众好评",
            Qualitative,
            false,
            None,
            None,
            "受到群众好评",
            false,
        ),
        (
            "解决涉法信访问题",
            Qualitative,
            false,
            None,
            None,
            "解决涉法信访问题",
            false,
        ),
        ("良好", Qualitative, false, None, None, "良好", false),
        (
            "全县视频点位全部接入",
            Qualitative,
            false,
            None,
            None,
            "全县视频点位全部接入",
            false,
        ),
    ];

    /// Forms from domain.md and real documents beyond the seed.
    const OTHER_VALUES: &[Case] = &[
        (
            "≤90万元",
            AtMost,
            false,
            Some("90"),
            Some("万元"),
            "",
            false,
        ),
        (">=95%", AtLeast, false, Some("95"), Some("%"), "", false),
        ("≧95%", AtLeast, false, Some("95"), Some("%"), "", false),
        ("＞90％", AtLeast, true, Some("90"), Some("%"), "", false),
        ("<5天", AtMost, true, Some("5"), Some("天"), "", false),
        (
            "≤ 30 个工作日",
            AtMost,
            false,
            Some("30"),
            Some("个工作日"),
            "",
            false,
        ),
        ("≥９５％", AtLeast, false, Some("95"), Some("%"), "", false),
        (
            "＝１００％",
            Equal,
            false,
            Some("100"),
            Some("%"),
            "",
            false,
        ),
        ("=12个月", Equal, false, Some("12"), Some("个月"), "", false),
        ("95%", Equal, false, Some("95"), Some("%"), "", false),
        (
            "≥2次/年",
            AtLeast,
            false,
            Some("2"),
            Some("次/年"),
            "",
            false,
        ),
        (
            "≥4次/每季度",
            AtLeast,
            false,
            Some("4"),
            Some("次/季度"),
            "",
            false,
        ),
        (
            "不低于98%",
            AtLeast,
            false,
            Some("98"),
            Some("%"),
            "",
            false,
        ),
        (
            "不超过50万元",
            AtMost,
            false,
            Some("50"),
            Some("万元"),
            "",
            false,
        ),
        (
            "≤1,200.50元",
            AtMost,
            false,
            Some("1200.50"),
            Some("元"),
            "",
            false,
        ),
        (
            "≥95%以上",
            AtLeast,
            false,
            Some("95"),
            Some("%"),
            "以上",
            false,
        ),
        ("≥3人次", AtLeast, false, Some("3"), Some("人次"), "", false),
        (
            "≥95节点",
            AtLeast,
            false,
            Some("95"),
            Some("节点"),
            "",
            false,
        ),
        ("90-95%", Qualitative, false, None, None, "90-95%", false),
        ("3至5次", Qualitative, false, None, None, "3至5次", false),
        ("≥良好", Qualitative, false, None, None, "≥良好", false),
        ("全年3次", Qualitative, false, None, None, "全年3次", false),
        ("", Qualitative, false, None, None, "", false),
        ("  ", Qualitative, false, None, None, "", false),
        ("≥", Qualitative, false, None, None, "≥", false),
        ("≥.5%", Qualitative, false, None, None, "≥.5%", false),
        ("≥1.", AtLeast, false, Some("1"), None, ".", true),
        (
            "≥99999999999999999999999999999999次",
            Qualitative,
            false,
            None,
            None,
            "≥99999999999999999999999999999999次",
            false,
        ),
    ];

    #[test]
    fn table_of_values() {
        for &(raw, nature, strict, number, unit, text, mixed) in
            SEED_VALUES.iter().chain(OTHER_VALUES)
        {
            let v = IndicatorValue::parse(raw);
            assert_eq!(v.raw, raw);
            assert_eq!(v.nature, nature, "{raw}");
            assert_eq!(v.strict, strict, "{raw}");
            assert_eq!(v.number, number.and_then(dec), "{raw}");
            assert_eq!(v.unit.as_deref(), unit, "{raw}");
            assert_eq!(v.text, text, "{raw}");
            assert_eq!(v.is_mixed(), mixed, "{raw}");
        }
    }

    #[test]
    fn unit_kinds_and_amounts() {
        assert_eq!(
            IndicatorValue::parse("≥95百分比").unit_kind(),
            Some(UnitKind::Percent)
        );
        assert_eq!(
            IndicatorValue::parse("≥2次/年").unit_kind(),
            Some(UnitKind::Count)
        );
        assert_eq!(
            IndicatorValue::parse("≥1万").unit_kind(),
            Some(UnitKind::Magnitude)
        );
        assert_eq!(IndicatorValue::parse("社会稳定").unit_kind(), None);
        assert_eq!(
            IndicatorValue::parse("≤90万元").amount_fen(),
            Some(90_000_000)
        );
        assert_eq!(IndicatorValue::parse("≤0.001元").amount_fen(), None);
        assert_eq!(IndicatorValue::parse("≤90次").amount_fen(), None);
    }
}
