//! The provisional place resolver: each place entity's name looked up in the
//! lexicon's place table, taking the best-ranked sense (the country, else the
//! most populous). The geo stage will replace it with context-aware
//! resolution ("near Erbil", "in the al-Anbar province"), so it stays small.

use dragoman_lexicon::{Lexicon, PlaceEntry};
use dragoman_model::{EntityId, FeatureKind, Place, PlaceId, PlaceUsage, Span};

/// Words that make an unresolved place name a facility rather than a town.
const AIRBASE_WORDS: [&str; 3] = ["air base", "airbase", "base"];

/// The place records for one place entity's mentions, numbered from `first_id`.
pub(crate) fn resolve_place(
    lexicon: &Lexicon,
    entity: &EntityId,
    name: &str,
    mentions: &[Span],
    first_id: usize,
) -> Vec<Place> {
    let entry = std::iter::once(name)
        .chain(mentions.iter().map(|mention| mention.text.as_str()))
        .find_map(|spelling| lexicon.places().lookup(spelling).next());
    mentions
        .iter()
        .enumerate()
        .map(|(offset, mention)| {
            place_record(
                PlaceId::nth(first_id + offset),
                entity,
                mention,
                name,
                entry,
            )
        })
        .collect()
}

fn place_record(
    id: PlaceId,
    entity: &EntityId,
    mention: &Span,
    name: &str,
    entry: Option<&PlaceEntry>,
) -> Place {
    match entry {
        Some(entry) => Place {
            id,
            entity: Some(entity.clone()),
            mention: mention.clone(),
            name: entry.name.to_owned(),
            feature: entry.feature,
            gazetteer_id: entry.geonameid.map(|id| id.to_string()),
            latitude: Some(entry.latitude),
            longitude: Some(entry.longitude),
            country: (!entry.country.is_empty()).then(|| entry.country.to_owned()),
            admin1: entry.admin1.map(str::to_owned),
            relation: None,
            usage: PlaceUsage::Location,
        },
        None => {
            let lowercase = name.to_lowercase();
            let feature = if AIRBASE_WORDS.iter().any(|word| lowercase.ends_with(word)) {
                FeatureKind::Airbase
            } else {
                FeatureKind::Other
            };
            Place {
                id,
                entity: Some(entity.clone()),
                mention: mention.clone(),
                name: name.to_owned(),
                feature,
                gazetteer_id: None,
                latitude: None,
                longitude: None,
                country: None,
                admin1: None,
                relation: None,
                usage: PlaceUsage::Location,
            }
        }
    }
}
