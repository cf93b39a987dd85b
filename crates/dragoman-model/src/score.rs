//! The counts behind the precision, recall and F1 that every `eval` command
//! prints, so that each stage scores itself by one definition.

use std::ops::AddAssign;

/// How many gold and predicted units there are and how many of each found a
/// counterpart.
///
/// The two matched counts differ when a rule lets one prediction match
/// several gold units (overlapping quotations); where units pair one to one
/// they are equal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    /// Gold units that some prediction matches: the numerator of recall.
    pub gold_matched: usize,
    /// Predictions that match some gold unit: the numerator of precision.
    pub predicted_matched: usize,
}

impl Counts {
    /// Counts where each of `matched` pairs one gold unit with one prediction.
    pub fn one_to_one(gold: usize, predicted: usize, matched: usize) -> Self {
        Counts {
            gold,
            predicted,
            gold_matched: matched,
            predicted_matched: matched,
        }
    }

    /// Records one pair of a gold unit and a prediction, both already counted.
    pub fn add_match(&mut self) {
        self.gold_matched += 1;
        self.predicted_matched += 1;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.predicted_matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.gold_matched, self.gold)
    }

    /// The harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        // 2PR / (P + R) with the fractions multiplied out: one division of
        // exact integers, so that equal scores compare equal.
        ratio(
            2 * self.predicted_matched * self.gold_matched,
            self.predicted_matched * self.gold + self.gold_matched * self.predicted,
        )
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.gold_matched += other.gold_matched;
        self.predicted_matched += other.predicted_matched;
    }
}

/// `numerator / denominator`, or 0 when there is nothing to divide by.
pub fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_and_f1_follow_their_definitions() {
        let counts = Counts::one_to_one(4, 2, 2);
        assert_eq!(counts.precision(), 1.0);
        assert_eq!(counts.recall(), 0.5);
        assert!((counts.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn f1_is_the_harmonic_mean_when_the_matched_counts_differ() {
        // One prediction overlapping three gold units: P 1/2, R 3/4.
        let counts = Counts {
            gold: 4,
            predicted: 2,
            gold_matched: 3,
            predicted_matched: 1,
        };
        let (precision, recall) = (0.5, 0.75);
        assert_eq!(counts.precision(), precision);
        assert_eq!(counts.recall(), recall);
        let harmonic_mean = 2.0 * precision * recall / (precision + recall);
        assert!((counts.f1() - harmonic_mean).abs() < 1e-12);
    }

    #[test]
    fn f1_is_zero_when_either_side_matches_nothing() {
        let no_gold = Counts {
            predicted: 3,
            predicted_matched: 1,
            ..Counts::default()
        };
        assert_eq!(no_gold.f1(), 0.0);
        assert_eq!(Counts::one_to_one(5, 0, 0).f1(), 0.0);
    }

    #[test]
    fn counts_add_up_field_by_field() {
        let mut total = Counts::one_to_one(2, 3, 1);
        total.add_match();
        total += Counts {
            gold: 1,
            predicted: 1,
            gold_matched: 1,
            predicted_matched: 0,
        };
        assert_eq!(
            total,
            Counts {
                gold: 3,
                predicted: 4,
                gold_matched: 3,
                predicted_matched: 2,
            }
        );
    }
}
