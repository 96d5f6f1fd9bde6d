//! The endpoints (P2): discovery, JWKS, authorization with the identity page, token,
//! logout. Errors follow RFC 6749 (§4.1.2.1 on the redirect, §5.2 from the token
//! endpoint) and never quote a value of the request; an error about the client or its
//! return address is a page, never a redirect (§4.1.2.1, §10.15).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, PRAGMA,
    REFERRER_POLICY, WWW_AUTHENTICATE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeDelta, Utc};
use ring::rand::SystemRandom;
use serde_json::{Value, json};
use tracing::{info, warn};
use url::Url;

use crate::identities::TestIdentity;
use crate::keys::{SigningKey, at_hash, random_token, s256, secrets_match};
use crate::pages::{self, LoginPage};
use crate::{Clock, RegisteredClient};

/// OIDC Sweden's claim names (Claims and Scopes Specification 1.0, §2.1.1, §2.2).
pub const CLAIM_PERSONAL_IDENTITY_NUMBER: &str = "https://id.oidc.se/claim/personalIdentityNumber";
pub const CLAIM_ORG_AFFILIATION: &str = "https://id.oidc.se/claim/orgAffiliation";
pub const CLAIM_ORG_NUMBER: &str = "https://id.oidc.se/claim/orgNumber";
pub const CLAIM_ORG_NAME: &str = "https://id.oidc.se/claim/orgName";

/// The simulator's state.
pub(crate) struct Inner {
    pub issuer: String,
    /// The issuer's path ("" or e.g. "/eu-north-1_abc"): every route lives under it.
    pub base_path: String,
    pub clients: Vec<RegisteredClient>,
    pub identities: Vec<TestIdentity>,
    pub clock: Clock,
    pub code_lifetime: TimeDelta,
    pub id_token_lifetime: TimeDelta,
    pub login_lifetime: TimeDelta,
    pub key: SigningKey,
    pub rng: SystemRandom,
    /// Authorization requests whose identity page is open, by the page's handle.
    pub logins: Mutex<HashMap<String, Login>>,
    /// Codes not yet exchanged.
    pub codes: Mutex<HashMap<String, Grant>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdpSim")
            .field("issuer", &self.issuer)
            .field("clients", &self.clients)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// A checked authorization request, waiting for the person's choice.
#[derive(Clone)]
pub(crate) struct Login {
    client_id: String,
    redirect_uri: String,
    state: String,
    nonce: String,
    code_challenge: String,
    expires: DateTime<Utc>,
}

/// What a code stands for.
pub(crate) struct Grant {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    nonce: String,
    sub: String,
    auth_time: DateTime<Utc>,
    expires: DateTime<Utc>,
}

pub(crate) fn router(inner: Arc<Inner>) -> Router {
    let base_path = inner.base_path.clone();
    let routes = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/oauth2/authorize", get(authorize))
        .route("/login", post(login))
        .route("/oauth2/token", post(token))
        .route("/logout", get(logout))
        .route("/static/idp.css", get(stylesheet))
        .with_state(inner);
    if base_path.is_empty() {
        routes
    } else {
        Router::new().nest(&base_path, routes)
    }
}

impl Inner {
    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    fn client(&self, client_id: &str) -> Option<&RegisteredClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    fn error_page(&self, heading: &str, message: &str) -> Response {
        html(
            StatusCode::BAD_REQUEST,
            pages::error(&self.base_path, heading, message),
            None,
        )
    }

