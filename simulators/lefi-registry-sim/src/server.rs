//! Binding, serving and stopping the simulator, for the binaries and for tests.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::api::router;
use crate::config::{ConfigError, SimConfig};
use crate::state::AppState;

/// How long in-flight calls (a held timeout, say) may run on after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("kunde inte lyssna på adressen: {0}")]
    Bind(#[source] io::Error),
}

/// A bound simulator, not yet serving.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    state: AppState,
}

impl Server {
    pub async fn bind(addr: SocketAddr, config: &SimConfig) -> Result<Self, ServerError> {
        let state = AppState::new(config)?;
        let listener = TcpListener::bind(addr).await.map_err(ServerError::Bind)?;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets in-flight calls finish for at most
    /// [`SHUTDOWN_GRACE`].
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let (stopping, mut stopped) = watch::channel(false);
        let signal = async move {
            shutdown.await;
            tracing::info!("shutting down");
            let _ = stopping.send(true);
        };
        let serve = axum::serve(self.listener, router(self.state)).with_graceful_shutdown(signal);
        let deadline = async move {
            if stopped.wait_for(|s| *s).await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(SHUTDOWN_GRACE).await;
            tracing::warn!("in-flight calls cut off at shutdown");
        };
        tokio::select! {
            result = async { serve.await } => result,
            () = deadline => Ok(()),
        }
    }
}

/// A simulator serving on a task, as tests use it.
#[derive(Debug)]
pub struct ServerHandle {
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl ServerHandle {
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops serving and waits for the server to finish.
    pub async fn stop(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(io::Error::other(e))),
            None => Ok(()),
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Starts a simulator on a random loopback port: the address and a handle to stop it.
pub async fn spawn(config: &SimConfig) -> Result<(SocketAddr, ServerHandle), ServerError> {
    spawn_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
}

/// Starts a simulator on `addr` (port 0: any free port).
pub async fn spawn_on(
    addr: SocketAddr,
    config: &SimConfig,
) -> Result<(SocketAddr, ServerHandle), ServerError> {
    let server = Server::bind(addr, config).await?;
    let addr = server.local_addr().map_err(ServerError::Bind)?;
    let state = server.state().clone();
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    Ok((
        addr,
        ServerHandle {
            state,
            stop: Some(stop),
            task: Some(task),
        },
    ))
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
