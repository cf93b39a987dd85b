use std::collections::{HashMap, HashSet};

use crate::Weights;

/// A multi-class averaged perceptron over hashed features, for training.
///
/// Averaging is lazy: each weight remembers when it last changed, so an
/// update costs O(features) however many instances have been seen. Call
/// [`Perceptron::tick`] once per training instance (whether or not it was
/// updated), and [`Perceptron::freeze`] at the end to get the averaged,
/// shippable [`Weights`].
#[derive(Clone, Debug)]
pub struct Perceptron {
    classes: usize,
    rows: HashMap<u64, Vec<Parameter>>,
    instances: u64,
    /// When set, only these features learn weights (see [`Perceptron::learn_only`]).
    learners: Option<HashSet<u64>>,
}

#[derive(Clone, Copy, Debug)]
struct Parameter {
    class: u16,
    weight: f32,
    /// Sum of the weight over every instance up to `stamp`.
    total: f64,
    stamp: u64,
}

impl Perceptron {
    /// # Panics
    /// When `classes` does not fit the model format (more than 65,535).
    pub fn new(classes: usize) -> Self {
        assert!(
            classes <= usize::from(u16::MAX),
            "too many classes: {classes}"
        );
        Perceptron {
            classes,
            rows: HashMap::new(),
            instances: 0,
            learners: None,
        }
    }

    /// From now on, updates give weights only to `features`; the others
    /// keep none. Cutting rare features this way before training, rather
    /// than pruning small weights after it, keeps them from absorbing
    /// updates that the frequent features would otherwise have taken.
    pub fn learn_only(&mut self, features: HashSet<u64>) {
        self.rows.retain(|feature, _| features.contains(feature));
        self.learners = Some(features);
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds the current (not averaged) weights of `features` to `scores`.
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        for feature in features {
            if let Some(row) = self.rows.get(feature) {
                for parameter in row {
                    scores[usize::from(parameter.class)] += parameter.weight;
                }
            }
        }
    }

    /// Adds `delta` to the weight of every feature for `class`.
    pub fn update(&mut self, features: &[u64], class: usize, delta: f32) {
        let class = u16::try_from(class).expect("class index fits the model");
        let now = self.instances;
        for &feature in features {
            if self
                .learners
                .as_ref()
                .is_some_and(|learners| !learners.contains(&feature))
            {
                continue;
            }
            let row = self.rows.entry(feature).or_default();
            let parameter = match row.iter_mut().position(|p| p.class == class) {
                Some(index) => &mut row[index],
                None => {
                    row.push(Parameter {
                        class,
                        weight: 0.0,
                        total: 0.0,
                        stamp: now,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            parameter.total += (now - parameter.stamp) as f64 * f64::from(parameter.weight);
            parameter.stamp = now;
            parameter.weight += delta;
        }
    }

    /// Marks the end of one training instance.
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    /// The averaged weights, dropping those whose magnitude is below
    /// `min_magnitude` (0 keeps every non-zero weight), quantised for shipping.
    pub fn freeze(&self, min_magnitude: f32) -> Weights {
        let instances = self.instances.max(1);
        let mut averaged: Vec<(u64, Vec<(u16, f32)>)> = self
            .rows
            .iter()
            .map(|(&feature, row)| {
                let kept = row
                    .iter()
                    .map(|p| {
                        let total = p.total
                            + (instances - p.stamp.min(instances)) as f64 * f64::from(p.weight);
                        (p.class, (total / instances as f64) as f32)
                    })
                    .filter(|&(_, weight)| weight != 0.0 && weight.abs() >= min_magnitude)
                    .collect::<Vec<_>>();
                (feature, kept)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        averaged.sort_unstable_by_key(|&(feature, _)| feature);
        Weights::from_rows(self.classes, &averaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FeatureKey;

    fn key(name: &str) -> u64 {
        FeatureKey::template(0).with(name).finish()
    }

    /// Learns "suffix -ed → class 1, otherwise class 0" from a handful of words.
    #[test]
    fn learns_a_separable_problem_and_freezes_to_the_same_decisions() {
        let data = [
            ("walked", 1),
            ("talked", 1),
            ("walks", 0),
            ("talk", 0),
            ("jumped", 1),
            ("jump", 0),
        ];
        let features = |word: &str| {
            let suffix = if word.ends_with("ed") { "ed" } else { "other" };
            vec![key(suffix), key("bias")]
        };
        let mut model = Perceptron::new(2);
        for _ in 0..5 {
            for &(word, truth) in &data {
                let mut scores = [0.0; 2];
                model.add_scores(&features(word), &mut scores);
                let guess = usize::from(scores[1] > scores[0]);
                if guess != truth {
                    model.update(&features(word), truth, 1.0);
                    model.update(&features(word), guess, -1.0);
                }
                model.tick();
            }
        }
        let frozen = model.freeze(0.0);
        for &(word, truth) in &data {
            let mut scores = [0.0; 2];
            frozen.add_scores(&features(word), &mut scores);
            assert_eq!(usize::from(scores[1] > scores[0]), truth, "{word}");
        }
    }

    #[test]
    fn features_outside_the_learners_get_no_weights() {
        let mut model = Perceptron::new(1);
        model.learn_only(HashSet::from([key("frequent")]));
        model.update(&[key("frequent"), key("rare")], 0, 1.0);
        model.tick();
        let frozen = model.freeze(0.0);
        let mut scores = [0.0];
        frozen.add_scores(&[key("rare")], &mut scores);
        assert_eq!(scores, [0.0]);
        frozen.add_scores(&[key("frequent")], &mut scores);
        assert!((scores[0] - 1.0).abs() < 1e-3, "{scores:?}");
        assert_eq!(frozen.features(), 1);
    }

    #[test]
    fn averaging_weighs_each_weight_by_how_long_it_held() {
        let mut model = Perceptron::new(1);
        model.update(&[key("f")], 0, 1.0);
        model.tick();
        model.tick();
        model.update(&[key("f")], 0, 2.0);
        model.tick();
        model.tick();
        // Weight 1 for two instances, 3 for two: average 2.
        let mut scores = [0.0];
        model.freeze(0.0).add_scores(&[key("f")], &mut scores);
        assert!((scores[0] - 2.0).abs() < 1e-3, "{scores:?}");
    }
}
