// The first-load size check: what a browser downloads to open the console (the wasm, trunk's JS glue
// and the CSS in dist/), raw, gzip -9 and brotli 11, as a static host or CDN serves them compressed.
// Usage: node scripts/size.mjs [BUDGET_BYTES]. With a budget it exits 1 when the brotli total is above it.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dir = process.env.DIST || "dist";
const budget = process.argv[2] ? Number(process.argv[2]) : null;
const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
if (!files.some((f) => f.endsWith(".wasm"))) {
  console.error(`size: no .wasm in ${dir}/; run trunk build --release first`);
  process.exit(1);
}
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of files) {
  const bytes = readFileSync(`${dir}/${f}`);
  const row = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
  for (const k of Object.keys(total)) total[k] += row[k];
  console.log(`first load: ${f}: ${row.raw} bytes, ${row.gzip} gzip, ${row.brotli} brotli`);
}
console.log(`first load: total ${total.raw} bytes, ${total.gzip} gzip, ${total.brotli} brotli`);
if (budget !== null) {
  if (total.brotli > budget) {
    console.error(`first load: ${total.brotli} bytes brotli is over the budget of ${budget} bytes`);
    process.exit(1);
  }
  console.log(`first load: within the budget of ${budget} bytes brotli (${budget - total.brotli} to spare)`);
}
