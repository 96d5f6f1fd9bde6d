# The whole LEFI Online stack, composed once; the roots in envs/ only choose a provider
# and fill variables. The functions come from infra/functions.json (scripts/functions
# writes it from each crate's [package.metadata.lefi]): adding a function is a crate, not
# an edit here. The http functions (the gateway, the portal) are apart from the steps
# because they need the state machine's ARN, and the state machine needs the steps'.
# The portal has a front of its own (portal_api, no client certificates) and its login
# (portal_login: Cognito federating the e-legitimation SAML IdP). The scheduled seal
# (kind "scheduled", key daily_seal) comes with its key, bucket and schedule (seal).

locals {
  functions = jsondecode(file(coalesce(var.functions_file, "${path.module}/../../functions.json"))).functions
  steps     = { for key, f in local.functions : key => f if f.kind == "step" }
  http      = { for key, f in local.functions : key => f if f.kind == "http" }
  # The SHS worker (kind "worker", key shs_worker) comes with its queues (shs_queue).
  shs_worker = try(local.functions["shs_worker"], null)
  # The daily audit seal (A3), when the list has it (the tests' lists may not).
  seal = try(local.functions["daily_seal"], null)

  # Function key → its zip, where scripts/package put it.
  zip = { for key, f in local.functions : key => "${var.lambda_dir}/${f.binary}/bootstrap.zip" }

  # The registries: the simulator's function URL, or var.registry_url (a validation
  # requires it then: a missing URL used to deploy as "unset" and fail every query).
  registry_url = var.simulators_enabled ? trimsuffix(module.simulators[0].registry_url, "/") : var.registry_url

  # Every environment variable a function may read, with its value in this deployment.
  # A function gets exactly the variables its `env` lists (output "functions" refuses a
  # name that is not here, at plan time).
  env_values = {
    LEFI_REGISTRY_URL        = local.registry_url
    LEFI_REGISTRY_TIMEOUT_MS = tostring(var.registry_timeout_ms)
    # A private CA: then only it is trusted for the registries (lefi_registry::RegistryTrust).
    LEFI_REGISTRY_CA_PEM = var.registry_ca_pem
    LEFI_TABLE_PREFIX    = var.name
    # The personnummer keys: only the secret's ARN is in the environment; the functions
    # that need the keys read them once at start (lefi_workflow::lambda::protector_from_env).
    LEFI_PNR_KEYS_SECRET     = aws_secretsmanager_secret.pnr_keys.arn
    LEFI_WORKFLOW_TIMEOUT_MS = tostring(var.workflow_wait_ms)
    LEFI_OPENING_EXCEPTIONS  = join("\n", var.opening_exceptions)
  }
  # What only an http function can have: the state machine needs the steps' ARNs first;
  # the portal's URL and login need its front, which needs the function.
  http_env_values = merge(local.env_values, {
    LEFI_STATE_MACHINE_ARN = module.workflow.arn
    # Each query's time budget, carried in the workflow's input (SPEC §3 step 5).
    LEFI_QUERY_BUDGET_MS = tostring(var.query_budget_ms)
    # The partners' base URL: the WSDL names the SSEK endpoint under it (never the
    # request's Host header). Only the API resource, not its integration, is behind it.
    LEFI_PUBLIC_URL = var.api_enabled ? module.api[0].endpoint : null
    # The portal's public base URL: its login's callback and logout URLs hang off it.
    LEFI_PORTAL_URL = local.portal_url
    # The user pool's issuer and the portal's app client; the client's secret only by the
    # ARN of the secret that holds it (read once at start, like the personnummer keys).
    LEFI_OIDC_ISSUER        = local.portal_login ? module.portal_login[0].issuer : null
    LEFI_OIDC_CLIENT_ID     = local.portal_login ? module.portal_login[0].client_id : null
    LEFI_OIDC_CLIENT_SECRET = local.portal_login ? module.portal_login[0].client_secret_arn : null
    # Straight to the e-legitimation federation (no Cognito page of providers), and
    # "Logga ut" ends the Cognito login too (its /logout is not in the discovery document).
    LEFI_OIDC_IDENTITY_PROVIDER = local.portal_login ? module.portal_login[0].identity_provider_name : null
    LEFI_OIDC_LOGOUT_URL        = local.portal_login ? "${module.portal_login[0].login_url}/logout" : null
    # Where the gateway queues asynchronous SHS messages' queries.
    LEFI_SHS_QUEUE_URL = local.shs_worker == null ? null : module.shs_queue[0].queue_url
  })
  # The SHS worker runs queries as the gateway does, and knows the queue's last delivery.
  worker_env_values = merge(local.env_values, {
    LEFI_STATE_MACHINE_ARN = module.workflow.arn
    LEFI_QUERY_BUDGET_MS   = tostring(var.query_budget_ms)
    LEFI_SHS_MAX_RECEIVES  = tostring(var.shs_max_receives)
  })
  # Variables this deployment leaves unset (the code then uses its default, or, for the
  # portal without its front or login, LocalStack's community edition, cannot log in).
  env_unset = concat(
    var.registry_ca_pem == null ? ["LEFI_REGISTRY_CA_PEM"] : [],
    local.portal_front ? [] : ["LEFI_PORTAL_URL"],
    var.api_enabled ? [] : ["LEFI_PUBLIC_URL"],
    local.shs_worker == null ? ["LEFI_SHS_QUEUE_URL"] : [],
    local.portal_login ? [] : ["LEFI_OIDC_ISSUER", "LEFI_OIDC_CLIENT_ID", "LEFI_OIDC_CLIENT_SECRET", "LEFI_OIDC_IDENTITY_PROVIDER", "LEFI_OIDC_LOGOUT_URL"],
  )

  # The portal (functions.json's key "portal") gets its front and login; a list without
  # it (the tests' lists) gets neither.
  portal_deployed = contains(keys(local.http), "portal")
  portal_front    = var.api_enabled && local.portal_deployed
  portal_login    = var.portal_login_enabled && local.portal_deployed
  # The portal's public base URL: its custom domain, or its API's execute-api endpoint.
  # (Indexed, not one(module.portal_api[*]…): a splat depends on the whole module, whose
  # integration depends on the portal function, whose environment holds this URL.)
  portal_url = local.portal_front ? module.portal_api[0].endpoint : null

  # (The seal module sets the seal's own LEFI_SEAL_* variables.)
  env_unknown = flatten([for key, f in local.functions : [
    for name in f.env : "${key}: ${name}" if !contains(f.kind == "http" ? keys(local.http_env_values) : f.kind == "worker" ? keys(local.worker_env_values) : keys(local.env_values), name) && !(f.kind == "scheduled" && startswith(name, "LEFI_SEAL_"))
  ] if f.kind != "simulator"])
  tables_unknown = flatten([for key, f in local.functions : [
    for table in keys(f.tables) : "${key}: ${table}" if !contains(keys(local.table_arn), table)
  ]])

  # The customer managed key: the stack's own (create_kms_key), the deployer's
  # (kms_key_arn), or none (AWS's keys). Whether there is one is known at plan time.
  kms_enabled = var.create_kms_key || var.kms_key_arn != null
  kms_key_arn = var.create_kms_key ? one(aws_kms_key.this[*].arn) : var.kms_key_arn

  key_statements = concat(
    [{ sid = "PnrKeys", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.pnr_keys.arn] }],
    local.kms_enabled ? [{ sid = "PnrKeysKms", actions = ["kms:Decrypt"], resources = [local.kms_key_arn] }] : [],
  )
  # The portal's app client secret, for a function that reads LEFI_OIDC_CLIENT_SECRET.
  oidc_client_statements = local.portal_login ? concat(
    [{ sid = "OidcClientSecret", actions = ["secretsmanager:GetSecretValue"], resources = [module.portal_login[0].client_secret_arn] }],
    local.kms_enabled ? [{ sid = "OidcClientSecretKms", actions = ["kms:Decrypt"], resources = [local.kms_key_arn] }] : [],
  ) : []

  table_arn = module.tables.arns

  # Least privilege, from the list: a function that reads the keys' secret may read it;
  # the tables and actions its `tables` names, and nothing else.
  statements = { for key, f in local.functions : key => concat(
    contains(f.env, "LEFI_PNR_KEYS_SECRET") ? local.key_statements : [],
    [for table in sort(keys(f.tables)) : {
      sid     = "Table${replace(title(replace(table, "_", " ")), " ", "")}"
      actions = f.tables[table]
      # Query on a global secondary index is authorised on the index's own ARN, which
      # the table's ARN does not cover (moto does not check; infra_check.py does).
      resources = contains(f.tables[table], "Query") ? [local.table_arn[table], "${local.table_arn[table]}/index/*"] : [local.table_arn[table]]
    } if contains(keys(local.table_arn), table)],
  ) }

  # An http function may also start the workflow (LEFI_STATE_MACHINE_ARN) and read the
  # portal's client secret (LEFI_OIDC_CLIENT_SECRET).
  http_statements = { for key, f in local.http : key => concat(local.statements[key],
    contains(f.env, "LEFI_STATE_MACHINE_ARN") ? local.run_queries : [],
    contains(f.env, "LEFI_OIDC_CLIENT_SECRET") ? local.oidc_client_statements : [],
    # SendMessageBatch is authorised as sqs:SendMessage.
    contains(f.env, "LEFI_SHS_QUEUE_URL") && local.shs_worker != null ? concat(
      [{ sid = "ShsQueueSend", actions = ["sqs:SendMessage"], resources = [module.shs_queue[0].queue_arn] }],
      local.kms_enabled ? [{ sid = "ShsQueueKms", actions = ["kms:GenerateDataKey", "kms:Decrypt"], resources = [local.kms_key_arn] }] : [],
    ) : [],
  ) }
  run_queries = [{ sid = "RunQueries", actions = ["states:StartSyncExecution"], resources = [module.workflow.arn] }]
  # The worker: what the event source mapping needs of its role (AWS refuses the mapping
  # without it; moto does not, infra_check.py does), and to run queries.
  worker_statements = local.shs_worker == null ? [] : concat(local.statements["shs_worker"], local.run_queries,
    [{ sid = "ShsQueueReceive", actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], resources = [module.shs_queue[0].queue_arn] }],
    local.kms_enabled ? [{ sid = "ShsQueueKms", actions = ["kms:Decrypt"], resources = [local.kms_key_arn] }] : [],
  )

  # A function that calls the registries (reads LEFI_REGISTRY_URL): registry_concurrency
  # caps it (protects the registries), registry_vpc places it.
  registry_callers = [for key, f in local.functions : key if contains(f.env, "LEFI_REGISTRY_URL")]
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

  name        = "${var.name}-${replace(each.key, "_", "-")}"
  description = each.value.description
  zip_path    = local.zip[each.key]
  memory_size = each.value.memory_mb
  timeout     = var.step_timeout_seconds
  environment = {
    for name in each.value.env : name => local.env_values[name]
    if contains(keys(local.env_values), name) && !contains(local.env_unset, name)
  }
  policy_statements    = local.statements[each.key]
  reserved_concurrency = contains(local.registry_callers, each.key) ? var.registry_concurrency : null
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

