variable "name" {
  description = "Prefix of the alarms' names."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name is a prefix of 1-32 characters: lowercase letters, digits and -, starting with a letter (it names buckets, tables, functions and roles)."
  }
}

variable "function_names" {
  description = "The functions whose errors and throttles raise an alarm."
  type        = list(string)
}

variable "state_machine_arn" {
  description = "The workflow whose failed and timed-out executions raise an alarm."
  type        = string
}

variable "metrics" {
  description = "The service's metrics catalogue (infra/metrics.json): namespace, metrics with their dimension sets, and the registries the Registry dimension names."
  type = object({
    namespace  = string
    registries = list(string)
  })
  validation {
    # CloudWatch alarm names: at most 255 characters; each registry becomes part of one.
    condition     = length(var.metrics.registries) > 0 && alltrue([for r in var.metrics.registries : can(regex("^[A-Za-z][A-Za-z0-9:]{0,63}$", r))])
    error_message = "metrics.registries is a non-empty list of registry names (letters, digits and :)."
  }
}

variable "portal_api_enabled" {
  description = "The portal's HTTP API to watch (portal_api_id, portal_api_stage)."
  type        = bool
  default     = false
}

variable "portal_api_id" {
  description = "The portal's HTTP API whose 5xx answers raise an alarm (with portal_api_enabled)."
  type        = string
  default     = null
}

variable "portal_api_stage" {
  description = "The portal's HTTP API's stage (with portal_api_enabled)."
  type        = string
  default     = null
}

variable "function_threshold" {
  description = "Errors or throttles per 5 minutes that raise the alarm."
  type        = number
  default     = 1
  validation {
    condition     = var.function_threshold >= 1 && var.function_threshold <= 1000000 && floor(var.function_threshold) == var.function_threshold
    error_message = "function_threshold is a whole number from 1 to 1000000 (errors or throttles per 5 minutes)."
  }
}

variable "api_5xx_threshold" {
  description = "The portal API's 5xx answers per 5 minutes that raise the alarm."
  type        = number
  default     = 5
  validation {
    condition     = var.api_5xx_threshold >= 1 && var.api_5xx_threshold <= 1000000 && floor(var.api_5xx_threshold) == var.api_5xx_threshold
    error_message = "api_5xx_threshold is a whole number from 1 to 1000000 (answers per 5 minutes)."
  }
}

variable "failed_queries_threshold" {
  description = "Requests failing inside the service (Outcome FAILED) per 5 minutes that raise the alarm."
  type        = number
  default     = 1
  validation {
    condition     = var.failed_queries_threshold >= 1 && var.failed_queries_threshold <= 1000000 && floor(var.failed_queries_threshold) == var.failed_queries_threshold
    error_message = "failed_queries_threshold is a whole number from 1 to 1000000 (requests per 5 minutes)."
  }
}

variable "registry_failure_percent" {
  description = "The share of a registry's calls in 5 minutes that may fail (after tries and hedges) before the alarm is raised, in percent."
  type        = number
  default     = 10
  validation {
    condition     = var.registry_failure_percent > 0 && var.registry_failure_percent < 100
    error_message = "registry_failure_percent is a percentage above 0 and below 100."
  }
}

variable "registry_min_calls" {
  description = "The calls to a registry in 5 minutes below which its failure share raises no alarm (a few calls say little)."
  type        = number
  default     = 20
  validation {
    condition     = var.registry_min_calls >= 1 && floor(var.registry_min_calls) == var.registry_min_calls
    error_message = "registry_min_calls is a whole number of at least 1."
  }
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
