//! The geoparser: place entities' name mentions looked up in the gazetteer
//! and disambiguated in the context of their document.
//!
//! A mention's senses are ranked by a prior (feature kind, population), then
//! by what the text says: a descriptor ("Anbar province", "Asad air base"),
//! the countries the document names, a containing place ("Ramadi, Iraq",
//! "Ramadi in the al-Anbar province", the dateline "ERBIL, Iraq —") and a
//! nearby one ("Harir, near Erbil"). One name keeps one sense per document.
//!
//! Metonymy: a country or capital that is the subject of a speech or action
//! verb ("Washington said", "Moscow rejected", "Tehran's signature") stands
//! for its government, not a place, and gets no place record. The test is a
//! token pattern on the words after the name; a dependency parse could
//! replace it without changing this function's signature.

use std::collections::{HashMap, HashSet};

use dragoman_model::{
    Entity, EntityId, EntityKind, FeatureKind, MentionKind, Place, PlaceId, PlaceRelation,
    PlaceRelationKind, PlaceUsage, Span,
};
use dragoman_text::{Segmentation, TokenKind};

use crate::build::prior;
use crate::gazetteer::{Gazetteer, GazetteerEntry};
use crate::normalize::{name_key, split_descriptor};

/// Verbs whose subject, when a country or capital, is its government.
const ACTOR_VERBS: [&str; 40] = [
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "rejected",
    "rejects",
    "denied",
    "denies",
    "accused",
    "accuses",
    "warned",
    "warns",
    "threatened",
    "threatens",
    "insisted",
    "insists",
    "demanded",
    "demands",
    "responded",
    "condemned",
    "condemns",
    "urged",
    "urges",
    "vowed",
    "agreed",
    "agrees",
    "refused",
    "refuses",
    "claimed",
    "claims",
    "wants",
    "blamed",
    "blames",
    "pledged",
    "imposed",
    "retaliated",
    "signed",
    "has",
    "will",
];

/// Nouns that make a possessive country or capital an actor: "Tehran's signature".
const ACTOR_NOUNS: [&str; 14] = [
    "signature",
    "decision",
    "position",
    "response",
    "refusal",
    "stance",
    "offer",
    "demand",
    "demands",
    "move",
    "policy",
    "proposal",
    "approval",
    "veto",
];

/// Words before a name that make it a location whatever verb follows.
const LOCATIVE_PREPOSITIONS: [&str; 9] = [
    "in", "at", "from", "to", "near", "outside", "across", "inside", "into",
];

/// Senses further than this from a "near" anchor are not near it.
const NEAR_KM: f64 = 150.0;

/// One name mention to resolve.
struct Candidate {
    /// Index into the entities, or `None` for a name the gazetteer found
    /// in text no entity covers.
    entity: Option<usize>,
    span: Span,
    key: String,
    hint: Option<FeatureKind>,
    senses: Vec<GazetteerEntry>,
    anchor: Option<Anchor>,
    /// The mention narrows its place with a lowercase qualifier:
    /// "northern Iraq" is a region of Iraq, not Iraq.
    qualified: bool,
}

struct Anchor {
    candidate: usize,
    kind: PlaceRelationKind,
    evidence: Span,
}

/// Resolves the place entities of one document. Returns one [`Place`] per
/// name mention of a place entity that the gazetteer knows, or whose text
/// names its kind ("Zzyxwv air base": a record without coordinates),
/// plus places the recogniser missed (country, continent, listed region or
/// big-city names outside any entity; their `entity` is `None`), in text
/// order, and sets each entity's `place` to its first record. Metonymic
/// mentions get no record.
pub fn resolve_places(
    text: &str,
    segmentation: &Segmentation,
    entities: &mut [Entity],
    gazetteer: &Gazetteer<'_>,
) -> Vec<Place> {
    recast_described_places(text, segmentation, entities, gazetteer);
    let mut candidates = collect_candidates(text, segmentation, entities, gazetteer);
    let missed = names_missed_upstream(text, segmentation, entities, &candidates, gazetteer);
    candidates.extend(missed);
    candidates.sort_by_key(|candidate| candidate.span.start);
    candidates.retain(|candidate| !is_metonymic(text, segmentation, candidate));
    link_anchors(text, &mut candidates);

    let mut context = DocumentContext {
        countries: named_countries(&candidates),
        regions: named_regions(&candidates),
        points: Vec::new(),
    };
    let mut chosen: Vec<Option<(usize, f64)>> = candidates
        .iter()
        .map(|candidate| best_sense(candidate, &context, None))
        .collect();
    // Towns named together tend to lie together: a second pass rewards
    // senses close to what the first pass placed.
    context.points = candidates
        .iter()
        .zip(&chosen)
        .filter_map(|(candidate, choice)| {
            let sense = &candidate.senses[choice.as_ref()?.0];
            (!matches!(sense.feature, FeatureKind::Country | FeatureKind::Continent))
                .then(|| (candidate.key.clone(), sense.latitude, sense.longitude))
        })
        .collect();
    for (index, candidate) in candidates.iter().enumerate() {
        let anchor = candidate.anchor.as_ref().and_then(|anchor| {
            let (sense, _) = chosen[anchor.candidate]?;
            Some((
                anchor.kind,
                candidates[anchor.candidate].senses[sense].clone(),
            ))
        });
        chosen[index] = best_sense(
            candidate,
            &context,
            anchor.as_ref().map(|(kind, entry)| (*kind, entry)),
        );
    }
    one_sense_per_name(&candidates, &mut chosen);

    // A name the gazetteer does not know gets a record only when the text
    // says what kind of place it is ("Harir base", "Sokoto State"); other
    // unknown names stay place entities without a record, as most are the
    // recogniser's mistakes ("Dropbox") or buildings and streets.
    let mut recorded = 0;
    let place_ids: Vec<Option<PlaceId>> = candidates
        .iter()
        .zip(&chosen)
        .map(|(candidate, choice)| {
            (choice.is_some() || candidate.hint.is_some()).then(|| {
                recorded += 1;
                PlaceId::nth(recorded - 1)
            })
        })
        .collect();
    let mut places: Vec<Place> = Vec::with_capacity(candidates.len());
    for (index, candidate) in candidates.iter().enumerate() {
        let Some(id) = place_ids[index].clone() else {
            continue;
        };
        let sense = chosen[index].map(|(sense, _)| &candidate.senses[sense]);
        let relation = candidate.anchor.as_ref().and_then(|anchor| {
            Some(PlaceRelation {
                kind: anchor.kind,
                anchor: place_ids[anchor.candidate].clone()?,
                evidence: anchor.evidence.clone(),
            })
        });
        let entity_id = candidate.entity.map(|entity| {
            let entity = &mut entities[entity];
            if entity.place.is_none() {
                entity.place = Some(id.clone());
            }
            entity.id.clone()
        });
        places.push(place_record(
            id, entity_id, candidate, sense, relation, gazetteer,
        ));
    }
    places
}

