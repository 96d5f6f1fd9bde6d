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

output "api_id" {
  value = module.lefi.api_id
}

output "routes" {
  value = module.lefi.routes
}

output "function_arns" {
  value = module.lefi.function_arns
}

output "role_arns" {
  value = module.lefi.role_arns
}

output "registry_url" {
  value = module.lefi.registry_url
}

output "alarm_names" {
  value = module.lefi.alarm_names
}
