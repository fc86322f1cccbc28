//! The language people read: Indonesian by default (the commissions' own), or English.

/// The language of text meant for people: warnings, and the messages that go with
/// machine fields (`kind`) in the results JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// Bahasa Indonesia, the default.
    #[default]
    Indonesian,
    /// English.
    English,
}

impl Language {
    /// `id` or `en` (BCP 47), as `--lang` and the page's `lang` take them.
    ///
    /// ```
    /// use kip_index::Language;
    /// assert_eq!(Language::from_code("en"), Some(Language::English));
    /// assert_eq!(Language::from_code("ID"), Some(Language::Indonesian));
    /// assert_eq!(Language::from_code("jv"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "ind" | "indonesia" | "indonesian" => Some(Language::Indonesian),
            "en" | "eng" | "english" => Some(Language::English),
            _ => None,
        }
    }

    /// The language's code: `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Indonesian => "id",
            Language::English => "en",
        }
    }

    /// `id` in Indonesian, `en` in English: for the one place each sentence is written
    /// in both.
    pub(crate) fn pick<T>(self, id: T, en: T) -> T {
        match self {
            Language::Indonesian => id,
            Language::English => en,
        }
    }
}
