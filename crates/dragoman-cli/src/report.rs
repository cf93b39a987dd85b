//! The readable report (`--format text`): what a person scanning the output
//! on a terminal wants first, with record ids so they can find the JSON.

use std::collections::HashMap;
use std::io::{self, Write};

use dragoman_model::{Document, Entity, EntityId, EntityKind, PlaceUsage, Quote, QuoteKind};

/// Quotes longer than this are cut in the report (the JSON keeps them whole).
const QUOTE_WIDTH: usize = 160;

pub(crate) fn write_report(out: &mut impl Write, document: &Document) -> io::Result<()> {
    let heading = document.title.as_deref().unwrap_or("(untitled)");
    writeln!(out, "━━ {heading}")?;
    let mut facts = vec![format!("id {}", document.id)];
    if let Some(outlet) = &document.outlet {
        facts.push(outlet.clone());
    }
    match (document.published, document.published_source) {
        (Some(date), Some(source)) => {
            facts.push(format!("published {date} (from {})", source_name(source)))
        }
        (Some(date), None) => facts.push(format!("published {date}")),
        (None, _) => facts.push("no publication date".to_owned()),
    }
    writeln!(out, "   {}", facts.join(" · "))?;
    writeln!(out, "   {}", document.origin)?;
    if let Some(url) = &document.url {
        writeln!(out, "   {url}")?;
    }
    writeln!(
        out,
        "   {} sentences, {} bytes{}",
        document.sentences.len(),
        document.text.len(),
        document
            .language
            .as_deref()
            .map(|language| format!(", language {language}"))
            .unwrap_or_default()
    )?;

    let names: HashMap<&EntityId, &Entity> = document
        .entities
        .iter()
        .map(|entity| (&entity.id, entity))
        .collect();
    write_entities(out, document)?;
    write_quotes(out, document, &names)?;
    write_places(out, document)?;
    write_times(out, document)?;
    write_events(out, document, &names)?;
    if !document.diagnostics.is_empty() {
        writeln!(out, "\n  Diagnostics")?;
        for diagnostic in &document.diagnostics {
            writeln!(out, "    {:?}: {}", diagnostic.severity, diagnostic.message)?;
        }
    }
    writeln!(out)
}

fn write_entities(out: &mut impl Write, document: &Document) -> io::Result<()> {
    writeln!(out, "\n  Entities ({})", document.entities.len())?;
    for entity in &document.entities {
        let mut line = format!(
            "    {:<4} {:<13} {}",
            entity.id.as_str(),
            kind_name(entity.kind, entity.anonymous),
            entity.name
        );
        for role in &entity.roles {
            line.push_str(" — ");
            line.push_str(&role.title);
            if let Some(of) = &role.of {
                line.push_str(&format!(" [{of}]"));
            }
        }
        if let Some(actor) = &entity.actor {
            line.push_str(&format!(" [{}]", actor.code));
        }
        let mentions = entity.mentions.len();
        if mentions > 1 {
            line.push_str(&format!("  ({mentions} mentions)"));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_quotes(
    out: &mut impl Write,
    document: &Document,
    names: &HashMap<&EntityId, &Entity>,
) -> io::Result<()> {
    writeln!(out, "\n  Quotes ({})", document.quotes.len())?;
    for quote in &document.quotes {
        writeln!(
            out,
            "    {:<4} {:<8} {}{}",
            quote.id.as_str(),
            quote_kind_name(quote.kind),
            speaker_label(quote, names),
            quote
                .cue
                .as_ref()
                .map(|cue| format!(" ({})", cue.text))
                .unwrap_or_default()
        )?;
        writeln!(
            out,
            "         “{}”",
            shorten(&quote.content.text, QUOTE_WIDTH)
        )?;
    }
    Ok(())
}

fn speaker_label(quote: &Quote, names: &HashMap<&EntityId, &Entity>) -> String {
    let mut label = match &quote.speaker {
        Some(id) => match names.get(id) {
            Some(entity) => format!("{} [{id}]", entity.name),
            None => id.to_string(),
        },
        None => "speaker unknown".to_owned(),
    };
    if let Some(outlet) = quote.outlet.as_ref().and_then(|id| names.get(id)) {
        label.push_str(&format!(", to {}", outlet.name));
    }
    if let Some(previous) = &quote.continues {
        label.push_str(&format!(", continuing {previous}"));
    }
    label
}

fn write_places(out: &mut impl Write, document: &Document) -> io::Result<()> {
    writeln!(out, "\n  Places ({})", document.places.len())?;
    for place in &document.places {
        let mut line = format!(
            "    {:<4} {} — {:?}",
            place.id.as_str(),
            place.name,
            place.feature
        );
        if let Some(country) = &place.country {
            line.push_str(&format!(", {country}"));
        }
        if let (Some(latitude), Some(longitude)) = (place.latitude, place.longitude) {
            line.push_str(&format!(" ({latitude:.3}, {longitude:.3})"));
        }
        if place.mention.text != place.name {
            line.push_str(&format!("  as “{}”", place.mention.text));
        }
        if place.usage == PlaceUsage::Demonym {
            line.push_str(" (demonym)");
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_times(out: &mut impl Write, document: &Document) -> io::Result<()> {
    writeln!(out, "\n  Times ({})", document.times.len())?;
    for time in &document.times {
        let value = time
            .value
            .clone()
            .or_else(|| {
                time.unresolved
                    .as_ref()
                    .map(|reason| format!("unresolved: {reason}"))
            })
            .unwrap_or_default();
        writeln!(
            out,
            "    {:<4} “{}” → {value}",
            time.id.as_str(),
            time.span.text
        )?;
    }
    Ok(())
}

fn write_events(
    out: &mut impl Write,
    document: &Document,
    names: &HashMap<&EntityId, &Entity>,
) -> io::Result<()> {
    writeln!(out, "\n  Events ({})", document.events.len())?;
    let name_of = |id: &Option<EntityId>| {
        id.as_ref()
            .and_then(|id| names.get(id))
            .map_or("—".to_owned(), |entity| entity.name.clone())
    };
    for event in &document.events {
        writeln!(
            out,
            "    {:<4} {:?} {} → {} ({:?})",
            event.id.as_str(),
            event.kind,
            name_of(&event.source),
            name_of(&event.target),
            event.status
        )?;
        writeln!(
            out,
            "         {}",
            shorten(&event.evidence.text, QUOTE_WIDTH)
        )?;
    }
    Ok(())
}

fn kind_name(kind: EntityKind, anonymous: bool) -> &'static str {
    match (kind, anonymous) {
        (_, true) => "anonymous",
        (EntityKind::Person, _) => "person",
        (EntityKind::Organization, _) => "organization",
        (EntityKind::Place, _) => "place",
        (EntityKind::Group, _) => "group",
        (EntityKind::Media, _) => "media",
        (EntityKind::Other, _) => "other",
    }
}

fn quote_kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

fn source_name(source: dragoman_model::DateSource) -> &'static str {
    use dragoman_model::DateSource::*;
    match source {
        CommandLine => "command line",
        Header => "header",
        Record => "record",
        PageMetadata => "page metadata",
        Feed => "feed",
        Archive => "archive",
    }
}

/// Cuts `text` to about `width` characters on a character boundary, and
/// folds line breaks so one record stays on one line.
fn shorten(text: &str, width: usize) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(width) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shorten_folds_whitespace_and_cuts_on_a_character_boundary() {
        assert_eq!(shorten("a\n  b", 10), "a b");
        assert_eq!(shorten("ééééé", 3), "ééé…");
    }
}
