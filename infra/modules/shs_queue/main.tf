# SHS's asynchronous work (issue 18): the gateway puts each query of an asynchronous
# message on the work queue; an event source mapping hands them to the worker in batches,
# at most maximum_concurrency workers at once (the registries' protection, in place of
# reserved concurrency, which a new account's pool may not allow); a query whose item
# fails max_receives times goes to the dead-letter queue — after the worker's last try
# has audited it and told the partner. Alarms: anything in the dead-letter queue, and
# work waiting too long.

locals {
  actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
  # AWS's advice for a queue a Lambda drains: six times the function's timeout, so a
  # batch that is retried inside the function is not delivered again meanwhile. AWS
  # refuses the mapping below the function's timeout (moto does not; infra_check does).
  visibility_timeout = 6 * var.worker_timeout_seconds
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name}-shs-work-dlq"
  message_retention_seconds = var.dead_letter_retention_seconds
  kms_master_key_id         = var.kms_key_arn
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  tags                      = var.tags
}

resource "aws_sqs_queue" "work" {
  name = "${var.name}-shs-work"
  # A message keeps its first enqueue time in the dead-letter queue: that queue must keep
  # messages longer, or they expire there unseen (variables.tf checks it).
  message_retention_seconds  = var.retention_seconds
  visibility_timeout_seconds = local.visibility_timeout
  kms_master_key_id          = var.kms_key_arn
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    # The worker reads the same count (LEFI_SHS_MAX_RECEIVES): its last try gives up.
    maxReceiveCount = var.max_receives
  })
  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "worker" {
  event_source_arn = aws_sqs_queue.work.arn
  function_name    = var.worker_function_name
  batch_size       = var.batch_size
  # Only the failed items of a batch are delivered again (the worker reports them).
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }
}

# Both on SQS's own metrics, by queue, the worst of five minutes.
resource "aws_cloudwatch_metric_alarm" "queue" {
  for_each = {
    dead-letters = {
      queue       = aws_sqs_queue.dead_letter.name
      metric      = "ApproximateNumberOfMessagesVisible"
      threshold   = 1
      description = "SHS queries in the dead-letter queue ${aws_sqs_queue.dead_letter.name}: each failed on every try; its partner got a Felsvar naming it. Read the worker's log by message id, then redrive or delete."
    }
    oldest-work = {
      queue       = aws_sqs_queue.work.name
      metric      = "ApproximateAgeOfOldestMessage"
      threshold   = var.oldest_age_alarm_seconds
      description = "An SHS query has waited in ${aws_sqs_queue.work.name} longer than ${var.oldest_age_alarm_seconds} s: the worker is stopped, failing or too slow for the mass queries."
    }
  }

  alarm_name          = "${var.name}-shs-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/SQS"
  metric_name         = each.value.metric
  dimensions          = { QueueName = each.value.queue }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}
