//! Accepting connections, with the limits that keep a few clients from holding the server:
//!
//! - at most `max_connections` open at once (`--max-connections`): the next connection is
//!   accepted only when one closes, so a flood of connections queues in the kernel instead
//!   of using up memory and file descriptors;
//! - a limit on how long a client may take to send the head of each request (hyper's
//!   `header_read_timeout`), so that clients that trickle their headers in (slowloris)
//!   cannot hold connections open for ever;
//! - read and write timeouts on every connection (`tokio-io-timeout`, `--io-timeout`): a
//!   client that stops reading a response, or an idle keep-alive connection, is closed;
//! - a graceful shutdown that lets requests in flight finish.
//!
//! `axum::serve` has none of the first three, so this is the small loop it would run. Each
//! request carries the peer's address (`ConnectInfo`) for the rate limit. Slow request
//! *bodies* are bounded too: the questions API reads at most 16 KiB within the request
//! timeout.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_io_timeout::TimeoutStream;
use tower::Layer;

/// The limits on connections (see the module's documentation).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest a client may take to send a request's head.
    pub header_timeout: Duration,
    /// Longest a connection may go without a byte read or written.
    pub io_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
}

/// How long open connections get to finish once shutdown starts.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let open = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
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
        let mut stream = TimeoutStream::new(stream);
        stream.set_read_timeout(Some(limits.io_timeout));
        stream.set_write_timeout(Some(limits.io_timeout));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(
                TokioIo::new(Box::pin(stream)),
                TowerToHyperService::new(service),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {
            tracing::warn!("connections still open after {} s; stopping anyway", DRAIN.as_secs());
        }
    }
}
