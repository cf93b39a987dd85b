//! Word lists for news English: abbreviations that keep their period, what
//! they say about a sentence end, and the hyphen prefixes that UD EWT keeps
//! inside one token.

/// How an abbreviation's period bears on a sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbreviationKind {
    /// Stands before a name or a number (`Mr.`, `Gen.`, `St.`, `No.`): never
    /// ends a sentence.
    Title,
    /// Ends a sentence when a capitalised word follows that is not a day,
    /// month or time zone (`Inc.`, `Jan.`, `p.m.`, `etc.`).
    Ordinary,
    /// Initials and capital acronyms (`F.`, `U.S.`): the capitalised word after
    /// them usually continues a name (`U.S. Army`), so they end a sentence only
    /// before a word that typically opens one.
    Acronym,
}

/// The kind of a known abbreviation, given without its final period; dotted
/// acronyms keep their inner periods (`U.S`, `a.m`).
pub(crate) fn known_abbreviation(word: &str) -> Option<AbbreviationKind> {
    use AbbreviationKind::*;
    let kind = match word {
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Mmes" | "Dr" | "Drs" | "Prof" | "Gen" | "Lt" | "Col"
        | "Maj" | "Capt" | "Cmdr" | "Cdr" | "Adm" | "Brig" | "Sgt" | "Cpl" | "Pvt" | "Spc"
        | "Sen" | "Sens" | "Rep" | "Reps" | "Gov" | "Pres" | "Rev" | "Hon" | "Amb" | "Supt"
        | "Insp" | "Det" | "Atty" | "Fr" | "Sr" | "Sra" | "St" | "Ste" | "Mt" | "Ft" | "Gens"
        | "Lieut" | "Cllr" | "vs" | "Vs" | "v" | "e.g" | "i.e" | "cf" | "viz" | "approx"
        | "incl" | "excl" | "esp" | "ca" => Title,
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
        | "Dec" | "Mon" | "Tue" | "Tues" | "Wed" | "Thu" | "Thur" | "Thurs" | "Fri" | "Inc"
        | "Corp" | "Ltd" | "Co" | "Cos" | "Bros" | "Plc" | "Jr" | "Esq" | "etc" | "al" | "Dept"
        | "Univ" | "Assn" | "Ave" | "Blvd" | "Rd" | "Hwy" | "Sq" | "est" | "a.m" | "p.m"
        | "A.M" | "P.M" | "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Del" | "Fla"
        | "Ga" | "Ill" | "Ind" | "Kan" | "Kans" | "Ky" | "La" | "Md" | "Mass" | "Mich" | "Minn"
        | "Miss" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa" | "Penn" | "Tenn"
        | "Tex" | "Va" | "Vt" | "Wash" | "Wis" | "Wyo" => Ordinary,
        _ => return None,
    };
    Some(kind)
}

/// Abbreviations that keep their period only before a number (`No. 3`,
/// `Vol. 2`); elsewhere `No.` is the word "no" ending a sentence.
pub(crate) fn is_numbering_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "No" | "Nos"
            | "no"
            | "Vol"
            | "vol"
            | "Art"
            | "art"
            | "p"
            | "pp"
            | "Fig"
            | "fig"
            | "Nr"
            | "Op"
    )
}

/// Capitalised words that typically open a sentence in news copy; after an
/// acronym or an ellipsis only these are taken as the start of a new sentence.
pub(crate) fn is_sentence_opener(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "Nor"
            | "In"
            | "On"
            | "At"
            | "For"
            | "With"
            | "By"
            | "From"
            | "As"
            | "If"
            | "When"
            | "While"
            | "After"
            | "Before"
            | "Since"
            | "Although"
            | "Though"
            | "Because"
            | "However"
            | "Meanwhile"
            | "Still"
            | "Also"
            | "Earlier"
            | "Later"
            | "Last"
            | "Next"
            | "Now"
            | "Then"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Other"
            | "Another"
            | "Such"
            | "No"
            | "Not"
            | "Officials"
            | "Authorities"
            | "Witnesses"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Which"
            | "Asked"
            | "According"
            | "During"
            | "Despite"
            | "Under"
            | "Over"
            | "About"
            | "Until"
            | "Instead"
            | "Yesterday"
            | "Today"
            | "Tomorrow"
            | "Separately"
            | "Elsewhere"
            | "Analysts"
            | "Experts"
            | "Police"
            | "Troops"
            | "Residents"
            | "Several"
            | "Few"
            | "Neither"
            | "Either"
            | "Even"
            | "Only"
            | "Just"
            | "Once"
            | "Thus"
            | "Therefore"
            | "Furthermore"
            | "Moreover"
            | "Indeed"
            | "Nevertheless"
            | "Overall"
            | "Previously"
            | "Currently"
            | "Recently"
            | "Finally"
            | "First"
            | "Second"
            | "Third"
            | "Unlike"
            | "Like"
            | "Amid"
            | "Among"
    )
}

/// Capitalised words that follow `p.m.`, `Jan.` or `Inc.` inside a sentence:
/// days, months and time zones (`at 5 p.m. Monday`, `5 p.m. GMT`).
pub(crate) fn is_date_or_zone_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "GMT"
            | "UTC"
            | "EST"
            | "EDT"
            | "CST"
            | "CDT"
            | "MST"
            | "MDT"
            | "PST"
            | "PDT"
            | "ET"
            | "CT"
            | "PT"
            | "BST"
            | "CET"
            | "CEST"
            | "IST"
            | "AST"
            | "EEST"
            | "EET"
            | "JST"
            | "Eastern"
            | "Pacific"
            | "Central"
            | "Mountain"
            | "Greenwich"
    )
}

/// Prefixes that UD EWT keeps attached across a hyphen (`e-mail`,
/// `co-founder`, `non-profit`, `re-elected`); every other hyphen between
/// word characters is a token of its own there.
pub(crate) fn is_kept_hyphen_prefix(word: &str) -> bool {
    if word.len() > 7 {
        return false;
    }
    let mut lower = [0u8; 7];
    for (slot, byte) in lower.iter_mut().zip(word.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    matches!(
        &lower[..word.len()],
        b"e" | b"co"
            | b"pre"
            | b"post"
            | b"non"
            | b"anti"
            | b"re"
            | b"mid"
            | b"semi"
            | b"multi"
            | b"pro"
            | b"ex"
            | b"sub"
            | b"vice"
            | b"neo"
            | b"cross"
            | b"counter"
            | b"over"
            | b"un"
            | b"socio"
            | b"micro"
            | b"intra"
            | b"inter"
            | b"pan"
            | b"mini"
            | b"ultra"
            | b"psycho"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_never_end_sentences_but_companies_may() {
        assert_eq!(known_abbreviation("Gen"), Some(AbbreviationKind::Title));
        assert_eq!(known_abbreviation("Inc"), Some(AbbreviationKind::Ordinary));
        assert_eq!(known_abbreviation("p.m"), Some(AbbreviationKind::Ordinary));
        assert_eq!(known_abbreviation("said"), None);
    }

    #[test]
    fn hyphen_prefixes_ignore_case_and_reject_long_words() {
        assert!(is_kept_hyphen_prefix("Non"));
        assert!(is_kept_hyphen_prefix("e"));
        assert!(!is_kept_hyphen_prefix("al"));
        assert!(!is_kept_hyphen_prefix("counters"));
    }
}
