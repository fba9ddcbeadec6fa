// tests/web/page_test.mjs BUILD_DIR SHARED_DIR [--scale]
//
// The coordinator's page in a real browser (Debian's chromium, driven by
// playwright-core), against a real coordinator and its four stages, with an
// access token configured:
//   - the feed lists the sample articles' feed events; a document submitted
//     while the page is open appears without a reload;
//   - the document view marks every entity mention and an event's source and
//     target at the characters the export gives;
//   - a dead letter is retried from the page; "try it" submits and opens the
//     document;
//   - text with <script>, "><img onerror=...> and javascript: links is shown
//     as text and runs nothing; every /api/ endpoint refuses a request
//     without the token; the page's policy forbids inline script;
//   - every control has a label; a narrow screen hides only the timeline.
// Screenshots of each view go to BUILD_DIR/page-screenshots/.
// With --scale: 20,000 feed events in the store (eventwire-storebench); the
// time until the feed view is interactive and filters answer is printed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

const [build, shared] = process.argv.slice(2, 4);
const scale = process.argv.includes('--scale');
const cache = join(build, 'CMakeCache.txt');
const sanitized = existsSync(cache) && /EVENTWIRE_SANITIZE:\w+=\w/.test(readFileSync(cache, 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'ew-page-'));
const shots = join(build, 'page-screenshots');
mkdirSync(shots, { recursive: true });
const token = randomBytes(16).toString('hex');
const children = [];
const log = [];  // the coordinator's standard error
let failures = 0;

function check(ok, what) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}
function fail(what) {
  console.log(`FAIL ${what}`);
  finish(1);
}
function finish(code) {
  for (const c of children) { try { c.kill('SIGTERM'); } catch (e) { /* gone */ } }
  if (code === 0 && failures === 0) rmSync(work, { recursive: true, force: true });
  else {
    writeFileSync(join(work, 'coordinator.log'), Buffer.concat(log));
    console.log(`logs and data kept in ${work}`);
  }
  process.exit(code || (failures ? 1 : 0));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A Playwright timeout or any other throw ends the test as a failure, and
// the coordinator (which stops its stages) never outlives it.
process.on('uncaughtException', (e) => fail(`the test threw: ${e.stack || e}`));
process.on('unhandledRejection', (e) => fail(`the test threw: ${(e && e.stack) || e}`));
process.on('exit', () => {
  for (const c of children) { try { c.kill('SIGTERM'); } catch (e) { /* gone */ } }
});

async function waitForFile(path, child, what) {
  for (let i = 0; i < 1200; i++) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8').trim();
      if (text) return text;
    }
    if (child.exitCode !== null) fail(`${what} exited (${child.exitCode}); see ${work}`);
    await sleep(100);
  }
  fail(`${what} did not start in 120 s`);
}

// ---- the pipeline -----------------------------------------------------

writeFileSync(join(work, 'token'), token + '\n');
let yaml = `listen: 127.0.0.1:0\nhttp_listen: 127.0.0.1:0\ndata_dir: ${work}/data\n` +
  `auth_token_file: ${work}/token\nworkers: 4\nbatch_size: 8\nstages:\n`;
for (const stage of ['ingest', 'clean', 'tag', 'assemble']) {
  yaml += `  - {name: ${stage}, command: ${join(build, 'services', stage, 'eventwire-' + stage)}, deadline_ms: 60000}\n`;
}
writeFileSync(join(work, 'pipeline.yaml'), yaml);

