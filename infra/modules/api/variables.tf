variable "name" {
  type = string
}

variable "gateway_function_name" {
  type = string
}

variable "gateway_invoke_arn" {
  type = string
}

variable "custom_domain_enabled" {
  description = "Custom domain with mutual TLS (and the execute-api endpoint off). Off only in test roots: moto has no mTLS domains."
  type        = bool
  default     = true
}

variable "domain_name" {
  description = "The partners' host name, e.g. lefi.api.example.se."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name, in the stack's region."
  type        = string
  default     = null
}

variable "ownership_verification_certificate_arn" {
  description = "A public ACM certificate for domain_name, issued by ACM: needed when certificate_arn was imported into ACM or issued by a private CA (API Gateway's rule for mutual TLS). null for a public ACM certificate."
  type        = string
  default     = null
  validation {
    condition     = var.ownership_verification_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:", var.ownership_verification_certificate_arn))
    error_message = "ownership_verification_certificate_arn is an ACM certificate ARN (arn:aws:acm:…)."
  }
}

variable "truststore_bucket_name" {
  description = "S3 bucket for the mTLS truststore (globally unique name)."
  type        = string
}

variable "truststore_pem" {
  description = "The truststore's content: PEM CA certificates of the partners' client certificates. null: upload it yourself to s3://<bucket>/truststore/<name>-truststore.pem (no custom domain then)."
  type        = string
  default     = null
}

variable "truststore_lifecycle_enabled" {
  description = "Expire old truststore versions after 90 days. Off only in the moto test root: against moto the provider waits ≈55 s for the configuration to settle."
  type        = bool
  default     = true
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady requests per second."
  type        = number
  default     = 200
}

variable "throttling_burst_limit" {
  type    = number
  default = 400
}

variable "integration_timeout_ms" {
  description = "How long API Gateway waits for the gateway Lambda: above its timeout, so the gateway's own answer (and audit) comes first; HTTP APIs allow 50-30000 ms."
  type        = number
  default     = 29000
  validation {
    condition     = var.integration_timeout_ms >= 50 && var.integration_timeout_ms <= 30000
    error_message = "An HTTP API's integration timeout is 50-30000 ms."
  }
}

variable "log_retention_days" {
  type    = number
  default = 90
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "force_destroy" {
  description = "Let destroy empty the truststore bucket (test roots)."
  type        = bool
  default     = false
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
