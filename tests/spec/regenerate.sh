#!/usr/bin/env bash
# Regenerates ghes-3.19-runners.json from the npm package @octokit/openapi (MIT; see LICENSE.octokit-openapi).
#   bash tests/spec/regenerate.sh [version]      default: the version recorded in VERSION
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:-$(cat "$here/VERSION")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund --no-save "@octokit/openapi@$version" >/dev/null
pkg="$work/node_modules/@octokit/openapi"
node "$here/trim.js" "$pkg/generated/ghes-3.19.json" >"$here/ghes-3.19-runners.json"
cp "$pkg/LICENSE" "$here/LICENSE.octokit-openapi"
echo "$version" >"$here/VERSION"
echo "wrote $here/ghes-3.19-runners.json from @octokit/openapi@$version"
