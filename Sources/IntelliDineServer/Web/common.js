// Shared by the guest app and the kitchen display. No framework, no build step.
// Text a guest typed only ever reaches the page through textContent (see `h`), never as HTML.
'use strict';

const ID = {};

/** Creates an element; string and number children become text nodes, so nothing is parsed as HTML. */
ID.h = function (tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
};

/**
 * Makes `nodes` the children of `parent`, touching only what differs: a node that stays is never
 * taken out of the document. A tap is a press and a release on the same element, so a card
 * replaced or moved between the two loses the tap. The nodes that go are removed first: inserting
 * in order before that would move every card after a removed one.
 */
ID.placeChildren = function (parent, nodes) {
  const staying = new Set(nodes);
  for (const child of [...parent.childNodes]) if (!staying.has(child)) child.remove();
  nodes.forEach((node, i) => {
    if (parent.childNodes[i] !== node) parent.insertBefore(node, parent.childNodes[i] || null);
  });
};

/**
 * A list's nodes kept between redraws, for ID.placeChildren: `draw(items, idOf, keyOf, build)`
 * gives, for each item, the node drawn last time for its id if it was drawn from an equal key,
 * else `build(item)`. It remembers only the items it was given, so ids no longer shown are let go.
 */
ID.drawnNodes = function () {
  let drawn = new Map(); // id → { key, node }
  return (items, idOf, keyOf, build) => {
    const next = new Map();
    const nodes = items.map((item) => {
      const id = idOf(item);
      const key = keyOf(item);
      const known = drawn.get(id);
      const node = known && known.key === key ? known.node : build(item);
      next.set(id, { key, node });
      return node;
    });
    drawn = next;
    return nodes;
  };
};

/** Rupees with Indian digit grouping, paise only when there are some: ₹560, ₹212.50, ₹1,088.55. */
ID.money = function (rupees) {
  const value = Number(rupees);
  const whole = Math.abs(value - Math.round(value)) < 0.005;
  return '₹' + value.toLocaleString('en-IN', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
};

ID.tenantId = new URLSearchParams(location.search).get('tenant_id') || '';

/**
 * Times are shown on the restaurant's clock, never the device's: a kitchen tablet set to UTC, or a
 * guest's phone still on its home zone, would otherwise show an order placed at 6:01 pm in Kolkata
 * as 12:31 pm. `ID.zone` is the restaurant's IANA zone (its profile's `timezone`), set by each page
 * once it knows it; until then, and if the browser does not know the zone, the device's.
 */
ID.zone = undefined;
ID.useZone = function (zone) {
  try {
    new Intl.DateTimeFormat('en-IN', { timeZone: zone });
  } catch (e) {
    return false;
  }
  ID.zone = zone;
  return true;
};
/** Staff pages: the zone from the restaurant's profile. False if it could not be had: the device's then. */
ID.loadZone = async function (token) {
  ID.zone = undefined;
  try {
    const { restaurant } = await ID.api('GET', '/api/restaurant', { token });
    return ID.useZone(restaurant.timezone);
  } catch (e) {
    return false;
  }
};
/** "6:01 pm" on the restaurant's clock. */
ID.time = (when) => new Date(when).toLocaleTimeString('en-IN', { hour: 'numeric', minute: '2-digit', timeZone: ID.zone });
/** "5 Dec 2026, 6:01 pm" on the restaurant's clock. */
ID.dateTime = (when) => new Date(when).toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone: ID.zone });
/** A date on the restaurant's calendar, with toLocaleDateString's `options`. */
ID.date = (when, options) => new Date(when).toLocaleDateString('en-IN', { ...options, timeZone: ID.zone });
/** The restaurant's date now (or at `when`) as [year, month 1–12, day]. */
ID.today = function (when = Date.now()) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ID.zone, year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(when));
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return [part('year'), part('month'), part('day')];
};

/**
 * The page's words, from one catalogue per language (strings-en.js, strings-hi.js, ...): `t('key',
 * { n: 2 })` fills `{n}`. A key missing from the chosen language falls back to English, and a key
 * missing everywhere shows as itself, which a test catches. Elements carry `data-t` (their text),
 * `data-t-label` (aria-label) or `data-t-placeholder`, and `ID.translatePage()` fills them.
 */
