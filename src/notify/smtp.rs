//! The SMTP conversation, held by us rather than by lettre's one-call
//! transport, for three reasons found by an adversarial test campaign:
//!
//! - **Partial refusal.** lettre abandons the whole transaction when one
//!   `RCPT TO` is refused, so a 550 for the department head's address lost
//!   the owner's mail too. Here every recipient is asked separately; the
//!   message goes to those accepted and the refused ones are reported.
//! - **The crash window.** A message is marked sent only after the server's
//!   250 to the final dot. lettre then sends QUIT and waits for its answer
//!   before returning; here the caller records the 250 first and only then
//!   is the connection closed ([`Open`] closes it when dropped). Nagle's
//!   algorithm held the 5-byte final dot back until the server's delayed
//!   acknowledgement of the body (~40 ms); `TCP_NODELAY` is set on the
//!   connection's socket (lettre does not expose it, see `set_nodelay`).
//! - **Clear-text passwords.** One rule for every way SMTP is configured
//!   (`[smtp]` or `BUDGET_MONITOR_SMTP_URL`): unless the connection is TLS
//!   from the start or STARTTLS is required, the host must be loopback. The
//!   rule is checked when the settings are read, before any connection, and
//!   again before AUTH.
//!
//! Connection URLs are only ever shown through [`redact_url`].

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::Address;

use crate::base::i18n::message;
use crate::model::alerting::{is_loopback, SmtpSecurity, SmtpSettings};

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// No TLS.
    Plain,
    /// STARTTLS when the server offers it, else clear text.
    Opportunistic,
    /// STARTTLS, required.
    StartTls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

impl Security {
    /// Whether mail and passwords are guaranteed to travel encrypted.
    pub fn encrypted(self) -> bool {
        matches!(self, Security::StartTls | Security::Tls)
    }
}

/// A mail server and how to talk to it.
#[derive(Clone)]
pub struct Endpoint {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Connection security.
    pub security: Security,
    /// Name sent in EHLO (the URL's path), else lettre's default.
    pub hello: Option<String>,
    /// User and password for AUTH.
    pub credentials: Option<(String, String)>,
    /// Network timeout.
    pub timeout: Duration,
    /// How the endpoint is shown: the URL without a password.
    pub shown: String,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password, not even in a debug print.
        write!(f, "Endpoint({})", self.shown)
    }
}

