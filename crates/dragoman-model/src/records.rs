//! The records of the SPEC: entities, quotes, places, time expressions and events.
//!
//! A field the text does not support stays `None`: nothing is invented.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{EntityId, PlaceId, QuoteId, Span, TimeId};

/// One real-world thing, clustering all of its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    pub id: EntityId,
    pub kind: EntityKind,
    /// The fullest name the document gives, or the description of an anonymous source.
    pub name: String,
    /// A source the article does not name ("a senior official, speaking on condition of anonymity").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    pub actor: Option<ActorCode>,
    /// For places: the resolved gazetteer record.
    pub place: Option<PlaceId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    /// A collective that is not a formal organisation: "protesters", "officials".
    Group,
    /// A news outlet or other publisher.
    Media,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A proper name, full or partial: "Sabah al-Numan", "Numan".
    Name,
    /// An acronym defined in the text: "PMF".
    Acronym,
    /// "he", "she", "they".
    Pronoun,
    /// A definite description standing for the entity: "the spokesman", "the source".
    Description,
}

/// A role or title held by a person, with the body it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Role {
    /// The role itself: "spokesman", "adviser", "Prime Minister".
    pub title: String,
    /// The body or person the role belongs to: "the commander-in-chief of the armed forces".
    pub of: Option<String>,
    /// The text stating the role.
    pub evidence: Span,
}

/// An event-data actor code: country (ISO 3166 alpha-3) plus sector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActorCode {
    /// The combined code, e.g. `IRQGOV`.
    pub code: String,
    pub country: Option<String>,
    /// GOV, MIL, LEG, JUD, OPP, REB, PTY, MED, BUS, CVL, IGO, NGO, REL, …
    pub sector: Option<String>,
}

/// Direct, partial or indirect speech with its speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    pub id: crate::QuoteId,
    pub kind: QuoteKind,
    /// What was said: inside the quotation marks for direct and partial
    /// quotes, the reported clause for indirect speech.
    pub content: Span,
    /// Who said it; anonymous sources are entities too, marked `anonymous`.
    pub speaker: Option<EntityId>,
    /// The reporting expression: "said", "added", "told", "according to".
    pub cue: Option<Span>,
    /// The outlet the statement was given to ("told Asharq Al-Awsat").
    pub outlet: Option<EntityId>,
    /// The quote this one continues when it carries no cue of its own.
    pub continues: Option<QuoteId>,
    /// The whole stretch of text that supports the attribution.
    pub evidence: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A whole statement in quotation marks.
    Direct,
    /// A few quoted words inside the writer's own sentence.
    Partial,
    /// Reported speech without quotation marks.
    Indirect,
}

/// A place mention resolved (or not) to a gazetteer entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    pub id: PlaceId,
    /// The entity this place mention belongs to.
    pub entity: Option<EntityId>,
    pub mention: Span,
    /// The gazetteer's name for the place.
    pub name: String,
    pub feature: FeatureKind,
    pub gazetteer_id: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// ISO 3166 alpha-3 of the country the place lies in.
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// "near Erbil", "in the al-Anbar province": a relation the text states.
    pub relation: Option<PlaceRelation>,
    /// How the text names the place.
    pub usage: PlaceUsage,
}

/// How a mention names its place. Map-makers keep `location`; a demonym
/// says whose ("Russian warplanes", "the Iraqis"), not where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceUsage {
    /// The place's own name: "in Erbil", "Iraq's north".
    #[default]
    Location,
    /// The adjective or the people of the place: "Iraqi", "Iranians", "European".
    Demonym,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    Continent,
    Country,
    AdminRegion,
    City,
    Airbase,
    MilitarySite,
    Airport,
    /// A named region without administrative status: "northern Iraq", "the Gulf".
    Region,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlaceRelation {
    pub kind: PlaceRelationKind,
    pub anchor: PlaceId,
    pub evidence: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRelationKind {
    Near,
    In,
}

/// A time expression normalised against the publication date (TIMEX3 style).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TimeExpression {
    pub id: TimeId,
    pub span: Span,
    pub kind: TimeKind,
    /// TIMEX3 value: `2026-03-02`, `2026-09`, `2020`, `P3Y`, `XXXX-WXX-5`.
    pub value: Option<String>,
    pub modifier: Option<TimeModifier>,
    pub part_of_day: Option<PartOfDay>,
    /// The date the value was computed from, when it was relative.
    pub anchor: Option<NaiveDate>,
    /// Why no value could be given ("no publication date known", "ambiguous").
    pub unresolved: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    Date,
    Time,
    Duration,
    Set,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeModifier {
    Early,
    Mid,
    Late,
    Start,
    End,
    /// "by the end of 2026": the value is a deadline.
    Deadline,
    Before,
    After,
    Approximate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
    Night,
}

/// Who did what to whom, where and when, with the sentence that says so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    pub id: crate::EventId,
    pub kind: PloverType,
    /// PLOVER mode, e.g. `air` for an ASSAULT from the air.
    pub mode: Option<String>,
    /// The matching CAMEO code, e.g. `190`.
    pub cameo: Option<String>,
    /// Goldstein conflict–cooperation value of the CAMEO code (−10 … +10).
    pub goldstein: Option<f32>,
    pub source: Option<EntityId>,
    pub target: Option<EntityId>,
    pub place: Option<PlaceId>,
    pub time: Option<TimeId>,
    pub status: EventStatus,
    /// The quote that claims the event, when only a speaker asserts it.
    pub attribution: Option<QuoteId>,
    pub evidence: Span,
    /// 0 … 1.
    pub confidence: f32,
}

/// The sixteen PLOVER event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PloverType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Occurred,
    Ongoing,
    Planned,
    Hypothetical,
    Negated,
    Claimed,
}
