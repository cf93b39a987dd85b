//! The first extraction stage of dragoman: from name mentions to entities,
//! quotations and places.
//!
//! Finding names and building records are separate steps so that any
//! recogniser can feed the second: [`baseline_mentions`] is the day-one
//! recogniser (capitalised runs, lexicon places, names after titles, head
//! words, outlets after "told"), and a statistical recogniser's spans go into
//! [`extract`] the same way. [`extract`] clusters mentions into entities with
//! their roles, pairs quotation marks and attributes each quotation (and
//! reported speech, beliefs and intentions without marks) to a speaker
//! through its cue or, given the dependency parse, through the subject of
//! the clause that holds it, making unnamed sources entities of their own;
//! it codes actors (country and sector) where roles, head words, demonyms
//! or a speaking place support it, and resolves places provisionally
//! against the lexicon's place table. The parse is optional: word patterns
//! alone still run, and stay as the fallback where the parser errs.
//!
//! Lexicon matching is token-aligned hashing rather than a string automaton:
//! names are looked up only where a capitalised run starts, titles and
//! multi-word cues only where their first word occurs, so nothing matches
//! inside a word and nothing is built at start-up.
//!
//! This stage must never guess: a speaker, outlet or role the text does not
//! support stays `None`. It must never panic on odd text (it reports
//! diagnostics instead), never scan the document quadratically, and never
//! read files: the lexicon is loaded at the edge and passed in.

mod actors;
mod entities;
mod gender;
mod mentions;
mod places;
mod quotes;
mod roles;
mod syntax;
mod view;

use dragoman_lexicon::Lexicon;
use dragoman_model::{
    Diagnostic, Entity, EntityId, EntityKind, MentionKind, Place, PlaceId, Quote, QuoteId,
};
use dragoman_nlp::Analysis;
use dragoman_text::Segmentation;

use crate::view::TextView;

/// A name found by a recogniser: a byte span of the text and a kind guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// The records of one text, with what was odd about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub places: Vec<Place>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The day-one recogniser: capitalised-name patterns, lexicon places, person
/// names after titles, organisations by head word and outlets by context.
pub fn baseline_mentions(
    text: &str,
    segmentation: &Segmentation,
    lexicon: &Lexicon,
) -> Vec<NameMention> {
    // A segmentation of another text yields nothing here; `extract` reports it.
    if !segmentation_fits(text, segmentation) {
        return Vec::new();
    }
    let view = TextView::new(text, segmentation, lexicon);
    mentions::baseline_mentions(&view)
}

