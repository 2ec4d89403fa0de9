// The first-load size check: what a browser downloads to open the console, raw, gzip -9 and brotli 11,
// as a static host or CDN serves it compressed. That is what dist/index.html names: its stylesheet, the
// main module's JS and wasm and the chunk loader (scripts/boot.mjs preloads them). The chunks of
// src/chunks.rs load when their pages are first shown; each split point is listed with what it adds.
// Usage: node scripts/size.mjs [BUDGET_BYTES]. With a budget it exits 1 when the first load's brotli
// total is above it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dir = process.env.DIST || "dist";
const budget = process.argv[2] ? Number(process.argv[2]) : null;
const fail = (why) => {
  console.error(`size: ${why}; run trunk build --release first`);
  process.exit(1);
};
if (!existsSync(join(dir, "index.html"))) fail(`no ${dir}/index.html`);
const html = readFileSync(join(dir, "index.html"), "utf8");

const sizes = (file) => {
  const bytes = readFileSync(join(dir, file));
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
};
const add = (total, row) => {
  for (const k of Object.keys(total)) total[k] += row[k];
};
const line = (what, row) => `${what}: ${row.raw} bytes, ${row.gzip} gzip, ${row.brotli} brotli`;

// The first load: every stylesheet, module preload and fetch preload of index.html. Their addresses
// start with the public URL the boot script's import starts with.
const boot = /import init from '([^']*)\/runnerdeck\.js'/.exec(html)?.[1];
if (!boot) fail(`${dir}/index.html has no boot script importing runnerdeck.js`);
const wasmDir = boot.split("/").at(-1);
const base = boot.slice(0, boot.length - wasmDir.length);
const firstFiles = [];
for (const m of html.matchAll(/<link\b[^>]*>/g)) {
  const rel = /\brel="([^"]*)"/.exec(m[0])?.[1];
  const href = /\bhref="([^"]*)"/.exec(m[0])?.[1];
  if (!href || !["stylesheet", "modulepreload", "preload"].includes(rel)) continue;
  if (!href.startsWith(base)) fail(`${href} in ${dir}/index.html is not under ${base}`);
  firstFiles.push(decodeURI(href.slice(base.length)));
}
firstFiles.sort();
// The boot script's import must be among them, or the figure would leave out what really boots.
if (!firstFiles.includes(`${wasmDir}/runnerdeck.js`) || !firstFiles.includes(`${wasmDir}/runnerdeck_bg.wasm`)) {
  fail(`${dir}/index.html does not preload the main module's JS and wasm (found ${firstFiles.join(", ")})`);
}
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of firstFiles) {
  const row = sizes(f);
  add(total, row);
  console.log(line(`first load: ${f}`, row));
}
console.log(line("first load: total", total));

// The chunks, from the loader's own table: each split point's file and the shared chunks it waits for.
const loader = readFileSync(join(dir, wasmDir, "__wasm_split.js"), "utf8");
const files = {};
for (const m of loader.matchAll(/(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)/g)) {
  files[m[1] ?? `split:${m[2]}`] = { file: m[3], deps: m[4].split(",").map((d) => d.trim()).filter(Boolean) };
}
const splits = Object.keys(files).filter((k) => k.startsWith("split:"));
if (splits.length === 0) fail(`${wasmDir}/__wasm_split.js names no split points`);
const chunkSizes = {};
for (const [key, { file }] of Object.entries(files)) chunkSizes[key] = sizes(`${wasmDir}/${file}`);
const all = { ...total };
for (const key of Object.keys(files)) add(all, chunkSizes[key]);
for (const split of splits.sort()) {
  const need = [split, ...files[split].deps];
  const row = { raw: 0, gzip: 0, brotli: 0 };
  for (const k of need) add(row, chunkSizes[k]);
  console.log(line(`on first showing the ${split.slice(6)} pages: ${need.map((k) => files[k].file).join(" + ")}`, row));
}
console.log(line("everything (the first load and every chunk)", all));
if (budget !== null) {
  if (total.brotli > budget) {
    console.error(`first load: ${total.brotli} bytes brotli is over the budget of ${budget} bytes`);
    process.exit(1);
  }
  console.log(`first load: within the budget of ${budget} bytes brotli (${budget - total.brotli} to spare)`);
}
