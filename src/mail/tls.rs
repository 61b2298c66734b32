//! Which certificates SMTP over TLS trusts: lettre's compiled-in Mozilla
//! roots, the system's roots (where a municipality's IT adds its internal or
//! PKIoverheid CA, e.g. /etc/ssl/certs) and, if set, the CA file of
//! `KLANKBORD_SMTP_CA_FILE`. Host names are always checked.

use std::path::Path;

use lettre::transport::smtp::client::{Certificate, CertificateStore, TlsParameters};
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::MailSetupError;

/// The certificates rustls accepts as roots (a system store may hold a few
/// it cannot use; one of those must not stop the mail).
fn usable(certs: impl IntoIterator<Item = CertificateDer<'static>>) -> Vec<Certificate> {
    certs
        .into_iter()
        .filter(|c| RootCertStore::empty().add(c.clone()).is_ok())
        .filter_map(|c| Certificate::from_der(c.to_vec()).ok())
        .collect()
}

/// The roots of the operating system (none if it has no store).
pub fn system_roots() -> Vec<Certificate> {
    usable(rustls_native_certs::load_native_certs().certs)
}

/// The certificates of a PEM file; an unreadable file or one without a
/// usable certificate stops the start-up.
pub fn ca_file_roots(file: &Path) -> Result<Vec<Certificate>, MailSetupError> {
    let fail =
        |why: String| MailSetupError(format!("KLANKBORD_SMTP_CA_FILE {}: {why}", file.display()));
    let pem = std::fs::read(file).map_err(|e| fail(e.to_string()))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| fail("geen geldig PEM-bestand".into()))?;
    let roots = usable(certs);
    if roots.is_empty() {
        return Err(fail("bevat geen bruikbaar CA-certificaat".into()));
    }
    Ok(roots)
}

/// TLS parameters for `host` trusting the given extra roots as well as the
/// compiled-in ones.
pub fn parameters(host: &str, roots: &[Certificate]) -> Result<TlsParameters, MailSetupError> {
    roots
        .iter()
        .cloned()
        .fold(
            TlsParameters::builder(host.to_owned())
                .certificate_store(CertificateStore::WebpkiRoots),
            |b, root| b.add_root_certificate(root),
        )
        .build_rustls()
        .map_err(|e| MailSetupError(format!("TLS voor {host}: {e}")))
}
