// The eventwire page: feed, story, document, pipeline and "try it" views
// over the coordinator's HTTP interface. Plain JavaScript, no build step.
// Every text from the feed or a document is put in the page as text
// (textContent, createTextNode), never as HTML.
'use strict';

const TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE',
  'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION',
  'MOBILIZE', 'COERCE', 'ASSAULT'];
const PAGE_SIZE = 100;

const state = {
  lastSequence: 0,    // of the feed, as the stream has delivered it
  stream: null,
  status: null,
  onRecord: null,     // the current view's reaction to a new feed record
  onStatus: null,
};

// ---- helpers ----------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

// Only web addresses become links: a "javascript:" or "data:" URL in a
// document's metadata stays text.
function safeLink(url, label) {
  try {
    const parsed = new URL(url, location.href);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      return el('a', { href: parsed.href, rel: 'noopener noreferrer', target: '_blank', text: label || url });
    }
  } catch (e) { /* not a URL */ }
  return el('span', { text: label || url || '' });
}

function typeBadge(type) {
  return el('span', { class: 'type t-' + type, text: type });
}

function actorText(actor) {
  if (!actor) return '';
  const name = actor.group ? actor.name + ' ' + actor.group : actor.name;
  return name;
}

function side(actors) {
  const out = [];
  (actors || []).forEach((a, i) => {
    if (i) out.push(', ');
    out.push(actorText(a));
    if (a.country && a.country !== a.name) out.push(el('span', { class: 'cc', text: ' ' + a.country }));
  });
  return out;
}

function time(micros) {
  const n = Number(micros || 0);
  if (!n) return '';
  return new Date(n / 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function token() { return sessionStorage.getItem('eventwire-token') || ''; }

function showError(message) {
  const box = document.getElementById('error');
  box.textContent = message || '';
  box.hidden = !message;
}

async function api(path, options) {
  const headers = Object.assign({}, (options && options.headers) || {});
  if (token()) headers.Authorization = 'Bearer ' + token();
  const response = await fetch(path, Object.assign({}, options || {}, { headers }));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (response.status === 401) {
    document.getElementById('token-form').hidden = false;
    throw new Error('This coordinator needs its access token.');
  }
  if (!response.ok && !(body && body.state)) {
    throw new Error((body && body.error) || (path + ': HTTP ' + response.status));
  }
  return { status: response.status, body };
}

function filterQuery(filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== '' && value !== undefined && value !== null && value !== false) params.set(key, value);
  }
  return params;
}

// UTF-8 byte offsets (the contract's) to string positions.
function byteIndex(text) {
  const map = new Int32Array(new TextEncoder().encode(text).length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i);
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < size; k++) map[bytes + k] = i;
    bytes += size;
    if (code >= 0x10000) i++;
    map[bytes] = i + 1;
  }
  return (b) => map[Math.min(Math.max(b, 0), map.length - 1)];
}

// ---- the live stream --------------------------------------------------

function connect() {
  if (state.stream) state.stream.close();
  const params = new URLSearchParams({ after: String(state.lastSequence) });
  if (token()) params.set('access_token', token());
  const stream = new EventSource('/api/stream?' + params);
  state.stream = stream;
  const live = document.getElementById('live');
  stream.addEventListener('open', () => { live.textContent = 'live'; });
  stream.addEventListener('error', () => { live.textContent = 'reconnecting…'; });
  stream.addEventListener('record', (e) => {
    const record = JSON.parse(e.data);
    state.lastSequence = Math.max(state.lastSequence, Number(record.sequence));
    if (state.onRecord) state.onRecord(record);
  });
  stream.addEventListener('status', (e) => {
    state.status = JSON.parse(e.data);
    live.textContent = 'live · ' + state.status.done + ' done · ' + state.status.pending + ' pending · ' + state.status.dead + ' dead';
    if (state.onStatus) state.onStatus(state.status);
  });
}

// ---- feed -------------------------------------------------------------

