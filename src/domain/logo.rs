//! A municipality's logo: a PNG or JPEG, recognised by its content (never
//! its name), checked to the last byte and written anew, so that what is
//! served holds nothing but the picture.
//!
//! - **PNG**: every chunk and its checksum is checked, the image data is
//!   inflated and must be exactly as long as the header says (filter byte
//!   per row included); the new file has only the header, the palette and
//!   transparency, one freshly compressed data chunk and the end. Text,
//!   profiles and anything after the end are gone.
//! - **JPEG** (baseline or progressive, grey or colour): the marker
//!   structure is checked from start to end; the new file keeps only the
//!   tables, the frame, the scans and the end. Application segments
//!   (Exif, XMP, ICC) and comments are gone, and nothing may follow the end.
//!
//! Limits: [`MAX_LOGO_BYTES`] for the file, [`MAX_LOGO_SIDE`] pixels a side.

use std::io::{Read, Write};

/// The largest file accepted: 200 KiB.
pub const MAX_LOGO_BYTES: usize = 200 * 1024;
/// The widest and highest a logo may be, in pixels.
pub const MAX_LOGO_SIDE: u32 = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
}

impl LogoFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn parse(content_type: &str) -> Option<LogoFormat> {
        [LogoFormat::Png, LogoFormat::Jpeg]
            .into_iter()
            .find(|f| f.content_type() == content_type)
    }
}

/// A checked and rewritten logo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    format: LogoFormat,
    width: u32,
    height: u32,
    bytes: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error("Kies een bestand met het logo.")]
    Empty,
    #[error("Het logo is te groot: het mag hoogstens {} KiB zijn.", MAX_LOGO_BYTES / 1024)]
    TooLarge,
    #[error("Het bestand is geen PNG- of JPEG-afbeelding.")]
    NotAnImage,
    #[error("Het bestand is geen geldige {0}-afbeelding: het is beschadigd of onvolledig.")]
    Damaged(&'static str),
    #[error(
        "Deze soort {0}-afbeelding wordt niet ondersteund; sla het logo op als gewone PNG of JPEG."
    )]
    Unsupported(&'static str),
    #[error(
        "Het logo is {width} × {height} pixels; het mag hoogstens {MAX_LOGO_SIDE} × {MAX_LOGO_SIDE} pixels zijn."
    )]
    Dimensions { width: u32, height: u32 },
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];

impl Logo {
    /// Recognises, checks and rewrites an uploaded file.
    pub fn parse(bytes: &[u8]) -> Result<Logo, LogoError> {
        if bytes.is_empty() {
            return Err(LogoError::Empty);
        }
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge);
        }
        if bytes.starts_with(&PNG_SIGNATURE) {
            png(bytes)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            jpeg(bytes)
        } else {
            Err(LogoError::NotAnImage)
        }
    }

    pub fn format(&self) -> LogoFormat {
        self.format
    }
    pub fn width(&self) -> u32 {
        self.width
    }
    pub fn height(&self) -> u32 {
        self.height
    }
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

fn check_size(width: u32, height: u32) -> Result<(), LogoError> {
    if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
        return Err(LogoError::Dimensions { width, height });
    }
    Ok(())
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

// ---------- PNG ----------

const PNG: &str = "PNG";

struct Header {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    interlaced: bool,
}

impl Header {
    fn channels(&self) -> u32 {
        match self.colour {
            2 => 3,
            4 => 2,
            6 => 4,
            _ => 1,
        }
    }

    /// (bytes per row without the filter byte, rows) of each pass.
    fn passes(&self) -> Vec<(usize, usize)> {
        let bits = u64::from(self.channels()) * u64::from(self.depth);
        let row = |w: u32| usize::try_from((u64::from(w) * bits).div_ceil(8)).unwrap_or(usize::MAX);
        if !self.interlaced {
            return vec![(row(self.width), self.height as usize)];
        }
        // Adam7: (x start, y start, x step, y step).
        [
            (0, 0, 8, 8),
            (4, 0, 8, 8),
            (0, 4, 4, 8),
            (2, 0, 4, 4),
            (0, 2, 2, 4),
            (1, 0, 2, 2),
            (0, 1, 1, 2),
        ]
        .into_iter()
        .map(|(x0, y0, dx, dy)| {
            let w = (self.width + dx - 1 - x0) / dx;
            let h = (self.height + dy - 1 - y0) / dy;
            (row(w), h as usize)
        })
        .filter(|&(w, h)| w > 0 && h > 0)
        .collect()
    }
}

