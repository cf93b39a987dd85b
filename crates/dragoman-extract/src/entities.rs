//! Clustering name mentions into entities: identical names, particle and
//! case variants ("al-Numan", "Al-Numan", "Numan"), and a later surname to
//! the full name mentioned before it.

use std::collections::{HashMap, HashSet};

use dragoman_lexicon::name_key;
use dragoman_model::{Diagnostic, EntityKind, Mention, MentionKind, Role, Span};
use dragoman_text::TokenKind;

use crate::NameMention;
use crate::roles::{appositive_after, title_before};
use crate::view::{TextView, is_name_particle};

/// An entity while the stages still add to it; ids are given at the end.
#[derive(Debug)]
pub(crate) struct Cluster {
    pub(crate) name: String,
    pub(crate) anonymous: bool,
    pub(crate) mentions: Vec<Mention>,
    pub(crate) roles: Vec<Role>,
    /// The name words of the fullest mention, keyed: ["sabah", "numan"].
    parts: Vec<String>,
    votes: [u32; KINDS.len()],
}

/// Common nouns that, right before a name, make it an organisation's.
const BODY_NOUNS: [&str; 12] = [
    "group",
    "organisation",
    "organization",
    "charity",
    "agency",
    "company",
    "firm",
    "party",
    "movement",
    "militia",
    "network",
    "coalition",
];

/// How many of an entity's latest mentions a new one is checked against.
const RECENT_MENTIONS: usize = 8;

/// Entity kinds in the order that breaks a tie between votes: context that
/// names an outlet or a head word is stronger evidence than name shape.
const KINDS: [EntityKind; 6] = [
    EntityKind::Media,
    EntityKind::Organization,
    EntityKind::Place,
    EntityKind::Person,
    EntityKind::Group,
    EntityKind::Other,
];

impl Cluster {
    pub(crate) fn anonymous(description: Span, kind: EntityKind) -> Cluster {
        let mut votes = [0; KINDS.len()];
        votes[kind_index(kind)] = 1;
        Cluster {
            name: description.text.clone(),
            anonymous: true,
            mentions: vec![Mention {
                span: description,
                kind: MentionKind::Description,
            }],
            roles: vec![],
            parts: vec![],
            votes,
        }
    }

    /// The kind most mentions support; `Other` only when nothing else does.
    pub(crate) fn kind(&self) -> EntityKind {
        let best =
            (0..KINDS.len() - 1).max_by_key(|&index| (self.votes[index], std::cmp::Reverse(index)));
        match best {
            Some(index) if self.votes[index] > 0 => KINDS[index],
            _ => EntityKind::Other,
        }
    }

    pub(crate) fn vote(&mut self, kind: EntityKind) {
        self.votes[kind_index(kind)] += 1;
    }

    /// The first of several name words: "omar" of "Omar Saleh"; a lone
    /// surname has none.
    pub(crate) fn given_name(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [given, _, ..] => Some(given),
            _ => None,
        }
    }

    /// A speaker must be a person or a collective: a quotation is evidence.
    pub(crate) fn settle_as_speaker(&mut self) {
        // An unnamed source's kind comes from its description ("the statement").
        if !self.anonymous && self.kind() == EntityKind::Other {
            self.vote(EntityKind::Person);
        }
    }

    /// Adds a mention unless it was just added: two quotations sharing one
    /// cue resolve the same pronoun twice. Only the latest mentions are
    /// compared, so that frequent names cost nothing.
    pub(crate) fn add_mention(&mut self, span: Span, kind: MentionKind) {
        let repeated = self
            .mentions
            .iter()
            .rev()
            .take(RECENT_MENTIONS)
            .any(|mention| mention.span == span);
        if !repeated {
            self.mentions.push(Mention { span, kind });
        }
    }
}

/// How good a canonical name a mention makes: a mixed-case name beats an
/// all-caps one (a dateline's "BAGHDAD" is the same place as "Baghdad"),
/// then the longer name wins.
fn name_rank(name: &str) -> (bool, usize) {
    let mixed_case = name.chars().any(char::is_lowercase);
    (mixed_case, name.chars().count())
}

