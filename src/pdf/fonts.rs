//! The embedded fonts (Noto Sans, SIL OFL; `assets/fonts/OFL.txt`): glyphs
//! and widths for line breaking, and glyph runs for krilla.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::PdfError;
use super::layout::{Measure, Weight};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// What a character without a glyph in the font is drawn as.
const MISSING: char = '?';

/// One face: krilla's font, and per character its glyph and advance.
pub(crate) struct Face {
    pub(crate) font: Font,
    /// Per character (as `u32`) below `CACHED`: glyph id and advance in em.
    cached: Vec<Option<(u32, f32)>>,
    data: &'static [u8],
}

/// Characters up to here (Latin, punctuation, the dashes and quotes) are
/// looked up once; others on each use.
const CACHED: u32 = 0x2100;

impl Face {
    fn new(data: &'static [u8]) -> Result<Self, PdfError> {
        let font = Font::new(data.into(), 0).ok_or(PdfError::Font)?;
        let face = FontRef::new(data).map_err(|_| PdfError::Font)?;
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        let upem = font.units_per_em();
        let cached = (0..CACHED)
            .map(|c| {
                let gid = charmap.map(c)?;
                Some((gid.to_u32(), metrics.advance_width(gid)? / upem))
            })
            .collect();
        Ok(Self { font, cached, data })
    }

    /// Glyph and advance (in em) of a character; a character the font
    /// lacks is drawn as [`MISSING`].
    fn glyph(&self, c: char) -> (u32, f32) {
        let found = if (c as u32) < CACHED {
            self.cached[c as usize]
        } else {
            FontRef::new(self.data).ok().and_then(|face| {
                let gid = face.charmap().map(c)?;
                let advance = face
                    .glyph_metrics(Size::unscaled(), LocationRef::default())
                    .advance_width(gid)?;
                Some((gid.to_u32(), advance / self.font.units_per_em()))
            })
        };
        match found {
            Some((gid, adv)) if gid != 0 => (gid, adv),
            _ if c == MISSING => (0, 0.5),
            _ => self.glyph(MISSING),
        }
    }

    /// Width of a text at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// The glyphs of one line, one per character (no ligatures or kerning:
    /// plain Dutch text needs neither).
    pub(crate) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(at, c)| {
                let (gid, adv) = self.glyph(c);
                KrillaGlyph::new(
                    GlyphId::new(gid),
                    adv,
                    0.0,
                    0.0,
                    0.0,
                    at..at + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

/// The two faces every document uses.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Face::new(REGULAR)?,
            bold: Face::new(BOLD)?,
        })
    }

    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

impl Measure for Fonts {
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        self.face(weight).width(text, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_text_has_glyphs_and_a_missing_character_becomes_a_question_mark() {
        let fonts = Fonts::load().unwrap();
        for c in "ëéïü‘’“”—–−€ Zelfbeeld".chars() {
            assert_ne!(fonts.regular.glyph(c).0, 0, "{c}");
            assert_ne!(fonts.bold.glyph(c).0, 0, "{c}");
        }
        assert_eq!(fonts.regular.glyph('🙂'), fonts.regular.glyph('?'));
        assert!(fonts.bold.width("Wauw", 10.0) > fonts.regular.width("Wauw", 10.0));
        assert!(
            (fonts.regular.width("ii", 10.0) - 2.0 * fonts.regular.width("i", 10.0)).abs() < 1e-4
        );
    }
}
