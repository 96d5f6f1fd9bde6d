# Everything the stack module outputs (scripts/lib/infra_check.py reads it).
output "lefi" {
  description = "Everything the stack module outputs (scripts/lib/infra_check.py reads it)."
  value       = module.lefi
}

output "state_machine_arn" {
  description = "The query workflow's state machine."
  value       = module.lefi.state_machine_arn
}

output "endpoint" {
  description = "The HTTP API's endpoint, when api_enabled."
  value       = module.lefi.endpoint
}
