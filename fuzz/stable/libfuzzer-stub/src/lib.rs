//! `fuzz_target!` for `&[u8]` targets, as libfuzzer-sys has it, without its
//! build dependencies: libFuzzer's entry point calls the body; a panic
//! aborts, which libFuzzer records as a crash with the input.

/// Defines `LLVMFuzzerTestOneInput` running the body on each input.
#[macro_export]
macro_rules! fuzz_target {
    (|$data:ident: &[u8]| $body:block) => {
        #[no_mangle]
        pub extern "C" fn LLVMFuzzerTestOneInput(ptr: *const u8, len: usize) -> i32 {
            let $data: &[u8] = if len == 0 {
                &[]
            } else {
                // SAFETY: libFuzzer passes a buffer of `len` readable bytes.
                unsafe { std::slice::from_raw_parts(ptr, len) }
            };
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| $body)).is_err() {
                std::process::abort();
            }
            0
        }
    };
}
