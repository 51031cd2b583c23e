//! Turning notices into email and getting it delivered: templates rendered
//! with minijinja (built in, overridable file by file from the config
//! folder), a multipart/alternative message (plain text and HTML) built with
//! lettre, and two transports: SMTP, or .eml files in the outbox folder when
//! no server is configured (the default, so a fresh machine works).
//!
//! Emails are in the language of `[email] language`: the renderer picks
//! the built-in English templates (`templates/en/`) for it and the
//! prefixes from the catalogues; the text itself comes written from the
//! planner.
//!
//! The subject prefix (【预算执行预警】...) and the `X-Budget-Kind` /
//! `X-Budget-Projects` headers are set here, not in templates, so that an
//! overridden template cannot break the mail rules that sort on them.
//!
//! `smtp` holds the SMTP conversation itself (one RCPT per recipient, the
//! clear-text rule, TCP_NODELAY, the record before QUIT).

pub mod smtp;

use std::path::{Path, PathBuf};

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};
use minijinja::Environment;
use serde::Serialize;

use crate::base::i18n::{fixed_in, message_in, FixedCache, Lang};

/// The kinds of email, each with its own template and subject prefix. A
/// message may carry several (all of a person's notices of one night); the
/// first, most severe, names its template and prefix, and `X-Budget-Kind`
/// lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EmailKind {
    /// 【红色预警】 to the department head: a project red at a checkpoint.
    Escalation,
    /// 【超预算预警】 paid above budget.
    Overspend,
    /// 【预算执行预警】 yellow or red at a checkpoint.
    Checkpoint,
    /// 【预算执行提醒】 heads-up before a checkpoint.
    Early,
    /// 【年度执行结果】 the fiscal year's final figures.
    YearEnd,
    /// 【预警日报】 the finance office's digest of a night with news.
    Office,
    /// 【部门月度执行情况】 the head's monthly digest.
    Digest,
    /// 【月度执行进度】 an owner's monthly progress.
    Monthly,
}

impl EmailKind {
    /// Every kind, most severe first.
    pub const ALL: [EmailKind; 8] = [
        EmailKind::Escalation,
        EmailKind::Overspend,
        EmailKind::Checkpoint,
        EmailKind::Early,
        EmailKind::YearEnd,
        EmailKind::Office,
        EmailKind::Digest,
        EmailKind::Monthly,
    ];

    /// Machine name: template base name and `X-Budget-Kind` value.
    pub fn code(self) -> &'static str {
        match self {
            EmailKind::Escalation => "escalation",
            EmailKind::Overspend => "overspend",
            EmailKind::Checkpoint => "checkpoint",
            EmailKind::Early => "early",
            EmailKind::YearEnd => "year_end",
            EmailKind::Office => "office",
            EmailKind::Digest => "digest",
            EmailKind::Monthly => "monthly",
        }
    }

    /// The subject prefix every message of this kind starts with.
    pub fn prefix(self) -> &'static str {
        match self {
            EmailKind::Escalation => "【红色预警】",
            EmailKind::Overspend => "【超预算预警】",
            EmailKind::Checkpoint => "【预算执行预警】",
            EmailKind::Early => "【预算执行提醒】",
            EmailKind::YearEnd => "【年度执行结果】",
            EmailKind::Office => "【预警日报】",
            EmailKind::Digest => "【部门月度执行情况】",
            EmailKind::Monthly => "【月度执行进度】",
        }
    }

    /// Label for people (the log).
    pub fn label(self) -> &'static str {
        match self {
            EmailKind::Escalation => "红色预警（部门负责人）",
            EmailKind::Overspend => "超预算预警",
            EmailKind::Checkpoint => "节点预警",
            EmailKind::Early => "进度提醒",
            EmailKind::YearEnd => "年度执行结果",
            EmailKind::Office => "预警日报",
            EmailKind::Digest => "部门月度执行情况",
            EmailKind::Monthly => "月度执行进度",
        }
    }

    /// The subject prefix in an email's language ([`EmailKind::prefix`] in
    /// Chinese; English ends with a space).
    pub fn prefix_in(self, lang: Lang) -> String {
        message_in(lang, &format!("mail-prefix-{}", self.key()), &[])
    }

    /// The label in an email's language ([`EmailKind::label`] in Chinese;
    /// the log keeps that one).
    pub fn label_in(self, lang: Lang) -> String {
        static CACHE: FixedCache<8> = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let labels = fixed_in(
            &CACHE,
            lang,
            [
                "mail-kind-escalation",
                "mail-kind-overspend",
                "mail-kind-checkpoint",
                "mail-kind-early",
                "mail-kind-year-end",
                "mail-kind-office",
                "mail-kind-digest",
                "mail-kind-monthly",
            ],
        );
        labels[EmailKind::ALL.iter().position(|k| *k == self).unwrap_or(0)].clone()
    }

    /// The code as a catalogue key part (`year-end`).
    fn key(self) -> &'static str {
        match self {
            EmailKind::YearEnd => "year-end",
            k => k.code(),
        }
    }

    /// Parses [`EmailKind::code`].
    pub fn from_code(s: &str) -> Option<EmailKind> {
        EmailKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One project (or topic) in a section: a heading and its dated lines,
/// every figure already formatted for people.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Block {
    /// E.g. 涉法涉诉信访救助基金（13022925P00004710002D）.
    pub heading: String,
    /// One line each: the figures as of the run date, the checkpoint's...
    pub lines: Vec<String>,
    /// Where the block stands when a message has more projects than it
    /// lists (`jobs::notices::MAX_LISTED`): lower first, so the most behind
    /// are the ones written out (then, at the same gap, the most money).
    /// Not shown.
    #[serde(skip)]
    pub rank: (rust_decimal::Decimal, i64),
}

