# Everything the stack module outputs (scripts/lib/infra_check.py reads it).
output "lefi" {
  value = module.lefi
}

output "state_machine_arn" {
  value = module.lefi.state_machine_arn
}

output "endpoint" {
  value = module.lefi.endpoint
}
