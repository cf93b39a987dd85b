//! GeoWebNews and GeoVirus (Gritta et al.): reading the articles and the
//! geocoded gold toponyms, and scoring a geoparser's places against them.
//!
//! `GWN.xml` holds the articles (`<article>` with `<text>`); the geocoding
//! gold, one line per article in file order, holds records
//! `name,,mention,,lat,,lon,,start,,end` joined by `||`, with offsets in
//! characters of the unescaped text. Both are converted here to byte spans.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use dragoman_model::score::{Counts, ratio};
use dragoman_model::{Place, Span};

use crate::GeoError;
use crate::resolve::haversine_km;

/// The usual geocoding threshold: 100 miles.
const ACCURACY_KM: f64 = 161.0;

/// One GeoWebNews article with its gold toponyms.
#[derive(Clone, Debug, PartialEq)]
pub struct GwnArticle {
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
    /// Gold records whose offsets did not slice their mention (skipped).
    pub misaligned: usize,
}

/// A gold toponym: its mention as a byte span and its coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldToponym {
    pub mention: Span,
    /// The gazetteer name the annotators chose ("Republic of France" for "French").
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    /// How GWN classes the use of the name ("Literal", "Metonymic",
    /// "Embedded_Non_Lit", "Non_Literal_Modifier", …), when `GWN.xml` has it.
    pub usage: Option<String>,
}

/// GWN uses of a name that the product does not treat as a place: a
/// capital or country acting ("Washington said"), a name inside another
/// name ("The Washington Post"), and names GWN itself marks as no toponym.
const NOT_PLACE_USES: [&str; 3] = ["Metonymic", "Embedded_Non_Lit", "Non_Toponym"];

/// Reads `GWN.xml` and `Geocoding/gwn_full.txt` from a GeoWebNews directory.
pub fn read_gwn(dir: &Path) -> Result<Vec<GwnArticle>, GeoError> {
    let read = |relative: &str| {
        let path = dir.join(relative);
        std::fs::read_to_string(&path).map_err(|source| GeoError::Read {
            path: path.display().to_string(),
            source,
        })
    };
    let xml = read("GWN.xml")?;
    let gold = read("Geocoding/gwn_full.txt")?;
    Ok(parse_gwn(&xml, &gold))
}

/// Reads a GeoVirus file (`GeoVirus.xml`: Wikinews articles whose
/// `<location>` records carry a name, character offsets and the Wikipedia
/// point of the place). It has no classes of use.
pub fn read_geovirus(path: &Path) -> Result<Vec<GwnArticle>, GeoError> {
    let xml = std::fs::read_to_string(path).map_err(|source| GeoError::Read {
        path: path.display().to_string(),
        source,
    })?;
    Ok(parse_geovirus(&xml))
}

/// The articles of a GeoVirus file with their gold locations as byte spans.
/// Its offsets count one character before the text; a record is taken at
/// the offset, or one character earlier, where its name is found.
pub fn parse_geovirus(xml: &str) -> Vec<GwnArticle> {
    xml.split("<article>")
        .skip(1)
        .map(|article| {
            let article = &article[..article.find("</article>").unwrap_or(article.len())];
            let text =
                xml_field(article, "text").map_or_else(String::new, |text| unescape_xml(&text));
            let byte_at = byte_offsets(&text);
            let mut toponyms = Vec::new();
            let mut misaligned = 0;
            for record in article.split("<location>").skip(1) {
                let field = |tag: &str| xml_field(record, tag).unwrap_or_default();
                let (name, start, end) =
                    (unescape_xml(&field("name")), field("start"), field("end"));
                let found = [0, 1].into_iter().find_map(|shift| {
                    let start = start.parse::<usize>().ok()?.checked_sub(shift)?;
                    let end = end.parse::<usize>().ok()?.checked_sub(shift)?;
                    gold_toponym(
                        &text,
                        &byte_at,
                        [
                            &name,
                            &name,
                            &field("lat"),
                            &field("lon"),
                            &start.to_string(),
                            &end.to_string(),
                        ],
                    )
                });
                match found {
                    Some(toponym) => toponyms.push(toponym),
                    None => misaligned += 1,
                }
            }
            toponyms.sort_by_key(|toponym| toponym.mention.start);
            GwnArticle {
                text,
                toponyms,
                misaligned,
            }
        })
        .collect()
}

/// The trimmed content of the first `<tag>…</tag>` in `xml`.
fn xml_field(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(xml[start..end].trim().to_owned())
}

