//! Exact money: every amount is an integer number of fen (1/100 yuan) from the
//! moment it is parsed to the last total, because a finance office reconciles
//! to the fen and binary floats cannot.
//!
//! The parser accepts what real exports contain: thousands separators,
//! full-width digits and punctuation, accounting negatives in parentheses, a
//! lone "-" for zero, currency signs and a 元 suffix, and files kept in 万元.

use std::fmt;

use super::text::squash;

/// The largest amount, in fen, that any one cell may hold: 10^16 yuan
/// (一亿亿元), thousands of times any government's yearly spending, yet a
/// hundredth of what an `i64` of fen holds. Larger is a broken cell and is
/// refused; the ledger reader also keeps every file's payments, added up in
/// absolute value, within it, so that no sum of them can overflow.
pub const MAX_FEN: i64 = 1_000_000_000_000_000_000;

/// "00" to "99", for writing amounts two digits at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// An amount of money in fen (1/100 yuan). Signed: reversals are negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

/// The unit a file states its amounts in. Treasury and accounting exports use
/// 元; summaries and some exports use 万元 (10,000 yuan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnit {
    /// 元 (yuan), the default.
    #[default]
    Yuan,
    /// 万元 (ten thousand yuan).
    Wan,
}

impl AmountUnit {
    /// How many decimal places an amount in this unit may carry and still be a
    /// whole number of fen.
    fn max_decimals(self) -> u32 {
        match self {
            AmountUnit::Yuan => 2,
            AmountUnit::Wan => 6,
        }
    }
}

/// Why an amount did not parse; the message is shown to a person next to the
/// file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing but whitespace.
    #[error("empty amount")]
    Empty,
    /// A character that has no place in an amount.
    #[error("unexpected character {0:?} in amount")]
    BadChar(char),
    /// More decimals than a fen can express (e.g. 12.345 元).
    #[error("more decimal places than fen allow")]
    TooPrecise,
    /// Digits missing, several signs or points, misplaced separators.
    #[error("malformed amount")]
    Malformed,
    /// Beyond ±10^16 yuan (`MAX_FEN`): certainly a broken cell.
    #[error("amount out of range (more than 10,000,000,000,000,000 yuan)")]
    Overflow,
}

impl AmountError {
    /// The reason in the language in use (the `Display` form stays English
    /// for other errors that embed it).
    pub fn localized(&self) -> String {
        match self {
            AmountError::Empty => crate::base::i18n::message("amount-empty", &[]),
            AmountError::BadChar(c) => {
                crate::base::i18n::message("amount-bad-char", &[("char", format!("{c:?}"))])
            }
            AmountError::TooPrecise => crate::base::i18n::message("amount-too-precise", &[]),
            AmountError::Malformed => crate::base::i18n::message("amount-malformed", &[]),
            AmountError::Overflow => crate::base::i18n::message("amount-overflow", &[]),
        }
    }
}

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// Parses an amount cell in the given unit. An empty cell is an error
    /// here; callers that allow empty cells (ledger debit/credit) check first.
    pub fn parse(text: &str, unit: AmountUnit) -> Result<Fen, AmountError> {
        parse_amount(text.as_bytes(), unit)
    }

    /// `parse` on bytes, for the ledger reader (no UTF-8 check on the fast
    /// path).
    pub fn parse_bytes(bytes: &[u8], unit: AmountUnit) -> Result<Fen, AmountError> {
        parse_amount(bytes, unit)
    }

    /// Parses a plain decimal such as "50000.00" or "1234.5" (config files).
    pub fn parse_plain(text: &str) -> Result<Fen, AmountError> {
        parse_amount(text.as_bytes(), AmountUnit::Yuan)
    }

    /// Yuan with two decimals and no separators: the machine-readable form.
    pub fn plain(self) -> String {
        let mut s = Vec::with_capacity(24);
        self.write_plain(&mut s);
        // Only ASCII digits, '.' and '-' were written.
        String::from_utf8(s).unwrap_or_default()
    }

    /// [`Fen::plain`] appended to a byte buffer, without an allocation of
    /// its own: reports and csv output print millions.
    pub fn write_plain(self, out: &mut Vec<u8>) {
        // Written two digits at a time, from the right.
        let a = self.0.unsigned_abs();
        let mut buf = [0u8; 24];
        let mut i = buf.len() - 3;
        let pair = |n: u64| {
            let n = n as usize * 2;
            [DIGIT_PAIRS[n], DIGIT_PAIRS[n + 1]]
        };
        buf[i] = b'.';
        buf[i + 1..].copy_from_slice(&pair(a % 100));
        let mut y = a / 100;
        while y >= 100 {
            i -= 2;
            buf[i..i + 2].copy_from_slice(&pair(y % 100));
            y /= 100;
        }
        if y >= 10 {
            i -= 2;
            buf[i..i + 2].copy_from_slice(&pair(y));
        } else {
            i -= 1;
            buf[i] = b'0' + y as u8;
        }
        if self.0 < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        out.extend_from_slice(&buf[i..]);
    }

    /// Yuan with thousands separators and two decimals: the form people read.
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", group_thousands(a / 100), a % 100)
    }

    /// 万元 with four decimals (exact: 1 fen = 0.000001 万元 would need six,
    /// but summaries round half away from zero to four, as bureaus print them).
    pub fn wan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs() as u128;
        // fen -> 万元 with 4 decimals: divide by 100 (fen in 1 万元 = 1_000_000) * 10_000
        let scaled = (a + 50) / 100; // in units of 0.0001 万元 (= 1 yuan)
        format!(
            "{sign}{}.{:04}",
            group_thousands((scaled / 10_000) as u64),
            scaled % 10_000
        )
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}