/// One notice kind within a message.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Section {
    /// The kind's code.
    pub kind: String,
    /// Section title, e.g. 【节点预警】.
    pub title: String,
    /// What it is and what to do.
    pub paragraphs: Vec<String>,
    /// The projects.
    pub blocks: Vec<Block>,
}

/// Everything a template sees.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// The codes of the kinds in the message, most severe first.
    pub kinds: Vec<String>,
    /// Salutation name.
    pub recipient: String,
    /// 单位名称.
    pub department: String,
    /// The run's date in the emails' language (2025年7月15日, 15 July 2025).
    pub as_of: String,
    /// The subject after the prefix.
    pub subject: String,
    /// The sections, most severe first.
    pub sections: Vec<Section>,
    /// Closing requests (the 情况说明: to whom, by when).
    pub closing: Vec<String>,
    /// The subject prefix when not the kind's own: a unit head's monthly
    /// digest is 【单位月度执行情况】, not the department's.
    #[serde(skip)]
    pub prefix: Option<String>,
}

/// Renders the templates; overrides in the config folder win file by file.
pub struct Renderer {
    env: Environment<'static>,
    lang: Lang,
}

/// The (name, text) table of the templates under `templates/`: the files
/// named before `;` as they are, then for each kind after it its
/// `.subject.txt`, `.txt` and `.html`.
macro_rules! builtin {
    ($($part:ident . $ext:ident),* ; $($kind:ident),*) => {
        &[
            $((
                concat!(stringify!($part), ".", stringify!($ext)),
                include_str!(concat!("../../templates/", stringify!($part), ".", stringify!($ext))),
            ),)*
            $(
                (
                    concat!(stringify!($kind), ".subject.txt"),
                    include_str!(concat!("../../templates/", stringify!($kind), ".subject.txt")),
                ),
                (
                    concat!(stringify!($kind), ".txt"),
                    include_str!(concat!("../../templates/", stringify!($kind), ".txt")),
                ),
                (
                    concat!(stringify!($kind), ".html"),
                    include_str!(concat!("../../templates/", stringify!($kind), ".html")),
                ),
            )*
        ]
    };
}

/// The built-in templates, embedded at build time: the shared parts, then
/// a subject, a text and an HTML body for each kind of message.
const BUILTIN: &[(&str, &str)] = builtin![_body.html, _body.txt, _greeting.txt, _footer.txt; escalation, overspend, checkpoint, early, year_end, office, digest, monthly];

