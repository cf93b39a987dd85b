//! The shared document model of dragoman: one article's immutable text and
//! every record extracted from it.
//!
//! Every annotation is a [`Span`]: a byte range into [`Document::text`] plus a
//! copy of exactly the bytes it covers, so that a reader of the JSON can trace
//! each fact to its evidence without re-running anything. Records refer to each
//! other by id (`e3`, `q1`, `p2`, `t4`, `v1`), never by position.
//!
//! This crate holds types and their invariants only. It must never depend on
//! another dragoman crate, read files, or read the clock: every stage of the
//! pipeline depends on it, and it depends on none of them.

mod article;
mod document;
mod ids;
mod records;
pub mod score;
mod span;

pub use article::{Article, DateSource, Origin};
pub use document::{Diagnostic, Document, SCHEMA_VERSION, Severity, document_id};
pub use ids::{EntityId, EventId, PlaceId, QuoteId, TimeId};
pub use records::{
    ActorCode, Entity, EntityKind, Event, EventStatus, FeatureKind, Mention, MentionKind,
    PartOfDay, Place, PlaceRelation, PlaceRelationKind, PlaceUsage, PloverType, Quote, QuoteKind,
    Role, TimeExpression, TimeKind, TimeModifier,
};
pub use span::Span;

/// The JSON Schema of [`Document`], as published in `schema/dragoman-1.schema.json`.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Document)).expect("a schema always serializes")
}
