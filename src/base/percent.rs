//! Percentages as the office reads them: exact ratios of fen, rounded half
//! away from zero to two places only when shown. One home so that `status`,
//! the emails and the reports print the same figure the same way.

use rust_decimal::{Decimal, RoundingStrategy};

use super::money::Fen;

/// paid / budget in percent, exact.
pub fn percent_of(paid: Fen, budget: Fen) -> Decimal {
    // Nothing paid: what the division gives for a zero dividend.
    if budget.0 == 0 || paid.0 == 0 {
        return Decimal::ZERO;
    }
    // paid * 100 as an integer decimal when it fits: the very decimal the
    // decimal product gives (scale 0, the same mantissa), one multiplication
    // fewer for every figure of a province.
    let hundredfold = match paid.0.checked_mul(100) {
        Some(n) => Decimal::from(n),
        None => Decimal::from(paid.0) * Decimal::from(100),
    };
    hundredfold / Decimal::from(budget.0)
}

/// Rounds a percentage for display: two places, half away from zero.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A percentage with exactly two decimals ("12.50"), as every output shows it.
pub fn pct(d: Decimal) -> String {
    let mut s = Vec::with_capacity(16);
    write_pct(&mut s, d);
    // ASCII only: digits, '.', '-' (or what `{:.2}` printed).
    String::from_utf8(s).unwrap_or_default()
}

/// [`pct`] appended to a byte buffer. Fast path without the formatter and without
/// `round_dp`: the csv of a province has hundreds of thousands of them. The
/// value is rounded half away from zero on the integer mantissa, then
/// printed in hundredths like an amount in fen; what the fast path does not
/// cover (zero with a sign, values that round to zero, huge values) takes
/// the general path.
pub fn write_pct(out: &mut Vec<u8>, d: Decimal) {
    let scale = d.scale();
    let m = d.mantissa();
    if m == 0 && !d.is_sign_negative() {
        out.extend_from_slice(b"0.00");
        return;
    }
    let a = m.unsigned_abs();
    let hundredths = if scale <= 2 {
        10u128.checked_pow(2 - scale).and_then(|f| a.checked_mul(f))
    } else {
        // Scale is at most 28: the divisor fits a u128.
        10u128.checked_pow(scale - 2).map(|div| {
            let q = a / div;
            let r = a - q * div;
            if r >= div - r {
                q + 1
            } else {
                q
            }
        })
    };
    if let Some(h) = hundredths
        .filter(|&h| h != 0)
        .and_then(|h| i64::try_from(h).ok())
    {
        Fen(if m < 0 { -h } else { h }).write_plain(out);
        return;
    }
    let r = round2(d);
    let _ = std::io::Write::write_fmt(out, format_args!("{r:.2}"));
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

    /// The fast path prints what `round_dp` and `{:.2}` print, for every
    /// scale, sign and rounding case.
    #[test]
    fn fast_pct_matches_round_dp() {
        let reference = |d: Decimal| format!("{:.2}", round2(d));
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let paid = (next() % 2_000_000_000) as i64 - 100_000_000;
            let budget = (next() % 1_000_000_000) as i64 + 1;
            let d = percent_of(Fen(paid), Fen(budget));
            assert_eq!(pct(d), reference(d), "{d}");
            let scale = (next() % 29) as u32;
            let m = (next() as i128) * if next() % 2 == 0 { 1 } else { -1 };
            let d = Decimal::from_i128_with_scale(m, scale);
            assert_eq!(pct(d), reference(d), "{d}");
            let d = Decimal::from_i128_with_scale((next() % 100_000) as i128 - 50_000, scale);
            assert_eq!(pct(d), reference(d), "{d}");
        }
        for s in [
            "0.005",
            "-0.005",
            "0.0049999",
            "-0.0049",
            "0.015",
            "2.675",
            "-2.675",
            "0.00",
            "-0.00",
            "1e-28",
        ] {
            let d = Decimal::from_scientific(s)
                .or_else(|_| Decimal::from_str(s))
                .unwrap();
            assert_eq!(pct(d), reference(d), "{s}");
        }
        assert_eq!(pct(Decimal::MAX), reference(Decimal::MAX));
        assert_eq!(pct(Decimal::MIN), reference(Decimal::MIN));
        assert_eq!(pct(-Decimal::ZERO), reference(-Decimal::ZERO));
    }

    /// The shortcuts of `percent_of` give the very decimal (value and
    /// scale) of the plain formula.
    #[test]
    fn percent_of_matches_the_formula() {
        let formula = |p: i64, b: i64| Decimal::from(p) * Decimal::from(100) / Decimal::from(b);
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut cases = vec![
            (0, 1),
            (0, -7),
            (1, 3),
            (-1, 3),
            (5, 4),
            (crate::base::money::MAX_FEN, 1),
            (-crate::base::money::MAX_FEN, 3),
            (i64::MAX / 100 + 1, 7),
        ];
        for _ in 0..100_000 {
            let p = (next() >> (next() % 64)) as i64 * if next() % 3 == 0 { -1 } else { 1 };
            let b =
                ((next() >> (next() % 64)) as i64).max(1) * if next() % 5 == 0 { -1 } else { 1 };
            cases.push((p, b));
        }
        for (p, b) in cases {
            assert_eq!(
                percent_of(Fen(p), Fen(b)).serialize(),
                formula(p, b).serialize(),
                "{p} / {b}"
            );
        }
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
