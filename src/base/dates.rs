//! Dates as exports write them. Treasury systems write 2025-03-31, accounting
//! software 2025/3/31, some banks 20250331, Word tables 2025年3月31日, and a
//! spreadsheet that was re-saved turns dates into Excel serial numbers. All of
//! them mean a calendar day; a time of day, when present, is ignored.

use chrono::{Datelike, NaiveDate};

/// Why a date cell did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing in the cell.
    #[error("empty date")]
    Empty,
    /// Not one of the accepted forms.
    #[error("unrecognised date format")]
    Format,
    /// The right form, but no such day (2025-02-30).
    #[error("no such calendar day")]
    NoSuchDay,
}

impl DateError {
    /// The reason in the language in use (the `Display` form stays English
    /// for logs and other errors that embed it).
    pub fn localized(&self) -> String {
        let key = match self {
            DateError::Empty => "date-empty",
            DateError::Format => "date-format",
            DateError::NoSuchDay => "date-no-such-day",
        };
        crate::base::i18n::message(key, &[])
    }
}

/// Parses a date cell. Accepted: `2025-03-31`, `2025/3/31`, `2025.3.31`,
/// `20250331`, `2025年3月31日`, any of these followed by a time, and Excel
/// serial numbers (1900 date system, e.g. `45747` or `45747.0`).
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    parse_date_bytes(text.as_bytes())
}

/// `parse_date` on bytes. Fast paths for the forms machine exports write
/// (2025-03-31, 2025/3/31, 2025.3.31); anything else is decoded and read
/// carefully.
///
/// Exports are sorted by date, so a date is nearly always the one of the
/// row before: the last one read on this thread is remembered and given
/// back without building it again (a million rows hold a few hundred
/// distinct dates).
pub fn parse_date_bytes(b: &[u8]) -> Result<NaiveDate, DateError> {
    thread_local! {
        static LAST: std::cell::Cell<([u8; 10], usize, Option<NaiveDate>)> =
            const { std::cell::Cell::new(([0; 10], 0, None)) };
    }
    let (text, len, date) = LAST.with(std::cell::Cell::get);
    if let Some(d) = date {
        if len == b.len() && text[..len] == *b {
            return Ok(d);
        }
    }
    if let Some(d) = ymd_separated(b) {
        if let (Ok(day), true) = (&d, b.len() <= 10) {
            let mut text = [0u8; 10];
            text[..b.len()].copy_from_slice(b);
            LAST.with(|l| l.set((text, b.len(), Some(*day))));
        }
        return d;
    }
    match std::str::from_utf8(b) {
        Ok(text) => parse_date_slow(text),
        Err(_) => Err(DateError::Format),
    }
}

/// YYYY-M-D with one of - / . as the separator (the same both times) and
/// one- or two-digit month and day. None: not this form.
#[inline]
fn ymd_separated(b: &[u8]) -> Option<Result<NaiveDate, DateError>> {
    if b.len() < 8 || b.len() > 10 {
        return None;
    }
    let sep = b[4];
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let y = num(&b[0..4])?;
    let rest = &b[5..];
    let k = rest.iter().position(|&c| c == sep)?;
    let (m, d) = (&rest[..k], &rest[k + 1..]);
    if m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let (m, d) = (num(m)?, num(d)?);
    Some(NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay))
}

fn parse_date_slow(text: &str) -> Result<NaiveDate, DateError> {
    let b = text.as_bytes();
    // Fast path: exactly YYYY-MM-DD.
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (num(&b[0..4]), num(&b[5..7]), num(&b[8..10])) {
            return NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay);
        }
    }
    careful(text)
}

#[inline]
fn num(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

fn careful(text: &str) -> Result<NaiveDate, DateError> {
    let s: String = text.chars().map(crate::base::text::halfwidth).collect();
    let s = s.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // Drop a time of day: "2025-03-31 00:00:00", "2025-03-31T08:00".
    let s = s
        .split([' ', 'T'])
        .next()
        .unwrap_or(s)
        .trim_end_matches('日');
    // Excel serial number (optionally with a fraction of a day).
    if let Some(serial) = excel_serial(s) {
        return serial;
    }
    if s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit()) {
        let b = s.as_bytes();
        let (y, m, d) = (num(&b[0..4]), num(&b[4..6]), num(&b[6..8]));
        return ymd(y, m, d);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts.iter().any(|p| p.is_empty() || p.len() > 4)
    {
        return Err(DateError::Format);
    }
    ymd(
        num(parts[0].as_bytes()),
        num(parts[1].as_bytes()),
        num(parts[2].as_bytes()),
    )
}

fn ymd(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> Result<NaiveDate, DateError> {
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay)
        }
        _ => Err(DateError::Format),
    }
}