impl std::ops::AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        self.0 += o.0;
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

/// Inserts a comma every three digits.
pub fn group_thousands(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(",")
}

/// The byte-level amount parser. Hot path: plain ASCII amounts never
/// allocate; anything else goes through the careful path.
fn parse_amount(bytes: &[u8], unit: AmountUnit) -> Result<Fen, AmountError> {
    if let Some(f) = fast_ascii(bytes, unit) {
        return Ok(f);
    }
    // The longest real amount (full-width digits with separators, a sign,
    // a currency sign and 元, padded) is well under this; a longer cell is
    // refused before the careful path copies it.
    if bytes.len() > 256 {
        return Err(AmountError::Malformed);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| AmountError::BadChar('\u{FFFD}'))?;
    careful(text, unit)
}

/// `-?\d+(\.\d{1,2})?` in yuan: what machine exports write. None means "not
/// this simple form", not an error.
#[inline]
fn fast_ascii(b: &[u8], unit: AmountUnit) -> Option<Fen> {
    // At most 16 bytes: 16 digits times 100 plus the fen fit an i64 and
    // stay below `MAX_FEN`; anything longer is checked by `careful`.
    if unit != AmountUnit::Yuan || b.is_empty() || b.len() > 16 {
        return None;
    }
    let (neg, digits) = match b[0] {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let mut int: i64 = 0;
    let mut i = 0;
    // Digits, optionally grouped by thousands separators ("1,234,567"):
    // only well-formed groups take this path.
    let mut group = 0usize;
    let mut grouped = false;
    while i < digits.len() {
        let c = digits[i];
        if c.is_ascii_digit() {
            int = int * 10 + (c - b'0') as i64;
            group += 1;
        } else if c == b',' && group > 0 && (if grouped { group == 3 } else { group <= 3 }) {
            grouped = true;
            group = 0;
        } else {
            break;
        }
        i += 1;
    }
    if i == 0 || (grouped && group != 3) {
        return None;
    }
    let mut frac = 0i64;
    if i < digits.len() {
        if digits[i] != b'.' {
            return None;
        }
        let rest = &digits[i + 1..];
        match rest.len() {
            1 if rest[0].is_ascii_digit() => frac = (rest[0] - b'0') as i64 * 10,
            2 if rest[0].is_ascii_digit() && rest[1].is_ascii_digit() => {
                frac = (rest[0] - b'0') as i64 * 10 + (rest[1] - b'0') as i64
            }
            _ => return None,
        }
    }
    let v = int * 100 + frac;
    Some(Fen(if neg { -v } else { v }))
}

fn careful(text: &str, unit: AmountUnit) -> Result<Fen, AmountError> {
    // Normalise: half-width, drop spaces, currency signs and a unit suffix.
    let mut s = squash(text);
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut unit = unit;
    for suffix in ["万元", "元"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            if suffix == "万元" {
                unit = AmountUnit::Wan;
            }
            s = stripped.to_string();
            break;
        }
    }
    let s = s.trim_start_matches(['¥', '￥']);
    // Accounting forms: "-" alone is zero; "(1,234.00)" is negative.
    if matches!(s, "-" | "--" | "—" | "－") {
        return Ok(Fen::ZERO);
    }
    let (neg_paren, s) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, s),
    };
    let (neg_sign, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s.trim_start_matches(['¥', '￥']);
    if neg_paren && neg_sign {
        return Err(AmountError::Malformed);
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int_part.is_empty() && frac_part.is_none_or(|f| f.is_empty()) {
        return Err(AmountError::Malformed);
    }
    // Thousands separators must sit between groups of three digits.
    let mut int_digits = String::with_capacity(int_part.len());
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        for (k, g) in groups.iter().enumerate() {
            let ok = if k == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            };
            if !ok {
                return Err(first_bad_char(g).unwrap_or(AmountError::Malformed));
            }
            int_digits.push_str(g);
        }
    } else {
        int_digits.push_str(int_part);
    }
    if let Some(e) = first_bad_char(&int_digits) {
        return Err(e);
    }
    let frac = frac_part.unwrap_or("");
    if let Some(e) = first_bad_char(frac) {
        return Err(e);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() as u32 > unit.max_decimals() {
        return Err(AmountError::TooPrecise);
    }
    // Combine into fen with checked arithmetic.
    let scale: i128 = match unit {
        AmountUnit::Yuan => 100,
        AmountUnit::Wan => 1_000_000,
    };
    let mut v: i128 = 0;
    for c in int_digits.bytes() {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add((c - b'0') as i128))
            .ok_or(AmountError::Overflow)?;
        if v > MAX_FEN as i128 {
            return Err(AmountError::Overflow);
        }
    }
    v = v.checked_mul(scale).ok_or(AmountError::Overflow)?;
    let mut place = scale;
    for c in frac.bytes() {
        place /= 10;
        v += (c - b'0') as i128 * place;
    }
    if v > MAX_FEN as i128 {
        return Err(AmountError::Overflow);
    }
    let v = v as i64;
    Ok(Fen(if neg_paren || neg_sign { -v } else { v }))
}

