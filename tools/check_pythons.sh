#!/usr/bin/env bash
# `make check` on every Python this machine has, from 3.11 on (issue 20): one venv per version, built
# once and reused (refreshed when pyproject.toml changes, as `make setup` does), then the quick tests.
#   tools/check_pythons.sh              3.11, 3.12 and 3.13, each one that is found
#   tools/check_pythons.sh 3.12 3.13    only these
# An interpreter is found as python3.X on PATH, else in pyenv ($PYENV_ROOT/versions/3.X.*).
# Venvs: $WERKBOEK_PY_VENVS/werkboek-py3X (default: /tmp). A missing version is reported, not an error;
# the exit status is 1 when a found version fails.
set -uo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.11 3.12 3.13)
venvs=${WERKBOEK_PY_VENVS:-/tmp}
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}

find_python() {  # the first candidate that really runs (a pyenv shim of an inactive version does not)
  local v=$1 found
  for found in $(command -v "python$v" 2>/dev/null) \
               $(ls -d "$pyenv_root"/versions/"$v".*/bin/"python$v" 2>/dev/null | sort -V -r); do
    if "$found" -c 'import sys, venv' >/dev/null 2>&1; then
      echo "$found"; return
    fi
  done
  return 1
}

summary=()
status=0
for v in "${versions[@]}"; do
  if ! py=$(find_python "$v"); then
    summary+=("$v: niet gevonden (geen python$v op PATH of in $pyenv_root/versions)")
    continue
  fi
  venv="$venvs/werkboek-py${v/./}"
  echo "== Python $v ($py), venv $venv"
  start=$(date +%s)
  make --no-print-directory check PYTHON="$py" VENV="$venv"
  rc=$?
  took=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ]; then
    summary+=("$v: geslaagd in ${took} s ($("$venv/bin/python" -V 2>&1))")
  else
    summary+=("$v: MISLUKT (exit $rc) na ${took} s")
    status=1
  fi
done
echo
echo "== make check per Python-versie"
printf '%s\n' "${summary[@]}"
exit $status
