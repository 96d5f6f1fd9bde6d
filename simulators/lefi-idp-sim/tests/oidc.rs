//! The simulator driven by the portal's own relying-party library, the `openidconnect`
//! crate (P2): discovery, the authorization URL with PKCE and nonce, the identity page's
//! POST, the code exchange, the ID token's verification and its claims — and what must
//! be refused.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use lefi_idp_sim::{
    CLAIM_PERSONAL_IDENTITY_NUMBER, Clock, IdpConfig, IdpSim, LOA3, RegisteredClient, TestIdentity,
    test_identities,
};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreIdTokenVerifier, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthType, AuthorizationCode, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest,
    HttpResponse, IdTokenFields, IssuerUrl, JsonWebKey as _, LogoutRequest, Nonce,
    OAuth2TokenResponse as _, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, StandardErrorResponse,
    StandardTokenResponse, TokenResponse as _,
};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use url::Url;

/// OIDC Sweden's claims, as the portal reads them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SwedishClaims {
    #[serde(rename = "https://id.oidc.se/claim/personalIdentityNumber")]
    personal_identity_number: String,
    #[serde(rename = "https://id.oidc.se/claim/orgAffiliation", default)]
    org_affiliation: Option<String>,
    #[serde(rename = "https://id.oidc.se/claim/orgNumber", default)]
    org_number: Option<String>,
    #[serde(rename = "https://id.oidc.se/claim/orgName", default)]
    org_name: Option<String>,
}
impl AdditionalClaims for SwedishClaims {}

type Fields = IdTokenFields<
    SwedishClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type PortalClient = Client<
    SwedishClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

const PORTAL_ID: &str = "lefi-portal";
const PORTAL_SECRET: &str = "portalens-hemlighet";
const OTHER_ID: &str = "annan-tjanst";
const OTHER_SECRET: &str = "annan-hemlighet";
// Nothing listens there: the tests read the redirect's Location and stop.
const CALLBACK: &str = "http://127.0.0.1:9/auth/callback";
const OTHER_CALLBACK: &str = "http://127.0.0.1:9/annan/callback";
const LOGGED_OUT: &str = "http://127.0.0.1:9/utloggad";

/// The HTTP client the relying party is given: reqwest, redirects not followed.
#[derive(Debug, thiserror::Error)]
enum HttpError {
    #[error(transparent)]
    Reqwest(#[from] reqwest::Error),
    #[error(transparent)]
    Http(#[from] openidconnect::http::Error),
}

async fn http_client(request: HttpRequest) -> Result<HttpResponse, HttpError> {
    let (parts, body) = request.into_parts();
    let response = browser()
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let mut builder = openidconnect::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    Ok(builder.body(response.bytes().await?.to_vec())?)
}

fn browser() -> reqwest::Client {
    // The workspace's reqwest has no rustls provider of its own (`rustls-no-provider`,
    // see lefi-registry): ring, as everywhere here.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A clock the test moves by hand.
#[derive(Clone)]
struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    fn new() -> Self {
        let start = DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z").unwrap();
        Self(Arc::new(Mutex::new(start.with_timezone(&Utc))))
    }
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
    fn advance(&self, by: TimeDelta) {
        *self.0.lock().unwrap() += by;
    }
    fn clock(&self) -> Clock {
        let this = self.clone();
        Arc::new(move || this.now())
    }
}

/// A simulator on a random loopback port, served until dropped.
struct Running {
    sim: IdpSim,
    issuer: String,
    clock: TestClock,
    _stop: oneshot::Sender<()>,
}

fn clients() -> Vec<RegisteredClient> {
    vec![
        RegisteredClient {
            client_id: PORTAL_ID.into(),
            client_secret: PORTAL_SECRET.into(),
            name: "LEFI Online – portalen".into(),
            redirect_uris: vec![CALLBACK.into()],
            post_logout_redirect_uris: vec![LOGGED_OUT.into()],
        },
        RegisteredClient {
            client_id: OTHER_ID.into(),
            client_secret: OTHER_SECRET.into(),
            name: "En annan tjänst".into(),
            redirect_uris: vec![OTHER_CALLBACK.into()],
            post_logout_redirect_uris: Vec::new(),
        },
    ]
}

async fn start_at(path: &str) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}{path}", listener.local_addr().unwrap());
    let clock = TestClock::new();
    let mut config = IdpConfig::new(issuer.clone(), clients());
    config.clock = clock.clock();
    let sim = IdpSim::new(config).unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = sim.clone();
    tokio::spawn(async move {
        server
            .serve_http(listener, async {
                let _ = stopped.await;
            })
            .await
    });
    Running {
        sim,
        issuer,
        clock,
        _stop: stop,
    }
}

