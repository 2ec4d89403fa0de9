//! The sandbox binary: parse flags, seed, bind, print where it listens, serve until Ctrl-C.
use std::net::SocketAddr;

use ghes_sandbox::tls::Tls;
use ghes_sandbox::{Faults, ForcedStatus, Limits, PrimaryExhausted, Profile, Sandbox, SecondaryLimit, SeedConfig, ServerConfig};

const HELP: &str = r#"ghes-sandbox: an in-memory stand-in for GitHub's Actions runner API, as GitHub Enterprise Server
3.19, 3.9 or 3.4, or as github.com

USAGE: ghes-sandbox [FLAGS]

Serving
  --addr ADDR              listen address; port 0 picks a free port and prints it (default 127.0.0.1:8787)
  --tls                    serve HTTPS, offering HTTP/2 and HTTP/1.1 by ALPN (as GitHub does), with a
                           self-signed certificate for 127.0.0.1 and localhost made at start (a new key
                           each time). Prints `spki-sha256: BASE64` (the SHA-256 of the certificate's
                           SubjectPublicKeyInfo) before the `listening on https://...` line, for Chromium's
                           --ignore-certificate-errors-spki-list=BASE64. URLs in answers (Link, X-GitHub-SSO,
                           url fields) then say https. Without it: plain HTTP/1.1 only
  --server PROFILE         the server to be (default ghes-3.19; also settable at run time, see below):
                             ghes-3.19  everything: the API under /api/v3, `GET /meta` with installed_version
                                        3.19.0, X-GitHub-Enterprise-Version: 3.19.0 (not exposed to browsers)
                             ghes-3.9   as 3.19 but: no generate-jitconfig (404); the runner list's `name`
                                        filter is ignored; runners have no `ephemeral` or `version`
                             ghes-3.4   as 3.9 but also: runner groups have no restricted_to_workflows,
                                        selected_workflows or workflow_restrictions_read_only (ignored in
                                        create and update bodies); visible_to_repository and
                                        visible_to_organization are ignored (every group listed); runners
                                        have no runner_group_id
                             dotcom     github.com: the API at the root (/api/v3/... is 404), `GET /meta`
                                        without installed_version, no X-GitHub-Enterprise-Version; the
                                        enterprise `acme` is a GitHub Enterprise Cloud enterprise
  --allow-api-version-header
                           allow X-GitHub-Api-Version in CORS preflights (whether GitHub does is unconfirmed)
  --no-rate-limiting       a GHES with rate limiting switched off (GHES profiles only): answers carry no
                           X-RateLimit-* headers, and GET /rate_limit is 404 {"message":"Rate limiting is
                           not enabled.",...}; also settable at run time (rate_limiting in /_sandbox/server)
  --sso-org NAME           the organization NAME enforces SAML single sign-on (repeatable): every call
                           under /orgs/NAME and /repos/NAME/ answers 403 "Resource protected by
                           organization SAML enforcement..." with X-GitHub-SSO: required;
                           url=http(s)://HOST/orgs/NAME/sso?authorization_request=ID, and /organizations
                           and /user/orgs leave NAME out with X-GitHub-SSO: partial-results;
                           organizations=ID, until the token is authorized: open that URL, or
                           POST /_sandbox/sso/NAME/authorize

Beyond the runner API
  GET  /user/orgs          the token user's organizations, every one (the sandbox has no memberships),
                           30 a page (per_page up to 100, page, Link); 403 "You need at least read:org
                           scope or user scope..." without read:org, write:org, admin:org or user
  GET  /rate_limit         GitHub's rate-limit overview (the resources the profile's description has);
                           costs nothing; 404 "Rate limiting is not enabled." with --no-rate-limiting
  POST /graphql            GraphQL (GHES: POST /api/graphql), for one question only:
                           enterprise(slug:) { organizations(first: <=100, after:) { nodes { login }
                           pageInfo { hasNextPage endCursor } totalCount edges { cursor node } } }, in login
                           order; needs read:enterprise or admin:enterprise (else INSUFFICIENT_SCOPES); an
                           unknown slug is NOT_FOUND, all with HTTP 200 as GitHub answers; other fields are
                           refused as not modelled. Charged to the graphql resource (1 point a query, not a
                           create); counted as graphql in the counters; no SAML SSO

