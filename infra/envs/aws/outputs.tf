output "endpoint" {
  value = module.lefi.endpoint
}

output "domain_target" {
  value = module.lefi.domain_target
}

output "truststore_uri" {
  value = module.lefi.truststore_uri
}

output "state_machine_arn" {
  value = module.lefi.state_machine_arn
}

output "table_names" {
  value = module.lefi.table_names
}

output "function_names" {
  value = module.lefi.function_names
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
