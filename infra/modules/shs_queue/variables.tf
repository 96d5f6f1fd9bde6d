variable "name" {
  description = "Prefix of the queues' and alarms' names."
  type        = string
}

variable "worker_function_name" {
  description = "The SHS worker function the event source mapping invokes."
  type        = string
}

variable "worker_timeout_seconds" {
  description = "The worker function's timeout: the queue's visibility timeout is six times it."
  type        = number
  validation {
    # 6 × 150 = 900; SQS's visibility timeout is at most 43 200 s.
    condition     = var.worker_timeout_seconds >= 1 && var.worker_timeout_seconds <= 900
    error_message = "worker_timeout_seconds is Lambda's range, 1 to 900."
  }
}

variable "max_receives" {
  description = "Deliveries of a work item before it goes to the dead-letter queue (the redrive policy's maxReceiveCount; the worker's LEFI_SHS_MAX_RECEIVES)."
  type        = number
  default     = 5
  validation {
    condition     = var.max_receives >= 1 && var.max_receives <= 1000 && floor(var.max_receives) == var.max_receives
    error_message = "max_receives is SQS's range for maxReceiveCount, 1 to 1000."
  }
}

variable "batch_size" {
  description = "Work items per invocation of the worker. Above 10 AWS requires a batching window, which would delay every mass query's first answers."
  type        = number
  default     = 10
  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size is 1 to 10 (above 10 AWS requires a batching window)."
  }
}

variable "maximum_concurrency" {
  description = "Most workers at once: the registries' protection from mass queries (the event source mapping's scaling_config)."
  type        = number
  default     = 4
  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000 && floor(var.maximum_concurrency) == var.maximum_concurrency
    error_message = "maximum_concurrency is AWS's range, 2 to 1000."
  }
}

variable "retention_seconds" {
  description = "How long a work item may wait in the work queue."
  type        = number
  default     = 345600 # 4 days
}

variable "dead_letter_retention_seconds" {
  description = "How long a failed work item stays in the dead-letter queue: longer than retention_seconds (a message keeps its first enqueue time there)."
  type        = number
  default     = 1209600 # 14 days, SQS's most
  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds is SQS's range, 60 to 1 209 600."
  }
  validation {
    condition     = var.dead_letter_retention_seconds > var.retention_seconds
    error_message = "dead_letter_retention_seconds must exceed retention_seconds: a message keeps its first enqueue time in the dead-letter queue and would expire there unseen."
  }
}

variable "oldest_age_alarm_seconds" {
  description = "The age of the oldest waiting work item that raises the alarm. A mass query of 10 000 at 20 a second takes about 500 s."
  type        = number
  default     = 1800
}

variable "kms_key_arn" {
  description = "The stack's customer managed key for the queues; null: SQS's own keys (SSE-SQS)."
  type        = string
  default     = null
}

variable "alarm_topic_arn" {
  description = "Where the alarms go; null: nowhere (the console)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
