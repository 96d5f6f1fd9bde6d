//! The simulator on its own, to look at its pages in a browser:
//! `cargo run -p lefi-idp-sim --example idp-sim [PORT]` (default 8444) prints an
//! authorization URL for a client `lefi-portal` whose callback is
//! `http://127.0.0.1:8443/callback` (nothing needs to listen there: the browser's
//! address bar shows the code and state).

#![allow(clippy::print_stdout)] // a developer's tool: its output is the point

use lefi_idp_sim::{IdpConfig, IdpSim, RegisteredClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = match std::env::args().nth(1) {
        Some(p) => p.parse()?,
        None => 8444,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let issuer = format!("http://127.0.0.1:{port}");
    let callback = "http://127.0.0.1:8443/callback";
    let sim = IdpSim::new(IdpConfig::new(
        issuer.clone(),
        vec![RegisteredClient {
            client_id: "lefi-portal".into(),
            client_secret: "lokal-hemlighet".into(),
            name: "LEFI Online – portalen".into(),
            redirect_uris: vec![callback.into()],
            post_logout_redirect_uris: vec!["http://127.0.0.1:8443/".into()],
        }],
    ))?;
    // RFC 7636 appendix B's challenge: fine for looking, never for a real client.
    println!(
        "{issuer}/oauth2/authorize?response_type=code&client_id=lefi-portal\
         &redirect_uri={}&scope=openid&state=exempel&nonce=exempel\
         &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
        url::form_urlencoded::byte_serialize(callback.as_bytes()).collect::<String>()
    );
    for person in sim.identities() {
        println!("  {} ({})", person.name(), person.sub);
    }
    sim.serve_http(listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
