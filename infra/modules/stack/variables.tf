variable "name" {
  description = "Prefix of every resource name; also the tables' prefix (LEFI_TABLE_PREFIX)."
  type        = string
  default     = "lefi"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name is a prefix of 1-32 characters: lowercase letters, digits and -, starting with a letter (it names buckets, tables, functions and roles)."
  }
}

variable "lambda_dir" {
  description = "Where scripts/package put the zips (<dir>/<binary>/bootstrap.zip)."
  type        = string
}

variable "tables_file" {
  description = "The store's table definition, shared/lefi-store/tables.json."
  type        = string
}

variable "functions_file" {
  description = "The stack's functions, written by scripts/functions from each crate's [package.metadata.lefi]; null: infra/functions.json."
  type        = string
  default     = null
  validation {
    condition     = var.functions_file == null || can(regex("\\.json$", var.functions_file))
    error_message = "functions_file is the path of a JSON file (scripts/functions writes infra/functions.json)."
  }
}

variable "registry_url" {
  description = "Base URL of the registries' API (LEFI_REGISTRY_URL), https://. Required unless simulators_enabled (then ignored)."
  type        = string
  default     = null
  validation {
    # Without it every query would fail at the person register, after a deploy that
    # looked fine. The personnummer travels in these calls: HTTPS only.
    condition     = var.simulators_enabled || can(regex("^https://[^/\\s]+", var.registry_url))
    error_message = "registry_url is required (https://…, the registries' base URL) unless simulators_enabled = true."
  }
}

variable "registry_ca_pem" {
  description = "The CA certificates (PEM) of the registries' server certificates, when they have a private CA: then only these are trusted for the registries (LEFI_REGISTRY_CA_PEM). null: the system's public roots. It travels in the functions' environment, which Lambda caps at 4 KB in all."
  type        = string
  default     = null
  validation {
    condition     = var.registry_ca_pem == null || try(length(regexall("-----BEGIN CERTIFICATE-----", var.registry_ca_pem)) > 0 && length(var.registry_ca_pem) <= 3500, false)
    error_message = "registry_ca_pem must hold PEM certificates (-----BEGIN CERTIFICATE-----) and at most 3500 characters (Lambda's 4 KB environment): give the registries' issuing CA, not a whole bundle."
  }
}

variable "registry_timeout_ms" {
  description = "Per registry call (LEFI_REGISTRY_TIMEOUT_MS); below step_timeout_seconds, itself below the ASL's task timeouts (10 s)."
  type        = number
  default     = 3000
  validation {
    condition     = var.registry_timeout_ms >= 100 && var.registry_timeout_ms <= 60000 && floor(var.registry_timeout_ms) == var.registry_timeout_ms
    error_message = "registry_timeout_ms is a whole number from 100 to 60000 (ms)."
  }
}

variable "query_budget_ms" {
  description = "Each query's time budget for fetching the person and the benefits (LEFI_QUERY_BUDGET_MS, SPEC §3 step 5): a registry that cannot answer within it is INTERNT_FEL for its benefit alone. Below the registry-calling Tasks' TimeoutSeconds (10 s, the backstop)."
  type        = number
  default     = 3000
  validation {
    condition     = var.query_budget_ms >= 500 && var.query_budget_ms <= 8000 && floor(var.query_budget_ms) == var.query_budget_ms
    error_message = "query_budget_ms is a whole number from 500 to 8000 (ms): lefi-gateway's QUERY_BUDGET_RANGE."
  }
}

variable "registry_concurrency" {
  description = "Reserved concurrency of lookup-person and fetch-benefit each: the most registry calls in flight. null (the default): no reservation. AWS refuses a reservation that leaves the account fewer than 100 unreserved executions, so a young account (a quota of 10) can reserve nothing: check `aws lambda get-account-settings` first (README \"Deploy\")."
  type        = number
  default     = null
  validation {
    condition     = var.registry_concurrency == null || try(var.registry_concurrency >= 1 && floor(var.registry_concurrency) == var.registry_concurrency, false)
    error_message = "registry_concurrency is null (no reservation) or a whole number of at least 1."
  }
}

