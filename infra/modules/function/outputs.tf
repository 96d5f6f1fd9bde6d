output "name" {
  description = "The function's name."
  value       = aws_lambda_function.this.function_name
}

output "arn" {
  description = "The function's ARN."
  value       = aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "The ARN API Gateway invokes the function by."
  value       = aws_lambda_function.this.invoke_arn
}

output "role_arn" {
  description = "The function's own role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "The function's own role's name."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "The function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_format" {
  description = "The format of the function's log lines (JSON: the runtime's tracing setup then writes JSON)."
  value       = one(aws_lambda_function.this.logging_config).log_format
}

output "environment" {
  description = "The function's environment variables as configured (names and values; no secret is ever one: secrets are passed by ARN)."
  value       = var.environment
}