fn kind_index(kind: EntityKind) -> usize {
    KINDS
        .iter()
        .position(|candidate| *candidate == kind)
        .unwrap_or(KINDS.len() - 1)
}

/// One name mention placed on the tokens and in its cluster.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed {
    pub(crate) first: usize,
    pub(crate) end: usize,
    pub(crate) cluster: usize,
}

pub(crate) struct Clustering {
    pub(crate) clusters: Vec<Cluster>,
    /// Every accepted name mention in text order.
    pub(crate) placed: Vec<Placed>,
}

impl Clustering {
    /// The name mention covering exactly tokens `first..end`, if any.
    pub(crate) fn mention_ending_at(&self, end: usize) -> Option<Placed> {
        let index = self.placed.partition_point(|placed| placed.end < end);
        self.placed
            .get(index)
            .filter(|placed| placed.end == end)
            .copied()
    }

    pub(crate) fn mention_starting_at(&self, first: usize) -> Option<Placed> {
        let index = self.placed.partition_point(|placed| placed.first < first);
        self.placed
            .get(index)
            .filter(|placed| placed.first == first)
            .copied()
    }

    /// The name mention whose tokens include `token`.
    pub(crate) fn mention_covering(&self, token: usize) -> Option<Placed> {
        let index = self.placed.partition_point(|placed| placed.first <= token);
        index
            .checked_sub(1)
            .map(|index| self.placed[index])
            .filter(|placed| placed.end > token)
    }

    /// The name mentions before token `before`, latest first.
    pub(crate) fn mentions_before(&self, before: usize) -> impl Iterator<Item = Placed> + '_ {
        let index = self.placed.partition_point(|placed| placed.end <= before);
        self.placed[..index].iter().rev().copied()
    }
}

fn compatible(left: EntityKind, right: EntityKind) -> bool {
    use EntityKind::*;
    left == right
        || left == Other
        || right == Other
        || matches!(
            (left, right),
            (Media | Organization | Person, Media | Organization | Person)
        )
}