const feedFilters = { kind: 'event', type: '', country: '', actor: '', label: '', since: '', until: '', q: '' };
let feedOffset = 0;

function feedView(main) {
  const typeSelect = el('select', { id: 'f-type', name: 'type' },
    el('option', { value: '', text: 'all types' }),
    TYPES.map((t) => el('option', { value: t, text: t })));
  typeSelect.value = feedFilters.type;
  const field = (id, key, label, type) => {
    const input = el('input', { id, name: key, type: type || 'text', value: feedFilters[key] });
    return el('div', {}, el('label', { for: id, text: label }), input);
  };
  const form = el('form', { class: 'filters', id: 'filters', role: 'search' },
    el('div', {}, el('label', { for: 'f-type', text: 'Type' }), typeSelect),
    field('f-country', 'country', 'Country (ISO code)'),
    field('f-actor', 'actor', 'Actor'),
    field('f-label', 'label', 'Label'),
    field('f-since', 'since', 'From', 'date'),
    field('f-until', 'until', 'To', 'date'),
    field('f-q', 'q', 'Search words', 'search'),
    el('div', {}, el('button', { type: 'submit', text: 'Filter' })));
  const counter = el('p', { id: 'feed-count', class: 'muted', 'aria-live': 'polite' });
  const body = el('tbody', { id: 'feed-rows' });
  const table = el('table', { id: 'feed-table' },
    el('caption', { class: 'muted', text: 'Feed events, most recently changed first' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Type' }), el('th', { scope: 'col', text: 'Source → target' }),
      el('th', { scope: 'col', text: 'Place' }), el('th', { scope: 'col', text: 'Date' }),
      el('th', { scope: 'col', text: 'Sources' }), el('th', { scope: 'col', class: 'wide', text: 'Mentions' }),
      el('th', { scope: 'col', class: 'wide', text: 'First seen' }), el('th', { scope: 'col', class: 'wide', text: 'Last seen' }))),
    body);
  const prev = el('button', { type: 'button', text: 'Newer', onclick: () => { feedOffset = Math.max(0, feedOffset - PAGE_SIZE); load(); } });
  const next = el('button', { type: 'button', text: 'Older', onclick: () => { feedOffset += PAGE_SIZE; load(); } });
  const timeline = el('section', { id: 'timeline', 'aria-label': 'Events per day by type' });
  main.replaceChildren(el('h2', { text: 'Feed' }), form, timeline, counter, el('div', { class: 'scroll' }, table), el('div', { class: 'pager' }, prev, next));

  let loading = null, again = false, known = new Set();
  async function load() {
    if (loading) { again = true; return loading; }
    const started = performance.now();
    const params = filterQuery(feedFilters);
    params.set('offset', feedOffset);
    params.set('limit', PAGE_SIZE);
    loading = (async () => {
      try {
        const { body: page } = await api('/api/events?' + params);
        const rows = page.records.map((r) => feedRow(r.event, known.size > 0 && !known.has(r.event.feed_event_id + '/' + r.event.revision)));
        known = new Set(page.records.map((r) => r.event.feed_event_id + '/' + r.event.revision));
        body.replaceChildren(...rows);
        counter.textContent = page.total + ' feed events' + (page.total ? ' · showing ' + (page.total ? feedOffset + 1 : 0) + '–' + (feedOffset + page.records.length) : '');
        prev.disabled = feedOffset === 0;
        next.disabled = feedOffset + PAGE_SIZE >= page.total;
        table.dataset.loadedMs = String(Math.round(performance.now() - started));
        table.dataset.loads = String(Number(table.dataset.loads || 0) + 1);
        // Since the page's navigation began: what "interactive" costs.
        if (!table.dataset.firstShownMs) table.dataset.firstShownMs = String(Math.round(performance.now()));
        table.dataset.lastSequence = String(page.last_sequence);
        showError('');
        drawTimeline(timeline);
      } catch (e) { showError(e.message); }
    })();
    await loading;
    loading = null;
    if (again) { again = false; await load(); }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    for (const key of ['type', 'country', 'actor', 'label', 'since', 'until', 'q']) feedFilters[key] = (data.get(key) || '').trim();
    feedOffset = 0;
    load();
  });
  let pending = null;
  state.onRecord = (record) => {
    if (!record.event || feedOffset !== 0) return;
    // A burst of records is one reload.
    if (!pending) pending = setTimeout(() => { pending = null; load(); }, 50);
  };
  load();
}