variable "gateway_concurrency" {
  description = "Reserved concurrency of the gateway (the partner edge; the portal reserves none); null (the default): none. The same account quota applies as for registry_concurrency."
  type        = number
  default     = null
  validation {
    condition     = var.gateway_concurrency == null || try(var.gateway_concurrency >= 1 && floor(var.gateway_concurrency) == var.gateway_concurrency, false)
    error_message = "gateway_concurrency is null (no reservation) or a whole number of at least 1."
  }
}

variable "registry_vpc" {
  description = "Subnets and security groups for the functions that call the registries (lookup-person, fetch-benefit), when the registries are on an internal network; null: no VPC. Those functions call only the registries (Lambda ships their logs and traces itself), so the subnets need a route to the registries and nothing else (README \"Deploy\")."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}

variable "step_timeout_seconds" {
  description = "The workflow's step functions' Lambda timeout: above registry_timeout_ms, below every Task's TimeoutSeconds in the ASL (outputs.tf checks the chain)."
  type        = number
  default     = 8
  validation {
    condition     = var.step_timeout_seconds >= 1 && var.step_timeout_seconds <= 900 && floor(var.step_timeout_seconds) == var.step_timeout_seconds
    error_message = "step_timeout_seconds is a whole number from 1 to 900 (seconds, Lambda's range)."
  }
}

variable "gateway_timeout_seconds" {
  description = "The gateway Lambda's timeout: above how long it waits for the workflow (workflow_wait_ms) plus time to audit and free the query id, below API Gateway's integration timeout (outputs.tf checks the chain)."
  type        = number
  default     = 27
  validation {
    condition     = var.gateway_timeout_seconds >= 1 && var.gateway_timeout_seconds <= 900 && floor(var.gateway_timeout_seconds) == var.gateway_timeout_seconds
    error_message = "gateway_timeout_seconds is a whole number from 1 to 900 (seconds, Lambda's range)."
  }
}

variable "shs_worker_timeout_seconds" {
  description = "The SHS worker's timeout: a batch of ten queries, each waiting for its partner's rate; below the gateway's claim lease (180 s, tests/timeouts.rs). The work queue's visibility timeout is six times it."
  type        = number
  default     = 120
  validation {
    condition     = var.shs_worker_timeout_seconds >= 30 && var.shs_worker_timeout_seconds < 180 && floor(var.shs_worker_timeout_seconds) == var.shs_worker_timeout_seconds
    error_message = "shs_worker_timeout_seconds is a whole number from 30 to 179: below the claim lease (180 s), or a redelivery could take over a query its worker still runs."
  }
}

variable "shs_max_receives" {
  description = "Deliveries of an SHS work item before it goes to the dead-letter queue; the last one audits the query as abandoned and tells the partner."
  type        = number
  default     = 5
}

variable "shs_worker_concurrency" {
  description = "Most SHS workers at once (the event source mapping's maximum concurrency, 2 to 1000): with batches of ten, ten times this many mass-query queries in flight."
  type        = number
  default     = 4
}

variable "workflow_wait_ms" {
  description = "How long the gateway waits for an execution (LEFI_WORKFLOW_TIMEOUT_MS, the StartSyncExecution call's operation timeout): above the workflow's TimeoutSeconds, below the gateway's own timeout."
  type        = number
  default     = 24000
  validation {
    condition     = var.workflow_wait_ms >= 1000 && var.workflow_wait_ms <= 900000 && floor(var.workflow_wait_ms) == var.workflow_wait_ms
    error_message = "workflow_wait_ms is a whole number from 1000 to 900000 (ms)."
  }
}

