//! Links the libFuzzer that ../run.sh compiled (LIBFUZZER_DIR).
fn main() {
    println!("cargo:rerun-if-env-changed=LIBFUZZER_DIR");
    let dir =
        std::env::var("LIBFUZZER_DIR").unwrap_or_else(|_| "/var/tmp/budget-monitor-fuzz".into());
    println!("cargo:rustc-link-search=native={dir}");
    println!("cargo:rustc-link-lib=static=fuzzer");
    println!("cargo:rustc-link-lib=stdc++");
}