async fn start() -> Running {
    start_at("").await
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    async fn provider(&self) -> ProviderMetadataWithLogout {
        ProviderMetadataWithLogout::discover_async(
            IssuerUrl::new(self.issuer.clone()).unwrap(),
            &http_client,
        )
        .await
        .unwrap()
    }

    async fn portal(&self) -> PortalClient {
        self.portal_with(PORTAL_ID, PORTAL_SECRET, CALLBACK).await
    }

    async fn portal_with(&self, id: &str, secret: &str, callback: &str) -> PortalClient {
        Client::from_provider_metadata(
            self.provider().await,
            ClientId::new(id.into()),
            Some(ClientSecret::new(secret.into())),
        )
        .set_redirect_uri(RedirectUrl::new(callback.into()).unwrap())
    }

    /// The verifier as the portal builds it, on the simulator's clock.
    fn verifier<'a>(&self, portal: &'a PortalClient) -> CoreIdTokenVerifier<'a> {
        let clock = self.clock.clone();
        portal.id_token_verifier().set_time_fn(move || clock.now())
    }
}

/// What the browser holds after the identity page: the code and the state it came with.
struct Callback {
    code: String,
    state: String,
}

/// Starts a login as the portal does, returns the URL and what the portal keeps.
fn authorize(portal: &PortalClient) -> (Url, CsrfToken, Nonce, PkceCodeVerifier) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = portal
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .url();
    (url, state, nonce, verifier)
}

/// Opens the identity page, returns its handle.
async fn open_page(url: &Url) -> String {
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let start = page.find("name=\"request\" value=\"").unwrap() + 22;
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_owned()
}

/// Posts the identity page as a browser does.
async fn post_page(running: &Running, fields: &[(&str, &str)]) -> reqwest::Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    browser()
        .post(running.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> Url {
    Url::parse(response.headers()["location"].to_str().unwrap()).unwrap()
}

fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// Picks `person` on the page for `url`; returns the callback the browser is sent to.
async fn log_in(running: &Running, url: &Url, person: &TestIdentity) -> Callback {
    let handle = open_page(url).await;
    let response = post_page(
        running,
        &[
            ("request", &handle),
            ("identity", &person.sub),
            ("action", "login"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.as_str().starts_with(CALLBACK), "{to}");
    Callback {
        code: query(&to, "code").unwrap(),
        state: query(&to, "state").unwrap(),
    }
}

async fn exchange(
    portal: &PortalClient,
    code: &str,
    verifier: PkceCodeVerifier,
) -> Result<Tokens, CoreErrorResponseType> {
    portal
        .exchange_code(AuthorizationCode::new(code.into()))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http_client)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => r.error().clone(),
            other => panic!("not an OAuth error: {other:?}"),
        })
}

fn karin() -> TestIdentity {
    test_identities().remove(0)
}