impl Endpoint {
    /// From a lettre-style connection URL (`smtp://user:pw@host:port?tls=required`,
    /// `smtps://…`). `password` (from the environment) overrides one in the
    /// URL. Errors show the URL redacted.
    pub fn from_url(
        url: &str,
        password: Option<&str>,
        timeout: Duration,
    ) -> Result<Endpoint, String> {
        let shown = redact_url(url);
        let bad = |why: String| message("smtp-url-bad", &[("url", shown.clone()), ("why", why)]);
        let u = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        let host = u
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad(message("smtp-url-no-host", &[])))?
            .trim_matches(|c| c == '[' || c == ']')
            .to_string();
        let tls: Option<String> = u
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let (security, default_port) = match (u.scheme(), tls.as_deref()) {
            ("smtp", None) => (Security::Plain, 25),
            ("smtp", Some("required")) => (Security::StartTls, 587),
            ("smtp", Some("opportunistic")) => (Security::Opportunistic, 587),
            ("smtps", _) => (Security::Tls, 465),
            (scheme, tls) => {
                return Err(bad(message(
                    "smtp-url-scheme",
                    &[
                        ("scheme", format!("{scheme:?}")),
                        ("tls", format!("{tls:?}")),
                    ],
                )))
            }
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| bad(message("smtp-url-not-utf8", &[])))
        };
        let user = decode(u.username())?;
        let url_password = u.password().map(decode).transpose()?;
        let password = password.map(str::to_string).or(url_password);
        let credentials = match (user.is_empty(), password) {
            (false, Some(p)) => Some((user, p)),
            _ => None,
        };
        let path = u.path().trim_matches('/');
        Ok(Endpoint {
            host,
            port: u.port().unwrap_or(default_port),
            security,
            hello: (!path.is_empty()).then(|| path.to_string()),
            credentials,
            timeout,
            shown,
        })
    }

    /// From `[smtp]` and the password found for it.
    pub fn from_settings(s: &SmtpSettings, password: Option<String>) -> Endpoint {
        Endpoint {
            host: s.host.clone(),
            port: s.port,
            security: match s.security {
                SmtpSecurity::StartTls => Security::StartTls,
                SmtpSecurity::Tls => Security::Tls,
                SmtpSecurity::Plain => Security::Plain,
            },
            hello: None,
            credentials: s.username.clone().zip(password),
            timeout: Duration::from_secs(s.timeout_seconds),
            shown: s.to_url(),
        }
    }

    /// The clear-text rule: without guaranteed encryption, only a loopback
    /// host (a local relay) is allowed, whether or not a password is set:
    /// the mail itself names people and money.
    pub fn check_plaintext(&self) -> Result<(), String> {
        if self.security.encrypted() || is_loopback(&self.host) {
            return Ok(());
        }
        let how = match self.security {
            Security::Opportunistic => "smtp-clear-opportunistic",
            _ => "smtp-clear-plain",
        };
        Err(message(
            "smtp-clear-refused",
            &[
                ("server", self.shown.clone()),
                ("how", message(how, &[])),
                ("host", format!("{:?}", self.host)),
            ],
        ))
    }

    /// Connects, secures, authenticates, and hands one message over.
    /// Returns which recipients took it, with the connection still open so
    /// the caller can record the outcome before it is closed.
    pub fn send(
        &self,
        from: &str,
        recipients: &[String],
        raw: &[u8],
    ) -> Result<(Outcome, Open), Failure> {
        self.check_plaintext().map_err(Failure::Permanent)?;
        let from: Address = from.parse().map_err(|e: lettre::address::AddressError| {
            Failure::Permanent(message(
                "smtp-sender-bad",
                &[("from", format!("{from:?}")), ("error", e.to_string())],
            ))
        })?;
        let hello = self.hello.clone().map(ClientId::Domain).unwrap_or_default();
        let tls = || {
            TlsParameters::new(self.host.clone()).map_err(|e| {
                Failure::Permanent(message(
                    "smtp-tls-failed",
                    &[("host", self.host.clone()), ("error", e.to_string())],
                ))
            })
        };
        let wrapper = match self.security {
            Security::Tls => Some(tls()?),
            _ => None,
        };
        let conn = SmtpConnection::connect(
            (self.host.as_str(), self.port),
            Some(self.timeout),
            &hello,
            wrapper.as_ref(),
            None,
        )
        .map_err(classify)?;
        set_nodelay(self.port);
        // From here every early return closes the connection politely.
        let mut open = Open(Some(conn));
        let conn = open.0.as_mut().expect("just opened");
        let starttls = match self.security {
            Security::StartTls => true,
            Security::Opportunistic => conn.can_starttls(),
            _ => false,
        };
        if starttls {
            conn.starttls(&tls()?, &hello).map_err(classify)?;
        }
        if let Some((user, pw)) = &self.credentials {
            if !conn.is_encrypted() && !is_loopback(&self.host) {
                return Err(Failure::Permanent(message(
                    "smtp-not-encrypted",
                    &[("server", self.shown.clone())],
                )));
            }
            conn.auth(
                &[Mechanism::Plain, Mechanism::Login],
                &Credentials::new(user.clone(), pw.clone()),
            )
            .map_err(classify)?;
        }
        let mut params = Vec::new();
        let non_ascii = !from.to_string().is_ascii() || recipients.iter().any(|r| !r.is_ascii());
        if non_ascii {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(Failure::Permanent(message("smtp-no-smtputf8", &[])));
            }
            params.push(MailParameter::SmtpUtfEight);
        }
        if !raw.is_ascii() {
            if !conn.server_info().supports_feature(Extension::EightBitMime) {
                return Err(Failure::Permanent(message("smtp-no-8bitmime", &[])));
            }
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        conn.command(Mail::new(Some(from), params))
            .map_err(classify)?;
        let mut outcome = Outcome::default();
        for r in recipients {
            let addr: Address = match r.parse() {
                Ok(a) => a,
                Err(e) => {
                    outcome.refused.push((
                        r.clone(),
                        message("smtp-not-an-address", &[("error", e.to_string())]),
                    ));
                    continue;
                }
            };
            match conn.command(Rcpt::new(addr, vec![])) {
                Ok(_) => outcome.accepted.push(r.clone()),
                Err(e) if e.is_permanent() => outcome.refused.push((r.clone(), e.to_string())),
                Err(e) if e.is_transient() => outcome.deferred.push((r.clone(), e.to_string())),
                Err(e) => return Err(classify(e)),
            }
        }
        if outcome.accepted.is_empty() {
            let all: Vec<String> = outcome
                .refused
                .iter()
                .chain(&outcome.deferred)
                .map(|(r, e)| format!("{r}: {e}"))
                .collect();
            let all = all.join(&message("list-separator", &[]));
            return Err(if outcome.deferred.is_empty() {
                Failure::Permanent(all)
            } else {
                Failure::Temporary(all)
            });
        }
        conn.command(Data).map_err(classify)?;
        conn.message(raw).map_err(classify)?;
        Ok((outcome, open))
    }
}

/// Who took a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Accepted: the message is theirs.
    pub accepted: Vec<String>,
    /// Refused for good (5xx), with the server's answer.
    pub refused: Vec<(String, String)>,
    /// Refused for now (4xx): to be tried again by the next run.
    pub deferred: Vec<(String, String)>,
}

/// Why a message was not handed over at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Try again next run.
    Temporary(String),
    /// Refused for good.
    Permanent(String),
}

fn classify(e: lettre::transport::smtp::Error) -> Failure {
    let msg = crate::notify::error_chain(&e);
    if e.is_permanent() {
        Failure::Permanent(msg)
    } else {
        Failure::Temporary(msg)
    }
}

