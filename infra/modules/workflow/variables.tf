variable "name" {
  description = "State machine name (also names its role and log group)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name))
    error_message = "name is 1-76 letters, digits, - and _ (a state machine name; the role adds -sfn)."
  }
}

variable "definition_file" {
  description = "The ASL template (default: lefi-query.asl.json beside this module); a Task's Resource is $${<key>_arn}, a key of function_arns."
  type        = string
  default     = null
}

variable "function_arns" {
  description = "The step functions' ARNs by key: the definition's placeholder $${<key>_arn} becomes the ARN (infra/functions.json's steps)."
  type        = map(string)
  validation {
    condition     = length(var.function_arns) > 0 && alltrue([for key in keys(var.function_arns) : can(regex("^[a-z][a-z0-9_]*$", key))])
    error_message = "function_arns maps step keys (a-z, 0-9, _) to Lambda function ARNs."
  }
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
  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.log_level)
    error_message = "log_level is ALL, ERROR, FATAL or OFF."
  }
}

variable "log_retention_days" {
  description = "Days the state machine's logs are kept."
  type        = number
  default     = 90
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the log group; null for CloudWatch Logs' own."
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
