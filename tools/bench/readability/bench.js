// Times Readability.js (with linkedom as the DOM) on every page of a folder
// (.html or .html.gz) and prints pages per second and per-page percentiles.
// With --output FILE it also writes the extracted texts as JSON Lines
// ({"id", "text"}), so the same scorer can compare quality.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { parseHTML } = require('linkedom');
const { Readability } = require('@mozilla/readability');

const args = process.argv.slice(2);
let output = null;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--output') output = args[++i];
  else dirs.push(args[i]);
}
const files = [];
for (const dir of dirs) {
  for (const name of fs.readdirSync(dir).sort()) {
    if (/\.html?(\.gz)?$/.test(name)) files.push(path.join(dir, name));
  }
}
const pages = files.map((f) => {
  let buf = fs.readFileSync(f);
  if (f.endsWith('.gz')) buf = zlib.gunzipSync(buf);
  return { id: path.basename(f), html: buf.toString('utf8') };
});
const times = [];
const out = [];
for (const page of pages) {
  const start = process.hrtime.bigint();
  let text = '';
  try {
    const { document } = parseHTML(page.html);
    const article = new Readability(document).parse();
    text = article && article.textContent ? article.textContent : '';
  } catch (e) {
    text = '';
  }
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  out.push({ id: page.id, text });
}
const sorted = [...times].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const total = times.reduce((a, b) => a + b, 0);
console.log(
  `readability.js ${(pages.length * 1000 / total).toFixed(1)} pages/s  median ${pct(0.5).toFixed(3)} ms  ` +
  `p90 ${pct(0.9).toFixed(3)} ms  p99 ${pct(0.99).toFixed(3)} ms  max ${pct(1).toFixed(3)} ms  ` +
  `total ${total.toFixed(1)} ms over ${pages.length} pages`);
if (output) fs.writeFileSync(output, out.map((o) => JSON.stringify(o)).join('\n') + '\n');
