// The staff app: waiters serve and take cash; managers run the menu, stock, staff, tables, sync
// and read today's dashboard. Orders on the floor stay live through the order stream.
'use strict';
(function () {
  const { h, api, money, LiveStream } = ID;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';

  const state = { token: sessionStorage.getItem('staff-token'), role: sessionStorage.getItem('staff-role'), view: null, stream: null };
  const call = (method, path, body) => api(method, path, { token: state.token, body });

  const views = {
    serve: { label: 'Floor', roles: ['WAITER', 'MANAGER'], render: renderFloor },
    bills: { label: 'Table bills', roles: ['WAITER', 'MANAGER'], render: renderBills },
    dashboard: { label: 'Today', roles: ['MANAGER'], render: renderDashboard },
    menu: { label: 'Menu', roles: ['MANAGER'], render: renderMenu },
    stock: { label: 'Stock', roles: ['MANAGER'], render: renderStock },
    staff: { label: 'Staff', roles: ['MANAGER'], render: renderStaff },
    tables: { label: 'Tables', roles: ['MANAGER'], render: renderTables },
    sync: { label: 'Sync', roles: ['MANAGER'], render: renderSync },
  };

  function flash(message) {
    const note = h('div', { class: 'toast', role: 'alert' }, message);
    document.body.append(note);
    setTimeout(() => note.remove(), 4000);
  }

  async function guarded(action) {
    try { return await action(); } catch (e) {
      if (e.status === 401) signOut(); else flash(e.message);
      return undefined;
    }
  }

  function show(name) {
    state.view = name;
    for (const b of $('tabs').children) b.setAttribute('aria-current', b.dataset.view === name ? 'page' : 'false');
    if (name !== 'serve' && state.stream) { state.stream.stop(); state.stream = null; }
    $('view').replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    guarded(() => views[name].render($('view')));
  }

  // --- The floor: orders to serve, bills to collect ------------------------------------------
  const paymentRequests = new Set();
  // What a waiter has typed into a bill, kept across live refreshes of the floor.
  const cashDrafts = new Map();

  async function renderFloor(root) {
    const [ready, served, calls] = await Promise.all([
      call('GET', '/api/orders?status=READY'), call('GET', '/api/orders?status=SERVED'), call('GET', '/api/calls')]);
    const toCollect = served.orders.filter((o) => Number(o.amount_due) > 0);
    const focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest('[data-order]') : null;
    const focusedOrder = focused ? focused.dataset.order : null;
    root.replaceChildren(
      h('h2', {}, `Tables calling (${calls.calls.length})`),
      h('div', { class: 'cards', id: 'calls' }, calls.calls.length ? calls.calls.map(callCard) : h('p', { class: 'muted' }, 'No table is calling.')),
      h('h2', {}, `Ready to serve (${ready.orders.length})`),
      h('div', { class: 'cards', id: 'ready' }, ready.orders.length ? ready.orders.map(readyCard) : h('p', { class: 'muted' }, 'Nothing waiting at the pass.')),
      h('h2', {}, `Bills to collect (${toCollect.length})`),
      h('div', { class: 'cards', id: 'collect' }, toCollect.length ? toCollect.map(collectCard) : h('p', { class: 'muted' }, 'No open bills.')));
    if (focusedOrder) {
      const input = root.querySelector(`#collect [data-order="${CSS.escape(focusedOrder)}"] input`);
      if (input) input.focus();
    }
    if (!state.stream) {
      let timer;
      const refresh = () => { clearTimeout(timer); timer = setTimeout(() => { if (state.view === 'serve') guarded(() => renderFloor($('view'))); }, 150); };
      state.stream = new LiveStream({
        token: () => state.token, onSnapshot: refresh,
        onEvent: (frame) => {
          if (frame.event_type === 'table.call') {
            flash(`Table ${frame.data.table_number} ${frame.data.kind === 'BILL' ? 'asks for the bill' : 'calls a waiter'}`);
          }
          if (frame.event_type === 'order.payment_requested') {
            paymentRequests.add(frame.order_id);
            flash(`Table ${frame.data.table_number} asks for the bill (${money(frame.data.amount_due)})`);
          }
          refresh();
        },
        onState: (s) => { if (s === 'signed-out') signOut(); },
      });
      state.stream.start();
    }
  }

  // A guest's "call the waiter" or "bring the bill": one card per table and kind until taken.
  function callCard(tableCall) {
    const what = tableCall.kind === 'BILL' ? 'asks for the bill' : 'calls a waiter';
    const since = new Date(tableCall.created_at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
    return h('article', { class: 'card call-card', dataset: { call: tableCall.id, table: String(tableCall.table_number) } },
      h('header', {}, h('span', {}, `Table ${tableCall.table_number}`), h('time', {}, since)),
      h('p', {}, `${tableCall.kind === 'BILL' ? '🧾' : '🙋'} ${what}`),
      h('button', { class: 'primary', type: 'button', onclick: async (e) => {
        e.target.disabled = true;
        await guarded(() => call('POST', `/api/calls/${encodeURIComponent(tableCall.id)}/acknowledge`));
        renderFloor($('view'));
      } }, 'On my way'));
  }

  function itemsList(order) {
    return h('ul', {}, order.items.map((i) => h('li', {}, `${i.quantity}× ${i.name}`)));
  }

  function readyCard(order) {
    return h('article', { class: 'card order-card', dataset: { order: order.id } },
      h('header', {}, h('span', {}, `#${order.ticket_number} · Table ${order.table_number}`), h('span', {}, money(order.total))),
      itemsList(order),
      h('button', { class: 'primary', type: 'button', onclick: (e) => serve(order, e.target) }, 'Mark served'));
  }

  async function serve(order, button) {
    button.disabled = true;
    await guarded(() => call('PATCH', `/api/orders/${encodeURIComponent(order.id)}/status`, { status: 'SERVED', notes: 'Served at the table' }));
    renderFloor($('view'));
  }

  function toPaise(text) {
    const value = String(text).trim();
    if (!/^\d+(\.\d{1,2})?$/.test(value)) return null;
    const [whole, fraction = ''] = value.split('.');
    return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  }

  function collectCard(order) {
    const due = Math.round(Number(order.amount_due) * 100);
    const change = h('p', { class: 'change', 'aria-live': 'polite' }, '');
    const input = h('input', { type: 'text', inputmode: 'decimal', placeholder: 'Cash received', 'aria-label': `Cash received for order ${order.ticket_number}` });
    const collect = h('button', { class: 'primary', type: 'button', disabled: true }, 'Collect cash');
    const update = () => {
      cashDrafts.set(order.id, input.value);
      const received = toPaise(input.value);
      collect.disabled = received === null || received < due;
      if (received === null) { change.textContent = ''; change.className = 'change'; return; }
      change.className = received < due ? 'change short' : 'change';
      change.textContent = received < due ? `Short by ${money((due - received) / 100)}` : `Change: ${money((received - due) / 100)}`;
    };
    input.addEventListener('input', update);
    if (cashDrafts.has(order.id)) { input.value = cashDrafts.get(order.id); update(); }
    collect.addEventListener('click', async () => {
      collect.disabled = true;
      const result = await guarded(() => call('PATCH', `/api/payments/${encodeURIComponent(order.id)}/cash`, { amount_received: Number(input.value), payment_method: 'CASH' }));
      if (result) {
        paymentRequests.delete(order.id);
        cashDrafts.delete(order.id);
        flash(result.message);
        change.textContent = result.message;
        setTimeout(() => renderFloor($('view')), 1500);
      } else {
        collect.disabled = false;
      }
    });
    return h('article', { class: 'card order-card' + (paymentRequests.has(order.id) ? ' wants-pay' : ''), dataset: { order: order.id } },
      h('header', {}, h('span', {}, `#${order.ticket_number} · Table ${order.table_number}`), h('span', { class: 'due' }, 'Due ' + money(order.amount_due))),
      itemsList(order), input, change, collect);
  }

  // --- Table bills: one per seated table, split and collected part by part ---------------------
  async function renderBills(root) {
    const [open, tables, issued] = await Promise.all([call('GET', '/api/sessions'), call('GET', '/api/tables'), call('GET', '/api/invoices')]);
    const taken = new Set(open.sessions.map((s) => s.table_id));
    const free = tables.tables.filter((t) => !taken.has(t.id));
    const shown = h('div', { id: 'invoice-shown' });
    root.replaceChildren(
      h('h2', {}, `Open tables (${open.sessions.length})`),
      h('div', { class: 'cards', id: 'sessions' }, open.sessions.length
        ? open.sessions.map((s) => sessionCard(s, open.sessions.filter((o) => o.id !== s.id), free))
        : h('p', { class: 'muted' }, 'No table has an open bill.')),
      h('h2', {}, `Invoices today (${issued.invoices.length})`),
      h('ul', { id: 'invoices' }, issued.invoices.map((inv) => h('li', { dataset: { invoice: inv.number } },
        `${inv.number} · ${money(inv.total)} · ${inv.payment_methods.toLowerCase()} `,
        h('button', { type: 'button', onclick: async () => {
          const answer = await guarded(() => call('GET', `/api/sessions/${encodeURIComponent(inv.session_id)}/invoice`));
          if (answer) shown.replaceChildren(ID.invoiceView(answer.invoice));
        } }, 'Show')))),
      shown);
  }

  async function sessionAction(path, body) {
    const result = await guarded(() => call('POST', path, body));
    if (result && result.message) flash(result.message);
    guarded(() => renderBills($('view')));
  }

  function sessionCard(session, others, freeTables) {
    const base = `/api/sessions/${encodeURIComponent(session.id)}`;
    const lines = session.lines.map((l) => h('li', {}, `${l.quantity}× ${l.name}`, h('span', { class: 'muted' }, ` · round ${l.round} · ${money(l.amount)}`)));
    const parts = session.parts.map((part) => {
      if (part.status === 'PAID') return h('li', { dataset: { part: part.id } }, `${part.label}: ${money(part.amount)} · paid`);
      const due = Math.round((Number(part.amount) - Number(part.paid)) * 100);
      const input = h('input', { type: 'text', inputmode: 'decimal', placeholder: 'Cash received', 'aria-label': `Cash for ${part.label}` });
      const change = h('span', { class: 'change' }, '');
      const collect = h('button', { class: 'primary', type: 'button', disabled: true }, 'Collect');
      input.addEventListener('input', () => {
        const received = toPaise(input.value);
        collect.disabled = received === null || received < due;
        change.textContent = received === null ? '' : received < due ? `Short by ${money((due - received) / 100)}` : `Change: ${money((received - due) / 100)}`;
      });
      collect.addEventListener('click', () => {
        collect.disabled = true;
        sessionAction(`${base}/parts/${encodeURIComponent(part.id)}/cash`, { amount_received: Number(input.value) });
      });
      return h('li', { dataset: { part: part.id } }, `${part.label}: ${money(part.amount)} due `, input, collect, change);
    });
    const ways = h('input', { type: 'number', min: 2, max: 20, value: 2, 'aria-label': 'Ways to split', class: 'narrow' });
    const splitting = session.parts.some((p) => Number(p.paid) > 0) ? null : h('p', { class: 'actions' },
      h('button', { type: 'button', onclick: () => sessionAction(`${base}/split`, { mode: 'whole' }) }, 'One bill'),
      ' ', ways, ' ',
      h('button', { type: 'button', onclick: () => sessionAction(`${base}/split`, { mode: 'equal', parts: Number(ways.value) }) }, 'Split equally'));
    const moveTo = h('select', { 'aria-label': `Move table ${session.table_number} to` }, freeTables.map((t) => h('option', { value: t.id }, `Table ${t.table_number}`)));
    const mergeFrom = h('select', { 'aria-label': `Merge into table ${session.table_number}` }, others.map((o) => h('option', { value: o.id }, `Table ${o.table_number}`)));
    return h('article', { class: 'card session-card', dataset: { session: session.id, table: String(session.table_number) } },
      h('header', {}, h('span', {}, `Table ${session.table_number}`), h('span', { class: 'due' }, 'Due ' + money(session.due))),
      h('p', { class: 'muted' }, `${session.guests} guest${session.guests === 1 ? '' : 's'} · ${session.orders.length} order${session.orders.length === 1 ? '' : 's'} · total ${money(session.total)}`),
      h('ul', {}, lines),
      parts.length ? h('ul', { class: 'parts' }, parts) : null,
      splitting,
      h('p', { class: 'actions' },
        freeTables.length ? [moveTo, ' ', h('button', { type: 'button', onclick: () => sessionAction(`${base}/move`, { table_id: moveTo.value }) }, 'Move')] : null,
        others.length ? [' ', mergeFrom, ' ', h('button', { type: 'button', onclick: () => sessionAction(`${base}/merge`, { from_session_id: mergeFrom.value }) }, 'Merge in')] : null));
  }

  // --- Today's dashboard, drawn as SVG ---------------------------------------------------------
  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }

  /** Vertical bars: revenue per hour of the day. */
  function hourChart(hourly) {
    const hours = hourly.length ? hourly : [];
    const first = hours.length ? Math.min(...hours.map((x) => x.hour)) : 12;
    const last = hours.length ? Math.max(...hours.map((x) => x.hour)) : 22;
    const span = [];
    for (let hr = Math.min(first, 11); hr <= Math.max(last, 22); hr++) span.push(hours.find((x) => x.hour === hr) || { hour: hr, revenue: 0, orders: 0 });
    const max = Math.max(1, ...span.map((x) => Number(x.revenue)));
    const W = 480, H = 220, left = 40, bottom = 24, bw = (W - left) / span.length;
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Revenue per hour' });
    span.forEach((x, i) => {
      const height = (H - bottom - 16) * Number(x.revenue) / max;
      const bar = svg('rect', { class: 'bar', x: left + i * bw + 2, y: H - bottom - height, width: bw - 4, height: Math.max(height, 0) });
      bar.append(svg('title', {}, `${x.hour}:00 — ${money(x.revenue)} from ${x.orders} orders`));
      chart.append(bar, svg('text', { x: left + i * bw + bw / 2, y: H - 8, 'text-anchor': 'middle' }, x.hour));
    });
    chart.append(svg('text', { x: 0, y: 12 }, money(max)), svg('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: '#ccc' }));
    return chart;
  }

  /** Horizontal bars: the day's top items by quantity. */
  function topItemsChart(items) {
    const rows = items.slice(0, 6);
    const max = Math.max(1, ...rows.map((x) => x.quantity));
    const W = 480, row = 30, H = Math.max(60, rows.length * row + 10), left = 130;
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Top items' });
    rows.forEach((x, i) => {
      const width = (W - left - 60) * x.quantity / max;
      chart.append(
        svg('text', { x: 0, y: i * row + 20 }, x.name),
        svg('rect', { class: 'bar', x: left, y: i * row + 6, width, height: 20 }),
        svg('text', { class: 'value', x: left + width + 6, y: i * row + 20 }, `${x.quantity} · ${money(x.revenue)}`));
    });
    if (!rows.length) chart.append(svg('text', { x: 0, y: 30 }, 'No orders yet today'));
    return chart;
  }

  /** Revenue against the discounts given to earn it. */
  function discountChart(summary) {
    const revenue = Number(summary.total_revenue), discount = Number(summary.discount_savings);
    const max = Math.max(1, revenue + discount);
    const W = 480, H = 110, left = 130, width = W - left - 10;
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Discounts given' });
    const bars = [['Revenue', revenue, 'bar'], ['Discounts given', discount, 'bar alt']];
    bars.forEach(([label, value, cls], i) => {
      const w = width * value / max;
      chart.append(svg('text', { x: 0, y: i * 44 + 26 }, label), svg('rect', { class: cls, x: left, y: i * 44 + 10, width: w, height: 24 }),
        svg('text', { class: 'value', x: left + Math.min(w + 6, width - 70), y: i * 44 + 26 }, money(value)));
    });
    return chart;
  }

  async function renderDashboard(root) {
    const s = await call('GET', '/api/analytics/summary');
    const kpi = (label, value) => h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, label), h('strong', {}, value));
    root.replaceChildren(
      h('h2', {}, `Today, ${s.date}`),
      h('div', { class: 'kpis' }, kpi('Orders', s.total_orders), kpi('Revenue', money(s.total_revenue)), kpi('Collected', money(s.collected)),
        kpi('Average order', money(s.average_order_value)), kpi('Discounts given', money(s.discount_savings)),
        kpi('Peak hour', s.peak_hour === undefined || s.peak_hour === null ? '—' : `${s.peak_hour}:00`)),
      h('div', { class: 'charts' },
        h('section', { class: 'card chart', id: 'chart-hourly' }, h('h3', {}, 'Revenue per hour'), hourChart(s.hourly)),
        h('section', { class: 'card chart', id: 'chart-top' }, h('h3', {}, 'Top items'), topItemsChart(s.top_items)),
        h('section', { class: 'card chart', id: 'chart-discounts' }, h('h3', {}, 'Discounts given'), discountChart(s))));
  }

  // --- Menu editor ------------------------------------------------------------------------------
  async function renderMenu(root) {
    const menu = await call('GET', '/api/menu/manage');
    const categories = menu.categories;
    const rows = menu.items.map((item) => {
      const price = h('input', { type: 'text', inputmode: 'decimal', value: item.price, 'aria-label': `Price of ${item.name}` });
      const tags = h('input', { class: 'wide', type: 'text', value: item.dietary_tags.join(', '), 'aria-label': `Tags of ${item.name}` });
      const category = h('select', { 'aria-label': `Category of ${item.name}` }, categories.map((c) => h('option', { value: c.id, selected: c.id === item.category_id }, c.name)));
      const available = h('input', { type: 'checkbox', checked: item.is_available, 'aria-label': `${item.name} available` });
      const save = h('button', { type: 'button', onclick: async () => {
        const body = {
          price: Number(price.value), category_id: category.value, is_available: available.checked,
          dietary_tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
        };
        if (await guarded(() => call('PATCH', `/api/menu/items/${encodeURIComponent(item.id)}`, body))) { flash(`${item.name} saved`); renderMenu(root); }
      } }, 'Save');
      return h('tr', { class: item.is_available ? '' : 'eighty-sixed', dataset: { item: item.id } },
        h('td', {}, item.name), h('td', {}, category), h('td', {}, price), h('td', {}, tags), h('td', {}, h('label', {}, available, ' on menu')), h('td', {}, save));
    });
    const newCategory = h('input', { type: 'text', placeholder: 'New category', 'aria-label': 'New category name' });
    root.replaceChildren(
      h('h2', {}, 'Menu'),
      h('p', { class: 'muted' }, 'Untick "on menu" to 86 an item: guests stop seeing it at once.'),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Item', 'Category', 'Price ₹', 'Dietary tags', 'Available', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows)),
      h('div', { class: 'inline-form' }, newCategory, h('button', { type: 'button', onclick: async () => {
        if (await guarded(() => call('POST', '/api/menu/categories', { name: newCategory.value }))) renderMenu(root);
      } }, 'Add category')));
  }

  // --- Stock ------------------------------------------------------------------------------------
  async function renderStock(root) {
    const stock = await call('GET', '/api/inventory');
    const rows = stock.ingredients.map((i) => {
      const amount = h('input', { type: 'number', min: 1, placeholder: i.unit, 'aria-label': `Restock ${i.name}` });
      return h('tr', { dataset: { ingredient: i.id } },
        h('td', {}, i.name), h('td', {}, `${i.available} ${i.unit}`), h('td', {}, `${i.reserved} ${i.unit}`), h('td', {}, `${i.par_level} ${i.unit}`),
        h('td', { class: i.low_stock ? 'low' : '' }, `${i.stock_percentage}%`),
        h('td', {}, amount, ' ', h('button', { type: 'button', onclick: async () => {
          if (await guarded(() => call('POST', `/api/inventory/ingredients/${encodeURIComponent(i.id)}/restock`, { quantity: Number(amount.value) }))) renderStock(root);
        } }, 'Restock')));
    });
    root.replaceChildren(h('h2', {}, 'Stock'),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Ingredient', 'Available', 'Reserved', 'Par', 'Of par', 'Delivery'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
  }

  // --- Staff accounts -----------------------------------------------------------------------------
  async function renderStaff(root) {
    const { staff } = await call('GET', '/api/staff');
    const form = h('form', { class: 'inline-form' },
      h('label', {}, 'Username', h('input', { name: 'username', required: true })),
      h('label', {}, 'Name', h('input', { name: 'display_name' })),
      h('label', {}, 'Role', h('select', { name: 'role' }, ['WAITER', 'KITCHEN_STAFF', 'MANAGER'].map((r) => h('option', { value: r }, r)))),
      h('label', {}, 'Password', h('input', { name: 'password', type: 'password', minlength: 8, required: true, autocomplete: 'new-password' })),
      h('button', { type: 'submit', class: 'primary' }, 'Add'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = Object.fromEntries(new FormData(form));
      if (await guarded(() => call('POST', '/api/staff', body))) renderStaff(root);
    });
    root.replaceChildren(h('h2', {}, 'Staff'),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Username', 'Name', 'Role', 'Active'].map((t) => h('th', {}, t)))),
        h('tbody', {}, staff.map((s) => h('tr', {}, h('td', {}, s.username), h('td', {}, s.display_name), h('td', {}, s.role), h('td', {}, s.is_active ? 'yes' : 'no'))))),
      h('h3', {}, 'Add an account'), form);
  }

  // --- Tables and their QR codes ------------------------------------------------------------------
  async function renderTables(root) {
    const result = await call('GET', '/api/tables');
    root.replaceChildren(h('h2', {}, 'Tables'),
      h('p', {}, h('a', { href: result.qr_sheet, target: '_blank', rel: 'noopener' }, 'Print all QR codes (A4)')),
      h('div', { class: 'qr-list' }, result.tables.map((t) => h('figure', { class: 'card' },
        h('img', { src: t.qr_svg, alt: `QR code for ${t.name}` }), h('figcaption', {}, `${t.name} · ${t.capacity} seats`)))));
  }

  // --- Cloud sync and flagged payments -------------------------------------------------------------
  async function renderSync(root) {
    const [sync, flagged] = await Promise.all([call('GET', '/api/admin/sync'), call('GET', '/api/payments/flagged')]);
    const age = sync.oldest_unsent_age_seconds;
    root.replaceChildren(h('h2', {}, 'Sync with the cloud'),
      h('div', { class: 'kpis' },
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Forwarding'), h('strong', {}, sync.forwarding_enabled ? 'On' : 'Off')),
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Backlog'), h('strong', {}, `${sync.backlog} events`)),
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Oldest unsent'), h('strong', {}, age === undefined || age === null ? '—' : `${Math.round(age / 60)} min`)),
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Last success'), h('strong', {}, sync.last_success_at ? new Date(sync.last_success_at).toLocaleTimeString() : '—'))),
      h('h3', {}, 'Parked batches'),
      sync.parked_batches.length ? h('table', { class: 'grid' }, h('tbody', {}, sync.parked_batches.map((b) => h('tr', {},
        h('td', {}, `${b.event_count} events (${b.first_seq}–${b.last_seq})`), h('td', {}, `${b.status_code}: ${b.reason}`),
        h('td', {}, h('button', { type: 'button', onclick: async () => {
          if (await guarded(() => call('POST', `/api/admin/sync/parked/${encodeURIComponent(b.id)}/retry`))) renderSync(root);
        } }, 'Retry')))))) : h('p', { class: 'muted' }, 'None.'),
      h('h3', {}, 'Consumers'),
      h('table', { class: 'grid' }, h('tbody', {}, sync.consumers.map((c) => h('tr', {}, h('td', {}, c.name), h('td', {}, `lag ${c.lag}`))))),
      h('h3', {}, 'Online payments to check'),
      flagged.payments.length ? h('table', { class: 'grid' }, h('tbody', {}, flagged.payments.map((p) => h('tr', {},
        h('td', {}, money(p.amount)), h('td', {}, p.razorpay_payment_id || ''), h('td', {}, p.flag_reason || ''))))) : h('p', { class: 'muted' }, 'None.'),
      ...httpsSection(sync.tls));
  }

  // HTTPS: the certificate guests' phones are shown, a warning two weeks before it expires, and the
  // box's own CA for staff devices when it uses one (docs/operations/https.md).
  function httpsSection(tls) {
    if (!tls.enabled) {
      return [h('h3', {}, 'HTTPS'), h('p', { class: 'low', id: 'tls-off' }, 'Off: guests\' codes and staff passwords cross the Wi-Fi unencrypted.')];
    }
    const until = new Date(tls.not_after).toLocaleDateString();
    const dayCount = `${tls.days_left} day${tls.days_left === 1 ? '' : 's'}`;
    const days = tls.days_left < 0 ? 'Expired' : `${dayCount} left`;
    return [h('h3', {}, 'HTTPS'),
      tls.expiring_soon ? h('p', { class: 'low', id: 'tls-warning', role: 'alert' },
        tls.days_left < 0 ? `The certificate expired on ${until}: phones now show a warning. Renew it now.`
          : `The certificate expires on ${until} (${dayCount}). Renewal should have happened by now: check it.`) : '',
      h('div', { class: 'kpis' },
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Certificate'), h('strong', {}, days)),
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Valid until'), h('strong', {}, until)),
        h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Refused reloads'), h('strong', {}, String(tls.failed_reloads)))),
      tls.ca_download ? h('p', {}, 'Staff devices: ', h('a', { href: tls.ca_download, download: 'intellidine-ca.crt', id: 'tls-ca' },
        'install this box\'s certificate authority'), ' (check its fingerprint against the one the set-up printed). Guests\' phones will warn.') : ''];
  }

  // --- Sign-in ------------------------------------------------------------------------------------
  function start() {
    $('login').hidden = true;
    $('sign-out').hidden = false;
    $('who').textContent = state.role.replace('_', ' ').toLowerCase();
    const allowed = Object.entries(views).filter(([, v]) => v.roles.includes(state.role));
    if (!allowed.length) {
      $('view').replaceChildren(h('p', {}, 'The kitchen works from the ', h('a', { href: '/kitchen' }, 'kitchen display'), '.'));
      return;
    }
    $('tabs').replaceChildren(...allowed.map(([key, v]) => h('button', { type: 'button', dataset: { view: key }, onclick: () => show(key) }, v.label)));
    show(allowed[0][0]);
  }

  function signOut() {
    if (state.stream) { state.stream.stop(); state.stream = null; }
    sessionStorage.removeItem('staff-token');
    sessionStorage.removeItem('staff-role');
    state.token = null;
    $('tabs').replaceChildren();
    $('view').replaceChildren();
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('login').hidden = false;
  }

  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const body = { username: form.get('username'), password: form.get('password') };
      if (ID.tenantId) body.tenant_id = ID.tenantId;
      const result = await api('POST', '/api/auth/staff/login', { body });
      state.token = result.access_token;
      state.role = result.staff.role;
      sessionStorage.setItem('staff-token', state.token);
      sessionStorage.setItem('staff-role', state.role);
      $('login-error').textContent = '';
      start();
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });
  $('sign-out').addEventListener('click', async () => {
    await api('POST', '/api/auth/logout', { token: state.token }).catch(() => {});
    signOut();
  });

  if (state.token && state.role) start(); else $('login').hidden = false;
})();
