//! The compiled gazetteer: an `fst::Map` from name key to a postings list,
//! a packed table of fixed-size entries and a string blob, all read in place
//! from one byte slice (the shipped file is `include_bytes!`-ed, so loading
//! copies nothing and costs a header check).
//!
//! Layout (little-endian): `MAGIC`, format version `u32`, five section
//! lengths `u32` (fst, postings, entries, strings, countries), then the
//! sections in that order. An fst value packs `first posting << 8 | count`;
//! postings are `u32` entry indices, best prior first.

use dragoman_model::FeatureKind;

use crate::GeoError;
use crate::normalize::name_key;

pub(crate) const MAGIC: &[u8; 8] = b"DRGMNGEO";
pub(crate) const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 5 * 4;
pub(crate) const ENTRY_LEN: usize = 28;
pub(crate) const COUNTRY_LEN: usize = 7;
pub(crate) const NO_INDEX: u32 = u32::MAX;
pub(crate) const NO_COUNTRY: u16 = u16::MAX;

const SHIPPED: &[u8] = include_bytes!("../data/gazetteer.bin");

/// Whether the bytes are known good (shipped) or must be verified.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Integrity {
    Trusted,
    Verify,
}

/// Where an entry comes from, which decides how its id is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    GeoNames = 0,
    OurAirports = 1,
    Alias = 2,
}

pub(crate) const FLAG_CAPITAL: u8 = 0b100;

/// One gazetteer entry, unpacked.
#[derive(Clone, Debug, PartialEq)]
pub struct GazetteerEntry {
    /// Index of the entry in the table.
    pub index: u32,
    pub name: String,
    /// `geonames:99592`, `ourairports:ORAA`, `alias:kurdistan-region`.
    pub id: String,
    pub feature: FeatureKind,
    pub latitude: f64,
    pub longitude: f64,
    pub population: u32,
    /// ISO 3166 alpha-3 of the country.
    pub country: Option<String>,
    /// The admin1 region's entry index.
    pub admin1: Option<u32>,
    /// A national capital.
    pub capital: bool,
}

/// The compiled gazetteer, borrowed from its bytes.
pub struct Gazetteer<'a> {
    names: fst::Map<&'a [u8]>,
    postings: &'a [u8],
    entries: &'a [u8],
    strings: &'a [u8],
    countries: &'a [u8],
}

impl Gazetteer<'static> {
    /// The gazetteer that ships inside the library.
    ///
    /// The shipped bytes are checked by this crate's tests, so loading skips
    /// the checksum pass over the name index and costs microseconds.
    pub fn shipped() -> Result<Gazetteer<'static>, GeoError> {
        Gazetteer::open(SHIPPED, Integrity::Trusted)
    }
}

