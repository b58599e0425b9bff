// The kitchen display: tickets live from the order stream, one tap to start and to bump.
// A station's screen (the Station filter) shows only its own lines and bumps only them; the order
// is READY when its last station is done. "All stations" is the expo view: every order with each
// station's progress, and whole-order buttons (docs/apps.md, "The kitchen display").
'use strict';
(function () {
  const { h, api, LiveStream } = ID;
  const $ = (id) => document.getElementById(id);
  // Ages in minutes at which a ticket turns amber and red.
  const WARN_MINUTES = 8, LATE_MINUTES = 15;

  const state = {
    token: sessionStorage.getItem('kds-token'), // survives a reload of the wall screen, not a closed tab
    orders: new Map(), // order id → ticket
    bumped: [],        // READY tickets, most recent last, for Recall
    recalled: new Set(),
    categories: new Map(), // menu item id → category id (its station)
    stationNames: new Map(), // station (category id) → name
    station: '',
    sound: null,
  };

  /** A ticket from a snapshot order or from an order.created event. */
  function ticketFromOrder(order) {
    return {
      id: order.id, number: order.ticket_number, table: order.table_number, round: order.round || 1, status: order.status,
      placedAt: new Date(order.created_at),
      items: order.items.map((i) => ({
        itemId: i.menu_item_id, name: i.name, quantity: i.quantity, variant: i.variant, options: i.options || [],
        note: i.special_instructions,
        station: i.station || '', status: i.kitchen_status || 'NEW',
      })),
    };
  }
  function ticketFromCreated(event) {
    const d = event.data;
    return {
      id: d.order_id, number: d.ticket_number, table: d.table_number, round: d.round || 1, status: 'PENDING',
      placedAt: new Date(d.timestamp),
      items: d.items.map((i) => ({
        itemId: i.item_id, name: i.name, quantity: i.quantity, variant: i.variant, options: i.options || [],
        note: i.special_instructions,
        station: i.station || '', status: 'NEW',
      })),
    };
  }

  function onSnapshot(orders) {
    state.orders.clear();
    state.bumped = [];
    state.recalled.clear();
    for (const order of orders) {
      const ticket = ticketFromOrder(order);
      state.orders.set(ticket.id, ticket);
      if (ticket.status === 'READY') state.bumped.push(ticket.id);
    }
    render();
  }

  function onEvent(frame) {
    if (frame.event_type === 'order.created') {
      state.orders.set(frame.order_id, ticketFromCreated(frame));
      beep();
    } else if (frame.event_type === 'order.status_changed') {
      const ticket = state.orders.get(frame.order_id);
      if (!ticket) return;
      ticket.status = frame.data.new_status;
      // The status's meaning for the lines; a station's own lines event, which follows, is exact.
      if (ticket.status === 'PREPARING') for (const item of ticket.items) if (item.status === 'NEW') item.status = 'COOKING';
      if (ticket.status === 'READY') for (const item of ticket.items) item.status = 'DONE';
      state.recalled.delete(ticket.id);
      state.bumped = state.bumped.filter((id) => id !== ticket.id);
      if (ticket.status === 'READY') state.bumped.push(ticket.id);
      if (!['PENDING', 'PREPARING', 'READY'].includes(ticket.status)) state.orders.delete(ticket.id);
    } else if (frame.event_type === 'order.lines_changed') {
      const ticket = state.orders.get(frame.order_id);
      if (!ticket) return;
      for (const line of frame.data.lines) if (ticket.items[line.position]) ticket.items[line.position].status = line.status;
    }
    render();
  }

  function setConnection(s) {
    const pill = $('connection');
    const text = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' }[s];
    pill.textContent = text;
    pill.className = 'pill ' + s;
    $('lost').hidden = s !== 'reconnecting';
    document.body.classList.toggle('offline', s === 'reconnecting');
    if (s === 'signed-out') signOut();
  }

  /** A line's station, as ordered. A line with none (its dish was deleted before stations
   *  existed) shows only on the expo view, which can still move the whole order. */
  const stationOf = (item) => item.station || '';

  function visibleItems(ticket) {
    return state.station ? ticket.items.filter((i) => stationOf(i) === state.station) : ticket.items;
  }

  /** Whether this screen still has work on the ticket: a station is done once its lines are. */
  function open(ticket) {
    if (!(ticket.status === 'PENDING' || ticket.status === 'PREPARING')) return false;
    return !state.station || visibleItems(ticket).some((i) => i.status !== 'DONE');
  }

  function render() {
    const board = $('board');
    const shown = [...state.orders.values()]
      .filter((t) => open(t) || state.recalled.has(t.id))
      .filter((t) => visibleItems(t).length > 0)
      .sort((a, b) => a.placedAt - b.placedAt || a.number - b.number);
    const cards = drawn(shown, (t) => t.id, cardKey, renderTicket);
    ID.placeChildren(board, cards.length ? cards : [h('p', { class: 'kds-empty' }, 'No open tickets')]);
    $('recall').disabled = state.bumped.filter((id) => !state.recalled.has(id)).length === 0;
    renderAllDay();
    tick();
  }

  // Each ticket's card and what it was drawn from. A redraw keeps the cards that did not change, so
  // a new order arriving while a cook presses Ready on another ticket does not swallow the tap.
  const drawn = ID.drawnNodes();
  function cardKey(ticket) {
    // Station names only where the card shows them (the expo view's progress line, for an order
    // cooked at two stations or more): names arriving after the first draw rebuild no other card.
    const stations = [...new Set(ticket.items.map(stationOf))];
    const names = !state.station && stations.length > 1 ? stations.map((s) => state.stationNames.get(s)) : [];
    // The zone: a card drawn on the device's clock before the restaurant's was known is redrawn.
    return JSON.stringify([ticket, state.recalled.has(ticket.id), state.station, names, ID.zone]);
  }

  function renderTicket(ticket) {
    const recalled = state.recalled.has(ticket.id);
    const mine = visibleItems(ticket);
    // A station starts and bumps its own lines; the expo view moves the whole order.
    const notStarted = state.station ? mine.every((i) => i.status === 'NEW') : ticket.status === 'PENDING';
    const action = recalled
      ? h('button', { type: 'button', class: 'bump', onclick: () => { state.recalled.delete(ticket.id); render(); } }, 'Dismiss')
      : notStarted
        ? h('button', { type: 'button', class: 'start', onclick: (e) => change(ticket, 'PREPARING', e.target) }, 'Start cooking')
        : h('button', { type: 'button', class: 'bump', onclick: (e) => change(ticket, 'READY', e.target) }, 'Ready');
    const status = recalled ? 'RECALLED · READY' : notStarted ? 'NEW' : 'COOKING';
    return h('article', { class: 'ticket ' + ticket.status.toLowerCase() + (recalled ? ' recalled' : ''), dataset: { order: ticket.id, placed: ticket.placedAt.getTime() } },
      h('header', {},
        h('span', { class: 'ticket-number' }, '#' + ticket.number),
        h('span', { class: 'ticket-table' }, 'Table ' + ticket.table + (ticket.round > 1 ? ` · Round ${ticket.round}` : '')),
        h('span', { class: 'ticket-age' }, '')),
      h('div', { class: 'ticket-meta' },
        h('time', {}, ID.time(ticket.placedAt)),
        h('span', { class: 'ticket-status' }, status)),
      state.station ? null : progress(ticket),
      h('ul', { class: 'ticket-items' }, mine.map((item) => h('li', { class: 'line-' + item.status.toLowerCase(), dataset: { station: stationOf(item) } },
        item.status === 'DONE' ? h('span', { class: 'line-done', 'aria-label': 'done' }, '✓ ') : null,
        h('span', { class: 'qty' }, item.quantity + '×'), ' ', h('span', { class: 'name' }, item.name),
        item.variant ? h('span', { class: 'variant' }, ` (${item.variant})`) : null,
        item.options.length ? h('p', { class: 'options' }, item.options.map((o) => Number(o.price) > 0 ? '+ ' + o.name : `${o.group}: ${o.name}`).join(' · ')) : null,
        item.note ? h('p', { class: 'note' }, item.note) : null))),
      action);
  }

  /** The expo view's line per station: each station's name and how far it is with this order. */
  function progress(ticket) {
    const stations = [...new Set(ticket.items.map(stationOf))];
    if (stations.length < 2) return null;
    return h('p', { class: 'progress' }, stations.map((station) => {
      const lines = ticket.items.filter((i) => stationOf(i) === station);
      const state_ = lines.every((i) => i.status === 'DONE') ? 'done' : lines.some((i) => i.status !== 'NEW') ? 'cooking' : 'new';
      const label = { done: '✓ ready', cooking: 'cooking', new: 'not started' }[state_];
      return h('span', { class: 'station ' + state_, dataset: { station } }, `${state.stationNames.get(station) || station}: ${label}`);
    }));
  }

  function renderAllDay() {
    const counts = new Map();
    for (const t of state.orders.values()) {
      if (t.status !== 'PENDING' && t.status !== 'PREPARING') continue;
      for (const item of visibleItems(t)) if (item.status !== 'DONE') counts.set(item.name, (counts.get(item.name) || 0) + item.quantity);
    }
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    $('allday').replaceChildren(...rows.map(([name, n]) => h('li', {}, h('span', { class: 'count' }, n), ' ', name)));
  }

  /** Age timers and colours, every second, without rebuilding the board. */
  function tick() {
    const now = Date.now();
    $('clock').textContent = ID.time(now);
    for (const el of document.querySelectorAll('.ticket')) {
      const seconds = Math.max(0, Math.floor((now - Number(el.dataset.placed)) / 1000));
      el.querySelector('.ticket-age').textContent =
        String(Math.floor(seconds / 60)).padStart(2, '0') + ':' + String(seconds % 60).padStart(2, '0');
      el.classList.toggle('warn', seconds >= WARN_MINUTES * 60 && seconds < LATE_MINUTES * 60);
      el.classList.toggle('late', seconds >= LATE_MINUTES * 60);
    }
  }

  async function change(ticket, status, button) {
    button.disabled = true;
    try {
      if (state.station) {
        await api('PATCH', `/api/orders/${encodeURIComponent(ticket.id)}/stations/${encodeURIComponent(state.station)}`, {
          token: state.token, body: { status: status === 'PREPARING' ? 'COOKING' : 'DONE' },
        });
      } else {
        await api('PATCH', `/api/orders/${encodeURIComponent(ticket.id)}/status`, {
          token: state.token, body: { status, notes: status === 'PREPARING' ? 'Started cooking' : 'Ready for pickup' },
        });
      }
      // The board changes when the event comes back on the stream: every screen agrees.
    } catch (e) {
      button.disabled = false;
      if (e.status === 401) return signOut();
      flash(e.message);
    }
  }

  function flash(message) {
    const note = h('div', { class: 'toast', role: 'alert' }, message);
    document.body.append(note);
    setTimeout(() => note.remove(), 4000);
  }

  function recall() {
    const id = [...state.bumped].reverse().find((i) => !state.recalled.has(i));
    if (!id) return;
    state.recalled.add(id);
    render();
  }

  function beep() {
    if (!state.sound) return;
    const ctx = state.sound, osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.3, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
  }

  function toggleSound() {
    const on = !state.sound;
    if (on) {
      try { state.sound = new AudioContext(); } catch (e) { return flash('This screen cannot play sound'); }
      beep();
    } else {
      state.sound.close();
      state.sound = null;
    }
    $('sound').textContent = on ? '🔔 Sound on' : '🔕 Sound off';
    $('sound').setAttribute('aria-pressed', String(on));
  }

  async function loadStations() {
    try {
      const menu = await api('GET', '/api/menu/manage', { token: state.token });
      for (const item of menu.items) state.categories.set(item.id, item.category_id);
      for (const category of menu.categories) state.stationNames.set(category.id, category.name);
      $('station').replaceChildren(h('option', { value: '' }, 'All stations (expo)'),
        ...menu.categories.map((c) => h('option', { value: c.id }, c.name)));
      $('station').value = state.station;
      render();
    } catch (e) { /* stations are a filter; the board works without them */ }
  }

  /** The restaurant's clock for the tickets' times and the wall clock (common.js, `ID.zone`). */
  async function loadZone() {
    if (await ID.loadZone(state.token)) render();
  }

  let stream;
  function startBoard() {
    $('login').hidden = true;
    $('kds').hidden = false;
    loadStations();
    loadZone();
    stream = new LiveStream({ token: () => state.token, onSnapshot, onEvent, onState: setConnection });
    stream.start();
  }

  function signOut() {
    if (stream) stream.stop();
    sessionStorage.removeItem('kds-token');
    state.token = null;
    $('kds').hidden = true;
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
      sessionStorage.setItem('kds-token', state.token);
      $('login-error').textContent = '';
      if (!state.sound) toggleSound(); // the sign-in tap is the gesture browsers need for sound
      startBoard();
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });
  $('station').addEventListener('change', (e) => { state.station = e.target.value; render(); });
  $('recall').addEventListener('click', recall);
  $('sound').addEventListener('click', toggleSound);
  setInterval(tick, 1000);

  if (state.token) startBoard(); else { $('login').hidden = false; }
})();
