//! Reading and writing the files people own, safely. Reads have a bound
//! (a FIFO or a runaway file must not hang or exhaust the job) and only
//! regular files are read; writes go to a temporary file in the same
//! folder, are flushed to disk and then renamed over the target, so a full
//! disk or a crash leaves either the old file or the new one, never a
//! truncated mix (a full disk once left half a projects.toml).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The largest configuration, template, password or actuals file read:
/// far above any real one (a registry of 100,000 projects is ~20 MB).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole regular file of at most `limit` bytes. A FIFO, a device or
/// a folder is refused before it is opened for reading (opening a FIFO
/// would block until a writer appears).
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let (f, len) = open_bounded(path, limit)?;
    let mut buf = Vec::with_capacity(len as usize);
    f.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(grew_past(limit));
    }
    Ok(buf)
}

/// Opens a regular file of at most `limit` bytes (the refusals of
/// [`read_bounded`]) and gives its length, for a reader that streams a large
/// sheet in pieces instead of holding it whole; it reads through
/// `take(limit + 1)` and refuses with [`grew_past`] past the bound.
pub fn open_bounded(path: &Path, limit: u64) -> std::io::Result<(std::fs::File, u64)> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(crate::base::i18n::message(
            "file-not-regular",
            &[],
        )));
    }
    if meta.len() > limit {
        return Err(std::io::Error::other(crate::base::i18n::message(
            "file-too-large",
            &[
                ("size", meta.len().to_string()),
                ("limit", limit.to_string()),
            ],
        )));
    }
    Ok((std::fs::File::open(path)?, meta.len()))
}

/// The error of a file that grew past its bound while it was read.
pub fn grew_past(limit: u64) -> std::io::Error {
    std::io::Error::other(crate::base::i18n::message(
        "file-grew-past",
        &[("limit", limit.to_string())],
    ))
}

/// Creates `dir` and its parents. The error is worded in the language in
/// use and names the folder as `what` (already worded: "reports",
/// "quarantine", ...).
pub fn create_folder(dir: &Path, what: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::base::i18n::message(
            "run-folder-cannot-create",
            &[
                ("dir", dir.display().to_string()),
                ("what", what.to_string()),
                ("error", e.to_string()),
            ],
        )
    })
}

/// Reads a regular file as UTF-8 text, with the default bound.
pub fn read_to_string(path: &Path) -> std::io::Result<String> {
    let bytes = read_bounded(path, MAX_INPUT_BYTES)?;
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn temp_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` atomically: a temporary file beside it,
/// fsynced, renamed over the target, and the folder fsynced so the rename
/// itself survives a crash. On any error the target is untouched and the
/// temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like `write_atomic`, with the content produced by a writer function.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let r = (|| {
        let f = std::fs::File::create(&tmp)?;
        {
            let mut w = std::io::BufWriter::new(&f);
            fill(&mut w)?;
            w.flush()?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Best effort: not every file system lets a folder be fsynced.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// The path made absolute and, as far as it exists, with symbolic links
/// resolved, so two spellings of one file compare equal. The part that
/// does not exist yet is appended as written.
pub fn resolved(path: &Path) -> PathBuf {
    let abs = absolute(path);
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(&existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return abs,
        }
    }
}

/// Whether `output` is `input` or lies inside it (when `input` is a folder).
pub fn overlaps(output: &Path, input: &Path) -> bool {
    let o = resolved(output);
    let i = resolved(input);
    o == i || o.starts_with(&i)
}

/// A path made absolute against the working directory.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_bounded_read_refuses() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(read_bounded(&p, 10).unwrap(), b"two");
        assert!(read_bounded(&p, 2).is_err());
        assert!(read_bounded(d.path(), 10).is_err());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn overlap_sees_through_spellings() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("data")).unwrap();
        assert!(overlaps(
            &d.path().join("data/x/../q.csv"),
            &d.path().join("data")
        ));
        assert!(overlaps(
            &d.path().join("data/new/q.csv"),
            &d.path().join("./data")
        ));
        assert!(!overlaps(
            &d.path().join("quarantine/q.csv"),
            &d.path().join("data")
        ));
    }
}
