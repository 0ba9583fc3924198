#!/usr/bin/env bash
# Fails when dist/ differs from a fresh bundle of src/ (dist/ is committed and must always be fresh).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s bundle >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run bundle' and commit dist/." >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2 || true
  exit 1
fi
echo "dist/ is fresh."
