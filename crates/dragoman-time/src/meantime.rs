//! A reader for the MEANTIME (NewsReader) annotation files: tokens, TIMEX3
//! markables and the document creation time. Only what the evaluation needs
//! is read; everything else in the file is skipped.
//!
//! The format is a small, regular XML; a hand-written scanner keeps the
//! dependency tree small and reports where a file is malformed.

use chrono::NaiveDate;

/// One token of the gold text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GoldToken {
    pub id: u32,
    pub sentence: u32,
    pub text: String,
}

/// One TIMEX3 markable anchored to tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GoldTimex {
    pub tokens: Vec<u32>,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MeantimeDocument {
    pub tokens: Vec<GoldToken>,
    pub timexes: Vec<GoldTimex>,
    /// The document creation time: the anchor of relative expressions.
    pub creation_time: Option<NaiveDate>,
    /// Every token any markable is anchored to: the annotators' coverage.
    pub annotated_tokens: Vec<u32>,
}

/// Where and why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("malformed XML at byte {offset}: {problem}")]
pub(crate) struct Malformed {
    pub offset: usize,
    pub problem: &'static str,
}

struct Tag<'x> {
    name: &'x str,
    attributes: &'x str,
    closing: bool,
    self_closing: bool,
}

pub(crate) fn parse(xml: &str) -> Result<MeantimeDocument, Malformed> {
    let mut document = MeantimeDocument::default();
    let mut open_token: Option<(u32, u32, usize)> = None;
    let mut open_timex: Option<GoldTimex> = None;
    let mut at = 0;
    while let Some(found) = xml[at..].find('<') {
        let start = at + found;
        let rest = &xml[start..];
        let skip_to = |terminator: &str, problem| {
            rest.find(terminator)
                .map(|end| start + end + terminator.len())
                .ok_or(Malformed {
                    offset: start,
                    problem,
                })
        };
        if rest.starts_with("<?") {
            at = skip_to("?>", "unterminated processing instruction")?;
            continue;
        }
        if rest.starts_with("<!--") {
            at = skip_to("-->", "unterminated comment")?;
            continue;
        }
        if rest.starts_with("<!") {
            at = skip_to(">", "unterminated declaration")?;
            continue;
        }
        let end = tag_end(xml, start)?;
        let tag = read_tag(&xml[start + 1..end], start)?;
        at = end + 1;
        match (tag.name, tag.closing) {
            ("token", false) => {
                let id = number_attribute(&tag, "t_id", start)?;
                let sentence = number_attribute(&tag, "sentence", start)?;
                if tag.self_closing {
                    document.tokens.push(GoldToken {
                        id,
                        sentence,
                        text: String::new(),
                    });
                } else {
                    open_token = Some((id, sentence, at));
                }
            }
            ("token", true) => {
                let (id, sentence, content_start) = open_token.take().ok_or(Malformed {
                    offset: start,
                    problem: "</token> without <token>",
                })?;
                document.tokens.push(GoldToken {
                    id,
                    sentence,
                    text: decode_entities(&xml[content_start..start]),
                });
            }
            ("TIMEX3", false) => {
                let value = attribute(tag.attributes, "value").unwrap_or_default();
                if attribute(tag.attributes, "functionInDocument").as_deref()
                    == Some("CREATION_TIME")
                {
                    document.creation_time = value.get(..10).and_then(|day| day.parse().ok());
                }
                if !tag.self_closing {
                    open_timex = Some(GoldTimex {
                        tokens: Vec::new(),
                        value,
                    });
                }
            }
            ("TIMEX3", true) => {
                if let Some(timex) = open_timex.take()
                    && !timex.tokens.is_empty()
                {
                    document.timexes.push(timex);
                }
            }
            ("token_anchor", false) => {
                let id = number_attribute(&tag, "t_id", start)?;
                if let Some(timex) = open_timex.as_mut() {
                    timex.tokens.push(id);
                }
                document.annotated_tokens.push(id);
            }
            _ => {}
        }
    }
    if open_token.is_some() {
        return Err(Malformed {
            offset: xml.len(),
            problem: "unterminated <token>",
        });
    }
    Ok(document)
}

/// The offset of the `>` closing the tag opened at `start`, skipping quoted
/// attribute values.
fn tag_end(xml: &str, start: usize) -> Result<usize, Malformed> {
    let mut quote = None;
    for (offset, byte) in xml.as_bytes()[start..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(*byte),
            (Some(open), _) if open == *byte => quote = None,
            (None, b'>') => return Ok(start + offset),
            _ => {}
        }
    }
    Err(Malformed {
        offset: start,
        problem: "unterminated tag",
    })
}