/// Pairs the articles of `xml` with the gold lines of `gold`, in order.
pub fn parse_gwn(xml: &str, gold: &str) -> Vec<GwnArticle> {
    article_texts(xml)
        .into_iter()
        .zip(gold.lines())
        .map(|((text, usages), line)| {
            let (toponyms, misaligned) = parse_gold_line(&text, line, &usages);
            GwnArticle {
                text,
                toponyms,
                misaligned,
            }
        })
        .collect()
}

/// GWN's use class of each annotated name of an article, by its
/// character offsets.
type Usages = HashMap<(usize, usize), String>;

/// The unescaped `<text>` of every `<article>`, with the use classes of
/// the `<toponym>` annotations that follow it.
fn article_texts(xml: &str) -> Vec<(String, Usages)> {
    let mut texts = Vec::new();
    let mut rest = xml;
    while let Some(article) = rest.find("<article") {
        rest = &rest[article..];
        let Some(open) = rest.find("<text>") else {
            break;
        };
        let body = &rest[open + "<text>".len()..];
        let Some(close) = body.find("</text>") else {
            break;
        };
        let annotations = &body[close..];
        let annotations =
            &annotations[..annotations.find("</article>").unwrap_or(annotations.len())];
        texts.push((unescape_xml(&body[..close]), toponym_usages(annotations)));
        rest = &body[close..];
    }
    texts
}

fn toponym_usages(annotations: &str) -> Usages {
    annotations
        .split("<toponym>")
        .skip(1)
        .filter_map(|block| {
            let start = xml_field(block, "start")?.parse().ok()?;
            let end = xml_field(block, "end")?.parse().ok()?;
            Some(((start, end), xml_field(block, "type")?))
        })
        .collect()
}

fn unescape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity_end = rest.find(';').filter(|&end| end <= 10);
        let decoded = entity_end.and_then(|end| decode_entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((character, end)) => {
                out.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The byte offset of every character of `text`, and one past the end: both
/// corpora give offsets in characters.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// The gold toponyms of one line, with the count of misaligned records.
fn parse_gold_line(text: &str, line: &str, usages: &Usages) -> (Vec<GoldToponym>, usize) {
    let byte_at = byte_offsets(text);
    let mut toponyms = Vec::new();
    let mut misaligned = 0;
    for record in line.split("||").filter(|record| !record.trim().is_empty()) {
        let fields: Vec<&str> = record.split(",,").collect();
        let parsed = match fields[..] {
            [name, mention, latitude, longitude, start, end] => gold_toponym(
                text,
                &byte_at,
                [name, mention, latitude, longitude, start, end],
            )
            .map(|toponym| GoldToponym {
                usage: start
                    .trim()
                    .parse()
                    .ok()
                    .zip(end.trim().parse().ok())
                    .and_then(|offsets: (usize, usize)| usages.get(&offsets).cloned()),
                ..toponym
            }),
            _ => None,
        };
        match parsed {
            Some(toponym) => toponyms.push(toponym),
            None => misaligned += 1,
        }
    }
    toponyms.sort_by_key(|toponym| toponym.mention.start);
    (toponyms, misaligned)
}

/// One gold record, if its offsets slice exactly its mention.
fn gold_toponym(text: &str, byte_at: &[usize], fields: [&str; 6]) -> Option<GoldToponym> {
    let [name, mention, latitude, longitude, start, end] = fields;
    let start = *byte_at.get(start.trim().parse::<usize>().ok()?)?;
    let end = *byte_at.get(end.trim().parse::<usize>().ok()?)?;
    if start > end || text.get(start..end)? != mention {
        return None;
    }
    Some(GoldToponym {
        mention: Span::of(text, start..end),
        name: name.to_owned(),
        latitude: latitude.trim().parse().ok()?,
        longitude: longitude.trim().parse().ok()?,
        usage: None,
    })
}

/// The score of a geoparser over a set of articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GeoReport {
    pub articles: usize,
    pub exact: Counts,
    pub overlap: Counts,
    /// Overlap detection over the gold toponyms used as places: those GWN
    /// classes as metonymic, embedded in another name or no toponym are
    /// left out, and a place overlapping one of them counts neither way.
    pub as_places: Counts,
    /// Per GWN use class: (gold toponyms, detected by overlap).
    pub by_usage: BTreeMap<String, (usize, usize)>,
    /// Matched (overlapping) toponyms whose place has coordinates.
    pub geocoded: usize,
    /// Of those, within 161 km of the gold point.
    pub within_161_km: usize,
    /// Matched toponyms the geoparser left without coordinates.
    pub unresolved: usize,
    /// Per feature kind of the place: (geocoded, within 161 km).
    pub by_feature: BTreeMap<String, (usize, usize)>,
    /// Every toponym the geoparser got wrong, in article order.
    pub misses: Vec<GeoMiss>,
    errors_km: Vec<f64>,
}

/// One scoring error, for error analysis (`dragoman eval geo --errors`
/// prints `article@byte-offset`, the kind, the mention and what was found).
#[derive(Clone, Debug, PartialEq)]
pub struct GeoMiss {
    /// The article's position in the corpus, from 0.
    pub article: usize,
    pub kind: MissKind,
    /// The gold mention, or the place's mention for a spurious place.
    pub mention: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MissKind {
    /// A gold toponym no place overlaps; carries the gold name.
    Undetected { gold: String },
    /// A place overlapping no gold toponym.
    Spurious { place: String, feature: String },
    /// A detected toponym placed too far away, or not placed at all (no distance).
    Misplaced {
        gold: String,
        place: String,
        feature: String,
        error_km: Option<f64>,
    },
}

impl fmt::Display for GeoMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let article = format!("{}@{}", self.article, self.mention.start);
        let mention = &self.mention.text;
        match &self.kind {
            MissKind::Undetected { gold } => {
                write!(f, "{article}\tundetected\t{mention}\t(gold {gold})")
            }
            MissKind::Spurious { place, feature } => {
                write!(f, "{article}\tspurious\t{mention}\t{place} [{feature}]")
            }
            MissKind::Misplaced {
                gold,
                place,
                feature,
                error_km,
            } => {
                let distance = error_km.map_or("unresolved".to_owned(), |km| format!("{km:.0} km"));
                write!(
                    f,
                    "{article}\tmisplaced\t{mention}\t{place} [{feature}] {distance} (gold {gold})"
                )
            }
        }
    }
}