CORS (as GitHub sends it): answers expose ETag, Link, Location, Retry-After, X-GitHub-OTP,
  X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset,
  X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO,
  X-GitHub-Request-Id, Deprecation, Sunset; preflights allow Authorization, Content-Type, If-Match,
  If-Modified-Since, If-None-Match, If-Unmodified-Since, X-GitHub-OTP, X-Requested-With, with
  Access-Control-Max-Age: 86400. A preflight asking for another header is answered without allowing
  it, so the browser refuses the request (counted as preflight_blocked).

Seed (deterministic; printed at start; POST /_sandbox/reset returns to it)
  --runners N              add N runners to org acme-platform, the big fleet for scale tests (default 0)
  --orgs N                 N organizations more than acme-platform, acme-mobile and acme-data (default 0):
                           acme-org-01 .. acme-org-N, each with its Default runner group, 3 org runners
                           (acme-org-01-runner-1..3), and 2 more enterprise runners each (ent-fleet-001..,
                           in turn in the groups Default, shared-linux, gpu-fleet)
  --repos-per-org M        repositories in each added organization: svc-01-001 .. svc-01-M (default 4;
                           the seeded three keep their 4)
  --repo-runners K         runners in every repository of the added organizations: svc-01-001-runner-1..K
                           (default 0)
                           Without these three the seed is exactly the default one; with them, everything
                           is added after it (its ids do not move). At most 1000 orgs, 1000 repos per org,
                           100 runners per repo, 250000 added runners in all.

