//! Gzip for pages and assets, compressed on the thread that rendered them.
//!
//! actix-web's `Compress` hands every chunk over 1 KiB to the blocking thread
//! pool (the one the database work runs on) and turns a page of known length
//! into a chunked stream that leaves in several writes: a thread hop and a
//! second write on every page a browser asks for. Our pages and assets are
//! whole in memory, so this middleware compresses them in place, at gzip's
//! fastest level, and answers with one body of known length. Each thread
//! keeps its compressor: a new one is some 300 KB of tables, allocated,
//! zeroed and unmapped again on every page (it cost more than the page).

use actix_web::Error;
use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use std::cell::RefCell;

/// Bodies shorter than this go out as they are: gzip's header and trailer
/// would eat most of the gain.
pub const MIN_GZIP_BYTES: u64 = 1024;

/// Whether the client accepts gzip: `gzip` or `x-gzip` (or `*`) with a
/// quality above zero in `Accept-Encoding`.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let wanted = ["gzip", "x-gzip", "*"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n));
            wanted && parts.all(|p| quality_above_zero(p.trim()))
        })
}

/// `false` only for a `q` parameter of zero (`q=0`, `q=0.0`, `q=0.000`).
fn quality_above_zero(param: &str) -> bool {
    let Some((name, value)) = param.split_once('=') else {
        return true;
    };
    if !name.trim().eq_ignore_ascii_case("q") {
        return true;
    }
    value.trim().parse::<f32>().map_or(true, |q| q > 0.0)
}

/// Text the browser can take compressed; images, PDFs and archives are
/// compressed already.
fn compressible(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = kind.split(';').next().unwrap_or("").trim();
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/javascript" | "application/json" | "image/svg+xml"
        )
}

/// Gzips a compressible response of known length when the client asks for
/// it; says `Vary: Accept-Encoding` on every compressible one, so a cache
/// between keeps the two apart.
pub async fn gzip(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, Error> {
    let wanted = accepts_gzip(req.headers());
    let mut res = next.call(req).await?.map_into_boxed_body();
    let headers = res.headers_mut();
    if !compressible(headers) || headers.contains_key(header::CONTENT_ENCODING) {
        return Ok(res.map_into_left_body());
    }
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let long_enough =
        matches!(res.response().body().size(), BodySize::Sized(n) if n >= MIN_GZIP_BYTES);
    if !wanted || !long_enough {
        return Ok(res.map_into_left_body());
    }
    let (req, res) = res.into_parts();
    let (res, body) = res.into_parts();
    let plain = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // Not whole in memory (none of ours): as it is.
        Err(body) => return Ok(ServiceResponse::new(req, res.set_body(body)).map_into_left_body()),
    };
    let gzipped = gzip_bytes(&plain).map_err(actix_web::error::ErrorInternalServerError)?;
    let mut res = res.set_body(gzipped);
    res.headers_mut()
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    res.headers_mut().remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(req, res.map_into_boxed_body()).map_into_right_body())
}

thread_local! {
    /// This thread's raw-deflate compressor, reset before each use.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
}

/// `plain` as one gzip member (RFC 1952): header, raw deflate, CRC-32 and
/// length.
pub fn gzip_bytes(plain: &[u8]) -> Result<Vec<u8>, flate2::CompressError> {
    // ID1 ID2, deflate, no flags, no time, no extra flags, OS unknown.
    let mut out = Vec::with_capacity(plain.len() / 2 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        loop {
            let read = usize::try_from(deflate.total_in()).unwrap_or(plain.len());
            let rest = plain.get(read..).unwrap_or_default();
            out.reserve(rest.len() / 2 + 64);
            if deflate.compress_vec(rest, &mut out, FlushCompress::Finish)? == Status::StreamEnd {
                return Ok(());
            }
        }
    })?;
    let mut crc = Crc::new();
    crc.update(plain);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE: the length modulo 2^32, as the format says.
    out.extend_from_slice(&(plain.len() as u32).to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> bool {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
        );
        accepts_gzip(&h)
    }

    #[test]
    fn reads_accept_encoding_as_browsers_send_it() {
        assert!(accept("gzip, deflate, br, zstd"));
        assert!(accept("br;q=1.0, gzip;q=0.8, *;q=0.1"));
        assert!(accept("x-gzip"));
        assert!(accept("GZIP"));
        assert!(accept("*"));
        assert!(!accept("identity"));
        assert!(!accept("br, deflate"));
        assert!(!accept("gzip;q=0"));
        assert!(!accept("gzip; q=0.000"));
        assert!(!accept("gzipped"));
        assert!(!accept(""));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn gzip_bytes_gives_what_a_gzip_reader_reads_back_again_and_again() {
        use std::io::Read;
        let page = "<p>Klankbord</p>".repeat(2_000);
        // The same thread's compressor, reset in between: equal members.
        let first = gzip_bytes(page.as_bytes()).unwrap_or_default();
        for text in [page.as_str(), "", "kort", page.as_str()] {
            let member = gzip_bytes(text.as_bytes()).unwrap_or_default();
            let mut back = String::new();
            let read = flate2::read::GzDecoder::new(&member[..]).read_to_string(&mut back);
            assert!(read.is_ok(), "{read:?}");
            assert_eq!(back, text);
        }
        assert_eq!(gzip_bytes(page.as_bytes()).unwrap_or_default(), first);
        assert!(first.len() < page.len() / 10, "{}", first.len());
    }

    #[test]
    fn compresses_text_not_images_or_pdfs() {
        let kind = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(v));
            compressible(&h)
        };
        assert!(kind("text/html; charset=utf-8"));
        assert!(kind("text/css"));
        assert!(kind("image/svg+xml"));
        assert!(!kind("image/png"));
        assert!(!kind("application/pdf"));
        assert!(!compressible(&HeaderMap::new()));
    }
}
