output "endpoint" {
  description = "Where partners send queries."
  value       = one(module.api[*].endpoint)
}

output "domain_target" {
  description = "DNS target of the custom domain."
  value       = one(module.api[*].domain_target)
}

output "truststore_uri" {
  description = "The mTLS truststore's S3 URI (with api_enabled)."
  value       = one(module.api[*].truststore_uri)
}

output "api_id" {
  description = "The HTTP API's id (with api_enabled)."
  value       = one(module.api[*].api_id)
}

output "routes" {
  description = "The HTTP API's route keys (with api_enabled)."
  value       = one(module.api[*].routes)
}

output "portal_url" {
  description = "The portal's public base URL (LEFI_PORTAL_URL): https://<portal_domain_name>, or its API's execute-api endpoint without a custom domain (with api_enabled)."
  value       = local.portal_url
}

output "portal_api_id" {
  description = "The portal's HTTP API id (with api_enabled)."
  value       = one(module.portal_api[*].api_id)
}

output "portal_routes" {
  description = "The portal's HTTP API's route keys (with api_enabled)."
  value       = one(module.portal_api[*].routes)
}

output "portal_domain_target" {
  description = "DNS target of the portal's custom domain."
  value       = one(module.portal_api[*].domain_target)
}

output "portal_login" {
  description = "The portal's login (with portal_login_enabled): the OIDC issuer, app client id, the client secret's secret, its URLs, and what the e-legitimation federation registers (SAML entity id, assertion consumer service)."
  value = one([for m in module.portal_login : {
    issuer                 = m.issuer
    client_id              = m.client_id
    client_secret_arn      = m.client_secret_arn
    user_pool_id           = m.user_pool_id
    identity_provider_name = m.identity_provider_name
    attribute_mapping      = m.attribute_mapping
    callback_url           = m.callback_url
    logout_url             = m.logout_url
    login_url              = m.login_url
    login_domain_target    = m.login_domain_target
    saml_entity_id         = m.saml_entity_id
    saml_acs_url           = m.saml_acs_url
  }])
}

output "state_machine_arn" {
  description = "The query workflow's state machine."
  value       = module.workflow.arn
}

output "table_names" {
  description = "The store's tables by name in tables.json."
  value       = module.tables.names
}

output "function_names" {
  description = "Deployed function names by key (infra/functions.json's keys; the simulator apart)."
  value       = merge({ for k, m in module.step : k => m.name }, { for k, m in module.http : k => m.name }, { for m in module.seal : "daily_seal" => m.function_name }, { for m in module.shs_worker : "shs_worker" => m.name })
}

output "function_arns" {
  description = "Function ARNs by key."
  value       = merge({ for k, m in module.step : k => m.arn }, { for k, m in module.http : k => m.arn }, { for m in module.seal : "daily_seal" => m.function_arn }, { for m in module.shs_worker : "shs_worker" => m.arn })
}

# The one list of the functions (infra/functions.json) as deployed. Its preconditions
# refuse, at plan time, a function whose `env` names a variable the stack does not set, or
# whose `tables` names a table tables.json does not have.
output "functions" {
  description = "Each function's key → its kind and the names of the environment variables it gets."
  value = { for k, f in local.functions : k => {
    kind = f.kind
    env  = [for name in f.env : name if !contains(local.env_unset, name)]
  } if f.kind != "simulator" }

  precondition {
    condition     = length(local.env_unknown) == 0
    error_message = "A function's env (its crate's [package.metadata.lefi], infra/functions.json) names a variable the stack does not set (modules/stack: local.env_values; a step cannot have LEFI_STATE_MACHINE_ARN): ${join(", ", local.env_unknown)}."
  }
  precondition {
    condition     = length(local.tables_unknown) == 0
    error_message = "A function's tables name a table shared/lefi-store/tables.json does not have: ${join(", ", local.tables_unknown)}."
  }
}

# What each function's role may do beyond its logs and traces (the function module adds
# those), by key: statement ids and actions (resources are ARNs, known after apply).
output "function_permissions" {
  description = "Each deployed function's policy statements by key: sid → actions."
  value = merge(
    { for k in keys(local.steps) : k => { for st in local.statements[k] : st.sid => st.actions } },
    { for k in keys(local.http) : k => { for st in local.http_statements[k] : st.sid => st.actions } },
    { for m in module.seal : "daily_seal" => m.permissions },
    local.shs_worker == null ? {} : { shs_worker = { for st in local.worker_statements : st.sid => st.actions } },
  )
}

output "role_arns" {
  description = "Each function's own role by key, and the workflow's."
  value = merge(
    { for k, m in module.step : k => m.role_arn },
    { for k, m in module.http : k => m.role_arn },
    { for m in module.seal : "daily_seal" => m.function_role_arn },
    { for m in module.shs_worker : "shs_worker" => m.role_arn },
    { workflow = module.workflow.role_arn },
  )
}

output "registry_url" {
  description = "The registries' base URL the functions call (the simulator's with simulators_enabled)."
  value       = local.registry_url
}

output "alarm_names" {
  description = "Every alarm of the stack."
  value       = concat(module.alarms.alarm_names, flatten([for m in module.shs_queue : m.alarm_names]))
}

output "dashboard_name" {
  description = "The CloudWatch dashboard of the service's metrics."
  value       = module.alarms.dashboard_name
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

output "seal" {
  description = "The daily audit seal (A3): its function, signing key, bucket, retention and schedule (null when the function list has no daily_seal)."
  value = one([for m in module.seal : {
    function_name       = m.function_name
    key_arn             = m.key_arn
    bucket              = m.bucket
    retention_days      = m.retention_days
    schedule_name       = m.schedule_name
    scheduler_role_name = m.scheduler_role_name
  }])
}

output "operator_role_arn" {
  description = "The operator role (lefi-admin --dynamodb), when operator_principal_arns names someone."
  value       = one(module.operator_role[*].arn)
}

output "shs_queue" {
  description = "SHS's asynchronous work (with the shs_worker function): the work queue's and the dead-letter queue's URLs, the visibility timeout, the alarms."
  value = one([for m in module.shs_queue : {
    queue_url                  = m.queue_url
    dead_letter_queue_url      = m.dead_letter_queue_url
    visibility_timeout_seconds = m.visibility_timeout_seconds
    alarm_names                = m.alarm_names
  }])
}