pub(crate) fn cluster_mentions(
    view: &TextView<'_>,
    mentions: &[NameMention],
    diagnostics: &mut Vec<Diagnostic>,
) -> Clustering {
    let mut ordered: Vec<&NameMention> = mentions.iter().collect();
    ordered.sort_by_key(|mention| (mention.start, std::cmp::Reverse(mention.end)));
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut people_by_last_part: HashMap<String, Vec<usize>> = HashMap::new();
    let mut acronyms: HashSet<String> = HashSet::new();
    let mut key = String::new();
    let mut last_end = 0;
    for mention in ordered {
        let valid =
            mention.start < mention.end && view.text.get(mention.start..mention.end).is_some();
        if !valid {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "name mention {}..{} does not slice the text; dropped",
                    mention.start, mention.end
                ))
                .at(mention.start),
            );
            continue;
        }
        if mention.start < last_end {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "name mention {}..{} overlaps an earlier one; dropped",
                    mention.start, mention.end
                ))
                .at(mention.start),
            );
            continue;
        }
        let first = view.token_from(mention.start);
        let end = view.token_until(mention.end);
        if first >= end {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "name mention {}..{} covers no whole token; dropped",
                    mention.start, mention.end
                ))
                .at(mention.start),
            );
            continue;
        }
        last_end = mention.end;
        let span = Span::of(
            view.text,
            view.tokens[first].start..view.tokens[end - 1].end,
        );
        let parts = name_parts(view, first, end);
        let joined = parts.join(" ");
        let mut kind = mention.kind;
        let title = title_before(view, first, end, &mut key);
        let appositive = appositive_after(view, first, end, &mut key);
        if (title.is_some() || appositive.is_some()) && kind == EntityKind::Other {
            kind = EntityKind::Person;
        }
        // "the relief group Sahel Hope": the noun before the name says what it is.
        if first > 0
            && title.is_none()
            && BODY_NOUNS.iter().any(|noun| view.is_word(first - 1, noun))
        {
            kind = EntityKind::Organization;
        }
        // "the Popular Mobilization Forces (PMF)": the acronym names the entity before it.
        let defined_by = acronym_definition(view, first, end, placed.last());
        if let Some(cluster) = defined_by {
            acronyms.insert(joined.clone());
            by_key.entry(joined.clone()).or_default().push(cluster);
        }
        let mention_kind = if acronyms.contains(&joined) {
            MentionKind::Acronym
        } else {
            MentionKind::Name
        };
        let same_name = by_key.get(&joined).and_then(|candidates| {
            candidates
                .iter()
                .rev()
                .copied()
                .find(|&cluster| compatible(clusters[cluster].kind(), kind))
        });
        let surname_of = || {
            // A person named in full outweighs a town of the same name ("Numan").
            if !matches!(
                kind,
                EntityKind::Person | EntityKind::Other | EntityKind::Media | EntityKind::Place
            ) {
                return None;
            }
            let last = parts.last()?;
            people_by_last_part
                .get(last)?
                .iter()
                .rev()
                .copied()
                .find(|&cluster| {
                    let full = &clusters[cluster].parts;
                    clusters[cluster].kind() == EntityKind::Person
                        && full.len() > parts.len()
                        && full.ends_with(&parts)
                })
        };
        let cluster = match same_name.or_else(surname_of) {
            Some(cluster) => cluster,
            None => {
                clusters.push(Cluster {
                    name: span.text.clone(),
                    anonymous: false,
                    mentions: vec![],
                    roles: vec![],
                    parts: parts.clone(),
                    votes: [0; KINDS.len()],
                });
                by_key.entry(joined).or_default().push(clusters.len() - 1);
                clusters.len() - 1
            }
        };
        let entry = &mut clusters[cluster];
        if entry.kind() == EntityKind::Person && kind == EntityKind::Place {
            kind = EntityKind::Person;
        }
        entry.vote(kind);
        if name_rank(&span.text) > name_rank(&entry.name) {
            entry.name = span.text.clone();
            entry.parts = parts.clone();
        }
        entry.add_mention(span, mention_kind);
        for role in title.into_iter().chain(appositive) {
            // A title repeated with every mention states one role.
            if !entry
                .roles
                .iter()
                .any(|known| known.title == role.title && known.of == role.of)
            {
                entry.roles.push(role);
            }
        }
        if entry.kind() == EntityKind::Person
            && let Some(last) = entry.parts.last()
        {
            let people = people_by_last_part.entry(last.clone()).or_default();
            if people.last() != Some(&cluster) {
                people.push(cluster);
            }
        }
        placed.push(Placed {
            first,
            end,
            cluster,
        });
    }
    Clustering { clusters, placed }
}

/// The cluster an acronym in parentheses stands for: the name mention that
/// ends right before the opening parenthesis.
fn acronym_definition(
    view: &TextView<'_>,
    first: usize,
    end: usize,
    previous: Option<&Placed>,
) -> Option<usize> {
    let previous = previous?;
    let word = view.word(first);
    let is_acronym = end == first + 1
        && word.len() >= 2
        && word.chars().all(|character| character.is_ascii_uppercase());
    let parenthesised = first >= 1
        && end < view.tokens.len()
        && view.is_punctuation(first - 1, "(")
        && view.is_punctuation(end, ")");
    (is_acronym && parenthesised && previous.end + 1 == first).then_some(previous.cluster)
}