#[tokio::test]
async fn p2_the_openidconnect_crate_logs_in_through_the_simulator_and_reads_the_claims() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, state, nonce, verifier) = authorize(&portal);
    let person = karin();

    let callback = log_in(&running, &url, &person).await;
    assert_eq!(&callback.state, state.secret());

    let tokens = exchange(&portal, &callback.code, verifier).await.unwrap();
    let id_token = tokens.id_token().unwrap();
    let checker = running.verifier(&portal);
    let claims = id_token.claims(&checker, &nonce).unwrap();

    assert_eq!(claims.issuer().as_str(), running.issuer);
    assert_eq!(claims.audiences()[0].as_str(), PORTAL_ID);
    assert_eq!(claims.subject().as_str(), person.sub);
    assert_eq!(claims.issue_time(), running.clock.now());
    assert_eq!(
        claims.expiration() - claims.issue_time(),
        TimeDelta::hours(1)
    );
    assert_eq!(claims.auth_time(), Some(claims.issue_time()));
    assert_eq!(claims.auth_context_ref().unwrap().as_str(), LOA3);
    assert_eq!(
        claims.name().and_then(|c| c.get(None)).unwrap().as_str(),
        "Karin Lindqvist"
    );
    assert_eq!(
        claims
            .given_name()
            .and_then(|c| c.get(None))
            .unwrap()
            .as_str(),
        "Karin"
    );
    assert_eq!(
        claims
            .family_name()
            .and_then(|c| c.get(None))
            .unwrap()
            .as_str(),
        "Lindqvist"
    );
    let swedish = claims.additional_claims();
    assert_eq!(swedish.personal_identity_number, "197803142384");
    assert_eq!(
        swedish.org_affiliation.as_deref(),
        Some("karlin01@2120000142")
    );
    assert_eq!(swedish.org_number.as_deref(), Some("2120000142"));
    assert_eq!(swedish.org_name.as_deref(), Some("Exempelkommunen"));

    // at_hash binds the access token to the ID token.
    let expected = claims.access_token_hash().unwrap();
    let alg = id_token.signing_alg().unwrap();
    let key = id_token.signing_key(&checker).unwrap();
    let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key).unwrap();
    assert_eq!(&actual, expected);
    assert_eq!(*tokens.token_type(), CoreTokenType::Bearer);
    assert_eq!(
        tokens.expires_in(),
        Some(std::time::Duration::from_secs(3600))
    );
    assert_eq!(
        key.key_id().map(|k| k.as_str().to_owned()),
        Some(running.sim.key_id().to_owned())
    );
}

#[tokio::test]
async fn p2_the_id_token_fails_verification_on_another_nonce_issuer_audience_key_or_after_expiry() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, _, nonce, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    let tokens = exchange(&portal, &callback.code, verifier).await.unwrap();
    let id_token = tokens.id_token().unwrap();
    let provider = running.provider().await;
    let jwks = provider.jwks().clone();
    let issuer = IssuerUrl::new(running.issuer.clone()).unwrap();
    let at = |t: DateTime<Utc>| move || t;
    let now = running.clock.now();
    let verifier = |client: &str, issuer: IssuerUrl| {
        CoreIdTokenVerifier::new_confidential_client(
            ClientId::new(client.into()),
            ClientSecret::new(PORTAL_SECRET.into()),
            issuer,
            jwks.clone(),
        )
    };

    // The baseline passes, so each failure below is the one thing changed.
    assert!(
        id_token
            .claims(
                &verifier(PORTAL_ID, issuer.clone()).set_time_fn(at(now)),
                &nonce
            )
            .is_ok()
    );
    let other_nonce = Nonce::new("en-annan-nonce".into());
    assert!(
        id_token
            .claims(
                &verifier(PORTAL_ID, issuer.clone()).set_time_fn(at(now)),
                &other_nonce
            )
            .is_err()
    );
    let other_issuer = IssuerUrl::new("http://127.0.0.1:1/annan".into()).unwrap();
    assert!(
        id_token
            .claims(
                &verifier(PORTAL_ID, other_issuer).set_time_fn(at(now)),
                &nonce
            )
            .is_err()
    );
    assert!(
        id_token
            .claims(
                &verifier(OTHER_ID, issuer.clone()).set_time_fn(at(now)),
                &nonce
            )
            .is_err()
    );
    let expired = now + TimeDelta::hours(1) + TimeDelta::seconds(1);
    assert!(
        id_token
            .claims(
                &verifier(PORTAL_ID, issuer.clone()).set_time_fn(at(expired)),
                &nonce
            )
            .is_err()
    );
    // Another simulator's key (a restart makes a new one) does not verify it.
    let other = start().await;
    let other_jwks = other.provider().await.jwks().clone();
    let foreign = CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(PORTAL_ID.into()),
        ClientSecret::new(PORTAL_SECRET.into()),
        issuer,
        other_jwks,
    )
    .set_time_fn(at(now));
    assert!(id_token.claims(&foreign, &nonce).is_err());
}