# The http functions: the gateway (the api module routes every path to it) and the portal
# (portal_api routes every path to it).
module "http" {
  source   = "../function"
  for_each = local.http

  name        = "${var.name}-${replace(each.key, "_", "-")}"
  description = each.value.description
  zip_path    = local.zip[each.key]
  memory_size = each.value.memory_mb
  # The timeouts nest (outputs.tf checks it): the workflow's TimeoutSeconds < how long
  # the gateway waits for it < this < API Gateway's integration timeout.
  timeout = var.gateway_timeout_seconds
  environment = {
    for name in each.value.env : name => local.http_env_values[name]
    if contains(keys(local.http_env_values), name) && !contains(local.env_unset, name)
  }
  policy_statements = local.http_statements[each.key]
  # gateway_concurrency is the partner edge's; the portal reserves nothing.
  reserved_concurrency = each.key == "gateway" ? var.gateway_concurrency : null
  vpc_config           = contains(local.registry_callers, each.key) ? var.registry_vpc : null
  log_retention_days   = var.log_retention_days
  kms_key_arn          = local.kms_key_arn
  tags                 = var.tags
}

# SHS's worker (issue 18): drains the work queue the gateway fills (shs_queue).
module "shs_worker" {
  source = "../function"
  count  = local.shs_worker == null ? 0 : 1