fn place_record(
    id: PlaceId,
    entity: Option<EntityId>,
    candidate: &Candidate,
    sense: Option<&GazetteerEntry>,
    relation: Option<PlaceRelation>,
    gazetteer: &Gazetteer<'_>,
) -> Place {
    match sense {
        Some(entry) => Place {
            id,
            entity: entity.clone(),
            mention: candidate.span.clone(),
            name: entry.name.clone(),
            feature: if candidate.qualified
                && matches!(
                    entry.feature,
                    FeatureKind::Country | FeatureKind::AdminRegion | FeatureKind::Continent
                ) {
                FeatureKind::Region
            } else {
                entry.feature
            },
            gazetteer_id: Some(entry.id.clone()),
            latitude: Some(entry.latitude),
            longitude: Some(entry.longitude),
            country: entry.country.clone(),
            admin1: entry
                .admin1
                .and_then(|admin1| gazetteer.entry(admin1))
                .map(|admin1| admin1.name),
            relation,
            usage: PlaceUsage::Location,
        },
        None => Place {
            id,
            entity,
            mention: candidate.span.clone(),
            name: candidate.span.text.clone(),
            feature: candidate.hint.unwrap_or(FeatureKind::Other),
            gazetteer_id: None,
            latitude: None,
            longitude: None,
            country: None,
            admin1: None,
            relation,
            usage: PlaceUsage::Location,
        },
    }
}

/// Makes a place of a person or unclassed entity the text itself calls one:
/// a name mention followed by a place descriptor ("Ain al-Asad airbase",
/// "Kirkuk province") that the gazetteer knows in that kind. The recogniser
/// reads "Ain al-Asad" as a person's name; the descriptor settles it.
fn recast_described_places(
    text: &str,
    segmentation: &Segmentation,
    entities: &mut [Entity],
    gazetteer: &Gazetteer<'_>,
) {
    for entity in entities
        .iter_mut()
        .filter(|entity| matches!(entity.kind, EntityKind::Person | EntityKind::Other))
    {
        let described = entity.mentions.iter().any(|mention| {
            mention.kind == MentionKind::Name
                && text.get(mention.span.range()) == Some(mention.span.text.as_str())
                && following_descriptor(text, segmentation, mention.span.end).is_some_and(
                    |descriptor| {
                        let (_, senses, hint) =
                            senses_of(&mention.span.text, Some(descriptor), gazetteer);
                        hint.is_some_and(|hint| {
                            senses.iter().any(|sense| compatible(hint, sense.feature))
                        })
                    },
                )
        });
        if described {
            entity.kind = EntityKind::Place;
            entity.roles.clear();
            entity.actor = None;
        }
    }
}

/// Every name mention of every place entity, in text order, with its senses.
fn collect_candidates(
    text: &str,
    segmentation: &Segmentation,
    entities: &[Entity],
    gazetteer: &Gazetteer<'_>,
) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (entity_index, entity) in entities.iter().enumerate() {
        if entity.kind != EntityKind::Place {
            continue;
        }
        for mention in &entity.mentions {
            if !matches!(mention.kind, MentionKind::Name | MentionKind::Acronym) {
                continue;
            }
            let span = &mention.span;
            if text.get(span.range()) != Some(span.text.as_str()) {
                continue;
            }
            let following = following_descriptor(text, segmentation, span.end);
            let (name, qualified) = strip_qualifiers(&span.text);
            let (key, mut senses, hint) = senses_of(name, following, gazetteer);
            if is_short_acronym(&span.text) {
                // "EU", "BA", "WA": short capitals are codes, and a code
                // names a country or region ("US", "UAE"), not a village
                // that happens to be spelt with those letters.
                senses.retain(|sense| is_code_target(sense.feature));
            }
            candidates.push(Candidate {
                entity: Some(entity_index),
                span: span.clone(),
                key,
                hint,
                senses,
                anchor: None,
                qualified,
            });
        }
    }
    candidates.sort_by_key(|candidate| candidate.span.start);
    candidates
}

