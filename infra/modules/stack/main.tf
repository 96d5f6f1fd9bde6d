# The whole LEFI Online stack, composed once; the roots in envs/ only choose a provider
# and fill variables. Functions are a map: adding one is one entry here (and one line in
# scripts/package). The gateway is apart from the step functions because it needs the
# state machine's ARN, and the state machine needs theirs.

locals {
  zip = { for key, crate_bin in local.binaries : key => "${var.lambda_dir}/${crate_bin}/bootstrap.zip" }

  # Function key → the binary scripts/package builds (its zip folder).
  binaries = {
    validate       = "lefi-validate"
    lookup_person  = "lefi-lookup-person"
    fetch_benefit  = "lefi-fetch-benefit"
    compile_answer = "lefi-compile-answer"
    audit          = "lefi-audit"
    gateway        = "lefi-gateway"
    registry_sim   = "lefi-registry-sim-lambda"
  }

  registry_url = var.simulators_enabled ? trimsuffix(module.simulators[0].registry_url, "/") : var.registry_url

  registry_env = {
    LEFI_REGISTRY_URL        = coalesce(local.registry_url, "unset")
    LEFI_REGISTRY_TIMEOUT_MS = tostring(var.registry_timeout_ms)
  }

  # The personnummer keys: only the secret's ARN is in the environment; the functions
  # that need the keys read them once at start (lefi_workflow::lambda::protector_from_env).
  key_env = { LEFI_PNR_KEYS_SECRET = aws_secretsmanager_secret.pnr_keys.arn }
  key_statements = concat(
    [{ sid = "PnrKeys", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.pnr_keys.arn] }],
    var.kms_key_arn == null ? [] : [{ sid = "PnrKeysKms", actions = ["kms:Decrypt"], resources = [var.kms_key_arn] }],
  )

  table_arn = module.tables.arns

  # The workflow's steps (Step Functions tasks). Environment and permissions are each
  # function's own: least privilege.
  steps = {
    validate = {
      description = "Validate (V1-V9, P1, P3)"
      reserved    = null
      statements  = []
    }
    lookup_person = {
      description = "Look the person up in the person register"
      reserved    = var.registry_concurrency # protects the person register
      statements  = []
    }
    fetch_benefit = {
      description = "Fetch one benefit from its registry (the Map's item)"
      reserved    = var.registry_concurrency # protects the benefit registries
      statements  = []
    }
    compile_answer = {
      description = "Compile the answer (history windows, S1, avvikelser)"
      reserved    = null
      statements  = []
    }
    audit = {
      description = "Audit record and usage count (P4, P5); fails closed"
      reserved    = null
      statements = concat(local.key_statements, [
        { sid = "AuditAppend", actions = ["dynamodb:PutItem", "dynamodb:GetItem"], resources = [local.table_arn["audit"]] },
        { sid = "UsageCount", actions = ["dynamodb:UpdateItem"], resources = [local.table_arn["usage"]] },
      ])
    }
  }

  step_env = {
    validate       = {}
    lookup_person  = local.registry_env
    fetch_benefit  = local.registry_env
    compile_answer = {}
    audit          = merge(local.key_env, { LEFI_TABLE_PREFIX = var.name })
  }
}

# The personnummer keys' secret. Terraform makes the secret, never its value: the AWS
# root's operator puts the value (README "Deploy"), so the keys are in no state file; the
# local root fills it with development keys. No automatic rotation: a new MAC key would
# cut the audit log's link between old and new records of the same person (P4), so
# rotation is a planned re-keying, not a schedule.
resource "aws_secretsmanager_secret" "pnr_keys" {
  #checkov:skip=CKV2_AWS_57: rotation is a planned re-keying of the audit log (see the comment above), not a schedule
  name                    = "${var.name}/pnr-keys"
  description             = "LEFI Online personnummer keys: JSON {\"mac_key\": 64 hex, \"seal_key\": 64 hex}"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                    = var.tags
}

module "tables" {
  source = "../tables"

  prefix              = var.name
  definition_file     = var.tables_file
  kms_key_arn         = var.kms_key_arn
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

module "simulators" {
  source = "../simulators"
  count  = var.simulators_enabled ? 1 : 0

