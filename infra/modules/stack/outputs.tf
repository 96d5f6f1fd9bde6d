output "endpoint" {
  description = "Where partners send queries."
  value       = one(module.api[*].endpoint)
}

output "domain_target" {
  description = "DNS target of the custom domain."
  value       = one(module.api[*].domain_target)
}

output "truststore_uri" {
  value = one(module.api[*].truststore_uri)
}

output "api_id" {
  value = one(module.api[*].api_id)
}

output "routes" {
  value = one(module.api[*].routes)
}

output "state_machine_arn" {
  value = module.workflow.arn
}

output "table_names" {
  value = module.tables.names
}

output "function_names" {
  value = merge({ for k, m in module.step : k => m.name }, { gateway = module.gateway.name })
}

output "function_arns" {
  value = merge({ for k, m in module.step : k => m.arn }, { gateway = module.gateway.arn })
}

output "role_arns" {
  value = merge(
    { for k, m in module.step : k => m.role_arn },
    { gateway = module.gateway.role_arn, workflow = module.workflow.role_arn },
  )
}

output "registry_url" {
  value = local.registry_url
}

output "alarm_names" {
  value = module.alarms.alarm_names
}

output "pnr_keys_secret_arn" {
  description = "The secret whose value the operator puts (README \"Deploy\")."
  value       = aws_secretsmanager_secret.pnr_keys.arn
}
