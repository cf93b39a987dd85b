//! The compact place table: countries, first-order admin regions and cities
//! from GeoNames, parsed once at start-up into a lookup by name key.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use dragoman_model::FeatureKind;

use crate::LexiconError;
use crate::normalize::name_key;

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceEntry {
    /// The GeoNames id; `None` for the hand-listed regions GeoNames lacks.
    pub geonameid: Option<u32>,
    pub feature: FeatureKind,
    /// The gazetteer's name for the place.
    pub name: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    /// ISO 3166 alpha-3 of the country the place lies in; empty for continents
    /// and regions across borders.
    pub country: &'static str,
    /// The first-order admin region the place lies in; empty for countries.
    pub admin1: Option<&'static str>,
    /// Inhabitants as GeoNames counts them; 0 when unknown (admin regions).
    pub population: u64,
}

/// Every place of the table and an index from name key to the places that
/// bear that name, best sense first.
#[derive(Clone, Debug, Default)]
pub struct PlaceTable {
    entries: Vec<PlaceEntry>,
    /// Keys of main names are computed at load; alternate keys borrow the table text.
    by_key: HashMap<Cow<'static, str>, Senses, BuildHasherDefault<KeyHasher>>,
}

/// The column order of `places.tsv`, checked against its header line.
pub(crate) const PLACE_COLUMNS: [&str; 9] = [
    "geonameid",
    "feature",
    "name",
    "latitude",
    "longitude",
    "country",
    "admin1",
    "population",
    "alternate_keys",
];

impl PlaceTable {
    /// Parses the TSV written by [`crate::build_place_table`].
    /// The table borrows its text: it is the `include_str!` of the shipped
    /// file, so names need no copy at start-up.
    pub fn parse(tsv: &'static str) -> Result<PlaceTable, LexiconError> {
        let mut table = PlaceTable::default();
        // About three keys per row; reserving once avoids rehashing at start-up.
        table.by_key.reserve(tsv.len() / 24);
        let mut seen_header = false;
        for (index, line) in tsv.lines().enumerate() {
            let line_number = index + 1;
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !seen_header {
                if fields != PLACE_COLUMNS {
                    return Err(LexiconError::table(
                        "places",
                        line_number,
                        "unexpected header",
                    ));
                }
                seen_header = true;
                continue;
            }
            let [
                id,
                feature,
                name,
                lat,
                lon,
                country,
                admin1,
                population,
                alternates,
            ] = fields[..]
            else {
                return Err(LexiconError::table(
                    "places",
                    line_number,
                    "expected 9 columns",
                ));
            };
            let bad = |what: &str| LexiconError::table("places", line_number, what);
            let entry = PlaceEntry {
                geonameid: Some(id.parse().map_err(|_| bad("bad geonameid"))?),
                feature: parse_feature(feature).ok_or_else(|| bad("bad feature"))?,
                name,
                latitude: lat.parse().map_err(|_| bad("bad latitude"))?,
                longitude: lon.parse().map_err(|_| bad("bad longitude"))?,
                country,
                admin1: (!admin1.is_empty()).then_some(admin1),
                population: population.parse().map_err(|_| bad("bad population"))?,
            };
            let position = u32::try_from(table.entries.len()).map_err(|_| bad("too many rows"))?;
            table.index(Cow::Owned(name_key(name)), position);
            for key in alternates.split('|').filter(|key| !key.is_empty()) {
                table.index(Cow::Borrowed(key), position);
            }
            table.entries.push(entry);
        }
        if !seen_header {
            return Err(LexiconError::table("places", 0, "no header line"));
        }
        table.rank_senses();
        Ok(table)
    }

    fn index(&mut self, key: Cow<'static, str>, position: u32) {
        if key.is_empty() {
            return;
        }
        match self.by_key.entry(key) {
            Entry::Occupied(senses) => senses.into_mut().insert(usize::MAX, position),
            Entry::Vacant(slot) => {
                slot.insert(Senses::One(position));
            }
        }
    }

    /// Countries first (a bare country name in news means the country), then
    /// the most populous sense, then the lowest id for a stable order.
    fn rank_senses(&mut self) {
        let entries = &self.entries;
        for senses in self.by_key.values_mut() {
            let Senses::Many(senses) = senses else {
                continue;
            };
            senses.sort_by_key(|&position| {
                let entry = &entries[position as usize];
                (
                    entry.feature != FeatureKind::Country,
                    std::cmp::Reverse(entry.population),
                    entry.geonameid,
                )
            });
        }
    }

    /// The places a name may refer to, best sense first; empty when unknown.
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = &PlaceEntry> {
        self.senses(&name_key(name))
    }

    fn senses(&self, key: &str) -> impl Iterator<Item = &PlaceEntry> + use<'_> {
        self.by_key
            .get(key)
            .map(Senses::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&position| &self.entries[position as usize])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Makes `alias` ("Britain", "U.S.") a name of the country `iso3`, ahead
    /// of any other sense; false when the table has no such country.
    pub(crate) fn add_country_alias(&mut self, alias: &str, iso3: &str) -> bool {
        let Some(position) = self
            .entries
            .iter()
            .position(|entry| entry.feature == FeatureKind::Country && entry.country == iso3)
        else {
            return false;
        };
        let key = name_key(alias);
        // The index fits in u32: parse refused larger tables.
        let position = position as u32;
        match self.by_key.entry(Cow::Owned(key)) {
            Entry::Occupied(senses) => senses.into_mut().insert(0, position),
            Entry::Vacant(slot) => {
                slot.insert(Senses::One(position));
            }
        }
        true
    }

