variable "name" {
  description = "Function name (also names its role and log group)."
  type        = string
}

variable "description" {
  type    = string
  default = ""
}

variable "zip_path" {
  description = "The function's bootstrap.zip from scripts/package (<lambda dir>/<binary>/bootstrap.zip)."
  type        = string
}

variable "environment" {
  description = "Environment variables (the configuration the code reads with std::env::var)."
  type        = map(string)
  default     = {}
}

variable "policy_statements" {
  description = "What the function may do beyond writing its logs and traces: least privilege, resources named."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []
}

variable "memory_size" {
  type    = number
  default = 256
}

variable "timeout" {
  description = "Seconds; below the ASL's task timeouts (10 s) for the workflow's steps."
  type        = number
  default     = 8
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions (caps the load on a registry); null for none."
  type        = number
  default     = null
}

variable "log_retention_days" {
  type    = number
  default = 90
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the log group and the environment; null for AWS's keys."
  type        = string
  default     = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
