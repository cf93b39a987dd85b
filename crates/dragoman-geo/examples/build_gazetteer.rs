//! Compiles the shipped gazetteer: `cargo run --release -p dragoman-geo
//! --example build_gazetteer -- GEO_DATA_DIR OUT_FILE`.

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut arguments = std::env::args().skip(1);
    let (Some(geo_dir), Some(out)) = (arguments.next(), arguments.next()) else {
        anyhow::bail!("usage: build_gazetteer GEO_DATA_DIR OUT_FILE");
    };
    let started = Instant::now();
    let bytes = dragoman_geo::build_gazetteer(&PathBuf::from(geo_dir))?;
    std::fs::write(&out, &bytes)?;
    let gazetteer = dragoman_geo::Gazetteer::from_bytes(&bytes)?;
    eprintln!(
        "{out}: {} bytes, {} entries, {} keys, built in {:.1?}",
        bytes.len(),
        gazetteer.len(),
        gazetteer.key_count(),
        started.elapsed()
    );
    Ok(())
}
