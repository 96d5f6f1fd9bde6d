//! The portal's server time per page (issue 15's benchmark): the same query through the
//! portal's form ("Skicka", HTML answer) and through the v9 JSON API (mutual TLS),
//! alternating rounds over keep-alive connections to one running service. The portal's
//! cost is its session lookup, form parsing and rendering on top of the same edge stages
//! and workflow. Client and service share this process and the machine's cores.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use lefi_local::load::{connect, connector, percentiles};
use lefi_local::{Options, start};
use tokio_rustls::TlsConnector;

#[derive(Debug, Parser)]
struct Args {
    /// Queries per channel and round.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// Rounds; the channels alternate, so drift in the machine's load hits both.
    #[arg(long, default_value_t = 4)]
    rounds: usize,
    /// Keep-alive connections per channel, each sending its queries one after the other.
    #[arg(long, default_value_t = 2)]
    connections: usize,
}

const SEED_PNR: &str = "195001019420";
const JSON_PATH: &str =
    "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga";

/// One request on a new connection: status, headers, body.
async fn once(
    addr: SocketAddr,
    tls: &TlsConnector,
    request: Request<Full<Bytes>>,
) -> (u16, hyper::HeaderMap, String) {
    let mut sender = connect(addr, tls).await;
    let response = sender
        .send_request(request)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (
        parts.status.as_u16(),
        parts.headers,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Full<Bytes>> {
    let mut r = Request::get(uri).header("host", "localhost");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.body(Full::new(Bytes::new()))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn header(headers: &hyper::HeaderMap, name: &str) -> String {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `name=value` of a Set-Cookie among `set_cookies`.
fn cookie(set_cookies: &str, name: &str) -> String {
    set_cookies
        .lines()
        .find(|l| l.starts_with(&format!("{name}=")))
        .and_then(|l| l.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

/// The value of the first `marker"` attribute after `marker`.
fn after<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html.find(marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len();
    &html[at..at + html[at..].find('"').unwrap_or(0)]
}

fn path_and_query(url: &str) -> String {
    let uri: hyper::Uri = url.parse().unwrap_or_else(|e| panic!("{url}: {e}"));
    uri.path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// Logs in as Exempelkommunen's case worker through the IdP simulator; the session
/// cookie, the form's CSRF token and the form's ticked benefits.
async fn log_in(
    running: &lefi_local::Running,
    tls: &TlsConnector,
) -> (String, String, Vec<String>) {
    let portal = running.portal_addr;
    let idp: SocketAddr = running
        .idp_issuer
        .trim_start_matches("https://localhost:")
        .parse::<u16>()
        .map(|port| ([127, 0, 0, 1], port).into())
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, h, _) = once(portal, tls, get("/logga-in", None)).await;
    let login = cookie(&header(&h, "set-cookie"), "__Host-lefi-login");
    let authorize = path_and_query(&header(&h, "location"));
    let (_, _, page) = once(idp, tls, get(&authorize, None)).await;
    let handle = after(&page, "name=\"request\" value=\"").to_owned();
    let karin = running
        .idp_identities
        .iter()
        .find(|p| p.description.starts_with("Handläggare i Exempelkommunen"))
        .unwrap_or_else(|| panic!("no Karin"));
    let body = format!("request={handle}&identity={}&action=login", karin.sub);
    let post = Request::post("/login")
        .header("host", "localhost")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, h, _) = once(idp, tls, post).await;
    let callback = path_and_query(&header(&h, "location"));
    let (_, h, _) = once(portal, tls, get(&callback, Some(&login))).await;
    let session = cookie(&header(&h, "set-cookie"), "__Host-lefi-session");
    let (status, _, form) = once(portal, tls, get("/fraga", Some(&session))).await;
    assert_eq!(status, 200, "the form");
    let csrf = after(&form, "name=\"csrf\" value=\"").to_owned();
    let ticked = form
        .split("name=\"formaner\" value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect();
    (session, csrf, ticked)
}

#[derive(Clone)]
enum Channel {
    Portal { session: String, body: Bytes },
    Json { body: Bytes },
}

async fn connection(
    addr: SocketAddr,
    tls: TlsConnector,
    channel: Channel,
    n: usize,
) -> Vec<Duration> {
    let mut sender = connect(addr, &tls).await;
    let mut latencies = Vec::with_capacity(n);
    for _ in 0..n {
        let request = match &channel {
            Channel::Portal { session, body } => Request::post("/fraga")
                .header("host", "localhost")
                .header("origin", format!("https://localhost:{}", addr.port()))
                .header("cookie", session)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Full::new(body.clone())),
            Channel::Json { body } => Request::post(JSON_PATH)
                .header("host", "localhost")
                .header("content-type", "application/json")
                .body(Full::new(body.clone())),
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let t = Instant::now();
        let response = sender
            .send_request(request)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = response.status();
        let body = response.into_body().collect().await;
        latencies.push(t.elapsed());
        if !status.is_success() {
            let body = body.map(|b| b.to_bytes()).unwrap_or_default();
            panic!("status {status}: {}", String::from_utf8_lossy(&body));
        }
    }
    latencies
}

async fn round(
    addr: SocketAddr,
    tls: &TlsConnector,
    channel: &Channel,
    n: usize,
    connections: usize,
) -> Vec<Duration> {
    let per = n.div_ceil(connections);
    let tasks: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(connection(addr, tls.clone(), channel.clone(), per)))
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap_or_else(|e| panic!("{e}")));
    }
    all
}

#[allow(clippy::print_stdout)]
#[tokio::main]
async fn main() {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("lefi-portal-load-{}", std::process::id()));
    let running = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        portal_listen: ([127, 0, 0, 1], 0).into(),
        idp_listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        population: 100_000,
        // Far above what one machine sends; the limiter still runs on every query.
        limits: lefi_local::load::UNLIMITED,
        ..Options::default()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let plain = connector(&running.pki, None);
    let mtls = connector(&running.pki, Some("kommun"));
    let (session, csrf, ticked) = log_in(&running, &plain).await;
    // The same query both ways: the seed's person, 2025, every benefit the
    // municipality's form offers (all ticked), as "Skicka" posts it.
    let mut form = format!(
        "csrf={csrf}&personnummer={SEED_PNR}&fran=2025-01-01&till=2025-12-31&atgard=skicka"
    );
    for code in &ticked {
        form.push_str(&format!("&formaner={}", code.replace(':', "%3A")));
    }
    // The JSON asks exactly what the portal's form becomes (`RawQuery::of_benefits`),
    // each code in its v9 list.
    let codes: Vec<&str> = ticked.iter().map(String::as_str).collect();
    let raw = lefi_domain::RawQuery::of_benefits(SEED_PNR, "2025-01-01", "2025-12-31", &codes);
    let mut json = serde_json::json!({
        "personnummer": SEED_PNR,
        "period": {"from": "2025-01-01", "tom": "2025-12-31"},
    });
    for asked in &raw.asked {
        let list = asked.list.name();
        // The portal's own "Utbetalning" box asks the payments of every benefit: in
        // v9 that is every code of `utbetalningar`.
        let codes: Vec<String> = if asked.code == lefi_domain::catalogue::UTBETALNING_CODE {
            let all = lefi_domain::catalogue::V9List::Utbetalningar.v9_codes();
            all.iter().map(|c| (*c).to_owned()).collect()
        } else {
            vec![asked.code.clone()]
        };
        match json[list].as_array_mut() {
            Some(existing) => existing.extend(codes.into_iter().map(Into::into)),
            None => json[list] = serde_json::json!(codes),
        }
    }
    let json = json.to_string();
    let portal = Channel::Portal {
        session,
        body: Bytes::from(form),
    };
    let api = Channel::Json {
        body: Bytes::from(json),
    };
    let (n, c) = (args.requests, args.connections);
    // Warm up both paths.
    round(running.portal_addr, &plain, &portal, 50, c).await;
    round(running.addr, &mtls, &api, 50, c).await;
    let (mut on_portal, mut on_api) = (Vec::new(), Vec::new());
    for _ in 0..args.rounds {
        on_api.extend(round(running.addr, &mtls, &api, n, c).await);
        on_portal.extend(round(running.portal_addr, &plain, &portal, n, c).await);
    }
    let (api50, api99) = percentiles(on_api);
    let (portal50, portal99) = percentiles(on_portal);
    println!(
        "{} benefits asked, {} rounds of {n} queries per channel over {c} keep-alive connections each; client and service share this process",
        ticked.len(),
        args.rounds
    );
    println!("  v9 JSON (mTLS)          p50 {api50:>7.2} ms  p99 {api99:>7.2} ms");
    println!("  portal form → HTML      p50 {portal50:>7.2} ms  p99 {portal99:>7.2} ms");
    println!(
        "  portal / JSON: p50 {:.2}x, p99 {:.2}x",
        portal50 / api50,
        portal99 / api99
    );
    drop(running);
    let _ = std::fs::remove_dir_all(&dir);
}