/// The built-in templates whose English text differs, used when the
/// emails are in English (`[email] language = "en"`); every other name
/// falls back to [`BUILTIN`]. An override in the config folder wins over
/// both, whatever the language.
const BUILTIN_EN: &[(&str, &str)] = &[
    (
        "_greeting.txt",
        include_str!("../../templates/en/_greeting.txt"),
    ),
    (
        "_footer.txt",
        include_str!("../../templates/en/_footer.txt"),
    ),
];

/// A rendered message body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Full subject, prefix included.
    pub subject: String,
    /// text/plain part.
    pub text: String,
    /// text/html part.
    pub html: String,
}

impl Renderer {
    /// A renderer of emails in `lang`, reading overrides from `overrides`
    /// (which may not exist): a file there wins over the built-in one of
    /// the same name in every language.
    pub fn new(overrides: &Path, lang: Lang) -> Renderer {
        let dir = overrides.to_path_buf();
        let mut env = Environment::new();
        env.set_loader(
            move |name: &str| -> Result<Option<String>, minijinja::Error> {
                if name.contains(['/', '\\']) || name.starts_with('.') {
                    return Ok(None);
                }
                let custom = dir.join(name);
                if custom.is_file() {
                    return crate::base::files::read_to_string(&custom)
                        .map(Some)
                        .map_err(|e| {
                            minijinja::Error::new(
                                minijinja::ErrorKind::InvalidOperation,
                                crate::base::i18n::message(
                                    "mail-template-cannot-read",
                                    &[
                                        ("file", custom.display().to_string()),
                                        ("error", e.to_string()),
                                    ],
                                ),
                            )
                        });
                }
                let english = match lang {
                    Lang::En => BUILTIN_EN,
                    Lang::Zh => &[],
                };
                Ok(english
                    .iter()
                    .chain(BUILTIN)
                    .find(|(n, _)| *n == name)
                    .map(|(_, s)| s.to_string()))
            },
        );
        Renderer { env, lang }
    }

    /// Renders subject, text and HTML of one message. Every template is
    /// rendered before anything is sent, so a broken override fails the run
    /// early (see `check`).
    pub fn render(&self, kind: EmailKind, ctx: &Context) -> Result<Rendered, String> {
        let render = |part: &str| -> Result<String, String> {
            let name = format!("{}.{part}", kind.code());
            self.env
                .get_template(&name)
                .and_then(|t| t.render(minijinja::value::Serde(ctx)))
                .map_err(|e| format!("template {name}: {e:#}"))
        };
        let subject = render("subject.txt")?;
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Rendered {
            subject: format!(
                "{}{subject}",
                ctx.prefix
                    .clone()
                    .unwrap_or_else(|| kind.prefix_in(self.lang))
            ),
            text: render("txt")?,
            html: render("html")?,
        })
    }

    /// Renders every kind with a sample context: catches a broken override
    /// before any work is done.
    pub fn check(&self) -> Result<(), String> {
        let ctx = Context {
            kinds: Vec::new(),
            recipient: "测试".into(),
            department: "测试单位".into(),
            as_of: "2025年1月1日".into(),
            subject: "测试".into(),
            sections: vec![Section {
                kind: "checkpoint".into(),
                title: "测试".into(),
                paragraphs: vec!["测试".into()],
                blocks: vec![Block {
                    heading: "测试".into(),
                    lines: vec!["测试".into()],
                    rank: Default::default(),
                }],
            }],
            closing: vec!["测试".into()],
            prefix: None,
        };
        for k in EmailKind::ALL {
            self.render(
                k,
                &Context {
                    kinds: vec![k.code().into()],
                    ..ctx.clone()
                },
            )?;
        }
        Ok(())
    }
}

/// `X-Budget-Kind`: what the message is, for mail rules and audits.
#[derive(Debug, Clone)]
pub struct XBudgetKind(pub String);

