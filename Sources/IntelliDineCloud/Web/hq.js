// Head office (intellidine-cloud, served at /hq/): the fleet of boxes and the chain's trade over a
// date range, read from the API on the same origin while signed in with an HttpOnly cookie.
// No framework, no build step, nothing inline (the CSP allows only this file and hq.css). What the
// server sends reaches the page as text (textContent, SVG text nodes), never as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  /** An element; string and number children become text nodes, so nothing is parsed as HTML. */
  function h(tag, attrs, ...children) {
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
  }

  /** An SVG element for the charts: `svg('rect', { x: 1 }, child…)`. */
  function svg(tag, attrs, ...children) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) el.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // ---- Numbers, money, dates and durations ---------------------------------------------------

  const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
  const inrShort = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat('en-IN');
  /** Whole paise from the API's rupees (1088.55 → 108855): sums are added as integers, never as floats. */
  const paise = (rupees) => Math.round(Number(rupees || 0) * 100);
  /** ₹1,23,456.78 from paise. */
  const money = (p) => inr.format(p / 100);
  /** ₹1.2L for an axis label, from paise. */
  const moneyShort = (p) => inrShort.format(p / 100);
  const plural = (n, one, many) => `${whole.format(n)} ${n === 1 ? one : many || one + 's'}`;

  const pad = (n) => String(n).padStart(2, '0');
  /** YYYY-MM-DD of a local date. */
  const isoDate = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  /** The local date of YYYY-MM-DD (not UTC midnight, which would be the day before west of Greenwich). */
  const localDate = (text) => {
    const [y, m, d] = String(text).split('-').map(Number);
    return new Date(y, m - 1, d);
  };
  const addDays = (date, n) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + n);
  const isDate = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && isoDate(localDate(text)) === text;
  const dayMonth = (text) => localDate(text).toLocaleDateString('en-IN', { day: 'numeric', month: 'short' });
  const longDate = (text) => localDate(text).toLocaleDateString('en-IN', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const weekday = (text) => localDate(text).toLocaleDateString('en-IN', { weekday: 'short' });
  const rangeText = (from, to) => {
    const a = localDate(from), b = localDate(to);
    const full = { day: 'numeric', month: 'short', year: 'numeric' };
    if (from === to) return a.toLocaleDateString('en-IN', full);
    const start = a.getFullYear() === b.getFullYear() ? { day: 'numeric', month: 'short' } : full;
    return `${a.toLocaleDateString('en-IN', start)} – ${b.toLocaleDateString('en-IN', full)}`;
  };
  /** The exact moment, for a tooltip: "3 Dec 2026, 12:30:15 pm IST". */
  const exact = (iso) => new Date(iso).toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'long' });

  /** "40 min", "2 h 5 min", "3 days". */
  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return `${s} s`;
    const minutes = Math.floor(s / 60);
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 10 && minutes % 60) return `${hours} h ${minutes % 60} min`;
    if (hours < 48) return `${hours} h`;
    return plural(Math.floor(hours / 24), 'day');
  }
  const ago = (seconds) => (seconds < 45 ? 'just now' : `${duration(seconds)} ago`);

  // ---- The API -------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /**
   * A call to /hq/api (relative, so head office can sit behind a proxy's prefix). A 401 anywhere
   * but at sign-in means the session ended: the sign-in form comes back.
   */
  async function api(path, { method = 'GET', body, quiet = false } = {}) {
    let response;
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Head office could not be reached. Check the connection and try again.');
    }
    if (response.status === 204) return null;
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      const error = answer && answer.error;
      const failure = new ApiError(response.status, error ? error.code : `HTTP_${response.status}`,
        (error && error.message) || `The server answered ${response.status}. Try again in a minute.`);
      if (response.status === 401 && path !== 'api/login' && !quiet) showSignIn('Your sign-in has ended. Sign in again.');
      throw failure;
    }
    return answer;
  }

  // ---- Signing in and out --------------------------------------------------------------------

  const state = { user: null, fleetTimer: null, fleetLoading: false, chainRequest: 0 };

  function showSignIn(message) {
    state.user = null;
    stopFleetTimer();
    $('starting').hidden = true;
    $('tabs').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    // Nothing the last user saw stays on the page.
    for (const view of ['fleet-view', 'chain-view']) $(view).hidden = true;
    $('fleet-rows').replaceChildren();
    $('fleet-totals').replaceChildren();
    $('fleet-alerts').replaceChildren();
    $('chain-result').hidden = true;
    $('chain-rows').replaceChildren();
    $('chain-error').textContent = '';
    $('fleet-error').textContent = '';
    const form = $('login');
    form.hidden = false;
    form.elements.password.value = '';
    $('login-error').textContent = message || '';
    (form.elements.username.value ? form.elements.password : form.elements.username).focus();
  }

  function showApp(username) {
    state.user = username;
    $('starting').hidden = true;
    $('login').hidden = true;
    $('login-error').textContent = '';
    $('tabs').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = username;
    route();
  }

  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (!username || !password) {
      $('login-error').textContent = 'Type your username and password.';
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    $('login-error').textContent = '';
    try {
      const answer = await api('api/login', { method: 'POST', body: { username, password } });
      form.elements.password.value = '';
      showApp(answer.username);
      $('main').focus();
    } catch (e) {
      $('login-error').textContent = e.message;
      form.elements.password.value = '';
      form.elements.password.focus();
    } finally {
      button.disabled = false;
    }
  });

  $('sign-out').addEventListener('click', async () => {
    try { await api('api/logout', { method: 'POST' }); } catch { /* signed out here either way */ }
    history.replaceState(null, '', location.pathname);
    showSignIn('');
  });

  // ---- Views ---------------------------------------------------------------------------------

  /** `#fleet`, or `#chain?from=YYYY-MM-DD&to=YYYY-MM-DD`: a view can be bookmarked and sent on. */
  function route() {
    if (!state.user) return;
    const [name, query] = location.hash.replace(/^#/, '').split('?');
    const view = name === 'chain' ? 'chain' : 'fleet';
    for (const v of ['fleet', 'chain']) {
      $(`${v}-view`).hidden = v !== view;
      if (v === view) $(`tab-${v}`).setAttribute('aria-current', 'page');
      else $(`tab-${v}`).removeAttribute('aria-current');
    }
    document.title = `${view === 'fleet' ? 'Fleet' : 'Chain'} · Head office · IntelliDine`;
    if (view === 'fleet') {
      loadFleet();
      startFleetTimer();
    } else {
      stopFleetTimer();
      const params = new URLSearchParams(query || '');
      const from = params.get('from'), to = params.get('to');
      loadChain(from && to ? { from, to } : lastDays(7));
    }
  }
  window.addEventListener('hashchange', route);

  // ---- Fleet ---------------------------------------------------------------------------------

  function startFleetTimer() {
    stopFleetTimer();
    // Once a minute while someone looks: "2 min ago" stays true, and a box falling behind shows.
    state.fleetTimer = setInterval(() => { if (!document.hidden) loadFleet(); }, 60_000);
  }
  function stopFleetTimer() {
    clearInterval(state.fleetTimer);
    state.fleetTimer = null;
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.fleetTimer) loadFleet();
  });
  $('fleet-refresh').addEventListener('click', () => loadFleet());

  async function loadFleet() {
    if (state.fleetLoading) return;
    state.fleetLoading = true;
    $('fleet-view').setAttribute('aria-busy', 'true');
    try {
      const fleet = await api('api/fleet');
      if (!state.user) return;
      $('fleet-error').textContent = '';
      renderFleet(fleet);
    } catch (e) {
      if (e.status !== 401) $('fleet-error').textContent = `The fleet could not be loaded: ${e.message}`;
    } finally {
      state.fleetLoading = false;
      $('fleet-view').removeAttribute('aria-busy');
    }
  }

  const kpi = (label, value, note, attrs) =>
    h('div', Object.assign({ class: 'card kpi' }, attrs || {}), h('span', { class: 'muted' }, label), h('strong', {}, value),
      note ? h('span', { class: 'muted' }, note) : null);

  /** A cell whose content is one block: on a phone the row becomes a card, the heading on the left. */
  const cell = (label, content, attrs) => h('td', Object.assign({ 'data-label': label }, attrs || {}), h('div', { class: 'cell' }, content));

  function renderFleet(fleet) {
    const now = Date.parse(fleet.generated_at) || Date.now();
    const behindAfter = Number(fleet.behind_after_minutes) || 15;
    $('behind-minutes').textContent = String(behindAfter);
    const boxes = fleet.boxes || [];
    const live = boxes.filter((b) => !b.revoked);
    const behind = live.filter((b) => b.behind);
    const orders = boxes.reduce((sum, b) => sum + Number(b.today_orders || 0), 0);
    const sales = boxes.reduce((sum, b) => sum + paise(b.today_sales), 0);
    const days = [...new Set(live.map((b) => b.today))];
    const today = days.length === 1 ? ` (${dayMonth(days[0])})` : '';
    const revoked = boxes.length - live.length;

    $('fleet-updated').replaceChildren('Updated ', h('time', { datetime: fleet.generated_at, title: exact(fleet.generated_at) },
      new Date(now).toLocaleTimeString('en-IN', { hour: 'numeric', minute: '2-digit' })));
    $('fleet-totals').replaceChildren(
      kpi('Restaurants', whole.format(live.length), revoked ? `and ${revoked} revoked` : null, { id: 'kpi-restaurants' }),
      kpi(`Orders today${today}`, whole.format(orders), null, { id: 'kpi-orders' }),
      kpi(`Sales today${today}`, money(sales), 'cancelled orders left out', { id: 'kpi-sales' }),
      kpi('Boxes behind', behind.length ? whole.format(behind.length) : 'None', behind.length ? 'see below' : 'all sending on time',
        { id: 'kpi-behind', class: behind.length ? 'card kpi alarm' : 'card kpi' }));

    // What needs someone's attention, in words, above the table.
    const alerts = [];
    for (const box of live) {
      if (box.behind) {
        alerts.push(h('li', { class: 'behind' }, `${box.name} is behind: ${plural(Number(box.backlog), 'event')} waiting to be sent, the oldest from ${duration(box.oldest_unsent_age_seconds)} ago.`));
      }
      if (Number(box.gaps) > 0) alerts.push(h('li', { class: 'warn' }, `${box.name}: ${plural(Number(box.gaps), 'gap')} in its event log (events never received).`));
      if (Number(box.conflicts) > 0) alerts.push(h('li', { class: 'warn' }, `${box.name}: ${plural(Number(box.conflicts), 'conflicting event')} (the same id sent again with different content).`));
    }
    $('fleet-alerts').replaceChildren(...alerts);
    $('fleet-alerts').hidden = alerts.length === 0;

    $('fleet-rows').replaceChildren(...boxes.map((box) => fleetRow(box, now)));
    $('fleet-table').hidden = boxes.length === 0;
    $('fleet-empty').hidden = boxes.length > 0;
  }

  function fleetRow(box, now) {
    const row = h('tr', { class: box.revoked ? 'revoked' : box.behind ? 'is-behind' : '', dataset: { box: box.box_id } });
    row.append(h('th', { scope: 'row' }, h('div', { class: 'cell' },
      h('span', { class: 'name' }, box.name),
      box.revoked ? h('span', { class: 'pill revoked-mark' }, 'revoked') : null,
      h('span', { class: 'box-id muted' }, box.timezone === 'Asia/Kolkata' ? box.box_id : `${box.box_id} · ${box.timezone}`))));

    // Last contact: "2 min ago", the exact time on hover; a long silence said in words.
    let contact;
    if (!box.last_contact) contact = h('span', { class: 'muted' }, 'never');
    else {
      const seconds = (now - Date.parse(box.last_contact)) / 1000;
      contact = [h('time', { datetime: box.last_contact, title: exact(box.last_contact) }, ago(seconds))];
      if (box.silent) contact.push(h('span', { class: 'warn small' }, '⚠ silent: no heartbeat for over 5 min'));
    }
    row.append(cell('Last contact', contact, { class: 'contact' }));
    const dayTitle = `${longDate(box.today)} in ${box.timezone}`;
    row.append(cell('Orders today', whole.format(Number(box.today_orders || 0)), { class: 'num today-orders', title: dayTitle }));
    row.append(cell('Sales today', money(paise(box.today_sales)), { class: 'num today-sales', title: dayTitle }));
    row.append(cell('Waiting to send', backlog(box), { class: 'backlog' }));

    const log = [];
    if (Number(box.gaps) > 0) log.push(h('span', { class: 'warn' }, `⚠ ${plural(Number(box.gaps), 'gap')} (events missing)`));
    if (Number(box.conflicts) > 0) log.push(h('span', { class: 'warn' }, `⚠ ${plural(Number(box.conflicts), 'conflict')}`));
    log.push(h('span', { class: 'muted small' }, `${plural(Number(box.events_received || 0), 'event')} received`));
    if (Number(box.duplicates) > 0) log.push(h('span', { class: 'muted small' }, `${plural(Number(box.duplicates), 'repeat')} ignored`));
    row.append(cell('Event log', log, { class: 'log' }));
    return row;
  }

  /** The backlog in words, never by colour alone: "Behind: 120 events, oldest 40 min". */
  function backlog(box) {
    if (box.revoked) return h('span', { class: 'muted' }, 'revoked: sends nothing');
    if (box.backlog === null || box.backlog === undefined) return h('span', { class: 'muted' }, 'not reported yet');
    const count = Number(box.backlog);
    if (count === 0) return h('span', { class: 'ok' }, '✓ Caught up');
    const age = box.oldest_unsent_age_seconds;
    const words = `${plural(count, 'event')}${age === null || age === undefined ? '' : `, oldest ${duration(age)}`}`;
    const title = box.oldest_unsent ? `Oldest waiting event from ${exact(box.oldest_unsent)}` : null;
    if (box.behind) return h('span', { class: 'behind', title }, h('strong', {}, '⚠ Behind: '), words);
    return h('span', { title }, `Sending: ${words}`);
  }

  // ---- Chain ---------------------------------------------------------------------------------

  function lastDays(n) {
    const today = new Date();
    return { from: isoDate(addDays(today, 1 - n)), to: isoDate(today) };
  }

  const rangeForm = $('chain-range');
  rangeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = rangeForm.elements.from.value, to = rangeForm.elements.to.value;
    if (!from || !to) {
      $('chain-error').textContent = 'Choose both dates: from and to.';
      return;
    }
    go({ from, to });
  });
  rangeForm.addEventListener('click', (event) => {
    const preset = event.target.closest('button[data-preset]');
    if (!preset) return;
    const today = new Date();
    if (preset.dataset.preset === 'month') go({ from: isoDate(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDate(today) });
    else go(lastDays(Number(preset.dataset.preset)));
  });

  /** Shows a range through the address, so Back returns to the range before. */
  function go(range) {
    const hash = `#chain?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
    if (location.hash === hash) loadChain(range);
    else location.hash = hash;
  }

  async function loadChain(range) {
    rangeForm.elements.from.value = isDate(range.from) ? range.from : '';
    rangeForm.elements.to.value = isDate(range.to) ? range.to : '';
    const request = ++state.chainRequest;
    $('chain-error').textContent = '';
    $('chain-loading').hidden = false;
    $('chain-view').setAttribute('aria-busy', 'true');
    try {
      const chain = await api(`api/chain?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`);
      if (request !== state.chainRequest || !state.user) return;
      renderChain(chain);
    } catch (e) {
      if (request !== state.chainRequest || e.status === 401) return;
      // Figures for another range would mislead next to the message: they go.
      $('chain-result').hidden = true;
      $('chain-error').textContent = e.message;
    } finally {
      if (request === state.chainRequest) {
        $('chain-loading').hidden = true;
        $('chain-view').removeAttribute('aria-busy');
      }
    }
  }

  /** The chain's average ticket: rounded half up to the paisa, as the server rounds each restaurant's. */
  const average = (salesPaise, orders) => (orders ? Math.floor((salesPaise * 2 + orders) / (2 * orders)) : null);

  /** Colours for the restaurants, the same in both charts and the legend; names and the table say it too. */
  const PALETTE = ['#c2410c', '#1d4ed8', '#15803d', '#7e22ce', '#a16207', '#0f766e', '#be185d', '#475569'];

  function renderChain(chain) {
    const restaurants = (chain.restaurants || []).map((r, i) => ({
      ...r, colour: PALETTE[i % PALETTE.length], salesP: paise(r.sales), paymentsP: paise(r.payments),
      orders: Number(r.orders || 0), cancelled: Number(r.cancelled || 0),
    }));
    const total = restaurants.reduce((t, r) => ({
      orders: t.orders + r.orders, cancelled: t.cancelled + r.cancelled, sales: t.sales + r.salesP, payments: t.payments + r.paymentsP,
    }), { orders: 0, cancelled: 0, sales: 0, payments: 0 });
    const range = rangeText(chain.from, chain.to);
    const dayCount = Math.round((localDate(chain.to) - localDate(chain.from)) / 86_400_000) + 1;

    $('chain-caption').textContent = `${range} · ${plural(dayCount, 'day')} · ${plural(restaurants.length, 'restaurant')}. Cancelled orders are not in orders or sales.`;
    const avg = average(total.sales, total.orders);
    $('chain-totals').replaceChildren(
      kpi('Sales', money(total.sales), null, { id: 'chain-kpi-sales' }),
      kpi('Orders', whole.format(total.orders), null, { id: 'chain-kpi-orders' }),
      kpi('Average ticket', avg === null ? '—' : money(avg), null, { id: 'chain-kpi-average' }),
      kpi('Cancelled', whole.format(total.cancelled), null, { id: 'chain-kpi-cancelled' }));

    $('chain-table-caption').textContent = `Restaurants compared, ${range}`;
    const share = (p) => (total.sales ? `${(100 * p / total.sales).toFixed(1)} %` : '—');
    const num = (label, value, key) => h('td', { class: 'num', 'data-label': label, dataset: key ? { key } : undefined }, value);
    $('chain-rows').replaceChildren(...restaurants.map((r) => {
      const a = r.orders ? paise(r.average_ticket) : null;
      return h('tr', { dataset: { box: r.box_id } },
        h('th', { scope: 'row' }, h('span', { class: 'name' }, r.name), h('span', { class: 'box-id muted' }, r.box_id)),
        num('Orders', whole.format(r.orders), 'orders'), num('Sales', money(r.salesP), 'sales'),
        num('Average ticket', a === null ? '—' : money(a), 'average'), num('Cancelled', whole.format(r.cancelled), 'cancelled'),
        num('Collected', money(r.paymentsP), 'payments'), num('Share of sales', share(r.salesP), 'share'));
    }));
    $('chain-foot').replaceChildren(h('tr', {},
      h('th', { scope: 'row' }, 'All restaurants'), num('Orders', whole.format(total.orders), 'orders'), num('Sales', money(total.sales), 'sales'),
      num('Average ticket', avg === null ? '—' : money(avg), 'average'), num('Cancelled', whole.format(total.cancelled), 'cancelled'),
      num('Collected', money(total.payments), 'payments'), num('Share of sales', total.sales ? '100 %' : '—', 'share')));

    $('chart-restaurants').replaceChildren(restaurantChart(restaurants));
    const days = dayChart(chain, restaurants);
    $('chart-days-axis').replaceChildren(days.axis);
    $('chart-days').replaceChildren(days.chart);
    $('chart-legend').replaceChildren(...restaurants.map((r) => h('li', {},
      svg('svg', { width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': 'true', focusable: 'false' }, svg('rect', { width: 14, height: 14, rx: 3, fill: r.colour })),
      r.name)));
    $('chart-legend').hidden = restaurants.length < 2;
    $('days-table').replaceChildren(...days.table);

    $('exports-range').textContent = `${range}, every restaurant.`;
    for (const kind of ['orders', 'payments', 'invoices']) {
      const link = $(`export-${kind}`);
      link.href = `api/export?kind=${kind}&from=${encodeURIComponent(chain.from)}&to=${encodeURIComponent(chain.to)}`;
      link.setAttribute('download', `${kind}-${chain.from}-${chain.to}.csv`);
    }
    $('chain-result').hidden = false;
    // A range wider than the screen opens on its latest days.
    $('chart-days').scrollLeft = $('chart-days').scrollWidth;
  }

  /**
   * Horizontal bars, one restaurant a row, the biggest first; the name on its own line above its bar
   * so long names fit. Drawn in a 280-unit-wide box that fills its card: 13-unit text reads at
   * 12 px or more from a 320 px phone up.
   */
  function restaurantChart(restaurants) {
    const rows = [...restaurants].sort((a, b) => b.salesP - a.salesP);
    const W = 280, ROW = 42, H = Math.max(50, rows.length * ROW + 6);
    const max = Math.max(1, ...rows.map((r) => r.salesP));
    const chart = svg('svg', {
      class: 'hq-chart scaled', id: 'restaurant-chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': rows.length ? `Sales by restaurant: ${rows.map((r) => `${r.name} ${money(r.salesP)}`).join('; ')}` : 'No restaurants',
    });
    rows.forEach((r, i) => {
      const width = Math.max(2, (W - 100) * r.salesP / max);
      const name = r.name.length > 38 ? `${r.name.slice(0, 37)}…` : r.name;
      chart.append(
        svg('text', { class: 'label', x: 0, y: i * ROW + 14 }, name),
        svg('rect', { class: 'bar', x: 0, y: i * ROW + 20, width, height: 15, rx: 2, fill: r.colour },
          svg('title', {}, `${r.name}: ${money(r.salesP)} from ${plural(r.orders, 'order')}`)),
        svg('text', { class: 'value', x: width + 5, y: i * ROW + 32 }, money(r.salesP)));
    });
    if (!rows.length) chart.append(svg('text', { class: 'label', x: 0, y: 30 }, 'No restaurants yet'));
    return chart;
  }

  /** The buckets of a range: each day, or each month once the range is longer than two months. */
  function buckets(from, to) {
    const days = [];
    for (let d = localDate(from), end = localDate(to); d <= end && days.length < 400; d = addDays(d, 1)) days.push(isoDate(d));
    if (days.length <= 62) {
      return { monthly: false, keys: days, key: (date) => date, label: (k) => [dayMonth(k), weekday(k)], long: longDate };
    }
    const months = [...new Set(days.map((d) => d.slice(0, 7)))];
    const monthName = (k, options) => localDate(`${k}-01`).toLocaleDateString('en-IN', options);
    return {
      monthly: true, keys: months, key: (date) => date.slice(0, 7),
      label: (k) => [monthName(k, { month: 'short' }), monthName(k, { year: 'numeric' })], long: (k) => monthName(k, { month: 'long', year: 'numeric' }),
    };
  }

  /** A round top for the axis at or above `max` paise, in four steps of 1, 2, 2.5 or 5 × 10ⁿ. */
  function axisTop(max) {
    const raw = Math.max(max, 100) / 4;
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
    return step * 4;
  }

  /**
   * Sales by day (or by month), a group of bars a day, one bar a restaurant, in its colour. Drawn at
   * its real size in pixels, text at 13 px: a long range scrolls sideways inside its own box, never
   * the page. Also the same numbers as a table, for reading them exactly.
   */
  function dayChart(chain, restaurants) {
    const b = buckets(chain.from, chain.to);
    const cells = restaurants.map((r) => {
      const byKey = new Map();
      for (const day of r.days || []) {
        const k = b.key(day.date);
        const prior = byKey.get(k) || { sales: 0, orders: 0 };
        byKey.set(k, { sales: prior.sales + paise(day.sales), orders: prior.orders + Number(day.orders || 0) });
      }
      return byKey;
    });
    const M = Math.max(1, restaurants.length);
    const barW = M <= 2 ? 16 : M <= 4 ? 12 : M <= 8 ? 8 : 5;
    const groupW = Math.max(56, M * barW + 18);
    // The axis is its own narrow SVG beside the scrolling plot, so its amounts stay in view.
    const AXIS = 62, right = 10, top = 12, plotH = 170, bottom = 46;
    const left = 4, W = left + b.keys.length * groupW + right, H = top + plotH + bottom;
    let max = 0;
    for (const byKey of cells) for (const v of byKey.values()) max = Math.max(max, v.sales);
    const axis = axisTop(max);
    const y = (p) => top + plotH - plotH * p / axis;

    const chart = svg('svg', {
      class: 'hq-chart days', id: 'day-chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': `Sales ${b.monthly ? 'by month' : 'by day'} for each restaurant, ${rangeText(chain.from, chain.to)}; the table below has the same numbers`,
    });
    const axisChart = svg('svg', { class: 'hq-chart axis', width: AXIS, height: H, viewBox: `0 0 ${AXIS} ${H}`, 'aria-hidden': 'true', focusable: 'false' });
    for (let i = 0; i <= 4; i++) {
      const value = axis * i / 4;
      chart.append(svg('line', { class: 'grid-line', x1: 0, x2: W - right, y1: y(value), y2: y(value) }));
      axisChart.append(svg('text', { class: 'axis', x: AXIS - 6, y: y(value) + 4, 'text-anchor': 'end' }, moneyShort(value)));
    }
    b.keys.forEach((k, i) => {
      const x0 = left + i * groupW + (groupW - M * barW) / 2;
      restaurants.forEach((r, j) => {
        const v = cells[j].get(k) || { sales: 0, orders: 0 };
        const height = v.sales > 0 ? Math.max(1, plotH * v.sales / axis) : 0;
        chart.append(svg('rect', { class: 'bar', x: x0 + j * barW, y: top + plotH - height, width: barW - 1, height, fill: r.colour },
          svg('title', {}, `${r.name}, ${b.long(k)}: ${money(v.sales)} from ${plural(v.orders, 'order')}`)));
      });
      const [first, second] = b.label(k);
      const cx = left + i * groupW + groupW / 2;
      chart.append(svg('text', { class: 'day', x: cx, y: top + plotH + 19, 'text-anchor': 'middle' }, first),
        svg('text', { class: 'day muted-day', x: cx, y: top + plotH + 37, 'text-anchor': 'middle' }, second));
    });
    chart.append(svg('line', { class: 'base-line', x1: 0, x2: W - right, y1: top + plotH, y2: top + plotH }));

    const table = [
      h('caption', {}, `Sales ${b.monthly ? 'by month' : 'by day'} (orders in brackets)`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, b.monthly ? 'Month' : 'Day'),
        restaurants.map((r) => h('th', { scope: 'col', class: 'num' }, r.name)))),
      h('tbody', {}, b.keys.map((k) => h('tr', {}, h('th', { scope: 'row' }, b.long(k)),
        cells.map((byKey) => {
          const v = byKey.get(k) || { sales: 0, orders: 0 };
          return h('td', { class: 'num' }, `${money(v.sales)} (${whole.format(v.orders)})`);
        })))),
    ];
    return { axis: axisChart, chart, table };
  }

  // ---- Start ---------------------------------------------------------------------------------

  (async () => {
    try {
      const me = await api('api/me', { quiet: true });
      showApp(me.username);
    } catch (e) {
      showSignIn(e.status === 401 ? '' : e.message);
    }
  })();
})();
