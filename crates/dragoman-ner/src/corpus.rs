//! Readers for the gold corpora: Universal NER's IOB2 files and the
//! entity annotation of CoNLL-U files in GUM's format.

use std::ops::Range;

use crate::NerError;
use crate::label::EntityLabel;

/// One sentence with its words and gold entities (sorted, disjoint).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GoldSentence {
    pub(crate) words: Vec<String>,
    pub(crate) entities: Vec<(Range<usize>, EntityLabel)>,
}

/// A document's sentences: document consistency works within one.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GoldDocument {
    pub(crate) sentences: Vec<GoldSentence>,
}

fn malformed(line: usize, reason: impl Into<String>) -> NerError {
    NerError::MalformedCorpus {
        line,
        reason: reason.into(),
    }
}

/// Reads IOB2 text: `# newdoc` comments start documents, blank lines end
/// sentences, token lines are `index TAB word TAB tag [TAB …]`.
///
/// An `I-` tag that does not continue an entity of its type starts one, as
/// the CoNLL evaluation script reads it.
pub(crate) fn parse_iob2(text: &str) -> Result<Vec<GoldDocument>, NerError> {
    let mut documents = vec![GoldDocument::default()];
    let mut sentence = GoldSentence::default();
    let mut open: Option<(usize, EntityLabel)> = None;
    let finish_sentence = |documents: &mut Vec<GoldDocument>,
                           sentence: &mut GoldSentence,
                           open: &mut Option<(usize, EntityLabel)>| {
        if let Some((start, label)) = open.take() {
            sentence.entities.push((start..sentence.words.len(), label));
        }
        if !sentence.words.is_empty() {
            let document = documents.last_mut().expect("never empty");
            document.sentences.push(std::mem::take(sentence));
        }
    };
    for (number, line) in text.lines().enumerate() {
        let line_number = number + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish_sentence(&mut documents, &mut sentence, &mut open);
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if comment.trim_start().starts_with("newdoc") {
                finish_sentence(&mut documents, &mut sentence, &mut open);
                if !documents.last().expect("never empty").sentences.is_empty() {
                    documents.push(GoldDocument::default());
                }
            }
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(_index), Some(word), Some(tag)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(malformed(line_number, "expected index, word and tag"));
        };
        let entity = match tag {
            "O" => None,
            _ => {
                let (prefix, code) = tag
                    .split_once('-')
                    .ok_or_else(|| malformed(line_number, format!("unknown tag {tag:?}")))?;
                let label = EntityLabel::from_code(code)
                    .ok_or_else(|| malformed(line_number, format!("unknown type {code:?}")))?;
                match prefix {
                    "B" => Some((true, label)),
                    "I" => Some((false, label)),
                    _ => return Err(malformed(line_number, format!("unknown tag {tag:?}"))),
                }
            }
        };
        let index = sentence.words.len();
        let continues = matches!(
            (entity, open),
            (Some((false, label)), Some((_, open_label))) if label == open_label
        );
        if !continues {
            if let Some((start, label)) = open.take() {
                sentence.entities.push((start..index, label));
            }
            open = entity.map(|(_, label)| (index, label));
        }
        sentence.words.push(word.to_owned());
    }
    finish_sentence(&mut documents, &mut sentence, &mut open);
    documents.retain(|document| !document.sentences.is_empty());
    Ok(documents)
}

/// One syntactic word of a CoNLL-U sentence, with what the GUM mapping needs.
struct GumWord {
    form: String,
    upos: String,
    /// The 1-based index of the syntactic head, 0 for the root.
    head: usize,
}

/// A coreference mention: a word range and its GUM entity type.
struct Mention {
    words: Range<usize>,
    entity_type: String,
}

