//! The ground floor: money, dates, percentages, text, diagnostics and
//! encodings. Nothing here knows about projects, ledgers or commands, and
//! nothing here imports from the rest of the crate; everything above may use
//! it.

pub mod calendar;
pub mod csv_lines;
pub mod dates;
pub mod diag;
pub mod encoding;
pub mod escape;
pub mod files;
pub mod hash;
pub mod i18n;
pub mod line_ends;
pub mod mapped;
pub mod meter;
pub mod money;
pub mod pages;
pub mod percent;
pub mod text;
