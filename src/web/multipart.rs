//! Reading a `multipart/form-data` form (a file upload) with a limit per
//! field, so that a large upload is refused while it comes in, not after.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::web::errors::WebError;

/// The fields of a form, each at most its limit in bytes.
pub struct Limits<'a>(pub &'a [(&'a str, usize)]);

#[derive(Debug, PartialEq, Eq)]
pub enum Upload {
    /// (name, content) of every known field, in the order they came.
    Fields(Vec<(String, Vec<u8>)>),
    /// This field was larger than its limit (reading stopped there).
    TooLarge(String),
}

impl Upload {
    /// The content of a field (empty when absent).
    pub fn field(fields: &[(String, Vec<u8>)], name: &str) -> Vec<u8> {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

fn unreadable() -> WebError {
    WebError::BadRequest(
        "Het formulier met het bestand kon niet worden gelezen. Probeer het opnieuw.".into(),
    )
}

/// At most this many parts in one form (ours have three).
pub const MAX_PARTS: usize = 16;

/// Reads the form; fields not in `limits` are not kept and count as
/// too large if they hold anything; more than [`MAX_PARTS`] parts is refused.
pub async fn read(mut form: Multipart, limits: Limits<'_>) -> Result<Upload, WebError> {
    let mut fields = Vec::new();
    let mut parts = 0;
    while let Some(part) = form.next().await {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(unreadable());
        }
        let mut part = part.map_err(|_| unreadable())?;
        let name = part.name().unwrap_or_default().to_owned();
        let limit = limits
            .0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, l)| *l);
        let mut content = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| unreadable())?;
            if content.len() + chunk.len() > limit {
                return Ok(Upload::TooLarge(name));
            }
            content.extend_from_slice(&chunk);
        }
        if limit > 0 {
            fields.push((name, content));
        }
    }
    Ok(Upload::Fields(fields))
}
