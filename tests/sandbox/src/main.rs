//! The sandbox binary: parse flags, seed, bind, print where it listens, serve until Ctrl-C.
use std::net::SocketAddr;

use ghes_sandbox::{Faults, ForcedStatus, PrimaryExhausted, Sandbox, SecondaryLimit, SeedConfig};

const HELP: &str = "ghes-sandbox: an in-memory stand-in for GitHub Enterprise Server 3.19's Actions runner API

USAGE: ghes-sandbox [FLAGS]

Serving
  --addr ADDR              listen address; port 0 picks a free port and prints it (default 127.0.0.1:8787)

Seed (deterministic; printed at start; POST /_sandbox/reset returns to it)
  --runners N              add N runners to org acme-platform, the big fleet for scale tests (default 0)
  --orgs M                 organizations: acme-platform, acme-mobile, acme-data, then acme-org-4... (default 3)
  --repos-per-org K        repositories in each organization (default 4)

Faults (also settable at run time with PUT /_sandbox/faults, JSON of the same names)
  --latency-ms MS          added latency for every API request
  --failure-rate R         share of API requests (0.0-1.0) answered 500 or 502
  --force STATUS:PATTERN   answer STATUS for paths matching PATTERN (`*` one segment, final `**` the rest),
                           e.g. 502:/orgs/*/actions/runners ; prefix METHOD: to narrow, e.g. 500:DELETE:/orgs/**
  --secondary-limit S:SECS secondary rate limit: status S (403 or 429) with Retry-After SECS
  --rate-limit-exhausted SECS
                           primary rate limit exhausted: 403, X-RateLimit-Remaining 0, reset in SECS
  --no-cors                send no CORS headers on /api/v3, as a server that does not allow the console

Tokens (classic scopes come back in X-OAuth-Scopes)
  sandbox-admin            repo, admin:org, manage_runners:enterprise, admin:enterprise
  sandbox-org              admin:org
  sandbox-repo             repo
  sandbox-none             no scopes

Test controls (not under /api/v3; CORS-enabled)
  POST   /_sandbox/reset          back to the seed; faults back to the flags; counters zeroed
  GET    /_sandbox/counters       requests served by status class (ok/not_modified/4xx/5xx) and by status
  DELETE /_sandbox/counters       zero the counters
  GET|PUT|DELETE /_sandbox/faults read, replace or clear the faults
  PATCH  /_sandbox/runners/ID     {\"status\":\"online|offline\",\"busy\":bool,\"name\":\"...\"}: what a runner host would change

  -h, --help               print this help
";

#[tokio::main]
async fn main() {
    let mut addr: SocketAddr = "127.0.0.1:8787".parse().expect("default address");
    let mut seed = SeedConfig::default();
    let mut faults = Faults::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().unwrap_or_else(|| fail(&format!("{name} needs a value")));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return;
            }
            "--addr" => addr = parse(&value("--addr"), "--addr"),
            "--runners" => seed.runners = parse(&value("--runners"), "--runners"),
            "--orgs" => seed.orgs = parse::<usize>(&value("--orgs"), "--orgs").max(1),
            "--repos-per-org" => seed.repos_per_org = parse(&value("--repos-per-org"), "--repos-per-org"),
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
                faults.secondary_rate_limit = Some(SecondaryLimit { status: parse(status, "--secondary-limit"), retry_after: parse(secs, "--secondary-limit"), times: None });
            }
            "--no-cors" => faults.disable_cors = true,
            "--rate-limit-exhausted" => {
                faults.primary_exhausted = Some(PrimaryExhausted { reset_in: parse(&value("--rate-limit-exhausted"), "--rate-limit-exhausted"), times: None })
            }
            other => fail(&format!("unknown flag {other}")),
        }
    }
    let started = std::time::Instant::now();
    let sandbox = Sandbox::new(&seed, faults);
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap_or_else(|e| fail(&format!("cannot bind {addr}: {e}")));
    let local = listener.local_addr().expect("bound address");
    println!("ghes-sandbox seeded in {} ms: {}", started.elapsed().as_millis(), sandbox.describe());
    println!("ghes-sandbox listening on http://{local}/api/v3");
    axum::serve(listener, ghes_sandbox::app(sandbox))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .expect("serve");
}

fn parse<T: std::str::FromStr>(value: &str, flag: &str) -> T {
    value.parse().unwrap_or_else(|_| fail(&format!("{flag}: cannot use {value:?}")))
}

fn fail(message: &str) -> ! {
    eprintln!("ghes-sandbox: {message}\n\n{HELP}");
    std::process::exit(2)
}