/// Lowercase words that narrow a place without being part of its name.
const QUALIFIERS: [&str; 16] = [
    "north",
    "northern",
    "south",
    "southern",
    "east",
    "eastern",
    "west",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "greater",
    "rural",
];

/// The name inside a mention without leading qualifiers ("northern Iraq")
/// or a trailing possessive ("Nigeria's"), and whether a qualifier went.
fn strip_qualifiers(mention: &str) -> (&str, bool) {
    let mut name = mention;
    let mut qualified = false;
    while let Some((first, rest)) = name.split_once(' ') {
        if !QUALIFIERS.contains(&first) || rest.is_empty() {
            break;
        }
        name = rest.trim_start();
        qualified = true;
    }
    for possessive in ["'s", "’s"] {
        if let Some(stem) = name.strip_suffix(possessive)
            && !stem.is_empty()
        {
            name = stem;
        }
    }
    (name, qualified)
}

/// Longest run of capitalised words tried as a place name.
const MAX_NAME_WORDS: usize = 4;

/// Below this population a town or region named outside any entity is
/// left alone: capitalised words match thousands of small places.
const MIN_POPULATION_UNTAGGED: u32 = 1_000_000;

/// A town named right after a locative preposition needs this many people
/// to be taken without the recogniser's word.
const MIN_POPULATION_AFTER_PREPOSITION: u32 = 5_000;

/// Capitalised words after "in" that are times, not towns ("in March").
const CALENDAR_WORDS: [&str; 19] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Places the recogniser missed: runs of capitalised words that name a
/// country, continent or listed region, or exactly a big city. A run that
/// overlaps an entity is skipped, except an organisation with exactly the
/// name of a country ("Pakistan" tagged ORG).
fn names_missed_upstream(
    text: &str,
    segmentation: &Segmentation,
    entities: &[Entity],
    candidates: &[Candidate],
    gazetteer: &Gazetteer<'_>,
) -> Vec<Candidate> {
    let tokens = &segmentation.tokens;
    let is_capitalised = |index: usize| {
        tokens.get(index).is_some_and(|token| {
            token.kind == TokenKind::Word
                && token.text(text).starts_with(|c: char| c.is_uppercase())
        })
    };
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if !is_capitalised(index) {
            index += 1;
            continue;
        }
        let mut run_end = index + 1;
        while run_end < tokens.len() && run_end - index < MAX_NAME_WORDS && is_capitalised(run_end)
        {
            run_end += 1;
        }
        let after_locative = index > 0
            && LOCATIVE_PREPOSITIONS
                .contains(&tokens[index - 1].text(text).to_lowercase().as_str());
        let accepted = (index + 1..=run_end).rev().find_map(|end| {
            let range = tokens[index].start..tokens[end - 1].end;
            let span = Span::of(text, range);
            let overlaps_candidate = candidates
                .iter()
                .any(|candidate| candidate.span.overlaps(&span));
            if overlaps_candidate {
                return None;
            }
            let key = name_key(&span.text);
            let mut senses = gazetteer.lookup_key(&key);
            if is_short_acronym(&span.text) {
                senses.retain(|sense| is_code_target(sense.feature));
            }
            let top = senses.first()?;
            // "EU" is also a French village: any country-like sense counts.
            let is_country = senses.iter().any(|sense| {
                matches!(
                    sense.feature,
                    FeatureKind::Country | FeatureKind::Continent | FeatureKind::Region
                )
            });
            // Region names double as common words ("Centre", "Delta"); only
            // big cities are trusted without the recogniser's word.
            let is_big_namesake = top.feature == FeatureKind::City
                && top.population >= MIN_POPULATION_UNTAGGED
                && name_key(&top.name) == key;
            // "in Allendale", "near Cirencester": after a locative
            // preposition a town's exact name is trusted down to small towns.
            let is_located_town = after_locative
                && matches!(top.feature, FeatureKind::City | FeatureKind::AdminRegion)
                && top.population >= MIN_POPULATION_AFTER_PREPOSITION
                && name_key(&top.name) == key
                && !CALENDAR_WORDS.contains(&key.as_str());
            // "RAMADI, Iraq —": the capitalised words that open the text and
            // are followed by a comma or a dash are a dateline's town.
            let is_dateline_town = index == 0
                && span.text.chars().all(|c| !c.is_lowercase())
                && tokens
                    .get(end)
                    .is_some_and(|next| matches!(next.text(text), "," | "—" | "–" | "-"))
                && matches!(top.feature, FeatureKind::City | FeatureKind::AdminRegion);
            if !(is_country || is_big_namesake || is_located_town || is_dateline_town) {
                return None;
            }
            let blocked = entities.iter().any(|entity| {
                entity.mentions.iter().any(|mention| {
                    mention.span.overlaps(&span)
                        && !(is_country
                            && entity.kind == EntityKind::Organization
                            && mention.span.range() == span.range())
                })
            });
            let candidate = Candidate {
                entity: None,
                span,
                key,
                hint: None,
                senses,
                anchor: None,
                qualified: false,
            };
            (!blocked).then_some((end, candidate))
        });
        match accepted {
            Some((end, candidate)) => {
                found.push(candidate);
                index = end;
            }
            None => index += 1,
        }
    }
    found
}