impl Header for XBudgetKind {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Budget-Kind")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(XBudgetKind(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `X-Budget-Projects`: the project codes covered, comma-separated.
#[derive(Debug, Clone)]
pub struct XBudgetProjects(pub String);

impl Header for XBudgetProjects {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Budget-Projects")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(XBudgetProjects(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// At most this many codes go in `X-Budget-Projects`, then how many more:
/// mail servers keep a message's header to about 100 KB (Postfix's
/// `header_size_limit`), and a province's digest names tens of thousands.
const HEADER_PROJECTS: usize = 100;

/// The `X-Budget-Projects` value: codes separated by ", ", since a header
/// is folded only at spaces and a line past 998 bytes is refused (RFC 5321
/// 4.5.3.1.6: "500 Line too long" from a message naming 50 projects).
fn projects_header(projects: &[String]) -> String {
    let mut s = projects[..projects.len().min(HEADER_PROJECTS)].join(", ");
    if projects.len() > HEADER_PROJECTS {
        s.push_str(&format!(", +{}", projects.len() - HEADER_PROJECTS));
    }
    s
}

/// A stable Message-ID for a recorded message: the row id plus a hash of the
/// notice's dedup key, so a resend is recognisable and a recreated log does
/// not reuse an old id.
pub fn message_id(row: i64, dedup_key: &str, from: &str) -> String {
    let domain = from
        .parse::<Mailbox>()
        .map(|m| m.email.domain().to_string())
        .unwrap_or_else(|_| "localhost".into());
    let h = xxhash_rust::xxh3::xxh3_64(dedup_key.as_bytes());
    format!("<budget-monitor.{row}.{h:016x}@{domain}>")
}

/// A file attached to a message (the monthly report workbook).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name shown to the reader, e.g. 月度执行进度-2025-06.xlsx.
    pub filename: String,
    /// MIME type.
    pub content_type: String,
    /// The file's bytes.
    pub body: Vec<u8>,
}

/// MIME type of .xlsx workbooks.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Builds the message: multipart/alternative, Chinese subject (RFC 2047
/// encoded by lettre), kind and project headers, the given Message-ID, and
/// any attachments (then the whole is multipart/mixed).
#[allow(clippy::too_many_arguments)]
pub fn build(
    from: &str,
    to: &[(String, String)],
    cc: &[(String, String)],
    kinds: &[EmailKind],
    projects: &[String],
    message_id: &str,
    r: &Rendered,
    attachments: &[Attachment],
) -> Result<Message, String> {
    let mailbox = |(name, email): &(String, String)| -> Result<Mailbox, String> {
        let addr: Address = email.parse().map_err(|e| {
            crate::base::i18n::message(
                "smtp-not-an-address",
                &[("error", format!("{email:?}: {e}"))],
            )
        })?;
        // The one escaping function for header text: a name can never end
        // the header or start another.
        Ok(Mailbox::new(
            Some(crate::base::escape::header(name)).filter(|n| !n.is_empty()),
            addr,
        ))
    };
    let mut b = Message::builder()
        .from(from.parse::<Mailbox>().map_err(|e| {
            crate::base::i18n::message(
                "smtp-sender-bad",
                &[("from", format!("{from:?}")), ("error", e.to_string())],
            )
        })?)
        .subject(crate::base::escape::header(&r.subject))
        .message_id(Some(message_id.to_string()))
        .header(XBudgetKind(
            kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(","),
        ))
        .header(XBudgetProjects(crate::base::escape::header(
            &projects_header(projects),
        )));
    for t in to {
        b = b.to(mailbox(t)?);
    }
    for c in cc {
        b = b.cc(mailbox(c)?);
    }
    let body = MultiPart::alternative_plain_html(crlf(&r.text), crlf(&r.html));
    if attachments.is_empty() {
        return b.multipart(body).map_err(|e| e.to_string());
    }
    let mut mixed = MultiPart::mixed().multipart(body);
    for a in attachments {
        let ct = lettre::message::header::ContentType::parse(&a.content_type)
            .map_err(|e| format!("{}: {e}", a.content_type))?;
        mixed = mixed.singlepart(
            lettre::message::Attachment::new(crate::base::escape::header(&a.filename))
                .body(a.body.clone(), ct),
        );
    }
    b.multipart(mixed).map_err(|e| e.to_string())
}

/// `text` with every line feed not already after a carriage return made
/// `\r\n`, as a mail body's lines must end. The mail library does the
/// same, but by inserting each `\r` into the string where it goes, moving
/// the rest of the text every time: for the 2.6 MB email of an owner of
/// 2,500 projects that was 42 % of a province's night. Given `\r\n`
/// already, it finds nothing to insert, and the message is byte for byte
/// what it would have made.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut after_cr = false;
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(if after_cr { "\n" } else { "\r\n" });
        }
        out.push_str(part);
        after_cr = part.ends_with('\r');
    }
    out
}

