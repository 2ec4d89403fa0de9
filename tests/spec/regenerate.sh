#!/usr/bin/env bash
# Regenerates the trimmed descriptions (DESCRIPTION-runners.json) from the npm package @octokit/openapi
# (MIT; see LICENSE.octokit-openapi). VERSION lists each description and the package version carrying it:
# 10.x carries ghes-3.4 to 3.7, 14.x ghes-3.8 to 3.12, 23.x ghes-3.17 to 3.19, api.github.com and ghec.
#   bash tests/spec/regenerate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
grep -v '^#' "$here/VERSION" | while read -r description version; do
  [ -n "$description" ] || continue
  pkg="$work/$version/node_modules/@octokit/openapi"
  if [ ! -d "$pkg" ]; then
    npm install --prefix "$work/$version" --no-audit --no-fund --no-save "@octokit/openapi@$version" >/dev/null
  fi
  node "$here/trim.js" "$pkg/generated/$description.json" >"$here/$description-runners.json"
  echo "wrote $here/$description-runners.json from @octokit/openapi@$version"
done
newest="$(grep -v '^#' "$here/VERSION" | awk 'NF { print $2 }' | sort -V | tail -1)"
cp "$work/$newest/node_modules/@octokit/openapi/LICENSE" "$here/LICENSE.octokit-openapi"
