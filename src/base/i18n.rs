//! The language of what a person reads on the terminal. Finance officers
//! read Chinese, so that is the default; `--lang en` or
//! `BUDGET_MONITOR_LANG=en` switches to English, so a log can be shared
//! with anyone. The messages live in one Fluent catalogue per language
//! (`i18n/zh-CN.ftl`, `i18n/en.ftl`, compiled in), not as strings scattered
//! through the code; a test checks that both catalogues have every key.
//!
//! From the catalogues so far: lint findings and their summary, `check` and
//! `status` lines (reconciliation, notes, problems, quarantine reasons),
//! input errors, the summary lines, `schedule` and `log`, the nightly
//! run's operator lines, configuration diagnostics (after their place),
//! import-targets' file errors, the packaging commands' errors, the ledger
//! cache's notes (with why an entry was unusable), the mail library's
//! refusals, the reports' folder errors and the command line's dates. The
//! emails use the same catalogues (`mail-*` keys) with [`message_in`] in
//! the language of `[email] language`, which is the recipients' and not
//! the terminal's. Library
//! code that finds something a person reads keeps a [`Msg`] or formats
//! with [`message`] when it finds it (the language is chosen once, at
//! start).

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// The environment variable that chooses the language (`zh` or `en`).
pub const ENV_LANG: &str = "BUDGET_MONITOR_LANG";

/// The Chinese catalogue (default): the terminal and mail messages, then
/// the reports' words, one file per report family (`report-*.zh-CN.ftl`),
/// kept apart so the catalogues stay readable; one catalogue to the code.
pub const ZH_FTL: &str = concat!(
    include_str!("../../i18n/zh-CN.ftl"),
    "\n",
    include_str!("../../i18n/report-common.zh-CN.ftl"),
    "\n",
    include_str!("../../i18n/report-dashboard.zh-CN.ftl"),
    "\n",
    include_str!("../../i18n/report-log.zh-CN.ftl"),
    "\n",
    include_str!("../../i18n/report-monthly.zh-CN.ftl"),
    "\n",
    include_str!("../../i18n/report-forms.zh-CN.ftl"),
);
/// The English catalogue, in the same files (`*.en.ftl`).
pub const EN_FTL: &str = concat!(
    include_str!("../../i18n/en.ftl"),
    "\n",
    include_str!("../../i18n/report-common.en.ftl"),
    "\n",
    include_str!("../../i18n/report-dashboard.en.ftl"),
    "\n",
    include_str!("../../i18n/report-log.en.ftl"),
    "\n",
    include_str!("../../i18n/report-monthly.en.ftl"),
    "\n",
    include_str!("../../i18n/report-forms.en.ftl"),
);

/// A language of the terminal messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 简体中文 (default).
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parses `zh`, `zh-CN`, `en`, `en-US`... (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") || s.starts_with("zh_") {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en-") || s.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Zh => ZH_FTL,
            Lang::En => EN_FTL,
        }
    }

    /// The language's tag, as an HTML page's `lang` attribute names it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en-US",
        }
    }

    fn id(self) -> unic_langid::LanguageIdentifier {
        self.tag().parse().unwrap_or_default()
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Chooses the language for this process: the command line's `--lang`
/// wins, then `BUDGET_MONITOR_LANG`, then Chinese. Only the first call
/// counts. An unknown value in the environment is ignored; the warning
/// line about it (in the language chosen) comes back for the caller to
/// show, so the library never prints.
pub fn init(cli: Option<Lang>) -> (Lang, Option<String>) {
    let mut unknown = None;
    let lang = *CHOSEN.get_or_init(|| {
        cli.or_else(|| {
            let v = std::env::var(ENV_LANG)
                .ok()
                .filter(|v| !v.trim().is_empty())?;
            let lang = Lang::parse(&v);
            if lang.is_none() {
                unknown = Some(v);
            }
            lang
        })
        .unwrap_or(Lang::Zh)
    });
    let warning = unknown.map(|v| {
        message_in(
            lang,
            "lang-unknown",
            &[("var", ENV_LANG.to_string()), ("value", format!("{v:?}"))],
        )
    });
    (lang, warning)
}

/// The language in use (Chinese unless `init` chose otherwise).
pub fn lang() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::Zh)
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let mut b = FluentBundle::new(vec![lang.id()]);
    // Terminal text: no Unicode isolation marks around arguments.
    b.set_use_isolating(false);
    let res = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
    let _ = b.add_resource(res);
    b
}

thread_local! {
    static BUNDLES: [FluentBundle<FluentResource>; 2] = [bundle(Lang::Zh), bundle(Lang::En)];
}