fn first_bad_char(s: &str) -> Option<AmountError> {
    s.chars()
        .find(|c| !c.is_ascii_digit())
        .map(AmountError::BadChar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_world_amounts() {
        let y = AmountUnit::Yuan;
        let cases: &[(&str, i64)] = &[
            ("12345.6", 1_234_560),
            ("12345.60", 1_234_560),
            ("12,345.60", 1_234_560),
            ("1,234,567.89", 123_456_789),
            ("１２，３４５．６０", 1_234_560),
            ("(1,234.00)", -123_400),
            ("（1,234.00）", -123_400),
            ("-", 0),
            ("-1234.5", -123_450),
            ("－１２３", -12_300),
            ("12345元", 1_234_500),
            ("12,345.60 元", 1_234_560),
            ("¥1,000.00", 100_000),
            ("￥1000", 100_000),
            (" 88 ", 8_800),
            ("0.01", 1),
            (".5", 50),
            ("100.000", 10_000),
            ("+5", 500),
            ("3.5万元", 3_500_000),
        ];
        for (text, fen) in cases {
            assert_eq!(Fen::parse(text, y), Ok(Fen(*fen)), "{text}");
        }
    }

    #[test]
    fn parses_wan() {
        let w = AmountUnit::Wan;
        assert_eq!(Fen::parse("407.257", w), Ok(Fen(407_257_000)));
        assert_eq!(Fen::parse("52.0914", w), Ok(Fen(52_091_400)));
        assert_eq!(Fen::parse("0.000001", w), Ok(Fen(1)));
        assert_eq!(Fen::parse("0.0000001", w), Err(AmountError::TooPrecise));
    }

    #[test]
    fn rejects_garbage() {
        let y = AmountUnit::Yuan;
        for text in [
            "",
            "  ",
            "12,3a4.00",
            "1.234",
            "abc",
            "1,23",
            "12,34.5",
            "1.2.3",
            "--5",
            "(-5)",
            "(5",
            "99999999999999999999",
            "99999999999999999",
            "-99999999999999999",
            "10000000000000000.01",
        ] {
            assert!(Fen::parse(text, y).is_err(), "{text:?} should fail");
        }
        assert_eq!(Fen::parse("1.234", y), Err(AmountError::TooPrecise));
        assert_eq!(Fen::parse("12,3a4.00", y), Err(AmountError::BadChar('a')));
    }

    /// Issue 10 #2: a 17-digit amount took the fast path and wrapped.
    #[test]
    fn amounts_that_do_not_fit_are_refused_not_wrapped() {
        let y = AmountUnit::Yuan;
        for text in [
            "99999999999999999",
            "-99999999999999999",
            "99,999,999,999,999,999.00",
        ] {
            assert_eq!(Fen::parse(text, y), Err(AmountError::Overflow), "{text}");
        }
        assert_eq!(Fen::parse("10000000000000000", y), Ok(Fen(MAX_FEN)));
        assert_eq!(Fen::parse("-10000000000000000.00", y), Ok(Fen(-MAX_FEN)));
        assert_eq!(
            Fen::parse("9999999999999999", y),
            Ok(Fen(999_999_999_999_999_900))
        );
        assert_eq!(
            Fen::parse("10000000000000", AmountUnit::Wan),
            Err(AmountError::Overflow)
        );
    }

    #[test]
    fn formats() {
        assert_eq!(Fen(123_456_789).grouped(), "1,234,567.89");
        assert_eq!(Fen(-5).grouped(), "-0.05");
        assert_eq!(Fen(100).plain(), "1.00");
        assert_eq!(Fen(-123_400).plain(), "-1234.00");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for f in [
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            999,
            1000,
            -1005,
            i64::MAX,
            i64::MIN,
        ] {
            let a = f.unsigned_abs();
            let want = format!("{}{}.{:02}", if f < 0 { "-" } else { "" }, a / 100, a % 100);
            assert_eq!(Fen(f).plain(), want);
        }
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = (x >> (x % 64)) as i64;
            let a = f.unsigned_abs();
            let want = format!("{}{}.{:02}", if f < 0 { "-" } else { "" }, a / 100, a % 100);
            assert_eq!(Fen(f).plain(), want);
        }
        assert_eq!(Fen(407_257_000).wan(), "407.2570");
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(1000), "1,000");
    }
}
