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

# A function URL with auth NONE answers only when the resource policy lets anyone call
# it — and, for URLs made since AWS's change of October 2025, call the function too:
# lambda:InvokeFunctionUrl and lambda:InvokeFunction both, or every request is 403.
# (AWS's CLI adds --invoked-via-function-url to the second, so that it covers only calls
# through the URL; hashicorp/aws 5.100 has no such argument yet. Test environments only,
# synthetic data: the simulator may be invoked directly as well.)
resource "aws_lambda_permission" "registry_sim_url" {
  #checkov:skip=CKV_AWS_301: public on purpose, as the function URL above: test environments only, synthetic data
  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = module.registry_sim.name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "registry_sim_invoke" {
  #checkov:skip=CKV_AWS_301: the function URL's second permission (see above): test environments only, synthetic data
  statement_id  = "AllowPublicFunctionUrlInvoke"
  action        = "lambda:InvokeFunction"
  function_name = module.registry_sim.name
  principal     = "*"
}
