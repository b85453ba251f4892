//! The integration tests: the real `qaward` binary run on content trees.
//!
//! Most cases are data: a folder under `tests/cases/` holds files laid over
//! the valid base tree `tests/fixtures/base/` and an `expect` file listing
//! the findings (`rule file:line:column`, one a line; empty for none). Add a
//! case by adding a folder; `cases::all_cases_hold` runs them all.

mod cases;
mod ci;
mod content;
mod diff;
mod disclosure;
mod docs;
mod documents;
mod docx;
mod edit_lists;
mod encodings;
mod formats;
mod fuzz_corpus;
mod guide;
mod hostile;
mod import;
mod new;
mod output;
mod portable;
mod serve;
mod serve_edit;
mod site;
mod status;
mod support;
mod synth;
mod templates;
mod xlsx;
mod yaml_parity;
