//! Regenerates `data/places.tsv` from a GeoNames directory:
//! `cargo run -p dragoman-lexicon --example build_place_table -- GEO_DIR > data/places.tsv`

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(geo_dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        return Err("usage: build_place_table GEO_DIR".into());
    };
    print!("{}", dragoman_lexicon::build_place_table(&geo_dir)?);
    Ok(())
}