#[tokio::test]
async fn p2_client_secret_post_works_as_well_as_basic() {
    let running = start().await;
    let portal = running.portal().await.set_auth_type(AuthType::RequestBody);
    let (url, _, nonce, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &test_identities()[1]).await;
    let tokens = exchange(&portal, &callback.code, verifier).await.unwrap();
    let claims = tokens
        .id_token()
        .unwrap()
        .claims(&running.verifier(&portal), &nonce)
        .unwrap();
    assert_eq!(
        claims.additional_claims().org_affiliation.as_deref(),
        Some("jb4575@5565971479")
    );
}

#[tokio::test]
async fn p2_a_person_without_organisation_has_no_affiliation_claims() {
    let running = start().await;
    let portal = running.portal().await;
    let sven = test_identities()
        .into_iter()
        .find(|p| p.affiliations.is_empty())
        .unwrap();
    let (url, _, nonce, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &sven).await;
    let tokens = exchange(&portal, &callback.code, verifier).await.unwrap();
    let claims = tokens
        .id_token()
        .unwrap()
        .claims(&running.verifier(&portal), &nonce)
        .unwrap();
    let swedish = claims.additional_claims();
    assert_eq!(
        swedish.personal_identity_number,
        sven.personal_identity_number
    );
    assert_eq!(swedish.org_affiliation, None);
    assert_eq!(swedish.org_number, None);
    assert_eq!(swedish.org_name, None);
}

#[tokio::test]
async fn p2_a_wrong_pkce_verifier_is_invalid_grant() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, _, _, _) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    let (_, someone_elses) = PkceCodeChallenge::new_random_sha256();
    assert_eq!(
        exchange(&portal, &callback.code, someone_elses)
            .await
            .unwrap_err(),
        CoreErrorResponseType::InvalidGrant
    );
}

#[tokio::test]
async fn p2_a_code_works_once() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    let again = PkceCodeVerifier::new(verifier.secret().clone());
    assert!(exchange(&portal, &callback.code, verifier).await.is_ok());
    assert_eq!(
        exchange(&portal, &callback.code, again).await.unwrap_err(),
        CoreErrorResponseType::InvalidGrant
    );
}

#[tokio::test]
async fn p2_a_code_expires_after_60_seconds() {
    let running = start().await;
    let portal = running.portal().await;

    // 59 s after the login: still good.
    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    running.clock.advance(TimeDelta::seconds(59));
    assert!(exchange(&portal, &callback.code, verifier).await.is_ok());

    // 60 s after: expired.
    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    running.clock.advance(TimeDelta::seconds(60));
    assert_eq!(
        exchange(&portal, &callback.code, verifier)
            .await
            .unwrap_err(),
        CoreErrorResponseType::InvalidGrant
    );
}