function feedRow(event, fresh) {
  return el('tr', { class: fresh ? 'fresh' : '', dataset: { id: event.feed_event_id } },
    el('td', {}, el('a', { href: '#/story/' + encodeURIComponent(event.feed_event_id) }, typeBadge(event.type))),
    el('td', {}, side(event.source), (event.target || []).length ? ' → ' : '', side(event.target),
      event.target_inferred ? el('span', { class: 'muted', text: ' (inferred)' }) : ''),
    el('td', {}, event.location && event.location.name ? [event.location.name, event.location.country ? el('span', { class: 'cc', text: ' ' + event.location.country }) : ''] : ''),
    el('td', {}, event.date || '', event.date_inferred ? el('span', { class: 'muted', text: ' (inferred)' }) : ''),
    el('td', { text: event.source_count }),
    el('td', { class: 'wide', text: event.mention_count }),
    el('td', { class: 'wide', text: time(event.first_seen_micros) }),
    el('td', { class: 'wide', text: time(event.last_seen_micros) }));
}

async function drawTimeline(section) {
  const params = filterQuery(Object.assign({}, feedFilters, { kind: '' }));
  let days;
  try { days = (await api('/api/timeline?' + params)).body.days; } catch (e) { return; }
  const byDay = new Map();
  for (const d of days) {
    if (!byDay.has(d.day)) byDay.set(d.day, []);
    byDay.get(d.day).push(d);
  }
  const keys = [...byDay.keys()].sort().slice(-90);
  const width = 900, height = 140, pad = 18;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Feed events per day by type' });
  const max = Math.max(1, ...keys.map((k) => byDay.get(k).reduce((s, d) => s + d.count, 0)));
  const barWidth = keys.length ? (width - 2 * pad) / keys.length : 0;
  keys.forEach((key, i) => {
    let y = height - pad;
    for (const d of byDay.get(key)) {
      const h = (d.count / max) * (height - 2 * pad);
      y -= h;
      const rect = svgEl('rect', { x: pad + i * barWidth, y, width: Math.max(1, barWidth - 1), height: h, class: 't-' + d.type });
      const title = svgEl('title');
      title.textContent = `${key}: ${d.count} ${d.type}`;
      rect.append(title);
      svg.append(rect);
    }
  });
  if (keys.length) {
    for (const [i, anchor] of [[0, 'start'], [keys.length - 1, 'end']]) {
      const label = svgEl('text', { x: anchor === 'start' ? pad : width - pad, y: height - 4, 'text-anchor': anchor, 'font-size': 11 });
      label.textContent = keys[i];
      svg.append(label);
    }
  }
  // The types drawn, named: the colours are not the only key.
  const types = [...new Set(keys.flatMap((k) => byDay.get(k).map((d) => d.type)))];
  section.replaceChildren(svg, el('p', { class: 'legend' },
    keys.length ? 'Events per day with events (the last 90 such days): ' : 'No dated events yet.',
    types.map((t) => [typeBadge(t), ' '])));
}

// ---- story ------------------------------------------------------------