  name        = "${var.name}-shs-worker"
  description = local.shs_worker.description
  zip_path    = local.zip["shs_worker"]
  memory_size = local.shs_worker.memory_mb
  # Below the claim lease (lefi-gateway's CLAIM_LEASE, tests/timeouts.rs): a query id
  # still held after it belongs to a worker that died, and a redelivery takes it over.
  timeout = var.shs_worker_timeout_seconds
  environment = {
    for name in local.shs_worker.env : name => local.worker_env_values[name]
    if contains(keys(local.worker_env_values), name) && !contains(local.env_unset, name)
  }
  policy_statements  = local.worker_statements
  log_retention_days = var.log_retention_days
  kms_key_arn        = local.kms_key_arn
  tags               = var.tags
}

module "shs_queue" {
  source = "../shs_queue"
  count  = local.shs_worker == null ? 0 : 1

  name                   = var.name
  worker_function_name   = module.shs_worker[0].name
  worker_timeout_seconds = var.shs_worker_timeout_seconds
  max_receives           = var.shs_max_receives
  maximum_concurrency    = var.shs_worker_concurrency
  kms_key_arn            = local.kms_key_arn
  alarm_topic_arn        = var.alarm_topic_arn
  tags                   = var.tags
}

# The gateway was a module of its own before the functions came from functions.json.
moved {
  from = module.gateway
  to   = module.http["gateway"]
}