variable "api_integration_timeout_ms" {
  description = "API Gateway's wait for the gateway Lambda (HTTP APIs: at most 30000 ms): above the gateway's timeout."
  type        = number
  default     = 29000
  validation {
    condition     = var.api_integration_timeout_ms >= 50 && var.api_integration_timeout_ms <= 30000 && floor(var.api_integration_timeout_ms) == var.api_integration_timeout_ms
    error_message = "api_integration_timeout_ms is a whole number from 50 to 30000 (ms, HTTP APIs' range)."
  }
}

variable "iam_propagation_seconds" {
  description = "Wait after the state machine role's policy is made or changed (IAM propagation); 0 for emulators."
  type        = number
  default     = 15
  validation {
    condition     = var.iam_propagation_seconds >= 0 && var.iam_propagation_seconds <= 600 && floor(var.iam_propagation_seconds) == var.iam_propagation_seconds
    error_message = "iam_propagation_seconds is a whole number from 0 to 600 (seconds)."
  }
}

variable "max_concurrency" {
  description = "The FetchBenefits Map's MaxConcurrency."
  type        = number
  default     = 24
  validation {
    condition     = var.max_concurrency >= 0 && var.max_concurrency <= 1000 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency is a whole number from 0 to 1000 (0: no limit)."
  }
}

variable "simulators_enabled" {
  description = "Deploy the registry simulator and point the steps at it (test environments only)."
  type        = bool
  default     = false
}

variable "opening_exceptions" {
  description = "O4's exceptions from the SLA, one per entry (LEFI_OPENING_EXCEPTIONS): \"closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll\" or \"extra_opening …\"; Stockholm local time."
  type        = list(string)
  default     = []
  validation {
    condition = alltrue([for e in var.opening_exceptions :
    can(regex("^(closure|extra_opening) \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})? \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})? \\S", e))])
    error_message = "Each exception: <closure|extra_opening> <start YYYY-MM-DDTHH:MM> <end> <reason>."
  }
}

variable "api_enabled" {
  description = "The HTTP APIs: the partners' in front of the gateway, the portal's in front of the portal. LocalStack's community edition has no API Gateway v2: its root turns this off."
  type        = bool
  default     = true
}

variable "custom_domain_enabled" {
  description = "Custom domain with mutual TLS (and the execute-api endpoint off). Off only in test roots: moto has no mTLS domains."
  type        = bool
  default     = true
}

variable "domain_name" {
  description = "The partners' host name, e.g. lefi.api.example.se (with custom_domain_enabled)."
  type        = string
  default     = null
  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name is null or a lowercase host name, e.g. lefi.api.example.se."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name, in the stack's region (with custom_domain_enabled)."
  type        = string
  default     = null
  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn is null or an ACM certificate ARN (arn:aws:acm:…)."
  }
}

variable "ownership_verification_certificate_arn" {
  description = "A public ACM certificate for domain_name: needed when certificate_arn is imported or from a private CA (mutual TLS); null otherwise."
  type        = string
  default     = null
  validation {
    condition     = var.ownership_verification_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:", var.ownership_verification_certificate_arn))
    error_message = "ownership_verification_certificate_arn is null or an ACM certificate ARN (arn:aws:acm:…)."
  }
}

variable "portal_domain_name" {
  description = "The portal's host name, e.g. portal.lefi.example.se (with custom_domain_enabled): TLS without client certificates, apart from the partners' domain. The portal's URL (LEFI_PORTAL_URL) is https://<it>."
  type        = string
  default     = null
  validation {
    condition     = var.portal_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.portal_domain_name))
    error_message = "portal_domain_name is null or a lowercase host name, e.g. portal.lefi.example.se."
  }
  validation {
    condition     = !(var.custom_domain_enabled && var.api_enabled) || var.portal_domain_name != null
    error_message = "portal_domain_name is required with custom_domain_enabled: the portal has a domain of its own (no client certificates)."
  }
  validation {
    # One domain, one API (and so one TLS policy): the portal on the partners' domain
    # would be behind mutual TLS, or the partners not.
    condition     = var.portal_domain_name == null || var.portal_domain_name != var.domain_name
    error_message = "portal_domain_name must differ from domain_name: the partners' domain requires client certificates, the portal's must not."
  }
}