ID.strings = ID.strings || {};
ID.lang = 'en';
ID.t = function (key, params) {
  const text = (ID.strings[ID.lang] || {})[key] ?? (ID.strings.en || {})[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;
};
ID.translatePage = function (root) {
  for (const el of (root || document).querySelectorAll('[data-t]')) el.textContent = ID.t(el.dataset.t);
  for (const el of (root || document).querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', ID.t(el.dataset.tLabel));
  for (const el of (root || document).querySelectorAll('[data-t-placeholder]')) el.placeholder = ID.t(el.dataset.tPlaceholder);
  document.documentElement.lang = ID.lang;
};

/** An API error with the server's code and message (and its details, such as `attempts_remaining`). */
ID.ApiError = class extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
};

/**
 * Whether the box answers. A page shows its own banner while it does not (`ID.onNetwork`), and
 * hides it on the next answer; while the link is down it checks every 5 s, so the banner clears
 * itself when the Wi-Fi comes back even if the guest does nothing.
 */
ID.network = { down: false, listeners: [], timer: null };
ID.onNetwork = function (listener) { ID.network.listeners.push(listener); };
ID.setNetwork = function (down) {
  if (ID.network.down === down) return;
  ID.network.down = down;
  for (const listener of ID.network.listeners) listener(down);
  clearInterval(ID.network.timer);
  if (down) {
    ID.network.timer = setInterval(() => {
      fetch('/healthz', { cache: 'no-store' }).then((r) => { if (r.ok) ID.setNetwork(false); }, () => {});
    }, 5000);
  }
};
window.addEventListener('online', () => {
  fetch('/healthz', { cache: 'no-store' }).then((r) => { if (r.ok) ID.setNetwork(false); }, () => {});
});

/** Calls the API; throws ApiError (status 0 when the box could not be reached). `onResponse` sees the raw answer (its headers). */
ID.api = async function (method, path, { token, body, headers, onResponse } = {}) {
  const init = { method, headers: Object.assign({}, headers || {}), cache: 'no-store' };
  if (token) init.headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    ID.setNetwork(true);
    throw new ID.ApiError(0, 'NETWORK', ID.t('error.network'));
  }
  ID.setNetwork(false);
  if (onResponse) onResponse(response);
  let json = {};
  try { json = await response.json(); } catch (e) { /* an empty or non-JSON answer */ }
  if (!response.ok) {
    const error = json.error || {};
    const { code, message, ...details } = error;
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (retryAfter > 0) details.retry_after = retryAfter;
    throw new ID.ApiError(response.status, code || 'HTTP_' + response.status, message || ID.t('error.generic'), details);
  }
  return json;
};

