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

variable "api_enabled" {
  description = "An HTTP API to watch (api_id, api_stage)."
  type        = bool
  default     = true
}

variable "api_id" {
  description = "The HTTP API whose 5xx answers raise an alarm (with api_enabled)."
  type        = string
  default     = null
}

variable "api_stage" {
  description = "The HTTP API's stage (with api_enabled)."
  type        = string
  default     = null
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
  description = "5xx answers per 5 minutes that raise the alarm."
  type        = number
  default     = 5
  validation {
    condition     = var.api_5xx_threshold >= 1 && var.api_5xx_threshold <= 1000000 && floor(var.api_5xx_threshold) == var.api_5xx_threshold
    error_message = "api_5xx_threshold is a whole number from 1 to 1000000 (answers per 5 minutes)."
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