variable "portal_certificate_arn" {
  description = "ACM certificate for portal_domain_name, in the stack's region (with custom_domain_enabled)."
  type        = string
  default     = null
  validation {
    condition     = var.portal_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:", var.portal_certificate_arn))
    error_message = "portal_certificate_arn is null or an ACM certificate ARN (arn:aws:acm:…)."
  }
  validation {
    condition     = !(var.custom_domain_enabled && var.api_enabled) || var.portal_certificate_arn != null
    error_message = "portal_certificate_arn is required with custom_domain_enabled: an ACM certificate for portal_domain_name in the stack's region."
  }
}

variable "portal_throttling_rate_limit" {
  description = "The portal API stage's steady requests per second."
  type        = number
  default     = 50
  validation {
    condition     = var.portal_throttling_rate_limit > 0
    error_message = "portal_throttling_rate_limit is above 0 requests per second."
  }
}

variable "portal_throttling_burst_limit" {
  description = "The portal API stage's burst of requests."
  type        = number
  default     = 100
  validation {
    condition     = var.portal_throttling_burst_limit >= 1 && floor(var.portal_throttling_burst_limit) == var.portal_throttling_burst_limit
    error_message = "portal_throttling_burst_limit is a whole number of at least 1."
  }
}

variable "portal_login_enabled" {
  description = "The portal's login: a Cognito user pool federating the e-legitimation SAML IdP, its app client and the client secret's secret. Needs api_enabled (the callback URL is the portal's). LocalStack's community edition has no Cognito: its root turns this off; the portal then cannot log anyone in."
  type        = bool
  default     = true
  validation {
    condition     = !var.portal_login_enabled || var.api_enabled
    error_message = "portal_login_enabled needs api_enabled: the login's callback URL is the portal's, which its HTTP API gives."
  }
}

variable "portal_saml_metadata_url" {
  description = "The e-legitimation IdP's SAML metadata (https): the Sweden Connect IdP or proxy the portal federates. Required with portal_login_enabled."
  type        = string
  default     = null
  validation {
    condition     = !var.portal_login_enabled || can(regex("^https://[^/\\s]+(/\\S*)?$", var.portal_saml_metadata_url))
    error_message = "portal_saml_metadata_url is required with portal_login_enabled, and https:// (the IdP's metadata holds the certificate every assertion is checked against)."
  }
}

variable "portal_identity_provider_name" {
  description = "The SAML IdP's name in the user pool (identity_provider on /oauth2/authorize); modules/portal_login validates it."
  type        = string
  default     = "SwedenConnect"
}

variable "portal_login_domain_prefix" {
  description = "The login's prefix domain, <prefix>.auth.<region>.amazoncognito.com; null: <name>-login-<account id>. Ignored with portal_login_domain_name. modules/portal_login validates it (no aws, amazon or cognito in it)."
  type        = string
  default     = null
}

variable "portal_login_domain_name" {
  description = "A custom domain for the login (e.g. login.lefi.example.se) instead of the prefix domain; null for the prefix domain."
  type        = string
  default     = null
}

variable "portal_login_certificate_arn" {
  description = "ACM certificate for portal_login_domain_name, in us-east-1 (Cognito's rule)."
  type        = string
  default     = null
}

variable "truststore_bucket_name" {
  description = "null: <name>-truststore-<account id>."
  type        = string
  default     = null
  validation {
    condition     = var.truststore_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.truststore_bucket_name))
    error_message = "truststore_bucket_name is null or an S3 bucket name: 3-63 lowercase letters, digits, . and -."
  }
}

