# Test environments only: the registry simulator (simulators/lefi-registry-sim, binary
# lefi-registry-sim-lambda) as a Lambda behind a function URL. Its URL becomes the step
# functions' LEFI_REGISTRY_URL. Synthetic data only; counters and knobs live per instance.

module "registry_sim" {
  source = "../function"

  name        = "${var.name}-registry-sim"
  description = "LEFI registry simulator (test environments only; synthetic people)"
  zip_path    = var.zip_path
  memory_size = 512
  timeout     = 10
  environment = {
    LEFI_SIM_SEED       = tostring(var.seed)
    LEFI_SIM_POPULATION = tostring(var.population)
    LEFI_SIM_FAULTS     = jsonencode(var.faults)
  }
  log_retention_days = var.log_retention_days
  tags               = merge(var.tags, { environment-kind = "test" })
}

resource "aws_lambda_function_url" "registry_sim" {
  #checkov:skip=CKV_AWS_258: test environments only, synthetic data; the registry client (lefi-registry's HttpRegistries) does not sign requests, as the real registries' API has no SigV4
  function_name      = module.registry_sim.name
  authorization_type = "NONE"
}

# A function URL with auth NONE answers only when the resource policy lets anyone call it.
resource "aws_lambda_permission" "registry_sim_url" {
  #checkov:skip=CKV_AWS_301: public on purpose, as the function URL above: test environments only, synthetic data
  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = module.registry_sim.name
  principal              = "*"
  function_url_auth_type = "NONE"
}
