#![no_main]
//! The whole `validate` path on a real tree: a copy of
//! `tests/fixtures/base` with one file replaced by the input (see
//! `qaward_fuzz::Tree::check`).

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qaward_fuzz::Tree;

static TREE: OnceLock<Tree> = OnceLock::new();

fuzz_target!(|data: &[u8]| TREE.get_or_init(Tree::new).check(data));
