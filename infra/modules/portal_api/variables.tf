variable "name" {
  description = "Prefix of the portal API's resources (<name>-portal)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name is a prefix of 1-32 characters: lowercase letters, digits and -, starting with a letter (it names buckets, tables, functions and roles)."
  }
}

variable "function_name" {
  description = "The portal Lambda every path goes to."
  type        = string
}

variable "function_invoke_arn" {
  description = "The portal Lambda's invoke ARN (the integration's URI)."
  type        = string
}

variable "custom_domain_enabled" {
  description = "The portal's custom domain (TLS, no client certificates) and the execute-api endpoint off. Off only in test roots: moto's domain names never become AVAILABLE, so the provider's wait fails."
  type        = bool
  default     = true
}

variable "domain_name" {
  description = "The portal's host name, e.g. portal.lefi.example.se (with custom_domain_enabled)."
  type        = string
  default     = null
  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name is null or a lowercase host name, e.g. portal.lefi.example.se."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name, in the stack's region."
  type        = string
  default     = null
  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn is null or an ACM certificate ARN (arn:aws:acm:…)."
  }
}

variable "throttling_rate_limit" {
  description = "The portal stage's steady requests per second (people, not systems: far fewer than the partner API's)."
  type        = number
  default     = 50
  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit is above 0 requests per second."
  }
}

variable "throttling_burst_limit" {
  description = "The portal stage's burst of requests."
  type        = number
  default     = 100
  validation {
    condition     = var.throttling_burst_limit >= 1 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit is a whole number of at least 1."
  }
}

variable "integration_timeout_ms" {
  description = "How long API Gateway waits for the portal Lambda: above its timeout, so the portal's own answer (and audit) comes first; HTTP APIs allow 50-30000 ms."
  type        = number
  default     = 29000
  validation {
    condition     = var.integration_timeout_ms >= 50 && var.integration_timeout_ms <= 30000
    error_message = "An HTTP API's integration timeout is 50-30000 ms."
  }
}

variable "log_retention_days" {
  description = "Days the access logs are kept."
  type        = number
  default     = 90
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the access log group; null for CloudWatch Logs' own."
  type        = string
  default     = null
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
