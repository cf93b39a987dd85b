use crate::ModelError;

/// Frozen, quantised perceptron weights: for each hashed feature, a short
/// list of (class, weight) pairs.
///
/// Layout, chosen because lookups are bound by cache misses, not arithmetic:
/// an open-addressing table whose slots hold the feature key together with
/// where its row lies, so a lookup costs one miss for the slot and one for the
/// row. Sparse rows are stored as `(u16 class, i16 weight)`; rows that touch
/// a good share of the classes are stored dense, one `i16` per class, which
/// sums with vector instructions and takes little more room. Weights are
/// quantised to `i16` with one scale for the model, which keeps about four
/// significant digits: far more than the perceptron's decisions depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    classes: usize,
    scale: f32,
    features: usize,
    slots: Vec<Slot>,
    entries: Vec<(u16, i16)>,
    dense: Vec<i16>,
}

/// One probe slot; key 0 marks an empty slot. When `len` is [`DENSE_ROW`],
/// `start` is where the row's `classes` weights begin in the dense values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Sorted keys with separate row offsets; the slot table is rebuilt on load.
const OLD_FORMAT_TAG: &[u8; 4] = b"WGT1";
/// The slot table itself, so loading is a bulk copy, and dense rows.
const FORMAT_TAG: &[u8; 4] = b"WGT3";
const SLOT_BYTES: usize = 16;
const DENSE_ROW: u32 = u32::MAX;
/// A row is stored dense when it has weights for at least a quarter of the
/// classes: at that share a dense row takes at most twice the bytes of the
/// sparse one and sums in a fraction of the instructions.
const DENSE_SHARE: usize = 4;
const ENTRY_BYTES: usize = 4;
/// Features looked up before their rows are summed: issuing the probes of a
/// whole batch first lets the processor overlap their cache misses.
const LOOKUP_BATCH: usize = 32;
/// Models with at most this many classes sum their integer weights in a
/// buffer on the stack; larger ones allocate it.
const STACK_CLASSES: usize = 256;

impl Weights {
    /// Builds the table from rows sorted by feature key.
    pub(crate) fn from_rows(classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let largest = rows
            .iter()
            .flat_map(|(_, row)| row.iter().map(|&(_, weight)| weight.abs()))
            .fold(0.0f32, f32::max);
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let quantised = rows.iter().map(|(feature, row)| {
            let row = row
                .iter()
                .map(move |&(class, weight)| (class, (weight / scale).round() as i16))
                .filter(|&(_, weight)| weight != 0);
            (*feature, row)
        });
        pack(classes, scale, quantised)
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// How many features carry weights.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Adds the weights of `features` to `scores` (one score per class).
    #[inline]
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        // Quantised weights are summed as integers (exact, and vectorised
        // without conversions) and scaled once per class and batch.
        let mut on_stack = [0i32; STACK_CLASSES];
        let mut on_heap = Vec::new();
        let totals: &mut [i32] = if self.classes <= STACK_CLASSES {
            &mut on_stack[..self.classes]
        } else {
            on_heap.resize(self.classes, 0);
            &mut on_heap
        };
        let mut rows = [Slot::default(); LOOKUP_BATCH];
        for batch in features.chunks(LOOKUP_BATCH) {
            let mut found = 0;
            for &feature in batch {
                if let Some(slot) = self.find(feature) {
                    rows[found] = slot;
                    found += 1;
                }
            }
            for slot in &rows[..found] {
                let start = slot.start as usize;
                if slot.len == DENSE_ROW {
                    let row = &self.dense[start..start + self.classes];
                    for (total, &weight) in totals.iter_mut().zip(row) {
                        *total = total.wrapping_add(i32::from(weight));
                    }
                } else {
                    for &(class, weight) in &self.entries[start..start + slot.len as usize] {
                        let total = &mut totals[usize::from(class)];
                        *total = total.wrapping_add(i32::from(weight));
                    }
                }
            }
            // Flushed per batch, 32 rows of weights below 2^15 cannot overflow
            // (wrapping only guards a corrupt file repeating a class in a row).
            for (score, total) in scores.iter_mut().zip(totals.iter_mut()) {
                *score += *total as f32 * self.scale;
                *total = 0;
            }
        }
    }

