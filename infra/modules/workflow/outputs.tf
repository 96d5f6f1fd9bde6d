output "arn" {
  value = aws_sfn_state_machine.this.arn
}

output "name" {
  value = aws_sfn_state_machine.this.name
}

output "role_arn" {
  value = aws_iam_role.this.arn
}

output "definition" {
  description = "The definition as deployed (JSON)."
  value       = aws_sfn_state_machine.this.definition
}