impl GeoReport {
    /// Accuracy at 161 km over correctly detected toponyms (an unresolved
    /// one counts as wrong).
    pub fn accuracy_161_km(&self) -> f64 {
        ratio(self.within_161_km, self.geocoded + self.unresolved)
    }

    pub fn mean_error_km(&self) -> f64 {
        if self.errors_km.is_empty() {
            return 0.0;
        }
        self.errors_km.iter().sum::<f64>() / self.errors_km.len() as f64
    }

    pub fn median_error_km(&self) -> f64 {
        let mut errors = self.errors_km.clone();
        errors.sort_by(f64::total_cmp);
        match errors.len() {
            0 => 0.0,
            n if n % 2 == 1 => errors[n / 2],
            n => (errors[n / 2 - 1] + errors[n / 2]) / 2.0,
        }
    }

    /// Adds one article's places against its gold toponyms.
    pub fn add(&mut self, places: &[Place], gold: &[GoldToponym]) {
        let article = self.articles;
        self.articles += 1;
        let exact_matches = gold
            .iter()
            .filter(|toponym| {
                places
                    .iter()
                    .any(|place| place.mention.range() == toponym.mention.range())
            })
            .count();
        // The true positives are the gold toponyms found, the false
        // positives the places on no gold span.
        let exact_spurious = places
            .iter()
            .filter(|place| {
                !gold
                    .iter()
                    .any(|toponym| place.mention.range() == toponym.mention.range())
            })
            .count();
        self.exact += Counts::one_to_one(gold.len(), exact_matches + exact_spurious, exact_matches);

        // Overlap: each gold toponym takes at most one place, each place one toponym.
        let mut used = vec![false; places.len()];
        for toponym in gold {
            let found = places
                .iter()
                .enumerate()
                .find(|(index, place)| !used[*index] && place.mention.overlaps(&toponym.mention));
            let place_use = toponym
                .usage
                .as_deref()
                .is_none_or(|usage| !NOT_PLACE_USES.contains(&usage));
            let usage_tally = self
                .by_usage
                .entry(
                    toponym
                        .usage
                        .clone()
                        .unwrap_or_else(|| "unclassed".to_owned()),
                )
                .or_default();
            usage_tally.0 += 1;
            if found.is_some() {
                usage_tally.1 += 1;
            }
            if place_use {
                match found {
                    Some(_) => self.as_places += Counts::one_to_one(1, 1, 1),
                    None => self.as_places.gold += 1,
                }
            }
            let Some((index, place)) = found else {
                self.overlap.gold += 1;
                self.misses.push(GeoMiss {
                    article,
                    kind: MissKind::Undetected {
                        gold: toponym.name.clone(),
                    },
                    mention: toponym.mention.clone(),
                });
                continue;
            };
            used[index] = true;
            self.overlap += Counts::one_to_one(1, 1, 1);
            let misplaced = |error_km| GeoMiss {
                article,
                kind: MissKind::Misplaced {
                    gold: toponym.name.clone(),
                    place: place.name.clone(),
                    feature: format!("{:?}", place.feature),
                    error_km,
                },
                mention: toponym.mention.clone(),
            };
            match (place.latitude, place.longitude) {
                (Some(latitude), Some(longitude)) => {
                    let error =
                        haversine_km(latitude, longitude, toponym.latitude, toponym.longitude);
                    self.geocoded += 1;
                    let tally = self
                        .by_feature
                        .entry(format!("{:?}", place.feature))
                        .or_default();
                    tally.0 += 1;
                    if error <= ACCURACY_KM {
                        self.within_161_km += 1;
                        tally.1 += 1;
                    } else {
                        self.misses.push(misplaced(Some(error)));
                    }
                    self.errors_km.push(error);
                }
                _ => {
                    self.unresolved += 1;
                    self.misses.push(misplaced(None));
                }
            }
        }
        for (place, _) in places.iter().zip(&used).filter(|(_, used)| !**used) {
            self.overlap.predicted += 1;
            let names_a_non_place = gold.iter().any(|toponym| {
                toponym.mention.overlaps(&place.mention)
                    && toponym
                        .usage
                        .as_deref()
                        .is_some_and(|usage| NOT_PLACE_USES.contains(&usage))
            });
            if !names_a_non_place {
                self.as_places.predicted += 1;
            }
            self.misses.push(GeoMiss {
                article,
                kind: MissKind::Spurious {
                    place: place.name.clone(),
                    feature: format!("{:?}", place.feature),
                },
                mention: place.mention.clone(),
            });
        }
    }
}