if (scale) {
  // 6,000 documents of 4 events each over 15 countries and 336 days: about
  // 20,000 feed events after story merging (counted below).
  execFileSync(join(build, 'tools', 'eventwire-storebench'),
    ['--documents', '6000', '--dates', '336', '--data_dir', join(work, 'data')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const coordinator = spawn(join(build, 'services', 'coordinator', 'eventwire-coordinator'),
  ['--pipeline', join(work, 'pipeline.yaml'), '--port_file', join(work, 'grpc.port'),
    '--http_port_file', join(work, 'http.port')],
  { stdio: ['ignore', 'ignore', 'pipe'] });
children.push(coordinator);
coordinator.stderr.on('data', (d) => log.push(d));
const grpcPort = await waitForFile(join(work, 'grpc.port'), coordinator, 'the coordinator');
const httpPort = await waitForFile(join(work, 'http.port'), coordinator, 'the coordinator');
const base = `http://127.0.0.1:${httpPort}/`;
const cli = (...args) => execFileSync(join(build, 'tools', 'eventwire'),
  ['--coordinator', `127.0.0.1:${grpcPort}`, '--token_file', join(work, 'token'), ...args],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });

async function api(path, options = {}) {
  const response = await fetch(base + path.replace(/^\//, ''), {
    ...options, headers: { Authorization: `Bearer ${token}`, ...(options.headers || {}) },
  });
  return { status: response.status, body: await response.json() };
}

const browser = await chromium.launch({
  executablePath: process.env.EVENTWIRE_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
// The page keeps the token for the tab, as a reader who typed it would.
await context.addInitScript((t) => {
  sessionStorage.setItem('eventwire-token', t);
  window.__ranInjected = [];
}, token);
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('dialog', (d) => { pageErrors.push('a dialog opened: ' + d.message()); d.dismiss(); });

if (scale) {
  await scaleChecks();
} else {
  await pageChecks();
}
check(pageErrors.length === 0, `no script error or dialog in the page (${pageErrors.join('; ') || 'none'})`);
await browser.close();
finish(0);

// ---- the views --------------------------------------------------------

async function pageChecks() {
  // Samples, one document that tries to inject script, one empty (a dead
  // letter).
  const hostile = {
    id: 'hostile',
    title: 'Minister <script>window.__ranInjected.push("title")</script> resigns',
    url: 'javascript:window.__ranInjected.push("url")',
    outlet: '"><img src=x onerror="window.__ranInjected.push(\'outlet\')">',
    published_at: '2025-03-04',
    text: 'Police in Lagos arrested 40 protesters on Monday, officials said.\n\n' +
      'The protesters <script>window.__ranInjected.push("text")</script> had demanded new elections, ' +
      'said Amina "><img src=x onerror="window.__ranInjected.push(\'name\')"> Bello, a spokeswoman. ' +
      '"We will not stop <script>window.__ranInjected.push("quote")</script> until we are heard," she said.',
  };
  writeFileSync(join(work, 'hostile.jsonl'), JSON.stringify(hostile) + '\n' +
    JSON.stringify({ id: 'empty-letter', text: ' ' }) + '\n');
  try { cli('submit', join(shared, 'data/seeds/seeds.jsonl'), join(work, 'hostile.jsonl')); } catch (e) { /* the empty one is refused later */ }
  cli('wait');
  const exported = cli('export', '--emit', 'documents').trim().split('\n').map((l) => JSON.parse(l));
  const feed = (await api('/api/events?kind=event&limit=1000')).body;
  check(feed.total > 0, `the feed has ${feed.total} events`);

  // Security: the token, the policy.
  for (const path of ['api/status', 'api/events', 'api/records', 'api/story?id=x', 'api/timeline',
    'api/document?id=hostile', 'api/dead-letters', 'api/stream']) {
    const r = await fetch(base + path);
    const wrong = await fetch(base + path, { headers: { Authorization: 'Bearer nope' } });
    check(r.status === 401 && wrong.status === 401, `GET /${path} without the token: ${r.status}, with a wrong one: ${wrong.status}`);
  }
  for (const path of ['api/documents', 'api/dead-letters/retry']) {
    const r = await fetch(base + path, { method: 'POST', body: '{"text":"x","all":true}' });
    check(r.status === 401, `POST /${path} without the token: ${r.status}`);
  }
  for (const path of ['', 'app.js', 'style.css']) {
    const r = await fetch(base + path);
    const csp = r.headers.get('content-security-policy') || '';
    check(r.status === 200 && /script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp),
      `/${path} served without the token, policy: ${csp.split(';')[1] || csp}`);
  }

  // Feed: every event of the samples, newest first.
  let started = Date.now();
  await page.goto(base + '#/feed');
  await page.waitForSelector('#feed-rows tr');
  const rowIds = await page.$$eval('#feed-rows tr', (rows) => rows.map((r) => r.dataset.id));
  const apiIds = feed.records.slice(0, 100).map((r) => r.event.feed_event_id);
  check(JSON.stringify(rowIds) === JSON.stringify(apiIds), `the feed view lists the ${rowIds.length} feed events the API gives, in its order (interactive after ${Date.now() - started} ms)`);
  const sampleEvents = new Set();
  for (const d of exported) for (const e of d.events || []) if (d.id !== 'hostile' && !e.background) sampleEvents.add(e.feed_event_id);
  check([...sampleEvents].every((id) => rowIds.includes(id)), `the samples' ${sampleEvents.size} feed events are all listed`);
  await page.screenshot({ path: join(shots, 'feed.png'), fullPage: true });

  // Live: a new document while the page is open.
  const before = rowIds.length;
  writeFileSync(join(work, 'live.txt'), 'Rebels shelled the city of Goma on Tuesday, killing 12 civilians, the army said.\n');
  started = Date.now();
  cli('submit', '--published-at', '2025-06-03', join(work, 'live.txt'));
  const submitted = Date.now();
  await page.waitForFunction((n) => document.querySelectorAll('#feed-rows tr').length > n, before, { timeout: 30000 });
  const shown = Date.now();
  const liveRow = await page.$eval('#feed-rows tr', (r) => ({ id: r.dataset.id, text: r.textContent }));
  const story = (await api('/api/story?id=' + encodeURIComponent(liveRow.id))).body;
  const written = Number(story.revisions[0].event.first_seen_micros) / 1000;
  check(/Goma|ASSAULT/.test(liveRow.text), `the new document's event appears without a reload: ${liveRow.text.slice(0, 60)}`);
  console.log(`live: submitted→shown ${shown - submitted} ms (pipeline included), in the feed→shown ${Math.round(shown - written)} ms`);
  // The bar is 1 s; under the sanitizers (several times slower) 5 s.
  const bound = sanitized ? 5000 : 1000;
  check(shown - written < bound, `a feed record is on the open page within ${bound} ms of entering the feed`);

  // Story view.
  await page.goto(base + '#/story/' + encodeURIComponent(apiIds[0]));
  await page.waitForSelector('#mentions tbody tr');
  const mentionRows = await page.$$eval('#mentions tbody tr', (rows) => rows.length);
  check(mentionRows === feed.records[0].event.mentions.length, `the story view lists its ${mentionRows} mentions`);
  check(await page.$('#revisions tbody tr') !== null, 'and its revisions');
  await page.screenshot({ path: join(shots, 'story.png'), fullPage: true });

  // Document view: every mention marked at its characters; an event's
  // source and target.
  const withEvents = exported.filter((d) => d.id !== 'hostile' && (d.events || []).some((e) => e.source.length && e.target.length));
  let marksOk = 0, marksTotal = 0, rolesOk = 0, rolesTotal = 0, rolesMarked = 0;
  for (const doc of withEvents.slice(0, 3)) {
    await page.goto(base + '#/doc/' + encodeURIComponent(doc.id));
    await page.waitForSelector('#doc-text mark');
    const bytes = Buffer.from(doc.text, 'utf8');
    const slice = (b, e) => bytes.subarray(b, e).toString('utf8');
    const marks = await page.$$eval('#doc-text mark.ent', (ms) => ms.map((m) => ({ b: +m.dataset.begin, e: +m.dataset.end, text: m.textContent, entity: m.dataset.entity, cls: m.className })));
    const byPlace = new Map(marks.map((m) => [`${m.b}-${m.e}`, m]));
    for (const m of doc.mentions || []) {
      marksTotal++;
      const mark = byPlace.get(`${m.begin}-${m.end}`);
      if (mark && mark.text === slice(m.begin, m.end) && mark.cls.includes('ent-' + m.type)) marksOk++;
    }
    const rows = await page.$$('#doc-events .event-row');
    for (let i = 0; i < doc.events.length && i < rows.length; i++) {
      const event = doc.events[i];
      await rows[i].click();
      const expect = (actors) => (doc.mentions || []).filter((m) => m.begin >= event.evidence.begin && m.end <= event.evidence.end &&
        actors.some((a) => a.entity_id && a.entity_id === m.entity_id)).map((m) => `${m.begin}-${m.end}:${slice(m.begin, m.end)}`).sort();
      const got = async (cls) => (await page.$$eval('#doc-text mark.' + cls, (ms) => ms.map((m) => `${m.dataset.begin}-${m.dataset.end}:${m.textContent}`))).sort();
      const wantSource = expect(event.source), wantTarget = expect(event.target);
      const gotSource = await got('role-source'), gotTarget = await got('role-target');
      rolesTotal++;
      if (JSON.stringify(wantSource) === JSON.stringify(gotSource) && JSON.stringify(wantTarget) === JSON.stringify(gotTarget)) rolesOk++;
      if (gotSource.length + gotTarget.length > 0) rolesMarked++;
      await rows[i].click();  // unselect
    }
    if (doc === withEvents[0]) {
      await rows[0].click();
      await page.screenshot({ path: join(shots, 'document.png'), fullPage: true });
      await page.click('#raw-toggle');
      await page.waitForSelector('#doc-raw .seg');
      const segs = await page.$$eval('#doc-raw .seg', (s) => s.length);
      check(segs > 0, `the raw input shows ${segs} passages of the offset map`);
      await page.screenshot({ path: join(shots, 'document-raw.png'), fullPage: false });
    }
  }
  check(marksTotal > 0 && marksOk === marksTotal, `entity mentions marked at the export's characters: ${marksOk}/${marksTotal}`);
  check(rolesTotal > 0 && rolesOk === rolesTotal && rolesMarked > 0,
    `each event's source and target marks are exactly its actors' mentions inside its evidence, at the export's characters: ${rolesOk}/${rolesTotal} (${rolesMarked} with an actor mentioned there)`);

  // The hostile document: shown as text, nothing ran.
  await page.goto(base + '#/doc/hostile');
  await page.waitForSelector('#doc-title');
  const title = await page.textContent('#doc-title');
  check(title.includes('<script>'), `the title is shown as text: ${title}`);
  const text = await page.textContent('#doc-text');
  check(text.includes('<script>') && text.includes('onerror='), 'the text is shown as text');
  await page.screenshot({ path: join(shots, 'hostile-document.png') });
  const hostileEvents = ((exported.find((d) => d.id === 'hostile') || {}).events || []);
  for (const e of hostileEvents) {
    if (e.feed_event_id) {
      await page.goto(base + '#/story/' + encodeURIComponent(e.feed_event_id));
      await page.waitForSelector('#mentions');
    }
  }
  await page.goto(base + '#/feed');
  await page.waitForSelector('#feed-rows tr');
  const ran = await page.evaluate(() => window.__ranInjected);
  const jsLinks = await page.$$eval('a[href^="javascript:"]', (a) => a.length);
  check(ran.length === 0 && jsLinks === 0, `no injected script ran (${JSON.stringify(ran)}), no javascript: link (${jsLinks})`);

  // Pipeline: a dead letter retried from the page.
  await page.goto(base + '#/pipeline');
  await page.waitForSelector('#stage-rows tr');
  await page.waitForSelector('#dead-rows tr[data-id="empty-letter"]');
  await page.screenshot({ path: join(shots, 'pipeline.png'), fullPage: true });
  const letterBefore = (await api('/api/dead-letters')).body.dead_letters.find((d) => d.document_id === 'empty-letter');
  await page.click('#dead-rows tr[data-id="empty-letter"] button.retry');
  let letterAfter = null;
  for (let i = 0; i < 300; i++) {
    letterAfter = (await api('/api/dead-letters')).body.dead_letters.find((d) => d.document_id === 'empty-letter');
    if (letterAfter && Number(letterAfter.failed_micros) > Number(letterBefore.failed_micros)) break;
    await sleep(100);
  }
  check(letterAfter && Number(letterAfter.failed_micros) > Number(letterBefore.failed_micros),
    `the dead letter was retried from the page (ran again, failed again: ${letterAfter && letterAfter.error.slice(0, 60)})`);
  const stageRows = await page.$$eval('#stage-rows tr', (r) => r.map((x) => x.textContent));
  check(stageRows.length === 4 && stageRows.every((r) => r.includes('SERVING')), 'the four stages are listed SERVING');

  // Try it.
  await page.goto(base + '#/try');
  await page.fill('#try-title', 'Talks in Doha');
  await page.fill('#try-text', 'Negotiators from Israel and Hamas met in Doha on Sunday to discuss a ceasefire, Qatari officials said.');
  await page.screenshot({ path: join(shots, 'try.png') });
  await page.click('#try-form button[type=submit]');
  await page.waitForSelector('#doc-title', { timeout: 60000 });
  check((await page.textContent('#doc-title')) === 'Talks in Doha', 'try it: the submitted text opens as its document view');

  // Accessibility basics.
  for (const view of ['#/feed', '#/pipeline', '#/try', '#/doc/hostile']) {
    await page.goto(base + view);
    await page.waitForTimeout(300);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((c) => !c.closest('[hidden]'))
      .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !(c.tagName === 'BUTTON' && c.textContent.trim()))
      .map((c) => c.outerHTML.slice(0, 80)));
    check(unlabelled.length === 0, `${view}: every control has a label ${unlabelled.join(' ')}`);
  }
  await page.goto(base + '#/feed');
  await page.waitForSelector('#feed-rows tr');
  const badges = await page.$$eval('#feed-rows .type', (b) => b.every((x) => x.textContent.trim().length > 0));
  check(badges, 'each type is named in text, not by colour alone');
  await page.setViewportSize({ width: 380, height: 800 });
  await page.waitForTimeout(200);
  const narrow = await page.evaluate(() => ({
    timeline: getComputedStyle(document.getElementById('timeline')).display,
    page: document.documentElement.scrollWidth,
    rows: document.querySelectorAll('#feed-rows tr').length,
  }));
  check(narrow.timeline === 'none' && narrow.rows > 0 && narrow.page <= 380, `a narrow screen (380 px): no timeline, the feed listed, the page ${narrow.page} px wide`);
  await page.screenshot({ path: join(shots, 'feed-narrow.png') });
}

async function scaleChecks() {
  const status = (await api('/api/events?kind=event&limit=1')).body;
  console.log(`the store holds ${status.total} feed events (${status.last_sequence} feed records)`);
  check(status.total >= 20000, 'at least 20,000 feed events in the store');
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    // A fresh load each time (a new query string), not a hash change.
    await page.goto(`${base}?load=${i}#/feed`);
    await page.waitForSelector('#feed-rows tr');
    const inPage = await page.$eval('#feed-table', (t) => t.dataset.firstShownMs);
    // Where the time went: the page's own files, then the list's request.
    const parts = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const list = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/events'));
      return `page ${Math.round(nav.responseEnd)} ms, list requested at ${Math.round(list ? list.startTime : 0)} ms and answered in ${Math.round(list ? list.responseEnd - list.startTime : 0)} ms`;
    });
    times.push(`${inPage} ms in the page (${parts}; ${Date.now() - started} ms from goto)`);
  }
  console.log(`feed view interactive (navigation start to the rows shown): ${times.join(', ')}`);
  await page.screenshot({ path: join(shots, 'feed-20000.png') });
  const filterTimes = [];
  const steps = [{ '#f-country': 'KEN' }, { '#f-country': '', '#f-q': 'officials from usa' }, { '#f-q': '', '#f-type': 'AID' }];
  for (const step of steps) {
    for (const [field, value] of Object.entries(step)) {
      if (field === '#f-type') await page.selectOption(field, value);
      else await page.fill(field, value);
    }
    const loads = await page.$eval('#feed-table', (t) => t.dataset.loads);
    const started = Date.now();
    await page.click('#filters button[type=submit]');
    await page.waitForFunction((n) => document.getElementById('feed-table').dataset.loads !== n, loads, { timeout: 10000 })
      .catch(async () => fail(`the filter ${JSON.stringify(step)} did not answer: ${await page.$eval('#error', (e) => e.textContent)}`));
    const inPage = await page.$eval('#feed-table', (t) => t.dataset.loadedMs);
    filterTimes.push(`${inPage} ms in the page, ${Date.now() - started} ms from the click (${await page.$eval('#feed-count', (e) => e.textContent.split(' ·')[0])})`);
  }
  const count = await page.$eval('#feed-count', (e) => e.textContent);
  console.log(`filters answered (click to table updated): ${filterTimes.join(', ')}`);
  const rowsOk = await page.$$eval('#feed-rows tr .type', (b) => b.length > 0 && b.every((x) => x.textContent === 'AID'));
  check(rowsOk, 'the filtered rows are of the type asked for');
  const rss = (readFileSync(`/proc/${coordinator.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/) || [])[1];
  console.log(`the coordinator's resident memory with its feed index: ${Math.round(Number(rss) / 1024)} MB`);
  const paged = (await api('/api/events?kind=event&limit=5000')).body;
  check(paged.records.length === 1000, `the JSON endpoints page their results (asked 5,000, got ${paged.records.length})`);
}