/** A random key for Idempotency-Key (one per order attempt, reused by its retries). */
ID.randomKey = function () {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

/**
 * The live stream: trades the token for a single-use ticket, opens the WebSocket, and keeps it
 * open. After a drop it reconnects with the last seq it handled, so it receives exactly what it
 * missed (or a fresh snapshot). Heartbeats both ways: a silent connection is replaced.
 */
ID.LiveStream = class {
  constructor({ token, query, onSnapshot, onEvent, onState }) {
    Object.assign(this, { token, query: query || '', onSnapshot, onEvent, onState });
    this.lastSeq = null;
    this.attempt = 0;
    this.socket = null;
    this.stopped = false;
  }

  start() { this.connect(); }

  stop() {
    this.stopped = true;
    if (this.socket) this.socket.close();
    clearInterval(this.heartbeat);
  }

  async connect() {
    if (this.stopped) return;
    this.onState('connecting');
    let ticket;
    try {
      ticket = (await ID.api('POST', '/api/stream/tickets', { token: this.token() })).ticket;
    } catch (e) {
      if (e.status === 401) { this.onState('signed-out'); return; }
      return this.retry();
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let url = `${scheme}//${location.host}/api/stream?ticket=${encodeURIComponent(ticket)}`;
    if (this.lastSeq !== null) url += `&after=${this.lastSeq}`;
    if (this.query) url += '&' + this.query;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(JSON.parse(message.data));
    socket.onclose = () => {
      clearInterval(this.heartbeat);
      if (this.socket === socket) this.retry();
    };
    socket.onopen = () => {
      this.lastHeard = Date.now();
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => {
        // The server pings every 15 s; 40 s of silence means the link is dead.
        if (Date.now() - this.lastHeard > 40000) { socket.close(); return; }
        if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
      }, 10000);
    };
  }

  receive(frame) {
    this.lastHeard = Date.now();
    if (frame.type === 'snapshot') {
      this.lastSeq = frame.seq;
      this.attempt = 0;
      this.onSnapshot(frame.orders);
      this.onState('live');
    } else if (frame.type === 'event') {
      if (this.lastSeq !== null && frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
      this.onEvent(frame);
    } else if (frame.type === 'caught_up') {
      this.lastSeq = Math.max(this.lastSeq || 0, frame.seq);
      this.attempt = 0;
      this.onState('live');
    }
  }

  retry() {
    if (this.stopped) return;
    this.onState('reconnecting');
    // Exponential backoff with full jitter, capped at 5 s: a whole kitchen reconnecting after a
    // restart does not arrive at once, and nobody waits long.
    const cap = Math.min(5000, 250 * 2 ** this.attempt);
    this.attempt += 1;
    setTimeout(() => this.connect(), Math.random() * cap);
  }
};

/** A GST tax invoice as a printable block (the guest app and the staff app both show it), in the page's language. */
ID.invoiceView = function (invoice) {
  const { h, money, t } = ID;
  const row = (label, value, cls) => [h('span', { class: cls || '' }, label), h('span', { class: cls || '' }, value)];
  const methods = invoice.payment_methods.split(/,\s*/).map((m) => t('invoice.method.' + m) === 'invoice.method.' + m ? m : t('invoice.method.' + m));
  return h('section', { class: 'invoice', dataset: { invoice: invoice.number } },
    h('h3', {}, t('invoice.title')),
    h('p', {}, h('strong', {}, invoice.restaurant.name), h('br'), invoice.restaurant.address,
      invoice.restaurant.gstin ? [h('br'), 'GSTIN ' + invoice.restaurant.gstin] : null,
      invoice.restaurant.fssai ? [h('br'), t('invoice.fssai', { n: invoice.restaurant.fssai })] : null),
    h('p', {}, t('invoice.heading', { number: invoice.number, date: invoice.date, table: invoice.table_number, sac: invoice.sac })),
    // A B2B tax invoice names its buyer (CGST Rule 46(e)).
    invoice.buyer ? h('p', { class: 'buyer' }, t('invoice.buyer', { name: invoice.buyer.name, gstin: invoice.buyer.gstin })) : null,
    h('div', { class: 'totals' },
      invoice.lines.flatMap((l) => row(`${l.quantity}× ${l.name}` + (Number(l.discount_percentage) > 0 ? t('invoice.off', { n: Number(l.discount_percentage) }) : ''), money(l.amount))),
      Number(invoice.service_charge) > 0 ? row(t('totals.service'), money(invoice.service_charge)) : [],
      row(t('invoice.taxable'), money(invoice.taxable_value)),
      // CGST and SGST at each rate the bill was charged (one pair for most bills; docs/tax.md).
      (invoice.taxes && invoice.taxes.length ? invoice.taxes : [{ rate: Number(invoice.cgst_rate) * 2, cgst: invoice.cgst, sgst: invoice.sgst }])
        .flatMap((tax) => [...row(`CGST ${Number(tax.rate) / 2}%`, money(tax.cgst)), ...row(`SGST ${Number(tax.rate) / 2}%`, money(tax.sgst))]),
      Number(invoice.round_off) ? row(t('totals.roundoff'), (Number(invoice.round_off) < 0 ? '−' : '+') + money(Math.abs(Number(invoice.round_off)))) : [],
      row(t('totals.total'), money(invoice.total), 'grand'),
      row(t('invoice.paid_by'), methods.join(', '))),
    h('button', { type: 'button', class: 'print', onclick: () => window.print() }, t('invoice.print')));
};