    #[inline]
    fn find(&self, feature: u64) -> Option<Slot> {
        let mut index = home_slot(feature, self.slots.len());
        loop {
            let slot = self.slots[index];
            if slot.key == feature {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            index += 1;
            if index == self.slots.len() {
                index = 0;
            }
        }
    }

    /// Serialises the weights (little-endian), slot table included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            28 + self.slots.len() * SLOT_BYTES
                + self.entries.len() * ENTRY_BYTES
                + self.dense.len() * 2,
        );
        out.extend_from_slice(FORMAT_TAG);
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.features as u32).to_le_bytes());
        out.extend_from_slice(&(self.slots.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.dense.len() as u32).to_le_bytes());
        for slot in &self.slots {
            out.extend_from_slice(&slot.key.to_le_bytes());
            out.extend_from_slice(&slot.start.to_le_bytes());
            out.extend_from_slice(&slot.len.to_le_bytes());
        }
        for &(class, weight) in &self.entries {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        for weight in &self.dense {
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    /// Reads weights written by [`Weights::to_bytes`] (or by the earlier
    /// layout, whose slot table is rebuilt), checking every bound.
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        let tag = reader.take(4)?;
        let weights = if tag == FORMAT_TAG {
            read_slotted(&mut reader)?
        } else if tag == OLD_FORMAT_TAG {
            read_sorted(&mut reader)?
        } else {
            return Err(ModelError::Corrupt(
                "weights section has an unknown format tag".into(),
            ));
        };
        let classes_are_valid = weights
            .entries
            .iter()
            .all(|&(class, _)| usize::from(class) < weights.classes);
        if !classes_are_valid {
            return Err(ModelError::Corrupt(
                "weights section names a class beyond its class count".into(),
            ));
        }
        Ok(weights)
    }
}

/// Reads the current layout: header, slots, sparse entries, dense values.
fn read_slotted(reader: &mut Reader<'_>) -> Result<Weights, ModelError> {
    let classes = reader.u32()? as usize;
    let scale = f32::from_le_bytes(reader.array()?);
    let features = reader.u32()? as usize;
    let slot_count = reader.u32()? as usize;
    let entry_count = reader.u32()? as usize;
    let dense_count = reader.u32()? as usize;
    let slot_bytes = reader.take_section(slot_count, SLOT_BYTES)?;
    let entry_bytes = reader.take_section(entry_count, ENTRY_BYTES)?;
    let dense_bytes = reader.take_section(dense_count, 2)?;
    if reader.remaining() != 0 {
        return Err(ModelError::Corrupt(
            "weights section has trailing bytes".into(),
        ));
    }
    let slots: Vec<Slot> = slot_bytes
        .chunks_exact(SLOT_BYTES)
        .map(|bytes| Slot {
            key: u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")),
            start: u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")),
            len: u32::from_le_bytes(bytes[12..].try_into().expect("4 bytes")),
        })
        .collect();
    let entries = read_entries(entry_bytes);
    let dense: Vec<i16> = dense_bytes
        .chunks_exact(2)
        .map(|bytes| i16::from_le_bytes([bytes[0], bytes[1]]))
        .collect();
    let filled = slots.iter().filter(|slot| slot.key != 0).count();
    let rows_are_valid = slots.iter().all(|slot| {
        let (len, stored) = match slot.len {
            DENSE_ROW => (classes, dense_count),
            len => (len as usize, entry_count),
        };
        if slot.key == 0 {
            slot.start == 0 && slot.len == 0
        } else {
            (slot.start as usize)
                .checked_add(len)
                .is_some_and(|end| end <= stored)
        }
    });
    // Lookups stop at an empty slot, so there must be one.
    if filled != features || filled >= slot_count || !rows_are_valid {
        return Err(ModelError::Corrupt(
            "weights section is inconsistent".into(),
        ));
    }
    Ok(Weights {
        classes,
        scale,
        features,
        slots,
        entries,
        dense,
    })
}