#[tokio::test]
async fn p2_a_wrong_client_secret_is_invalid_client_401_and_keeps_the_code() {
    let running = start().await;
    let portal = running.portal().await;
    let impostor = running
        .portal_with(PORTAL_ID, "fel-hemlighet", CALLBACK)
        .await;
    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    let copy = PkceCodeVerifier::new(verifier.secret().clone());
    assert_eq!(
        exchange(&impostor, &callback.code, copy).await.unwrap_err(),
        CoreErrorResponseType::InvalidClient
    );

    // The status and challenge RFC 6749 §5.2 asks for, seen on the wire.
    let response = browser()
        .post(running.url("/oauth2/token"))
        .basic_auth(PORTAL_ID, Some("fel-hemlighet"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=authorization_code&code=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().contains_key("www-authenticate"));
    assert_eq!(response.headers()["cache-control"], "no-store");

    // An unauthenticated attempt did not burn the code.
    assert!(exchange(&portal, &callback.code, verifier).await.is_ok());
}

#[tokio::test]
async fn p2_a_code_is_bound_to_its_client_and_redirect_uri() {
    let running = start().await;
    let portal = running.portal().await;

    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    // Same redirect_uri and verifier: only the client differs.
    let other = running.portal_with(OTHER_ID, OTHER_SECRET, CALLBACK).await;
    assert_eq!(
        exchange(&other, &callback.code, verifier)
            .await
            .unwrap_err(),
        CoreErrorResponseType::InvalidGrant
    );

    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    let elsewhere = running
        .portal_with(PORTAL_ID, PORTAL_SECRET, "http://127.0.0.1:9/annanstans")
        .await;
    assert_eq!(
        exchange(&elsewhere, &callback.code, verifier)
            .await
            .unwrap_err(),
        CoreErrorResponseType::InvalidGrant
    );
}

#[tokio::test]
async fn p2_an_unregistered_redirect_uri_gets_a_page_and_no_redirect() {
    let running = start().await;
    let portal = running
        .portal_with(
            PORTAL_ID,
            PORTAL_SECRET,
            "https://angripare.example/callback",
        )
        .await;
    let (url, _, _, _) = authorize(&portal);
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.headers().contains_key("location"));
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"sv\">"));
    assert!(page.contains("Ogiltig återadress"));
    assert!(
        !page.contains("angripare"),
        "the page quotes no request value"
    );

    // An unknown client: the same.
    let mut unknown = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(n, v)| {
            let v = if n == "client_id" { "okand".into() } else { v };
            (n.into_owned(), v.into_owned())
        })
        .collect();
    unknown.query_pairs_mut().clear().extend_pairs(pairs);
    let response = browser().get(unknown.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.headers().contains_key("location"));
    assert!(response.text().await.unwrap().contains("Okänd tjänst"));
}

/// The authorization URL with one parameter changed (`None`: removed).
fn with_param(url: &Url, name: &str, value: Option<&str>) -> Url {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(n, _)| n != name)
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if let Some(value) = value {
        pairs.push((name.into(), value.into()));
    }
    let mut out = url.clone();
    out.query_pairs_mut().clear().extend_pairs(pairs);
    out
}

/// The error the authorization endpoint redirects with, and the state it carries.
async fn redirected_error(url: &Url) -> (String, Option<String>) {
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND, "{url}");
    let to = location(&response);
    assert!(to.as_str().starts_with(CALLBACK));
    assert_eq!(query(&to, "code"), None);
    (query(&to, "error").unwrap(), query(&to, "state"))
}

#[tokio::test]
async fn p2_authorization_without_pkce_s256_state_nonce_or_openid_is_refused_on_the_redirect() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, state, _, _) = authorize(&portal);
    let state = Some(state.secret().clone());

    let no_challenge = with_param(&url, "code_challenge", None);
    assert_eq!(
        redirected_error(&no_challenge).await,
        ("invalid_request".into(), state.clone())
    );
    let plain = with_param(&url, "code_challenge_method", Some("plain"));
    assert_eq!(
        redirected_error(&plain).await,
        ("invalid_request".into(), state.clone())
    );
    let no_method = with_param(&url, "code_challenge_method", None);
    assert_eq!(
        redirected_error(&no_method).await,
        ("invalid_request".into(), state.clone())
    );
    let no_nonce = with_param(&url, "nonce", None);
    assert_eq!(
        redirected_error(&no_nonce).await,
        ("invalid_request".into(), state.clone())
    );
    let no_state = with_param(&url, "state", None);
    assert_eq!(
        redirected_error(&no_state).await,
        ("invalid_request".into(), None)
    );
    let implicit = with_param(&url, "response_type", Some("id_token"));
    assert_eq!(
        redirected_error(&implicit).await,
        ("unsupported_response_type".into(), state.clone())
    );
    let no_openid = with_param(&url, "scope", Some("profile"));
    assert_eq!(
        redirected_error(&no_openid).await,
        ("invalid_scope".into(), state.clone())
    );
    let silent = with_param(&url, "prompt", Some("none"));
    assert_eq!(
        redirected_error(&silent).await,
        ("login_required".into(), state.clone())
    );
    let mut twice = url.clone();
    twice.query_pairs_mut().append_pair("nonce", "en-till");
    assert_eq!(
        redirected_error(&twice).await,
        ("invalid_request".into(), state.clone())
    );
    // Cognito knows one federated provider: another name is refused, its own is shown.
    let elsewhere = with_param(&url, "identity_provider", Some("Google"));
    assert_eq!(
        redirected_error(&elsewhere).await,
        ("invalid_request".into(), state.clone())
    );
    open_page(&with_param(
        &url,
        "identity_provider",
        Some(lefi_idp_sim::FEDERATION),
    ))
    .await;
    // The unchanged URL shows the page.
    open_page(&url).await;
}