/// The keyed name words of tokens `first..end`, particles and hyphens left out.
fn name_parts(view: &TextView<'_>, first: usize, end: usize) -> Vec<String> {
    let parts: Vec<String> = (first..end)
        .filter(|&token| view.kind(token) == TokenKind::Word && !is_name_particle(view.word(token)))
        .map(|token| name_key(view.word(token)))
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        vec![name_key(
            &view.text[view.tokens[first].start..view.tokens[end - 1].end],
        )]
    } else {
        parts
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{render_entity, run};

    /// Every entity of `text`, as rendered by [`render_entity`].
    fn check(text: &str, expected: &[&str]) {
        let found: Vec<String> = run(text).entities.iter().map(render_entity).collect();
        assert_eq!(found, expected, "in {text:?}");
    }

    #[test]
    fn clusters_and_roles() {
        check(
            "Sabah al-Numan spoke on Monday. Numan said the troops had left. Al-Numan said more.",
            &["Person Sabah al-Numan [Sabah al-Numan|Numan|Al-Numan]"],
        );
        check(
            "Foreign Minister Leila Haddad met Defense Minister Omar Saleh in Erbil. Haddad said little.",
            &[
                "Person Leila Haddad [Leila Haddad|Haddad] {Foreign Minister}",
                "Person Omar Saleh [Omar Saleh] {Defense Minister}",
                "Place Erbil [Erbil]",
            ],
        );
        check(
            "Layla Khoury, adviser to Prime Minister Karim Hassan, said the talks had ended.",
            &[
                "Person Layla Khoury [Layla Khoury] {adviser of Prime Minister Karim Hassan}",
                "Person Karim Hassan [Karim Hassan] {Prime Minister}",
            ],
        );
        check(
            "Farid Haddad, a member of the parliamentary defense and security committee, questioned the timing.",
            &[
                "Person Farid Haddad [Farid Haddad] {member of the parliamentary defense and security committee}",
            ],
        );
        check(
            "Sabah al-Numan, the army's spokesman, spoke to party spokesman Adel Nouri.",
            &[
                "Person Sabah al-Numan [Sabah al-Numan] {spokesman}",
                "Person Adel Nouri [Adel Nouri] {spokesman}",
            ],
        );
        check(
            "Moqtada al-Sadr spoke in Basra. Sadr said nothing new.",
            &[
                "Person Moqtada al-Sadr [Moqtada al-Sadr|Sadr]",
                "Place Basra [Basra]",
            ],
        );
        check(
            "Baghdad, Erbil and Basra, Iraq's largest cities, were calm.",
            &[
                "Place Baghdad [Baghdad]",
                "Place Erbil [Erbil]",
                "Place Basra [Basra]",
                "Place Iraq [Iraq]",
            ],
        );
    }

    #[test]
    fn a_mixed_case_mention_names_an_entity_before_an_all_caps_dateline() {
        check(
            "BAGHDAD — Omar Saleh left Baghdad on Monday.",
            &[
                "Place Baghdad [BAGHDAD|Baghdad]",
                "Person Omar Saleh [Omar Saleh]",
            ],
        );
    }

    #[test]
    fn a_body_noun_before_a_name_makes_it_an_organisation() {
        check(
            "Aid reached Basra, said the relief group Nahr Relief.",
            &[
                "Place Basra [Basra]",
                "Organization Nahr Relief [Nahr Relief]",
            ],
        );
    }

    #[test]
    fn acronyms_defined_in_parentheses_join_their_entity() {
        let extraction =
            run("The Popular Mobilization Forces (PMF) moved north. The PMF said little.");
        let kinds: Vec<_> = extraction.entities[0]
            .mentions
            .iter()
            .map(|mention| (mention.span.text.as_str(), mention.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "Popular Mobilization Forces",
                    dragoman_model::MentionKind::Name
                ),
                ("PMF", dragoman_model::MentionKind::Acronym),
                ("PMF", dragoman_model::MentionKind::Acronym),
            ]
        );
        assert_eq!(extraction.entities.len(), 1);
    }

    #[test]
    fn places_resolve_to_the_best_gazetteer_sense() {
        let extraction =
            run("Convoys left al-Anbar for Erbil, Iraq, and a camp near Ain al-Asad Air Base.");
        let found: Vec<String> = extraction
            .places
            .iter()
            .map(|place| {
                format!(
                    "{} {} {:?} {} {}",
                    place.mention.text,
                    place.name,
                    place.feature,
                    place.country.as_deref().unwrap_or("-"),
                    place.gazetteer_id.as_deref().unwrap_or("-")
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "al-Anbar Al Anbar AdminRegion IRQ 99592",
                "Erbil Erbil City IRQ 95446",
                "Iraq Iraq Country IRQ 99237",
                "Ain al-Asad Air Base Ain al-Asad Air Base Airbase - -",
            ]
        );
        let erbil = &extraction.entities[1];
        assert_eq!(erbil.place.as_ref().map(|id| id.as_str()), Some("p2"));
    }
}
