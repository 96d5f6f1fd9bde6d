//! The ID tokens' signing key (P2): RSA 2048 made at start, RS256 as Cognito signs.
//!
//! `rsa` generates the key (ring cannot); ring signs and verifies with it, in constant
//! time, so the bignum crate's timing (RUSTSEC-2023-0071) never touches a signature.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::digest::{SHA256, digest};
use ring::rand::SystemRandom;
use ring::signature::{
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents,
};
use rsa::pkcs8::EncodePrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use serde_json::{Value, json};

use crate::IdpError;

/// The key the simulator signs ID tokens with; its public half is the JWKS.
pub(crate) struct SigningKey {
    pair: RsaKeyPair,
    /// Big-endian modulus and exponent, for the JWK and for verifying.
    n: Vec<u8>,
    e: Vec<u8>,
    kid: String,
    rng: SystemRandom,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    pub(crate) fn generate() -> Result<Self, IdpError> {
        let private =
            rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).map_err(|_| IdpError::Key)?;
        let der = private.to_pkcs8_der().map_err(|_| IdpError::Key)?;
        let pair = RsaKeyPair::from_pkcs8(der.as_bytes()).map_err(|_| IdpError::Key)?;
        let n = private.n().to_bytes_be();
        let e = private.e().to_bytes_be();
        // RFC 7638 thumbprint: the required members in lexicographic order, no spaces.
        let canonical = format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            URL_SAFE_NO_PAD.encode(&e),
            URL_SAFE_NO_PAD.encode(&n)
        );
        let kid = URL_SAFE_NO_PAD.encode(digest(&SHA256, canonical.as_bytes()));
        Ok(Self {
            pair,
            n,
            e,
            kid,
            rng: SystemRandom::new(),
        })
    }

    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// The JWK Set the `jwks_uri` serves.
    pub(crate) fn jwks(&self) -> Value {
        json!({
            "keys": [{
                "kty": "RSA",
                "use": "sig",
                "alg": "RS256",
                "kid": self.kid,
                "n": URL_SAFE_NO_PAD.encode(&self.n),
                "e": URL_SAFE_NO_PAD.encode(&self.e),
            }]
        })
    }

    /// A compact JWS (RS256) over `claims`.
    pub(crate) fn sign_jwt(&self, claims: &Value) -> Result<String, IdpError> {
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": self.kid });
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| IdpError::Key)?;
        Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
    }

    /// The claims of a JWT this key signed (RS256, our `kid`), or `None`. Expiry is not
    /// checked: an `id_token_hint` may be an expired token (RP-Initiated Logout §2).
    pub(crate) fn verified_claims(&self, jwt: &str) -> Option<Value> {
        let mut parts = jwt.split('.');
        let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
        if header.get("alg")?.as_str()? != "RS256" || header.get("kid")?.as_str()? != self.kid {
            return None;
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let public = RsaPublicKeyComponents {
            n: &self.n,
            e: &self.e,
        };
        let (signed, _) = jwt.rsplit_once('.')?;
        public
            .verify(&RSA_PKCS1_2048_8192_SHA256, signed.as_bytes(), &signature)
            .ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }
}

/// `at_hash`: the left half of the access token's SHA-256, base64url (OIDC Core 3.1.3.6).
pub(crate) fn at_hash(access_token: &str) -> String {
    let hash = digest(&SHA256, access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&hash.as_ref()[..16])
}

/// PKCE S256: BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()))
}

/// Equality of two secrets without an early exit on the first differing byte: their
/// SHA-256 digests are compared instead (oauth2's own advice).
pub(crate) fn secrets_match(a: &str, b: &str) -> bool {
    digest(&SHA256, a.as_bytes()).as_ref() == digest(&SHA256, b.as_bytes()).as_ref()
}

/// 32 random bytes, base64url: codes, access tokens, request handles.
pub(crate) fn random_token(rng: &SystemRandom) -> String {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 32];
    // The system's generator does not fail on Linux once booted; if it ever did, an
    // all-zero token must not be handed out.
    if rng.fill(&mut bytes).is_err() {
        panic!("the system random generator failed");
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p2_a_token_signed_here_verifies_and_a_tampered_one_does_not() {
        let key = SigningKey::generate().expect("key");
        let jwt = key.sign_jwt(&json!({"sub": "x"})).expect("sign");
        assert_eq!(key.verified_claims(&jwt), Some(json!({"sub": "x"})));
        let (head, sig) = jwt.rsplit_once('.').expect("three parts");
        let (header, _) = head.split_once('.').expect("three parts");
        let forged = format!(
            "{header}.{}.{sig}",
            URL_SAFE_NO_PAD.encode(json!({"sub": "y"}).to_string())
        );
        assert_eq!(key.verified_claims(&forged), None);
        let other = SigningKey::generate().expect("key");
        assert_eq!(other.verified_claims(&jwt), None);
    }

    #[test]
    fn p2_pkce_s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn p2_at_hash_is_the_left_half_of_the_sha256() {
        // OIDC Core A.3's example: access token jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y.
        assert_eq!(
            at_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }
}
