// Trunk post_build hook: puts the SHA-256 of every inline <script> (scripts/boot.mjs's) into the
// Content-Security-Policy meta, in place of BOOT_SCRIPT_HASHES, so the policy needs no 'unsafe-inline'.
// Fails the build when there is no placeholder or no inline script, rather than ship a policy that
// blocks the boot script or one that was never filled in.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp.mjs: TRUNK_STAGING_DIR is not set; run it as a trunk post_build hook");
  process.exit(1);
}
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const hashes = [];
for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
  const attrs = m[1] ?? "";
  if (/\bsrc\s*=/.test(attrs)) continue;
  hashes.push(`'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
}
const meta = /(<meta http-equiv="Content-Security-Policy" content="[^"]*)BOOT_SCRIPT_HASHES/;
if (hashes.length === 0 || !meta.test(html)) {
  console.error(`csp.mjs: expected the inline boot script and the BOOT_SCRIPT_HASHES placeholder in ${file}`);
  process.exit(1);
}
writeFileSync(file, html.replace(meta, `$1${hashes.join(" ")}`));
console.log(`csp.mjs: script-src hashes ${hashes.join(" ")}`);
