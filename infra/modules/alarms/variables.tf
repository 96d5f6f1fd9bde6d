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
  type    = map(string)
  default = {}
}
