//! Prints the entities, quotations and places the baseline finds in a text
//! read from standard input, one line per record, for eyeballing rules.

use std::io::Read;

use dragoman_extract::{baseline_mentions, extract};
use dragoman_lexicon::Lexicon;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let lexicon = Lexicon::embedded()?;
    let segmentation = dragoman_text::segment(&text);
    let models = dragoman_nlp::Models::shipped()?;
    let parse = dragoman_nlp::analyze(&text, &segmentation, &models);
    let mentions = baseline_mentions(&text, &segmentation, &lexicon);
    let extraction = extract(&text, &segmentation, Some(&parse), &mentions, &lexicon);
    let name_of = |id: Option<&dragoman_model::EntityId>| {
        id.and_then(|id| extraction.entities.iter().find(|entity| &entity.id == id))
            .map_or("-", |entity| entity.name.as_str())
    };
    for entity in &extraction.entities {
        let mentions: Vec<&str> = entity
            .mentions
            .iter()
            .map(|mention| mention.span.text.as_str())
            .collect();
        let roles: Vec<String> = entity
            .roles
            .iter()
            .map(|role| format!("{} / {}", role.title, role.of.as_deref().unwrap_or("-")))
            .collect();
        println!(
            "{} {:?}{} {:?} {:?} {:?}",
            entity.id,
            entity.kind,
            if entity.anonymous { " anonymous" } else { "" },
            entity.name,
            mentions,
            roles
        );
    }
    for quote in &extraction.quotes {
        println!(
            "{} {:?} {:?} speaker={} cue={:?} outlet={} continues={:?}",
            quote.id,
            quote.kind,
            quote.content.text,
            name_of(quote.speaker.as_ref()),
            quote.cue.as_ref().map(|cue| cue.text.as_str()),
            name_of(quote.outlet.as_ref()),
            quote.continues.as_ref().map(|id| id.as_str()),
        );
    }
    for place in &extraction.places {
        println!(
            "{} {:?} -> {} {:?} {:?} {:?}",
            place.id,
            place.mention.text,
            place.name,
            place.feature,
            place.country,
            place.gazetteer_id
        );
    }
    for diagnostic in &extraction.diagnostics {
        println!("diagnostic: {}", diagnostic.message);
    }
    Ok(())
}