/// An open connection after a message was accepted; QUIT is sent when it
/// is dropped, after the caller recorded the acceptance.
pub struct Open(Option<SmtpConnection>);

impl Open {
    /// No connection (the outbox transport).
    pub fn none() -> Open {
        Open(None)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            // The socket closes when `c` goes; an unanswered QUIT changes
            // nothing for a message already recorded.
            let _ = c.quit();
        }
    }
}

/// Sets `TCP_NODELAY` on this process's TCP sockets connected to `port`.
/// lettre creates the socket itself and offers no way to reach it, so the
/// socket is found among the process's descriptors (the job has no other
/// connections to that port). Best effort: without it a message is only
/// marked ~40 ms later.
#[cfg(target_os = "linux")]
fn set_nodelay(port: u16) {
    let Ok(fds) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    for e in fds.flatten() {
        let Some(fd) = e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        // SAFETY: getpeername and setsockopt only read and write the local
        // buffers given with their sizes; on a descriptor that is not a
        // socket (or no longer open) they fail with an error and change
        // nothing.
        unsafe {
            let mut addr: libc::sockaddr_storage = std::mem::zeroed();
            let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            if libc::getpeername(fd, &mut addr as *mut _ as *mut libc::sockaddr, &mut len) != 0 {
                continue;
            }
            let peer_port = match addr.ss_family as i32 {
                libc::AF_INET => {
                    let a = &*(&addr as *const _ as *const libc::sockaddr_in);
                    u16::from_be(a.sin_port)
                }
                libc::AF_INET6 => {
                    let a = &*(&addr as *const _ as *const libc::sockaddr_in6);
                    u16::from_be(a.sin6_port)
                }
                _ => continue,
            };
            if peer_port != port {
                continue;
            }
            let one: libc::c_int = 1;
            libc::setsockopt(
                fd,
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                &one as *const _ as *const libc::c_void,
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn set_nodelay(_port: u16) {}

/// The URL with its userinfo's password replaced by `***`, fit for any
/// message. The userinfo is everything before the last `@` of the part
/// after the scheme, so a password holding `/`, `?` or `#` (which a URL
/// parser would take for the path or query) is hidden too.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return if url.contains('@') {
            message("smtp-url-hidden", &[])
        } else {
            url.to_string()
        };
    };
    match rest.rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            let user_end = userinfo
                .find([':', '/', '?', '#'])
                .unwrap_or(userinfo.len());
            let user = &userinfo[..user_end];
            let hidden = if user_end < userinfo.len() {
                ":***"
            } else {
                ""
            };
            format!("{scheme}://{user}{hidden}@{}", &rest[at + 1..])
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted_whatever_the_password_holds() {
        let cases = [
            ("smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525"),
            (
                "smtps://user@mail.example.org",
                "smtps://user@mail.example.org",
            ),
            (
                "smtps://user:s3cret@mail.example.org:465?tls=required",
                "smtps://user:***@mail.example.org:465?tls=required",
            ),
            ("smtp://a%40b:p%3Aw@h", "smtp://a%40b:***@h"),
            (
                "smtp://user:PW/x@127.0.0.1:25",
                "smtp://user:***@127.0.0.1:25",
            ),
            (
                "smtp://user:PW?x@127.0.0.1:25",
                "smtp://user:***@127.0.0.1:25",
            ),
            (
                "smtp://user:PW#x@127.0.0.1:25",
                "smtp://user:***@127.0.0.1:25",
            ),
        ];
        for (url, want) in cases {
            assert_eq!(redact_url(url), want);
            assert!(!redact_url(url).contains("PW"));
        }
    }

    #[test]
    fn clear_text_to_another_host_is_refused_before_connecting() {
        let t = Duration::from_secs(1);
        for url in [
            "smtp://user@mail.example.invalid",
            "smtp://user@mail.example.invalid:587?tls=opportunistic",
            "smtp://mail.example.invalid:25",
        ] {
            let e = Endpoint::from_url(url, Some("pw"), t).unwrap();
            let err = e.check_plaintext().unwrap_err();
            assert!(err.contains("loopback") && err.contains("明文"), "{err}");
            assert!(!err.contains("pw@"));
            // send refuses before any name lookup or connection.
            let r = e.send("a@example.org", &["b@example.org".into()], b"x");
            assert!(matches!(r, Err(Failure::Permanent(m)) if m.contains("loopback")));
        }
        for url in [
            "smtp://user@127.0.0.1:2525",
            "smtp://user@[::1]:2525?tls=opportunistic",
            "smtps://user@mail.example.invalid",
            "smtp://user@mail.example.invalid?tls=required",
        ] {
            let e = Endpoint::from_url(url, Some("pw"), t).unwrap();
            assert!(e.check_plaintext().is_ok(), "{url}");
        }
        let e = Endpoint::from_url("smtp://u:p%40w@127.0.0.1:25/helo.example", None, t).unwrap();
        assert_eq!(e.credentials, Some(("u".into(), "p@w".into())));
        assert_eq!(e.hello.as_deref(), Some("helo.example"));
        assert!(!format!("{e:?}").contains("p@w"));
    }
}
