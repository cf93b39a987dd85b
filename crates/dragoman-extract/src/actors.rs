//! Actor codes (country plus sector) for the entities the text supports:
//! the sector from a role's title or an organisation's head word, the
//! country from a demonym in the role or name, or from the place itself when
//! a country or capital speaks ("Tehran rejected …": the place entity keeps
//! its kind and gazetteer match and gets that country's government code).

use dragoman_lexicon::{Lexicon, phrase_key};
use dragoman_model::{ActorCode, EntityKind, Role};

/// Head words of organisations and the sector each names.
const BODY_SECTORS: [(&str, &str); 17] = [
    ("ministry", "GOV"),
    ("government", "GOV"),
    ("cabinet", "GOV"),
    ("presidency", "GOV"),
    ("army", "MIL"),
    ("forces", "MIL"),
    ("military", "MIL"),
    ("police", "COP"),
    ("parliament", "LEG"),
    ("congress", "LEG"),
    ("senate", "LEG"),
    ("committee", "LEG"),
    ("court", "JUD"),
    ("party", "PTY"),
    ("company", "BUS"),
    ("bank", "BUS"),
    ("corporation", "BUS"),
];

/// International bodies by their usual names and acronyms.
const INTERNATIONAL_BODIES: [&str; 8] = [
    "un",
    "united nations",
    "eu",
    "european union",
    "nato",
    "african union",
    "arab league",
    "world bank",
];

/// What the extractor knows about one entity when coding it.
pub(crate) struct ActorEvidence<'e> {
    pub(crate) kind: EntityKind,
    pub(crate) name: &'e str,
    pub(crate) roles: &'e [Role],
    /// The country of the place the entity resolved to.
    pub(crate) place_country: Option<&'e str>,
    /// Whether the entity speaks or reports in the text.
    pub(crate) speaks: bool,
    /// The word before each role and name mention: "Iraqi" in "Iraqi
    /// Foreign Minister X".
    pub(crate) words_before: Vec<&'e str>,
}

/// The actor code the evidence supports, or `None` when it supports neither
/// a country nor a sector.
pub(crate) fn actor_code(lexicon: &Lexicon, evidence: &ActorEvidence<'_>) -> Option<ActorCode> {
    let mut sector: Option<String> = None;
    let mut country: Option<String> = None;
    match evidence.kind {
        EntityKind::Place => {
            // A place that speaks stands for its government (metonymy).
            if !evidence.speaks {
                return None;
            }
            country = evidence.place_country.map(str::to_owned);
            sector = Some("GOV".to_owned());
        }
        EntityKind::Media => sector = Some("MED".to_owned()),
        EntityKind::Organization | EntityKind::Group => {
            let key = phrase_key(evidence.name);
            if INTERNATIONAL_BODIES
                .iter()
                .any(|body| key == *body || key.starts_with(&format!("{body} ")))
            {
                sector = Some("IGO".to_owned());
            } else {
                sector = sector_of_words(&key);
            }
            country = country_of_words(lexicon, &key);
        }
        EntityKind::Person | EntityKind::Other => {}
    }
    for role in evidence.roles {
        let title = phrase_key(&role.title);
        if sector.is_none() {
            sector = lexicon
                .title(&title)
                .and_then(|title| title.sector.clone())
                .or_else(|| {
                    role.of
                        .as_deref()
                        .and_then(|of| sector_of_words(&phrase_key(of)))
                });
        }
        if country.is_none() {
            country = country_of_words(lexicon, &phrase_key(&role.evidence.text));
        }
    }
    if country.is_none() && sector.is_some() {
        country = evidence
            .words_before
            .iter()
            .find_map(|word| lexicon.demonym(&phrase_key(word)))
            .map(str::to_owned);
    }
    if sector.is_none() && country.is_none() {
        return None;
    }
    Some(ActorCode {
        code: format!(
            "{}{}",
            country.as_deref().unwrap_or(""),
            sector.as_deref().unwrap_or("")
        ),
        country,
        sector,
    })
}

fn sector_of_words(key: &str) -> Option<String> {
    key.split([' ', '-']).find_map(|word| {
        BODY_SECTORS
            .iter()
            .find(|(head, _)| *head == word)
            .map(|(_, sector)| (*sector).to_owned())
    })
}

/// The country of the first demonym among the words: "iraqi foreign minister" → IRQ.
fn country_of_words(lexicon: &Lexicon, key: &str) -> Option<String> {
    key.split(' ')
        .find_map(|word| {
            lexicon
                .demonym(word.trim_end_matches(['\'', '’', 's']))
                .or_else(|| lexicon.demonym(word))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use dragoman_model::ActorCode;

    use crate::testing::run;

    /// Every entity with an actor code, as `name CODE`.
    fn check(text: &str, expected: &[&str]) {
        let extraction = run(text);
        let found: Vec<String> = extraction
            .entities
            .iter()
            .filter_map(|entity| {
                entity
                    .actor
                    .as_ref()
                    .map(|ActorCode { code, .. }| format!("{} {code}", entity.name))
            })
            .collect();
        assert_eq!(found, expected, "in {text:?}");
    }

    #[test]
    fn roles_and_demonyms_give_sector_and_country() {
        check(
            "Iraqi Foreign Minister Omar Saleh arrived in Basra.",
            &["Omar Saleh IRQGOV"],
        );
    }

    #[test]
    fn organisations_by_their_head_word() {
        check(
            "The Iraqi Ministry of Oil denied the report.",
            &["Iraqi Ministry of Oil IRQGOV"],
        );
    }

    #[test]
    fn a_capital_that_speaks_stands_for_its_government() {
        check(
            "Tehran said the sanctions were illegal. Omar Saleh visited Basra.",
            &["Tehran IRNGOV"],
        );
    }
}