module "api" {
  source = "../api"
  count  = var.api_enabled ? 1 : 0

  name                                   = var.name
  gateway_function_name                  = module.http["gateway"].name
  gateway_invoke_arn                     = module.http["gateway"].invoke_arn
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

# The portal's own front: an HTTP API without client certificates on its own domain.
module "portal_api" {
  source = "../portal_api"
  count  = local.portal_front ? 1 : 0

  name                   = var.name
  function_name          = module.http["portal"].name
  function_invoke_arn    = module.http["portal"].invoke_arn
  custom_domain_enabled  = var.custom_domain_enabled
  domain_name            = var.portal_domain_name
  certificate_arn        = var.portal_certificate_arn
  throttling_rate_limit  = var.portal_throttling_rate_limit
  throttling_burst_limit = var.portal_throttling_burst_limit
  integration_timeout_ms = var.api_integration_timeout_ms
  log_retention_days     = var.log_retention_days
  kms_key_arn            = local.kms_key_arn
  tags                   = var.tags
}

# The portal's login: Cognito federating the e-legitimation SAML IdP, OIDC to the portal.
module "portal_login" {
  source = "../portal_login"
  count  = local.portal_login ? 1 : 0

  name                   = var.name
  portal_url             = local.portal_url
  saml_metadata_url      = var.portal_saml_metadata_url
  identity_provider_name = var.portal_identity_provider_name
  # A prefix domain is unique in the region across all accounts: the account id makes
  # the default one ours.
  domain_prefix         = var.portal_login_domain_name == null ? coalesce(var.portal_login_domain_prefix, "${var.name}-login-${data.aws_caller_identity.current.account_id}") : null
  login_domain_name     = var.portal_login_domain_name
  login_certificate_arn = var.portal_login_certificate_arn
  deletion_protection   = var.deletion_protection
  kms_key_arn           = local.kms_key_arn
  tags                  = var.tags
}

# The daily audit seal (A3): its signing key, the manifests' bucket under Object Lock,
# the function and its schedule.
module "seal" {
  source = "../seal"
  count  = local.seal == null ? 0 : 1

  name        = var.name
  zip_path    = local.zip["daily_seal"]
  description = local.seal.description
  memory_size = local.seal.memory_mb
  environment = {
    for name in local.seal.env : name => local.env_values[name]
    if contains(keys(local.env_values), name) && !contains(local.env_unset, name)
  }
  audit_table_arn    = local.table_arn["audit"]
  retention_days     = var.seal_retention_days
  bucket_name        = var.seal_bucket_name
  log_retention_days = var.log_retention_days
  kms_enabled        = local.kms_enabled
  kms_key_arn        = local.kms_key_arn
  tags               = var.tags
}

module "alarms" {
  source = "../alarms"

  name               = var.name
  function_names     = concat([for m in module.step : m.name], [for m in module.http : m.name], [for m in module.seal : m.function_name], [for m in module.shs_worker : m.name])
  state_machine_arn  = module.workflow.arn
  metrics            = jsondecode(file("${path.module}/../../metrics.json"))
  portal_api_enabled = local.portal_front
  portal_api_id      = one(module.portal_api[*].api_id)
  portal_api_stage   = one(module.portal_api[*].stage_name)
  alarm_topic_arn    = var.alarm_topic_arn
  tags               = var.tags
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

# The stack's own customer managed key (create_kms_key): tables, the keys' secret, the
# portal's client secret, the functions' environments and every log group. CloudWatch
# Logs refuses a key whose policy does not let the logs service of this account and
# region use it (CreateLogGroup fails), so the policy says exactly that, for this stack's
# log groups; everything else is left to the account's IAM policies, as in AWS's default
# key policy.
locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # The stack's log groups, as the key policy names them (function, workflow, api and
  # portal_api modules).
  log_groups = ["/aws/lambda/${var.name}-*", "/aws/vendedlogs/states/${var.name}-*", "/aws/apigateway/${var.name}", "/aws/apigateway/${var.name}-portal"]

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

# The operator's role (SPEC §10): lefi-admin --dynamodb under it, least privilege.
module "operator_role" {
  source = "../operator_role"
  count  = length(var.operator_principal_arns) > 0 ? 1 : 0

  name                = var.name
  principal_arns      = var.operator_principal_arns
  require_mfa         = var.operator_require_mfa
  table_arns          = module.tables.arns
  pnr_keys_secret_arn = aws_secretsmanager_secret.pnr_keys.arn
  kms_key_arn         = local.kms_key_arn
  extra_statements    = var.operator_extra_statements
  tags                = var.tags
}
