//! budget-monitor: watches how fast budget projects spend against their
//! disbursement plan, from the ledger exports a finance office already has.
//!
//! The binary is a thin wrapper around [`cli::main`]; everything is here so
//! it can be tested without the binary.

pub mod actuals;
pub mod alert;
pub mod base;
pub mod cli;
pub mod config;
pub mod evaluation;
pub mod jobs;
pub mod ledger;
pub mod model;
pub mod notify;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod state;
pub mod targets;
