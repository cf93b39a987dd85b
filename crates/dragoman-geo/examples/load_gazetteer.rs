//! Measures what the shipped gazetteer costs to open and to query:
//! `/usr/bin/time -v cargo run --release -p dragoman-geo --example load_gazetteer`
//! (peak RSS in the time report).

use std::time::Instant;

use dragoman_geo::Gazetteer;

/// Names looked up after loading, so that the timing touches the index.
const NAMES: [&str; 8] = [
    "Erbil",
    "al-Anbar",
    "Ain al-Asad",
    "Tripoli",
    "Washington",
    "Kurdistan Region",
    "Qom",
    "Middle East",
];

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let gazetteer = Gazetteer::shipped()?;
    let loaded = started.elapsed();
    let started = Instant::now();
    let rounds = 1000;
    let mut senses = 0;
    for _ in 0..rounds {
        for name in NAMES {
            senses += gazetteer.lookup(name).len();
        }
    }
    let per_lookup = started.elapsed() / (rounds * NAMES.len() as u32);
    anyhow::ensure!(senses > 0, "the shipped gazetteer answered nothing");
    println!(
        "loaded {} entries / {} keys in {loaded:.2?}; {per_lookup:.2?} per lookup ({senses} senses)",
        gazetteer.len(),
        gazetteer.key_count()
    );
    Ok(())
}
