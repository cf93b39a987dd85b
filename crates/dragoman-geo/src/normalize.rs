//! Name keys: the one form under which the gazetteer stores names and the
//! geoparser looks them up, so that transliteration variants meet:
//! "Ḩarīr" and "Harir", "al-Anbar" and "Anbar", "Qa'ani" and "Qaani".

use dragoman_model::FeatureKind;

/// Arabic articles that transliterations glue to names in every shape
/// ("al-Anbar", "Al Anbar", "An Najaf", "ad-Dawr"); gazetteer and news copy
/// disagree on them so often that the key drops them.
const ARTICLES: [&str; 10] = ["al", "el", "an", "ar", "as", "ash", "ad", "at", "az", "ath"];

/// Articles that are never English words, so they can be dropped inside a
/// name even when not hyphenated ("Ain al Asad").
const UNAMBIGUOUS_ARTICLES: [&str; 2] = ["al", "el"];

/// Trailing words that say what kind of place a name is rather than being
/// part of it ("Anbar province", "Al Asad Air Base"), longest first so that
/// "air force base" wins over "base".
const DESCRIPTORS: [(&str, FeatureKind); 21] = [
    ("air force base", FeatureKind::Airbase),
    ("air base", FeatureKind::Airbase),
    ("airbase", FeatureKind::Airbase),
    ("airfield", FeatureKind::Airbase),
    ("air field", FeatureKind::Airbase),
    ("military base", FeatureKind::MilitarySite),
    ("base", FeatureKind::Airbase),
    ("ab", FeatureKind::Airbase),
    ("international airport", FeatureKind::Airport),
    ("airport", FeatureKind::Airport),
    ("governorate", FeatureKind::AdminRegion),
    ("province", FeatureKind::AdminRegion),
    ("region", FeatureKind::AdminRegion),
    ("district", FeatureKind::AdminRegion),
    // Ukraine's and Russia's second-level units: "Bakhmut Raion".
    ("raion", FeatureKind::AdminRegion),
    ("rayon", FeatureKind::AdminRegion),
    // Nigeria's: "Oshodi-Isolo Local Government Area".
    ("local government area", FeatureKind::AdminRegion),
    ("county", FeatureKind::AdminRegion),
    ("prefecture", FeatureKind::AdminRegion),
    // Nigeria's, Myanmar's and Sudan's first-level units: "Borno State".
    ("state", FeatureKind::AdminRegion),
    ("city", FeatureKind::City),
];

/// The lookup key of a name: lowercase, diacritics folded, apostrophes and
/// ayn/hamza marks dropped, every other run of non-alphanumerics one space,
/// a leading "the" and the Arabic articles removed.
pub fn name_key(name: &str) -> String {
    let mut words: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    for character in name.chars() {
        if is_elided_mark(character) {
            continue;
        }
        if character.is_alphanumeric() {
            push_folded(character, &mut current);
        } else if !current.is_empty() {
            words.push((std::mem::take(&mut current), character == '-'));
        }
    }
    if !current.is_empty() {
        words.push((current, false));
    }
    // A word followed by a hyphen is glued to the next one: "al-Asad".
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let count = words.len();
    for (index, (word, hyphen_follows)) in words.iter().enumerate() {
        let has_next = index + 1 < count;
        let is_first = kept.is_empty();
        let drop = has_next
            && ((is_first && (word == "the" || ARTICLES.contains(&word.as_str())))
                || (*hyphen_follows && ARTICLES.contains(&word.as_str()))
                || UNAMBIGUOUS_ARTICLES.contains(&word.as_str()));
        if !drop {
            kept.push(word);
        }
    }
    kept.join(" ")
}

/// Splits a trailing descriptor off a key: "anbar province" → ("anbar",
/// AdminRegion). Only a key with at least one word before the descriptor.
pub(crate) fn split_descriptor(key: &str) -> Option<(&str, FeatureKind)> {
    DESCRIPTORS.iter().find_map(|(descriptor, feature)| {
        let stem = key.strip_suffix(descriptor)?.strip_suffix(' ')?;
        (!stem.is_empty()).then_some((stem, *feature))
    })
}

/// Whether a name is written in Latin script (letters up to Latin Extended
/// Additional), the only script the news copy we read uses for names.
pub(crate) fn is_latin(name: &str) -> bool {
    name.chars().all(|character| {
        !character.is_alphabetic()
            || (character as u32) < 0x0250
            || ('\u{1E00}'..='\u{1EFF}').contains(&character)
    })
}

fn is_elided_mark(character: char) -> bool {
    matches!(
        character,
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | '\u{0300}'..='\u{036F}'
    )
}

