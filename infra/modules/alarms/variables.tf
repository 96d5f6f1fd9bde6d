variable "name" {
  type = string
}

variable "function_names" {
  type = list(string)
}

variable "state_machine_arn" {
  type = string
}

variable "api_enabled" {
  description = "An HTTP API to watch (api_id, api_stage)."
  type        = bool
  default     = true
}

variable "api_id" {
  type    = string
  default = null
}

variable "api_stage" {
  type    = string
  default = null
}

variable "function_threshold" {
  description = "Errors or throttles per 5 minutes that raise the alarm."
  type        = number
  default     = 1
}

variable "api_5xx_threshold" {
  type    = number
  default = 5
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarm and OK notifications; null for none."
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
