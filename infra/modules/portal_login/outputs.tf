output "issuer" {
  description = "The user pool's OpenID Connect issuer, https://cognito-idp.<region>.amazonaws.com/<pool id> (LEFI_OIDC_ISSUER); its discovery document is <issuer>/.well-known/openid-configuration."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "client_id" {
  description = "The portal's app client id (LEFI_OIDC_CLIENT_ID)."
  value       = aws_cognito_user_pool_client.portal.id
}

output "client_secret_arn" {
  description = "The Secrets Manager secret whose SecretString is the app client's secret (LEFI_OIDC_CLIENT_SECRET)."
  value       = aws_secretsmanager_secret.client.arn
}

output "user_pool_id" {
  description = "The user pool's id."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "The user pool's ARN."
  value       = aws_cognito_user_pool.this.arn
}

output "identity_provider_name" {
  description = "The SAML identity provider's name in the pool (identity_provider on /oauth2/authorize)."
  value       = aws_cognito_identity_provider.saml.provider_name
}

output "callback_url" {
  description = "The app client's one callback URL: <portal_url>/inloggning/klar."
  value       = local.callback_url
}

output "logout_url" {
  description = "The app client's one logout URL: <portal_url>/utloggad."
  value       = local.logout_url
}

output "login_url" {
  description = "The login's base URL (Cognito's /oauth2/authorize, /oauth2/token, /logout live here)."
  value       = "https://${local.login_host}"
}

output "login_domain_target" {
  description = "With a custom login domain: the CloudFront name its DNS record (alias/CNAME) points at; null for the prefix domain."
  value       = local.custom_login_domain ? aws_cognito_user_pool_domain.this.cloudfront_distribution : null
}

# What the e-legitimation federation registers for this service provider (Sweden
# Connect's metadata for it): Cognito's entity id and assertion consumer service.
output "saml_entity_id" {
  description = "The service provider's SAML entity id, urn:amazon:cognito:sp:<pool id>, to register with the federation."
  value       = "urn:amazon:cognito:sp:${aws_cognito_user_pool.this.id}"
}

output "saml_acs_url" {
  description = "The service provider's assertion consumer service (HTTP-POST), https://<login domain>/saml2/idpresponse, to register with the federation."
  value       = "https://${local.login_host}/saml2/idpresponse"
}

output "attribute_mapping" {
  description = "User pool attribute → SAML attribute, as deployed (the ID token's claims are the pool attributes)."
  value       = aws_cognito_identity_provider.saml.attribute_mapping
}
