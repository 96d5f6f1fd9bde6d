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

  # The registries: the simulator's function URL, or var.registry_url (a validation
  # requires it then: a missing URL used to deploy as "unset" and fail every query).
  registry_url = var.simulators_enabled ? trimsuffix(module.simulators[0].registry_url, "/") : var.registry_url

  registry_env = merge(
    {
      LEFI_REGISTRY_URL        = local.registry_url
      LEFI_REGISTRY_TIMEOUT_MS = tostring(var.registry_timeout_ms)
    },
    # A private CA: then only it is trusted for the registries (lefi_registry::RegistryTrust).
    var.registry_ca_pem == null ? {} : { LEFI_REGISTRY_CA_PEM = var.registry_ca_pem },
  )

  # The customer managed key: the stack's own (create_kms_key), the deployer's
  # (kms_key_arn), or none (AWS's keys). Whether there is one is known at plan time.
  kms_enabled = var.create_kms_key || var.kms_key_arn != null
  kms_key_arn = var.create_kms_key ? one(aws_kms_key.this[*].arn) : var.kms_key_arn

  # The personnummer keys: only the secret's ARN is in the environment; the functions
  # that need the keys read them once at start (lefi_workflow::lambda::protector_from_env).
  key_env = { LEFI_PNR_KEYS_SECRET = aws_secretsmanager_secret.pnr_keys.arn }
  key_statements = concat(
    [{ sid = "PnrKeys", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.pnr_keys.arn] }],
    local.kms_enabled ? [{ sid = "PnrKeysKms", actions = ["kms:Decrypt"], resources = [local.kms_key_arn] }] : [],
  )

  # Functions that call the registries, placed in var.registry_vpc when it is set.
  registry_callers = ["lookup_person", "fetch_benefit"]

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
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                    = var.tags
}

module "tables" {
  source = "../tables"

  prefix              = var.name
  definition_file     = var.tables_file
  kms_key_arn         = local.kms_key_arn
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
  timeout              = var.step_timeout_seconds
  environment          = local.step_env[each.key]
  policy_statements    = each.value.statements
  reserved_concurrency = each.value.reserved
  vpc_config           = contains(local.registry_callers, each.key) ? var.registry_vpc : null
  log_retention_days   = var.log_retention_days
  kms_key_arn          = local.kms_key_arn
  tags                 = var.tags
}

module "workflow" {
  source = "../workflow"

  name                    = "${var.name}-query"
  function_arns           = { for k, m in module.step : k => m.arn }
  max_concurrency         = var.max_concurrency
  iam_propagation_seconds = var.iam_propagation_seconds
  log_retention_days      = var.log_retention_days
  kms_key_arn             = local.kms_key_arn
  tags                    = var.tags
}

module "gateway" {
  source = "../function"

  name        = "${var.name}-gateway"
  description = "The partner and portal edge (v9 JSON, XML, SSEK, portal) behind API Gateway"
  zip_path    = local.zip["gateway"]
  memory_size = 512
  # The timeouts nest (outputs.tf checks it): the workflow's TimeoutSeconds < how long
  # the gateway waits for it < this < API Gateway's integration timeout.
  timeout = var.gateway_timeout_seconds
  environment = merge(local.key_env, {
    LEFI_TABLE_PREFIX        = var.name
    LEFI_STATE_MACHINE_ARN   = module.workflow.arn
    LEFI_WORKFLOW_TIMEOUT_MS = tostring(var.workflow_wait_ms)
    LEFI_OPENING_EXCEPTIONS  = join("\n", var.opening_exceptions)
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
  kms_key_arn          = local.kms_key_arn
  tags                 = var.tags
}

module "api" {
  source = "../api"
  count  = var.api_enabled ? 1 : 0

  name                                   = var.name
  gateway_function_name                  = module.gateway.name
  gateway_invoke_arn                     = module.gateway.invoke_arn
  custom_domain_enabled                  = var.custom_domain_enabled
  domain_name                            = var.domain_name
  certificate_arn                        = var.certificate_arn
  ownership_verification_certificate_arn = var.ownership_verification_certificate_arn
  truststore_bucket_name                 = coalesce(var.truststore_bucket_name, "${var.name}-truststore-${data.aws_caller_identity.current.account_id}")
  truststore_pem                         = var.truststore_pem
  truststore_lifecycle_enabled           = var.truststore_lifecycle_enabled
  throttling_rate_limit                  = var.throttling_rate_limit
  throttling_burst_limit                 = var.throttling_burst_limit
  integration_timeout_ms                 = var.api_integration_timeout_ms
  log_retention_days                     = var.log_retention_days
  kms_key_arn                            = local.kms_key_arn
  force_destroy                          = !var.deletion_protection
  tags                                   = var.tags
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
data "aws_partition" "current" {}
data "aws_region" "current" {}

# The stack's own customer managed key (create_kms_key): tables, the keys' secret, the
# functions' environments and every log group. CloudWatch Logs refuses a key whose policy
# does not let the logs service of this account and region use it (CreateLogGroup fails),
# so the policy says exactly that, for this stack's log groups; everything else is left
# to the account's IAM policies, as in AWS's default key policy.
locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # The stack's log groups, as the key policy names them (function, workflow, api modules).
  log_groups = ["/aws/lambda/${var.name}-*", "/aws/vendedlogs/states/${var.name}-*", "/aws/apigateway/${var.name}"]

  kms_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # AWS's default key policy: the account's IAM policies decide who uses the key.
        Sid       = "AccountIam"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # AWS's statement for encrypting log data in CloudWatch Logs, for this stack's
        # log groups in this account and region.
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = [for group in local.log_groups : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${group}"]
          }
        }
      },
    ]
  }
}

resource "aws_kms_key" "this" {
  count = var.create_kms_key ? 1 : 0

  description             = "LEFI Online (${var.name}): tables, personnummer keys' secret, Lambda environments, logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = jsonencode(local.kms_policy)
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count = var.create_kms_key ? 1 : 0

  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this[0].key_id
}
