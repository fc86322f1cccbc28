//! The ids people and files name things by, as types: [`QuestionId`], [`CategoryId`]
//! and [`QualificationId`]. Each reads like a `&str` (compare it with one, print it,
//! `as_str` it, look it up in a map keyed by `str`) and serializes as its text, but a
//! category can no longer be passed where a qualification was meant. Each is a handle
//! on shared text (`Arc<str>`): a national batch's scorecards name the same few
//! qualifications a hundred thousand times, each a 16-byte handle, not a string of its
//! own.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Defines an id type over `Arc<str>` with the conversions and comparisons of text.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(Arc::from(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(Arc::from(id))
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                $name(Arc::from(id.as_str()))
            }
        }

        impl From<Arc<str>> for $name {
            fn from(id: Arc<str>) -> Self {
                $name(id)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == &*other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == &*other.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                String::schema_name()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                String::json_schema(generator)
            }
        }
    };
}

text_id! {
    /// A question's id (`JI04`), shared with the plan: the diagnostics of every
    /// scorecard name questions by it.
    ///
    /// ```
    /// use kip_index::QuestionId;
    /// let id = QuestionId::from("JI04");
    /// assert_eq!(id, "JI04");
    /// assert_eq!(vec![id.clone()], ["JI04"]);
    /// assert_eq!(format!("{id}"), "JI04");
    /// ```
    QuestionId
}

text_id! {
    /// A category's id (`pemkot`, `opd`): the group a body is ranked in (*kategori*
    /// badan publik), as the instrument declares it and a body's agency names it.
    ///
    /// ```
    /// use kip_index::CategoryId;
    /// let id = CategoryId::from("pemkot");
    /// assert_eq!(id, "pemkot");
    /// assert_eq!(serde_json::to_string(&id)?, r#""pemkot""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    CategoryId
}

text_id! {
    /// A qualification's id (`informatif`, `menuju_informatif`): the band of the final
    /// score a body earns (*kualifikasi*), as the instrument declares it.
    ///
    /// ```
    /// use kip_index::QualificationId;
    /// let id = QualificationId::from("informatif");
    /// assert_eq!(id.as_str(), "informatif");
    /// ```
    QualificationId
}
