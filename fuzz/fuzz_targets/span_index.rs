#![no_main]
//! See `qaward_fuzz::check_span_index` for what this target checks.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| qaward_fuzz::check_span_index(data));
