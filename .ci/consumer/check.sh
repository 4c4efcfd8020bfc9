#!/usr/bin/env bash
# The package as a user meets it: packs the tarball (prepack puts the prebuilt addon in it,
# prepare dist/ and the WASM module), installs it into a fresh project with --ignore-scripts
# (what npm 12 does to dependencies by default) and checks, on the published build only:
#   - the native backend loads from the prebuild, through import and through require;
#   - a consumer TypeScript file type-checks against the published types (strict, NodeNext);
#   - `npx hyperprop tune` on the embedded default finishes (piscina worker threads from dist/);
#   - a SQLite storage without better-sqlite3's binding fails in one line naming the fix, exit 2.
# Prints the tarball size and the install time. Run from anywhere; exits non-zero on a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer check FAILED: $*" >&2; exit 1; }
ms() { date +%s%3N; }

cd "$repo"
npm pack --pack-destination "$work" --silent >/dev/null
tarball="$(ls "$work"/hyperprop-*.tgz)"
echo "tarball: $(basename "$tarball"), $(du -k "$tarball" | cut -f1) KiB"
listing="$(tar -tzf "$tarball")"
for file in package/prebuilds/linux-x64/hyperprop.napi.glibc.node package/dist/index.js package/dist/index.d.ts \
  package/dist/wasm/kernels.wasm package/dist/bundle/index.js package/dist/bundle/cli.js package/dist/bundle/trial-worker.js \
  package/native/install.mjs; do
  grep -qx "$file" <<<"$listing" || fail "$file is not in the tarball"
done
if grep -q '^package/build/' <<<"$listing"; then fail "the tarball holds build/ (a local build would shadow the prebuild)"; fi

app="$work/app"
mkdir "$app"
cd "$app"
npm init -y >/dev/null
start=$(ms)
npm install --ignore-scripts --no-audit --no-fund "$tarball" >/dev/null
echo "install --ignore-scripts: $(( $(ms) - start )) ms"
# The consumer's own tools, as a TypeScript user would have them.
npm install --ignore-scripts --no-audit --no-fund -D -E typescript@5.9.3 @types/node@20.19.43 >/dev/null
cp "$here"/consumer.mts "$here"/consumer.cts "$here"/tsconfig.json .

npx tsc -p . || fail "the consumer TypeScript files do not type-check against the published types"
echo "types: consumer.mts and consumer.cts type-check"
esm="$(node out/consumer.mjs)"
[[ "$esm" == *'"active":"native"'* ]] || fail "import: the native backend is not active ($esm)"
echo "import: $esm"
cjs="$(node out/consumer.cjs 2>/dev/null)"
[[ "$cjs" == '{"required":"native"}' ]] || fail "require: $cjs"
echo "require: $cjs"

start=$(ms)
npx hyperprop tune --trials 4 --quiet --json >tune.json || fail "npx hyperprop tune exited with $?"
node -e "const r=require('./tune.json');const ok=r.studies.length===2&&r.studies.every(s=>s.trials===4);if(!ok){console.error(JSON.stringify(r));process.exit(1)}" ||
  fail "npx hyperprop tune did not run 4 trials per study"
echo "tune: the embedded default ran 2 studies x 4 trials on worker threads in $(( $(ms) - start )) ms"

# Without better-sqlite3's binding (npm 12 blocks its install script), a new SQLite study goes to an
# Optuna journal file beside it, with one line on stderr that says why and how to mend SQLite.
set +e
npx hyperprop tune --storage sqlite:study.db --trials 1 --quiet 2>sqlite.err
status=$?
set -e
[[ $status -eq 0 && $(wc -l <sqlite.err) -eq 1 && -s study.log ]] &&
  grep -q 'npm install-scripts approve better-sqlite3, then npm rebuild better-sqlite3' sqlite.err ||
  fail "sqlite without its binding: exit $status, $(cat sqlite.err)"
grep -q '"op_code"' study.log || fail "study.log is not an Optuna journal: $(head -c 300 study.log)"
echo "sqlite without its binding: exit 0, the study went to study.log: $(cat sqlite.err)"
echo "consumer check passed"