/// The message `key` in `lang` with its arguments (all given as text). A
/// key missing from the catalogue comes back as the key itself, so a
/// mistake shows instead of vanishing.
pub fn message_in(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    BUNDLES.with(|bs| {
        let b = &bs[lang as usize];
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        // Borrowed, not copied: the emails format hundreds of thousands
        // of lines on a province's checkpoint night.
        let mut fa = FluentArgs::with_capacity(args.len());
        for (k, v) in args {
            fa.set(*k, FluentValue::from(v.as_str()));
        }
        // Written into a string of about the final size: grown by
        // doubling, the lines of a province's night held 10 MB of spare
        // capacity.
        let text: usize = pattern
            .elements
            .iter()
            .map(|e| match e {
                fluent_syntax::ast::PatternElement::TextElement { value } => value.len(),
                fluent_syntax::ast::PatternElement::Placeable { .. } => 0,
            })
            .sum();
        let mut out =
            String::with_capacity(text + args.iter().map(|(_, v)| v.len()).sum::<usize>());
        let mut errors = Vec::new();
        let _ = b.write_pattern(&mut out, pattern, Some(&fa), &mut errors);
        out
    })
}

/// A cache of [`fixed_in`]: one slot per language.
pub type FixedCache<const N: usize> = [OnceLock<[String; N]>; 2];

/// The messages `keys` (without arguments) in `lang`, looked up once per
/// process and kept in `cache`: the labels a province's night writes
/// hundreds of thousands of times (a level in every line of every
/// email).
pub fn fixed_in<const N: usize>(
    cache: &'static FixedCache<N>,
    lang: Lang,
    keys: [&str; N],
) -> &'static [String; N] {
    cache[lang as usize].get_or_init(|| keys.map(|k| message_in(lang, k, &[])))
}

/// The message `key` in the language in use.
pub fn message(key: &str, args: &[(&str, String)]) -> String {
    message_in(lang(), key, args)
}

/// A message not yet put into words: its catalogue key and arguments.
/// Library code that finds something a person will read (a lint finding, a
/// quarantine reason, a ledger problem) keeps one of these, so the text
/// comes out in the language in use when it is shown (`Display`), and a
/// test or a report can ask for a given language ([`Msg::in_lang`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Msg {
    /// The catalogue key.
    pub key: &'static str,
    /// The arguments, all as text.
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    /// The message `key` with `args`.
    pub fn new(key: &'static str, args: Vec<(&'static str, String)>) -> Msg {
        Msg { key, args }
    }

    /// The message in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        message_in(lang, self.key, &args)
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(lang()))
    }
}

