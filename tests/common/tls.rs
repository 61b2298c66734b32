//! A test certificate authority made with the machine's `openssl` and a
//! server certificate it signed for 127.0.0.1 and localhost, for TLS tests
//! on loopback (SMTP and PostgreSQL).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = SUBJECT_ALT_NAMES
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

/// A CA (`ca.pem`) and a server certificate and key it signed, in a
/// temporary folder that lives as long as this value.
pub struct ServerTls {
    pub dir: tempfile::TempDir,
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (Debian package openssl) must be installed for the TLS tests");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl ServerTls {
    /// A new CA named `name` and a server certificate signed by it.
    pub fn new(name: &str) -> Self {
        Self::for_names(name, "IP:127.0.0.1,DNS:localhost")
    }

    /// The same, with the server certificate for `alt_names` (openssl's
    /// `subjectAltName` syntax, e.g. `DNS:klankbord.example.nl`).
    pub fn for_names(name: &str, alt_names: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("openssl.cnf"),
            OPENSSL_CONFIG.replace("SUBJECT_ALT_NAMES", alt_names),
        )
        .unwrap();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        let subject = format!("/CN={name}");
        let mut ca = vec![
            "req",
            "-x509",
            "-config",
            "openssl.cnf",
            "-extensions",
            "ca",
        ];
        ca.extend(ec);
        ca.extend([
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            subject.as_str(),
        ]);
        openssl(d, &ca);
        let mut csr = vec!["req", "-new", "-config", "openssl.cnf"];
        csr.extend(ec);
        csr.extend([
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ]);
        openssl(d, &csr);
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                "2",
                "-days",
                "3650",
                "-extfile",
                "openssl.cnf",
                "-extensions",
                "server",
                "-out",
                "server.pem",
            ],
        );
        Self {
            ca: d.join("ca.pem"),
            cert: d.join("server.pem"),
            key: d.join("server.key"),
            dir,
        }
    }

    /// A rustls server configuration presenting the server certificate.
    pub fn config(&self) -> Arc<rustls::ServerConfig> {
        let certs = CertificateDer::pem_file_iter(&self.cert)
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = PrivateKeyDer::from_pem_file(&self.key).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
        Arc::new(config)
    }
}
