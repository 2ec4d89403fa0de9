//! `--tls`: the sandbox binary serves HTTPS with HTTP/2 and HTTP/1.1 offered by ALPN, writes its own
//! URLs with the scheme the request came in on, and prints a fingerprint that is the served
//! certificate's. Without the flag it is the plain HTTP/1.1 server it always was.
use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStdout, Command, Stdio};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Client, Version};
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::Value;

/// The binary, started with `flags` on a free port; killed when dropped.
struct Running {
    child: Child,
    /// What it printed up to and including the `listening on` line.
    printed: Vec<String>,
    /// `http(s)://127.0.0.1:PORT`
    root: String,
    /// `root` and the API prefix, as printed.
    api: String,
    // Kept open, so that the sandbox never writes into a closed pipe.
    _stdout: Lines<BufReader<ChildStdout>>,
}

impl Running {
    fn start(flags: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ghes-sandbox")).args(["--addr", "127.0.0.1:0"]).args(flags).stdout(Stdio::piped()).spawn().expect("start ghes-sandbox");
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let mut printed = Vec::new();
        let api = loop {
            let line = lines.next().unwrap_or_else(|| panic!("the sandbox stopped before listening; it printed {printed:?}")).unwrap();
            printed.push(line.clone());
            if let Some(url) = line.strip_prefix("ghes-sandbox listening on ") {
                break url.to_string();
            }
        };
        let root = api.strip_suffix("/api/v3").unwrap_or(&api).to_string();
        Running { child, printed, root, api, _stdout: lines }
    }