/// The message ids of a catalogue, in order.
pub fn keys(source: &str) -> Vec<String> {
    let res = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_every_key_and_parse_cleanly() {
        for src in [ZH_FTL, EN_FTL] {
            assert!(
                FluentResource::try_new(src.to_string()).is_ok(),
                "a catalogue does not parse"
            );
        }
        let (zh, en) = (keys(ZH_FTL), keys(EN_FTL));
        assert!(!zh.is_empty());
        // One key, one place: the files are joined, and a key given twice
        // would silently keep only its first text.
        for ks in [&zh, &en] {
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<_> = ks.iter().filter(|k| !seen.insert(*k)).collect();
            assert!(twice.is_empty(), "keys given twice: {twice:?}");
        }
        let missing_en: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
        let missing_zh: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
        assert!(
            missing_zh.is_empty(),
            "missing in zh-CN.ftl: {missing_zh:?}"
        );
    }

    /// Every variable a catalogue's messages use.
    fn variables(source: &str) -> Vec<String> {
        use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
        fn inline(e: &InlineExpression<String>, out: &mut Vec<String>) {
            match e {
                InlineExpression::VariableReference { id } => out.push(id.name.clone()),
                InlineExpression::Placeable { expression } => expr(expression, out),
                _ => {}
            }
        }
        fn expr(e: &Expression<String>, out: &mut Vec<String>) {
            match e {
                Expression::Inline(i) => inline(i, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
            }
        }
        fn pattern(p: &Pattern<String>, out: &mut Vec<String>) {
            for el in &p.elements {
                if let PatternElement::Placeable { expression } = el {
                    expr(expression, out);
                }
            }
        }
        let res = fluent_syntax::parser::parse(source.to_string()).unwrap_or_else(|(r, _)| r);
        let mut out = Vec::new();
        for e in &res.body {
            if let fluent_syntax::ast::Entry::Message(m) = e {
                if let Some(p) = &m.value {
                    pattern(p, &mut out);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_message_formats_without_errors_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            for key in keys(lang.source()) {
                BUNDLES.with(|bs| {
                    let b = &bs[lang as usize];
                    let p = b.get_message(&key).and_then(|m| m.value()).unwrap();
                    // Every variable given: no resolver errors.
                    let mut fa = FluentArgs::new();
                    for v in variables(lang.source()) {
                        fa.set(v, "1");
                    }
                    let mut errors = Vec::new();
                    let _ = b.format_pattern(p, Some(&fa), &mut errors);
                    assert!(errors.is_empty(), "{lang:?} {key}: {errors:?}");
                });
            }
        }
    }

    /// Every key the code names literally (`message("key"`,
    /// `message_in(lang, "key"`, `Msg::new("key"`, and the keys written as
    /// plain literals such as `"field-amount"`) is in the catalogues: a
    /// missing key would show as the key itself.
    #[test]
    fn every_key_the_code_names_is_in_the_catalogues() {
        fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    rust_files(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let known = keys(ZH_FTL);
        let mut files = Vec::new();
        rust_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut checked = 0;
        let mut missing = Vec::new();
        for f in files {
            if f.ends_with("base/i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            for call in ["message(", "message_in(", "Msg::new("] {
                for (at, _) in text.match_indices(call) {
                    let rest = &text[at + call.len()..];
                    // message_in's first argument is the language.
                    let rest = if call == "message_in(" {
                        match rest.find(',') {
                            Some(c) => &rest[c + 1..],
                            None => continue,
                        }
                    } else {
                        rest
                    };
                    let rest = rest.trim_start();
                    let Some(lit) = rest.strip_prefix('"') else {
                        continue;
                    };
                    let Some(end) = lit.find('"') else { continue };
                    let key = &lit[..end];
                    if key.is_empty()
                        || !key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        continue;
                    }
                    checked += 1;
                    if !known.iter().any(|k| k == key) && key != "no-such-key" {
                        missing.push(format!("{}: {key}", f.display()));
                    }
                }
            }
        }
        assert!(checked > 50, "only {checked} keys found in the code");
        assert!(
            missing.is_empty(),
            "keys not in the catalogues: {missing:?}"
        );
        // Keys passed through a variable.
        for key in [
            "field-amount",
            "field-debit",
            "field-credit",
            "kind-fifo",
            "kind-socket",
            "kind-device",
            "kind-other",
            "as-of-after-year",
            "as-of-before-year",
            "out-ledger-path",
            "out-projects-file",
            "out-settings-file",
            "out-templates-folder",
            "out-overlap-is",
            "out-overlap-inside",
            "esc-line-break",
            "esc-tab",
            "esc-control",
            "esc-noncharacter",
            "esc-bidi",
            "cal-holiday",
            "cal-workday",
        ] {
            assert!(known.iter().any(|k| k == key), "{key}");
        }
    }

    /// Both catalogues give every message the same arguments, so neither
    /// language drops a figure the other shows.
    #[test]
    fn both_catalogues_use_the_same_arguments_per_message() {
        let per_key = |src: &str| -> Vec<(String, Vec<String>)> {
            keys(src)
                .into_iter()
                .map(|k| {
                    let one = src
                        .lines()
                        .find(|l| l.starts_with(&format!("{k} =")))
                        .unwrap_or("")
                        .to_string();
                    (k, variables(&one))
                })
                .collect()
        };
        let zh = per_key(ZH_FTL);
        let en = per_key(EN_FTL);
        for (k, vars) in &zh {
            let other = en.iter().find(|(e, _)| e == k).map(|(_, v)| v);
            assert_eq!(Some(vars), other, "{k}");
        }
    }

    #[test]
    fn a_sample_in_both_languages() {
        let args = [
            ("file", "a.csv".to_string()),
            ("read", "5".to_string()),
            ("used", "3".to_string()),
            ("duplicates", "1".to_string()),
            ("summary", "0".to_string()),
            ("quarantined", "1".to_string()),
            ("profile", "treasury".to_string()),
            ("encoding", "GBK".to_string()),
            ("unit", "元".to_string()),
        ];
        assert_eq!(
            message_in(Lang::En, "reconciliation", &args),
            "a.csv: 5 rows read = 3 used + 1 duplicates + 0 summary/blank + 1 quarantined (treasury, GBK, 元)"
        );
        assert_eq!(
            message_in(Lang::Zh, "reconciliation", &args),
            "a.csv：读取 5 行 = 使用 3 + 重复 1 + 汇总/空行 0 + 隔离 1（treasury，GBK，元）"
        );
        assert_eq!(message_in(Lang::Zh, "no-such-key", &[]), "no-such-key");
        // A quarantine reason, a problem line and the schedule's header.
        let reason = Msg::new(
            "row-date-outside-year",
            vec![("date", "2024-12-28".into()), ("year", "2025".into())],
        );
        assert_eq!(
            reason.in_lang(Lang::Zh),
            "日期 2024-12-28 不在 2025 财政年度内"
        );
        assert_eq!(
            reason.in_lang(Lang::En),
            "date 2024-12-28 is outside fiscal year 2025"
        );
        let line = [("text", "a.csv: 文件或文件夹不存在".to_string())];
        assert_eq!(
            message_in(Lang::Zh, "line-problem", &line),
            "问题：a.csv: 文件或文件夹不存在"
        );
        assert_eq!(
            message_in(Lang::En, "line-problem", &line),
            "problem: a.csv: 文件或文件夹不存在"
        );
        let more = [("count", "7".to_string())];
        assert_eq!(
            message_in(Lang::Zh, "quarantined-more", &more),
            "……另有 7 行已隔离"
        );
        assert_eq!(
            message_in(Lang::En, "quarantined-more", &more),
            "... and 7 more quarantined rows"
        );
        let head = [
            ("expr", "0 8 1 * *".to_string()),
            ("from", "2025-07-15".to_string()),
        ];
        assert_eq!(
            message_in(Lang::Zh, "schedule-header", &head),
            "月度进度通知（0 8 1 * *），自 2025-07-15 起："
        );
        assert_eq!(
            message_in(Lang::En, "schedule-header", &head),
            "monthly progress (0 8 1 * *), from 2025-07-15:"
        );
        assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }
}
