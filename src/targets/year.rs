//! The year a target document is for. The document writes checkpoints as
//! "3月底", never as dates, so the year has to come from somewhere; taking
//! today's year silently puts every date of last year's targets imported in
//! December in the wrong year. The document states its year in its title or
//! summary lines ("2025年专项项目12个", "2025年度部门整体绩效目标"), and that
//! is the year to use.

/// Words that, right after "YYYY年" or "YYYY年度", mark the sentence as
/// stating the document's own year (not a date in a derivation or a
/// reference to an earlier year's file).
const STATING: &[&str] = &["专项项目", "项目", "部门", "预算", "绩效", "整体", "分项"];

/// The year the document states, and the 1-based line that states it: the
/// first "YYYY年" (or "YYYY年度") followed by a word of [`STATING`], in the
/// text before the first project table (the title and summary part); failing
/// that, any "YYYY年" in a table title. None when the document states no year.
pub fn stated_year(text: &str) -> Option<(i32, usize)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut in_tables = None;
    for (i, line) in text.lines().enumerate() {
        let is_title = line.trim_end().ends_with("绩效目标表");
        if is_title || in_tables.is_some() {
            if in_tables.is_none() {
                in_tables = Some(i);
            }
            if !is_title {
                continue;
            }
        }
        if let Some(y) = year_in(line, is_title) {
            return Some((y, i + 1));
        }
    }
    None
}

/// The first stating "YYYY年" in one line; in a table title (`any`) every
/// "YYYY年" states the year.
fn year_in(line: &str, any: bool) -> Option<i32> {
    let chars: Vec<char> = line.chars().map(crate::base::text::halfwidth).collect();
    for i in 0..chars.len() {
        if i + 5 > chars.len() || !chars[i..i + 4].iter().all(char::is_ascii_digit) {
            continue;
        }
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        if chars[i + 4] != '年' {
            continue;
        }
        let mut rest: String = chars[i + 5..].iter().collect();
        if let Some(r) = rest.strip_prefix('度') {
            rest = r.to_string();
        }
        if !any && !STATING.iter().any(|w| rest.starts_with(w)) {
            continue;
        }
        let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
        if (2000..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_stated_year() {
        let cases: &[(&str, Option<(i32, usize)>)] = &[
            (
                "分项绩效目标\n\n2025年专项项目12个，项目经费共407.257万元。",
                Some((2025, 3)),
            ),
            ("２０２４年度部门整体绩效目标", Some((2024, 1))),
            // A date in a derivation does not state the document's year.
            ("于2023年5月增加节点\n2026年预算安排", Some((2026, 2))),
            ("没有年份的文件", None),
            // Inside a project table only its title counts.
            ("标题\n见义勇为基金绩效目标表\n\t2019年项目\n", None),
            ("2024年见义勇为基金绩效目标表\n", Some((2024, 1))),
            ("120251年项目", None),
        ];
        for (text, want) in cases {
            assert_eq!(stated_year(text), *want, "{text}");
        }
    }
}