/// What a short code may name.
fn is_code_target(feature: FeatureKind) -> bool {
    matches!(
        feature,
        FeatureKind::Country
            | FeatureKind::AdminRegion
            | FeatureKind::Region
            | FeatureKind::Continent
    )
}

/// Up to three capital letters, with or without periods: "EU", "U.S.".
fn is_short_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| *c != '.').collect();
    (1..=3).contains(&letters.len()) && letters.iter().all(char::is_ascii_uppercase)
}

/// The senses of a name, trying the whole name, then the name without a
/// descriptor it carries ("Anbar province"), then with the descriptor that
/// follows it in the text ("Harir" + "base").
fn senses_of(
    name: &str,
    following: Option<&str>,
    gazetteer: &Gazetteer<'_>,
) -> (String, Vec<GazetteerEntry>, Option<FeatureKind>) {
    let key = name_key(name);
    let following_hint = following.and_then(|word| {
        split_descriptor(&format!("x {}", name_key(word))).map(|(_, feature)| feature)
    });
    if let Some(word) = following {
        let longer = format!("{key} {}", name_key(word));
        let senses = gazetteer.lookup_key(&longer);
        if !senses.is_empty() {
            return (longer, senses, following_hint);
        }
    }
    let senses = gazetteer.lookup_key(&key);
    if !senses.is_empty() {
        let hint = split_descriptor(&key).map(|(_, feature)| feature);
        return (key, senses, hint.or(following_hint));
    }
    if let Some((stem, feature)) = split_descriptor(&key) {
        let senses = gazetteer.lookup_key(stem);
        return (stem.to_owned(), senses, Some(feature));
    }
    (key, Vec::new(), following_hint)
}

/// The descriptor word right after a mention ("province", "airbase",
/// "governorate"), or two words ("air base").
fn following_descriptor<'t>(
    text: &'t str,
    segmentation: &Segmentation,
    end: usize,
) -> Option<&'t str> {
    let first = segmentation
        .tokens
        .partition_point(|token| token.start < end);
    let token = segmentation.tokens.get(first)?;
    if token.kind != TokenKind::Word {
        return None;
    }
    let word = token.text(text);
    let lower = word.to_lowercase();
    if matches!(lower.as_str(), "air" | "military")
        && let Some(next) = segmentation.tokens.get(first + 1)
    {
        let pair = text.get(token.start..next.end)?;
        if split_descriptor(&format!("x {}", name_key(pair))).is_some() {
            return Some(pair);
        }
    }
    split_descriptor(&format!("x {lower}")).map(|_| word)
}

/// Whether a country or capital mention is the subject of an actor verb or
/// the owner of an actor noun.
fn is_metonymic(text: &str, segmentation: &Segmentation, candidate: &Candidate) -> bool {
    let Some(top) = candidate.senses.first() else {
        return false;
    };
    if !(top.feature == FeatureKind::Country || top.capital) || candidate.hint.is_some() {
        return false;
    }
    let next = segmentation
        .tokens
        .partition_point(|token| token.start < candidate.span.end);
    let word_at = |index: usize| {
        segmentation
            .tokens
            .get(index)
            .map(|token| token.text(text).to_lowercase())
    };
    let Some(first) = word_at(next) else {
        return false;
    };
    // "officials in Beijing said": a place after a preposition is a place.
    let before = segmentation
        .tokens
        .partition_point(|token| token.end <= candidate.span.start);
    if before > 0
        && word_at(before - 1).is_some_and(|word| LOCATIVE_PREPOSITIONS.contains(&word.as_str()))
    {
        return false;
    }
    if first == "'s" || first == "’s" {
        return word_at(next + 1).is_some_and(|noun| ACTOR_NOUNS.contains(&noun.as_str()));
    }
    if ACTOR_VERBS.contains(&first.as_str()) {
        // "has" and "will" only as auxiliaries of an actor verb: "Moscow has rejected".
        if first == "has" || first == "will" {
            return word_at(next + 1).is_some_and(|verb| {
                ACTOR_VERBS.contains(&verb.as_str())
                    || matches!(
                        verb.as_str(),
                        "reject" | "deny" | "accuse" | "warn" | "demand"
                    )
            });
        }
        return true;
    }
    false
}