/// Pushes the lowercase, accent-free form of one letter or digit.
fn push_folded(character: char, out: &mut String) {
    if character.is_ascii() {
        out.push(character.to_ascii_lowercase());
        return;
    }
    match fold_latin(character) {
        Some(folded) => out.push_str(folded),
        // A letter whose lowercase form folds (the angstrom sign Å → å → a)
        // must key like that form, or keys would change when re-keyed.
        None => {
            for lower in character.to_lowercase() {
                match fold_latin(lower) {
                    Some(folded) => out.push_str(folded),
                    None => out.push(lower),
                }
            }
        }
    }
}

/// Latin letters with diacritics, as GeoNames and transliterated news write
/// them, mapped to their bare lowercase letters.
fn fold_latin(character: char) -> Option<&'static str> {
    let folded = match character {
        'À'..='Å' | 'à'..='å' | 'Ā'..='ą' | 'Ǎ' | 'ǎ' | 'Ạ' | 'ạ' | 'Ả' | 'ả' | 'Ấ'..='ặ' => {
            "a"
        }
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć'..='č' => "c",
        'Ð' | 'ð' | 'Ď'..='đ' | 'Ḍ' | 'ḍ' | 'Ḏ' | 'ḏ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' | 'Ẹ'..='ệ' => "e",
        'Ĝ'..='ģ' | 'Ǧ' | 'ǧ' => "g",
        'Ĥ'..='ħ' | 'Ḥ' | 'ḥ' | 'Ḩ' | 'ḩ' | 'Ḫ' | 'ḫ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' | 'Ǐ' | 'ǐ' | 'Ỉ'..='ị' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' | 'Ḳ' | 'ḳ' => "k",
        'Ĺ'..='ł' => "l",
        'Ñ' | 'ñ' | 'Ń'..='ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' | 'Ǒ' | 'ǒ' | 'Ọ'..='ợ' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ'..='ř' => "r",
        'Ś'..='š' | 'Ṣ' | 'ṣ' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ţ'..='ŧ' | 'Ṭ' | 'ṭ' | 'Ț' | 'ț' | 'Ṯ' | 'ṯ' => "t",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' | 'Ǔ' | 'ǔ' | 'Ụ'..='ự' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' | 'Ỳ'..='ỹ' => "y",
        'Ź'..='ž' | 'Ẓ' | 'ẓ' | 'Ẕ' | 'ẕ' => "z",
        'Þ' | 'þ' => "th",
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn transliteration_variants_share_a_key() {
        let groups: [&[&str]; 6] = [
            &["Ḩarīr", "Harir", "HARIR"],
            &["al-Anbar", "Al Anbar", "Anbar", "the al-Anbar"],
            &["Qa'ani", "Qaani", "Qa’ani"],
            &["Ain al-Asad", "Ain al Asad", "Ain Al-Asad"],
            &["Arbīl", "Arbil"],
            &["As Sulaymānīyah", "Sulaymaniyah"],
        ];
        for group in groups {
            let first = name_key(group[0]);
            for variant in &group[1..] {
                assert_eq!(name_key(variant), first, "{variant} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn english_words_inside_names_stay() {
        assert_eq!(name_key("Stratford at Avon"), "stratford at avon");
        assert_eq!(name_key("As"), "as");
        assert_eq!(name_key("Newcastle upon Tyne"), "newcastle upon tyne");
    }

    #[test]
    fn descriptors_split_off_with_their_feature() {
        let cases = [
            ("anbar province", Some(("anbar", FeatureKind::AdminRegion))),
            ("asad air base", Some(("asad", FeatureKind::Airbase))),
            ("asad airbase", Some(("asad", FeatureKind::Airbase))),
            ("harir base", Some(("harir", FeatureKind::Airbase))),
            ("bakhmut raion", Some(("bakhmut", FeatureKind::AdminRegion))),
            (
                "oshodi isolo local government area",
                Some(("oshodi isolo", FeatureKind::AdminRegion)),
            ),
            ("province", None),
            ("erbil", None),
        ];
        for (key, expected) in cases {
            assert_eq!(split_descriptor(key), expected, "{key}");
        }
    }

    #[test]
    fn latin_script_is_recognised() {
        assert!(is_latin("Ḩarīr"));
        assert!(is_latin("Sant Julià de Lòria"));
        assert!(!is_latin("بغداد"));
        assert!(!is_latin("Москва"));
    }

    proptest! {
        #[test]
        fn keys_are_stable_and_lowercase(name in "\\PC{0,40}") {
            let key = name_key(&name);
            prop_assert_eq!(name_key(&key), key.clone());
            prop_assert!(!key.starts_with(' ') && !key.ends_with(' '));
        }
    }
}
