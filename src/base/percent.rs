//! Percentages as the office reads them: exact ratios of fen, rounded half
//! away from zero to two places only when shown. One home so that `status`,
//! the emails and the reports print the same figure the same way.

use rust_decimal::{Decimal, RoundingStrategy};

use super::money::Fen;

/// paid / budget in percent, exact.
pub fn percent_of(paid: Fen, budget: Fen) -> Decimal {
    if budget.0 == 0 {
        return Decimal::ZERO;
    }
    Decimal::from(paid.0) * Decimal::from(100) / Decimal::from(budget.0)
}

/// Rounds a percentage for display: two places, half away from zero.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A percentage with exactly two decimals ("12.50"), as every output shows it.
/// Fast path without the formatter: the csv of a province has hundreds of
/// thousands of them.
pub fn pct(d: Decimal) -> String {
    let r = round2(d);
    // Two decimals exactly, as `{:.2}` prints them, without the formatter:
    // the value in hundredths, printed like an amount in fen.
    let scale = r.scale();
    let m = r.mantissa();
    if m != 0 && scale <= 2 {
        if let Some(h) = 10i128
            .checked_pow(2 - scale)
            .and_then(|f| m.checked_mul(f))
            .and_then(|h| i64::try_from(h).ok())
        {
            return Fen(h).plain();
        }
    }
    format!("{r:.2}")
}

/// Like [`pct`] with the percent sign, as people read it: "12.50%".
pub fn pct_sign(d: Decimal) -> String {
    format!("{}%", pct(d))
}

/// Like [`pct`] with a "+" before a positive value: a gap reads "+1.25".
pub fn signed_pct(d: Decimal) -> String {
    let r = round2(d);
    if r > Decimal::ZERO {
        format!("+{r:.2}")
    } else {
        format!("{r:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn formats_two_places() {
        for (d, want) in [
            ("0", "0.00"),
            ("12.5", "12.50"),
            ("-3.435", "-3.44"),
            ("100", "100.00"),
        ] {
            assert_eq!(pct(Decimal::from_str(d).unwrap()), want, "{d}");
        }
        assert_eq!(signed_pct(Decimal::from_str("1.234").unwrap()), "+1.23");
        assert_eq!(signed_pct(Decimal::from_str("-1.235").unwrap()), "-1.24");
    }

    #[test]
    fn percent_of_is_exact() {
        assert_eq!(
            percent_of(Fen(1), Fen(3)).round_dp(4),
            Decimal::from_str("33.3333").unwrap()
        );
        assert_eq!(percent_of(Fen(5), Fen(0)), Decimal::ZERO);
    }
}