/// Builds the message and serialises it. The mail library panics when a
/// header cannot be written (it did on a line break in a name); here that
/// is an error naming the message, never a crash of the nightly run.
#[allow(clippy::too_many_arguments)]
pub fn build_bytes(
    from: &str,
    to: &[(String, String)],
    cc: &[(String, String)],
    kinds: &[EmailKind],
    projects: &[String],
    message_id: &str,
    r: &Rendered,
    attachments: &[Attachment],
) -> Result<Vec<u8>, String> {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build(from, to, cc, kinds, projects, message_id, r, attachments).map(|m| m.formatted())
    }));
    match built {
        Ok(r) => r,
        Err(p) => Err(crate::base::i18n::message(
            "mail-cannot-build",
            &[
                ("id", message_id.to_string()),
                ("error", panic_text(p.as_ref())),
            ],
        )),
    }
}

/// The text of a caught panic.
pub fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| crate::base::i18n::message("mail-unknown-error", &[]))
}

/// Why a delivery did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Try again next run: 4xx, timeout, connection refused or dropped.
    Temporary(String),
    /// The server refused for good (5xx); a person must look.
    Permanent(String),
}

/// Where messages go.
pub enum Transport {
    /// A mail server.
    Smtp(crate::notify::smtp::Endpoint),
    /// .eml files in a folder.
    Outbox(PathBuf),
}

impl Transport {
    /// How the transport is described in logs (no secrets).
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(e) => {
                crate::base::i18n::message("via-smtp", &[("server", e.shown.clone())])
            }
            Transport::Outbox(dir) => {
                crate::base::i18n::message("via-outbox", &[("dir", dir.display().to_string())])
            }
        }
    }

    /// Hands one recorded message over. On success the connection is still
    /// open: record the outcome, then drop the returned [`crate::notify::smtp::Open`].
    pub fn send(
        &self,
        envelope_from: &str,
        recipients: &[String],
        message_id: &str,
        raw: &[u8],
    ) -> Result<(crate::notify::smtp::Outcome, crate::notify::smtp::Open), SendError> {
        use crate::notify::smtp::{Failure, Open, Outcome};
        match self {
            Transport::Outbox(dir) => write_eml(dir, message_id, raw)
                .map(|_| {
                    (
                        Outcome {
                            accepted: recipients.to_vec(),
                            ..Default::default()
                        },
                        Open::none(),
                    )
                })
                .map_err(|e| SendError::Temporary(format!("{}: {e}", dir.display()))),
            Transport::Smtp(endpoint) => {
                endpoint
                    .send(envelope_from, recipients, raw)
                    .map_err(|f| match f {
                        Failure::Temporary(m) => SendError::Temporary(m),
                        Failure::Permanent(m) => SendError::Permanent(m),
                    })
            }
        }
    }
}

/// An error with its causes, one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        let t = x.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = x.source();
    }
    s
}

/// Writes a message as `<Message-ID>.eml`, atomically (temp file, fsync,
/// rename): the same notice written twice is one file.
pub fn write_eml(dir: &Path, message_id: &str, raw: &[u8]) -> std::io::Result<PathBuf> {
    let name = crate::base::escape::file_name(message_id.trim_matches(|c| c == '<' || c == '>'));
    let path = dir.join(format!("{name}.eml"));
    crate::base::files::write_atomic(&path, raw)?;
    Ok(path)
}

