#!/usr/bin/env bash
# Lints the OpenAPI document that the build writes (target/openapi/openapi.yaml) with Redocly's recommended rules.
# Needs Node.js and npm (Redocly CLI is installed into target/redocly on first use). Errors fail; warnings are listed.
set -euo pipefail
cd "$(dirname "$0")/.."
document=target/openapi/openapi.yaml
if [ ! -f "$document" ]; then
  echo "no $document: build first (mvn -DskipTests package)" >&2
  exit 2
fi
if ! command -v npm > /dev/null; then
  echo "skipping the OpenAPI lint: npm is not installed" >&2
  exit 0
fi
if [ ! -x target/redocly/node_modules/.bin/redocly ]; then
  mkdir -p target/redocly
  npm install --prefix target/redocly --silent --no-audit --no-fund @redocly/cli@2.77.0 > /dev/null
fi
target/redocly/node_modules/.bin/redocly lint --extends recommended --format=summary "$document" 2>&1 | grep -v '[║╔╚]'