    fn logins(&self) -> MutexGuard<'_, HashMap<String, Login>> {
        // A panic while holding the lock leaves the maps consistent (single inserts and
        // removes), so a poisoned lock is taken as it is.
        self.logins.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn codes(&self) -> MutexGuard<'_, HashMap<String, Grant>> {
        self.codes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn discovery(State(idp): State<Arc<Inner>>) -> Response {
    let mut acr: Vec<&str> = vec![crate::LOA3];
    for person in &idp.identities {
        if !acr.contains(&person.acr.as_str()) {
            acr.push(&person.acr);
        }
    }
    axum::Json(json!({
        "issuer": idp.issuer,
        "authorization_endpoint": idp.endpoint("/oauth2/authorize"),
        "token_endpoint": idp.endpoint("/oauth2/token"),
        "jwks_uri": idp.endpoint("/.well-known/jwks.json"),
        "end_session_endpoint": idp.endpoint("/logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile"],
        "claims_supported": [
            "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash",
            "name", "given_name", "family_name",
            CLAIM_PERSONAL_IDENTITY_NUMBER, CLAIM_ORG_AFFILIATION, CLAIM_ORG_NUMBER, CLAIM_ORG_NAME,
        ],
        "acr_values_supported": acr,
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "ui_locales_supported": ["sv"],
    }))
    .into_response()
}

async fn jwks(State(idp): State<Arc<Inner>>) -> Response {
    axum::Json(idp.key.jwks()).into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        pages::STYLESHEET,
    )
        .into_response()
}

/// `GET /oauth2/authorize`: checks the request, then shows the identity page.
async fn authorize(State(idp): State<Arc<Inner>>, RawQuery(query): RawQuery) -> Response {
    let p = Params::parse(query.as_deref().unwrap_or("").as_bytes());
    let Some(client) = p.single("client_id").and_then(|id| idp.client(id)) else {
        info!(
            reason = "unknown or missing client_id",
            "authorization refused"
        );
        return idp.error_page(
            "Okänd tjänst",
            "Tjänsten som skickade dig hit är inte registrerad hos identitetsleverantören.",
        );
    };
    let Some(redirect_uri) = p
        .single("redirect_uri")
        .filter(|uri| client.redirect_uris.iter().any(|r| r == uri))
    else {
        info!(client_id = %client.client_id, reason = "redirect_uri not registered", "authorization refused");
        return idp.error_page(
            "Ogiltig återadress",
            "Adressen du skulle skickas tillbaka till är inte registrerad för tjänsten. \
             Av säkerhetsskäl skickas du inte vidare.",
        );
    };
    let state = p.single("state");
    let refuse = |error: &str, description: &str| {
        info!(client_id = %client.client_id, error, "authorization refused");
        let mut params = vec![("error", error), ("error_description", description)];
        params.extend(state.map(|s| ("state", s)));
        redirect(StatusCode::FOUND, redirect_uri, &params)
    };
    if !p.repeated.is_empty() {
        return refuse("invalid_request", "a parameter is repeated");
    }
    match p.single("response_type") {
        None => return refuse("invalid_request", "response_type is missing"),
        Some("code") => {}
        Some(_) => {
            return refuse(
                "unsupported_response_type",
                "only the authorization code flow (response_type=code) is supported",
            );
        }
    }
    if !p
        .single("scope")
        .is_some_and(|s| s.split(' ').any(|scope| scope == "openid"))
    {
        return refuse("invalid_scope", "scope must include openid");
    }
    // Cognito's `identity_provider`: the one federated provider, or Cognito refuses.
    if p.single("identity_provider")
        .is_some_and(|name| name != crate::FEDERATION)
    {
        return refuse("invalid_request", "identity_provider is not configured");
    }
    if p.single("request").is_some() {
        return refuse("request_not_supported", "request objects are not supported");
    }
    if p.single("request_uri").is_some() {
        return refuse("request_uri_not_supported", "request_uri is not supported");
    }
    let Some(state) = state else {
        return refuse("invalid_request", "state is required");
    };
    let Some(nonce) = p.single("nonce") else {
        return refuse("invalid_request", "nonce is required");
    };
    let Some(code_challenge) = p.single("code_challenge") else {
        return refuse("invalid_request", "code_challenge is required (PKCE)");
    };
    if p.single("code_challenge_method") != Some("S256") {
        return refuse(
            "invalid_request",
            "code_challenge_method must be S256 (transform algorithm not supported)",
        );
    }
    // An S256 challenge is 32 bytes in base64url without padding: 43 characters.
    if code_challenge.len() != 43 || !code_challenge.bytes().all(is_base64url) {
        return refuse("invalid_request", "code_challenge is malformed");
    }
    if p.single("prompt")
        .is_some_and(|prompt| prompt.split(' ').any(|v| v == "none"))
    {
        // No single sign-on session here: a login always needs the person.
        return refuse("login_required", "the user must log in");
    }

    let now = idp.now();
    let handle = random_token(&idp.rng);
    {
        let mut logins = idp.logins();
        logins.retain(|_, l| l.expires > now);
        logins.insert(
            handle.clone(),
            Login {
                client_id: client.client_id.clone(),
                redirect_uri: redirect_uri.to_owned(),
                state: state.to_owned(),
                nonce: nonce.to_owned(),
                code_challenge: code_challenge.to_owned(),
                expires: now + idp.login_lifetime,
            },
        );
    }
    info!(client_id = %client.client_id, "identity page shown");
    login_page(&idp, client, redirect_uri, &handle, false, StatusCode::OK)
}

fn login_page(
    idp: &Inner,
    client: &RegisteredClient,
    redirect_uri: &str,
    handle: &str,
    missing_choice: bool,
    status: StatusCode,
) -> Response {
    let body = pages::login(&LoginPage {
        base_path: &idp.base_path,
        client_name: &client.name,
        request: handle,
        identities: &idp.identities,
        missing_choice,
    });
    // The form's 303 goes on to the client: CSP's form-action covers that redirect too.
    let origin = Url::parse(redirect_uri)
        .ok()
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple)
        .map(|o| o.ascii_serialization());
    html(status, body, Some(origin.as_deref().unwrap_or("")))
}

