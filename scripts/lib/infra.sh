# Sourced by scripts/test: the Terraform stack's checks (issue 7).
#   infra_static   terraform fmt -check, the modules' conventions (scripts/lib/
#                  tf_conventions.py), init + validate of every root, `terraform test`
#                  (plans against a mocked provider: what AWS refuses that moto lets
#                  through, issue 13), checkov
#   infra_deploy   apply infra/envs/localstack to the moto server start_moto started, check what
#                  was created (scripts/lib/infra_check.py), destroy it again; then plan
#                  infra/envs/aws with realistic variables (infra_plan_aws)
# Terraform's provider comes from a local filesystem mirror when the machine has one (this
# image: hashicorp/aws 5.100.0), from the public registry otherwise. Every step prints
# its time.

INFRA_ROOTS=(infra/envs/aws infra/envs/localstack)
# Where `terraform test` files are (tests/*.tftest.hcl): plans with a mocked provider,
# offline, of what AWS would refuse or needs that moto lets through (issue 13): tag
# values, a missing or plain-HTTP registry URL, the timeout chain, the key policy; and
# Cognito's rules for the portal's login, none of which moto 5.2.5 enforces (issue 15);
# the audit seal's retention, key spec and schedule zone (issue 16); the operator role
# (issue 16): principals, session length, name length, least privilege.
INFRA_TESTED=(infra/modules/tables infra/modules/portal_login infra/modules/seal infra/modules/operator_role infra/modules/stack infra/envs/aws)
CHECKOV_VERSION=3.3.30
# Where a Terraform provider mirror usually is (infra_terraform_config).
INFRA_MIRROR_PLACES=(/opt/tf-plugins "$HOME/.terraform.d/plugins" "$HOME/.local/share/terraform/plugins"
  /usr/local/share/terraform/plugins /usr/share/terraform/plugins)
# The binaries the stack deploys: the one list of the functions (scripts/functions).
mapfile -t INFRA_BINARIES < <(python3 -c 'import json; print("\n".join(f["binary"] for f in json.load(open("infra/functions.json"))["functions"].values()))')

infra_timed() {
  local label=$1 started rc=0
  shift
  started=$(date +%s%N)
  "$@" || rc=$?
  local ms=$(( ($(date +%s%N) - started) / 1000000 ))
  printf '   (%s: %d.%01d s)\n' "$label" $((ms / 1000)) $((ms % 1000 / 100))
  return "$rc"
}

# Runs a command with its output in a log file, shown only when it fails.
infra_quiet() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
}

# Writes a Terraform CLI configuration that installs hashicorp/aws from a local mirror
# when one exists, and exports TF_CLI_CONFIG_FILE. The usual places (and $LEFI_TF_MIRROR)
# are tried on every run; a search of the whole disk (≈20 s) only when they are empty,
# and its answer is cached — a miss too ("none"), so a machine without a mirror searches
# once, not on every run (delete target/infra/provider-mirror to search again).
infra_terraform_config() {
  mkdir -p target/infra
  local cache=target/infra/provider-mirror mirror="" dir cached=""
  for dir in "${LEFI_TF_MIRROR:-}" "${INFRA_MIRROR_PLACES[@]}"; do
    if [[ -n $dir && -d $dir/registry.terraform.io/hashicorp/aws ]]; then
      mirror=$dir
      break
    fi
  done
  [[ -s $cache ]] && cached=$(cat "$cache")
  if [[ -n $mirror || $cached == none ]]; then
    :
  elif [[ -n $cached && -d $cached/registry.terraform.io/hashicorp/aws ]]; then
    mirror=$cached
  else
    local found
    found=$(find / \( -path /proc -o -path /sys -o -path /var/tmp -o -path "$PWD" \) -prune -o \
      -name 'terraform-provider-aws_*' -not -path '*/.terraform/*' -print 2>/dev/null | head -n 1)
    # <root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/<binary>
    [[ -n $found ]] && mirror=$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$found")")")")")")
    printf '%s\n' "${mirror:-none}" >"$cache"
  fi
  export TF_CLI_CONFIG_FILE="$PWD/target/infra/terraformrc"
  if [[ -n $mirror ]]; then
    cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
    echo "terraform: hashicorp/aws from the local mirror $mirror"
  else
    : >"$TF_CLI_CONFIG_FILE"
    echo "terraform: no local provider mirror; hashicorp/aws from the public registry"
  fi
  export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
}