/// "X, Y" (a place then its container, as in datelines), "X in (the) Y" and
/// "X, near Y" / "X near Y": the second place anchors the first.
fn link_anchors(text: &str, candidates: &mut [Candidate]) {
    for index in 1..candidates.len() {
        let (before, after) = candidates.split_at_mut(index);
        let anchor = &after[0];
        let previous = &mut before[index - 1];
        let Some(between) = text.get(previous.span.end..anchor.span.start) else {
            continue;
        };
        let gap = between.trim().to_lowercase();
        let kind = match gap.as_str() {
            "," => PlaceRelationKind::In,
            "in" | "in the" | ", in" | ", in the" => PlaceRelationKind::In,
            "near" | ", near" | "near the" | ", near the" | "outside" | ", outside" => {
                PlaceRelationKind::Near
            }
            _ => continue,
        };
        // A list "Erbil, Duhok" is not a containment: the anchor must be bigger.
        let anchor_is_container = anchor.senses.first().is_some_and(|sense| {
            matches!(
                sense.feature,
                FeatureKind::Country | FeatureKind::AdminRegion | FeatureKind::Continent
            )
        });
        if kind == PlaceRelationKind::In && !anchor_is_container {
            continue;
        }
        previous.anchor = Some(Anchor {
            candidate: index,
            kind,
            evidence: Span::of(text, previous.span.start..anchor.span.end),
        });
    }
}

/// Countries the document names outright.
fn named_countries(candidates: &[Candidate]) -> HashSet<String> {
    candidates
        .iter()
        .filter_map(|candidate| candidate.senses.first())
        .filter(|sense| sense.feature == FeatureKind::Country)
        .filter_map(|sense| sense.country.clone())
        .collect()
}

/// What the whole document says about where it is.
struct DocumentContext {
    /// Countries the document names outright (ISO3).
    countries: HashSet<String>,
    /// Admin regions the document names outright (entry indices).
    regions: HashSet<u32>,
    /// Where the first pass placed each name below country level.
    points: Vec<(String, f64, f64)>,
}

/// Admin regions the document names outright.
fn named_regions(candidates: &[Candidate]) -> HashSet<u32> {
    candidates
        .iter()
        .filter_map(|candidate| candidate.senses.first())
        .filter(|sense| sense.feature == FeatureKind::AdminRegion)
        .map(|sense| sense.index)
        .collect()
}

/// Places named by a common word (Cameroon's "West" and "Centre", South
/// Africa's "North West", Centre in Alabama): in most copy the word means a
/// direction or an idea ("the West", India's "the Centre"), so such a place
/// needs its country named first.
const COMMON_WORD_PLACES: [&str; 16] = [
    "north",
    "south",
    "east",
    "west",
    "north west",
    "north east",
    "south west",
    "south east",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "capital",
];

