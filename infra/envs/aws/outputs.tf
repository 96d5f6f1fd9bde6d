output "endpoint" {
  description = "Where partners send queries (the custom domain)."
  value       = module.lefi.endpoint
}

output "domain_target" {
  description = "DNS target of the custom domain: point domain_name's record here."
  value       = module.lefi.domain_target
}

output "portal_url" {
  description = "The portal's address (its custom domain)."
  value       = module.lefi.portal_url
}

output "portal_domain_target" {
  description = "DNS target of the portal's custom domain: point portal_domain_name's record here."
  value       = module.lefi.portal_domain_target
}

output "portal_login" {
  description = "The portal's login: OIDC issuer and client, and the SAML entity id and assertion consumer service to register with the e-legitimation federation."
  value       = module.lefi.portal_login
}

output "truststore_uri" {
  description = "The mTLS truststore's S3 URI."
  value       = module.lefi.truststore_uri
}

output "state_machine_arn" {
  description = "The query workflow's state machine."
  value       = module.lefi.state_machine_arn
}

output "table_names" {
  description = "The store's tables by name in tables.json."
  value       = module.lefi.table_names
}

output "function_names" {
  description = "The deployed functions by key (infra/functions.json)."
  value       = module.lefi.function_names
}

output "pnr_keys_secret_arn" {
  description = "Put the personnummer keys here before the first query (README \"Deploy\")."
  value       = module.lefi.pnr_keys_secret_arn
}

output "kms_key_arn" {
  description = "The customer managed key the stack uses (its own or yours), if any."
  value       = module.lefi.kms_key_arn
}

output "timeouts" {
  description = "The timeout chain, innermost first (ms)."
  value       = module.lefi.timeouts
}

output "seal" {
  description = "The daily audit seal (A3): its function, KMS signing key, Object Lock bucket, retention and schedule (lefi-admin audit verify: docs/audit.md)."
  value       = module.lefi.seal
}

output "operator_role_arn" {
  description = "The operator role: assume it, then run lefi-admin --dynamodb --table-prefix <name>."
  value       = module.lefi.operator_role_arn
}
