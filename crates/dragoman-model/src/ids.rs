use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id of the `index`-th record of its kind (0-based), e.g. `e1` for the first entity.
            pub fn nth(index: usize) -> Self {
                Self(format!(concat!($prefix, "{}"), index + 1))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

record_id!(
    /// Refers to an [`crate::Entity`] of the same document.
    EntityId,
    "e"
);
record_id!(
    /// Refers to a [`crate::Quote`] of the same document.
    QuoteId,
    "q"
);
record_id!(
    /// Refers to a [`crate::Place`] of the same document.
    PlaceId,
    "p"
);
record_id!(
    /// Refers to a [`crate::TimeExpression`] of the same document.
    TimeId,
    "t"
);
record_id!(
    /// Refers to an [`crate::Event`] of the same document.
    EventId,
    "v"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_one_based_with_a_kind_prefix() {
        assert_eq!(EntityId::nth(0).as_str(), "e1");
        assert_eq!(QuoteId::nth(4).to_string(), "q5");
        assert_eq!(serde_json::to_string(&PlaceId::nth(1)).unwrap(), "\"p2\"");
    }
}
