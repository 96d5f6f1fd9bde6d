//! HTTP for the portal's pages: cookies, forms, and the headers every page carries
//! (a page here may show personal data).

use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Request, Response};

/// The session cookie: `__Host-` (Secure, path `/`, no domain), HttpOnly, and
/// `SameSite=Strict`, so no other site's page can send it.
pub const SESSION_COOKIE: &str = "__Host-lefi-session";
/// The started login (sealed): `SameSite=Lax`, since the provider sends the browser
/// back with a cross-site navigation that a Strict cookie would not follow.
pub const LOGIN_COOKIE: &str = "__Host-lefi-login";
/// A query form posted into an ended session: its period and benefits (never the
/// personnummer), for the form after the next login.
pub const DRAFT_COOKIE: &str = "__Host-lefi-draft";

/// No inline script or style, nothing from another origin; not framed. Forms post to
/// the portal itself, and to `form_origin` where "Logga ut" ends at the provider (a
/// browser checks `form-action` on the redirects a form's navigation follows too).
pub fn csp(form_origin: Option<&str>) -> String {
    let extra = form_origin.map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
form-action 'self'{extra}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// A cookie's value from the request.
pub fn cookie<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// `Set-Cookie` for a cookie of this portal; `None` clears it.
pub fn set_cookie(name: &str, value: Option<&str>, same_site: &str) -> String {
    match value {
        Some(v) => format!("{name}={v}; Path=/; Secure; HttpOnly; SameSite={same_site}"),
        None => format!("{name}=; Path=/; Secure; HttpOnly; SameSite={same_site}; Max-Age=0"),
    }
}

/// The fields of an `application/x-www-form-urlencoded` body, in order.
pub fn form(request: &Request) -> Vec<(String, String)> {
    let bytes: &[u8] = match request.body() {
        Body::Empty => &[],
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => &[],
    };
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

/// The query string's parameters.
pub fn query(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// The first value of `name`.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A response being built: status, body, cookies to set.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: String,
    pub location: Option<String>,
    pub cookies: Vec<String>,
    /// Long-lived public files (CSS, JS) may be cached; pages never.
    pub cacheable: bool,
}

impl Page {
    pub fn html(status: StatusCode, body: String) -> Self {
        Self {
            status,
            content_type: "text/html; charset=utf-8",
            body,
            location: None,
            cookies: Vec::new(),
            cacheable: false,
        }
    }

    /// 303 See Other: after a POST, or to the provider.
    pub fn redirect(to: impl Into<String>) -> Self {
        Self {
            location: Some(to.into()),
            ..Self::html(StatusCode::SEE_OTHER, String::new())
        }
    }

    pub fn asset(content_type: &'static str, body: &'static str) -> Self {
        Self {
            content_type,
            cacheable: true,
            ..Self::html(StatusCode::OK, body.to_owned())
        }
    }

    pub fn with_cookie(mut self, cookie: String) -> Self {
        self.cookies.push(cookie);
        self
    }

    /// The response, with the headers every answer of the portal carries.
    pub fn into_response(self, correlation_id: &str, csp: &str) -> Response<Body> {
        let mut response = Response::builder()
            .status(self.status)
            .header(header::CONTENT_TYPE, self.content_type)
            .header(header::CONTENT_SECURITY_POLICY, csp)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            // Nothing to other sites; `same-origin` rather than `no-referrer`, under which
            // a browser sends `Origin: null` on the portal's own form posts.
            .header(header::REFERRER_POLICY, "same-origin")
            .header(header::X_FRAME_OPTIONS, "DENY")
            .header(
                header::STRICT_TRANSPORT_SECURITY,
                "max-age=31536000; includeSubDomains",
            )
            .header("x-correlation-id", correlation_id)
            .header(
                header::CACHE_CONTROL,
                if self.cacheable {
                    "public, max-age=3600"
                } else {
                    "no-store"
                },
            );
        if !self.cacheable {
            response = response.header(header::PRAGMA, "no-cache");
        }
        if let Some(location) = &self.location {
            response = response.header(header::LOCATION, location);
        }
        for cookie in &self.cookies {
            response = response.header(header::SET_COOKIE, cookie);
        }
        response.body(Body::Text(self.body)).unwrap_or_else(|_| {
            let mut fallback = Response::new(Body::Empty);
            *fallback.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            fallback
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            fallback
        })
    }
}
