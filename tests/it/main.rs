//! The integration tests, one binary (one link of polars, not six): the
//! real binary on real files, a real SMTP server over loopback, real SQLite.
//! `common` is the one helper for paths, fixtures and running the binary.

mod common;

mod cache;
mod cli;
mod config_props;
mod dashboard;
mod email;
mod english;
mod forms;
mod ledger_props;
mod monthly_and_log;
mod reliability;
mod replay;
mod targets_and_reports;
mod truth;
