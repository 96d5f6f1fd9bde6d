variable "name" {
  description = "Function name (also names its role and log group)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,61}$", var.name))
    error_message = "name is 1-61 letters, digits, - and _ (a Lambda name; the role adds -fn)."
  }
}

variable "description" {
  description = "The function's description in Lambda (at most 256 characters)."
  type        = string
  default     = ""
  validation {
    condition     = length(var.description) <= 256
    error_message = "description is at most 256 characters (Lambda's limit)."
  }
}

variable "zip_path" {
  description = "The function's bootstrap.zip from scripts/package (<lambda dir>/<binary>/bootstrap.zip)."
  type        = string
}

variable "environment" {
  description = "Environment variables (the configuration the code reads with std::env::var)."
  type        = map(string)
  default     = {}
  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", k)) && !startswith(k, "AWS_")])
    error_message = "environment names are letters, digits and _, and none starts with AWS_ (Lambda reserves those)."
  }
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
  description = "Memory in MB (Lambda: 128-10240)."
  type        = number
  default     = 256
  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size is a whole number from 128 to 10240 (MB, Lambda's range)."
  }
}

variable "timeout" {
  description = "Seconds. For the workflow's steps: above the registry call's timeout (3 s) and below the ASL's task timeouts (10 s), so each layer names its own error (the timeout chain: lefi-gateway's tests/timeouts.rs)."
  type        = number
  default     = 8
  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout is a whole number from 1 to 900 (seconds, Lambda's range)."
  }
}

variable "vpc_config" {
  description = "Subnets and security groups to place the function in (e.g. to reach registries on an internal network); null: no VPC. The subnets must route to whatever the function calls (README \"Deploy\")."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
  validation {
    condition     = var.vpc_config == null || (length(try(var.vpc_config.subnet_ids, [])) > 0 && length(try(var.vpc_config.security_group_ids, [])) > 0)
    error_message = "vpc_config needs at least one subnet and one security group."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions (caps the load on a registry); null for none."
  type        = number
  default     = null
  validation {
    condition     = var.reserved_concurrency == null || try(var.reserved_concurrency >= 1 && floor(var.reserved_concurrency) == var.reserved_concurrency, false)
    error_message = "reserved_concurrency is null (none) or a whole number of at least 1."
  }
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 90
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the log group and the environment; null for AWS's keys."
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

variable "log_level" {
  description = "The function's application log level (AWS_LAMBDA_LOG_LEVEL): TRACE, DEBUG, INFO, WARN, ERROR or FATAL."
  type        = string
  default     = "INFO"
  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level is one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL."
  }
}
