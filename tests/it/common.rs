//! Shared helpers for the integration tests: a work folder holding a copy of
//! the shipped config (so state, outbox and quarantine land in the temp
//! folder), the real binary, and a real SMTP server on loopback
//! (`tests/smtp_server.py`, aiosmtpd) whose received messages are read back.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temp folder with `config/` copied from the repository.
pub struct Work {
    pub dir: tempfile::TempDir,
}

impl Work {
    pub fn new() -> Work {
        Self::with_settings_extra("")
    }

    /// Copies the shipped config and appends `extra` to settings.toml.
    pub fn with_settings_extra(extra: &str) -> Work {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("config");
        std::fs::create_dir_all(&cfg).unwrap();
        for f in ["settings.toml", "projects.toml"] {
            std::fs::copy(repo().join("config").join(f), cfg.join(f)).unwrap();
        }
        if !extra.is_empty() {
            let mut s = std::fs::read_to_string(cfg.join("settings.toml")).unwrap();
            s.push('\n');
            s.push_str(extra);
            std::fs::write(cfg.join("settings.toml"), s).unwrap();
        }
        Work { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.path().join("config")
    }

    pub fn state(&self) -> PathBuf {
        self.path().join("state")
    }

    pub fn outbox(&self) -> PathBuf {
        self.path().join("outbox")
    }

    /// Runs `budget-monitor run --as-of DATE` on the shipped data, with
    /// SMTP on `port` when given (else the outbox).
    pub fn run(&self, as_of: &str, port: Option<u16>, extra: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_budget-monitor"));
        c.arg("run")
            .arg("--config")
            .arg(self.config())
            .arg("--ledger")
            .arg(repo().join("data"))
            .arg("--as-of")
            .arg(as_of)
            .args(extra)
            .env_remove("BUDGET_MONITOR_SMTP_URL")
            .env_remove("BUDGET_MONITOR_SMTP_PASSWORD");
        if let Some(p) = port {
            c.env("BUDGET_MONITOR_SMTP_URL", format!("smtp://127.0.0.1:{p}"));
        }
        c.output().unwrap()
    }

    /// Runs another subcommand with `--config`.
    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
            .args(args)
            .arg("--config")
            .arg(self.config())
            .output()
            .unwrap()
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A free loopback port with nothing listening (for "server down").
pub fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// The loopback SMTP server, killed on drop.
pub struct Smtp {
    child: Child,
    pub port: u16,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

impl Smtp {
    /// Starts the server with fault arguments (see tests/smtp_server.py).
    pub fn start(args: &[&str]) -> Smtp {
        let dir = tempfile::tempdir().unwrap();
        let port_file = dir.path().join("port");
        let out = dir.path().join("received.jsonl");
        let mut child = Command::new("python3")
            .arg(repo().join("tests/smtp_server.py"))
            .arg("--out")
            .arg(&out)
            .arg("--port-file")
            .arg(&port_file)
            .args(args)
            .stdin(Stdio::null())
            .spawn()
            .expect("python3 is needed for the SMTP tests");
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(&port_file) {
                if let Ok(port) = s.trim().parse() {
                    return Smtp {
                        child,
                        port,
                        out,
                        _dir: dir,
                    };
                }
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "the test SMTP server exited ({status}); is aiosmtpd installed? pip install -r tests/requirements.txt"
                );
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "SMTP server did not start"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Every message accepted so far.
    pub fn received(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Rows of the messages table: (kind, recipients, status, message_id).
pub fn messages(state: &Path) -> Vec<(String, String, String, String)> {
    let c = rusqlite::Connection::open(state.join("notifications.sqlite")).unwrap();
    let mut st = c
        .prepare("SELECT kind, recipients, status, message_id FROM messages ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The first column of what `sql` selects from the notification log in
/// `state`, as text, in the order selected.
pub fn log_column<T: FromIterator<String>>(state: &Path, sql: &str) -> T {
    let c = rusqlite::Connection::open(state.join("notifications.sqlite")).unwrap();
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A copy of the shipped config (with the sample actuals) and data in a
/// temporary folder, so runs do not write into the repository.
pub fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["config", "data"] {
        let to = dir.path().join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(repo().join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

/// The seed document (绩效目标, as published), kept verbatim in the repository.
pub fn seed() -> PathBuf {
    repo().join("tests/fixtures/seed/000_63910ab8e9ea5095.txt")
}

/// What a run of the binary produced.
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `budget-monitor ARGS` in `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_budget-monitor"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run budget-monitor");
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Parses CSV text into rows of column -> value.
pub fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().expect("csv header").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("csv row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// "1234.56" -> 123456 fen.
pub fn fen(yuan: &str) -> i64 {
    let (int, frac) = yuan.split_once('.').expect("two decimals");
    assert_eq!(frac.len(), 2, "{yuan}");
    let neg = int.starts_with('-');
    let v =
        int.trim_start_matches('-').parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
    if neg {
        -v
    } else {
        v
    }
}

/// `status --format csv` output as project_code -> paid in fen.
pub fn paid_by_project(stdout: &str) -> HashMap<String, i64> {
    csv_rows(stdout)
        .into_iter()
        .map(|r| (r["project_code"].clone(), fen(&r["paid"])))
        .collect()
}

/// Runs the ledger generator (tests/gen_ledger.py, a copy of the shared
/// benchmark generator; `.ci/run` checks the two are the same) into `dir/data` and moves the ledger
/// exports into `dir/ledgers`, so that registry.csv and truth.csv (left in
/// `dir/data`) are not read as ledgers. Returns (data, ledgers).
pub fn generate_set(dir: &Path, args: &[&str]) -> (PathBuf, PathBuf) {
    let data = dir.join("data");
    let out = Command::new("python3")
        .arg(repo().join("tests").join("gen_ledger.py"))
        .arg("--out")
        .arg(&data)
        .args(args)
        .output()
        .expect("python3 must be installed to run gen_ledger.py");
    assert!(
        out.status.success(),
        "gen_ledger.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ledgers = dir.join("ledgers");
    std::fs::create_dir_all(&ledgers).unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name.starts_with("ledger") {
            std::fs::rename(&p, ledgers.join(name)).unwrap();
        }
    }
    (data, ledgers)
}

pub use budget_monitor::base::text::has_cjk;

/// `text` with every piece of `data` taken out, longest first (so a name
/// inside another goes with it): what is left is the output's own words.
pub fn without_data(text: &str, data: &[String]) -> String {
    let mut data: Vec<&String> = data.iter().filter(|d| !d.is_empty()).collect();
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    data.dedup();
    let mut rest = text.to_string();
    for d in data {
        rest = rest.replace(d.as_str(), "");
    }
    rest
}

/// The lines of `text` with Chinese left once `data` is taken out: an
/// English output must have none.
pub fn chinese_lines(text: &str, data: &[String]) -> Vec<String> {
    without_data(text, data)
        .lines()
        .filter(|l| has_cjk(l))
        .map(str::to_string)
        .collect()
}
