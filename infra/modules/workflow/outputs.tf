output "arn" {
  description = "The state machine's ARN."
  value       = aws_sfn_state_machine.this.arn
}

output "name" {
  description = "The state machine's name."
  value       = aws_sfn_state_machine.this.name
}

output "role_arn" {
  description = "The state machine's role."
  value       = aws_iam_role.this.arn
}

output "definition" {
  description = "The definition as deployed (JSON)."
  value       = aws_sfn_state_machine.this.definition
}

output "timeout_seconds" {
  description = "The definition's TimeoutSeconds: how long an execution may run."
  value       = try(local.known.TimeoutSeconds, null)
}

output "task_timeouts" {
  description = "Every Task state's TimeoutSeconds (null where a Task has none)."
  value       = local.task_timeouts
}
