//! Shell completions and the man page, generated from the same clap
//! definition the binary parses with, so they never drift from the real
//! options. `tools/package.sh` calls the hidden `completions` and `manpage`
//! subcommands of the freshly built binary and puts their output into the
//! Debian package.

use std::io::Write;

use crate::jobs::Outcome;

/// Arguments of the hidden `completions` subcommand.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints the completion script for one shell on stdout; returns how it went.
pub fn completions(a: &CompletionsArgs, mut cmd: clap::Command) -> Outcome {
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "budget-monitor", &mut out);
    emit(&out)
}

/// Arguments of the hidden `manpage` subcommand.
#[derive(Debug, clap::Args)]
pub struct ManpageArgs {
    /// Write every page (budget-monitor.1 and one per subcommand, e.g.
    /// budget-monitor-run.1) into this folder instead of printing the main
    /// page.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<std::path::PathBuf>,
}

/// Prints the main man page (section 1, roff) on stdout, or writes every
/// page into `--out-dir`; returns how it went.
pub fn manpage(a: &ManpageArgs, cmd: clap::Command) -> Outcome {
    let cmd = cmd.name("budget-monitor");
    let written = match &a.out_dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|_| clap_mangen::generate_to(cmd, dir))
            .map(|_| Vec::new()),
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out).map(|_| out)
        }
    };
    match written {
        Ok(out) => emit(&out),
        Err(e) => super::unusable(crate::jobs::Unusable::error(crate::base::i18n::message(
            "pkg-man-failed",
            &[("error", e.to_string())],
        ))),
    }
}

fn emit(bytes: &[u8]) -> Outcome {
    let mut so = std::io::stdout().lock();
    match so.write_all(bytes).and_then(|_| so.flush()) {
        Ok(()) => Outcome::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Ok,
        Err(e) => super::unusable(crate::jobs::Unusable::error(crate::base::i18n::message(
            "pkg-stdout-failed",
            &[("error", e.to_string())],
        ))),
    }
}
