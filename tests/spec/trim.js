// Trims one of GitHub's OpenAPI descriptions (a GHES version, api.github.com or ghec) to the operations
// Runnerdeck and its sandbox use: the runner and runner-group paths, the self-hosted runner policy
// (`/actions/permissions/self-hosted-runners`, GHES 3.19+), the look-ups, `/meta` and `/rate_limit`, the org
// and enterprise audit logs where the description has them, plus every component they reference. Run by
// regenerate.sh; reads the spec path from argv[2], writes JSON to stdout.
const fs = require("fs");
const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

const runnerPaths = Object.keys(spec.paths).filter((p) => /\/actions\/(runners|runner-groups|permissions\/self-hosted-runners)(\/|$)/.test(p));
const lookups = ["/", "/user", "/user/orgs", "/organizations", "/orgs/{org}", "/orgs/{org}/repos", "/repos/{owner}/{repo}", "/meta", "/rate_limit"];
const methods = ["get", "post", "put", "patch", "delete"];
// Not in api.github.com's description (GHEC and GHES only): kept where present.
const auditLogs = ["/orgs/{org}/audit-log", "/enterprises/{enterprise}/audit-log"];

const paths = {};
for (const p of runnerPaths) paths[p] = spec.paths[p];
for (const p of lookups) {
  if (!spec.paths[p] || !spec.paths[p].get) throw new Error(`${process.argv[2]} has no GET ${p}`);
  paths[p] = { get: spec.paths[p].get };
}
for (const p of auditLogs) {
  if (spec.paths[p] && spec.paths[p].get) paths[p] = { get: spec.paths[p].get };
}

const components = {};
const seen = new Set();
function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/")) {
      if (seen.has(value)) continue;
      seen.add(value);
      const [, , kind, name] = value.split("/");
      components[kind] = components[kind] || {};
      components[kind][name] = spec.components[kind][name];
      walk(components[kind][name]);
    } else {
      walk(value);
    }
  }
}
walk(paths);
for (const kind of Object.keys(components)) {
  components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([a], [b]) => a.localeCompare(b)));
}
const count = Object.values(paths).reduce((n, item) => n + methods.filter((m) => item[m]).length, 0);
const out = { openapi: spec.openapi, info: spec.info, servers: spec.servers, paths, components };
process.stderr.write(`kept ${Object.keys(paths).length} paths, ${count} operations, ${seen.size} components\n`);
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
