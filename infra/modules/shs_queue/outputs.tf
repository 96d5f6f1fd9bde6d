output "queue_url" {
  description = "The work queue's URL (the gateway's LEFI_SHS_QUEUE_URL)."
  value       = aws_sqs_queue.work.id
}

output "queue_arn" {
  description = "The work queue's ARN (the gateway sends to it, the worker receives from it)."
  value       = aws_sqs_queue.work.arn
}

output "dead_letter_queue_url" {
  description = "The dead-letter queue's URL (the operator reads and redrives it)."
  value       = aws_sqs_queue.dead_letter.id
}

output "visibility_timeout_seconds" {
  description = "The work queue's visibility timeout (six times the worker's timeout)."
  value       = aws_sqs_queue.work.visibility_timeout_seconds
}

output "alarm_names" {
  description = "The queue's alarms."
  value       = [for a in aws_cloudwatch_metric_alarm.queue : a.alarm_name]
}
