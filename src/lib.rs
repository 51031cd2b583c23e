//! budget-monitor: watches how fast budget projects spend against their
//! disbursement plan, from the ledger exports a finance office already has.
//!
//! The binary is a thin wrapper around [`cli::main`]; everything is here so
//! it can be tested without the binary.

pub mod actuals;
pub mod alert;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diag;
pub mod evaluation;
pub mod files;
pub mod ledger;
pub mod money;
pub mod nightly;
pub mod notify;
pub mod output;
pub mod plan;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod smtp;
pub mod state;
pub mod targets;
pub mod text;