/// Entities (clustered mentions), quotations and places from the name
/// mentions any recogniser found in `text`. With the dependency parse of
/// the text, quotations inside a clause get the clause's subject as their
/// speaker and reported speech is read from complement clauses; without it
/// (or with a parse of other tokens, which is reported) only the
/// word-pattern rules run.
pub fn extract(
    text: &str,
    segmentation: &Segmentation,
    parse: Option<&Analysis>,
    mentions: &[NameMention],
    lexicon: &Lexicon,
) -> Extraction {
    let mut diagnostics = Vec::new();
    if !segmentation_fits(text, segmentation) {
        diagnostics.push(Diagnostic::warning(
            "the segmentation does not match the text; nothing extracted",
        ));
        return Extraction {
            diagnostics,
            ..Extraction::default()
        };
    }
    let view = TextView::new(text, segmentation, lexicon);
    let syntax = parse.and_then(|parse| {
        let syntax = syntax::Syntax::new(parse, segmentation.tokens.len());
        if syntax.is_none() {
            diagnostics.push(Diagnostic::warning(
                "the parse does not match the tokens; attribution without it",
            ));
        }
        syntax
    });
    let speaking = syntax
        .as_ref()
        .map(|syntax| mentions::speaking_names(&view, syntax, mentions))
        .unwrap_or_default();
    let mentions: Vec<NameMention> = mentions.iter().copied().chain(speaking).collect();
    let mut clustering = entities::cluster_mentions(&view, &mentions, &mut diagnostics);
    let drafts = quotes::extract_quotes(&view, syntax.as_ref(), &mut clustering, &mut diagnostics);

    let mut speaks = vec![false; clustering.clusters.len()];
    for draft in &drafts {
        if let Some(speaker) = draft.speaker {
            speaks[speaker] = true;
        }
    }

    // Entities are numbered in the order the text first mentions them.
    let mut clusters: Vec<(usize, entities::Cluster)> =
        clustering.clusters.into_iter().enumerate().collect();
    for (_, cluster) in &mut clusters {
        cluster.mentions.sort_by_key(|mention| mention.span.start);
    }
    clusters.sort_by_key(|(_, cluster)| cluster.mentions.first().map(|mention| mention.span.start));
    let mut id_of = vec![EntityId::nth(0); clusters.len()];
    for (position, (original, _)) in clusters.iter().enumerate() {
        id_of[*original] = EntityId::nth(position);
    }

    let mut entities = Vec::with_capacity(clusters.len());
    let mut places = Vec::new();
    for (position, (original, cluster)) in clusters.into_iter().enumerate() {
        let id = EntityId::nth(position);
        let kind = cluster.kind();
        let mut place = None;
        if kind == EntityKind::Place {
            let named: Vec<_> = cluster
                .mentions
                .iter()
                .filter(|mention| mention.kind == MentionKind::Name)
                .map(|mention| mention.span.clone())
                .collect();
            let records = places::resolve_place(lexicon, &id, &cluster.name, &named, places.len());
            place = records.first().map(|record| record.id.clone());
            places.extend(records);
        }
        let place_country = place
            .as_ref()
            .and_then(|id| places.iter().find(|record| &record.id == id))
            .and_then(|record| record.country.as_deref());
        let actor = actors::actor_code(
            lexicon,
            &actors::ActorEvidence {
                kind,
                name: &cluster.name,
                roles: &cluster.roles,
                place_country,
                speaks: speaks[original],
                words_before: cluster
                    .mentions
                    .iter()
                    .map(|mention| mention.span.start)
                    .chain(cluster.roles.iter().map(|role| role.evidence.start))
                    .filter_map(|start| {
                        let token = view.token_from(start);
                        (token > 0).then(|| view.word(token - 1))
                    })
                    .collect(),
            },
        );
        entities.push(Entity {
            id,
            kind,
            name: cluster.name,
            anonymous: cluster.anonymous,
            mentions: cluster.mentions,
            roles: cluster.roles,
            actor,
            place,
        });
    }
    let quotes = drafts
        .into_iter()
        .enumerate()
        .map(|(index, draft)| Quote {
            id: QuoteId::nth(index),
            kind: draft.kind,
            content: draft.content,
            speaker: draft.speaker.map(|cluster| id_of[cluster].clone()),
            cue: draft.cue,
            outlet: draft.outlet.map(|cluster| id_of[cluster].clone()),
            continues: draft.continues.map(QuoteId::nth),
            evidence: draft.evidence,
        })
        .collect();
    debug_assert!(
        places
            .iter()
            .enumerate()
            .all(|(index, place)| place.id == PlaceId::nth(index))
    );
    Extraction {
        entities,
        quotes,
        places,
        diagnostics,
    }
}

