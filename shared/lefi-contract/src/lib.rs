//! The JSON wire types of Försäkringskassan's contract "LEFI extern: Förmånsinformation"
//! v9 (OpenAPI 3.0.1, Apache-2.0), as serde types: what the JSON channel (SPEC §5, C1)
//! reads and writes. Field names are the contract's, in Swedish; the module [`v9`] says
//! how its types map to Rust.
//!
//! Covered, with every schema they reference:
//!
//! - the query `LefiExternFormansinformationFraga` and `LefiPeriod` ([`v9::request`]);
//! - the answer `LefiExternFormansinformationSvar` with `utlamnare`
//!   (`LefiUtlamnareTillstand`), `avvikelser` (`LefiExternFormansinformationAvvikelser`)
//!   and its data ([`v9::Uppgifter`]): `formansinformation` (`LefiFormansinformation`)
//!   with all 42 of its keys — person data and every benefit of Försäkringskassan's
//!   model — and Pensionsmyndigheten's model, the lists `ansprak`, `beslut`,
//!   `preliminaraUtbetalningar`, `utbetalningar` and `ovrigInformation` with every
//!   `LefiPm*` schema and `LefiPeriodMedValfrittTom` ([`v9::pm`]); together they hold
//!   each answer key of the catalogue (`docs/catalogue.md`);
//! - `LefiExternTillgangligaInformationstyper` and `LefiFelsvar`;
//! - the code enums `LefiFkFormanGruppKod`, `LefiPmFormanGruppKod`,
//!   `LefiExternFormanGruppKod`, `LefiExternOvrigInformationTypKod`,
//!   `LefiUtlamnareKod`, `LefiTillstandKod` and `LefiAvvikelseKod`.
//!
//! Left out: `LefiPersonnummer` (used nowhere). Our additive fields beyond v9 are in
//! [`answer`], beside the v9 answer.
//!
//! [`history`] applies the history windows (SPEC §4, H1–H11) of `lefi_domain::history`
//! to these types: the Compile step's [`history::apply_windows`].
//!
//! Where the contract's own examples disagree with its schemas, the types follow the
//! schema. They also read the example's form where it carries data (`avvikelser: []`,
//! `ersattning` as a `LefiSifferkod`) and drop the properties the schema lacks;
//! `ERRATA` in `tests/conformance.rs` lists each case.
//!
//! The other wire formats of C1: [`xml`], the XML web service's documents (`Fraga`,
//! `Svar`, `Felsvar`) and their published schema (V8), and [`ssek`], SSEK 2.0 (SOAP 1.1)
//! around the same documents, with its WSDL. `openapi/lefi-online.openapi.yaml` is our
//! own OpenAPI document: v9 plus the additive fields (`tests/openapi.rs`). See
//! `docs/xml-and-ssek.md`.

pub mod answer;
pub mod codes;
pub mod history;
pub mod shs;
pub mod ssek;
pub mod v9;
pub mod xml;

/// LEFI Online's own OpenAPI document: v9's paths and schemas plus our additive fields
/// (`openapi/lefi-online.openapi.yaml`), served by the gateway at `/openapi.yaml`.
pub const OPENAPI: &str = include_str!("../openapi/lefi-online.openapi.yaml");
