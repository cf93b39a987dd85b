//! Scores the geoparser on GeoWebNews until the command line tool does:
//! segmentation, the shipped NER (its LOC spans become place entities, one
//! entity per distinct name; PER and ORG entities are passed along too), `resolve_places`, then the GWN scorer; a
//! second report adds country demonyms ("Irish", "French") as toponyms,
//! which the GWN gold counts.
//!
//! `cargo run --release -p dragoman-geo --example eval_gwn -- GWN_DIR`

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use dragoman_geo::{Gazetteer, GeoReport, name_key, read_gwn, resolve_places};
use dragoman_model::{
    Entity, EntityId, EntityKind, FeatureKind, Mention, MentionKind, Place, PlaceId, Span,
};
use dragoman_ner::{EntityLabel, Recognizer};
use dragoman_text::{Segmentation, TokenKind, segment};

fn main() -> anyhow::Result<()> {
    let Some(dir) = std::env::args().nth(1) else {
        anyhow::bail!("usage: eval_gwn GWN_DIR [--errors]");
    };
    let show_errors = std::env::args().any(|argument| argument == "--errors");
    let articles = read_gwn(&PathBuf::from(dir))?;
    let started = Instant::now();
    let gazetteer = Gazetteer::shipped()?;
    let load_time = started.elapsed();
    let recognizer = Recognizer::shipped()?;
    let lexicon = dragoman_lexicon::Lexicon::embedded()?;

    // The first half of the articles was used to tune the resolver's
    // weights; the second half is reported apart as held-out.
    let held_out_from = articles.len() / 2;
    let mut halves = [GeoReport::default(), GeoReport::default()];
    let mut plain = GeoReport::default();
    let mut geocoded_only = GeoReport::default();
    let mut with_demonyms = GeoReport::default();
    let mut resolve_time = Duration::ZERO;
    let mut places_total = 0;
    let mut misaligned = 0;
    for (number, article) in articles.iter().enumerate() {
        misaligned += article.misaligned;
        let text = &article.text;
        let segmentation = segment(text);
        let mut entities = place_entities(text, &recognizer.recognize(text, &segmentation));
        let resolve_started = Instant::now();
        let places = resolve_places(text, &segmentation, &mut entities, &gazetteer);
        resolve_time += resolve_started.elapsed();
        places_total += places.len();
        if show_errors {
            print_geocoding_errors(&places, &article.toponyms);
            print_detection_errors(&places, &article.toponyms);
        }
        plain.add(&places, &article.toponyms);
        let with_coordinates: Vec<Place> = places
            .iter()
            .filter(|place| place.latitude.is_some())
            .cloned()
            .collect();
        geocoded_only.add(&with_coordinates, &article.toponyms);
        halves[usize::from(number >= held_out_from)].add(&places, &article.toponyms);
        let mut both = places;
        both.extend(demonym_places(text, &segmentation, &lexicon, &gazetteer));
        with_demonyms.add(&both, &article.toponyms);
    }
    println!(
        "gazetteer: {} entries, {} keys, loaded in {load_time:.2?}",
        gazetteer.len(),
        gazetteer.key_count()
    );
    println!("gold records skipped as misaligned: {misaligned}");
    println!(
        "resolve_places: {places_total} places, {:.3} ms per document",
        resolve_time.as_secs_f64() * 1e3 / articles.len().max(1) as f64
    );
    println!("\n== NER place entities only ==\n{plain}");
    println!("== plus country demonyms ==\n{with_demonyms}");
    println!("== places with coordinates only ==\n{geocoded_only}");
    println!("== NER place entities only, tuning half ==\n{}", halves[0]);
    println!(
        "== NER place entities only, held-out half ==\n{}",
        halves[1]
    );
    Ok(())
}

/// Gold toponyms no place overlaps, and places no gold toponym overlaps.
fn print_detection_errors(places: &[Place], gold: &[dragoman_geo::GoldToponym]) {
    for toponym in gold {
        if !places
            .iter()
            .any(|place| place.mention.overlaps(&toponym.mention))
        {
            println!("MISSED {:?}", toponym.mention.text);
        }
    }
    for place in places {
        if !gold
            .iter()
            .any(|toponym| place.mention.overlaps(&toponym.mention))
        {
            println!("SPURIOUS {:?} {:?}", place.mention.text, place.feature);
        }
    }
}

/// Detected toponyms placed more than 161 km from the gold point.
fn print_geocoding_errors(places: &[Place], gold: &[dragoman_geo::GoldToponym]) {
    for toponym in gold {
        let Some(place) = places
            .iter()
            .find(|place| place.mention.overlaps(&toponym.mention))
        else {
            continue;
        };
        let single =
            dragoman_geo::evaluate_gwn(std::slice::from_ref(place), std::slice::from_ref(toponym));
        if single.within_161_km == 0 {
            println!(
                "MISS {:?} gold {:?} ({:.2},{:.2}) got {:?} {:?} {:?} {:?}",
                toponym.mention.text,
                toponym.name,
                toponym.latitude,
                toponym.longitude,
                place.name,
                place.feature,
                place.country,
                place.latitude.zip(place.longitude)
            );
        }
    }
}

/// One entity per distinct name and label among the recogniser's spans:
/// LOC spans become place entities; PER and ORG ones are kept so that the
/// geoparser does not take them for places.
fn place_entities(text: &str, spans: &[dragoman_ner::EntitySpan]) -> Vec<Entity> {
    let mut by_key: HashMap<(String, EntityKind), usize> = HashMap::new();
    let mut entities: Vec<Entity> = Vec::new();
    for span in spans {
        let kind = match span.label {
            EntityLabel::Location => EntityKind::Place,
            EntityLabel::Person => EntityKind::Person,
            EntityLabel::Organization => EntityKind::Organization,
        };
        let mention = Mention {
            span: Span::of(text, span.start..span.end),
            kind: MentionKind::Name,
        };
        let key = (name_key(&mention.span.text), kind);
        let index = *by_key.entry(key).or_insert_with(|| {
            entities.push(Entity {
                id: EntityId::nth(entities.len()),
                kind,
                name: mention.span.text.clone(),
                anonymous: false,
                mentions: Vec::new(),
                roles: Vec::new(),
                actor: None,
                place: None,
            });
            entities.len() - 1
        });
        entities[index].mentions.push(mention);
    }
    entities
}

/// Capitalised demonym tokens placed on their country's point.
fn demonym_places(
    text: &str,
    segmentation: &Segmentation,
    lexicon: &dragoman_lexicon::Lexicon,
    gazetteer: &Gazetteer<'_>,
) -> Vec<Place> {
    segmentation
        .tokens
        .iter()
        .filter(|token| token.kind == TokenKind::Word)
        .filter(|token| token.text(text).starts_with(|c: char| c.is_uppercase()))
        .filter_map(|token| {
            let iso3 = lexicon.demonym(&dragoman_lexicon::phrase_key(token.text(text)))?;
            let country = gazetteer.country(iso3)?;
            Some(Place {
                id: PlaceId::nth(0),
                entity: None,
                mention: Span::of(text, token.range()),
                name: country.name,
                feature: FeatureKind::Country,
                gazetteer_id: Some(country.id),
                latitude: Some(country.latitude),
                longitude: Some(country.longitude),
                country: country.country,
                admin1: None,
                relation: None,
            })
        })
        .collect()
}
