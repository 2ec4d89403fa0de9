//! The accept loop: plain HTTP/1.1, or with `--tls` TLS carrying HTTP/2 or HTTP/1.1 (as ALPN chose),
//! until the shutdown future resolves; then it waits for the open connections to close, as
//! `axum::serve` does.
use std::future::Future;
use std::io;
use std::time::Duration;

use axum::{Extension, Router};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// Marks a request that came over TLS, so that the URLs the sandbox writes say `https`.
#[derive(Clone, Copy, Debug)]
pub struct Https;

/// A client that has not finished its TLS handshake by then is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener`: TLS with `tls`, plain HTTP/1.1 without.
pub async fn serve(listener: TcpListener, app: Router, tls: Option<TlsAcceptor>, shutdown: impl Future<Output = ()>) {
    let app = if tls.is_some() { app.layer(Extension(Https)) } else { app };
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // As GitHub's front ends do: small answers and HTTP/2 frames go out at once, not
                    // held back by Nagle's algorithm waiting for the client's delayed ACK.
                    let _ = stream.set_nodelay(true);
                    stream
                }
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (app, watcher) = (app.clone(), graceful.watcher());
        match &tls {
            None => {
                tokio::spawn(connection(stream, app, false, watcher));
            }
            Some(acceptor) => {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A failed or stalled handshake is the client's problem; the next one is served.
                    if let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        connection(stream, app, true, watcher).await;
                    }
                });
            }
        }
    }
    drop(listener);
    graceful.shutdown().await;
}

/// One connection. Plain, it is HTTP/1.1 only, as it was before `--tls` (an HTTP/2 preface is not
/// taken for h2c); over TLS, the auto builder serves HTTP/2 or HTTP/1.1, whichever the client speaks.
async fn connection<I: AsyncRead + AsyncWrite + Unpin + Send + 'static>(io: I, app: Router, tls: bool, watcher: Watcher) {
    let builder = Builder::new(TokioExecutor::new());
    let builder = if tls { builder } else { builder.http1_only() };
    let conn = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(app));
    // An error here is a client that went away or spoke nonsense: nothing to report.
    let _ = watcher.watch(conn).await;
}

/// As `axum::serve`: a connection's own error is skipped; anything else (out of file descriptors)
/// waits a second before accepting again. Silent, as axum is without a tracing subscriber.
async fn accept_error(e: io::Error) {
    if matches!(e.kind(), io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset) {
        return;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
}
