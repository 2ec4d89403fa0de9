//! The sandbox binary: parse flags, bind, print where it listens, serve until Ctrl-C.
use std::net::SocketAddr;

const HELP: &str = "ghes-sandbox: a stand-in for GitHub Enterprise Server's Actions runner API

USAGE: ghes-sandbox [--addr 127.0.0.1:8787]

  --addr ADDR   address to listen on; port 0 picks a free port (default 127.0.0.1:8787)
  -h, --help    print this help
";

#[tokio::main]
async fn main() {
    let mut addr: SocketAddr = "127.0.0.1:8787".parse().expect("default address");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return;
            }
            "--addr" => {
                let value = args.next().unwrap_or_default();
                addr = value.parse().unwrap_or_else(|_| fail(&format!("--addr: not an address: {value}")));
            }
            other => fail(&format!("unknown flag {other}")),
        }
    }
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap_or_else(|e| fail(&format!("cannot bind {addr}: {e}")));
    let local = listener.local_addr().expect("bound address");
    println!("ghes-sandbox listening on http://{local}/api/v3");
    axum::serve(listener, ghes_sandbox::app())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .expect("serve");
}

fn fail(message: &str) -> ! {
    eprintln!("ghes-sandbox: {message}\n\n{HELP}");
    std::process::exit(2)
}
