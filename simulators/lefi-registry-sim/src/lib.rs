//! The simulated registries over HTTP (issue 3): the person register and one registry
//! per benefit of the catalogue, serving `lefi-registry-data`'s contents as JSON, each
//! with fault knobs (latency, jitter, errors, timeouts, throttling, outage) and call
//! counters. The workflow's LookupPerson and FetchBenefit steps call them; tests and
//! operators steer them through the admin routes.
//!
//! - [`api`]: the routes (`POST /v1/person`, `POST /v1/registries/{code}`, admin …).
//! - [`faults`]: the knobs and the seeded, replayable per-call decision.
//! - [`state`]: registers, knobs and counters shared by the requests.
//! - [`config`], [`cli`]: start-up configuration (flags, JSON file, environment).
//! - [`server`]: bind, serve, spawn for tests, shut down on a signal.
//! - [`load`]: the bounded load generator behind `lefi-registry-load`.
//!
//! Invariant: a personnummer never appears in a URL, a log line or an error body (P5).
//! `docs/simulators.md` documents the API and the knobs.

pub mod api;
pub mod cli;
pub mod config;
pub mod faults;
pub mod load;
pub mod server;
pub mod state;
pub mod telemetry;

pub use api::router;
pub use config::{FaultsFile, SimConfig};
pub use faults::{Faults, Jitter};
pub use lefi_registry_data::History;
pub use server::{Server, ServerHandle, shutdown_signal, spawn, spawn_on};
pub use state::{AppState, RegistryId};