    /// Adds a hand-listed region ("Persian Gulf", "Red Sea") under its name
    /// and alternate names, ranked after countries of the same name but
    /// before provinces and towns: news means the sea, not the governorate.
    pub(crate) fn add_region(&mut self, region: PlaceEntry, alternate_names: &[&'static str]) {
        let position = self.entries.len() as u32;
        self.entries.push(region);
        let name = self.entries[position as usize].name;
        for spelling in std::iter::once(name).chain(alternate_names.iter().copied()) {
            let key = name_key(spelling);
            if key.is_empty() {
                continue;
            }
            let entries = &self.entries;
            match self.by_key.entry(Cow::Owned(key)) {
                Entry::Occupied(senses) => {
                    let senses = senses.into_mut();
                    let after_countries = senses
                        .as_slice()
                        .iter()
                        .take_while(|&&sense| {
                            entries[sense as usize].feature == FeatureKind::Country
                        })
                        .count();
                    senses.insert(after_countries, position);
                }
                Entry::Vacant(slot) => {
                    slot.insert(Senses::One(position));
                }
            }
        }
    }

    /// The country entry with this ISO 3166 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&PlaceEntry> {
        self.entries
            .iter()
            .find(|entry| entry.feature == FeatureKind::Country && entry.country == iso3)
    }
}

/// The places one key names. Nearly every key names a single place, which
/// then needs no allocation of its own: start-up time goes to allocation.
#[derive(Clone, Debug)]
enum Senses {
    One(u32),
    Many(Vec<u32>),
}

impl Senses {
    fn as_slice(&self) -> &[u32] {
        match self {
            Senses::One(position) => std::slice::from_ref(position),
            Senses::Many(positions) => positions,
        }
    }

    /// Inserts `position` at `index` (clamped to the end) unless present.
    fn insert(&mut self, index: usize, position: u32) {
        if self.as_slice().contains(&position) {
            return;
        }
        let mut positions = self.as_slice().to_vec();
        positions.insert(index.min(positions.len()), position);
        *self = Senses::Many(positions);
    }
}

/// A multiply-rotate hash (the one rustc uses for its own tables): the keys
/// are shipped data, not attacker input, and SipHash made up most of the
/// start-up time and of the word-list lookups per token.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

/// A map keyed by shipped words, hashed with [`KeyHasher`].
pub(crate) type WordMap<V> = HashMap<String, V, BuildHasherDefault<KeyHasher>>;

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) fn feature_label(feature: FeatureKind) -> &'static str {
    match feature {
        FeatureKind::Country => "country",
        FeatureKind::AdminRegion => "admin1",
        FeatureKind::Continent => "continent",
        FeatureKind::Region => "region",
        _ => "city",
    }
}

fn parse_feature(label: &str) -> Option<FeatureKind> {
    match label {
        "country" => Some(FeatureKind::Country),
        "admin1" => Some(FeatureKind::AdminRegion),
        "city" => Some(FeatureKind::City),
        "continent" => Some(FeatureKind::Continent),
        "region" => Some(FeatureKind::Region),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str = "geonameid\tfeature\tname\tlatitude\tlongitude\tcountry\tadmin1\tpopulation\talternate_keys\n";

    fn table(rows: &str) -> PlaceTable {
        PlaceTable::parse(format!("# test\n{HEADER}{rows}").leak()).unwrap()
    }

    #[test]
    fn lookup_prefers_the_country_then_the_most_populous_sense() {
        let places = table(
            "1\tcity\tJordan\t1.0\t2.0\tPHL\t\t40000\t\n\
             2\tcountry\tJordan\t31.9\t35.9\tJOR\t\t10000000\t\n\
             3\tcity\tBaghdad\t33.3\t44.4\tIRQ\tBaghdad\t7216000\tbagdad\n\
             4\tadmin1\tBaghdad\t33.3\t44.4\tIRQ\t\t0\t\n\
             5\tadmin1\tAl Anbar\t33.4\t43.3\tIRQ\t\t0\tanbar governorate\n",
        );
        let ids = |name: &str| {
            places
                .lookup(name)
                .filter_map(|p| p.geonameid)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("Jordan"), [2, 1]);
        assert_eq!(ids("Baghdad"), [3, 4]);
        assert_eq!(ids("bagdad"), [3]);
        assert_eq!(ids("al-Anbar"), [5]);
        assert_eq!(ids("Anbar"), [5]);
        assert_eq!(ids("Anbar Governorate"), [5]);
        assert_eq!(ids("Basra"), Vec::<u32>::new());
        assert_eq!(places.country("JOR").unwrap().name, "Jordan");
    }

    #[test]
    fn malformed_tables_name_the_line() {
        let error = PlaceTable::parse(format!("{HEADER}x\tcity\n").leak()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "places table, line 2: expected 9 columns"
        );
        let error = PlaceTable::parse(format!("{HEADER}x\tcity\ta\t1\t2\tIRQ\t\t0\t\n").leak())
            .unwrap_err();
        assert_eq!(error.to_string(), "places table, line 2: bad geonameid");
        assert!(PlaceTable::parse("").is_err());
    }

    proptest! {
        #[test]
        fn parse_never_panics(body in "[\\PC\t\n]{0,200}") {
            // Leaked: the table borrows its text for the life of the program.
            let _ = PlaceTable::parse(format!("{HEADER}{body}").leak());
        }
    }
}
