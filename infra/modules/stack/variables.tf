variable "name" {
  description = "Prefix of every resource name; also the tables' prefix (LEFI_TABLE_PREFIX)."
  type        = string
  default     = "lefi"
}

variable "lambda_dir" {
  description = "Where scripts/package put the zips (<dir>/<binary>/bootstrap.zip)."
  type        = string
}

variable "tables_file" {
  description = "The store's table definition, shared/lefi-store/tables.json."
  type        = string
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
  description = "Reserved concurrency of the gateway; null (the default): none. The same account quota applies as for registry_concurrency."
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
}

variable "gateway_timeout_seconds" {
  description = "The gateway Lambda's timeout: above how long it waits for the workflow (workflow_wait_ms) plus time to audit and free the query id, below API Gateway's integration timeout (outputs.tf checks the chain)."
  type        = number
  default     = 27
}

variable "workflow_wait_ms" {
  description = "How long the gateway waits for an execution (LEFI_WORKFLOW_TIMEOUT_MS, the StartSyncExecution call's operation timeout): above the workflow's TimeoutSeconds, below the gateway's own timeout."
  type        = number
  default     = 24000
}

variable "api_integration_timeout_ms" {
  description = "API Gateway's wait for the gateway Lambda (HTTP APIs: at most 30000 ms): above the gateway's timeout."
  type        = number
  default     = 29000
}

variable "iam_propagation_seconds" {
  description = "Wait after the state machine role's policy is made or changed (IAM propagation); 0 for emulators."
  type        = number
  default     = 15
}

variable "max_concurrency" {
  description = "The FetchBenefits Map's MaxConcurrency."
  type        = number
  default     = 24
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
  description = "The HTTP API in front of the gateway. LocalStack's community edition has no API Gateway v2: its root turns this off."
  type        = bool
  default     = true
}

variable "custom_domain_enabled" {
  type    = bool
  default = true
}

variable "domain_name" {
  type    = string
  default = null
}

variable "certificate_arn" {
  type    = string
  default = null
}

variable "ownership_verification_certificate_arn" {
  description = "A public ACM certificate for domain_name: needed when certificate_arn is imported or from a private CA (mutual TLS); null otherwise."
  type        = string
  default     = null
}

variable "truststore_bucket_name" {
  description = "null: <name>-truststore-<account id>."
  type        = string
  default     = null
}

variable "truststore_pem" {
  type    = string
  default = null
}

variable "truststore_lifecycle_enabled" {
  type    = bool
  default = true
}

variable "throttling_rate_limit" {
  type    = number
  default = 200
}

variable "throttling_burst_limit" {
  type    = number
  default = 400
}

variable "log_retention_days" {
  type    = number
  default = 90
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
  description = "Protect tables and the truststore bucket from destroy (off in test roots)."
  type        = bool
  default     = true
}

variable "alarm_topic_arn" {
  type    = string
  default = null
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
