//! Entry point: all the work is in the library (see `cli`).

fn main() {
    std::process::exit(budget_monitor::cli::main());
}
