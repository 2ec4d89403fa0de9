// Sums `twiggy top --format csv` (read from stdin) per crate and per runnerdeck module. An item is
// counted to the first path it names: `<F as leptos_router::…>::choose` to leptos_router, because a
// generic's copy is named after the generic, wherever it was instantiated. Sections and data segments
// are listed on their own.
import { readFileSync } from "node:fs";

function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function owner(name) {
  if (/section|data segment|^elem\[|^table\[|^type\[|^import |^export |^global\[|^memory\[/.test(name)) {
    return `(${name.replace(/\[\d+\]$/, "[…]")})`;
  }
  const path = name.replace(/\[[0-9a-f]+\]/g, "").match(/([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*)/);
  if (!path) return "(unnamed)";
  if (path[1] === "runnerdeck") {
    const module = name.match(/runnerdeck::([a-z_]+)(?:::([a-z_]+))?/);
    return module && module[2] && !module[2].startsWith("__") ? `runnerdeck::${module[1]}::${module[2]}` : `runnerdeck::${module ? module[1] : "?"}`;
  }
  return path[1];
}

const rows = parseCsv(readFileSync(0, "utf8"));
const header = rows.shift() || [];
const nameAt = header.indexOf("Name");
const sizeAt = header.indexOf("ShallowSize");
const sums = new Map();
let total = 0;
for (const r of rows) {
  const size = Number(r[sizeAt]);
  if (!r[nameAt] || !Number.isFinite(size)) continue;
  const key = owner(r[nameAt]);
  sums.set(key, (sums.get(key) || 0) + size);
  total += size;
}
const crates = new Map();
for (const [k, v] of sums) {
  const crate = k.startsWith("runnerdeck::") ? "runnerdeck (all modules)" : k;
  crates.set(crate, (crates.get(crate) || 0) + v);
}
const show = (title, map, limit) => {
  console.log(title);
  [...map].sort((a, b) => b[1] - a[1]).slice(0, limit).forEach(([k, v]) => {
    console.log(`${String(v).padStart(10)} ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  });
};
show(`-- per crate (of ${total} bytes)`, crates, 25);
show("-- per runnerdeck module", new Map([...sums].filter(([k]) => k.startsWith("runnerdeck::"))), 30);