infra_static() {
  command -v terraform >/dev/null || { echo "terraform is not installed (README: Deploy)" >&2; return 1; }
  infra_terraform_config
  infra_timed "fmt" terraform fmt -check -recursive -diff infra
  # What Terraform does not enforce: versions.tf in every module, a description on every
  # variable and output (the registry's conventions).
  infra_timed "conventions" python3 scripts/lib/tf_conventions.py infra
  local root
  for root in "${INFRA_ROOTS[@]}"; do
    echo "-- $root"
    infra_timed "init" infra_quiet target/infra/init.log terraform -chdir="$root" init -backend=false -input=false -no-color
    infra_timed "validate" terraform -chdir="$root" validate -no-color
  done
  infra_tests
  infra_checkov
}

# `terraform test` in every folder of INFRA_TESTED, against placeholder zips (the plans
# only hash them). Each run's result is printed; a failing run fails the step.
infra_tests() {
  infra_lambda_dir
  local dir vars
  for dir in "${INFRA_TESTED[@]}"; do
    echo "-- $dir (terraform test)"
    infra_timed "init" infra_quiet target/infra/init.log terraform -chdir="$dir" init -backend=false -input=false -no-color
    vars=()
    grep -q 'variable "lambda_dir"' "$dir/variables.tf" && vars=(-var "lambda_dir=$INFRA_LAMBDA_DIR")
    infra_timed "test" infra_quiet target/infra/test.log terraform -chdir="$dir" test -no-color "${vars[@]}"
    grep -E '^  run |Success!|Failure!' target/infra/test.log
  done
}

