output "registry_url" {
  description = "Base URL of the simulated registries (LEFI_REGISTRY_URL)."
  value       = aws_lambda_function_url.registry_sim.function_url
}

output "function_name" {
  description = "The simulator's function."
  value       = module.registry_sim.name
}