/// The URL with any password replaced by `***`, fit for logs.
pub fn redact_url(url: &str) -> String {
    crate::notify::smtp::redact_url(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_render() {
        let r = Renderer::new(Path::new("/nonexistent"), Lang::Zh);
        r.check().unwrap();
    }

    /// A context of one kind and no sections, for 李娜 on 2025-08-01.
    fn empty_context(kind: &str) -> Context {
        Context {
            kinds: vec![kind.into()],
            recipient: "李娜".into(),
            department: "d".into(),
            as_of: "2025年8月1日".into(),
            subject: "s".into(),
            sections: vec![],
            closing: vec![],
            prefix: None,
        }
    }

    #[test]
    fn overrides_win_and_prefix_stays() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("monthly.subject.txt"), "自定义 {{ as_of }}").unwrap();
        let r = Renderer::new(dir.path(), Lang::Zh);
        let out = r
            .render(EmailKind::Monthly, &empty_context("monthly"))
            .unwrap();
        assert_eq!(out.subject, "【月度执行进度】自定义 2025年8月1日");
        assert!(out.text.contains("李娜"));
    }

    #[test]
    fn english_uses_the_english_built_ins_and_an_override_still_wins() {
        let none = Renderer::new(Path::new("/nonexistent"), Lang::En);
        let out = none
            .render(EmailKind::Monthly, &empty_context("monthly"))
            .unwrap();
        assert!(
            out.subject.starts_with("[Monthly progress] "),
            "{}",
            out.subject
        );
        assert!(out.text.starts_with("Dear 李娜,"), "{}", out.text);
        assert!(out.text.contains("This email was sent automatically"));
        assert!(out.html.contains("<p>Dear 李娜,</p>"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_footer.txt"), "Our own footer").unwrap();
        let r = Renderer::new(dir.path(), Lang::En);
        let out = r
            .render(EmailKind::Monthly, &empty_context("monthly"))
            .unwrap();
        assert!(out.text.contains("Our own footer"), "{}", out.text);
        assert!(!out.text.contains("sent automatically"));
        assert!(out.text.starts_with("Dear 李娜,"));
        assert!(r.check().is_ok());
    }

    #[test]
    fn message_has_kind_headers_and_both_parts() {
        let r = Rendered {
            subject: "【预算执行预警】测试".into(),
            text: "纯文本".into(),
            html: "<p>超文本</p>".into(),
        };
        let id = message_id(7, "k", "预算 <bm@example.org>");
        assert!(id.starts_with("<budget-monitor.7.") && id.ends_with("@example.org>"));
        let m = build(
            "预算 <bm@example.org>",
            &[("李娜".into(), "lina@example.org".into())],
            &[],
            &[EmailKind::Checkpoint, EmailKind::Early],
            &["A".into(), "B".into()],
            &id,
            &r,
            &[],
        )
        .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("X-Budget-Kind: checkpoint,early"));
        assert!(raw.contains("X-Budget-Projects: A, B"));
        assert!(raw.contains(&format!("Message-ID: {id}")));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Subject: =?utf-8?"));
    }

    #[test]
    fn a_long_project_list_folds_and_is_capped() {
        let r = Renderer::new(Path::new("/nonexistent"), Lang::Zh);
        let rendered = r
            .render(EmailKind::Checkpoint, &empty_context("checkpoint"))
            .unwrap();
        let projects: Vec<String> = (0..150).map(|i| format!("13022925P{i:012}")).collect();
        let raw = build_bytes(
            "预算 <bm@example.org>",
            &[("李娜".into(), "lina@example.org".into())],
            &[],
            &[EmailKind::Checkpoint],
            &projects,
            "<1.x@example.org>",
            &rendered,
            &[],
        )
        .unwrap();
        let raw = String::from_utf8(raw).unwrap();
        assert!(
            raw.split("\r\n").all(|l| l.len() <= 998),
            "RFC 5321 line limit"
        );
        let header: String = raw
            .split("\r\n")
            .skip_while(|l| !l.starts_with("X-Budget-Projects:"))
            .take_while(|l| l.starts_with("X-Budget-Projects:") || l.starts_with(' '))
            .collect();
        assert!(header.contains("13022925P000000000000,"), "{header}");
        assert!(header.contains("13022925P000000000099"), "{header}");
        assert!(!header.contains("13022925P000000000100"), "{header}");
        assert!(header.ends_with(", +50"), "{header}");
    }

    #[test]
    fn bodies_get_crlf_line_ends_once() {
        for (text, want) in [
            ("", ""),
            ("a", "a"),
            ("a\nb", "a\r\nb"),
            ("\n", "\r\n"),
            ("\n\n", "\r\n\r\n"),
            ("a\r\nb\n", "a\r\nb\r\n"),
            ("\r\n\n", "\r\n\r\n"),
            ("x\r", "x\r"),
            ("中文\n第二行\r\n", "中文\r\n第二行\r\n"),
        ] {
            assert_eq!(crlf(text), want, "{text:?}");
            assert_eq!(crlf(want), want, "{want:?} is left as it is");
        }
        // The built message is what the mail library makes of the text as
        // it was (it adds the same carriage returns itself).
        let r = |text: &str| Rendered {
            subject: "s".into(),
            text: text.into(),
            html: format!("<p>{text}</p>"),
        };
        let made = |rendered: &Rendered| {
            let m = build(
                "bm@example.org",
                &[("李娜".into(), "lina@example.org".into())],
                &[],
                &[EmailKind::Checkpoint],
                &[],
                "<id@example.org>",
                rendered,
                &[],
            )
            .unwrap();
            String::from_utf8(m.formatted()).unwrap()
        };
        let text = "第一行\n第二行\r\n\n第四行，一行很长的文字".repeat(50);
        let ours = made(&r(&text));
        let theirs = {
            // As lettre alone would see it: a body it must fix itself.
            let b = MultiPart::alternative_plain_html(text.clone(), format!("<p>{text}</p>"));
            let m = Message::builder()
                .from("bm@example.org".parse().unwrap())
                .to("李娜 <lina@example.org>".parse().unwrap())
                .multipart(b)
                .unwrap();
            String::from_utf8(m.formatted()).unwrap()
        };
        let body = |raw: &str| raw[raw.find("Content-Type: multipart").unwrap()..].to_string();
        // Boundaries are random: compare the parts' text.
        let parts = |raw: &str| -> Vec<String> {
            body(raw)
                .split("\r\n--")
                .skip(1)
                .map(|p| {
                    p.split_once("\r\n\r\n")
                        .map(|x| x.1.to_string())
                        .unwrap_or_default()
                })
                .collect()
        };
        let (ours, theirs) = (parts(&ours), parts(&theirs));
        assert!(ours.len() >= 2 && ours[0].len() > 1000, "{ours:?}");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn header_text_cannot_break_the_message() {
        // A name with a line break made lettre panic ("a Display
        // implementation returned an error unexpectedly"): exit 101 nightly.
        let r = Rendered {
            subject: "【预算执行预警】a\r\nBcc: spy@example.org".into(),
            text: "t".into(),
            html: "h".into(),
        };
        for name in [
            "部门负责人A\nB",
            "李娜\r\nBcc: spy@example.org",
            "\u{1b}[2J",
            "x\u{0}y",
        ] {
            let raw = build_bytes(
                "预算 <bm@example.org>",
                &[("李娜".into(), "lina@example.org".into())],
                &[(name.into(), "head@example.org".into())],
                &[EmailKind::Checkpoint],
                &["A\r\nX-Evil: 1".into()],
                "<x@example.org>",
                &r,
                &[],
            )
            .unwrap();
            let text = String::from_utf8(raw).unwrap();
            assert!(
                !text
                    .lines()
                    .any(|l| l.starts_with("Bcc:") || l.starts_with("X-Evil:")),
                "{text}"
            );
            assert!(!text.contains('\u{1b}') && !text.contains('\u{0}'));
        }
    }

    #[test]
    fn attachments_make_a_mixed_message() {
        let r = Rendered {
            subject: "【月度执行进度】".into(),
            text: "t".into(),
            html: "<p>h</p>".into(),
        };
        let m = build(
            "bm@example.org",
            &[("".into(), "a@example.org".into())],
            &[],
            &[EmailKind::Monthly],
            &[],
            "<x@example.org>",
            &r,
            &[Attachment {
                filename: "月度执行进度-2025-06.xlsx".into(),
                content_type: XLSX_MIME.into(),
                body: b"PK\x03\x04".to_vec(),
            }],
        )
        .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("multipart/mixed"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Content-Disposition: attachment"));
        assert!(raw.contains(XLSX_MIME));
    }
}
