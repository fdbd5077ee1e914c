//! Accepting connections: HTTP/1.1 with a limit on how long a client may take to send the
//! head of each request, so that clients that trickle their headers in (slowloris) cannot
//! hold connections open for ever; and a graceful shutdown that lets requests in flight
//! finish.
//!
//! `axum::serve` has no such limit, so this is the small loop it would run, with hyper's
//! `header_read_timeout` set. Each request carries the peer's address (`ConnectInfo`) for
//! the rate limit. Slow request *bodies* are bounded elsewhere: the questions API reads at
//! most 16 KiB within the request timeout.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::Layer;

/// How long open connections get to finish once shutdown starts.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // A thin wrapper per connection (`Router::layer` would rebuild every route).
        let service = Layer::layer(&Extension(ConnectInfo::<SocketAddr>(peer)), app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {
            tracing::warn!("connections still open after {} s; stopping anyway", DRAIN.as_secs());
        }
    }
}