/// Every token and sentence must lie inside the text on character
/// boundaries, in order, or the stage cannot trust a single span.
fn segmentation_fits(text: &str, segmentation: &Segmentation) -> bool {
    let tokens_fit = segmentation
        .tokens
        .iter()
        .all(|token| token.start < token.end && text.get(token.start..token.end).is_some())
        && segmentation
            .tokens
            .windows(2)
            .all(|pair| pair[0].end <= pair[1].start);
    let sentences_fit = segmentation.sentences.iter().all(|sentence| {
        sentence.tokens.start < sentence.tokens.end
            && sentence.tokens.end <= segmentation.tokens.len()
            && text.get(sentence.start..sentence.end).is_some()
    });
    // Every token must belong to a sentence: stages look sentences up by token.
    let sentences_partition_tokens = segmentation.sentences.iter().try_fold(0, |next, sentence| {
        (sentence.tokens.start == next).then_some(sentence.tokens.end)
    }) == Some(segmentation.tokens.len());
    tokens_fit && sentences_fit && sentences_partition_tokens
}

/// Shared fixtures of the unit tests: the shipped lexicon and a renderer
/// that turns records into one short line each.
#[cfg(test)]
mod testing {
    use std::sync::LazyLock;

    use dragoman_lexicon::Lexicon;
    use dragoman_model::{Entity, Quote};

    use crate::Extraction;

    pub(crate) static LEXICON: LazyLock<Lexicon> =
        LazyLock::new(|| Lexicon::embedded().expect("the shipped lexicon parses"));

    static MODELS: LazyLock<dragoman_nlp::Models> =
        LazyLock::new(|| dragoman_nlp::Models::shipped().expect("the shipped models load"));

    /// Extraction as the pipeline runs it: baseline names and the parse.
    pub(crate) fn run(text: &str) -> Extraction {
        let segmentation = dragoman_text::segment(text);
        let parse = dragoman_nlp::analyze(text, &segmentation, &MODELS);
        let mentions = crate::baseline_mentions(text, &segmentation, &LEXICON);
        crate::extract(text, &segmentation, Some(&parse), &mentions, &LEXICON)
    }

    /// Extraction by the word-pattern rules alone.
    pub(crate) fn run_without_parse(text: &str) -> Extraction {
        let segmentation = dragoman_text::segment(text);
        let mentions = crate::baseline_mentions(text, &segmentation, &LEXICON);
        crate::extract(text, &segmentation, None, &mentions, &LEXICON)
    }

    fn name_of(extraction: &Extraction, id: Option<&dragoman_model::EntityId>) -> String {
        id.and_then(|id| extraction.entities.iter().find(|entity| &entity.id == id))
            .map_or_else(|| "-".to_owned(), |entity| entity.name.clone())
    }

    /// `Person Sabah al-Numan [Sabah al-Numan|Numan|he] {adviser to Prime Minister X}`
    pub(crate) fn render_entity(entity: &Entity) -> String {
        let mentions: Vec<&str> = entity
            .mentions
            .iter()
            .map(|mention| mention.span.text.as_str())
            .collect();
        let mut line = format!(
            "{:?}{} {} [{}]",
            entity.kind,
            if entity.anonymous { " anonymous" } else { "" },
            entity.name,
            mentions.join("|")
        );
        for role in &entity.roles {
            match &role.of {
                Some(of) => line.push_str(&format!(" {{{} of {}}}", role.title, of)),
                None => line.push_str(&format!(" {{{}}}", role.title)),
            }
        }
        line
    }

    /// `Direct «content» by Speaker cue said to Outlet continues q1`
    pub(crate) fn render_quote(extraction: &Extraction, quote: &Quote) -> String {
        let mut line = format!(
            "{:?} «{}» by {}",
            quote.kind,
            quote.content.text,
            name_of(extraction, quote.speaker.as_ref())
        );
        if let Some(cue) = &quote.cue {
            line.push_str(&format!(" cue {}", cue.text));
        }
        if quote.outlet.is_some() {
            line.push_str(&format!(
                " to {}",
                name_of(extraction, quote.outlet.as_ref())
            ));
        }
        if let Some(continues) = &quote.continues {
            line.push_str(&format!(" continues {continues}"));
        }
        line
    }
}

#[cfg(test)]
mod properties {
    use dragoman_model::{Document, Origin, SCHEMA_VERSION, Span, document_id};
    use proptest::prelude::*;