/// Reads GUM's CoNLL-U and keeps the named person, organisation and place
/// mentions as gold entities.
///
/// The rule: a mention of type person → PER, organization → ORG, place → LOC
/// counts when its syntactic head (its one word whose head lies outside it)
/// is a PROPN; leading determiners and trailing punctuation or possessive
/// markers are trimmed off (Universal NER leaves them out), and only the
/// outermost of nested counted mentions is kept.
pub(crate) fn parse_gum(text: &str) -> Result<Vec<GoldDocument>, NerError> {
    let mut documents = vec![GoldDocument::default()];
    let mut words: Vec<GumWord> = Vec::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line_number = number + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish_gum_sentence(&mut documents, &mut words, &mut mentions);
            open.clear();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if comment.trim_start().starts_with("newdoc") {
                finish_gum_sentence(&mut documents, &mut words, &mut mentions);
                if !documents.last().expect("never empty").sentences.is_empty() {
                    documents.push(GoldDocument::default());
                }
            }
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            return Err(malformed(line_number, "expected 10 CoNLL-U columns"));
        }
        // Multi-word tokens and empty nodes carry no words of their own.
        if fields[0].contains(['-', '.']) {
            continue;
        }
        let head = fields[6]
            .parse::<usize>()
            .map_err(|_| malformed(line_number, "the head is not a number"))?;
        let index = words.len();
        words.push(GumWord {
            form: fields[1].to_owned(),
            upos: fields[3].to_owned(),
            head,
        });
        let entity = fields[9]
            .split('|')
            .find_map(|item| item.strip_prefix("Entity="));
        if let Some(entity) = entity {
            read_brackets(entity, index, &mut open, &mut mentions)
                .map_err(|reason| malformed(line_number, reason))?;
        }
    }
    finish_gum_sentence(&mut documents, &mut words, &mut mentions);
    documents.retain(|document| !document.sentences.is_empty());
    Ok(documents)
}

/// Reads CoNLL 2012 brackets such as `(12-person-new-…-Jane_Doe` (opens),
/// `12)` (closes) and `(12-place-…)` (one-word mention).
fn read_brackets(
    value: &str,
    word: usize,
    open: &mut Vec<(String, String, usize)>,
    mentions: &mut Vec<Mention>,
) -> Result<(), String> {
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('(') {
            let body_end = after.find(['(', ')']).unwrap_or(after.len());
            let body = &after[..body_end];
            let mut parts = body.split('-');
            let id = parts.next().unwrap_or_default().to_owned();
            let entity_type = parts.next().unwrap_or_default().to_owned();
            rest = &after[body_end..];
            if let Some(after_close) = rest.strip_prefix(')') {
                mentions.push(Mention {
                    words: word..word + 1,
                    entity_type,
                });
                rest = after_close;
            } else {
                open.push((id, entity_type, word));
            }
        } else {
            let close = rest
                .find(')')
                .ok_or_else(|| format!("unreadable entity brackets {value:?}"))?;
            let id = &rest[..close];
            let position = open
                .iter()
                .rposition(|(open_id, _, _)| open_id == id)
                .ok_or_else(|| format!("entity {id:?} closes but never opened"))?;
            let (_, entity_type, start) = open.remove(position);
            mentions.push(Mention {
                words: start..word + 1,
                entity_type,
            });
            rest = &rest[close + 1..];
        }
    }
    Ok(())
}

fn finish_gum_sentence(
    documents: &mut [GoldDocument],
    words: &mut Vec<GumWord>,
    mentions: &mut Vec<Mention>,
) {
    if words.is_empty() {
        mentions.clear();
        return;
    }
    let mut named: Vec<(Range<usize>, EntityLabel)> = mentions
        .drain(..)
        .filter_map(|mention| named_entity(words, &mention))
        .collect();
    named.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut entities: Vec<(Range<usize>, EntityLabel)> = Vec::new();
    for (range, label) in named {
        let inside_previous = entities
            .last()
            .is_some_and(|(previous, _)| range.start < previous.end);
        if !inside_previous {
            entities.push((range, label));
        }
    }
    let sentence = GoldSentence {
        words: words.drain(..).map(|word| word.form).collect(),
        entities,
    };
    documents
        .last_mut()
        .expect("never empty")
        .sentences
        .push(sentence);
}