    /// The `spki-sha256: ...` line's value.
    fn spki(&self) -> Option<&str> {
        self.printed.iter().find_map(|l| l.strip_prefix("spki-sha256: "))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client for the self-signed certificate: the fingerprint test checks who is on the other end.
fn client(configure: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder) -> Client {
    configure(Client::builder().danger_accept_invalid_certs(true).tls_info(true)).build().unwrap()
}

async fn get(client: &Client, url: &str, token: &str) -> reqwest::Response {
    client.get(url).header("authorization", format!("Bearer {token}")).header("accept", "application/vnd.github+json").send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

/// Each URL in a Link header.
fn link_urls(link: &str) -> Vec<String> {
    link.split(',').filter_map(|part| Some(part.trim().strip_prefix('<')?.split_once('>')?.0.to_string())).collect()
}

#[tokio::test]
async fn alpn_chooses_http2_and_every_url_written_says_https() {
    let s = Running::start(&["--tls", "--sso-org", "acme-mobile"]);
    assert!(s.api.starts_with("https://127.0.0.1:") && s.api.ends_with("/api/v3"), "{:?}", s.printed);
    let h2 = client(|b| b);
    let runners = get(&h2, &format!("{}/orgs/acme-platform/actions/runners?per_page=2", s.api), "sandbox-admin").await;
    assert_eq!((runners.version(), runners.status().as_u16()), (Version::HTTP_2, 200), "ALPN offers h2 first");
    // HTTP/2 has no Host header: the links name the :authority the client used.
    let links = link_urls(&header(&runners, "link"));
    assert_eq!(links.len(), 2, "next and last: {links:?}");
    assert!(links.iter().all(|l| l.starts_with(&format!("{}/orgs/acme-platform/actions/runners?", s.api))), "{links:?}");
    let next = get(&h2, &links[0], "sandbox-admin").await;
    assert_eq!(next.status(), 200, "the next link can be followed");

    let root: Value = get(&h2, &format!("{}/", s.api), "sandbox-admin").await.json().await.unwrap();
    assert_eq!(root["current_user_url"], format!("{}/user", s.api));
    let user: Value = get(&h2, &format!("{}/user", s.api), "sandbox-admin").await.json().await.unwrap();
    assert_eq!((user["url"].as_str(), user["avatar_url"].as_str()), (Some(&*format!("{}/users/octo-admin", s.api)), Some(&*format!("{}/avatars/u/1", s.root))));
    let downloads: Value = get(&h2, &format!("{}/orgs/acme-platform/actions/runners/downloads", s.api), "sandbox-admin").await.json().await.unwrap();
    assert!(downloads.as_array().unwrap().iter().all(|d| d["download_url"].as_str().unwrap().starts_with(&format!("{}/_sandbox/downloads/", s.root))), "{downloads}");

    // SAML SSO: the header's URL is on the sandbox's https origin, and opening it authorizes the token.
    let refused = get(&h2, &format!("{}/orgs/acme-mobile/actions/runners", s.api), "sandbox-admin").await;
    assert_eq!(refused.status(), 403);
    let sso = header(&refused, "x-github-sso");
    let url = sso.strip_prefix("required; url=").unwrap_or_else(|| panic!("{sso}"));
    assert!(url.starts_with(&format!("{}/orgs/acme-mobile/sso?authorization_request=", s.root)), "{sso}");
    assert_eq!(h2.get(url).send().await.unwrap().status(), 200);
    assert_eq!(get(&h2, &format!("{}/orgs/acme-mobile/actions/runners", s.api), "sandbox-admin").await.status(), 200);

    // GraphQL's scope error names the token settings page on the same origin.
    let graphql = h2
        .post(format!("{}/api/graphql", s.root))
        .header("authorization", "Bearer sandbox-org")
        .body(r#"{"query":"{ enterprise(slug: \"acme\") { organizations(first: 1) { totalCount } } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(graphql.version(), Version::HTTP_2);
    let answer: Value = graphql.json().await.unwrap();
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains(&format!("{}/settings/tokens", s.root)), "{answer}");
}

#[tokio::test]
async fn http1_still_works_over_tls() {
    let s = Running::start(&["--tls"]);
    let h1 = client(|b| b.http1_only());
    let runners = get(&h1, &format!("{}/orgs/acme-platform/actions/runners?per_page=2", s.api), "sandbox-admin").await;
    assert_eq!((runners.version(), runners.status().as_u16()), (Version::HTTP_11, 200), "ALPN offers http/1.1 too");
    let links = link_urls(&header(&runners, "link"));
    assert!(!links.is_empty() && links.iter().all(|l| l.starts_with(&format!("{}/", s.api))), "the Host header's origin, with https: {links:?}");
    let plain = Client::new().get(format!("http://{}/api/v3/meta", s.root.trim_start_matches("https://"))).send().await;
    assert!(plain.is_err(), "a TLS port does not answer plain HTTP: {plain:?}");
}

#[tokio::test]
async fn the_printed_fingerprint_is_the_served_certificates() {
    let s = Running::start(&["--tls"]);
    let printed: Vec<&str> = s.printed.iter().map(String::as_str).collect();
    let spki_line = printed.iter().position(|l| l.starts_with("spki-sha256: ")).expect("a spki-sha256 line");
    assert_eq!(spki_line, printed.len() - 2, "printed just before the listening line, so it is there once that is: {printed:?}");
    let printed_spki = s.spki().unwrap();

    let res = get(&client(|b| b), &format!("{}/meta", s.api), "sandbox-admin").await;
    let info = res.extensions().get::<reqwest::tls::TlsInfo>().expect("tls info");
    let der = CertificateDer::from(info.peer_certificate().expect("a certificate").to_vec());
    // The served certificate, read by webpki rather than by the code that made it.
    let cert = webpki::EndEntityCert::try_from(&der).expect("an X.509 certificate");
    let served = STANDARD.encode(ring::digest::digest(&ring::digest::SHA256, cert.subject_public_key_info().as_ref()));
    assert_eq!(printed_spki, served, "the spki-sha256 printed is the served certificate's");
    for name in ["127.0.0.1", "localhost"] {
        let name = ServerName::try_from(name).unwrap();
        assert!(cert.verify_is_valid_for_subject_name(&name).is_ok(), "the certificate is for {name:?}");
    }
    assert!(cert.verify_is_valid_for_subject_name(&ServerName::try_from("example.com").unwrap()).is_err());

    let again = Running::start(&["--tls"]);
    assert_ne!(again.spki(), Some(printed_spki), "a new key each start");
}

#[tokio::test]
async fn github_com_over_tls_is_at_the_root() {
    let s = Running::start(&["--tls", "--server", "dotcom"]);
    assert_eq!(s.api, s.root, "{:?}", s.printed);
    let runners = get(&client(|b| b), &format!("{}/orgs/acme-platform/actions/runners?per_page=2", s.api), "sandbox-admin").await;
    assert_eq!(runners.version(), Version::HTTP_2);
    assert!(link_urls(&header(&runners, "link")).iter().all(|l| l.starts_with(&format!("{}/orgs/", s.root))));
}

#[tokio::test]
async fn without_the_flag_it_is_plain_http1_as_before() {
    let s = Running::start(&[]);
    let [seeded, limits, answering, listening] = s.printed.as_slice() else { panic!("four lines, as before: {:?}", s.printed) };
    assert!(seeded.starts_with("ghes-sandbox seeded in ") && seeded.contains(" ms: enterprise acme (6 runners, 3 groups); orgs: acme-platform"), "{seeded}");
    assert_eq!(limits, "ghes-sandbox secondary limits: 900 points per endpoint, 80 creates, 100 concurrent, per 60000 ms window");
    assert_eq!(answering, "ghes-sandbox answering as ghes-3.19");
    let port = listening.strip_prefix("ghes-sandbox listening on http://127.0.0.1:").and_then(|l| l.strip_suffix("/api/v3")).unwrap_or_else(|| panic!("{listening}"));
    assert!(port.parse::<u16>().is_ok(), "{listening}");

    let runners = get(&Client::new(), &format!("{}/orgs/acme-platform/actions/runners?per_page=2", s.api), "sandbox-admin").await;
    assert_eq!((runners.version(), runners.status().as_u16()), (Version::HTTP_11, 200));
    assert!(link_urls(&header(&runners, "link")).iter().all(|l| l.starts_with(&format!("{}/", s.api))), "{}", header(&runners, "link"));
    let h2c = Client::builder().http2_prior_knowledge().build().unwrap().get(format!("{}/meta", s.api)).send().await;
    assert!(h2c.is_err(), "no h2c: plain is HTTP/1.1 only, as it was: {h2c:?}");
    let tls = client(|b| b).get(format!("https://{}/meta", s.api.trim_start_matches("http://"))).send().await;
    assert!(tls.is_err(), "and no TLS: {tls:?}");
}
