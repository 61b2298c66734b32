use proptest::prelude::*;

use super::*;

/// A PNG of `width` × `height` 8-bit RGBA pixels, with `extra` chunks
/// (kind, data) after the header.
pub(super) fn png_of(width: u32, height: u32, extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0);
        for x in 0..width {
            raw.extend_from_slice(&[(x % 256) as u8, (y % 256) as u8, 0x80, 0xff]);
        }
    }
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&raw).unwrap();
    let idat = e.finish().unwrap();
    let mut out = PNG_SIGNATURE.to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    for (kind, data) in extra {
        chunk(&mut out, kind, data);
    }
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A real 1 × 1 grey baseline JPEG (one DC and one AC code), with an
/// application segment and a comment that must go.
pub(super) fn jpeg_1x1() -> Vec<u8> {
    let mut j = vec![0xff, 0xd8];
    // APP1 with a payload, a comment.
    let app = b"Exif\0\0<script>alert(1)</script>";
    j.extend_from_slice(&[0xff, 0xe1, 0, (app.len() + 2) as u8]);
    j.extend_from_slice(app);
    let com = b"<html>hidden</html>";
    j.extend_from_slice(&[0xff, 0xfe, 0, (com.len() + 2) as u8]);
    j.extend_from_slice(com);
    // DQT 0: all ones.
    j.extend_from_slice(&[0xff, 0xdb, 0, 67, 0]);
    j.extend_from_slice(&[1; 64]);
    // SOF0: 8 bit, 1 × 1, one component, 1×1 sampling, table 0.
    j.extend_from_slice(&[0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
    // DHT DC 0 and AC 0: one code of length 1 for symbol 0.
    for class in [0x00, 0x10] {
        j.extend_from_slice(&[0xff, 0xc4, 0, 20, class, 1]);
        j.extend_from_slice(&[0; 15]);
        j.push(0);
    }
    // SOS, the two zero bits padded with ones, EOI.
    j.extend_from_slice(&[0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0, 0x3f, 0xff, 0xd9]);
    j
}

#[test]
fn a_png_is_rewritten_without_its_text_chunks() {
    let file = png_of(3, 2, &[(b"tEXt", b"Comment\0<script>alert(1)</script>")]);
    let logo = Logo::parse(&file).unwrap();
    assert_eq!(logo.format(), LogoFormat::Png);
    assert_eq!((logo.width(), logo.height()), (3, 2));
    assert!(!logo.bytes().windows(7).any(|w| w == b"<script"));
    assert!(!logo.bytes().windows(4).any(|w| w == b"tEXt"));
    // The rewrite is itself a valid PNG that rewrites to the same bytes.
    assert_eq!(Logo::parse(logo.bytes()).unwrap().bytes(), logo.bytes());
}

#[test]
fn a_jpeg_is_kept_without_its_application_segments_and_comments() {
    let logo = Logo::parse(&jpeg_1x1()).unwrap();
    assert_eq!(logo.format(), LogoFormat::Jpeg);
    assert_eq!((logo.width(), logo.height()), (1, 1));
    let b = logo.bytes();
    assert!(
        !b.windows(4)
            .any(|w| w == b"Exif" || w == b"<scr" || w == b"<htm")
    );
    assert_eq!(&b[..2], &[0xff, 0xd8]);
    assert_eq!(&b[b.len() - 2..], &[0xff, 0xd9]);
    assert_eq!(Logo::parse(b).unwrap().bytes(), b);
}

#[test]
fn html_renamed_text_and_empty_files_are_refused() {
    assert_eq!(
        Logo::parse(b"<!DOCTYPE html><script>alert(1)</script>"),
        Err(LogoError::NotAnImage)
    );
    assert_eq!(Logo::parse(b"GIF89a...."), Err(LogoError::NotAnImage));
    assert_eq!(Logo::parse(b""), Err(LogoError::Empty));
}

#[test]
fn truncated_or_trailing_files_are_refused() {
    let png = png_of(4, 4, &[]);
    for cut in [9, 20, 33, png.len() - 13, png.len() - 1] {
        assert_eq!(
            Logo::parse(&png[..cut]),
            Err(LogoError::Damaged("PNG")),
            "{cut}"
        );
    }
    let mut trailing = png.clone();
    trailing.extend_from_slice(b"<html>");
    assert_eq!(Logo::parse(&trailing), Err(LogoError::Damaged("PNG")));
    let jpeg = jpeg_1x1();
    for cut in [3, 10, jpeg.len() - 2, jpeg.len() - 1] {
        assert_eq!(
            Logo::parse(&jpeg[..cut]),
            Err(LogoError::Damaged("JPEG")),
            "{cut}"
        );
    }
    let mut trailing = jpeg.clone();
    trailing.extend_from_slice(b"<html>");
    assert_eq!(Logo::parse(&trailing), Err(LogoError::Damaged("JPEG")));
}

#[test]
fn a_bad_checksum_or_short_image_data_is_refused() {
    let mut png = png_of(2, 2, &[]);
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    png[idat + 6] ^= 0x01;
    assert_eq!(Logo::parse(&png), Err(LogoError::Damaged("PNG")));
    // A header that promises more rows than the data holds.
    let mut short = png_of(2, 2, &[]);
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&2u32.to_be_bytes());
    ihdr.extend_from_slice(&3u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut fixed = PNG_SIGNATURE.to_vec();
    chunk(&mut fixed, b"IHDR", &ihdr);
    fixed.extend_from_slice(&short.split_off(8 + 25));
    assert_eq!(Logo::parse(&fixed), Err(LogoError::Damaged("PNG")));
}

#[test]
fn large_files_and_dimensions_are_refused() {
    let mut big = png_of(1, 1, &[]);
    big.resize(MAX_LOGO_BYTES + 1, 0);
    assert_eq!(Logo::parse(&big), Err(LogoError::TooLarge));
    let wide = png_of(MAX_LOGO_SIDE + 1, 1, &[]);
    assert_eq!(
        Logo::parse(&wide),
        Err(LogoError::Dimensions {
            width: MAX_LOGO_SIDE + 1,
            height: 1
        })
    );
    assert!(Logo::parse(&png_of(MAX_LOGO_SIDE, 2, &[])).is_ok());
    let mut jpeg = jpeg_1x1();
    let sof = jpeg.windows(2).position(|w| w == [0xff, 0xc0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&2000u16.to_be_bytes());
    assert_eq!(
        Logo::parse(&jpeg),
        Err(LogoError::Dimensions {
            width: 1,
            height: 2000
        })
    );
}

#[test]
fn unsupported_kinds_are_named() {
    let mut lossless = jpeg_1x1();
    let sof = lossless.windows(2).position(|w| w == [0xff, 0xc0]).unwrap();
    lossless[sof + 1] = 0xc3;
    assert_eq!(Logo::parse(&lossless), Err(LogoError::Unsupported("JPEG")));
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 5, 0, 0, 0]);
    let mut bad = PNG_SIGNATURE.to_vec();
    chunk(&mut bad, b"IHDR", &ihdr);
    chunk(&mut bad, b"IEND", &[]);
    assert_eq!(Logo::parse(&bad), Err(LogoError::Unsupported("PNG")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any bytes behind either signature: no panic, and what is accepted
    /// rewrites to itself.
    #[test]
    fn any_bytes_are_refused_or_rewritten_stably(
        png in any::<bool>(),
        tail in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut file = if png { PNG_SIGNATURE.to_vec() } else { vec![0xff, 0xd8, 0xff] };
        file.extend_from_slice(&tail);
        if let Ok(logo) = Logo::parse(&file) {
            let again = Logo::parse(logo.bytes()).unwrap();
            prop_assert_eq!(again.bytes(), logo.bytes());
        }
    }

    /// One flipped byte in a good file is refused or still a good file.
    #[test]
    fn a_flipped_byte_is_refused_or_rewritten(
        at in 0usize..400, bit in 0u8..8, png in any::<bool>(),
    ) {
        let mut file = if png { png_of(3, 3, &[]) } else { jpeg_1x1() };
        let at = at % file.len();
        file[at] ^= 1 << bit;
        if let Ok(logo) = Logo::parse(&file) {
            let again = Logo::parse(logo.bytes()).unwrap();
            prop_assert_eq!(again.bytes(), logo.bytes());
        }
    }
}