fn ihdr(data: &[u8]) -> Result<Header, LogoError> {
    if data.len() != 13 {
        return Err(LogoError::Damaged(PNG));
    }
    let h = Header {
        width: be32(&data[0..4]),
        height: be32(&data[4..8]),
        depth: data[8],
        colour: data[9],
        interlaced: data[12] == 1,
    };
    let depth_ok = match h.colour {
        0 => [1, 2, 4, 8, 16].contains(&h.depth),
        3 => [1, 2, 4, 8].contains(&h.depth),
        2 | 4 | 6 => [8, 16].contains(&h.depth),
        _ => false,
    };
    if !depth_ok || data[10] != 0 || data[11] != 0 || data[12] > 1 {
        return Err(LogoError::Unsupported(PNG));
    }
    if h.width == 0 || h.height == 0 {
        return Err(LogoError::Damaged(PNG));
    }
    check_size(h.width, h.height)?;
    Ok(h)
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

fn png(bytes: &[u8]) -> Result<Logo, LogoError> {
    let damaged = || LogoError::Damaged(PNG);
    let mut at = PNG_SIGNATURE.len();
    let mut header: Option<Header> = None;
    let mut palette: Option<&[u8]> = None;
    let mut transparency: Option<&[u8]> = None;
    let mut compressed = Vec::new();
    let mut idat_done = false;
    loop {
        let head = bytes.get(at..at + 8).ok_or_else(damaged)?;
        let len = be32(&head[0..4]) as usize;
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(damaged());
        }
        let data = bytes.get(at + 8..at + 8 + len).ok_or_else(damaged)?;
        let crc = bytes.get(at + 8 + len..at + 12 + len).ok_or_else(damaged)?;
        let mut h = crc32fast::Hasher::new();
        h.update(&kind);
        h.update(data);
        if h.finalize() != be32(crc) {
            return Err(damaged());
        }
        at += 12 + len;
        if header.is_none() && &kind != b"IHDR" {
            return Err(damaged());
        }
        if !compressed.is_empty() && &kind != b"IDAT" {
            idat_done = true;
        }
        match &kind {
            b"IHDR" if header.is_none() => header = Some(ihdr(data)?),
            b"PLTE" if palette.is_none() && compressed.is_empty() => {
                let h = header.as_ref().ok_or_else(damaged)?;
                let entries = data.len() / 3;
                if data.len() % 3 != 0 || entries == 0 || entries > 256 || matches!(h.colour, 0 | 4)
                {
                    return Err(damaged());
                }
                if h.colour == 3 && entries > (1usize << h.depth) {
                    return Err(damaged());
                }
                palette = Some(data);
            }
            b"tRNS" if transparency.is_none() && compressed.is_empty() => {
                let h = header.as_ref().ok_or_else(damaged)?;
                let ok = match h.colour {
                    0 => data.len() == 2,
                    2 => data.len() == 6,
                    3 => palette.is_some_and(|p| data.len() <= p.len() / 3),
                    _ => false,
                };
                if !ok {
                    return Err(damaged());
                }
                transparency = Some(data);
            }
            b"IDAT" if !idat_done => compressed.extend_from_slice(data),
            b"IEND" => {
                if !data.is_empty() || at != bytes.len() || compressed.is_empty() {
                    return Err(damaged());
                }
                break;
            }
            // Ancillary chunks (text, profiles, times …) are dropped.
            k if k[0].is_ascii_lowercase() && k != b"tRNS" => {}
            _ => return Err(damaged()),
        }
    }
    let h = header.ok_or_else(damaged)?;
    if h.colour == 3 && palette.is_none() {
        return Err(damaged());
    }
    let passes = h.passes();
    let expected: usize = passes.iter().map(|(w, rows)| (w + 1) * rows).sum();
    let mut raw = Vec::with_capacity(expected);
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(expected as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|_| damaged())?;
    if raw.len() != expected {
        return Err(damaged());
    }
    let mut row_start = 0;
    for (w, rows) in passes {
        for _ in 0..rows {
            if raw[row_start] > 4 {
                return Err(damaged());
            }
            row_start += w + 1;
        }
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&raw).map_err(|_| damaged())?;
    let idat = encoder.finish().map_err(|_| damaged())?;
    let mut out = PNG_SIGNATURE.to_vec();
    let mut ihdr_data = Vec::with_capacity(13);
    ihdr_data.extend_from_slice(&h.width.to_be_bytes());
    ihdr_data.extend_from_slice(&h.height.to_be_bytes());
    ihdr_data.extend_from_slice(&[h.depth, h.colour, 0, 0, u8::from(h.interlaced)]);
    chunk(&mut out, b"IHDR", &ihdr_data);
    if let Some(p) = palette {
        chunk(&mut out, b"PLTE", p);
    }
    if let Some(t) = transparency {
        chunk(&mut out, b"tRNS", t);
    }
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    Ok(Logo {
        format: LogoFormat::Png,
        width: h.width,
        height: h.height,
        bytes: out,
    })
}

