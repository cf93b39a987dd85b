//! Learning primitives shared by dragoman's statistical models (tagger,
//! parser, entity recogniser).
//!
//! * [`FeatureKey`] hashes a feature template and its string parts into a
//!   stable 64-bit key, so models never store a feature vocabulary.
//! * [`Perceptron`] is a multi-class averaged perceptron over hashed features,
//!   used only while training.
//! * [`Weights`] is the frozen, pruned and quantised form that ships, with a
//!   compact open-addressing table for fast lookups.
//! * [`ModelFile`] / [`ModelWriter`] are the versioned container every model
//!   file uses: named byte sections behind a magic number.
//! * [`SplitMix64`] is the seeded generator training shuffles with.
//!
//! This crate knows nothing about language: it must never depend on another
//! dragoman crate, read files or touch the clock.

mod features;
mod file;
mod perceptron;
mod random;
mod weights;

pub use features::{FeatureKey, splitmix64_finalize};
pub use file::{ModelError, ModelFile, ModelWriter};
pub use perceptron::Perceptron;
pub use random::SplitMix64;
pub use weights::Weights;