  name     = var.name
  zip_path = local.zip["registry_sim"]
  tags     = var.tags
}

module "step" {
  source   = "../function"
  for_each = local.steps

  name                 = "${var.name}-${replace(each.key, "_", "-")}"
  description          = each.value.description
  zip_path             = local.zip[each.key]
  environment          = local.step_env[each.key]
  policy_statements    = each.value.statements
  reserved_concurrency = each.value.reserved
  log_retention_days   = var.log_retention_days
  kms_key_arn          = var.kms_key_arn
  tags                 = var.tags
}

module "workflow" {
  source = "../workflow"

  name               = "${var.name}-query"
  function_arns      = { for k, m in module.step : k => m.arn }
  max_concurrency    = var.max_concurrency
  log_retention_days = var.log_retention_days
  kms_key_arn        = var.kms_key_arn
  tags               = var.tags
}

module "gateway" {
  source = "../function"

  name        = "${var.name}-gateway"
  description = "The partner and portal edge (v9 JSON, XML, SSEK, portal) behind API Gateway"
  zip_path    = local.zip["gateway"]
  memory_size = 512
  timeout     = 29
  environment = merge(local.key_env, {
    LEFI_TABLE_PREFIX       = var.name
    LEFI_STATE_MACHINE_ARN  = module.workflow.arn
    LEFI_OPENING_EXCEPTIONS = join("\n", var.opening_exceptions)
  })
  policy_statements = concat(local.key_statements, [
    { sid = "RunQueries", actions = ["states:StartSyncExecution"], resources = [module.workflow.arn] },
    { sid = "Directory", actions = ["dynamodb:GetItem"], resources = [local.table_arn["directory"]] },
    # Requests the workflow does not run (refusals, malformed documents, replays of a
    # kept answer) are audited by the gateway itself (P5); append-only, so no UpdateItem
    # or DeleteItem. GetItem reads the first answer's record when a replay is audited.
    { sid = "AuditEdge", actions = ["dynamodb:PutItem", "dynamodb:GetItem"], resources = [local.table_arn["audit"]] },
    { sid = "Idempotency", actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], resources = [local.table_arn["idempotency"]] },
    { sid = "RateLimits", actions = ["dynamodb:GetItem", "dynamodb:PutItem"], resources = [local.table_arn["ratelimits"]] },
    { sid = "Sessions", actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], resources = [local.table_arn["sessions"]] },
  ])
  reserved_concurrency = var.gateway_concurrency
  log_retention_days   = var.log_retention_days
  kms_key_arn          = var.kms_key_arn
  tags                 = var.tags
}

module "api" {
  source = "../api"
  count  = var.api_enabled ? 1 : 0

  name                         = var.name
  gateway_function_name        = module.gateway.name
  gateway_invoke_arn           = module.gateway.invoke_arn
  custom_domain_enabled        = var.custom_domain_enabled
  domain_name                  = var.domain_name
  certificate_arn              = var.certificate_arn
  truststore_bucket_name       = coalesce(var.truststore_bucket_name, "${var.name}-truststore-${data.aws_caller_identity.current.account_id}")
  truststore_pem               = var.truststore_pem
  truststore_lifecycle_enabled = var.truststore_lifecycle_enabled
  throttling_rate_limit        = var.throttling_rate_limit
  throttling_burst_limit       = var.throttling_burst_limit
  log_retention_days           = var.log_retention_days
  kms_key_arn                  = var.kms_key_arn
  force_destroy                = !var.deletion_protection
  tags                         = var.tags
}

module "alarms" {
  source = "../alarms"

  name              = var.name
  function_names    = concat([for m in module.step : m.name], [module.gateway.name])
  state_machine_arn = module.workflow.arn
  api_enabled       = var.api_enabled
  api_id            = one(module.api[*].api_id)
  api_stage         = one(module.api[*].stage_name)
  alarm_topic_arn   = var.alarm_topic_arn
  tags              = var.tags
}

data "aws_caller_identity" "current" {}
