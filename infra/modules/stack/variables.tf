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
  description = "Base URL of the registries' API (LEFI_REGISTRY_URL). Ignored when simulators_enabled."
  type        = string
  default     = null
}

variable "registry_timeout_ms" {
  description = "Per registry call (LEFI_REGISTRY_TIMEOUT_MS); below the ASL's 10 s task timeout."
  type        = number
  default     = 3000
}

variable "registry_concurrency" {
  description = "Reserved concurrency of lookup-person and fetch-benefit each: the most registry calls in flight. null: no reservation."
  type        = number
  default     = null
}

variable "gateway_concurrency" {
  type    = number
  default = null
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

variable "kms_key_arn" {
  description = "Customer managed KMS key for tables, logs, Lambda environments and the truststore bucket; null for AWS's keys."
  type        = string
  default     = null
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
  type    = map(string)
  default = {}
}