#[tokio::test]
async fn p2_avbryt_returns_access_denied_with_the_state() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, state, _, _) = authorize(&portal);
    let handle = open_page(&url).await;
    let response = post_page(
        &running,
        &[
            ("request", &handle),
            ("identity", &karin().sub),
            ("action", "cancel"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert_eq!(query(&to, "error").as_deref(), Some("access_denied"));
    assert_eq!(query(&to, "state").as_ref(), Some(state.secret()));
    assert_eq!(query(&to, "code"), None);
    // The page's handle is spent.
    let again = post_page(
        &running,
        &[
            ("request", &handle),
            ("identity", &karin().sub),
            ("action", "login"),
        ],
    )
    .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(!again.headers().contains_key("location"));
}

#[tokio::test]
async fn c2_logga_in_without_a_choice_shows_the_error_and_the_page_still_works() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, state, _, _) = authorize(&portal);
    let handle = open_page(&url).await;
    let response = post_page(&running, &[("request", &handle), ("action", "login")]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains("Det finns ett problem"));
    assert!(page.contains("Välj en testperson."));
    assert!(page.contains(&format!("value=\"{handle}\"")));

    let response = post_page(
        &running,
        &[
            ("request", &handle),
            ("identity", &karin().sub),
            ("action", "login"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        query(&location(&response), "state").as_ref(),
        Some(state.secret())
    );
}

#[tokio::test]
async fn c2_the_identity_page_is_sent_with_a_strict_csp_and_no_store() {
    let running = start().await;
    let portal = running.portal().await;
    let (url, _, _, _) = authorize(&portal);
    let response = browser().get(url.as_str()).send().await.unwrap();
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("style-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    // The form's redirect goes on to the portal's origin, and only there.
    assert!(
        csp.ends_with("form-action 'self' http://127.0.0.1:9"),
        "{csp}"
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let page = response.text().await.unwrap();
    let css = browser()
        .get(running.url("/static/idp.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(page.contains("href=\"/static/idp.css\""));
}

#[tokio::test]
async fn p2_the_token_endpoint_answers_rfc_6749_errors() {
    let running = start().await;
    let post = |body: &'static str| {
        browser()
            .post(running.url("/oauth2/token"))
            .basic_auth(PORTAL_ID, Some(PORTAL_SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let error = |response: reqwest::Response| async move {
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap();
        (status, body["error"].as_str().unwrap().to_owned())
    };
    assert_eq!(
        error(
            post("grant_type=password&username=a&password=b")
                .await
                .unwrap()
        )
        .await,
        (StatusCode::BAD_REQUEST, "unsupported_grant_type".into())
    );
    assert_eq!(
        error(
            post("grant_type=authorization_code&code=finns-inte")
                .await
                .unwrap()
        )
        .await,
        (StatusCode::BAD_REQUEST, "invalid_grant".into())
    );
    assert_eq!(
        error(post("code=x").await.unwrap()).await,
        (StatusCode::BAD_REQUEST, "invalid_request".into())
    );
    let unauthenticated = browser()
        .post(running.url("/oauth2/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=authorization_code&code=x&client_id=lefi-portal")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(unauthenticated).await,
        (StatusCode::UNAUTHORIZED, "invalid_client".into())
    );
}

#[tokio::test]
async fn p2_logout_returns_to_a_registered_address_with_the_state_and_nowhere_else() {
    let running = start().await;
    let provider = running.provider().await;
    let end_session = provider
        .additional_metadata()
        .end_session_endpoint
        .clone()
        .unwrap();
    assert_eq!(end_session.as_str(), running.url("/logout"));

    // By client_id.
    let state = CsrfToken::new_random();
    let url = LogoutRequest::from(end_session.clone())
        .set_client_id(ClientId::new(PORTAL_ID.into()))
        .set_post_logout_redirect_uri(PostLogoutRedirectUrl::new(LOGGED_OUT.into()).unwrap())
        .set_state(state.clone())
        .http_get_url();
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let to = location(&response);
    assert!(to.as_str().starts_with(LOGGED_OUT));
    assert_eq!(query(&to, "state").as_ref(), Some(state.secret()));

    // By id_token_hint, as the portal may do after a login.
    let portal = running.portal().await;
    let (auth, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &auth, &karin()).await;
    let tokens = exchange(&portal, &callback.code, verifier).await.unwrap();
    let url = LogoutRequest::from(end_session.clone())
        .set_id_token_hint(tokens.id_token().unwrap())
        .set_post_logout_redirect_uri(PostLogoutRedirectUrl::new(LOGGED_OUT.into()).unwrap())
        .http_get_url();
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert!(location(&response).as_str().starts_with(LOGGED_OUT));

    // An address the client did not register: a page, no redirect.
    let url = LogoutRequest::from(end_session.clone())
        .set_client_id(ClientId::new(PORTAL_ID.into()))
        .set_post_logout_redirect_uri(
            PostLogoutRedirectUrl::new("https://angripare.example/".into()).unwrap(),
        )
        .http_get_url();
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.headers().contains_key("location"));

    // Another client's registered address is not this client's.
    let url = LogoutRequest::from(end_session.clone())
        .set_client_id(ClientId::new(OTHER_ID.into()))
        .set_post_logout_redirect_uri(PostLogoutRedirectUrl::new(LOGGED_OUT.into()).unwrap())
        .http_get_url();
    let response = browser().get(url.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.headers().contains_key("location"));

    // Without a return address: the simulator's own page.
    let response = browser().get(end_session.as_str()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("Du är utloggad"));
}

#[tokio::test]
async fn p2_an_issuer_with_a_path_serves_everything_under_it() {
    // Cognito's issuers have a path: https://cognito-idp.<region>.amazonaws.com/<pool>.
    let running = start_at("/eu-north-1_Test").await;
    let portal = running.portal().await;
    let (url, _, nonce, verifier) = authorize(&portal);
    assert!(url.path().starts_with("/eu-north-1_Test/"), "{url}");
    let page = browser()
        .get(url.as_str())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("action=\"/eu-north-1_Test/login\""));
    assert!(page.contains("href=\"/eu-north-1_Test/static/idp.css\""));
    let callback = log_in(&running, &url, &karin()).await;
    let tokens = exchange(&portal, &callback.code, verifier).await.unwrap();
    let claims = tokens
        .id_token()
        .unwrap()
        .claims(&running.verifier(&portal), &nonce)
        .unwrap();
    assert_eq!(claims.issuer().as_str(), running.issuer);
}

#[test]
fn p2_the_test_identities_have_valid_personnummer_and_organisation_numbers() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let people = test_identities();
    assert!((4..=5).contains(&people.len()));
    let mut subs = std::collections::HashSet::new();
    for person in &people {
        let pnr = &person.personal_identity_number;
        assert_eq!(pnr.len(), 12, "{}", person.sub);
        let parsed = lefi_domain::Personnummer::parse(pnr, today)
            .unwrap_or_else(|e| panic!("{}: {e:?}", person.sub));
        assert_eq!(parsed.expose(), pnr);
        // Sex digit (the ninth of ten) matches the name's: Karin, Maria, Amira even.
        let female = ["Karin", "Maria", "Amira"].contains(&person.given_name.as_str());
        assert_eq!(
            (pnr.as_bytes()[10] - b'0').is_multiple_of(2),
            female,
            "{}",
            person.sub
        );
        assert!(
            !person.sub.contains(&pnr[2..]),
            "sub is not the personnummer"
        );
        assert!(subs.insert(person.sub.clone()), "sub is unique");
        for affiliation in &person.affiliations {
            let org = lefi_domain::Organisationsnummer::parse(&affiliation.org_number).unwrap();
            assert_eq!(org.as_str(), affiliation.org_number);
            let claim = affiliation.claim();
            let (id, orgnr) = claim.split_once('@').unwrap();
            assert!(!id.is_empty() && !id.contains('@'));
            assert_eq!(orgnr, affiliation.org_number);
        }
    }
    // The kinds of people the portal needs to meet.
    let orgs: Vec<usize> = people.iter().map(|p| p.affiliations.len()).collect();
    assert!(orgs.contains(&0), "someone with no organisation");
    assert!(orgs.contains(&2), "someone with two organisations");
    let numbers = |p: &TestIdentity| -> Vec<String> {
        p.affiliations
            .iter()
            .map(|a| a.org_number.clone())
            .collect()
    };
    assert!(
        people.iter().any(|p| numbers(p) == ["2120000142"]),
        "a municipality"
    );
    assert!(
        people.iter().any(|p| numbers(p) == ["5565971479"]),
        "an insurer"
    );
}

#[test]
fn p2_the_personnummer_claim_name_is_oidc_swedens() {
    assert_eq!(
        CLAIM_PERSONAL_IDENTITY_NUMBER,
        "https://id.oidc.se/claim/personalIdentityNumber"
    );
}

/// Log lines, caught for the test that reads them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn p5_the_log_names_people_by_sub_and_never_by_personnummer() {
    // A current-thread runtime: the server's tasks log under this thread's subscriber.
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Another test of this binary may have met these callsites first, on a thread without
    // a subscriber, and left them cached as uninteresting: ask every callsite again.
    tracing::callsite::rebuild_interest_cache();

    let running = start().await;
    let portal = running.portal().await;
    for person in test_identities() {
        let (url, _, _, verifier) = authorize(&portal);
        let callback = log_in(&running, &url, &person).await;
        let (_, wrong) = PkceCodeChallenge::new_random_sha256();
        let copy = PkceCodeVerifier::new(verifier.secret().clone());
        assert!(exchange(&portal, &callback.code, wrong).await.is_err());
        let (url, _, _, _) = authorize(&portal);
        let callback = log_in(&running, &url, &person).await;
        assert!(exchange(&portal, &callback.code, copy).await.is_err());
    }
    let (url, _, _, verifier) = authorize(&portal);
    let callback = log_in(&running, &url, &karin()).await;
    exchange(&portal, &callback.code, verifier).await.unwrap();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The lines are there, with the sub: the test would see a personnummer if one were logged.
    assert!(logs.contains("login"), "{logs}");
    assert!(logs.contains("tokens issued"), "{logs}");
    for person in test_identities() {
        assert!(logs.contains(&person.sub), "{}", person.sub);
        let pnr = &person.personal_identity_number;
        for form in [
            pnr.clone(),
            pnr[2..].to_owned(),
            format!("{}-{}", &pnr[..8], &pnr[8..]),
            format!("{}-{}", &pnr[2..8], &pnr[8..]),
        ] {
            assert!(!logs.contains(&form), "a personnummer in the log:\n{logs}");
        }
    }
    assert!(!logs.contains(PORTAL_SECRET));
    assert!(!logs.contains(&callback.code), "codes stay out of the log");
}

#[tokio::test]
async fn p2_the_simulator_serves_https_with_the_given_tls_configuration() {
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![certified.cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
                certified.signing_key.serialize_der(),
            )),
        )
        .unwrap();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let issuer = format!("https://localhost:{port}");
    let sim = IdpSim::new(IdpConfig::new(issuer.clone(), clients())).unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        sim.serve_https(listener, Arc::new(tls), async {
            let _ = stopped.await;
        })
        .await
    });

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let mut stream = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    stream
        .write_all(
            b"GET /.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        answer.contains(&format!("\"issuer\":\"{issuer}\"")),
        "{answer}"
    );
    assert!(answer.contains(&format!("\"token_endpoint\":\"{issuer}/oauth2/token\"")));

    stop.send(()).unwrap();
    assert!(server.await.unwrap().is_ok(), "it stops when told");
}