    use super::*;
    use crate::testing::{LEXICON, run};

    /// Every span of the records slices the text it claims to cover, and every
    /// cross-reference names a record that exists.
    fn check_records(text: &str, extraction: &Extraction) -> Result<(), String> {
        let document = Document {
            schema: SCHEMA_VERSION.to_owned(),
            id: document_id(text),
            title: None,
            outlet: None,
            url: None,
            published: None,
            published_source: None,
            language: None,
            origin: Origin::file("-"),
            text: text.to_owned(),
            sentences: vec![Span::of(text, 0..text.len())],
            entities: extraction.entities.clone(),
            quotes: extraction.quotes.clone(),
            places: extraction.places.clone(),
            times: vec![],
            events: vec![],
            diagnostics: vec![],
        };
        document.check_spans()?;
        let entity_ids: Vec<_> = extraction
            .entities
            .iter()
            .map(|entity| &entity.id)
            .collect();
        for quote in &extraction.quotes {
            for id in quote.speaker.iter().chain(&quote.outlet) {
                if !entity_ids.contains(&id) {
                    return Err(format!("{} names a missing entity {id}", quote.id));
                }
            }
        }
        for (index, entity) in extraction.entities.iter().enumerate() {
            if entity.id != EntityId::nth(index) || entity.mentions.is_empty() {
                return Err(format!("entity {index} is misnumbered or has no mention"));
            }
        }
        Ok(())
    }

    /// Wire-like text: words, names, quotation marks and paragraph breaks.
    fn wire_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("said".to_owned()),
            Just("\"".to_owned()),
            Just("“".to_owned()),
            Just("”".to_owned()),
            Just("'".to_owned()),
            Just(",".to_owned()),
            Just(".".to_owned()),
            Just("\n\n".to_owned()),
            Just("al-".to_owned()),
            Just("the source".to_owned()),
            Just("he".to_owned()),
            Just("Prime Minister".to_owned()),
            "[A-Z][a-z]{1,8}",
            "[a-z]{1,8}",
            "\\PC{1,3}",
        ];
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.join(" "))
    }

    proptest! {
        #[test]
        fn extract_never_panics_and_its_spans_slice_the_text(text in wire_like()) {
            let extraction = run(&text);
            prop_assert_eq!(check_records(&text, &extraction), Ok(()));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let extraction = run(&text);
            prop_assert_eq!(check_records(&text, &extraction), Ok(()));
        }

        #[test]
        fn any_recogniser_output_is_accepted_or_reported(
            text in wire_like(),
            spans in prop::collection::vec((0usize..400, 0usize..40), 0..12),
        ) {
            let segmentation = dragoman_text::segment(&text);
            let mentions: Vec<NameMention> = spans
                .iter()
                .map(|&(start, length)| NameMention { start, end: start + length, kind: EntityKind::Person })
                .collect();
            let extraction = extract(&text, &segmentation, None, &mentions, &LEXICON);
            prop_assert_eq!(check_records(&text, &extraction), Ok(()));
        }
    }

    #[test]
    fn a_segmentation_without_sentences_is_reported_not_trusted() {
        let text = "Omar Saleh said \"no\".";
        let mut segmentation = dragoman_text::segment(text);
        segmentation.sentences.clear();
        let extraction = extract(text, &segmentation, None, &[], &LEXICON);
        assert_eq!(extraction.quotes, []);
        assert_eq!(extraction.diagnostics.len(), 1);
    }

    #[test]
    fn a_segmentation_of_another_text_is_reported_not_trusted() {
        let segmentation = dragoman_text::segment("A much longer text than the one given.");
        assert_eq!(baseline_mentions("Short.", &segmentation, &LEXICON), []);
        let extraction = extract("Short.", &segmentation, None, &[], &LEXICON);
        assert_eq!(extraction.entities, []);
        assert_eq!(extraction.diagnostics.len(), 1);
    }
}
