//! Entry point: all the work is in the library (see `cli`).

/// mimalloc rather than glibc's malloc: the ledger workers and the
/// per-project steps allocate and free many small buffers across threads,
/// which glibc's arenas serve slowly (see `bench/run.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option number for its purge delay (`mi_option_purge_delay`,
/// the same in its v2 and v3 enums; the crate names only some options).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Memory freed by the ledger workers goes back to the system after
    // 10 ms, as in mimalloc v2, not after v3's default second: held for a
    // second it was still counted while the figures were worked out, and
    // took a 100,000-project run's peak from 158 to 230 MB.
    // SAFETY: sets an integer option before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    // A bug must not look like a crash to cron (exit 101 with a Rust
    // backtrace): it is reported as "nothing done", exit 2, with the cause.
    let code = std::panic::catch_unwind(budget_monitor::cli::main).unwrap_or_else(|p| {
        // Worded in the language in use; should the wording itself fail,
        // a fixed line in both languages says the same.
        let line = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let cause = budget_monitor::notify::panic_text(p.as_ref());
            budget_monitor::base::i18n::message("internal-error", &[("cause", cause)])
        }))
        .unwrap_or_else(|_| {
            "错误：内部错误；未再执行任何操作。/ error: internal error; nothing more done.".into()
        });
        eprintln!("{line}");
        2
    });
    std::process::exit(code);
}
