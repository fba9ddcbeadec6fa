// compromise (npm) as a named-entity tagger, for comparison with eventwire.
//   node bench.js speed FOLDER          tokens per second over the .txt files of a folder
//   node bench.js export IN.jsonl OUT   mentions of each {"id","text"} record, as
//                                        eventwire's document export (for score.py ner)
const fs = require('fs');
const path = require('path');
const nlp = require('compromise');

function walk(dir, out) {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.txt')) out.push(p);
  }
  return out;
}

function entities(text) {
  const doc = nlp(text);
  const out = [];
  for (const [type, view] of [['PERSON', doc.people()], ['LOC', doc.places()], ['ORG', doc.organizations()]]) {
    for (const m of view.json({ offset: true })) {
      out.push({ type, start: m.offset.start, length: m.offset.length, text: m.text });
    }
  }
  return { doc, out };
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'speed') {
  const texts = walk(a, []).map((f) => fs.readFileSync(f, 'latin1'));
  let tokens = 0;
  const start = process.hrtime.bigint();
  for (const t of texts) {
    const { doc } = entities(t);
    tokens += doc.terms().length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`compromise ${(tokens / seconds).toFixed(0)} tokens/s (${tokens} tokens, ${texts.length} documents, ${seconds.toFixed(1)} s)`);
} else if (mode === 'export') {
  const lines = fs.readFileSync(a, 'utf8').split('\n').filter((l) => l.trim());
  const out = [];
  for (const line of lines) {
    const rec = JSON.parse(line);
    const { out: ents } = entities(rec.text);
    const mentions = ents.map((e) => {
      // compromise counts UTF-16 code units; the export wants UTF-8 bytes.
      const begin = Buffer.byteLength(rec.text.slice(0, e.start), 'utf8');
      const end = begin + Buffer.byteLength(rec.text.slice(e.start, e.start + e.length), 'utf8');
      return { begin, end, type: e.type };
    });
    out.push(JSON.stringify({ id: rec.id, text: rec.text, mentions }));
  }
  fs.writeFileSync(b, out.join('\n') + '\n');
} else {
  console.error('usage: node bench.js speed FOLDER | export IN.jsonl OUT.jsonl');
  process.exit(2);
}
