//! Entry point: all the work is in the library (see `cli`).

/// mimalloc rather than glibc's malloc: the ledger workers and the
/// per-project steps allocate and free many small buffers across threads,
/// which glibc's arenas serve slowly (see `bench/run.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A bug must not look like a crash to cron (exit 101 with a Rust
    // backtrace): it is reported as "nothing done", exit 2, with the cause.
    let code = std::panic::catch_unwind(budget_monitor::cli::main).unwrap_or_else(|p| {
        eprintln!(
            "error: internal error ({}); nothing more done. Please report this with the command line used.",
            budget_monitor::notify::panic_text(p.as_ref())
        );
        2
    });
    std::process::exit(code);
}