/// `POST /login`: the person's choice on the identity page ("Logga in" or "Avbryt").
async fn login(State(idp): State<Arc<Inner>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let now = idp.now();
    let found = p
        .single("request")
        .and_then(|handle| Some((handle, idp.logins().get(handle).cloned()?)))
        .filter(|(_, login)| login.expires > now);
    let Some((handle, login)) = found else {
        info!(reason = "unknown or expired login", "login refused");
        return idp.error_page(
            "Inloggningen har gått ut",
            "Det tog för lång tid, eller så är inloggningen redan gjord.",
        );
    };
    let Some(client) = idp.client(&login.client_id) else {
        return idp.error_page("Okänd tjänst", "Tjänsten är inte längre registrerad.");
    };
    match p.single("action") {
        Some("cancel") => {
            idp.logins().remove(handle);
            info!(client_id = %client.client_id, "login cancelled");
            redirect(
                StatusCode::SEE_OTHER,
                &login.redirect_uri,
                &[
                    ("error", "access_denied"),
                    ("error_description", "the user cancelled the login"),
                    ("state", &login.state),
                ],
            )
        }
        Some("login") => {
            let Some(person) = p
                .single("identity")
                .and_then(|sub| idp.identities.iter().find(|i| i.sub == sub))
            else {
                return login_page(
                    &idp,
                    client,
                    &login.redirect_uri,
                    handle,
                    true,
                    StatusCode::BAD_REQUEST,
                );
            };
            // Taken out under the lock: two posts of one page make one code.
            if idp.logins().remove(handle).is_none() {
                return idp.error_page(
                    "Inloggningen har gått ut",
                    "Det tog för lång tid, eller så är inloggningen redan gjord.",
                );
            }
            let code = random_token(&idp.rng);
            {
                let mut codes = idp.codes();
                codes.retain(|_, g| g.expires > now);
                codes.insert(
                    code.clone(),
                    Grant {
                        client_id: login.client_id.clone(),
                        redirect_uri: login.redirect_uri.clone(),
                        code_challenge: login.code_challenge,
                        nonce: login.nonce,
                        sub: person.sub.clone(),
                        auth_time: now,
                        expires: now + idp.code_lifetime,
                    },
                );
            }
            info!(client_id = %client.client_id, sub = %person.sub, "login");
            redirect(
                StatusCode::SEE_OTHER,
                &login.redirect_uri,
                &[("code", &code), ("state", &login.state)],
            )
        }
        _ => idp.error_page(
            "Något gick fel",
            "Formuläret skickades utan ett val. Börja om från tjänsten.",
        ),
    }
}

