//! Instrument loading and validation, then compiling a plan, on any bytes.
#![no_main]

use kip_index::{Instrument, Plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = kip_index::text_from_bytes(data) else {
        return;
    };
    if let Ok(instrument) = Instrument::from_json(text) {
        // A loaded instrument is valid: compiling it must succeed.
        assert!(
            Plan::new(&instrument).is_ok(),
            "a loaded instrument failed to compile"
        );
    }
});
