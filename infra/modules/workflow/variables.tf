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
  type    = map(string)
  default = {}
}