/// `POST /oauth2/token`: the authorization code grant.
async fn token(State(idp): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let client = match authenticate(&idp, &headers, &p) {
        Ok(client) => client,
        Err(AuthFailure::TwoMethods) => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "more than one client authentication method",
            );
        }
        Err(AuthFailure::Invalid(description)) => return invalid_client(description),
    };
    let client_id = client.client_id.as_str();
    let refuse = |error: &'static str, description: &str| {
        info!(client_id, error, reason = description, "token refused");
        token_error(StatusCode::BAD_REQUEST, error, description)
    };
    if !p.repeated.is_empty() {
        return refuse("invalid_request", "a parameter is repeated");
    }
    match p.single("grant_type") {
        None => return refuse("invalid_request", "grant_type is missing"),
        Some("authorization_code") => {}
        Some(_) => {
            return refuse(
                "unsupported_grant_type",
                "only authorization_code is supported",
            );
        }
    }
    let Some(code) = p.single("code") else {
        return refuse("invalid_request", "code is missing");
    };
    // Taken out at the first presentation, whatever follows: a code works once
    // (RFC 6749 §4.1.2), and a failed attempt burns it.
    let Some(grant) = idp.codes().remove(code) else {
        return refuse(
            "invalid_grant",
            "the code is unknown, expired or already used",
        );
    };
    let now = idp.now();
    if grant.client_id != client.client_id {
        return refuse("invalid_grant", "the code was issued to another client");
    }
    if now >= grant.expires {
        return refuse("invalid_grant", "the code has expired");
    }
    if p.single("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return refuse(
            "invalid_grant",
            "redirect_uri does not match the authorization request",
        );
    }
    let Some(verifier) = p.single("code_verifier") else {
        return refuse("invalid_grant", "code_verifier is missing");
    };
    // RFC 7636 §4.1: 43 to 128 unreserved characters.
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if !well_formed || !secrets_match(&s256(verifier), &grant.code_challenge) {
        return refuse(
            "invalid_grant",
            "code_verifier does not match the code_challenge",
        );
    }
    let Some(person) = idp.identities.iter().find(|i| i.sub == grant.sub) else {
        return refuse("invalid_grant", "the identity is no longer known");
    };

    let access_token = random_token(&idp.rng);
    let claims = id_token_claims(&idp, client_id, person, &grant, &access_token, now);
    let id_token = match idp.key.sign_jwt(&claims) {
        Ok(jwt) => jwt,
        Err(e) => {
            warn!(client_id, error = %e, "ID token could not be signed");
            return token_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "the ID token could not be signed",
            );
        }
    };
    info!(client_id, sub = %person.sub, "tokens issued");
    no_store(
        StatusCode::OK,
        axum::Json(json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": idp.id_token_lifetime.num_seconds(),
            "id_token": id_token,
        })),
    )
}

/// Why a client was not authenticated.
enum AuthFailure {
    /// `invalid_client` (401), with its description.
    Invalid(&'static str),
    /// Both Basic and the body's `client_secret` (RFC 6749 §2.3: one method only).
    TwoMethods,
}

/// The client's credentials from exactly one of `client_secret_basic` and
/// `client_secret_post` (RFC 6749 §2.3.1), checked against its registration.
fn authenticate<'a>(
    idp: &'a Inner,
    headers: &HeaderMap,
    p: &Params,
) -> Result<&'a RegisteredClient, AuthFailure> {
    let basic = headers
        .get(AUTHORIZATION)
        .map(|value| basic_credentials(value).ok_or(()));
    let (client_id, secret) = match (basic, p.single("client_secret")) {
        (Some(Ok((id, secret))), None) => {
            // A client_id in the body too must name the same client.
            if p.single("client_id").is_some_and(|body_id| body_id != id) {
                return Err(AuthFailure::Invalid(
                    "the client_id does not match the credentials",
                ));
            }
            (id, secret)
        }
        (Some(Err(())), _) => {
            return Err(AuthFailure::Invalid(
                "the Authorization header is not HTTP Basic",
            ));
        }
        (Some(Ok(_)), Some(_)) => return Err(AuthFailure::TwoMethods),
        (None, Some(secret)) => match p.single("client_id") {
            Some(id) => (id.to_owned(), secret.to_owned()),
            None => return Err(AuthFailure::Invalid("client_id is missing")),
        },
        (None, None) => {
            return Err(AuthFailure::Invalid("client authentication is required"));
        }
    };
    match idp.client(&client_id) {
        Some(client) if secrets_match(&client.client_secret, &secret) => Ok(client),
        Some(client) => {
            info!(client_id = %client.client_id, "client authentication failed");
            Err(AuthFailure::Invalid("client authentication failed"))
        }
        None => {
            info!("client authentication failed: unknown client");
            Err(AuthFailure::Invalid("client authentication failed"))
        }
    }
}