/// Reads the earlier layout: sorted keys, row starts, entries.
fn read_sorted(reader: &mut Reader<'_>) -> Result<Weights, ModelError> {
    let classes = reader.u32()? as usize;
    let scale = f32::from_le_bytes(reader.array()?);
    let feature_count = reader.u32()? as usize;
    let entry_count = reader.u32()? as usize;
    let key_bytes = reader.take_section(feature_count, 8)?;
    let start_bytes = reader.take_section(feature_count.saturating_add(1), 4)?;
    let entry_bytes = reader.take_section(entry_count, ENTRY_BYTES)?;
    if reader.remaining() != 0 {
        return Err(ModelError::Corrupt(
            "weights section has trailing bytes".into(),
        ));
    }
    let keys: Vec<u64> = key_bytes
        .chunks_exact(8)
        .map(|bytes| u64::from_le_bytes(bytes.try_into().expect("8 bytes")))
        .collect();
    let starts: Vec<u32> = start_bytes
        .chunks_exact(4)
        .map(|bytes| u32::from_le_bytes(bytes.try_into().expect("4 bytes")))
        .collect();
    let starts_are_valid = starts.windows(2).all(|pair| pair[0] <= pair[1])
        && starts
            .last()
            .is_some_and(|&last| last as usize == entry_count);
    let entries = read_entries(entry_bytes);
    let classes_are_valid = entries
        .iter()
        .all(|&(class, _)| usize::from(class) < classes);
    if !starts_are_valid || !classes_are_valid || keys.contains(&0) {
        return Err(ModelError::Corrupt(
            "weights section is inconsistent".into(),
        ));
    }
    let rows = keys.iter().zip(starts.windows(2)).map(|(&key, pair)| {
        let row = entries[pair[0] as usize..pair[1] as usize].iter().copied();
        (key, row)
    });
    Ok(pack(classes, scale, rows))
}

/// Lays out quantised rows, each dense or sparse, and the slot table.
fn pack<Row: Iterator<Item = (u16, i16)> + Clone>(
    classes: usize,
    scale: f32,
    rows: impl Iterator<Item = (u64, Row)>,
) -> Weights {
    let mut placed = Vec::new();
    let mut entries = Vec::new();
    let mut dense = Vec::new();
    for (key, row) in rows {
        let len = row.clone().count();
        if classes > 0 && len * DENSE_SHARE >= classes {
            let start = dense.len();
            dense.resize(start + classes, 0);
            for (class, weight) in row {
                if let Some(value) = dense.get_mut(start + usize::from(class)) {
                    *value = weight;
                }
            }
            placed.push(Slot {
                key,
                start: start as u32,
                len: DENSE_ROW,
            });
        } else {
            let start = entries.len() as u32;
            entries.extend(row);
            placed.push(Slot {
                key,
                start,
                len: len as u32,
            });
        }
    }
    Weights {
        classes,
        scale,
        features: placed.len(),
        slots: build_slots(&placed),
        entries,
        dense,
    }
}

fn read_entries(bytes: &[u8]) -> Vec<(u16, i16)> {
    bytes
        .chunks_exact(ENTRY_BYTES)
        .map(|bytes| {
            (
                u16::from_le_bytes([bytes[0], bytes[1]]),
                i16::from_le_bytes([bytes[2], bytes[3]]),
            )
        })
        .collect()
}

/// Where probing for `key` starts: the key's high bits scaled to the table
/// (keys are already well mixed), so the table need not be a power of two.
#[inline]
fn home_slot(key: u64, slot_count: usize) -> usize {
    ((u128::from(key) * slot_count as u128) >> 64) as usize
}

