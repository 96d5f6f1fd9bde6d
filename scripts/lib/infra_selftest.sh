# Sourced by scripts/test: checks of scripts/lib/infra.sh itself (issue 14, item 6).

# A machine without a provider mirror searches the whole disk once, not on every run: the
# miss is cached too. Runs infra_terraform_config three times in a scratch folder with no
# usual place and a `find` that only counts.
infra_selftest_mirror_cache() {
  local scratch rc=0
  scratch=$(mktemp -d)
  (
    cd "$scratch" || exit 1
    INFRA_MIRROR_PLACES=()
    unset LEFI_TF_MIRROR
    find() { echo searched >>"$scratch/searches"; }
    infra_terraform_config && infra_terraform_config && infra_terraform_config
  ) >/dev/null || rc=$?
  local searches
  searches=$(wc -l <"$scratch/searches" 2>/dev/null || echo 0)
  rm -rf "$scratch"
  if [[ $rc -ne 0 || $searches -ne 1 ]]; then
    echo "infra_terraform_config searched the disk $searches time(s) in 3 runs without a mirror (want 1)" >&2
    return 1
  fi
  echo "no mirror: the disk searched once in 3 runs"
}