fn named_entity(words: &[GumWord], mention: &Mention) -> Option<(Range<usize>, EntityLabel)> {
    let label = match mention.entity_type.as_str() {
        "person" => EntityLabel::Person,
        "organization" => EntityLabel::Organization,
        "place" => EntityLabel::Location,
        _ => return None,
    };
    let range = mention.words.clone();
    let inside = |head: usize| head > range.start && head <= range.end;
    let head = range.clone().find(|&index| !inside(words[index].head))?;
    if words[head].upos != "PROPN" {
        return None;
    }
    let mut start = range.start;
    let mut end = range.end;
    while start < end && words[start].upos == "DET" {
        start += 1;
    }
    while end > start && matches!(words[end - 1].upos.as_str(), "PUNCT" | "PART") {
        end -= 1;
    }
    (start < end).then_some((start..end, label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn iob2_reads_documents_sentences_and_entities() {
        let text = "# newdoc id = a\n# text = Ali Noor went\n1\tAli\tB-PER\n2\tNoor\tI-PER\n3\twent\tO\n\n\
                    # newdoc id = b\n1\tKirkuk\tB-LOC\n2\tPolice\tI-ORG\n";
        let documents = parse_iob2(text).unwrap();
        assert_eq!(documents.len(), 2);
        assert_eq!(
            documents[0].sentences[0].entities,
            vec![(0..2, EntityLabel::Person)]
        );
        assert_eq!(
            documents[1].sentences[0].entities,
            vec![
                (0..1, EntityLabel::Location),
                (1..2, EntityLabel::Organization)
            ]
        );
    }

    #[test]
    fn iob2_reports_the_line_of_a_bad_tag() {
        let error = parse_iob2("1\tx\tO\n2\ty\tB-MISC\n").unwrap_err();
        assert!(matches!(error, NerError::MalformedCorpus { line: 2, .. }));
    }

    #[test]
    fn gum_keeps_outermost_proper_name_mentions_without_determiners() {
        let row = |index: usize, form: &str, upos: &str, head: usize, misc: &str| {
            format!("{index}\t{form}\t_\t{upos}\t_\t_\t{head}\t_\t_\t{misc}\n")
        };
        let text = [
            "# newdoc id = doc\n".to_owned(),
            row(1, "The", "DET", 3, "Entity=(1-organization-new-x-cf1-1-sgl"),
            row(2, "Basra", "PROPN", 3, "Entity=(2-place-new-x-cf1-1-sgl)"),
            row(3, "Council", "PROPN", 4, "Entity=1)"),
            row(4, "met", "VERB", 0, "_"),
            row(5, "him", "PRON", 4, "Entity=(3-person-giv-x-cf1-1-sgl)"),
            row(6, "in", "ADP", 8, "_"),
            row(7, "the", "DET", 8, "Entity=(4-place-new-x-cf1-1-sgl"),
            row(8, "city", "NOUN", 4, "Entity=4)"),
        ]
        .concat();
        let documents = parse_gum(&text).unwrap();
        assert_eq!(
            documents[0].sentences[0].entities,
            vec![(1..3, EntityLabel::Organization)]
        );
    }

    proptest! {
        #[test]
        fn iob2_never_panics(text in "([0-9]\t[A-Za-z]{1,3}\t(O|B-PER|I-LOC|B-X|I)\n|\n|# newdoc\n){0,20}") {
            let _ = parse_iob2(&text);
        }

        #[test]
        fn gum_never_panics(misc in "(Entity=)?[()0-9a-z-]{0,12}", head in "[0-9x]{1,2}") {
            let text = format!("1\tWord\t_\tPROPN\t_\t_\t{head}\t_\t_\t{misc}\n2\tx\t_\tX\t_\t_\t0\t_\t_\tEntity=1)\n");
            let _ = parse_gum(&text);
        }
    }
}