/// `Basic base64(urlencode(id) ":" urlencode(secret))`.
fn basic_credentials(value: &HeaderValue) -> Option<(String, String)> {
    let encoded = value.to_str().ok()?.strip_prefix("Basic ")?.trim();
    let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form_decode(id)?, form_decode(secret)?))
}

/// application/x-www-form-urlencoded decoding of one value (`+` is a space).
fn form_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn id_token_claims(
    idp: &Inner,
    client_id: &str,
    person: &TestIdentity,
    grant: &Grant,
    access_token: &str,
    now: DateTime<Utc>,
) -> Value {
    let mut claims = json!({
        "iss": idp.issuer,
        "sub": person.sub,
        "aud": client_id,
        "iat": now.timestamp(),
        "exp": (now + idp.id_token_lifetime).timestamp(),
        "auth_time": grant.auth_time.timestamp(),
        "nonce": grant.nonce,
        "acr": person.acr,
        "at_hash": at_hash(access_token),
        "name": person.name(),
        "given_name": person.given_name,
        "family_name": person.family_name,
        CLAIM_PERSONAL_IDENTITY_NUMBER: person.personal_identity_number,
    });
    if let (Some(affiliation), Some(map)) = (person.asserted_affiliation(), claims.as_object_mut())
    {
        map.insert(CLAIM_ORG_AFFILIATION.into(), affiliation.claim().into());
        map.insert(
            CLAIM_ORG_NUMBER.into(),
            affiliation.org_number.clone().into(),
        );
        map.insert(CLAIM_ORG_NAME.into(), affiliation.org_name.clone().into());
    }
    claims
}

/// `GET /logout`: OpenID Connect RP-Initiated Logout 1.0 (`post_logout_redirect_uri`,
/// `client_id` or `id_token_hint`, `state`), and Cognito's `logout_uri` spelling.
async fn logout(State(idp): State<Arc<Inner>>, RawQuery(query): RawQuery) -> Response {
    let p = Params::parse(query.as_deref().unwrap_or("").as_bytes());
    let hinted = match p.single("id_token_hint") {
        None => None,
        Some(hint) => match idp.key.verified_claims(hint) {
            Some(claims) => claims.get("aud").and_then(Value::as_str).map(str::to_owned),
            None => {
                info!(reason = "id_token_hint not ours", "logout refused");
                return idp.error_page(
                    "Utloggningen kunde inte göras",
                    "Begäran om utloggning kom inte från en känd tjänst.",
                );
            }
        },
    };
    let client_id = match (p.single("client_id"), hinted.as_deref()) {
        (Some(a), Some(b)) if a != b => {
            info!(
                reason = "client_id and id_token_hint disagree",
                "logout refused"
            );
            return idp.error_page(
                "Utloggningen kunde inte göras",
                "Begäran om utloggning kom inte från en känd tjänst.",
            );
        }
        (Some(id), _) | (None, Some(id)) => Some(id),
        (None, None) => None,
    };
    let client = client_id.and_then(|id| idp.client(id));
    let target = match (p.single("post_logout_redirect_uri"), p.single("logout_uri")) {
        (Some(a), Some(b)) if a != b => None,
        (Some(uri), _) | (None, Some(uri)) => Some(uri),
        (None, None) => {
            info!(client_id = client.map(|c| c.client_id.as_str()), "logout");
            return html(StatusCode::OK, pages::logged_out(&idp.base_path), None);
        }
    };
    match (client, target) {
        (Some(client), Some(uri)) if client.post_logout_redirect_uris.iter().any(|r| r == uri) => {
            info!(client_id = %client.client_id, "logout");
            let mut params = Vec::new();
            params.extend(p.single("state").map(|s| ("state", s)));
            redirect(StatusCode::FOUND, uri, &params)
        }
        _ => {
            info!(
                reason = "post_logout_redirect_uri not registered",
                "logout refused"
            );
            idp.error_page(
                "Ogiltig återadress",
                "Adressen du skulle skickas tillbaka till efter utloggningen är inte \
                 registrerad för tjänsten. Av säkerhetsskäl skickas du inte vidare.",
            )
        }
    }
}