Secondary rate limits (on by default, at GitHub's documented values; computed as GitHub does)
  Points per token and endpoint: GET, HEAD and OPTIONS cost 1, other methods 5; an endpoint is the
  path with each all-digit segment as `*` (DELETE .../runners/1 and .../runners/2 share a budget).
  Over a limit: 403 {"message":"You have exceeded a secondary rate limit. ...","documentation_url":...}
  with Retry-After (whole seconds until it would fit, at least 1); the request is not performed and
  is charged nothing. Sliding windows. CORS preflights (OPTIONS without Authorization) are free.
  --points-per-minute N    points per token and endpoint per window (default 900)
  --creates-per-minute N   POSTs per token per window (default 80)
  --max-concurrent N       requests of one token in flight at once, latency included (default 100)
  --limit-window-ms MS     the window's length (default 60000: a minute; at most a day)
  --no-secondary-limits    switch them off

Faults (also settable at run time with PUT /_sandbox/faults, JSON of the same names)
  --latency-ms MS          added latency for every round trip to the API, CORS preflights included
                           (at most 600000)
  --failure-rate R         share of API requests (0.0-1.0) answered 500 or 502
  --force STATUS:PATTERN   answer STATUS for paths matching PATTERN (`*` one segment, final `**` the rest),
                           e.g. 502:/orgs/*/actions/runners ; prefix METHOD: to narrow, e.g. 500:DELETE:/orgs/**
  --secondary-limit S:SECS a fixed secondary rate limit on every request: status S (403 or 429) with
                           Retry-After SECS (at most 86400), whatever the computed limits say
  --rate-limit-exhausted SECS
                           primary rate limit exhausted: 403, X-RateLimit-Remaining 0, reset in SECS
                           (at most 86400)
  --no-cors                send no CORS headers on the API, as a server that does not allow the console

Tokens (classic scopes come back in X-OAuth-Scopes)
  sandbox-admin            repo, admin:org, manage_runners:enterprise, admin:enterprise, read:audit_log
  sandbox-org              admin:org
  sandbox-repo             repo
  sandbox-none             no scopes

Test controls (not in the API; CORS-enabled; not counted, logged, limited or delayed)
  POST   /_sandbox/reset          back to the seed; faults, limits, the server profile and SAML SSO back
                                  to the flags (no token authorized); counters zeroed; limit windows and
                                  the request log emptied. A body {"orgs":30,"repos_per_org":40,
                                  "repo_runners":2,"runners":0} (each optional, absent: the flags' value)
                                  seeds that instead, for this reset only; answers {"reset":true,"seed":{..},
                                  "orgs":..,"repos":..,"runners":..}; a seed too big or unknown field is 422
  GET    /_sandbox/server         {"profile":"ghes-3.19","installed_version":"3.19.0","api_prefix":"/api/v3",
                                  "allow_api_version_header":false,"rate_limiting":true} (dotcom: null and "")
  PUT    /_sandbox/server         {"profile":"ghes-3.9","allow_api_version_header":true,"rate_limiting":false},
                                  each optional; answers as GET; an unknown profile or field is 422, and so
                                  is rate_limiting false on dotcom. The data is kept
  GET    /_sandbox/sso            {"orgs":[{"org":"acme-mobile","id":102,"all_tokens":false,
                                  "authorized_tokens":["sandbox-admin"]}]}: the orgs enforcing SAML SSO
  PUT    /_sandbox/sso/NAME       NAME enforces SAML SSO (404 if no such org); answers its entry
  DELETE /_sandbox/sso/NAME       NAME stops enforcing it
  POST   /_sandbox/sso/NAME/authorize
                                  authorize a token for NAME: the body {"token":"sandbox-admin"}, or the
                                  request's Authorization header, or neither for every token; answers
                                  the entry (404 if NAME does not enforce SSO, 422 for an unknown token)
  DELETE /_sandbox/sso/NAME/authorize
                                  revoke the same way (neither: every authorization)
  GET    /orgs/NAME/sso?authorization_request=ID
                                  the URL in X-GitHub-SSO (on the sandbox's host, not under /api/v3):
                                  opening it authorizes the token it was issued for (an HTML page)
  GET    /_sandbox/counters       requests answered by status class (ok/not_modified/4xx/5xx), by status
                                  and method; graphql (GraphQL requests); preflight, preflight_blocked (preflights the browser would
                                  refuse), with_api_version, secondary_limited (403/429 secondary-limit
                                  answers), aborted (requests the client abandoned)
  DELETE /_sandbox/counters       zero the counters
  GET|PUT|DELETE /_sandbox/faults read, replace or clear the faults; a fault's "times": 0 applies to no
                                  request; too-big numbers are clamped; a status outside 200-599 is 422
  GET    /_sandbox/limits         {"enabled":true,"points_per_window":900,"creates_per_window":80,
                                  "max_concurrent":100,"window_ms":60000}
  PUT    /_sandbox/limits         the same fields, each optional (absent or null: unchanged); answers
                                  the limits now in force; an unknown field is 422
  GET    /_sandbox/log[?since=SEQ] the last 20000 API requests (no controls, no preflights), oldest
                                  first: [{"seq":1,"method":"GET","path":"/user?x=1","status":200,
                                  "started_ms":...,"finished_ms":...,"aborted":false}]; path is below
                                  the API prefix; status and finished_ms are null until answered, and for
                                  requests the client abandoned (aborted: true); times are ms since
                                  the Unix epoch; seq never repeats, even after a clear
  DELETE /_sandbox/log            empty the log
  PATCH  /_sandbox/runners/ID     {"status":"online|offline","busy":bool,"name":"...","version":"..."}:
                                  what a runner host would change; one that comes online without a
                                  version reports 2.329.0
                                  a status change is filed in the audit log as self_hosted_runner_online/offline

  -h, --help               print this help
"#;

#[tokio::main]
async fn main() {
    let mut addr: SocketAddr = "127.0.0.1:8787".parse().expect("default address");
    let mut seed = SeedConfig::default();
    let mut faults = Faults::default();
    let mut limits = Limits::default();
    let mut server = ServerConfig::default();
    let mut tls = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().unwrap_or_else(|| fail(&format!("{name} needs a value")));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return;
            }
            "--addr" => addr = parse(&value("--addr"), "--addr"),
            "--tls" => tls = true,
            "--server" => {
                let v = value("--server");
                server.state.profile = Profile::parse(&v).unwrap_or_else(|| fail(&format!("--server: {v:?} is not one of ghes-3.19, ghes-3.9, ghes-3.4, dotcom")));
            }
            "--allow-api-version-header" => server.state.allow_api_version_header = true,
            "--no-rate-limiting" => server.state.rate_limiting = false,
            "--sso-org" => server.sso_orgs.push(value("--sso-org")),
            "--runners" => seed.runners = parse(&value("--runners"), "--runners"),
            "--orgs" => seed.orgs = parse(&value("--orgs"), "--orgs"),
            "--repos-per-org" => seed.repos_per_org = parse(&value("--repos-per-org"), "--repos-per-org"),
            "--repo-runners" => seed.repo_runners = parse(&value("--repo-runners"), "--repo-runners"),
            "--latency-ms" => faults.latency_ms = parse(&value("--latency-ms"), "--latency-ms"),
            "--failure-rate" => faults.failure_rate = parse(&value("--failure-rate"), "--failure-rate"),
            "--force" => {
                let v = value("--force");
                let (status, rest) = v.split_once(':').unwrap_or_else(|| fail("--force wants STATUS:PATTERN"));
                let (method, path) = match rest.split_once(':') {
                    Some((m, p)) if !m.starts_with('/') => (Some(m.to_uppercase()), p.to_string()),
                    _ => (None, rest.to_string()),
                };
                faults.force.push(ForcedStatus { method, path, status: parse(status, "--force"), times: None });
            }
            "--secondary-limit" => {
                let v = value("--secondary-limit");
                let (status, secs) = v.split_once(':').unwrap_or_else(|| fail("--secondary-limit wants STATUS:SECONDS"));
                faults.secondary_rate_limit = Some(SecondaryLimit { status: parse(status, "--secondary-limit"), retry_after: parse(secs, "--secondary-limit"), times: None, method: None });
            }
            "--no-cors" => faults.disable_cors = true,
            "--points-per-minute" => limits.points_per_window = parse(&value("--points-per-minute"), "--points-per-minute"),
            "--creates-per-minute" => limits.creates_per_window = parse(&value("--creates-per-minute"), "--creates-per-minute"),
            "--max-concurrent" => limits.max_concurrent = parse(&value("--max-concurrent"), "--max-concurrent"),
            "--limit-window-ms" => limits.window_ms = parse(&value("--limit-window-ms"), "--limit-window-ms"),
            "--no-secondary-limits" => limits.enabled = false,
            "--rate-limit-exhausted" => faults.primary_exhausted = Some(PrimaryExhausted { reset_in: parse(&value("--rate-limit-exhausted"), "--rate-limit-exhausted"), times: None }),
            other => fail(&format!("unknown flag {other}")),
        }
    }
    if let Err(message) = faults.validate() {
        fail(&message);
    }
    if !(0.0..=1.0).contains(&faults.failure_rate) {
        fail(&format!("--failure-rate: {} is not between 0.0 and 1.0", faults.failure_rate));
    }
    // Made before the clock starts: "seeded in" times the seed alone, with or without --tls.
    let tls = if tls { Some(Tls::self_signed().unwrap_or_else(|message| fail(&message))) } else { None };
    let started = std::time::Instant::now();
    let sandbox = Sandbox::build(&seed, faults, limits, &server).unwrap_or_else(|message| fail(&message));
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap_or_else(|e| fail(&format!("cannot bind {addr}: {e}")));
    let local = listener.local_addr().unwrap_or_else(|e| fail(&format!("cannot read the address bound for {addr}: {e}")));
    println!("ghes-sandbox seeded in {} ms: {}", started.elapsed().as_millis(), sandbox.describe());
    let l = sandbox.limits();
    if l.enabled {
        println!("ghes-sandbox secondary limits: {} points per endpoint, {} creates, {} concurrent, per {} ms window", l.points_per_window, l.creates_per_window, l.max_concurrent, l.window_ms);
    } else {
        println!("ghes-sandbox secondary limits: off");
    }
    let profile = server.state.profile;
    println!("ghes-sandbox answering as {}{}", profile.name(), if server.sso_orgs.is_empty() { String::new() } else { format!("; SAML SSO enforced by {}", server.sso_orgs.join(", ")) });
    if let Some(tls) = &tls {
        println!("spki-sha256: {}", tls.spki_sha256);
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("ghes-sandbox listening on {scheme}://{local}{}", profile.api_prefix());
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    ghes_sandbox::listen::serve(listener, ghes_sandbox::app(sandbox), tls.map(|t| t.acceptor), ctrl_c).await;
}

fn parse<T: std::str::FromStr>(value: &str, flag: &str) -> T {
    value.parse().unwrap_or_else(|_| fail(&format!("{flag}: cannot use {value:?}")))
}

fn fail(message: &str) -> ! {
    eprintln!("ghes-sandbox: {message}\n\n{HELP}");
    std::process::exit(2)
}