variable "truststore_pem" {
  description = "PEM CA certificates of the partners' client certificates (the mTLS truststore); null: upload it yourself."
  type        = string
  default     = null
}

variable "truststore_lifecycle_enabled" {
  description = "Expire old truststore versions after 90 days; off only in the moto test root."
  type        = bool
  default     = true
}

variable "throttling_rate_limit" {
  description = "The API stage's steady requests per second."
  type        = number
  default     = 200
  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit is above 0 requests per second."
  }
}

variable "throttling_burst_limit" {
  description = "The API stage's burst of requests."
  type        = number
  default     = 400
  validation {
    condition     = var.throttling_burst_limit >= 1 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit is a whole number of at least 1."
  }
}

variable "log_retention_days" {
  description = "Days every log group of the stack keeps its logs."
  type        = number
  default     = 90
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "seal_retention_days" {
  description = "Days each day's audit seal (A3) is kept under COMPLIANCE Object Lock: nobody can delete or overwrite it before then, not even the account's root user, so choose it with the agency's retention decision (gallringsbeslut) for the audit."
  type        = number
  default     = 3653
  validation {
    condition     = floor(var.seal_retention_days) == var.seal_retention_days && var.seal_retention_days >= 1 && var.seal_retention_days <= 36500
    error_message = "seal_retention_days is a whole number of days from 1 to 36500 (S3 Object Lock's range)."
  }
}

variable "seal_bucket_name" {
  description = "The audit seal's bucket; null: <name>-audit-seal-<account id>."
  type        = string
  default     = null
}

variable "create_kms_key" {
  description = "Make a customer managed KMS key for tables, the keys' secret, Lambda environments and logs, with the key policy CloudWatch Logs needs."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "A customer managed KMS key of your own instead (its policy must let CloudWatch Logs use it: README \"Deploy\"); null with create_kms_key = false for AWS's keys."
  type        = string
  default     = null
  validation {
    condition     = !(var.create_kms_key && var.kms_key_arn != null)
    error_message = "Either create_kms_key or kms_key_arn, not both."
  }
}

variable "deletion_protection" {
  description = "Protect tables, the truststore bucket and the portal's user pool from destroy, and keep deleted secrets 30 days (off in test roots)."
  type        = bool
  default     = true
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarm and OK notifications; null for none."
  type        = string
  default     = null
  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_topic_arn))
    error_message = "alarm_topic_arn is null or an SNS topic ARN (arn:aws:sns:…)."
  }
}

variable "tags" {
  description = "Tags for every resource. Keys (1-128 characters) and values (0-256) may hold only letters, digits, spaces and _ . : / = + - (DynamoDB refuses anything else)."
  type        = map(string)
  default     = {}
  validation {
    # DynamoDB's rule, the strictest of the stack's services: "letters, white space, and
    # numbers, plus + - = . _ : /" (its developer guide; AWS's general tag pattern,
    # ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$, also allows @, which DynamoDB does not list).
    condition = alltrue([for k, v in var.tags :
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{1,128}$", k)) &&
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{0,256}$", v)) &&
      !startswith(lower(k), "aws:")
    ])
    error_message = "A tag key (1-128 characters) or value (0-256) holds a character AWS refuses: only letters, digits, spaces and _ . : / = + - are allowed, and no key may start with aws:."
  }
}

variable "operator_principal_arns" {
  description = "Who may assume the operator role (lefi-admin --dynamodb, SPEC §10): IAM role, user or account-root ARNs. Empty: no operator role."
  type        = list(string)
  default     = []
}

variable "operator_require_mfa" {
  description = "The operator role may be assumed only with MFA (off for Identity Center roles, whose sessions do not carry it)."
  type        = bool
  default     = false
}

variable "operator_extra_statements" {
  description = "More for the operator role, e.g. the daily seal's bucket and signing key (A3): sid, actions, resources."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []
}
