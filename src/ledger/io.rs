//! Positional and scratch-file I/O, so that several threads can fill or
//! read regions of one file at once, and temporary files never outlive the
//! run. The job runs on Linux; this is what the platform gives.

use std::fs::File;
use std::path::Path;

/// Writes all of `buf` at `offset`.
pub(crate) fn write_all_at(f: &File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, offset)
}

/// Reads exactly `buf.len()` bytes at `offset`.
pub(crate) fn read_at(f: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

/// A scratch file in `dir` (or the system's temporary folder). With
/// `unlink` it is removed from the folder at once and lives only as long
/// as the handle; else its path is returned, to be renamed or removed.
pub(crate) fn scratch_file(
    dir: Option<&Path>,
    what: &str,
    unlink: bool,
) -> std::io::Result<(std::fs::File, Option<std::path::PathBuf>)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let path = dir.join(format!(
        ".tmp-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    if unlink {
        let _ = std::fs::remove_file(&path);
        return Ok((file, None));
    }
    Ok((file, Some(path)))
}
