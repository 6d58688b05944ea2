#!/bin/sh
# Rebuilds the playground's assets in ../dist from the locked packages and examples/*.graphql.
# Commit what it writes: Go embeds dist/, so `go test` and `go run .` never need Node. CI runs
# it and fails if dist/ then differs from what is committed.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
# A second copy of @graphiql/react breaks the explorer plugin (its hooks would read another store).
copies=$(npm ls --all --parseable @graphiql/react | grep -c 'node_modules/@graphiql/react$' || true)
if [ "$copies" != 1 ]; then
  echo "build.sh: $copies copies of @graphiql/react installed, want exactly one:" >&2
  npm ls --all @graphiql/react >&2 || true
  exit 1
fi
node build.mjs