/// Scores one article's places against its gold toponyms.
pub fn evaluate_gwn(places: &[Place], gold: &[GoldToponym]) -> GeoReport {
    let mut report = GeoReport::default();
    report.add(places, gold);
    report
}

impl fmt::Display for GeoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "articles: {}", self.articles)?;
        for (rule, counts) in [
            ("exact", self.exact),
            ("overlap", self.overlap),
            ("overlap, names used as places", self.as_places),
        ] {
            writeln!(
                f,
                "detection ({rule}): P {:.3} R {:.3} F1 {:.3} (tp {}, fp {}, fn {})",
                counts.precision(),
                counts.recall(),
                counts.f1(),
                counts.gold_matched,
                counts.predicted - counts.predicted_matched,
                counts.gold - counts.gold_matched
            )?;
        }
        writeln!(
            f,
            "geocoding: acc@161km {:.3} ({} of {} detected; {} unresolved), mean error {:.0} km, median {:.1} km",
            self.accuracy_161_km(),
            self.within_161_km,
            self.geocoded + self.unresolved,
            self.unresolved,
            self.mean_error_km(),
            self.median_error_km()
        )?;
        for (usage, (total, detected)) in &self.by_usage {
            writeln!(
                f,
                "  gold {usage}: {detected} of {total} detected ({:.3})",
                ratio(*detected, *total)
            )?;
        }
        for (feature, (geocoded, within)) in &self.by_feature {
            writeln!(
                f,
                "  {feature}: {within} of {geocoded} within 161 km ({:.3})",
                ratio(*within, *geocoded)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragoman_model::{FeatureKind, PlaceId, PlaceUsage};
    use proptest::prelude::*;

    const XML: &str = "<articles><article file=\"0\"><title>t</title><text>Fog &amp; rain in Tromsø, Norway.</text>\
        <toponyms><toponym><extractedName>Norway</extractedName><type>Metonymic</type>\
        <start>22</start><end>28</end></toponym></toponyms></article></articles>";

    fn gold_line() -> &'static str {
        // Character offsets: "Tromsø" is chars 14..20, "Norway" 22..28.
        "Tromsø,,Tromsø,,69.6,,18.9,,14,,20||Norway,,Norway,,62.0,,10.0,,22,,28||Bad,,Bad,,1,,1,,0,,2"
    }

    fn place(text: &str, range: std::ops::Range<usize>, point: Option<(f64, f64)>) -> Place {
        Place {
            id: PlaceId::nth(0),
            entity: None,
            mention: Span::of(text, range),
            name: String::new(),
            feature: FeatureKind::City,
            gazetteer_id: None,
            latitude: point.map(|(lat, _)| lat),
            longitude: point.map(|(_, lon)| lon),
            country: None,
            admin1: None,
            relation: None,
            usage: PlaceUsage::Location,
        }
    }

    #[test]
    fn gold_offsets_become_byte_spans() {
        let articles = parse_gwn(XML, gold_line());
        assert_eq!(articles.len(), 1);
        let article = &articles[0];
        assert_eq!(article.text, "Fog & rain in Tromsø, Norway.");
        let mentions: Vec<&str> = article
            .toponyms
            .iter()
            .map(|toponym| toponym.mention.text.as_str())
            .collect();
        assert_eq!(mentions, ["Tromsø", "Norway"]);
        assert_eq!(article.toponyms[1].mention.range(), 23..29);
        assert_eq!(article.misaligned, 1);
        assert_eq!(article.toponyms[0].usage, None);
        assert_eq!(article.toponyms[1].usage.as_deref(), Some("Metonymic"));
    }

    #[test]
    fn scores_detection_and_distance() {
        let article = &parse_gwn(XML, gold_line())[0];
        let text = &article.text;
        let places = [
            place(text, 14..21, Some((69.65, 18.95))),
            place(text, 23..28, Some((60.0, 30.0))),
            place(text, 0..3, None),
        ];
        let report = evaluate_gwn(&places, &article.toponyms);
        assert_eq!(report.exact.gold_matched, 1);
        assert_eq!(report.overlap, Counts::one_to_one(2, 3, 2));
        assert_eq!(report.within_161_km, 1);
        assert!((report.accuracy_161_km() - 0.5).abs() < 1e-9);
        assert!(report.to_string().contains("acc@161km 0.500"));
        // Norway is used metonymically: the place-use score leaves it out.
        assert_eq!(report.as_places, Counts::one_to_one(1, 2, 1));
        assert_eq!(report.by_usage.get("Metonymic"), Some(&(1, 1)));
        let misses: Vec<String> = report.misses.iter().map(ToString::to_string).collect();
        assert_eq!(misses.len(), 2, "{misses:?}");
        assert!(
            misses[0].starts_with("0@23\tmisplaced\tNorway"),
            "{misses:?}"
        );
        assert!(misses[1].starts_with("0@0\tspurious\tFog"), "{misses:?}");
    }

    #[test]
    fn geovirus_offsets_are_taken_where_the_name_is() {
        let xml = "<articles><article><text>Cases rose in Lyon &amp; Paris.</text><locations>\
            <location><name>Lyon</name><start>15</start><end>19</end><lat>45.76</lat><lon>4.84</lon></location>\
            <location><name>Paris</name><start>22</start><end>27</end><lat>48.86</lat><lon>2.35</lon></location>\
            <location><name>Nice</name><start></start><end></end><lat>43.7</lat><lon>7.27</lon></location>\
            </locations></article></articles>";
        let articles = parse_geovirus(xml);
        assert_eq!(articles.len(), 1);
        let mentions: Vec<&str> = articles[0]
            .toponyms
            .iter()
            .map(|toponym| toponym.mention.text.as_str())
            .collect();
        assert_eq!(mentions, ["Lyon", "Paris"]);
        assert_eq!(articles[0].misaligned, 1);
    }

    proptest! {
        #[test]
        fn odd_geovirus_input_never_panics(xml in "\\PC{0,200}") {
            for article in parse_geovirus(&format!("<article><text>{xml}")) {
                for toponym in article.toponyms {
                    prop_assert_eq!(&article.text[toponym.mention.range()], toponym.mention.text.as_str());
                }
            }
        }

        #[test]
        fn odd_input_never_panics(xml in "\\PC{0,120}", gold in "\\PC{0,120}") {
            let articles = parse_gwn(&format!("<article><text>{xml}</text>"), &gold);
            for article in articles {
                for toponym in article.toponyms {
                    prop_assert_eq!(&article.text[toponym.mention.range()], toponym.mention.text.as_str());
                }
            }
        }
    }
}