fn read_tag(inside: &str, offset: usize) -> Result<Tag<'_>, Malformed> {
    let closing = inside.starts_with('/');
    let inside = inside.strip_prefix('/').unwrap_or(inside);
    let self_closing = inside.ends_with('/');
    let inside = inside.strip_suffix('/').unwrap_or(inside);
    let name_end = inside
        .find(|character: char| character.is_whitespace())
        .unwrap_or(inside.len());
    let name = &inside[..name_end];
    if name.is_empty() {
        return Err(Malformed {
            offset,
            problem: "tag without a name",
        });
    }
    Ok(Tag {
        name,
        attributes: &inside[name_end..],
        closing,
        self_closing,
    })
}

/// The decoded value of attribute `name`, if present and well quoted.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start();
        let equals = rest.find('=')?;
        let key = rest[..equals].trim();
        let after = rest[equals + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|quote| matches!(quote, '"' | '\''))?;
        let close = after[1..].find(quote)?;
        let value = &after[1..1 + close];
        if key == name {
            return Some(decode_entities(value));
        }
        rest = &after[close + 2..];
    }
}

fn number_attribute(tag: &Tag<'_>, name: &str, offset: usize) -> Result<u32, Malformed> {
    attribute(tag.attributes, name)
        .and_then(|value| value.trim().parse().ok())
        .ok_or(Malformed {
            offset,
            problem: "missing or non-numeric t_id or sentence",
        })
}

/// Replaces the five predefined entities and numeric character references;
/// anything else is kept as written.
fn decode_entities(raw: &str) -> String {
    let mut decoded = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let replacement = after.find(';').filter(|end| *end <= 10).and_then(|end| {
            let entity = &after[1..end];
            let character = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            character.map(|character| (character, end + 1))
        });
        match replacement {
            Some((character, length)) => {
                decoded.push(character);
                rest = &after[length..];
            }
            None => {
                decoded.push('&');
                rest = &after[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A miniature file in the MEANTIME layout, written for this test.
    const SAMPLE: &str = r#"<?xml version="1.0" ?><Document doc_id="1" doc_name="x">
<token number="0" sentence="0" t_id="1">Rovers</token>
<token number="1" sentence="0" t_id="2">win</token>
<token number="2" sentence="1" t_id="3">March</token>
<token number="3" sentence="1" t_id="4">2</token>
<token number="4" sentence="2" t_id="5">A&amp;B</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="9" type="DATE" value="2026-03-02">
<token_anchor t_id="3"/>
<token_anchor t_id="4"/>
</TIMEX3>
<TIMEX3 m_id="10" type="DATE" value="2026-03-01" TAG_DESCRIPTOR="a > b"/>
<!-- a comment with <token> inside -->
</Markables></Document>"#;

    #[test]
    fn reads_tokens_timexes_and_the_creation_time() {
        let document = parse(SAMPLE).expect("well formed");
        assert_eq!(document.tokens.len(), 5);
        assert_eq!(document.tokens[4].text, "A&B");
        assert_eq!(document.tokens[2].sentence, 1);
        assert_eq!(
            document.timexes,
            [GoldTimex {
                tokens: vec![3, 4],
                value: "2026-03-02".to_owned()
            }]
        );
        assert_eq!(document.creation_time, "2026-03-02".parse().ok());
        assert_eq!(document.annotated_tokens, [3, 4]);
    }

    #[test]
    fn reports_malformed_files() {
        assert!(parse("<token t_id=\"1\" sentence=\"0\">open").is_err());
        assert!(parse("<token sentence=\"0\">x</token>").is_err());
        assert!(parse("<TIMEX3 value=\"2020").is_err());
        assert!(parse("</token>").is_err());
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#233;&#xE9; &bogus; &"),
            "a <b> éé &bogus; &"
        );
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(xml in any::<String>()) {
            let _ = parse(&xml);
        }

        #[test]
        fn xml_like_input_never_panics(parts in prop::collection::vec(
            prop::sample::select(&[
                "<", ">", "/", "\"", "'", "=", "&", ";", "#x", "token", "TIMEX3",
                "token_anchor", " t_id=\"1\"", " sentence=\"0\"", " value=\"2020-01-01\"",
                "<!--", "-->", "<?", "?>", "é", " ",
            ][..]),
            0..60,
        )) {
            let _ = parse(&parts.concat());
        }
    }
}
