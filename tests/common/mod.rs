//! Helpers shared by the integration tests: run the real binary in a work
//! folder and read its CSV output.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, beside the repository (read-only in CI).
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
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
