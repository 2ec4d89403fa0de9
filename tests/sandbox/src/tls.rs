//! HTTPS for `--tls`: a self-signed certificate made at start, and rustls offering HTTP/2 and HTTP/1.1.
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rcgen::{CertifiedKey, PublicKeyData};
use ring::digest::{digest, SHA256};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// The names the certificate is for: the sandbox listens on loopback.
pub const NAMES: [&str; 2] = ["127.0.0.1", "localhost"];

/// What ALPN offers, in the server's order of preference: HTTP/2 first, as GitHub does.
pub const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// A fresh certificate and the TLS setup serving it.
pub struct Tls {
    pub acceptor: TlsAcceptor,
    /// The certificate as served (DER).
    pub certificate: CertificateDer<'static>,
    /// Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's
    /// `--ignore-certificate-errors-spki-list` takes.
    pub spki_sha256: String,
}

impl Tls {
    /// A new self-signed certificate for [`NAMES`] (a new key each start), served with the ring provider.
    pub fn self_signed() -> Result<Tls, String> {
        let CertifiedKey { cert, signing_key } = rcgen::generate_simple_self_signed(NAMES.map(String::from).to_vec()).map_err(|e| format!("--tls: cannot make a certificate: {e}"))?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(signing_key.serialize_der()));
        let certificate = cert.der().clone();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_no_client_auth().with_single_cert(vec![certificate.clone()], key))
            .map_err(|e| format!("--tls: cannot set up TLS: {e}"))?;
        config.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
        Ok(Tls { acceptor: TlsAcceptor::from(Arc::new(config)), certificate, spki_sha256: spki_sha256(&signing_key.subject_public_key_info()) })
    }
}

/// Base64 of the SHA-256 of a SubjectPublicKeyInfo's DER.
pub fn spki_sha256(spki_der: &[u8]) -> String {
    STANDARD.encode(digest(&SHA256, spki_der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_base64_of_a_sha256() {
        // SHA-256 of nothing, as Chromium would be given it.
        assert_eq!(spki_sha256(b""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        let a = Tls::self_signed().unwrap();
        let b = Tls::self_signed().unwrap();
        assert_ne!(a.spki_sha256, b.spki_sha256, "a new key each start");
        assert_eq!(STANDARD.decode(&a.spki_sha256).unwrap().len(), 32);
    }
}
