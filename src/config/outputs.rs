//! Outputs never overwrite inputs. A quarantine file pointed at a ledger
//! export once replaced the export (and its payments dropped out); a
//! template written over the owners' filled sheet lost their values. So
//! every place the job writes (quarantine file, reports, outbox, state) is
//! compared with every place it reads (ledger folders and files, the config
//! folder, projects file, templates, password file, actuals sheet), after
//! resolving links and relative spellings, and a write into an input is
//! refused before any work is done.

use std::path::{Path, PathBuf};

use super::Settings;

/// One place the job reads from, with what it is called for people.
#[derive(Debug, Clone)]
pub struct Input {
    /// e.g. "the ledger folder".
    pub what: String,
    /// The file or folder.
    pub path: PathBuf,
}

/// The inputs named by settings and the command: the ledger paths
/// actually read, the config folder, the projects file, the template
/// overrides and the SMTP password file.
pub fn inputs(
    settings: &Settings,
    config_dir: &Path,
    projects_file: &Path,
    ledgers: &[PathBuf],
) -> Vec<Input> {
    let mut v: Vec<Input> = ledgers
        .iter()
        .map(|l| Input {
            what: crate::base::i18n::message("out-ledger-path", &[]),
            path: l.clone(),
        })
        .collect();
    v.push(Input {
        what: crate::base::i18n::message("out-config-folder", &[]),
        path: config_dir.to_path_buf(),
    });
    v.push(Input {
        what: crate::base::i18n::message("out-projects-file", &[]),
        path: projects_file.to_path_buf(),
    });
    v.push(Input {
        what: crate::base::i18n::message("out-templates-folder", &[]),
        path: settings.email.templates_dir.clone(),
    });
    if let Some(f) = settings.smtp.as_ref().and_then(|s| s.password_file.clone()) {
        v.push(Input {
            what: crate::base::i18n::message("out-password-file", &[]),
            path: f,
        });
    }
    v
}

/// The outputs settings name: (setting, path).
pub fn settings_outputs(s: &Settings) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("quarantine_file", s.quarantine_file.clone()),
        ("reports_dir", s.reports_dir.clone()),
        ("outbox_dir", s.outbox_dir.clone()),
        ("state_dir", s.state_dir.clone()),
    ]
}

/// Every output that is an input or lies inside one, as a message.
pub fn overlaps(outputs: &[(&str, PathBuf)], inputs: &[Input]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, out) in outputs {
        for i in inputs {
            if crate::base::files::overlaps(out, &i.path) {
                let key =
                    if crate::base::files::resolved(out) == crate::base::files::resolved(&i.path) {
                        "out-overlap-is"
                    } else {
                        "out-overlap-inside"
                    };
                found.push(crate::base::i18n::message(
                    key,
                    &[
                        ("name", name.to_string()),
                        ("out", out.display().to_string()),
                        ("what", i.what.clone()),
                        ("path", i.path.display().to_string()),
                    ],
                ));
                break;
            }
        }
    }
    found
}

/// Refuses to write a file over an existing one unless asked to.
pub fn refuse_existing(out: &Path, force: bool) -> Result<(), String> {
    if !force && out.exists() {
        return Err(crate::base::i18n::message(
            "out-exists",
            &[("file", out.display().to_string())],
        ));
    }
    Ok(())
}
