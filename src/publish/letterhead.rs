//! The commission's heading (*kop*) on every card, the report and the workbook's annex:
//! its name, the year, the decree's number, the place and date and the signatory, and
//! its logo embedded in the page (a `data:` URL: nothing fetched).

use super::html::escape_html;

/// The heading, resolved: every value as text, the logo as a `data:` URL.
#[derive(Default, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Letterhead {
    /// The commission ("Komisi Informasi Provinsi Banten").
    pub commission: Option<String>,
    /// The Monev's year ("2025").
    pub year: Option<String>,
    /// The decree (*Keputusan*) the results are published by.
    pub decree: Option<String>,
    /// The place and date of signing ("Serang, 10 Desember 2025").
    pub place_date: Option<String>,
    /// Who signs, as "Name, Title": the title is what follows the last comma.
    pub signatory: Option<String>,
    /// The logo as a `data:` URL ([`logo_data_url`]); nothing else is shown.
    pub logo: Option<String>,
}

/// An image's bytes as a `data:` URL for [`Letterhead::logo`], its type told from its
/// first bytes (never a name): `None` unless PNG, JPEG, GIF, WebP or SVG.
///
/// ```
/// let url = kip_index::logo_data_url(b"GIF89a\x01\x00\x01\x00").unwrap();
/// assert!(url.starts_with("data:image/gif;base64,"));
/// assert_eq!(kip_index::logo_data_url(b"<html><script>"), None);
/// ```
pub fn logo_data_url(bytes: &[u8]) -> Option<String> {
    use base64::Engine as _;
    let mime = image_type(bytes)?;
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{mime};base64,{data}"))
}

/// The image type of `bytes` by its signature. An SVG shown through `<img>` runs no
/// script and fetches nothing, so it is as safe as the others.
pub(crate) fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else {
        let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(1024))?);
        head.contains("<svg").then_some("image/svg+xml")
    }
}

impl Letterhead {
    /// Whether anything is given.
    pub fn is_empty(&self) -> bool {
        self.commission.is_none()
            && self.year.is_none()
            && self.decree.is_none()
            && self.place_date.is_none()
            && self.signatory.is_none()
            && self.logo.is_none()
    }

    /// The heading at the top of a page: logo, commission, the Monev's year, the decree.
    pub(crate) fn heading(&self, monev: &str, decree_word: &str) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut html = String::from("<header class=\"kop\">");
        if let Some(logo) = &self.logo {
            html.push_str(&format!("<img class=\"logo\" src=\"{logo}\" alt=\"\">"));
        }
        html.push_str("<div>");
        if let Some(commission) = &self.commission {
            html.push_str(&format!(
                "<div class=\"commission\"><bdi>{}</bdi></div>",
                escape_html(commission)
            ));
        }
        if let Some(year) = &self.year {
            html.push_str(&format!(
                "<div>{} <bdi>{}</bdi></div>",
                escape_html(monev),
                escape_html(year)
            ));
        }
        if let Some(decree) = &self.decree {
            html.push_str(&format!(
                "<div class=\"decree\">{} <bdi>{}</bdi></div>",
                escape_html(decree_word),
                escape_html(decree)
            ));
        }
        html.push_str("</div></header>\n");
        html
    }

    /// The signature block at the foot: place and date, title, room to sign, name.
    pub(crate) fn signature(&self) -> String {
        if self.place_date.is_none() && self.signatory.is_none() {
            return String::new();
        }
        let mut html = String::from("<div class=\"signature\">");
        if let Some(place_date) = &self.place_date {
            html.push_str(&format!(
                "<div><bdi>{}</bdi></div>",
                escape_html(place_date)
            ));
        }
        if let Some(signatory) = &self.signatory {
            let (name, title) = match signatory.rsplit_once(',') {
                Some((name, title)) if !title.trim().is_empty() => (name.trim(), title.trim()),
                _ => (signatory.trim(), ""),
            };
            if !title.is_empty() {
                html.push_str(&format!("<div><bdi>{}</bdi></div>", escape_html(title)));
            }
            html.push_str(&format!(
                "<div class=\"sign-space\"></div><div class=\"name\"><bdi>{}</bdi></div>",
                escape_html(name)
            ));
        }
        html.push_str("</div>\n");
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_told_by_their_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            image_type(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(image_type(b"<html><script>"), None);
        assert_eq!(image_type(b""), None);
    }

    #[test]
    fn the_title_is_what_follows_the_last_comma() {
        let head = Letterhead {
            signatory: Some("Dr. Ani <b>, S.H., Ketua".into()),
            ..Letterhead::default()
        };
        let html = head.signature();
        assert!(html.contains("<div><bdi>Ketua</bdi></div>"), "{html}");
        assert!(html.contains("Dr. Ani &lt;b&gt;, S.H."), "{html}");
    }
}
