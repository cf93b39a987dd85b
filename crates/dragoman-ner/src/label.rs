use std::fmt;
use std::ops::Range;

/// The kind of a named entity, following Universal NER's three types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityLabel {
    Person,
    Organization,
    Location,
}

impl EntityLabel {
    pub const ALL: [EntityLabel; 3] = [
        EntityLabel::Person,
        EntityLabel::Organization,
        EntityLabel::Location,
    ];

    /// The CoNLL-style code: `PER`, `ORG` or `LOC`.
    pub fn code(self) -> &'static str {
        match self {
            EntityLabel::Person => "PER",
            EntityLabel::Organization => "ORG",
            EntityLabel::Location => "LOC",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<EntityLabel> {
        EntityLabel::ALL
            .into_iter()
            .find(|label| label.code() == code)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityLabel {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

/// Where a token lies in its entity (the BILOU scheme without `O`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    Begin,
    Inside,
    Last,
    Unit,
}

const POSITIONS: [Position; 4] = [
    Position::Begin,
    Position::Inside,
    Position::Last,
    Position::Unit,
];

/// A BILOU tag: 0 is `O`, then four positions for each label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tag(u8);

/// How many BILOU tags there are: `O` plus B, I, L, U for each of three labels.
pub(crate) const TAG_COUNT: usize = 1 + 4 * EntityLabel::ALL.len();

impl Tag {
    pub(crate) const OUTSIDE: Tag = Tag(0);

    pub(crate) fn new(label: EntityLabel, position: Position) -> Tag {
        Tag(1 + 4 * label.index() as u8 + position as u8)
    }

    pub(crate) fn from_index(index: usize) -> Tag {
        debug_assert!(index < TAG_COUNT);
        Tag(index as u8)
    }

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }

    pub(crate) fn entity(self) -> Option<(EntityLabel, Position)> {
        let index = self.index().checked_sub(1)?;
        Some((EntityLabel::ALL[index / 4], POSITIONS[index % 4]))
    }

    /// Whether `self` may follow `previous` (`None`: the sentence start).
    pub(crate) fn can_follow(self, previous: Option<Tag>) -> bool {
        let open = previous
            .and_then(Tag::entity)
            .filter(|(_, position)| matches!(position, Position::Begin | Position::Inside));
        match (open, self.entity()) {
            (None, None) => true,
            (None, Some((_, position))) => matches!(position, Position::Begin | Position::Unit),
            (Some(_), None) => false,
            (Some((open_label, _)), Some((label, position))) => {
                label == open_label && matches!(position, Position::Inside | Position::Last)
            }
        }
    }

    /// Whether a sentence may end on this tag (an entity left open may not).
    pub(crate) fn can_end(self) -> bool {
        !matches!(self.entity(), Some((_, Position::Begin | Position::Inside)))
    }
}

/// The BILOU tags of a sentence of `length` tokens holding `entities`
/// (sorted, non-overlapping token ranges).
pub(crate) fn tags_of(length: usize, entities: &[(Range<usize>, EntityLabel)]) -> Vec<Tag> {
    let mut tags = vec![Tag::OUTSIDE; length];
    for (range, label) in entities {
        if range.len() == 1 {
            tags[range.start] = Tag::new(*label, Position::Unit);
            continue;
        }
        for index in range.clone() {
            let position = if index == range.start {
                Position::Begin
            } else if index + 1 == range.end {
                Position::Last
            } else {
                Position::Inside
            };
            tags[index] = Tag::new(*label, position);
        }
    }
    tags
}

/// The entities of a tag sequence; tolerant of invalid sequences, which
/// constrained decoding never produces but hand-made input might.
pub(crate) fn entities_of(tags: &[Tag]) -> Vec<(Range<usize>, EntityLabel)> {
    let mut entities = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (index, tag) in tags.iter().enumerate() {
        match tag.entity() {
            None => {
                if let Some((start, label)) = open.take() {
                    entities.push((start..index, label));
                }
            }
            Some((label, position)) => {
                let continues = open.is_some_and(|(_, open_label)| open_label == label)
                    && matches!(position, Position::Inside | Position::Last);
                if !continues {
                    if let Some((start, open_label)) = open.take() {
                        entities.push((start..index, open_label));
                    }
                    open = Some((index, label));
                }
                if matches!(position, Position::Last | Position::Unit) {
                    let (start, label) = open.take().expect("opened above");
                    entities.push((start..index + 1, label));
                }
            }
        }
    }
    if let Some((start, label)) = open {
        entities.push((start..tags.len(), label));
    }
    entities
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_tag_index_round_trips_through_its_entity() {
        for index in 1..TAG_COUNT {
            let (label, position) = Tag::from_index(index).entity().unwrap();
            assert_eq!(Tag::new(label, position).index(), index);
        }
        assert_eq!(Tag::OUTSIDE.entity(), None);
    }

    #[test]
    fn transitions_keep_entities_well_formed() {
        let begin = Tag::new(EntityLabel::Person, Position::Begin);
        let last = Tag::new(EntityLabel::Person, Position::Last);
        let other_last = Tag::new(EntityLabel::Location, Position::Last);
        assert!(begin.can_follow(None));
        assert!(!last.can_follow(None));
        assert!(last.can_follow(Some(begin)));
        assert!(!other_last.can_follow(Some(begin)));
        assert!(!Tag::OUTSIDE.can_follow(Some(begin)));
        assert!(begin.can_follow(Some(last)));
        assert!(!begin.can_end());
        assert!(last.can_end());
    }

    #[test]
    fn tags_and_entities_round_trip() {
        let entities = vec![
            (0..1, EntityLabel::Location),
            (2..5, EntityLabel::Person),
            (5..7, EntityLabel::Organization),
        ];
        assert_eq!(entities_of(&tags_of(8, &entities)), entities);
    }

    proptest! {
        #[test]
        fn any_tag_sequence_gives_sorted_disjoint_entities(indices in proptest::collection::vec(0..TAG_COUNT, 0..30)) {
            let tags: Vec<Tag> = indices.into_iter().map(Tag::from_index).collect();
            let entities = entities_of(&tags);
            let mut end = 0;
            for (range, _) in entities {
                prop_assert!(range.start >= end && range.start < range.end && range.end <= tags.len());
                end = range.end;
            }
        }
    }
}