// ---------- JPEG ----------

const JPEG: &str = "JPEG";

fn jpeg(bytes: &[u8]) -> Result<Logo, LogoError> {
    let damaged = || LogoError::Damaged(JPEG);
    let mut out = vec![0xff, 0xd8];
    let mut at = 2;
    let mut frame: Option<(u32, u32)> = None;
    let mut scans = 0;
    loop {
        if bytes.get(at) != Some(&0xff) {
            return Err(damaged());
        }
        // Fill bytes before a marker.
        while bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let marker = *bytes.get(at + 1).ok_or_else(damaged)?;
        at += 2;
        if marker == 0xd9 {
            if frame.is_none() || scans == 0 || at != bytes.len() {
                return Err(damaged());
            }
            out.extend_from_slice(&[0xff, 0xd9]);
            break;
        }
        let len_bytes = bytes.get(at..at + 2).ok_or_else(damaged)?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        if len < 2 {
            return Err(damaged());
        }
        let data = bytes.get(at + 2..at + len).ok_or_else(damaged)?;
        let segment = &bytes[at - 2..at + len];
        at += len;
        match marker {
            // Application segments and comments: dropped.
            0xe0..=0xef | 0xfe => {}
            0xdb | 0xc4 => out.extend_from_slice(segment),
            0xdd => {
                if data.len() != 2 {
                    return Err(damaged());
                }
                out.extend_from_slice(segment);
            }
            0xc0..=0xc2 => {
                if frame.is_some() || data.len() < 6 || data[0] != 8 {
                    return Err(if data.first() == Some(&8) {
                        damaged()
                    } else {
                        LogoError::Unsupported(JPEG)
                    });
                }
                let height = u32::from(u16::from_be_bytes([data[1], data[2]]));
                let width = u32::from(u16::from_be_bytes([data[3], data[4]]));
                let components = usize::from(data[5]);
                if !matches!(components, 1 | 3) {
                    return Err(LogoError::Unsupported(JPEG));
                }
                if data.len() != 6 + 3 * components || width == 0 || height == 0 {
                    return Err(damaged());
                }
                for c in data[6..].chunks(3) {
                    let (h, v) = (c[1] >> 4, c[1] & 0x0f);
                    if !(1..=4).contains(&h) || !(1..=4).contains(&v) || c[2] > 3 {
                        return Err(damaged());
                    }
                }
                check_size(width, height)?;
                frame = Some((width, height));
                out.extend_from_slice(segment);
            }
            0xda => {
                let components = usize::from(*data.first().ok_or_else(damaged)?);
                if frame.is_none()
                    || !(1..=4).contains(&components)
                    || data.len() != 4 + 2 * components
                {
                    return Err(damaged());
                }
                out.extend_from_slice(segment);
                // Entropy-coded data up to the next marker.
                let start = at;
                loop {
                    match bytes.get(at) {
                        None => return Err(damaged()),
                        Some(0xff) => match bytes.get(at + 1) {
                            Some(0x00 | 0xd0..=0xd7) => at += 2,
                            Some(_) => break,
                            None => return Err(damaged()),
                        },
                        Some(_) => at += 1,
                    }
                }
                out.extend_from_slice(&bytes[start..at]);
                scans += 1;
            }
            0xc3 | 0xc5..=0xcf => return Err(LogoError::Unsupported(JPEG)),
            _ => return Err(damaged()),
        }
    }
    let (width, height) = frame.ok_or_else(damaged)?;
    Ok(Logo {
        format: LogoFormat::Jpeg,
        width,
        height,
        bytes: out,
    })
}

#[cfg(test)]
mod tests;