/// The parameters of a query or form body; a name given more than once is listed in
/// `repeated` (RFC 6749 §3.1: no parameter may appear twice), and one given empty
/// counts as absent.
struct Params {
    values: HashMap<String, String>,
    repeated: Vec<String>,
}

impl Params {
    fn parse(raw: &[u8]) -> Self {
        let mut values = HashMap::new();
        let mut repeated = Vec::new();
        for (name, value) in url::form_urlencoded::parse(raw) {
            if value.is_empty() {
                continue;
            }
            if values.contains_key(name.as_ref()) {
                repeated.push(name.into_owned());
            } else {
                values.insert(name.into_owned(), value.into_owned());
            }
        }
        Self { values, repeated }
    }

    /// The parameter's value, if it was given once.
    fn single(&self, name: &str) -> Option<&str> {
        if self.repeated.iter().any(|r| r == name) {
            return None;
        }
        self.values.get(name).map(String::as_str)
    }
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A redirect to `uri` with `params` added to its query.
fn redirect(status: StatusCode, uri: &str, params: &[(&str, &str)]) -> Response {
    let Ok(mut url) = Url::parse(uri) else {
        // Registered URIs were parsed at start.
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if !params.is_empty() {
        let mut query = url.query_pairs_mut();
        for (name, value) in params {
            query.append_pair(name, value);
        }
    }
    let Ok(location) = HeaderValue::from_str(url.as_str()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = no_store(status, ());
    response.headers_mut().insert(LOCATION, location);
    response
}

/// An HTML page; `form_action` is the origin (besides ours) a form may lead to, `None`
/// for pages without a form.
fn html(status: StatusCode, body: String, form_action: Option<&str>) -> Response {
    let form_action = match form_action {
        None => "'none'".to_owned(),
        Some("") => "'self'".to_owned(),
        Some(origin) => format!("'self' {origin}"),
    };
    let csp = format!(
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; \
         frame-ancestors 'none'; form-action {form_action}"
    );
    let mut response = no_store(status, body);
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The authorization URL carries state and nonce; the pages link nowhere else.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

fn no_store(status: StatusCode, body: impl IntoResponse) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn token_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
}

fn invalid_client(description: &str) -> Response {
    let mut response = token_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"lefi-idp-sim\""),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p2_basic_credentials_are_form_decoded() {
        let header = HeaderValue::from_str(&format!(
            "Basic {}",
            STANDARD.encode("portal%3Ax:s%C3%A4cret+1%25")
        ))
        .expect("header");
        assert_eq!(
            basic_credentials(&header),
            Some(("portal:x".to_owned(), "säcret 1%".to_owned()))
        );
        assert_eq!(
            basic_credentials(&HeaderValue::from_static("Bearer abc")),
            None
        );
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%4"), None);
    }

    #[test]
    fn p2_a_repeated_parameter_is_not_taken_and_an_empty_one_is_absent() {
        let p = Params::parse(b"state=a&state=b&nonce=&scope=openid");
        assert_eq!(p.single("state"), None);
        assert_eq!(p.repeated, vec!["state".to_owned()]);
        assert_eq!(p.single("nonce"), None);
        assert_eq!(p.single("scope"), Some("openid"));
    }
}
