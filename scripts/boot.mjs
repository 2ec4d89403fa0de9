// Called by scripts/wasm.sh: writes into the staged index.html the boot script that starts the main
// wasm module, and preloads (with subresource integrity) for the files the first page needs, so they
// download in parallel with the HTML rather than one after another. The chunks are not preloaded:
// src/chunks.rs fetches each when its page is first shown.
// Usage: node scripts/boot.mjs STAGING_DIR WASM_DIR
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [staging, wasmDir] = process.argv.slice(2);
if (!staging || !wasmDir) {
  console.error("boot.mjs: usage: node scripts/boot.mjs STAGING_DIR WASM_DIR");
  process.exit(1);
}
let base = process.env.TRUNK_PUBLIC_URL || "/";
if (!base.endsWith("/")) base += "/";
const url = (name) => `${base}${wasmDir}/${name}`;
const integrity = (name) =>
  `sha384-${createHash("sha384").update(readFileSync(join(staging, wasmDir, name))).digest("base64")}`;

for (const name of ["runnerdeck.js", "runnerdeck_bg.wasm", "__wasm_split.js"]) {
  if (!existsSync(join(staging, wasmDir, name))) {
    console.error(`boot.mjs: ${wasmDir}/${name} is missing from ${staging}`);
    process.exit(1);
  }
}
const tags = [
  `<script type="module">
import init from '${url("runnerdeck.js")}';
await init({ module_or_path: '${url("runnerdeck_bg.wasm")}' });
</script>`,
  `<link rel="modulepreload" href="${url("runnerdeck.js")}" crossorigin="anonymous" integrity="${integrity("runnerdeck.js")}">`,
  `<link rel="modulepreload" href="${url("__wasm_split.js")}" crossorigin="anonymous" integrity="${integrity("__wasm_split.js")}">`,
  `<link rel="preload" href="${url("runnerdeck_bg.wasm")}" crossorigin="anonymous" integrity="${integrity("runnerdeck_bg.wasm")}" as="fetch" type="application/wasm">`,
];
const file = join(staging, "index.html");
const html = readFileSync(file, "utf8");
if (!html.includes("</head>")) {
  console.error(`boot.mjs: no </head> in ${file}`);
  process.exit(1);
}
// The skipped rust asset's tag (index.html) is left in the page by trunk; it has done its work.
const booted = html.replace(/<link[^>]*\brel="rust"[^>]*>\s*/, "").replace("</head>", `${tags.join("\n")}\n</head>`);
writeFileSync(file, booted);
console.log(`boot.mjs: ${file} boots ${url("runnerdeck.js")}`);
