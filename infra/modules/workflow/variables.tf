variable "name" {
  description = "State machine name (also names its role and log group)."
  type        = string
}

variable "definition_file" {
  description = "The ASL template (default: lefi-query.asl.json beside this module); placeholders validate_arn … audit_arn."
  type        = string
  default     = null
}

variable "function_arns" {
  description = "ARNs of the five step functions."
  type = object({
    validate       = string
    lookup_person  = string
    fetch_benefit  = string
    compile_answer = string
    audit          = string
  })
}

variable "max_concurrency" {
  description = "MaxConcurrency of the FetchBenefits Map: registry calls in flight per query (24 benefits at most)."
  type        = number
  default     = 24
  validation {
    condition     = var.max_concurrency >= 0 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency is a whole number ≥ 0 (0 = no limit)."
  }
}

variable "iam_propagation_seconds" {
  description = "Wait this long after the role's policy is made or changed, before the state machine is (IAM propagation); 0 for none (emulators)."
  type        = number
  default     = 15
  validation {
    condition     = var.iam_propagation_seconds >= 0 && floor(var.iam_propagation_seconds) == var.iam_propagation_seconds
    error_message = "iam_propagation_seconds is a whole number of seconds, 0 or more."
  }
}

variable "log_level" {
  description = "ALL, ERROR, FATAL or OFF. Execution data is never logged."
  type        = string
  default     = "ALL"
}

variable "log_retention_days" {
  type    = number
  default = 90
}

variable "kms_key_arn" {
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
