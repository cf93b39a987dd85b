#![no_main]

use dragoman_ingest::{InputFormat, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    // libFuzzer's hook aborts on every panic, even one the crate catches on
    // purpose (feed-rs has a known one); with the default hook back, only a
    // panic that escapes read_bytes is a crash, as in production.
    init: drop(std::panic::take_hook()),
    |bytes: &[u8]| {
        let options = ReadOptions {
            format: InputFormat::Auto,
            max_bytes: 1 << 20,
        };
        // Every input yields at least one article or error, never nothing.
        assert!(!read_bytes("fuzz", bytes, &options).is_empty());
    }
);
