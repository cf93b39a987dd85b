//! Places named through their people or their adjective: "Russian
//! warplanes", "the Iraqis", "European leaders". Such a mention says whose,
//! not where, so its record carries [`PlaceUsage::Demonym`]; it still tells
//! a reader which country the story involves, and geoparsing corpora count
//! it as a toponym.

use dragoman_model::{Entity, EntityKind, FeatureKind, Place, PlaceId, PlaceUsage, Span};
use dragoman_text::{Segmentation, TokenKind};

use crate::gazetteer::{Gazetteer, GazetteerEntry};

/// Continent adjectives; the country demonyms come from the caller.
const CONTINENT_ADJECTIVES: [(&str, &str); 3] = [
    ("european", "Europe"),
    ("african", "Africa"),
    ("asian", "Asia"),
];

/// Entity kinds whose names may hold a demonym that names no place of its
/// own: "the Russian Orthodox Church", "Chinese Central Television".
const NAMED_BODIES: [EntityKind; 3] = [
    EntityKind::Organization,
    EntityKind::Person,
    EntityKind::Media,
];

/// Appends a demonym place for every capitalised demonym (one word, or two:
/// "South African") used as an adjective, that no place and no
/// organisation, person or outlet name already covers. `country_of` maps a
/// demonym as written to its country's ISO 3166 alpha-3 code. Ids continue
/// after the places given.
///
/// Adjective use means a word follows ("Russian warplanes", not "were
/// British."), the word is no plural of another demonym ("the Iraqis" are
/// people), and "in" does not come before it ("in English" is a language).
pub fn add_demonym_places(
    text: &str,
    segmentation: &Segmentation,
    entities: &[Entity],
    gazetteer: &Gazetteer<'_>,
    country_of: impl Fn(&str) -> Option<String>,
    places: &mut Vec<Place>,
) {
    let covered = |start: usize, end: usize| {
        let inside = |span: &Span| span.start < end && start < span.end;
        places.iter().any(|place| inside(&place.mention))
            || entities
                .iter()
                .filter(|entity| NAMED_BODIES.contains(&entity.kind))
                .flat_map(|entity| &entity.mentions)
                .any(|mention| inside(&mention.span))
    };
    let place_of = |words: &str| -> Option<GazetteerEntry> {
        if let Some(iso3) = country_of(words) {
            return gazetteer.country(&iso3);
        }
        let key = words.to_lowercase();
        let (_, continent) = CONTINENT_ADJECTIVES
            .iter()
            .find(|(adjective, _)| *adjective == key)?;
        gazetteer
            .lookup(continent)
            .into_iter()
            .find(|entry| entry.feature == FeatureKind::Continent)
    };

    // "anti-Russian" and "Pro-Iranian" stay one token: the demonym is the
    // capitalised part after a short prefix.
    let words: Vec<(usize, usize)> = segmentation
        .tokens
        .iter()
        .filter(|token| token.kind == TokenKind::Word)
        .map(|token| {
            let word = token.text(text);
            match word.rsplit_once('-') {
                Some((prefix, rest))
                    if (1..=4).contains(&prefix.len())
                        && prefix.chars().all(|c| c.is_ascii_alphabetic())
                        && rest.starts_with(|c: char| c.is_uppercase()) =>
                {
                    (token.end - rest.len(), token.end)
                }
                _ => (token.start, token.end),
            }
        })
        .collect();
    let mut found: Vec<(Span, GazetteerEntry)> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let (start, end) = words[index];
        // Most words are lowercase: skip them before any lookup.
        if !text[start..end].starts_with(|c: char| c.is_uppercase()) {
            index += 1;
            continue;
        }
        // Two words joined by one space first: "South African", "North Korean".
        let pair = words
            .get(index + 1)
            .filter(|(next_start, _)| *next_start == end + 1 && text[end..*next_start] == *" ")
            .and_then(|&(_, next_end)| Some((next_end, place_of(&text[start..next_end])?)));
        let matched = match pair {
            Some((pair_end, entry)) => Some((pair_end, entry, 2)),
            None => place_of(&text[start..end]).map(|entry| (end, entry, 1)),
        };
        let adjective = |match_end: usize, width: usize| {
            let word = &text[start..match_end];
            let plural = word
                .strip_suffix('s')
                .is_some_and(|singular| place_of(singular).is_some());
            // "Russian warplanes", and "Russian-backed forces" across a hyphen.
            let modifies_a_word = words.get(index + width).is_some_and(|(next_start, _)| {
                let between = text[match_end..*next_start].trim();
                between.is_empty() || between == "-"
            });
            let after_in = index > 0 && {
                let (previous_start, previous_end) = words[index - 1];
                &text[previous_start..previous_end] == "in"
                    && text[previous_end..start].trim().is_empty()
            };
            !plural && modifies_a_word && !after_in
        };
        match matched {
            Some((match_end, entry, width))
                if adjective(match_end, width) && !covered(start, match_end) =>
            {
                found.push((Span::of(text, start..match_end), entry));
                index += width;
            }
            _ => index += 1,
        }
    }

    for (mention, entry) in found {
        let admin1 = entry
            .admin1
            .and_then(|admin1| gazetteer.entry(admin1))
            .map(|admin1| admin1.name);
        places.push(Place {
            id: PlaceId::nth(places.len()),
            entity: None,
            mention,
            name: entry.name,
            feature: entry.feature,
            gazetteer_id: Some(entry.id),
            latitude: Some(entry.latitude),
            longitude: Some(entry.longitude),
            country: entry.country,
            admin1,
            relation: None,
            usage: PlaceUsage::Demonym,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragoman_model::{EntityId, Mention, MentionKind};

    fn demonyms(text: &str, entities: &[Entity]) -> Vec<(String, String, FeatureKind)> {
        let gazetteer = Gazetteer::shipped().expect("the shipped gazetteer loads");
        let country_of = |words: &str| {
            let iso3 = match words {
                "Russian" | "Russians" => "RUS",
                "South African" => "ZAF",
                "Iraqi" => "IRQ",
                "Iranian" => "IRN",
                "Turkish" => "TUR",
                _ => return None,
            };
            Some(iso3.to_owned())
        };
        let mut places = Vec::new();
        add_demonym_places(
            text,
            &dragoman_text::segment(text),
            entities,
            &gazetteer,
            country_of,
            &mut places,
        );
        for (position, place) in places.iter().enumerate() {
            assert_eq!(place.id, PlaceId::nth(position));
            assert_eq!(place.usage, PlaceUsage::Demonym);
            assert_eq!(&text[place.mention.range()], place.mention.text);
        }
        places
            .into_iter()
            .map(|place| (place.mention.text, place.name, place.feature))
            .collect()
    }

    #[test]
    fn country_and_continent_adjectives_become_demonym_places() {
        let found = demonyms(
            "Russian warplanes struck again, South African and European envoys said. \
             Pro-Iranian militias fought the Turkish-backed brigades.",
            &[],
        );
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|(mention, name, _)| (mention.as_str(), name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Russian", "Russia"),
                ("South African", "South Africa"),
                ("European", "Europe"),
                ("Iranian", "Iran"),
                ("Turkish", "Turkey")
            ]
        );
        assert_eq!(found[0].2, FeatureKind::Country);
        assert_eq!(found[2].2, FeatureKind::Continent);
    }

    #[test]
    fn names_of_bodies_and_lowercase_words_are_left_alone() {
        let text = "The Russian Orthodox Synod met; the iraqi delegation did not. \
                    Russians spoke in Russian; the envoy was Iraqi.";
        let synod = Entity {
            id: EntityId::nth(0),
            kind: EntityKind::Organization,
            name: "Russian Orthodox Synod".to_owned(),
            anonymous: false,
            mentions: vec![Mention {
                span: Span::of(text, 4..26),
                kind: MentionKind::Name,
            }],
            roles: Vec::new(),
            actor: None,
            place: None,
        };
        assert_eq!(demonyms(text, &[synod]), []);
    }
}