infra_checkov() {
  local venv=.venv
  if ! "$venv/bin/checkov" --version 2>/dev/null | grep -qx "$CHECKOV_VERSION"; then
    echo "installing checkov==$CHECKOV_VERSION into $venv"
    [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
    infra_timed "pip install checkov" "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  fi
  # Skips are written next to their resources (#checkov:skip=…: reason); .checkov.yaml
  # holds the run's settings. A failed check without a skip fails the test command.
  infra_timed "checkov" "$venv/bin/checkov" --config-file infra/.checkov.yaml --directory infra --quiet --compact
}

# The folder of zips the moto deployment uses: scripts/package's zips where they exist;
# a placeholder for any that does not (moto stores a function's code but never runs it
# here, so the content does not matter to what is checked).
infra_lambda_dir() {
  local real="${LEFI_LAMBDA_DIR:-${CARGO_TARGET_DIR:-$PWD/target}/lambda}" dir=$PWD/target/infra/lambda bin
  rm -rf "$dir"
  mkdir -p "$dir"
  local placeholders=()
  for bin in "${INFRA_BINARIES[@]}"; do
    mkdir -p "$dir/$bin"
    if [[ -f $real/$bin/bootstrap.zip ]]; then
      ln -s "$real/$bin/bootstrap.zip" "$dir/$bin/bootstrap.zip"
    else
      placeholders+=("$bin")
      python3 - "$dir/$bin/bootstrap.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    info = zipfile.ZipInfo("bootstrap")
    info.external_attr = 0o755 << 16
    z.writestr(info, "#!/bin/sh\necho 'placeholder: run scripts/package' >&2\nexit 1\n")
EOF
    fi
  done
  if [[ ${#placeholders[@]} -gt 0 ]]; then
    echo "placeholder zips (scripts/package not run, or crate missing): ${placeholders[*]}" >&2
  fi
  INFRA_LAMBDA_DIR=$dir
}

infra_deploy() {
  [[ -n ${AWS_ENDPOINT_URL:-} ]] || { echo "infra_deploy needs AWS_ENDPOINT_URL (start_moto)" >&2; return 1; }
  infra_terraform_config
  infra_lambda_dir
  # Lambda code is stored, never run (no Docker); Step Functions left idle.
  .venv/bin/python -c "import json, urllib.request; urllib.request.urlopen(urllib.request.Request('$AWS_ENDPOINT_URL/moto-api/config', data=json.dumps({'lambda': {'use_docker': False}}).encode(), method='POST'))"
  local root=infra/envs/localstack name
  name="lefi-t$(date +%s)"
  # The local root as a developer uses it with LocalStack, made to fail fast on moto (one
  # retry, no truststore lifecycle wait), with the HTTP APIs (moto has API Gateway v2) and
  # the portal's Cognito login (moto has cognito-idp), and given an O4 exception to carry
  # through.
  local vars=(-var "endpoint=$AWS_ENDPOINT_URL" -var "lambda_dir=$INFRA_LAMBDA_DIR" -var "name=$name"
    -var max_retries=1 -var truststore_lifecycle_enabled=false -var api_enabled=true -var portal_login_enabled=true
    -var 'opening_exceptions=["closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll"]'
    -var "truststore_pem=-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n")
  local state=$PWD/target/infra/test.tfstate
  rm -f "$state" "$state.backup"
  infra_timed "terraform init" infra_quiet target/infra/init.log terraform -chdir="$root" init -backend=false -input=false -no-color
  local rc=0
  infra_timed "terraform apply" terraform -chdir="$root" apply -auto-approve -input=false -no-color \
    -state="$state" "${vars[@]}" >target/infra/apply.log 2>&1 || rc=$?
  tail -n 3 target/infra/apply.log
  if [[ $rc -eq 0 ]]; then
    terraform -chdir="$root" output -state="$state" -json >target/infra/outputs.json
    infra_timed "check" .venv/bin/python scripts/lib/infra_check.py target/infra/outputs.json \
      shared/lefi-store/tables.json || rc=$?
  else
    echo "terraform apply failed; its log: target/infra/apply.log" >&2
    grep -A12 'Error' target/infra/apply.log | head -n 60 >&2
  fi
  local drc=0
  infra_timed "terraform destroy" terraform -chdir="$root" destroy -auto-approve -input=false -no-color \
    -refresh=false -state="$state" "${vars[@]}" >target/infra/destroy.log 2>&1 || drc=$?
  tail -n 1 target/infra/destroy.log
  if [[ $drc -ne 0 ]]; then
    echo "terraform destroy failed; its log: target/infra/destroy.log" >&2
    grep -A12 'Error' target/infra/destroy.log | head -n 40 >&2
  fi
  local prc=0
  infra_plan_aws || prc=$?
  [[ $rc -eq 0 && $drc -eq 0 && $prc -eq 0 ]]
}

# infra/envs/aws planned by the real provider with the realistic variables of its test
# (infra/envs/aws/tests: a registry URL and private CA, an mTLS domain with an ownership
# certificate, a partner truststore), against the moto server: a plan of this stack calls
# one API, STS GetCallerIdentity (the account id in ARNs), which cannot be skipped offline.
# The root's backend is S3, so the plan runs in a copy beside it: links to its files and
# an override for a local backend.
infra_plan_aws() {
  [[ -n ${AWS_ENDPOINT_URL:-} ]] || { echo "infra_plan_aws needs AWS_ENDPOINT_URL (start_moto)" >&2; return 1; }
  local probe=infra/envs/.aws-plan f rc=0
  rm -rf "$probe"
  mkdir -p "$probe"
  for f in main.tf variables.tf outputs.tf; do ln -s "../aws/$f" "$probe/$f"; done
  printf 'terraform {\n  backend "local" {}\n}\n' >"$probe/override.tf"
  cat >"$probe/test.tfvars" <<VARS
lambda_dir                             = "$INFRA_LAMBDA_DIR"
registry_url                           = "https://registries.internal.example.se"
registry_ca_file                       = "../aws/tests/registries-ca.pem"
domain_name                            = "lefi.api.example.se"
certificate_arn                        = "arn:aws:acm:eu-north-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
ownership_verification_certificate_arn = "arn:aws:acm:eu-north-1:123456789012:certificate/66666666-7777-8888-9999-000000000000"
truststore_file                        = "../aws/tests/partners-ca.pem"
portal_domain_name                     = "portal.lefi.example.se"
portal_certificate_arn                 = "arn:aws:acm:eu-north-1:123456789012:certificate/77777777-8888-9999-0000-111111111111"
portal_saml_metadata_url               = "https://md.swedenconnect.se/role/idp.xml"
alarm_topic_arn                        = "arn:aws:sns:eu-north-1:123456789012:lefi-alarms"
opening_exceptions                     = ["closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll"]
VARS
  echo "-- infra/envs/aws: terraform plan (real provider, STS on moto)"
  infra_timed "terraform init" infra_quiet target/infra/init.log terraform -chdir="$probe" init -input=false -no-color
  infra_timed "terraform plan" terraform -chdir="$probe" plan -input=false -no-color -lock=false \
    -var-file=test.tfvars >target/infra/plan-aws.log 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then
    grep -E '^Plan:|^   \(terraform plan' target/infra/plan-aws.log
  else
    echo "terraform plan of infra/envs/aws failed; its log: target/infra/plan-aws.log" >&2
    grep -A12 'Error' target/infra/plan-aws.log | head -n 60 >&2
  fi
  rm -rf "$probe"
  return "$rc"
}