async function storyView(main, id) {
  main.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
  const load = async () => {
    const { body } = await api('/api/story?id=' + encodeURIComponent(id));
    const revisions = body.revisions;
    const latest = revisions[revisions.length - 1];
    const item = latest.event || latest.quote;
    const heading = latest.event
      ? el('h2', {}, typeBadge(item.type), ' ', side(item.source), (item.target || []).length ? ' → ' : '', side(item.target))
      : el('h2', {}, typeBadge('QUOTE'), ' ', actorText(item.speaker));
    const facts = el('dl', { class: 'meta' },
      el('dt', { text: 'Feed id' }), el('dd', { text: id }),
      latest.event ? [el('dt', { text: 'Place' }), el('dd', { text: (item.location && item.location.name) || '—' })] : [],
      el('dt', { text: 'Date' }), el('dd', { text: item.date || '—' }),
      el('dt', { text: 'Sources / mentions' }), el('dd', { text: item.source_count + ' / ' + item.mention_count }),
      el('dt', { text: 'First / last seen' }), el('dd', { text: time(item.first_seen_micros) + ' / ' + time(item.last_seen_micros) }),
      latest.quote ? [el('dt', { text: 'Words' }), el('dd', { text: item.text })] : []);
    const mentions = el('table', { id: 'mentions' },
      el('caption', { class: 'muted', text: 'Every mention' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Outlet' }), el('th', { scope: 'col', text: 'Evidence' }), el('th', { scope: 'col', text: 'Document' }))),
      el('tbody', {}, (item.mentions || []).map((m) => el('tr', {},
        el('td', {}, m.url ? safeLink(m.url, m.outlet || m.url) : (m.outlet || '—')),
        el('td', { text: m.evidence_text }),
        el('td', {}, el('a', { href: '#/doc/' + encodeURIComponent(m.document_id), text: m.document_id }))))));
    const history = el('table', { id: 'revisions' },
      el('caption', { class: 'muted', text: 'Revisions' }),
      el('thead', {}, el('tr', {}, ['Revision', 'Sequence', 'Type', 'Parties', 'Date', 'Mentions', 'Last seen'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, revisions.map((r) => {
        const x = r.event || r.quote;
        return el('tr', {},
          el('td', { text: x.revision }), el('td', { text: r.sequence }),
          el('td', {}, typeBadge(r.event ? x.type : 'QUOTE')),
          el('td', {}, r.event ? [side(x.source), (x.target || []).length ? ' → ' : '', side(x.target)] : actorText(x.speaker)),
          el('td', { text: x.date || '' }), el('td', { text: x.mention_count }), el('td', { text: time(x.last_seen_micros) }));
      })));
    main.replaceChildren(el('p', {}, el('a', { href: '#/feed', text: '← Feed' })), heading, facts, el('h2', { text: 'Mentions' }), mentions, el('h2', { text: 'History' }), history);
  };
  try { await load(); } catch (e) { showError(e.message); }
  state.onRecord = (record) => {
    const x = record.event || record.quote;
    if (x && (x.feed_event_id === id || x.feed_quote_id === id)) load().catch((e) => showError(e.message));
  };
}

// ---- document ---------------------------------------------------------

function renderText(container, doc, selected) {
  const text = doc.text || '';
  const at = byteIndex(text);
  // Layers inside runs: quotes, the selected event's evidence and trigger.
  const layers = [];
  (doc.quotes || []).forEach((q) => q.span && layers.push({ b: q.span.begin, e: q.span.end, cls: 'quote-span' }));
  if (selected) {
    const ev = selected.evidence || { begin: 0, end: 0 };
    layers.push({ b: ev.begin, e: ev.end, cls: 'evidence' });
    const trigger = triggerSpan(text, at, selected);
    if (trigger) layers.push({ b: trigger[0], e: trigger[1], cls: 'trigger' });
  }
  const roleOf = (m) => {
    if (!selected || !m.entity_id) return '';
    const ev = selected.evidence || { begin: 0, end: 0 };
    if (m.begin < ev.begin || m.end > ev.end) return '';
    if ((selected.source || []).some((a) => a.entity_id === m.entity_id)) return 'role-source';
    if ((selected.target || []).some((a) => a.entity_id === m.entity_id)) return 'role-target';
    return '';
  };
  // Runs of plain text and entity marks, split further by the layers.
  const pieces = (b, e) => {
    const cuts = new Set([b, e]);
    for (const l of layers) { if (l.b > b && l.b < e) cuts.add(l.b); if (l.e > b && l.e < e) cuts.add(l.e); }
    const sorted = [...cuts].sort((x, y) => x - y);
    const out = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const [s, t] = [sorted[i], sorted[i + 1]];
      const classes = layers.filter((l) => l.b <= s && l.e >= t).map((l) => l.cls);
      const str = text.slice(at(s), at(t));
      out.push(classes.length ? el('span', { class: classes.join(' ') }, str) : document.createTextNode(str));
    }
    return out;
  };
  const entityType = new Map((doc.entities || []).map((x) => [x.id, x]));
  const mentions = (doc.mentions || []).slice().sort((x, y) => x.begin - y.begin || y.end - x.end);
  const nodes = [];
  let pos = 0;
  for (const m of mentions) {
    if (m.begin < pos || m.end <= m.begin) continue;  // overlaps an earlier mark
    nodes.push(...pieces(pos, m.begin));
    const entity = entityType.get(m.entity_id);
    const role = roleOf(m);
    nodes.push(el('mark', {
      class: 'ent ent-' + m.type + (role ? ' ' + role : ''),
      dataset: { begin: m.begin, end: m.end, entity: m.entity_id || '', label: m.type },
      title: m.type + (entity ? ': ' + entity.name + (entity.country ? ' (' + entity.country + ')' : '') : ''),
    }, pieces(m.begin, m.end)));
    pos = m.end;
  }
  nodes.push(...pieces(pos, new TextEncoder().encode(text).length));
  container.replaceChildren(...nodes);
}

// The trigger word's place inside the event's evidence, as byte offsets.
function triggerSpan(text, at, event) {
  if (!event.trigger || !event.evidence) return null;
  const from = at(event.evidence.begin), to = at(event.evidence.end);
  const found = text.slice(from, to).toLowerCase().indexOf(event.trigger.toLowerCase());
  if (found < 0) return null;
  const enc = new TextEncoder();
  const begin = enc.encode(text.slice(0, from + found)).length;
  return [begin, begin + enc.encode(event.trigger).length];
}

async function documentView(main, id) {
  main.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
  let reply;
  try { reply = (await api('/api/document?raw=true&id=' + encodeURIComponent(id))).body; } catch (e) { showError(e.message); return; }
  if (reply.state === 'pending') {
    main.replaceChildren(el('p', { id: 'doc-pending', text: 'Document ' + id + ' is not done yet: on its way, or never submitted.' }));
    // Asked again each second while this view is open (a document without
    // events leaves no record in the feed to wait for).
    const hash = location.hash;
    setTimeout(() => { if (location.hash === hash) documentView(main, id); }, 1000);
    return;
  }
  if (reply.state === 'dead') {
    const d = reply.dead_letter;
    main.replaceChildren(el('h2', { text: 'Document ' + id + ' failed' }),
      el('p', { id: 'doc-dead', text: 'Stage ' + d.stage + ': ' + d.error }),
      el('p', {}, el('a', { href: '#/pipeline', text: 'Retry it from the pipeline view' })));
    return;
  }
  const doc = reply.document;
  let selected = null;
  const textBox = el('div', { class: 'doc-text', id: 'doc-text', lang: (doc.metadata && doc.metadata.language) || 'en' });
  const select = (event, row) => {
    selected = selected === event && row ? null : event;
    eventRows.querySelectorAll('.event-row').forEach((r) => r.classList.toggle('selected', r === row && selected === event));
    renderText(textBox, doc, selected);
  };
  const eventRows = el('tbody', {}, (doc.events || []).map((event, i) => {
    const row = el('tr', { class: 'event-row', tabindex: 0, dataset: { index: i, id: event.id } },
      el('td', {}, typeBadge(event.type)),
      el('td', {}, side(event.source), (event.target || []).length ? ' → ' : '', side(event.target)),
      el('td', { text: event.trigger || '' }),
      el('td', { text: event.date || '' }),
      el('td', { text: (event.location && event.location.name) || '' }));
    row.addEventListener('click', () => select(event, row));
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(event, row); } });
    row.addEventListener('mouseenter', () => { if (!eventRows.querySelector('.selected')) renderText(textBox, doc, event); });
    row.addEventListener('mouseleave', () => { if (!eventRows.querySelector('.selected')) renderText(textBox, doc, null); });
    return row;
  }));
  const events = el('table', { id: 'doc-events' },
    el('caption', { class: 'muted', text: 'Events: select one to mark its source (blue), target (red) and trigger in the text' }),
    el('thead', {}, el('tr', {}, ['Type', 'Source → target', 'Trigger', 'Date', 'Place'].map((h) => el('th', { scope: 'col', text: h })))),
    eventRows);
  const quotes = el('table', { id: 'doc-quotes' },
    el('caption', { class: 'muted', text: 'Quotes' }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Speaker' }), el('th', { scope: 'col', text: 'Words' }))),
    el('tbody', {}, (doc.quotes || []).map((q) => el('tr', {}, el('td', { text: actorText(q.speaker) || '—' }), el('td', { text: q.text })))));
  const meta = doc.metadata || {};
  const facts = el('dl', { class: 'meta' },
    el('dt', { text: 'Document' }), el('dd', { text: doc.id }),
    el('dt', { text: 'Outlet' }), el('dd', { text: meta.outlet || '—' }),
    el('dt', { text: 'Address' }), el('dd', {}, meta.url ? safeLink(meta.url) : '—'),
    el('dt', { text: 'Published' }), el('dd', { text: meta.published_at || '—' }),
    el('dt', { text: 'Media type' }), el('dd', { text: doc.media_type || '—' }));
  const trace = el('table', { id: 'doc-trace' },
    el('caption', { class: 'muted', text: 'Stage trace' }),
    el('thead', {}, el('tr', {}, ['Stage', 'Version', 'Time', 'Host'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, (doc.trace || []).map((t) => el('tr', {}, el('td', { text: t.stage }), el('td', { text: t.version }), el('td', { text: (Number(t.micros) / 1000).toFixed(1) + ' ms' }), el('td', { text: t.host || '' })))));
  const diagnostics = el('table', { id: 'doc-diagnostics' },
    el('caption', { class: 'muted', text: 'Diagnostics' }),
    el('thead', {}, el('tr', {}, ['Stage', 'Severity', 'Code', 'Message'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, (doc.diagnostics || []).map((d) => el('tr', {}, el('td', { text: d.stage }), el('td', { text: d.severity }), el('td', { text: d.code }), el('td', { text: d.message })))));
  const rawBox = el('div', { class: 'raw-text', id: 'doc-raw', hidden: true });
  const rawToggle = el('button', { type: 'button', id: 'raw-toggle', 'aria-pressed': 'false', text: 'Show the raw input' });
  rawToggle.addEventListener('click', () => {
    const show = rawBox.hidden;
    rawBox.hidden = !show;
    textBox.hidden = show;
    rawToggle.setAttribute('aria-pressed', String(show));
    rawToggle.textContent = show ? 'Show the clean text' : 'Show the raw input';
    if (show && !rawBox.childNodes.length) renderRaw(rawBox, doc);
  });
  renderText(textBox, doc, null);
  main.replaceChildren(
    el('h2', { id: 'doc-title', text: doc.title || doc.id }), facts,
    el('div', { class: 'doc-grid' },
      el('section', { 'aria-label': 'Text' }, el('p', {}, rawToggle), textBox, rawBox),
      el('section', { 'aria-label': 'Findings' }, events, quotes, diagnostics, trace)));
}

// The raw input with each passage the clean text came from marked; a
// passage's title says where it went in the clean text.
function renderRaw(box, doc) {
  let raw;
  try {
    const bytes = Uint8Array.from(atob(doc.raw || ''), (c) => c.charCodeAt(0));
    raw = { bytes, text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
  } catch (e) { box.textContent = 'The raw input is not available.'; return; }
  if (!raw.text) { box.textContent = 'The store does not keep this document\'s raw input (a JetStream store keeps none once a document is done).'; return; }
  const at = byteIndex(raw.text);
  const segments = (doc.offset_map || []).slice().sort((a, b) => a.raw_begin - b.raw_begin);
  const nodes = [];
  let pos = 0;
  for (const s of segments) {
    const begin = s.raw_begin, end = s.raw_begin + s.raw_length;
    if (begin < pos || end <= begin) continue;
    nodes.push(document.createTextNode(raw.text.slice(at(pos), at(begin))));
    nodes.push(el('span', {
      class: 'seg' + (s.transformed ? ' transformed' : ''),
      dataset: { cleanBegin: s.clean_begin, cleanLength: s.clean_length },
      title: 'clean text ' + s.clean_begin + '–' + (s.clean_begin + s.clean_length) + (s.transformed ? ' (transformed)' : ''),
    }, raw.text.slice(at(begin), at(end))));
    pos = end;
  }
  nodes.push(document.createTextNode(raw.text.slice(at(pos))));
  box.replaceChildren(el('p', { class: 'muted', text: 'Marked: the raw passages the clean text was taken from (yellow: transformed, e.g. entities decoded).' }), ...nodes);
}

// ---- pipeline ---------------------------------------------------------

function pipelineView(main) {
  const stages = el('tbody', { id: 'stage-rows' });
  const counts = el('p', { id: 'counts' });
  const letters = el('tbody', { id: 'dead-rows' });
  const retryAll = el('button', { type: 'button', id: 'retry-all', text: 'Retry all dead letters' });
  main.replaceChildren(
    el('h2', { text: 'Pipeline' }), counts,
    el('table', { id: 'stages' }, el('caption', { class: 'muted', text: 'Stages in chain order' }),
      el('thead', {}, el('tr', {}, ['Stage', 'Version', 'Placement', 'Replicas', 'Health', 'Processed', 'Failed', 'Restarts'].map((h) => el('th', { scope: 'col', text: h })))), stages),
    el('h2', { text: 'Dead letters' }), el('p', {}, retryAll),
    el('table', { id: 'dead-letters' }, el('caption', { class: 'muted', text: 'Documents a stage could not process' }),
      el('thead', {}, el('tr', {}, ['Document', 'Stage', 'Error', 'Failed at', ''].map((h) => el('th', { scope: 'col', text: h })))), letters));
  const showStatus = (s) => {
    counts.textContent = `${s.accepted} accepted · ${s.pending} pending · ${s.done} done · ${s.dead} dead · ${s.feed_records} feed records · ${s.ready ? 'ready' : 'not ready'}`;
    stages.replaceChildren(...(s.stages || []).map((st) => el('tr', {},
      el('td', { text: st.name }), el('td', { text: st.version }), el('td', { text: st.placement }),
      el('td', { text: (st.addresses || []).length ? st.addresses.join(', ') : '1 (local)' }),
      el('td', { class: 'health-' + st.health, text: st.health }),
      el('td', { text: st.processed }), el('td', { text: st.failed }), el('td', { text: st.restarts }))));
  };
  const loadLetters = async () => {
    const { body } = await api('/api/dead-letters?limit=200');
    letters.replaceChildren(...body.dead_letters.map((d) => {
      const retry = el('button', { type: 'button', class: 'retry', text: 'Retry', 'aria-label': 'Retry ' + d.document_id });
      retry.addEventListener('click', () => retryLetters({ document_ids: [d.document_id] }));
      return el('tr', { dataset: { id: d.document_id } },
        el('td', {}, el('a', { href: '#/doc/' + encodeURIComponent(d.document_id), text: d.document_id })),
        el('td', { text: d.stage }), el('td', { text: d.error }), el('td', { text: time(d.failed_micros) }), el('td', {}, retry));
    }));
    retryAll.disabled = body.dead_letters.length === 0;
  };
  const retryLetters = async (request) => {
    try {
      const { body } = await api('/api/dead-letters/retry', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      const failed = (body.results || []).filter((r) => !r.requeued);
      showError(failed.length ? failed.map((r) => r.document_id + ': ' + r.error).join('; ') : '');
      await loadLetters();
    } catch (e) { showError(e.message); }
  };
  retryAll.addEventListener('click', () => retryLetters({ all: true }));
  const refresh = async () => {
    try {
      const { body } = await api('/api/status');
      showStatus(body);
      await loadLetters();
    } catch (e) { showError(e.message); }
  };
  state.onStatus = (s) => { showStatus(s); loadLetters().catch((e) => showError(e.message)); };
  refresh();
}

// ---- try it -----------------------------------------------------------

function tryView(main) {
  const form = el('form', { class: 'stack', id: 'try-form' },
    el('p', { text: 'Paste an article (plain text or an HTML page) and submit it: its document view opens when the pipeline is done with it.' }),
    el('label', { for: 'try-title', text: 'Title (optional)' }), el('input', { id: 'try-title', name: 'title', type: 'text', size: 60 }),
    el('label', { for: 'try-published', text: 'Published (optional, ISO date)' }), el('input', { id: 'try-published', name: 'published_at', type: 'date' }),
    el('fieldset', {}, el('legend', { text: 'The pasted text is' }),
      el('input', { id: 'try-kind-text', type: 'radio', name: 'kind', value: 'text', checked: true }), el('label', { for: 'try-kind-text', text: 'plain text' }), ' ',
      el('input', { id: 'try-kind-html', type: 'radio', name: 'kind', value: 'html' }), el('label', { for: 'try-kind-html', text: 'an HTML page' })),
    el('label', { for: 'try-text', text: 'Article' }), el('textarea', { id: 'try-text', name: 'text', required: true }),
    el('p', {}, el('button', { type: 'submit', text: 'Submit' })),
    el('p', { id: 'try-state', role: 'status', 'aria-live': 'polite' }));
  main.replaceChildren(el('h2', { text: 'Try it' }), form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const record = { title: data.get('title') || undefined, published_at: data.get('published_at') || undefined };
    record[data.get('kind') === 'html' ? 'html' : 'text'] = data.get('text');
    const status = document.getElementById('try-state');
    try {
      const { body } = await api('/api/documents', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(record) });
      const id = body.document_id;
      status.textContent = (body.duplicate ? 'Already submitted as ' : 'Submitted as ') + id + '; waiting for the pipeline…';
      for (;;) {
        const { body: doc } = await api('/api/document?id=' + encodeURIComponent(id));
        if (doc.state !== 'pending') { location.hash = '#/doc/' + encodeURIComponent(id); return; }
        await new Promise((r) => setTimeout(r, 200));
        if (!location.hash.startsWith('#/try')) return;
      }
    } catch (err) { status.textContent = ''; showError(err.message); }
  });
}

// ---- routing ----------------------------------------------------------

function route() {
  const main = document.getElementById('view');
  state.onRecord = null;
  state.onStatus = null;
  showError('');
  const hash = location.hash || '#/feed';
  const [, view, ...rest] = hash.split('/');
  const arg = decodeURIComponent(rest.join('/'));
  for (const name of ['feed', 'pipeline', 'try']) {
    document.getElementById('nav-' + name).classList.toggle('current', view === name);
  }
  if (view === 'story' && arg) return storyView(main, arg);
  if (view === 'doc' && arg) return documentView(main, arg);
  if (view === 'pipeline') return pipelineView(main);
  if (view === 'try') return tryView(main);
  return feedView(main);
}

document.getElementById('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem('eventwire-token', document.getElementById('token').value.trim());
  document.getElementById('token-form').hidden = true;
  connect();
  route();
});

window.addEventListener('hashchange', route);
route();
// The stream starts at the feed's end: the view has just read what is
// before it.
api('/api/status').then(({ body }) => { state.lastSequence = Number(body.last_sequence || 0); })
  .catch(() => {})
  .finally(connect);
