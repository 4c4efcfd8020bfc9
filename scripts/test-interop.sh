#!/usr/bin/env bash
# npm run test:interop: every test/interop/**/*.test.ts (vitest.interop.config.ts), each running
# Python's Optuna on files our code writes. Needs python3 with Debian's python3-optuna 3.1 (and
# python3-pandas and python3-sklearn for trials_dataframe and fANOVA importance). The interpreter
# is $HYPERPROP_PYTHON, else the first python3 on PATH that imports optuna, else /usr/bin/python3
# (a version manager's python3 shadows Debian's on PATH). Extra arguments go to vitest.
set -uo pipefail
cd "$(dirname "$0")/.."

modules="import optuna, pandas, sklearn; assert optuna.__version__.startswith('3.'), optuna.__version__"
python=""
for candidate in ${HYPERPROP_PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$modules" >/dev/null 2>&1; then
    python=$(command -v "$candidate")
    break
  fi
  # An interpreter named explicitly is the only one tried.
  [ -n "${HYPERPROP_PYTHON:-}" ] && break
done
if [ -z "$python" ]; then
  echo "test:interop needs python3 with optuna 3.x, pandas and scikit-learn (apt-get install python3-optuna python3-pandas python3-sklearn), found none${HYPERPROP_PYTHON:+ at HYPERPROP_PYTHON=$HYPERPROP_PYTHON}" >&2
  exit 1
fi
echo "test:interop: $python, optuna $("$python" -c 'import optuna; print(optuna.__version__)')"
export HYPERPROP_PYTHON="$python"
exec npx vitest run --config vitest.interop.config.ts "$@"