/// A table about two thirds full at most: short probes without the doubling
/// a power-of-two size would cost in memory, hence in cache misses.
fn build_slots(placed: &[Slot]) -> Vec<Slot> {
    let size = placed.len() + placed.len() / 2 + 1;
    let mut slots = vec![Slot::default(); size];
    for &slot in placed {
        let mut index = home_slot(slot.key, size);
        while slots[index].key != 0 {
            index += 1;
            if index == size {
                index = 0;
            }
        }
        slots[index] = slot;
    }
    slots
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(count)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| ModelError::Corrupt("weights section is truncated".into()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    /// `count` records of `size` bytes each.
    fn take_section(&mut self, count: usize, size: usize) -> Result<&'a [u8], ModelError> {
        let length = count
            .checked_mul(size)
            .ok_or_else(|| ModelError::Corrupt("weights section sizes overflow".into()))?;
        self.take(length)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.array().map(u32::from_le_bytes)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Weights {
        Weights::from_rows(
            3,
            &[
                (5, vec![(0, 1.5), (2, -0.25)]),
                (9, vec![(1, 3.0)]),
                (17, vec![(2, 0.5)]),
            ],
        )
    }

    #[test]
    fn scores_sum_the_weights_of_known_features() {
        let weights = sample();
        let mut scores = [0.0; 3];
        weights.add_scores(&[5, 9, 12345], &mut scores);
        assert!((scores[0] - 1.5).abs() < 1e-3);
        assert!((scores[1] - 3.0).abs() < 1e-3);
        assert!((scores[2] + 0.25).abs() < 1e-3);
    }

    #[test]
    fn bytes_round_trip() {
        let weights = sample();
        assert_eq!(Weights::from_bytes(&weights.to_bytes()).unwrap(), weights);
    }

    /// The earlier layout, as the models shipped before the slot table was
    /// stored: sorted keys, row starts, then entries.
    fn old_layout_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(OLD_FORMAT_TAG);
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&(3.0f32 / f32::from(i16::MAX)).to_le_bytes());
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&4u32.to_le_bytes());
        for key in [5u64, 9, 17] {
            out.extend_from_slice(&key.to_le_bytes());
        }
        for start in [0u32, 2, 3, 4] {
            out.extend_from_slice(&start.to_le_bytes());
        }
        for (class, weight) in [(0u16, 16384i16), (2, -2731), (1, 32767), (2, 5461)] {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    #[test]
    fn the_earlier_layout_still_loads() {
        let weights = Weights::from_bytes(&old_layout_bytes()).unwrap();
        assert_eq!(weights, sample());
        assert_eq!(weights.features(), 3);
    }

    #[test]
    fn a_slot_table_without_an_empty_slot_is_refused() {
        const HEADER_BYTES: usize = 28;
        let weights = Weights::from_rows(1, &[(5, vec![(0, 1.0)])]);
        let mut bytes = weights.to_bytes();
        // Claim one slot only (the filled one), dropping the empty one.
        bytes[16..20].copy_from_slice(&1u32.to_le_bytes());
        let filled = weights.slots.iter().position(|slot| slot.key != 0).unwrap();
        let slot_start = HEADER_BYTES + filled * SLOT_BYTES;
        let mut cut = bytes[..HEADER_BYTES].to_vec();
        cut.extend_from_slice(&bytes[slot_start..slot_start + SLOT_BYTES]);
        cut.extend_from_slice(&bytes[HEADER_BYTES + weights.slots.len() * SLOT_BYTES..]);
        assert_eq!(cut.len(), bytes.len() - SLOT_BYTES);
        assert!(Weights::from_bytes(&cut).is_err());
    }

    #[test]
    fn empty_weights_answer_lookups() {
        let weights = Weights::from_rows(2, &[]);
        let mut scores = [0.0; 2];
        weights.add_scores(&[1, 2, 3], &mut scores);
        assert_eq!(scores, [0.0, 0.0]);
        assert_eq!(Weights::from_bytes(&weights.to_bytes()).unwrap(), weights);
    }

    #[test]
    fn truncated_bytes_are_an_error() {
        let bytes = sample().to_bytes();
        assert!(Weights::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = Weights::from_bytes(&bytes);
        }

        #[test]
        fn every_stored_feature_is_found(keys in proptest::collection::btree_set(1u64.., 1..200)) {
            let rows: Vec<_> = keys.iter().map(|&key| (key, vec![(0u16, 1.0f32)])).collect();
            let weights = Weights::from_rows(1, &rows);
            for key in keys {
                prop_assert!(weights.find(key).is_some());
            }
        }

        #[test]
        fn scores_match_a_plain_sum_over_the_rows(
            rows in proptest::collection::btree_map(1u64.., proptest::collection::btree_map(0u16..8, -4.0f32..4.0, 1..8), 1..150),
            absent in proptest::collection::vec(1u64.., 0..80),
        ) {
            let rows: Vec<(u64, Vec<(u16, f32)>)> = rows
                .into_iter()
                .map(|(key, row)| (key, row.into_iter().collect()))
                .collect();
            let weights = Weights::from_rows(8, &rows);
            let loaded = Weights::from_bytes(&weights.to_bytes()).unwrap();
            // More features than one lookup batch, present and absent mixed.
            let mut features: Vec<u64> = rows.iter().map(|(key, _)| *key).collect();
            features.extend(&absent);
            let mut expected = [0.0f32; 8];
            for (key, row) in &rows {
                let repeats = features.iter().filter(|&&feature| feature == *key).count();
                for &(class, weight) in row {
                    expected[usize::from(class)] += weight * repeats as f32;
                }
            }
            let mut scores = [0.0f32; 8];
            loaded.add_scores(&features, &mut scores);
            for (score, want) in scores.iter().zip(expected) {
                prop_assert!((score - want).abs() < 0.05, "{scores:?} vs {expected:?}");
            }
        }
    }
}