/// The best sense and its score.
fn best_sense(
    candidate: &Candidate,
    context: &DocumentContext,
    anchor: Option<(PlaceRelationKind, &GazetteerEntry)>,
) -> Option<(usize, f64)> {
    let plausible = |sense: &GazetteerEntry| {
        !COMMON_WORD_PLACES.contains(&candidate.key.as_str())
            || sense
                .country
                .as_ref()
                .is_some_and(|country| context.countries.contains(country))
    };
    candidate
        .senses
        .iter()
        .enumerate()
        .filter(|(_, sense)| plausible(sense))
        .map(|(index, sense)| (index, score(candidate, sense, context, anchor)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

fn score(
    candidate: &Candidate,
    sense: &GazetteerEntry,
    context: &DocumentContext,
    anchor: Option<(PlaceRelationKind, &GazetteerEntry)>,
) -> f64 {
    let mut score = prior(sense.feature, sense.population);
    if sense.capital {
        score += 3.0;
    }
    // A place's own name beats an old or foreign name of a bigger one
    // ("Salisbury" the English town, not the old name of Harare); "New York
    // City" is also its own name without the descriptor.
    let own_key = name_key(&sense.name);
    let own_stem = split_descriptor(&own_key)
        .filter(|(_, feature)| *feature == FeatureKind::City)
        .map(|(stem, _)| stem);
    if own_key == candidate.key || own_stem == Some(candidate.key.as_str()) {
        score += 6.0;
    }
    if let Some(hint) = candidate.hint {
        score += if compatible(hint, sense.feature) {
            25.0
        } else {
            -10.0
        };
    }
    if sense.feature != FeatureKind::Country
        && sense
            .country
            .as_ref()
            .is_some_and(|country| context.countries.contains(country))
    {
        score += 4.0;
    }
    if sense
        .admin1
        .is_some_and(|admin1| context.regions.contains(&admin1))
    {
        score += 3.0;
    }
    if context.points.iter().any(|(key, latitude, longitude)| {
        *key != candidate.key
            && haversine_km(sense.latitude, sense.longitude, *latitude, *longitude) < NEAR_KM
    }) {
        score += 2.0;
    }
    if let Some((kind, anchor)) = anchor {
        let same_country = sense.country.is_some() && sense.country == anchor.country;
        let inside_admin1 =
            anchor.feature == FeatureKind::AdminRegion && sense.admin1 == Some(anchor.index);
        let distance = distance_km(sense, anchor);
        score += match kind {
            PlaceRelationKind::In if inside_admin1 => 30.0,
            PlaceRelationKind::In if same_country => 20.0,
            PlaceRelationKind::In => -10.0,
            PlaceRelationKind::Near if distance < NEAR_KM => 25.0,
            PlaceRelationKind::Near if same_country => 5.0,
            PlaceRelationKind::Near => -10.0,
        };
    }
    score
}

/// Whether a sense fits the kind a descriptor names: an "air base" may be
/// any airfield, a "province" any admin region.
fn compatible(hint: FeatureKind, feature: FeatureKind) -> bool {
    use FeatureKind::{Airbase, Airport, MilitarySite};
    match hint {
        Airbase | MilitarySite => matches!(feature, Airbase | MilitarySite | Airport),
        Airport => matches!(feature, Airport | Airbase),
        other => other == feature,
    }
}

/// One name, one sense per document: the best-scored choice of a key wins
/// for all its mentions (when they share that sense at all).
fn one_sense_per_name(candidates: &[Candidate], chosen: &mut [Option<(usize, f64)>]) {
    let mut winners: HashMap<&str, (String, f64)> = HashMap::new();
    for (candidate, choice) in candidates.iter().zip(chosen.iter()) {
        let Some((sense, score)) = choice else {
            continue;
        };
        let id = candidate.senses[*sense].id.clone();
        let winner = winners
            .entry(candidate.key.as_str())
            .or_insert((id.clone(), *score));
        if *score > winner.1 {
            *winner = (id, *score);
        }
    }
    for (candidate, choice) in candidates.iter().zip(chosen.iter_mut()) {
        let Some((winner_id, winner_score)) = winners.get(candidate.key.as_str()) else {
            continue;
        };
        if let Some(position) = candidate
            .senses
            .iter()
            .position(|sense| &sense.id == winner_id)
        {
            *choice = Some((position, *winner_score));
        }
    }
}

/// Great-circle distance in kilometres.
pub(crate) fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

fn distance_km(a: &GazetteerEntry, b: &GazetteerEntry) -> f64 {
    haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragoman_model::{EntityId, Mention};
    use dragoman_text::segment;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static GAZETTEER: LazyLock<Gazetteer<'static>> =
        LazyLock::new(|| Gazetteer::shipped().expect("the shipped gazetteer loads"));

    /// One place entity per name, with every occurrence of the name as a mention.
    fn entities(text: &str, names: &[&str]) -> Vec<Entity> {
        names
            .iter()
            .enumerate()
            .map(|(index, name)| Entity {
                id: EntityId::nth(index),
                kind: EntityKind::Place,
                name: (*name).to_owned(),
                anonymous: false,
                mentions: text
                    .match_indices(name)
                    .map(|(start, _)| Mention {
                        span: Span::of(text, start..start + name.len()),
                        kind: MentionKind::Name,
                    })
                    .collect(),
                roles: Vec::new(),
                actor: None,
                place: None,
            })
            .collect()
    }

    fn resolve(text: &str, names: &[&str]) -> (Vec<Place>, Vec<Entity>) {
        let mut entities = entities(text, names);
        let places = resolve_places(text, &segment(text), &mut entities, &GAZETTEER);
        (places, entities)
    }

    /// (mention, gazetteer id, country) of each place.
    fn summary(places: &[Place]) -> Vec<(String, Option<String>, Option<String>)> {
        places
            .iter()
            .map(|place| {
                (
                    place.mention.text.clone(),
                    place.gazetteer_id.clone(),
                    place.country.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn an_airbase_named_three_ways_is_one_airfield() {
        let cases: [(&str, &[&str]); 3] = [
            (
                "Two rockets landed inside the Ain al-Asad airbase late on Tuesday, officials said.",
                &["Ain al-Asad"],
            ),
            (
                "Coalition aircraft flew from Al Asad Air Base, a spokesman for the command said.",
                &["Al Asad Air Base"],
            ),
            (
                "Trainers stationed at al-Asad in the Anbar province were unhurt, the ministry said.",
                &["al-Asad", "Anbar"],
            ),
        ];
        for (text, names) in cases {
            let (places, _) = resolve(text, names);
            assert_eq!(
                places[0].gazetteer_id.as_deref(),
                Some("ourairports:ORAA"),
                "{text}"
            );
            assert_eq!(places[0].feature, FeatureKind::Airbase, "{text}");
            assert_eq!(places[0].country.as_deref(), Some("IRQ"), "{text}");
        }
    }

    #[test]
    fn a_province_and_its_capital() {
        let text = "Police in Ramadi, the capital of Anbar province, said the curfew was lifted.";
        let (places, _) = resolve(text, &["Ramadi", "Anbar"]);
        let ramadi = &places[0];
        assert_eq!(ramadi.feature, FeatureKind::City);
        assert_eq!(ramadi.country.as_deref(), Some("IRQ"));
        assert_eq!(ramadi.admin1.as_deref(), Some("Al Anbar"));
        let anbar = &places[1];
        assert_eq!(anbar.feature, FeatureKind::AdminRegion);
        assert_eq!(anbar.name, "Al Anbar");
    }

    #[test]
    fn a_shared_town_name_follows_its_country() {
        let lebanon = "Gunmen clashed overnight in Tripoli, Lebanon, residents told Wirewatch.";
        let (places, _) = resolve(lebanon, &["Tripoli", "Lebanon"]);
        assert_eq!(places[0].country.as_deref(), Some("LBN"));
        let relation = places[0]
            .relation
            .as_ref()
            .expect("Tripoli lies in Lebanon");
        assert_eq!(relation.kind, PlaceRelationKind::In);
        assert_eq!(relation.anchor, places[1].id);

        let libya = "Flights to Tripoli resumed on Sunday as Libya reopened its main airport.";
        let (places, _) = resolve(libya, &["Tripoli", "Libya"]);
        assert_eq!(places[0].country.as_deref(), Some("LBY"));
    }

    #[test]
    fn near_links_a_place_to_its_anchor() {
        let text = "The drone came down at Harir, near Erbil, according to a local official.";
        let (places, entities) = resolve(text, &["Harir", "Erbil"]);
        assert_eq!(
            summary(&places),
            [
                (
                    "Harir".to_owned(),
                    Some("geonames:96046".to_owned()),
                    Some("IRQ".to_owned())
                ),
                (
                    "Erbil".to_owned(),
                    Some("geonames:95446".to_owned()),
                    Some("IRQ".to_owned())
                ),
            ]
        );
        let relation = places[0].relation.as_ref().expect("Harir is near Erbil");
        assert_eq!(relation.kind, PlaceRelationKind::Near);
        assert_eq!(relation.evidence.text, "Harir, near Erbil");
        assert_eq!(entities[0].place, Some(places[0].id.clone()));

        // The airfield, not the town, when the text says "base".
        let text = "A drone was shot down over the Harir base on Friday.";
        let (places, _) = resolve(text, &["Harir"]);
        assert_eq!(
            places[0].gazetteer_id.as_deref(),
            Some("alias:harir-air-base")
        );
        assert_eq!(places[0].feature, FeatureKind::Airbase);
    }

    #[test]
    fn a_capital_speaking_is_not_a_place() {
        let cases: [(&str, &[&str]); 3] = [
            (
                "Washington said the talks would resume next week.",
                &["Washington"],
            ),
            ("Moscow rejected the proposal within hours.", &["Moscow"]),
            (
                "Tehran's signature is still missing from the deal.",
                &["Tehran"],
            ),
        ];
        for (text, names) in cases {
            let (places, entities) = resolve(text, names);
            assert!(places.is_empty(), "{text}");
            assert_eq!(entities[0].place, None, "{text}");
        }
        let (places, _) = resolve("Protesters marched in Moscow on Saturday.", &["Moscow"]);
        assert_eq!(places[0].country.as_deref(), Some("RUS"));
    }

    #[test]
    fn a_dateline_places_the_city_in_its_country() {
        let text = "ERBIL, Iraq — Kurdish officials met a visiting delegation on Monday.";
        let (places, _) = resolve(text, &["ERBIL", "Iraq"]);
        assert_eq!(places[0].name, "Erbil");
        assert_eq!(places[0].country.as_deref(), Some("IRQ"));
        assert_eq!(places[1].feature, FeatureKind::Country);
        assert!(places[0].relation.is_some());
    }

    #[test]
    fn a_country_the_recogniser_missed_is_found() {
        let text = "Talks with Pakistan stalled, and the Ministry of Ports in Beijing said little.";
        let mut entities = entities(text, &["Beijing"]);
        entities.push(Entity {
            id: EntityId::nth(1),
            kind: EntityKind::Organization,
            name: "Ministry of Ports".to_owned(),
            anonymous: false,
            mentions: vec![Mention {
                span: Span::of(text, 37..54),
                kind: MentionKind::Name,
            }],
            roles: Vec::new(),
            actor: None,
            place: None,
        });
        let places = resolve_places(text, &segment(text), &mut entities, &GAZETTEER);
        assert_eq!(
            summary(&places),
            [
                (
                    "Pakistan".to_owned(),
                    Some("geonames:1168579".to_owned()),
                    Some("PAK".to_owned())
                ),
                (
                    "Beijing".to_owned(),
                    Some("geonames:1816670".to_owned()),
                    Some("CHN".to_owned())
                ),
            ]
        );
        assert_eq!(places[0].entity, None);
        assert_eq!(places[1].entity, Some(EntityId::nth(0)));
    }

    #[test]
    fn a_town_after_a_preposition_is_found_but_not_a_month() {
        let text = "Shops reopened in Cirencester in March, the council said.";
        let places = resolve_places(text, &segment(text), &mut [], &GAZETTEER);
        assert_eq!(
            summary(&places),
            [(
                "Cirencester".to_owned(),
                places[0].gazetteer_id.clone(),
                Some("GBR".to_owned())
            )]
        );
        assert_eq!(places[0].feature, FeatureKind::City);
    }

    #[test]
    fn a_qualified_country_is_a_region_of_it() {
        let text = "Fighting spread across northern Iraq, while Nigeria's army stayed home.";
        let (places, _) = resolve(text, &["northern Iraq", "Nigeria's"]);
        assert_eq!(places[0].mention.text, "northern Iraq");
        assert_eq!(places[0].feature, FeatureKind::Region);
        assert_eq!(places[0].country.as_deref(), Some("IRQ"));
        assert_eq!(places[1].feature, FeatureKind::Country);
        assert_eq!(places[1].country.as_deref(), Some("NGA"));
    }

    #[test]
    fn a_small_dateline_town_is_found_with_its_country() {
        let text = "RAMADI, Iraq — Police reopened the bridge on Sunday.";
        let places = resolve_places(text, &segment(text), &mut [], &GAZETTEER);
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].mention.text, "RAMADI");
        assert_eq!(places[0].country.as_deref(), Some("IRQ"));
        assert_eq!(places[0].feature, FeatureKind::City);
        let relation = places[0]
            .relation
            .as_ref()
            .expect("the dateline places Ramadi in Iraq");
        assert_eq!(relation.evidence.text, "RAMADI, Iraq");
    }

    #[test]
    fn a_name_the_recogniser_took_for_a_person_is_a_place_when_described() {
        let text = "Rockets fell near Ain al-Asad airbase. Ain al-Asad was quiet later.";
        let mut entity = entities(text, &["Ain al-Asad"]).remove(0);
        entity.kind = EntityKind::Person;
        let mut people = vec![entity];
        let places = resolve_places(text, &segment(text), &mut people, &GAZETTEER);
        assert_eq!(people[0].kind, EntityKind::Place);
        let found: Vec<(&str, FeatureKind)> = places
            .iter()
            .map(|place| (place.name.as_str(), place.feature))
            .collect();
        assert_eq!(
            found,
            [
                ("Al Asad Air Base", FeatureKind::Airbase),
                ("Al Asad Air Base", FeatureKind::Airbase)
            ]
        );

        let text = "Ain al-Asad told reporters he was not worried.";
        let mut entity = entities(text, &["Ain al-Asad"]).remove(0);
        entity.kind = EntityKind::Person;
        let mut people = vec![entity];
        assert_eq!(
            resolve_places(text, &segment(text), &mut people, &GAZETTEER),
            []
        );
        assert_eq!(people[0].kind, EntityKind::Person);
    }

    #[test]
    fn new_york_is_the_city_unless_the_state_is_meant() {
        let text = "Police in New York said two men were arrested in Brooklyn.";
        let (places, _) = resolve(text, &["New York", "Brooklyn"]);
        assert_eq!(places[0].name, "New York City");
        assert_eq!(places[0].feature, FeatureKind::City);
        let text = "Voters across New York state go to the polls.";
        let (places, _) = resolve(text, &["New York"]);
        assert_eq!(places[0].feature, FeatureKind::AdminRegion);
    }

    #[test]
    fn a_nigerian_state_is_an_admin_region() {
        let text = "Gunmen raided a village in Borno State on Sunday.";
        let (places, _) = resolve(text, &["Borno State"]);
        assert_eq!(places[0].feature, FeatureKind::AdminRegion);
        assert_eq!(places[0].country.as_deref(), Some("NGA"));
    }

    #[test]
    fn a_place_named_by_a_common_word_needs_its_country_named() {
        let (places, _) = resolve("Critics say the West has failed Kyiv.", &["West"]);
        let mentions: Vec<&str> = places
            .iter()
            .map(|place| place.mention.text.as_str())
            .collect();
        assert_eq!(mentions, ["Kyiv"]);
        let text = "Separatists attacked a school in Cameroon's West region.";
        let (places, _) = resolve(text, &["Cameroon", "West"]);
        assert_eq!(places.len(), 2, "{places:?}");
        assert_eq!(places[1].feature, FeatureKind::AdminRegion);
        assert_eq!(places[1].country.as_deref(), Some("CMR"));
    }

    #[test]
    fn an_unknown_name_gets_a_record_only_when_the_text_says_what_it_is() {
        let text = "Villagers fled Qaryat Zzyxwv for Zzyxwv air base and Erbil.";
        let (places, entities) = resolve(text, &["Qaryat Zzyxwv", "Zzyxwv air base", "Erbil"]);
        let names: Vec<(&str, FeatureKind, Option<f64>)> = places
            .iter()
            .map(|place| (place.mention.text.as_str(), place.feature, place.latitude))
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(names[0].0, "Zzyxwv air base");
        assert_eq!(names[0].1, FeatureKind::Airbase);
        assert_eq!(names[0].2, None);
        assert_eq!(names[1].0, "Erbil");
        assert_eq!(places[0].id, PlaceId::nth(0));
        assert_eq!(places[1].id, PlaceId::nth(1));
        assert_eq!(
            entities[0].place, None,
            "the unknown village keeps no record"
        );
        assert_eq!(entities[2].place, Some(PlaceId::nth(1)));
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics_and_spans_slice(
            text in "\\PC{0,120}",
            cuts in proptest::collection::vec((0usize..120, 1usize..12), 0..4),
        ) {
            let mut entities: Vec<Entity> = cuts
                .iter()
                .enumerate()
                .filter_map(|(index, &(start, length))| {
                    let end = (start + length).min(text.len());
                    (start < end && text.is_char_boundary(start) && text.is_char_boundary(end))
                        .then(|| Entity {
                            id: EntityId::nth(index),
                            kind: EntityKind::Place,
                            name: text[start..end].to_owned(),
                            anonymous: false,
                            mentions: vec![Mention {
                                span: Span::of(&text, start..end),
                                kind: MentionKind::Name,
                            }],
                            roles: Vec::new(),
                            actor: None,
                            place: None,
                        })
                })
                .collect();
            let places = resolve_places(&text, &segment(&text), &mut entities, &GAZETTEER);
            for place in &places {
                prop_assert_eq!(&text[place.mention.range()], place.mention.text.as_str());
                if let Some(relation) = &place.relation {
                    prop_assert_eq!(&text[relation.evidence.range()], relation.evidence.text.as_str());
                }
            }
        }
    }
}