/// Excel's 1900 date system: serial 1 is 1900-01-01 and Excel pretends
/// 1900-02-29 existed, so serials from 61 on count from 1899-12-30. Only
/// serials between 1990 and 2100 are taken, so that a stray number is not
/// mistaken for a date.
fn excel_serial(s: &str) -> Option<Result<NaiveDate, DateError>> {
    let int = match s.split_once('.') {
        Some((i, f)) if f.bytes().all(|c| c.is_ascii_digit()) => i,
        Some(_) => return None,
        None => s,
    };
    if int.is_empty() || int.len() > 5 || !int.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    if !(32_874..=73_050).contains(&n) {
        // 1990-01-01 ..= 2099-12-31
        return Some(Err(DateError::Format));
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some(
        base.checked_add_days(chrono::Days::new(n as u64))
            .ok_or(DateError::NoSuchDay),
    )
}

/// Days in the given year (365 or 366).
pub fn days_in_year(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// 0-based day of the year: 1 January is 0.
pub fn day_index(d: NaiveDate) -> u16 {
    d.ordinal0() as u16
}

/// The date of a 0-based day of the year.
pub fn from_day_index(year: i32, idx: u16) -> Option<NaiveDate> {
    NaiveDate::from_yo_opt(year, idx as u32 + 1)
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// A date as people write it in Chinese: 2025年6月30日.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The English name of a month (1 = January); empty outside 1..=12.
pub fn en_month(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES.get(m.wrapping_sub(1) as usize).copied().unwrap_or("")
}

/// A date as people write it in English: 30 June 2025.
pub fn en_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), en_month(d.month()), d.year())
}

/// A date as the emails write it in `lang` (see [`cn_date`], [`en_date`]).
pub fn date_in(lang: crate::base::i18n::Lang, d: NaiveDate) -> String {
    match lang {
        crate::base::i18n::Lang::Zh => cn_date(d),
        crate::base::i18n::Lang::En => en_date(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_dates_name_the_month() {
        assert_eq!(en_date(d(2025, 6, 30)), "30 June 2025");
        assert_eq!(en_date(d(2025, 1, 1)), "1 January 2025");
        assert_eq!(en_month(12), "December");
        assert_eq!(en_month(0), "");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_remembered_date_is_only_given_back_for_the_same_text() {
        let cases = [
            ("2025-03-31", Ok((2025, 3, 31))),
            ("2025-03-31", Ok((2025, 3, 31))),
            ("2025-3-31", Ok((2025, 3, 31))),
            ("2025-03-3", Ok((2025, 3, 3))),
            ("2025-02-30", Err(())),
            ("2025-03-3", Ok((2025, 3, 3))),
            ("2025/03/31", Ok((2025, 3, 31))),
            ("2025-03-31x", Err(())),
            ("2025-03-31", Ok((2025, 3, 31))),
            ("", Err(())),
        ];
        for (text, want) in cases {
            let got = parse_date_bytes(text.as_bytes())
                .map(|d| (d.year(), d.month(), d.day()))
                .map_err(|_| ());
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn parses_real_world_dates() {
        let cases: &[(&str, NaiveDate)] = &[
            ("2025-03-31", d(2025, 3, 31)),
            ("2025/3/31", d(2025, 3, 31)),
            ("2025/03/05", d(2025, 3, 5)),
            ("2025.3.5", d(2025, 3, 5)),
            ("20250331", d(2025, 3, 31)),
            ("2025年3月31日", d(2025, 3, 31)),
            ("2025年03月01日", d(2025, 3, 1)),
            ("２０２５－０３－３１", d(2025, 3, 31)),
            ("2025-03-31 00:00:00", d(2025, 3, 31)),
            ("2025-03-31T08:30:00", d(2025, 3, 31)),
            (" 2025-1-5 ", d(2025, 1, 5)),
            ("45747", d(2025, 3, 31)),
            ("45658", d(2025, 1, 1)),
            ("45747.5", d(2025, 3, 31)),
            ("2024-02-29", d(2024, 2, 29)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(*want), "{text}");
        }
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("2025-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2025-13-01"), Err(DateError::NoSuchDay));
        for t in [
            "31/03/2025",
            "abc",
            "2025-03",
            "12",
            "2025-03-31-01",
            "25/3/31",
        ] {
            assert!(parse_date(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn calendar_helpers() {
        assert_eq!(days_in_year(2025), 365);
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(day_index(d(2025, 1, 1)), 0);
        assert_eq!(day_index(d(2025, 12, 31)), 364);
        assert_eq!(from_day_index(2025, 89), Some(d(2025, 3, 31)));
        assert_eq!(month_end(2025, 2), Some(d(2025, 2, 28)));
        assert_eq!(month_end(2025, 12), Some(d(2025, 12, 31)));
    }
}
