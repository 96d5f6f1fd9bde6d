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

# The timeouts nest (issue 13), from the registry call out to API Gateway, so each layer
# ends before the one around it and names what happened; the gateway then still has
# time to audit and free the query id (its reserve: 2 s). Checked at plan time against
# the very definition the workflow deploys; lefi-gateway's tests/timeouts.rs checks the
# defaults against the code's.
output "timeouts" {
  description = "The timeout chain, innermost first (ms)."
  value = {
    registry_call_ms       = var.registry_timeout_ms
    step_function_ms       = var.step_timeout_seconds * 1000
    task_ms                = [for t in module.workflow.task_timeouts : t == null ? null : t * 1000]
    workflow_ms            = module.workflow.timeout_seconds == null ? null : module.workflow.timeout_seconds * 1000
    gateway_wait_ms        = var.workflow_wait_ms
    gateway_function_ms    = var.gateway_timeout_seconds * 1000
    api_integration_ms     = var.api_integration_timeout_ms
    gateway_reserve_ms     = 2000
    api_integration_max_ms = 30000
  }

  precondition {
    condition     = var.registry_timeout_ms < var.step_timeout_seconds * 1000 && alltrue([for t in module.workflow.task_timeouts : t != null && var.step_timeout_seconds < t])
    error_message = "Every Task of the workflow needs a TimeoutSeconds above step_timeout_seconds, itself above registry_timeout_ms: each layer must end before the one around it."
  }
  precondition {
    condition     = module.workflow.timeout_seconds != null && module.workflow.timeout_seconds * 1000 < var.workflow_wait_ms
    error_message = "The workflow's TimeoutSeconds must be below workflow_wait_ms: the execution must end (and say so) before the gateway stops waiting."
  }
  precondition {
    condition     = var.workflow_wait_ms + 2000 <= var.gateway_timeout_seconds * 1000
    error_message = "gateway_timeout_seconds must exceed workflow_wait_ms by at least 2 s: after giving up, the gateway audits the query and frees its query id."
  }
  precondition {
    condition     = var.gateway_timeout_seconds * 1000 < var.api_integration_timeout_ms && var.api_integration_timeout_ms <= 30000
    error_message = "api_integration_timeout_ms must exceed the gateway's timeout and be at most 30000 (HTTP APIs)."
  }
}

output "kms_key_arn" {
  description = "The customer managed key in use (the stack's own or the deployer's), or null."
  value       = local.kms_key_arn
}