impl<'a> Gazetteer<'a> {
    /// Reads a file written by [`crate::build_gazetteer`] without copying
    /// it, verifying the name index's checksum first (a corrupt index could
    /// otherwise make lookups fail in the middle of an analysis).
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Gazetteer<'a>, GeoError> {
        Gazetteer::open(bytes, Integrity::Verify)
    }

    fn open(bytes: &'a [u8], integrity: Integrity) -> Result<Gazetteer<'a>, GeoError> {
        let header = bytes
            .get(..HEADER_LEN)
            .ok_or(GeoError::Format("shorter than its header"))?;
        if &header[..8] != MAGIC {
            return Err(GeoError::Format("not a dragoman gazetteer"));
        }
        let version = read_u32(header, 8).unwrap_or(0);
        if version != FORMAT_VERSION {
            return Err(GeoError::Version {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let mut lengths = [0usize; 5];
        for (slot, length) in lengths.iter_mut().enumerate() {
            *length = read_u32(header, 12 + slot * 4).unwrap_or(0) as usize;
        }
        let mut rest = &bytes[HEADER_LEN..];
        let mut sections = [&bytes[..0]; 5];
        for (section, length) in sections.iter_mut().zip(lengths) {
            if rest.len() < length {
                return Err(GeoError::Format("truncated section"));
            }
            let (head, tail) = rest.split_at(length);
            *section = head;
            rest = tail;
        }
        if sections[2].len() % ENTRY_LEN != 0 || sections[4].len() % COUNTRY_LEN != 0 {
            return Err(GeoError::Format("ragged table"));
        }
        let names = fst::Map::new(sections[0]).map_err(|_| GeoError::Format("bad name index"))?;
        if integrity == Integrity::Verify && names.as_fst().verify().is_err() {
            return Err(GeoError::Format("name index fails its checksum"));
        }
        Ok(Gazetteer {
            names,
            postings: sections[1],
            entries: sections[2],
            strings: sections[3],
            countries: sections[4],
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len() / ENTRY_LEN
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of distinct name keys.
    pub fn key_count(&self) -> usize {
        self.names.len()
    }

    /// The entries stored under a name's key ([`name_key`] is applied here),
    /// best prior first.
    pub fn lookup(&self, name: &str) -> Vec<GazetteerEntry> {
        self.lookup_key(&name_key(name))
    }

    /// The entries stored under an already normalised key.
    pub(crate) fn lookup_key(&self, key: &str) -> Vec<GazetteerEntry> {
        let Some(value) = self.names.get(key) else {
            return Vec::new();
        };
        let first = (value >> 8) as usize;
        let count = (value & 0xFF) as usize;
        (first..first + count)
            .filter_map(|posting| read_u32(self.postings, posting * 4))
            .filter_map(|index| self.entry(index))
            .collect()
    }

    /// The entry at `index`, if the table has one.
    pub fn entry(&self, index: u32) -> Option<GazetteerEntry> {
        let start = (index as usize).checked_mul(ENTRY_LEN)?;
        let record = self.entries.get(start..start + ENTRY_LEN)?;
        let name = self.string(read_u32(record, 0)?)?;
        let source_ref = read_u32(record, 4)?;
        let latitude = f64::from(read_u32(record, 8)? as i32) / 1e6;
        let longitude = f64::from(read_u32(record, 12)? as i32) / 1e6;
        let population = read_u32(record, 16)?;
        let admin1 = read_u32(record, 20)?;
        let country = u16::from_le_bytes([record[24], record[25]]);
        let feature = feature_from_code(record[26]);
        let flags = record[27];
        let id = match flags & 0b11 {
            0 => format!("geonames:{source_ref}"),
            1 => format!("ourairports:{}", self.string(source_ref)?),
            _ => format!("alias:{}", self.string(source_ref)?),
        };
        Some(GazetteerEntry {
            index,
            name: name.to_owned(),
            id,
            feature,
            latitude,
            longitude,
            population,
            country: self.country_code(country).map(str::to_owned),
            admin1: (admin1 != NO_INDEX).then_some(admin1),
            capital: flags & FLAG_CAPITAL != 0,
        })
    }

    /// The entry of a country by its ISO 3166 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<GazetteerEntry> {
        self.countries
            .chunks_exact(COUNTRY_LEN)
            .find(|record| &record[..3] == iso3.as_bytes())
            .and_then(|record| self.entry(read_u32(record, 3)?))
    }

    fn country_code(&self, index: u16) -> Option<&'a str> {
        if index == NO_COUNTRY {
            return None;
        }
        let start = usize::from(index) * COUNTRY_LEN;
        let record = self.countries.get(start..start + 3)?;
        std::str::from_utf8(record).ok()
    }

    fn string(&self, offset: u32) -> Option<&'a str> {
        let offset = offset as usize;
        let length =
            u16::from_le_bytes([*self.strings.get(offset)?, *self.strings.get(offset + 1)?]);
        let bytes = self
            .strings
            .get(offset + 2..offset + 2 + usize::from(length))?;
        std::str::from_utf8(bytes).ok()
    }
}

pub(crate) fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let slice = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([slice[0], slice[1], slice[2], slice[3]]))
}

pub(crate) fn feature_code(feature: FeatureKind) -> u8 {
    match feature {
        FeatureKind::Continent => 0,
        FeatureKind::Country => 1,
        FeatureKind::AdminRegion => 2,
        FeatureKind::City => 3,
        FeatureKind::Airbase => 4,
        FeatureKind::MilitarySite => 5,
        FeatureKind::Airport => 6,
        FeatureKind::Region => 7,
        FeatureKind::Other => 8,
    }
}

fn feature_from_code(code: u8) -> FeatureKind {
    match code {
        0 => FeatureKind::Continent,
        1 => FeatureKind::Country,
        2 => FeatureKind::AdminRegion,
        3 => FeatureKind::City,
        4 => FeatureKind::Airbase,
        5 => FeatureKind::MilitarySite,
        6 => FeatureKind::Airport,
        7 => FeatureKind::Region,
        _ => FeatureKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_shipped_file_verifies_and_answers() {
        let gazetteer = Gazetteer::from_bytes(SHIPPED).expect("the shipped gazetteer verifies");
        assert!(gazetteer.len() > 200_000);
        let senses = gazetteer.lookup("Arbil");
        let city = senses
            .iter()
            .find(|sense| sense.feature == FeatureKind::City)
            .expect("the city is found under its other spelling");
        assert_eq!(city.name, "Erbil");
        assert_eq!(city.country.as_deref(), Some("IRQ"));
        let iraq = gazetteer.country("IRQ").expect("Iraq has an entry");
        assert_eq!(iraq.feature, FeatureKind::Country);
        // The Natural Earth centroid of Iraq lies inside Iraq.
        assert!((29.0..37.5).contains(&iraq.latitude) && (38.5..48.5).contains(&iraq.longitude));
    }

    #[test]
    fn foreign_and_outdated_files_are_refused() {
        assert!(matches!(
            Gazetteer::from_bytes(b"short"),
            Err(GeoError::Format(_))
        ));
        let mut other_version = SHIPPED[..HEADER_LEN].to_vec();
        other_version[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert!(matches!(
            Gazetteer::from_bytes(&other_version),
            Err(GeoError::Version { .. })
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn damaged_files_are_refused_or_answer_without_panicking(
            whole in any::<bool>(),
            keep in 0usize..usize::MAX,
            flips in proptest::collection::vec((0usize..usize::MAX, any::<u8>()), 0..8),
            name in "\\PC{0,12}",
        ) {
            // A copy of the shipped file, cut short and with bytes changed
            // anywhere (most land in tables the checksum does not cover).
            let length = if whole {
                SHIPPED.len()
            } else {
                HEADER_LEN + keep % (SHIPPED.len() - HEADER_LEN + 1)
            };
            let mut bytes = SHIPPED[..length].to_vec();
            for (at, value) in flips {
                let at = at % bytes.len();
                bytes[at] = value;
            }
            if let Ok(gazetteer) = Gazetteer::from_bytes(&bytes) {
                let _ = gazetteer.lookup(&name);
                let _ = gazetteer.entry(0);
                let _ = gazetteer.country("IRQ");
            }
        }
    }
}
