// The guest app: welcome, phone and code, menu, cart, place order, confirmation, live tracking.
// The token lives in this page's memory only, never in storage: closing the tab signs out.
'use strict';
(function () {
  const { h, api, money, LiveStream } = ID;
  const $ = (id) => document.getElementById(id);
  const tenantQuery = 'tenant_id=' + encodeURIComponent(ID.tenantId);
  const tableId = decodeURIComponent(location.pathname.split('/')[2] || '');

  const state = {
    token: null, customerId: null, phone: null,
    sessionId: null, // the table's shared bill, once there is one
    menu: null, category: null,
    cart: new Map(), // line key → { itemId, variantId, options, quantity, note }
    orderKey: null,  // Idempotency-Key of the order being placed, reused by its retries
    order: null,     // the order being tracked
    stream: null,
    onlinePayment: false,
    restaurant: '',
  };

  const screens = ['welcome', 'phone', 'otp', 'menu', 'chooser', 'cart', 'confirmation', 'tracking', 'bill'];
  function show(name) {
    for (const s of screens) $(s).hidden = s !== name;
    window.scrollTo(0, 0);
  }

  // --- Welcome -------------------------------------------------------------------------------
  async function welcome() {
    if (!ID.tenantId || !tableId) {
      $('welcome-text').textContent = 'This QR code is incomplete. Please ask a member of staff.';
      return;
    }
    try {
      const info = await api('GET', `/api/tables/${encodeURIComponent(tableId)}?${tenantQuery}`);
      $('restaurant').textContent = info.restaurant.name;
      state.restaurant = info.restaurant.name;
      state.onlinePayment = info.online_payment === true;
      $('table-label').textContent = 'Table ' + info.table.table_number;
      $('welcome-text').textContent = `You're at table ${info.table.table_number}. Order from your phone and we'll bring it to you.`;
      $('start').disabled = false;
    } catch (e) {
      $('welcome-error').textContent = e.status === 404 ? 'We could not find this table. Please ask a member of staff.' : e.message;
      if (e.status === 0) setTimeout(welcome, 3000);
    }
  }
  $('start').addEventListener('click', () => { show('phone'); $('phone-input').focus(); });

  // --- Phone and one-time code ---------------------------------------------------------------
  let countdown;
  async function sendCode() {
    const result = await api('POST', `/api/auth/customer/otp?${tenantQuery}`, { body: { phone_number: state.phone } });
    $('otp-sent').textContent = `Enter the 6-digit code sent to ${result.phone_masked}`;
    const expires = Date.now() + result.expires_in * 1000;
    const resendAt = Date.now() + 30000;
    $('resend').disabled = true;
    clearInterval(countdown);
    const update = () => {
      const left = Math.max(0, Math.round((expires - Date.now()) / 1000));
      $('otp-countdown').textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      const wait = Math.ceil((resendAt - Date.now()) / 1000);
      $('resend').disabled = wait > 0;
      $('resend').textContent = wait > 0 ? `Resend code (${wait}s)` : 'Resend code';
      if (left === 0) $('otp-error').textContent = 'The code has expired. Tap "Resend code".';
    };
    update();
    countdown = setInterval(update, 1000);
  }

  $('phone-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = e.submitter || e.target.querySelector('button');
    state.phone = $('phone-input').value.replace(/[^0-9+]/g, '');
    button.disabled = true;
    $('phone-error').textContent = '';
    try {
      await sendCode();
      $('otp-error').textContent = '';
      show('otp');
      $('otp-input').focus();
    } catch (err) {
      $('phone-error').textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });

  $('resend').addEventListener('click', async () => {
    $('otp-error').textContent = '';
    try { await sendCode(); } catch (err) { $('otp-error').textContent = err.message; }
  });
  $('change-phone').addEventListener('click', () => { clearInterval(countdown); show('phone'); });

  $('otp-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = e.submitter || e.target.querySelector('button');
    button.disabled = true;
    $('otp-error').textContent = '';
    try {
      const result = await api('POST', `/api/auth/customer/verify-otp?${tenantQuery}`, {
        body: { phone_number: state.phone, otp: $('otp-input').value.trim() },
      });
      state.token = result.access_token;
      state.customerId = result.customer.id;
      clearInterval(countdown);
      await loadMenu();
      await joinTable();
      $('table-actions').hidden = false;
      show('menu');
    } catch (err) {
      $('otp-error').textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });

  // --- Menu ----------------------------------------------------------------------------------
  async function loadMenu() {
    state.menu = await api('GET', `/api/menu/items?${tenantQuery}`, { token: state.token });
    state.menu.items = state.menu.items.filter((i) => i.is_available !== false);
    const used = new Set(state.menu.items.map((i) => i.category_id));
    state.menu.categories = state.menu.categories.filter((c) => used.has(c.id));
    state.category = state.menu.categories[0] ? state.menu.categories[0].id : null;
    // A dish taken off the menu meanwhile leaves the cart too.
    for (const [key, line] of state.cart) if (!itemById(line.itemId)) state.cart.delete(key);
    renderMenu();
  }

  function itemById(id) { return state.menu.items.find((i) => i.id === id); }
  const customizable = (item) => Boolean((item.variants && item.variants.length) || (item.option_groups && item.option_groups.length));

  // A cart line is a dish with its portion and options: the same dish with other choices is
  // another line. A plain dish's key is its id.
  function lineKey(itemId, variantId, options) {
    return variantId || options.length ? `${itemId}|${variantId || ''}|${[...options].sort().join(',')}` : itemId;
  }

  function unitPrice(line) {
    const item = itemById(line.itemId);
    const variant = (item.variants || []).find((v) => v.id === line.variantId);
    const extras = (item.option_groups || []).flatMap((g) => g.options).filter((o) => line.options.includes(o.id));
    return Math.round(((variant ? Number(variant.price) : Number(item.price)) + extras.reduce((sum, o) => sum + Number(o.price), 0)) * 100) / 100;
  }

  function lineLabel(line) {
    const item = itemById(line.itemId);
    const variant = (item.variants || []).find((v) => v.id === line.variantId);
    const chosen = (item.option_groups || []).flatMap((g) => g.options).filter((o) => line.options.includes(o.id)).map((o) => o.name);
    return item.name + (variant ? ` (${variant.name})` : '') + (chosen.length ? ' · ' + chosen.join(', ') : '');
  }

  function stepper(key, label) {
    const quantity = state.cart.has(key) ? state.cart.get(key).quantity : 0;
    return h('div', { class: 'stepper' },
      h('button', { type: 'button', 'aria-label': `One less ${label}`, disabled: quantity === 0, onclick: () => setQuantity(key, quantity - 1) }, '−'),
      h('output', { 'aria-label': `${label} quantity` }, quantity),
      h('button', { type: 'button', 'aria-label': `One more ${label}`, disabled: quantity >= 50, onclick: () => setQuantity(key, quantity + 1) }, '+'));
  }

  function setQuantity(key, quantity, line) {
    line = line || state.cart.get(key) || { itemId: key, variantId: null, options: [], quantity: 0, note: '' };
    line.quantity = Math.max(0, Math.min(50, quantity));
    if (line.quantity === 0) state.cart.delete(key); else state.cart.set(key, line);
    state.orderKey = null; // a different cart is a different order
    renderMenu();
    if (!$('cart').hidden) renderCart();
  }

  // The chooser: portions as radio buttons, each option group as radios (one choice) or
  // checkboxes (several), the price as chosen; the server checks it all again.
  function choose(item) {
    const form = $('chooser-form');
    const variants = item.variants || [];
    const groups = item.option_groups || [];
    const fields = [];
    if (variants.length) {
      fields.push(h('fieldset', {}, h('legend', {}, 'Portion'), variants.map((v) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'variant', value: v.id, checked: v.is_default || variants.length === 1 }),
        h('span', {}, v.name), h('span', { class: 'muted' }, money(v.price))))));
    }
    for (const g of groups) {
      const single = g.max_choices === 1;
      const hint = g.required ? (single ? 'required' : `choose ${g.min_choices}–${g.max_choices}`) : (single ? 'optional' : `up to ${g.max_choices}`);
      fields.push(h('fieldset', { dataset: { group: g.id, min: String(g.min_choices), max: String(g.max_choices) } },
        h('legend', {}, `${g.name} `, h('span', { class: 'muted' }, `(${hint})`)),
        g.options.map((o) => h('label', { class: 'choice' },
          h('input', { type: single ? 'radio' : 'checkbox', name: 'group-' + g.id, value: o.id }),
          h('span', {}, o.name), h('span', { class: 'muted' }, Number(o.price) > 0 ? '+' + money(o.price) : '')))));
    }
    $('chooser-title').textContent = item.name;
    $('chooser-fields').replaceChildren(...fields);
    $('chooser-error').textContent = '';
    const read = () => ({
      itemId: item.id,
      variantId: (form.querySelector('input[name="variant"]:checked') || {}).value || null,
      options: [...form.querySelectorAll('fieldset[data-group] input:checked')].map((i) => i.value),
    });
    const update = () => { $('chooser-add').textContent = `Add · ${money(unitPrice({ ...read(), quantity: 1 }))}`; };
    form.onchange = update;
    form.onsubmit = (e) => {
      e.preventDefault();
      for (const set of form.querySelectorAll('fieldset[data-group]')) {
        const n = set.querySelectorAll('input:checked').length;
        if (n < Number(set.dataset.min) || n > Number(set.dataset.max)) {
          $('chooser-error').textContent = `Choose ${set.dataset.min === set.dataset.max ? set.dataset.min : `${set.dataset.min}–${set.dataset.max}`} for ${set.querySelector('legend').firstChild.textContent.trim()}`;
          return;
        }
      }
      const chosen = read();
      const key = lineKey(chosen.itemId, chosen.variantId, chosen.options);
      const line = state.cart.get(key) || { ...chosen, quantity: 0, note: '' };
      show('menu');
      setQuantity(key, line.quantity + 1, line);
    };
    $('chooser-cancel').onclick = () => show('menu');
    update();
    show('chooser');
  }

  function renderMenu() {
    $('tabs').replaceChildren(...state.menu.categories.map((c) => h('button', {
      type: 'button', role: 'tab', 'aria-selected': String(c.id === state.category),
      onclick: () => { state.category = c.id; renderMenu(); },
    }, c.name)));
    const items = state.menu.items.filter((i) => i.category_id === state.category);
    $('items').replaceChildren(...items.map((item) => {
      const inCart = [...state.cart.values()].filter((l) => l.itemId === item.id).reduce((n, l) => n + l.quantity, 0);
      const from = item.variants && item.variants.length ? Math.min(...item.variants.map((v) => Number(v.price))) : Number(item.price);
      return h('article', { class: 'item', dataset: { item: item.id } },
        h('h3', {}, item.name),
        h('p', { class: 'muted' }, item.description),
        h('div', { class: 'tags' }, item.dietary_tags.map((t) => h('span', { class: 'tag ' + t }, t))),
        h('p', { class: 'price' }, (item.variants && item.variants.length > 1 ? 'from ' : '') + money(from)),
        customizable(item)
          ? h('div', { class: 'stepper' }, inCart ? h('output', {}, inCart) : null,
            h('button', { type: 'button', class: 'choose', 'aria-label': `Choose ${item.name}`, onclick: () => choose(item) }, 'Choose'))
          : stepper(item.id, item.name));
    }));
    const lines = [...state.cart.values()];
    const count = lines.reduce((n, l) => n + l.quantity, 0);
    const value = lines.reduce((sum, l) => sum + unitPrice(l) * l.quantity, 0);
    $('cart-bar').hidden = count === 0;
    $('view-cart').textContent = `View cart · ${count} item${count === 1 ? '' : 's'} · ${money(value)}`;
  }

  $('view-cart').addEventListener('click', () => { renderCart(); show('cart'); });
  $('back-to-menu').addEventListener('click', () => { renderMenu(); show('menu'); });

  // --- Cart: the server prices it (today's discounts and GST), the page only shows it -----------
  // Each line also carries the unit price the guest saw: if the menu changed meanwhile the
  // server says so instead of charging a price nobody showed.
  function orderBody() {
    return {
      table_id: tableId, customer_id: state.customerId,
      items: [...state.cart.values()].map((l) => ({
        menu_item_id: l.itemId, quantity: l.quantity, special_instructions: l.note.trim() || null,
        variant_id: l.variantId || undefined, options: l.options.length ? l.options : undefined, unit_price: unitPrice(l),
      })),
    };
  }

  function renderCart() {
    $('cart-lines').replaceChildren(...[...state.cart.entries()].map(([key, line]) => {
      const label = lineLabel(line);
      return h('li', { dataset: { item: line.itemId } },
        h('span', {}, label), stepper(key, label),
        h('input', {
          type: 'text', maxlength: 200, placeholder: 'Add a note for the kitchen', value: line.note, 'aria-label': `Note for ${label}`,
          oninput: (e) => { line.note = e.target.value; state.orderKey = null; },
        }));
    }));
    $('place').disabled = state.cart.size === 0;
    if (state.cart.size === 0) { $('quote').replaceChildren(); return; }
    requestQuote();
  }

  let quoteTimer, quoteSerial = 0;
  function requestQuote() {
    clearTimeout(quoteTimer);
    quoteTimer = setTimeout(async () => {
      const serial = ++quoteSerial;
      try {
        const quote = await api('POST', `/api/orders/quote?${tenantQuery}`, { token: state.token, body: orderBody() });
        if (serial === quoteSerial) $('quote').replaceChildren(...totalRows(quote, quote.items));
      } catch (err) {
        if (serial === quoteSerial) $('quote').replaceChildren(h('p', { class: 'error' }, err.message));
      }
    }, 150);
  }

  /** The confirmation's figures: lines, Subtotal, Discount, GST, Total (docs/glossary.md, "Demo journey"). */
  function totalRows(priced, lines) {
    const rows = [];
    for (const line of lines || []) {
      const off = Number(line.discount_percentage) > 0;
      const chosen = (line.variant ? ` (${line.variant})` : '') + (line.options && line.options.length ? ' · ' + line.options.map((o) => o.name).join(', ') : '');
      rows.push(h('span', {}, `${line.quantity}× ${line.name}${chosen}`, off ? h('span', { class: 'off' }, ` (${Number(line.discount_percentage)}% off!)`) : null),
        h('span', {}, money(line.subtotal)));
    }
    rows.push(h('span', {}, 'Subtotal'), h('span', { dataset: { total: 'subtotal' } }, money(priced.subtotal)));
    if (Number(priced.discount_saved) > 0) {
      rows.push(h('span', { class: 'discount' }, 'Discount'), h('span', { class: 'discount', dataset: { total: 'discount' } }, '−' + money(priced.discount_saved)));
    }
    rows.push(h('span', {}, `GST (${Number(priced.gst_rate)}%)`), h('span', { dataset: { total: 'gst' } }, money(priced.gst)));
    rows.push(h('span', { class: 'grand' }, 'Total'), h('span', { class: 'grand', dataset: { total: 'total' } }, money(priced.total)));
    return rows;
  }

  // A double tap sends one order; a retry after a dropped connection reuses the same
  // Idempotency-Key, so the restaurant gets the order once and the guest sees the same answer.
  $('place').addEventListener('click', async () => {
    const button = $('place');
    if (button.disabled) return;
    button.disabled = true;
    $('place-error').textContent = '';
    state.orderKey = state.orderKey || ID.randomKey();
    try {
      const result = await api('POST', `/api/orders?${tenantQuery}`, {
        token: state.token, body: orderBody(), headers: { 'Idempotency-Key': state.orderKey },
      });
      state.cart.clear();
      state.orderKey = null;
      state.sessionId = result.order.table_session_id || state.sessionId;
      showConfirmation(result.order);
    } catch (err) {
      if (err.status === 0 || err.status >= 500) {
        $('place-error').textContent = err.message + ' Tap "Place order" again — you will not be charged twice.';
      } else {
        state.orderKey = null;
        $('place-error').textContent = err.message;
        if (err.status === 409) { loadMenu().then(renderCart).catch(() => {}); }
      }
    } finally {
      button.disabled = state.cart.size === 0;
    }
  });

  // --- The table: its shared bill, calling a waiter ------------------------------------------
  // Everyone who scans this table's code shares one bill; joining is silent (a free table has
  // no bill yet: the first order opens it).
  async function joinTable() {
    try {
      const joined = await api('POST', `/api/tables/${encodeURIComponent(tableId)}/session/join?${tenantQuery}`, { token: state.token });
      state.sessionId = joined.session ? joined.session.id : null;
    } catch (_) { state.sessionId = null; }
  }

  async function callStaff(kind) {
    const status = $('call-status');
    try {
      const answer = await api('POST', `/api/tables/${encodeURIComponent(tableId)}/calls?${tenantQuery}`, { token: state.token, body: { kind } });
      status.textContent = '✓ ' + answer.message;
    } catch (err) {
      status.textContent = err.message;
    }
    status.hidden = false;
  }
  $('call-waiter').addEventListener('click', () => callStaff('WAITER'));
  $('ask-bill').addEventListener('click', () => callStaff('BILL'));

  async function showBill() {
    if (!state.sessionId && !state.lastSessionId) await joinTable();
    if (!state.sessionId && state.lastSessionId) state.sessionId = state.lastSessionId;
    show('bill');
    if (!state.sessionId) {
      $('bill-guests').textContent = 'Nothing ordered at this table yet.';
      for (const id of ['bill-rounds', 'bill-totals', 'bill-parts']) $(id).replaceChildren();
      return;
    }
    let bill;
    try {
      bill = (await api('GET', `/api/sessions/${encodeURIComponent(state.sessionId)}?${tenantQuery}`, { token: state.token })).session;
    } catch (err) {
      $('bill-guests').textContent = err.message;
      return;
    }
    if (bill.status === 'CLOSED') {
      // Settled: the GST invoice replaces the running bill's buttons.
      api('GET', `/api/sessions/${encodeURIComponent(bill.id)}/invoice?${tenantQuery}`, { token: state.token })
        .then((answer) => $('bill-invoice').replaceChildren(ID.invoiceView(answer.invoice)))
        .catch(() => $('bill-invoice').replaceChildren());
    } else {
      $('bill-invoice').replaceChildren();
    }
    $('ask-bill').hidden = bill.status === 'CLOSED';
    state.lastSessionId = bill.id;
    if (bill.status !== 'OPEN') state.sessionId = null;
    $('bill-title').textContent = `Table ${bill.table_number} bill`;
    $('bill-guests').textContent = `${bill.guests} ${bill.guests === 1 ? 'guest' : 'guests'} · ${bill.orders.length} ${bill.orders.length === 1 ? 'order' : 'orders'}`
      + (bill.status === 'CLOSED' ? ' · paid — thank you!' : '');
    $('bill-rounds').replaceChildren(...bill.orders.map((o) => h('div', { class: 'round', dataset: { order: o.id } },
      h('h3', {}, `Round ${o.round} · Order #${o.ticket_number}` + (o.customer_id === state.customerId ? ' (yours)' : '')),
      h('ul', { class: 'lines' }, o.items.map((i) => h('li', {},
        h('span', {}, `${i.quantity}× ${i.name}` + (i.variant ? ` (${i.variant})` : '') + (i.options ? ' · ' + i.options.map((x) => x.name).join(', ') : '')),
        h('span', {}, money(i.subtotal))))))));
    $('bill-totals').replaceChildren(
      h('span', {}, 'Subtotal'), h('span', {}, money(bill.subtotal)),
      h('span', {}, 'CGST'), h('span', {}, money(bill.cgst)),
      h('span', {}, 'SGST'), h('span', {}, money(bill.sgst)),
      h('span', { class: 'grand' }, 'Total'), h('span', { class: 'grand', dataset: { total: 'bill' } }, money(bill.total)),
      h('span', {}, 'Paid'), h('span', {}, money(bill.paid)),
      h('span', { class: 'grand' }, 'Due'), h('span', { class: 'grand', dataset: { total: 'due' } }, money(bill.due)));
    // A split bill is paid part by part: each guest can pay theirs online here, or in cash to a waiter.
    const partDue = (p) => Math.round((Number(p.amount) - Number(p.paid)) * 100) / 100;
    $('bill-parts').replaceChildren(...bill.parts.map((p) => h('li', { dataset: { part: p.id } },
      h('span', {}, p.label), h('span', {}, `${money(p.amount)} · ${p.status === 'PAID' ? 'paid' : 'due'}`),
      p.status !== 'PAID' && state.onlinePayment ? h('button', { type: 'button', class: 'pay-part', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await checkoutOnline({ session_id: bill.id, bill_part_id: p.id, amount: partDue(p) }, $('bill-note'), showBill);
        } catch (err) { $('bill-note').textContent = err.message; } finally { e.target.disabled = false; }
      } }, `Pay ${money(partDue(p))} online`) : null)));
  }
  $('show-bill').addEventListener('click', showBill);
  $('show-invoice').addEventListener('click', () => { state.sessionId = state.order.table_session_id || state.sessionId; showBill(); });
  $('bill-refresh').addEventListener('click', showBill);
  $('bill-back').addEventListener('click', () => { renderMenu(); show('menu'); });

  // --- Confirmation and tracking -------------------------------------------------------------
  function showConfirmation(order) {
    state.order = order;
    $('confirm-title').textContent = `✅ Order #${order.ticket_number} confirmed!`;
    $('confirm-totals').replaceChildren(...totalRows(order, order.items));
    $('confirm-eta').textContent = `Estimated time: ${order.estimated_preparation_time} mins ⏱️`;
    show('confirmation');
  }

  const steps = [
    ['PENDING', 'Order received'], ['PREPARING', 'Being prepared'], ['READY', 'Ready'],
    ['SERVED', 'Served'], ['COMPLETED', 'Paid — thank you!'],
  ];

  function track() {
    if (state.stream) state.stream.stop();
    const order = state.order;
    $('track-title').textContent = `Order #${order.ticket_number}`;
    order.status_history = order.status_history || [{ status: order.status, changed_at: order.created_at }];
    renderTracking();
    show('tracking');
    state.stream = new LiveStream({
      token: () => state.token,
      query: 'order_id=' + encodeURIComponent(order.id),
      onSnapshot: (orders) => { if (orders[0]) { state.order = orders[0]; renderTracking(); } },
      onEvent: (frame) => {
        const o = state.order, d = frame.data;
        if (frame.event_type === 'order.status_changed') {
          o.status = d.new_status;
          o.status_history.push({ status: d.new_status, changed_at: d.timestamp });
        } else if (frame.event_type === 'payment.completed') {
          o.amount_due = Math.max(0, Math.round((Number(o.amount_due) - Number(d.amount)) * 100) / 100);
        }
        renderTracking();
      },
      onState: (s) => {
        const text = { connecting: 'Connecting…', live: '● Live updates', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' }[s];
        $('track-connection').textContent = text;
        $('track-connection').className = 'pill ' + s;
      },
    });
    state.stream.start();
  }

  function renderTracking() {
    const o = state.order;
    const reached = new Map(o.status_history.map((e) => [e.status, e.changed_at]));
    const cancelled = o.status === 'CANCELLED';
    const list = cancelled ? [['PENDING', 'Order received'], ['CANCELLED', 'Cancelled']] : steps;
    const index = list.findIndex(([s]) => s === o.status);
    $('steps').replaceChildren(...list.map(([status, label], i) => h('li', {
      class: i < index ? 'done' : i === index ? 'current' : '', dataset: { status },
    }, label, reached.has(status) ? h('time', {}, new Date(reached.get(status)).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })) : null)));
    const due = Number(o.amount_due);
    $('pay').hidden = cancelled || due <= 0;
    $('show-invoice').hidden = o.status !== 'COMPLETED';
    $('due').textContent = money(due);
    $('pay-online').disabled = !state.onlinePayment;
    if (!state.onlinePayment && !$('pay-note').dataset.touched) $('pay-note').textContent = PAY_AT_COUNTER;
  }

  const PAY_AT_COUNTER = "Online payment isn't available here right now — please pay at the counter or by cash.";

  /** Loads Razorpay Checkout once; fails (and the guest pays at the counter) when the internet is down. */
  function loadCheckout() {
    if (window.Razorpay) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = h('script', { src: 'https://checkout.razorpay.com/v1/checkout.js' });
      const timer = setTimeout(() => reject(new Error('timeout')), 8000);
      script.onload = () => { clearTimeout(timer); resolve(); };
      script.onerror = () => { clearTimeout(timer); reject(new Error('unreachable')); };
      document.head.append(script);
    });
  }

  /** Razorpay Checkout for what `body` names (one order, or one part of the table's bill). */
  async function checkoutOnline(body, note, onPaid) {
    note.dataset.touched = 'yes';
    const created = await api('POST', `/api/payments/razorpay-order?${tenantQuery}`, { token: state.token, body });
    try { await loadCheckout(); } catch (e) { note.textContent = PAY_AT_COUNTER; return; }
    const checkout = new window.Razorpay({
      key: created.razorpay_key, amount: created.amount_paise, currency: created.currency, order_id: created.razorpay_order_id,
      name: state.restaurant, description: created.description, prefill: { contact: state.phone },
      handler: async (answer) => {
        try {
          const result = await api('POST', `/api/payments/razorpay-verify?${tenantQuery}`, { token: state.token, body: answer });
          note.textContent = result.message;
          if (onPaid) onPaid();
        } catch (err) { note.textContent = err.message; }
      },
    });
    checkout.open();
  }

  async function payOnline() {
    const button = $('pay-online');
    button.disabled = true;
    try {
      const order = state.order;
      await checkoutOnline({ order_id: order.id, amount: Number(order.amount_due), method: 'online' }, $('pay-note'));
    } catch (err) {
      $('pay-note').textContent = err.message;
    } finally {
      button.disabled = !state.onlinePayment;
    }
  }

  $('track').addEventListener('click', track);
  $('pay-online').addEventListener('click', payOnline);
  for (const id of ['order-more', 'track-order-more']) {
    $(id).addEventListener('click', () => { renderMenu(); show('menu'); });
  }
  $('pay-cash').addEventListener('click', async () => {
    const button = $('pay-cash');
    $('pay-note').dataset.touched = 'yes';
    button.disabled = true;
    try {
      const result = await api('POST', `/api/orders/${encodeURIComponent(state.order.id)}/payment-request?${tenantQuery}`, {
        token: state.token, body: { method: 'CASH' },
      });
      $('pay-note').textContent = result.message;
    } catch (err) {
      $('pay-note').textContent = err.message;
    } finally {
      setTimeout(() => { button.disabled = false; }, 5000);
    }
  });

  welcome();
})();
