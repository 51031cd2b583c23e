//! Fuzzes the configuration loader: settings.toml and projects.toml as the
//! input (split at the first `#--projects--` line; without one the whole
//! input is projects.toml beside the shipped settings). The loader must
//! return a configuration or errors, never panic, and whatever it accepts
//! must render: every mail header can be written and no name carries a
//! control character.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SHIPPED_SETTINGS: &[u8] = include_bytes!("../../config/settings.toml");
const SPLIT: &[u8] = b"\n#--projects--\n";

fn dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        // tmpfs when there is one: the loader reads real files.
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            std::path::PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let d = base
            .join(format!("fuzz-config-{}", std::process::id()))
            .join("config");
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let (settings, projects) = match data.windows(SPLIT.len()).position(|w| w == SPLIT) {
        Some(i) => (&data[..i], &data[i + SPLIT.len()..]),
        None => (SHIPPED_SETTINGS, data),
    };
    let d = dir();
    std::fs::write(d.join("settings.toml"), settings).unwrap();
    std::fs::write(d.join("projects.toml"), projects).unwrap();
    let loaded = budget_monitor::config::load(&budget_monitor::config::LoadOptions {
        config_dir: d.to_path_buf(),
        projects: None,
        default_year: 2025,
    });
    let Ok(cfg) = loaded else { return };
    let people = cfg
        .projects
        .iter()
        .filter_map(|p| p.owner.as_ref())
        .chain(cfg.department.head.as_ref());
    let rendered = budget_monitor::notify::Rendered {
        subject: "【预算执行预警】".into(),
        text: "t".into(),
        html: "h".into(),
    };
    for p in people {
        assert!(budget_monitor::base::escape::refusal(&p.name, false).is_none());
        budget_monitor::notify::build_bytes(
            &cfg.settings.email.from,
            &[(p.name.clone(), p.email.clone())],
            &[],
            &[budget_monitor::notify::EmailKind::Checkpoint],
            &[],
            "<x@example.org>",
            &rendered,
            &[],
        )
        .unwrap();
    }
    for p in &cfg.projects {
        assert!(budget_monitor::base::escape::refusal(&p.name, false).is_none());
        assert!(budget_monitor::base::escape::refusal(&p.code, false).is_none());
    }
});
