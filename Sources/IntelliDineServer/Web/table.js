// The guest app (docs/apps.md, "The guest app"). The QR code opens the menu at once; the phone
// number and its one-time code are asked for at "Place order" (or when calling a waiter), and the
// cart is kept through it. The token, the cart and the screen live in sessionStorage: a reload
// comes back to the same screen, and closing the tab signs out. Every word comes from the
// language's catalogue (strings-en.js), through `t`.
'use strict';
(function () {
  const { h, api, money, LiveStream, t } = ID;
  const $ = (id) => document.getElementById(id);
  const tenantQuery = 'tenant_id=' + encodeURIComponent(ID.tenantId);
  const tableId = decodeURIComponent(location.pathname.split('/')[2] || '');
  const storageKey = `intellidine.guest.${ID.tenantId}.${tableId}`;

  const state = {
    token: null, customerId: null, phone: null,
    sessionId: null, lastSessionId: null, // the table's shared bill, once there is one
    menu: null, menuEtag: null, category: null, search: '',
    cart: new Map(), // line key → { itemId, variantId, options, quantity, note }
    orderKey: null,  // Idempotency-Key of the order being placed, reused by its retries
    order: null,     // the order being tracked
    orderId: null,
    myOrders: [],    // [{ id, ticket_number, status }] placed from this tab, newest first
    pending: null,   // what the guest asked for before confirming their phone: 'place', 'call', 'bill' or 'bill-call'
    otpMasked: null, otpExpires: 0, otpResendAt: 0, // the code last texted, so a reload can still use it
    callId: null,    // the guest's call a waiter has not taken yet
    screen: 'welcome',
    stream: null,
    onlinePayment: false,
    restaurant: '', tableNumber: null,
    serviceCharge: false, // the guest ticked the optional service charge (never ticked for them)
    upi: false,           // the restaurant takes UPI: the bill offers a UPI payment
  };

  // --- What survives a reload ------------------------------------------------------------------
  const kept = ['token', 'customerId', 'phone', 'sessionId', 'lastSessionId', 'orderKey', 'orderId', 'myOrders', 'pending', 'screen',
    'otpMasked', 'otpExpires', 'otpResendAt', 'callId', 'serviceCharge'];
  function save() {
    const saved = Object.fromEntries(kept.map((k) => [k, state[k]]));
    saved.cart = [...state.cart.entries()];
    try { sessionStorage.setItem(storageKey, JSON.stringify(saved)); } catch (_) { /* private mode: memory only */ }
  }
  function restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
      if (!saved) return;
      for (const k of kept) if (k in saved) state[k] = saved[k];
      state.cart = new Map(saved.cart || []);
    } catch (_) { /* a damaged entry: start afresh */ }
  }

  /** Forgets the token (expired, revoked): the next action that needs it asks for the phone again. */
  function signedOut() {
    state.token = null;
    state.customerId = null;
    save();
  }

  /** An API call as the guest; a 401 means the sign-in ended. */
  async function call(method, path, options) {
    try {
      return await api(method, path, Object.assign({ token: state.token }, options || {}));
    } catch (err) {
      if (err.status === 401 && state.token) { signedOut(); err.message = t('error.signed_out'); }
      throw err;
    }
  }

  /** An error in the guest's words: the catalogue's text for its code where there is one. */
  function say(err) {
    if (err.status === 0) return t('error.network');
    const key = 'error.' + err.code;
    const text = t(key);
    return text === key ? err.message : text;
  }

  const screens = ['welcome', 'phone', 'otp', 'menu', 'chooser', 'cart', 'confirmation', 'tracking', 'bill'];
  function show(name) {
    for (const s of screens) $(s).hidden = s !== name;
    state.screen = name;
    if (name !== 'tracking' && state.stream) { state.stream.stop(); state.stream = null; }
    renderMyOrders();
    save();
    window.scrollTo(0, 0);
  }

  ID.onNetwork((down) => { $('offline').hidden = !down; });
  // Back to the page (another app, the screen locked): the orders' statuses may have moved on.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.token && state.menu) refreshMyOrders();
  });

  // --- Language --------------------------------------------------------------------------------
  // The choice is remembered on this phone; another language is one more strings-xx.js file.
  const languages = ['en', 'hi'];
  function loadLanguage(lang) {
    if (ID.strings[lang]) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = h('script', { src: `/assets/strings-${lang}.js` });
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }
  async function setLanguage(lang) {
    try { await loadLanguage(lang); } catch (_) { return; }
    ID.lang = lang;
    try { localStorage.setItem('intellidine.lang', lang); } catch (_) { /* not kept */ }
    const other = languages.find((l) => l !== lang);
    const button = $('lang');
    button.dataset.t = 'lang.switch';
    button.lang = other;
    ID.translatePage();
    document.title = `${t('page.title')} · ${state.restaurant || 'IntelliDine'}`;
    if (state.tableNumber !== null) $('table-label').textContent = t('header.table', { n: state.tableNumber });
    rerender();
  }
  $('lang').addEventListener('click', () => setLanguage(ID.lang === 'en' ? 'hi' : 'en'));

  /** Redraws whatever the current screen shows, in the current language. */
  function rerender() {
    if (state.menu) renderMenu();
    if (state.screen === 'cart') renderCart();
    if (state.screen === 'tracking' && state.order) renderTracking();
    if (state.screen === 'confirmation' && state.order) showConfirmation(state.order);
    if (state.screen === 'bill') showBill();
    if (state.screen === 'phone') $('phone-why').textContent = t(state.pending === 'place' ? 'phone.why.place' : 'phone.why.table');
    if (state.screen === 'otp' && state.otpMasked) { $('otp-sent').textContent = t('otp.sent', { phone: state.otpMasked }); otpTick(); }
    const link = ['connecting', 'live', 'reconnecting', 'signed-out'].find((s) => $('track-connection').classList.contains(s));
    if (link) $('track-connection').textContent = t('track.' + link);
    renderMyOrders();
  }

  // --- Start: the table, the menu, and back to where the guest was -----------------------------
  async function boot() {
    restore();
    if (!ID.tenantId || !tableId) { $('welcome-text').textContent = t('error.qr_incomplete'); return; }
    try {
      const info = await api('GET', `/api/tables/${encodeURIComponent(tableId)}?${tenantQuery}`);
      state.restaurant = info.restaurant.name;
      state.tableNumber = info.table.table_number;
      state.onlinePayment = info.online_payment === true;
      state.upi = info.restaurant.upi === true;
      ID.useZone(info.restaurant.timezone);
      $('restaurant').textContent = info.restaurant.name;
      if (info.restaurant.logo_url) { $('logo').src = info.restaurant.logo_url; $('logo').hidden = false; }
      $('table-label').textContent = t('header.table', { n: info.table.table_number });
      document.title = `${t('page.title')} · ${info.restaurant.name}`;
      await loadMenu();
    } catch (err) {
      $('welcome-text').textContent = '';
      $('welcome-error').textContent = err.status === 404 ? t('error.table_unknown') : say(err);
      $('welcome-retry').hidden = err.status === 404;
      return;
    }
    $('welcome-error').textContent = '';
    $('welcome-retry').hidden = true;
    $('table-actions').hidden = false;
    watchMenu();
    if (state.token) { joinTable(); refreshMyOrders(); if (state.callId) watchCall(state.callId); }
    const screen = state.screen;
    if ((screen === 'tracking' || screen === 'confirmation') && state.orderId && state.token) {
      try { return await openOrder(state.orderId); } catch (_) { /* fall through to the menu */ }
    }
    if (screen === 'cart' && state.cart.size) { renderCart(); return show('cart'); }
    if (screen === 'bill' && state.token) return showBill();
    if (screen === 'otp' && state.pending && state.otpExpires > Date.now()) return showCode();
    if ((screen === 'phone' || screen === 'otp') && state.pending) return askPhone(state.pending);
    show('menu');
  }
  $('welcome-retry').addEventListener('click', () => { $('welcome-error').textContent = ''; $('welcome-text').textContent = t('welcome.loading'); boot(); });

  // --- Phone and one-time code, asked for only when needed -------------------------------------
  function askPhone(reason) {
    state.pending = reason;
    $('phone-why').textContent = t(reason === 'place' ? 'phone.why.place' : 'phone.why.table');
    $('phone-error').textContent = '';
    if (state.phone) $('phone-input').value = state.phone;
    show('phone');
    $('phone-input').focus();
  }

  /** Runs `action` now if the guest is signed in, else after they confirm their phone. */
  function signedIn(reason, action) {
    if (state.token) return action();
    askPhone(reason);
  }

  $('phone-back').addEventListener('click', () => {
    const back = state.pending === 'place' ? 'cart' : 'menu';
    state.pending = null;
    if (back === 'cart') renderCart(); else renderMenu();
    show(back);
  });

  const otp = { countdown: null, locked: false };
  function otpTick() {
    const now = Date.now();
    const left = Math.max(0, Math.round((state.otpExpires - now) / 1000));
    $('otp-expiry').textContent = t('otp.expires', { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` });
    const wait = Math.max(0, Math.ceil((state.otpResendAt - now) / 1000));
    $('resend').disabled = wait > 0;
    $('resend').textContent = wait > 0 ? t('otp.resend.wait', { s: wait }) : t('otp.resend');
    if (left === 0 && !otp.locked) { otp.locked = 'expired'; }
    // The message, Verify and Resend always agree: a locked or expired code cannot be verified,
    // and the message says when a new one can be asked for.
    $('verify').disabled = Boolean(otp.locked);
    $('otp-input').disabled = Boolean(otp.locked);
    if (otp.locked === 'expired') $('otp-error').textContent = wait > 0 ? t('otp.expired.wait', { s: wait }) : t('otp.expired');
    if (otp.locked === 'locked') $('otp-error').textContent = wait > 0 ? t('otp.locked.wait', { s: wait }) : t('otp.locked.now');
    if (otp.locked === 'used') $('otp-error').textContent = t('otp.used');
    if (otp.locked === 'throttled') $('otp-error').textContent = wait > 0 ? t('error.OTP_THROTTLED', { s: wait }) : '';
  }

  async function sendCode() {
    let result;
    try {
      result = await api('POST', `/api/auth/customer/otp?${tenantQuery}`, { body: { phone_number: state.phone } });
    } catch (err) {
      // Too soon, or too many codes this hour: the box says when; the code already sent still works.
      if (err.code !== 'OTP_THROTTLED') throw err;
      state.otpResendAt = Date.now() + (err.details.retry_after || 30) * 1000;
      if (!(state.otpExpires > Date.now())) state.otpExpires = state.otpResendAt;
      save();
      showCode('throttled');
      return;
    }
    state.otpMasked = result.phone_masked;
    state.otpExpires = Date.now() + result.expires_in * 1000;
    state.otpResendAt = Date.now() + 30000;
    save();
    showCode(false);
    $('otp-input').value = '';
  }

  /** The code screen, with its countdowns; `locked` says why Verify is off, if it is. */
  function showCode(locked) {
    otp.locked = locked || false;
    $('otp-sent').textContent = state.otpMasked ? t('otp.sent', { phone: state.otpMasked }) : '';
    $('otp-error').textContent = '';
    clearInterval(otp.countdown);
    show('otp');
    otpTick();
    otp.countdown = setInterval(otpTick, 1000);
    $('otp-input').focus();
  }

  $('phone-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = e.submitter || e.target.querySelector('button');
    state.phone = $('phone-input').value.replace(/[^0-9+]/g, '');
    button.disabled = true;
    $('phone-error').textContent = '';
    try {
      await sendCode();
    } catch (err) {
      $('phone-error').textContent = err.code === 'VALIDATION_FAILED' ? t('error.INVALID_PHONE') : say(err);
    } finally {
      button.disabled = false;
    }
  });

  $('resend').addEventListener('click', async () => {
    $('otp-error').textContent = '';
    try { await sendCode(); } catch (err) { $('otp-error').textContent = say(err); }
  });
  $('change-phone').addEventListener('click', () => { clearInterval(otp.countdown); askPhone(state.pending || 'place'); });

  $('otp-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (otp.locked) return;
    const code = $('otp-input').value.trim();
    if (!/^\d{6}$/.test(code)) { $('otp-error').textContent = t('otp.short'); return; }
    $('verify').disabled = true;
    $('otp-error').textContent = '';
    try {
      const result = await api('POST', `/api/auth/customer/verify-otp?${tenantQuery}`, { body: { phone_number: state.phone, otp: code } });
      state.token = result.access_token;
      state.customerId = result.customer.id;
      clearInterval(otp.countdown);
      save();
      await joinTable();
      refreshMyOrders();
      const pending = state.pending;
      state.pending = null;
      if (pending === 'place') { renderCart(); show('cart'); placeOrder(); }
      else if (pending === 'call') { renderMenu(); show('menu'); callStaff('WAITER'); }
      else if (pending === 'bill') showBill();
      else if (pending === 'bill-call') { await showBill(); callStaff('BILL'); }
      else { renderMenu(); show('menu'); }
    } catch (err) {
      if (err.code === 'OTP_LOCKED') otp.locked = 'locked';
      else if (err.code === 'OTP_EXPIRED') otp.locked = 'expired';
      else if (err.code === 'OTP_ALREADY_USED') otp.locked = 'used';
      else if (err.code === 'OTP_INVALID') {
        const left = err.details.attempts_remaining;
        $('otp-error').textContent = left === 1 ? t('otp.wrong.last') : t('otp.wrong', { n: left });
      } else if (err.code === 'OTP_NOT_REQUESTED') $('otp-error').textContent = t('otp.not_requested');
      else $('otp-error').textContent = say(err);
      otpTick();
      if (!otp.locked) $('verify').disabled = false;
    }
  });

  // --- Menu ----------------------------------------------------------------------------------
  async function loadMenu() {
    const options = { onResponse: (r) => { state.menuEtag = r.headers.get('ETag'); } };
    try {
      state.menu = await call('GET', `/api/menu/items?${tenantQuery}`, options);
    } catch (err) {
      // A token that has ended still leaves the menu readable: `call` forgot it, ask again without.
      if (err.status !== 401) throw err;
      state.menu = await call('GET', `/api/menu/items?${tenantQuery}`, options);
    }
    if (!state.menu.categories.some((c) => c.id === state.category)) {
      state.category = state.menu.categories[0] ? state.menu.categories[0].id : null;
    }
    // A dish sold out or taken off the menu meanwhile leaves the cart, and the guest is told.
    const gone = new Set();
    for (const [key, line] of state.cart) {
      const item = itemById(line.itemId);
      if (!item || item.is_available === false) { state.cart.delete(key); if (item) gone.add(nameOf(item)); }
    }
    if (gone.size) {
      $('call-status').textContent = t('menu.sold_out_removed', { names: [...gone].join(', ') });
      setNotice(false);
      save();
    }
    renderMenu();
    if (state.screen === 'cart') renderCart();
  }

  // The live menu: a dish sold out by stock or by a manager greys out within a second, without
  // a reload. The box pushes the menu's new ETag; the page fetches the menu when it differs.
  let menuAttempt = 0;
  function watchMenu() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/api/menu/live?${tenantQuery}`);
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      menuAttempt = 0;
      if (frame.type === 'menu' && frame.etag !== state.menuEtag) loadMenu().catch(() => {});
    };
    socket.onclose = () => { setTimeout(watchMenu, Math.random() * Math.min(10000, 500 * 2 ** menuAttempt++)); };
  }

  function itemById(id) { return (state.menu ? state.menu.items : []).find((i) => i.id === id); }
  // A dish's words in the guest's language, where the manager has set them; else the default.
  const nameOf = (item) => (ID.lang === 'hi' && item.name_hi) || item.name;
  const descriptionOf = (item) => (ID.lang === 'hi' && item.description_hi) || item.description;
  /** The name of an order line's dish: from the menu in the guest's language, else as ordered. */
  const lineName = (line) => { const item = itemById(line.menu_item_id); return item ? nameOf(item) : line.name; };
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
    return nameOf(item) + (variant ? ` (${variant.name})` : '') + (chosen.length ? ' · ' + chosen.join(', ') : '');
  }

  function stepper(key, label) {
    const quantity = state.cart.has(key) ? state.cart.get(key).quantity : 0;
    return h('div', { class: 'stepper' },
      h('button', { type: 'button', 'aria-label': t('menu.less.label', { name: label }), disabled: quantity === 0, onclick: () => setQuantity(key, quantity - 1) }, '−'),
      h('output', { 'aria-label': t('menu.quantity.label', { name: label }) }, quantity),
      h('button', { type: 'button', 'aria-label': t('menu.more.label', { name: label }), disabled: quantity >= 50, onclick: () => setQuantity(key, quantity + 1) }, '+'));
  }

  function setQuantity(key, quantity, line) {
    line = line || state.cart.get(key) || { itemId: key, variantId: null, options: [], quantity: 0, note: '' };
    line.quantity = Math.max(0, Math.min(50, quantity));
    if (line.quantity === 0) state.cart.delete(key); else state.cart.set(key, line);
    state.orderKey = null; // a different cart is a different order
    renderMenu();
    if (state.screen === 'cart') renderCart();
    save();
  }

  // The chooser: portions as radio buttons, each option group as radios (one choice) or
  // checkboxes (several), the price as chosen; the server checks it all again.
  function choose(item) {
    const form = $('chooser-form');
    const variants = item.variants || [];
    const groups = item.option_groups || [];
    const fields = [];
    if (variants.length) {
      fields.push(h('fieldset', {}, h('legend', {}, t('chooser.portion')), variants.map((v) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'variant', value: v.id, checked: v.is_default || variants.length === 1 }),
        h('span', {}, v.name), h('span', { class: 'muted' }, money(v.price))))));
    }
    for (const g of groups) {
      const single = g.max_choices === 1;
      const hint = g.required
        ? (single ? t('chooser.required') : t('chooser.range', { min: g.min_choices, max: g.max_choices }))
        : (single ? t('chooser.optional') : t('chooser.up_to', { max: g.max_choices }));
      fields.push(h('fieldset', { dataset: { group: g.id, name: g.name, min: String(g.min_choices), max: String(g.max_choices) } },
        h('legend', {}, `${g.name} `, h('span', { class: 'muted' }, `(${hint})`)),
        g.options.map((o) => h('label', { class: 'choice' },
          h('input', { type: single ? 'radio' : 'checkbox', name: 'group-' + g.id, value: o.id }),
          h('span', {}, o.name), h('span', { class: 'muted' }, Number(o.price) > 0 ? '+' + money(o.price) : '')))));
    }
    $('chooser-title').textContent = nameOf(item);
    $('chooser-fields').replaceChildren(...fields);
    $('chooser-error').textContent = '';
    const read = () => ({
      itemId: item.id,
      variantId: (form.querySelector('input[name="variant"]:checked') || {}).value || null,
      options: [...form.querySelectorAll('fieldset[data-group] input:checked')].map((i) => i.value),
    });
    const update = () => { $('chooser-add').textContent = t('chooser.add', { price: money(unitPrice({ ...read(), quantity: 1 })) }); };
    form.onchange = update;
    form.onsubmit = (e) => {
      e.preventDefault();
      for (const set of form.querySelectorAll('fieldset[data-group]')) {
        const n = set.querySelectorAll('input:checked').length;
        if (n < Number(set.dataset.min) || n > Number(set.dataset.max)) {
          const count = set.dataset.min === set.dataset.max ? set.dataset.min : `${set.dataset.min}–${set.dataset.max}`;
          $('chooser-error').textContent = t('chooser.pick', { count, group: set.dataset.name });
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

  /** The FSSAI mark: a green (veg) or red (non-veg) dot in a square; brown for egg. */
  function dietOf(item) {
    if (item.diet) return item.diet;
    const tags = item.dietary_tags || [];
    return tags.includes('vegan') ? 'vegan' : tags.includes('vegetarian') ? 'veg' : null;
  }
  function dietMark(item) {
    const diet = dietOf(item);
    if (!diet) return null;
    return h('span', { class: 'diet ' + diet, role: 'img', 'aria-label': t('diet.' + diet), title: t('diet.' + diet) });
  }

  /** The dish's photo, when the manager has added one: loaded only as it scrolls into view. */
  function photo(item) {
    if (!item.image_url) return null;
    return h('img', { class: 'photo', src: item.thumb_url || item.image_url, alt: '', loading: 'lazy', decoding: 'async', width: 88, height: 88 });
  }

  function matches(item, query) {
    const text = `${item.name} ${item.description || ''} ${item.name_hi || ''} ${item.description_hi || ''}`.toLowerCase();
    return query.split(/\s+/).every((word) => text.includes(word));
  }

  // The tabs and dish cards drawn last, by id. A redraw (a dish sold out by the live menu, another
  // dish added to the cart) keeps every card whose dish, cart count and language did not change, so
  // a guest's tap on one card is not swallowed by a change to another.
  const drawnTabs = ID.drawnNodes();
  const drawnCards = ID.drawnNodes();

  function renderMenu() {
    if (!state.menu) return;
    const query = state.search.trim().toLowerCase();
    $('tabs').hidden = Boolean(query);
    ID.placeChildren($('tabs'), drawnTabs(state.menu.categories, (c) => c.id, (c) => JSON.stringify([c, c.id === state.category]), (c) => h('button', {
      type: 'button', 'aria-pressed': String(c.id === state.category),
      onclick: () => { state.category = c.id; renderMenu(); },
    }, c.name)));
    const items = query ? state.menu.items.filter((i) => matches(i, query)) : state.menu.items.filter((i) => i.category_id === state.category);
    // A card shows its dish, how many are in the cart (the stepper: the plain dish's line) and the language.
    const inCart = (item) => [...state.cart.values()].filter((l) => l.itemId === item.id).reduce((n, l) => n + l.quantity, 0);
    const plain = (item) => (state.cart.has(item.id) ? state.cart.get(item.id).quantity : 0);
    const cards = drawnCards(items, (i) => i.id, (i) => JSON.stringify([i, inCart(i), plain(i), ID.lang]), (i) => menuCard(i, inCart(i)));
    ID.placeChildren($('items'), cards.length || !query ? cards : [h('p', { class: 'muted' }, t('search.none', { q: state.search.trim() }))]);
    const lines = [...state.cart.values()];
    const count = lines.reduce((n, l) => n + l.quantity, 0);
    const value = lines.reduce((sum, l) => sum + unitPrice(l) * l.quantity, 0);
    $('cart-bar').hidden = count === 0;
    document.body.classList.toggle('has-cart', count > 0);
    $('view-cart').textContent = t('cart.bar', { n: count === 1 ? t('cart.items.one') : t('cart.items.many', { n: count }), total: money(value) });
  }

  /** A dish's card: sold out, or its price and the way to add it (a stepper once in the cart). */
  function menuCard(item, inCart) {
    if (item.is_available === false) {
      return h('article', { class: 'item sold-out', dataset: { item: item.id } },
        h('div', { class: 'item-head' }, dietMark(item), h('h3', {}, nameOf(item)), h('p', { class: 'price' }, money(item.price))),
        item.description ? h('p', { class: 'muted' }, descriptionOf(item)) : null,
        h('p', { class: 'sold-out-label' }, t('menu.sold_out')));
    }
    const from = item.variants && item.variants.length ? Math.min(...item.variants.map((v) => Number(v.price))) : Number(item.price);
    const price = item.variants && item.variants.length > 1 ? t('menu.from', { price: money(from) }) : money(from);
    let action;
    if (customizable(item)) {
      action = h('button', { type: 'button', class: 'choose wide-action', 'aria-label': t('menu.customise.label', { name: nameOf(item) }), onclick: () => choose(item) },
        t('menu.customise'), inCart ? h('span', { class: 'count' }, ' · ' + t('menu.in_cart', { n: inCart })) : null);
    } else if (inCart) {
      action = stepper(item.id, nameOf(item));
    } else {
      action = h('button', { type: 'button', class: 'add wide-action', 'aria-label': t('menu.add.label', { name: nameOf(item) }), onclick: () => setQuantity(item.id, 1) }, t('menu.add'));
    }
    return h('article', { class: 'item' + (item.image_url ? ' has-photo' : ''), dataset: { item: item.id } },
      photo(item),
      h('div', { class: 'item-head' }, dietMark(item), h('h3', {}, nameOf(item)), h('p', { class: 'price' }, price)),
      item.description ? h('p', { class: 'muted' }, descriptionOf(item)) : null,
      item.dietary_tags.length ? h('div', { class: 'tags' }, item.dietary_tags.map((tag) => h('span', { class: 'tag ' + tag }, tag))) : null,
      action);
  }

  $('search').addEventListener('input', (e) => { state.search = e.target.value; renderMenu(); });
  $('view-cart').addEventListener('click', () => { renderCart(); show('cart'); });
  $('back-to-menu').addEventListener('click', () => { renderMenu(); show('menu'); });
  $('service-charge').addEventListener('change', (e) => {
    state.serviceCharge = e.target.checked;
    state.orderKey = null; // a different order now: a new Idempotency-Key
    save();
    requestQuote();
  });

  // --- Cart: the server prices it (today's discounts and GST), the page only shows it -----------
  // Each line also carries the unit price the guest saw: if the menu changed meanwhile the
  // server says so instead of charging a price nobody showed.
  function orderBody() {
    return {
      table_id: tableId, customer_id: state.customerId || undefined,
      items: [...state.cart.values()].map((l) => ({
        menu_item_id: l.itemId, quantity: l.quantity, special_instructions: l.note.trim() || null,
        variant_id: l.variantId || undefined, options: l.options.length ? l.options : undefined, unit_price: unitPrice(l),
      })),
      // Only when the guest ticked it: a service charge is never added by default (docs/tax.md).
      service_charge: state.serviceCharge || undefined,
    };
  }

  function renderCart() {
    $('cart-lines').replaceChildren(...[...state.cart.entries()].map(([key, line]) => {
      const label = lineLabel(line);
      return h('li', { dataset: { item: line.itemId } },
        h('span', {}, label), stepper(key, label),
        h('input', {
          type: 'text', maxlength: 200, placeholder: t('cart.note'), value: line.note, 'aria-label': t('cart.note.label', { name: label }),
          oninput: (e) => { line.note = e.target.value; state.orderKey = null; save(); },
        }));
    }));
    $('place').disabled = state.cart.size === 0;
    $('phone-next').hidden = Boolean(state.token) || state.cart.size === 0;
    if (state.cart.size === 0) { $('quote').replaceChildren(h('p', { class: 'muted' }, t('cart.empty'))); return; }
    requestQuote();
  }

  let quoteTimer, quoteSerial = 0;
  function requestQuote() {
    clearTimeout(quoteTimer);
    quoteTimer = setTimeout(async () => {
      if (state.cart.size === 0) return; // placed meanwhile: nothing left to price
      const serial = ++quoteSerial;
      try {
        const quote = await call('POST', `/api/orders/quote?${tenantQuery}`, { body: orderBody() });
        if (serial !== quoteSerial) return;
        showServiceChoice(Number(quote.service_charge_percentage));
        $('quote').replaceChildren(...totalRows(quote, quote.items));
      } catch (err) {
        if (serial === quoteSerial) $('quote').replaceChildren(h('p', { class: 'error' }, say(err)));
      }
    }, 150);
  }

  /** The optional service charge, offered unticked with its percentage when the restaurant has one. */
  function showServiceChoice(percent) {
    $('service-choice').hidden = !(percent > 0);
    if (!(percent > 0)) return;
    $('service-charge-label').textContent = t('cart.service', { n: percent });
    $('service-charge').checked = state.serviceCharge;
  }

  /** GST lines: one per rate when dishes differ; "included" when the menu prices already hold it. */
  function taxRows(priced) {
    const taxes = priced.taxes && priced.taxes.length ? priced.taxes : [{ rate: priced.gst_rate, cgst: priced.cgst, sgst: priced.sgst }];
    const key = priced.prices_include_tax ? 'totals.gst.included' : 'totals.gst';
    return taxes.flatMap((tax, i) => [
      h('span', {}, t(key, { rate: Number(tax.rate) })),
      h('span', { dataset: { total: i === 0 ? 'gst' : 'gst-' + Number(tax.rate) } },
        money(Math.round((Number(tax.cgst) + Number(tax.sgst)) * 100) / 100)),
    ]);
  }

  /** The service charge and round-off lines, when there are any. */
  function extraRows(priced) {
    const rows = [];
    if (Number(priced.service_charge) > 0) {
      rows.push(h('span', {}, t('totals.service')), h('span', { dataset: { total: 'service' } }, money(priced.service_charge)));
    }
    return rows;
  }
  function roundOffRows(priced) {
    const value = Number(priced.round_off);
    if (!value) return [];
    return [h('span', {}, t('totals.roundoff')), h('span', { dataset: { total: 'roundoff' } }, (value < 0 ? '−' : '+') + money(Math.abs(value)))];
  }

  /** The confirmation's figures: lines, Subtotal, Discount, GST, Total (docs/glossary.md, "Demo journey"). */
  function totalRows(priced, lines) {
    const rows = [];
    for (const line of lines || []) {
      const off = Number(line.discount_percentage) > 0;
      const chosen = (line.variant ? ` (${line.variant})` : '') + (line.options && line.options.length ? ' · ' + line.options.map((o) => o.name).join(', ') : '');
      rows.push(h('span', {}, `${line.quantity}× ${lineName(line)}${chosen}`, off ? h('span', { class: 'off' }, t('totals.off', { n: Number(line.discount_percentage) })) : null),
        h('span', {}, money(line.subtotal)));
    }
    rows.push(h('span', {}, t('totals.subtotal')), h('span', { dataset: { total: 'subtotal' } }, money(priced.subtotal)));
    if (Number(priced.discount_saved) > 0) {
      rows.push(h('span', { class: 'discount' }, t('totals.discount')), h('span', { class: 'discount', dataset: { total: 'discount' } }, '−' + money(priced.discount_saved)));
    }
    rows.push(...extraRows(priced), ...taxRows(priced), ...roundOffRows(priced));
    rows.push(h('span', { class: 'grand' }, t('totals.total')), h('span', { class: 'grand', dataset: { total: 'total' } }, money(priced.total)));
    return rows;
  }

  // A double tap sends one order; a retry after a dropped connection reuses the same
  // Idempotency-Key, so the restaurant gets the order once and the guest sees the same answer.
  let placing = false;
  async function placeOrder() {
    if (placing || state.cart.size === 0) return;
    placing = true;
    const button = $('place');
    button.disabled = true;
    $('place-error').textContent = '';
    state.orderKey = state.orderKey || ID.randomKey();
    save();
    try {
      const result = await call('POST', `/api/orders?${tenantQuery}`, { body: orderBody(), headers: { 'Idempotency-Key': state.orderKey } });
      state.cart.clear();
      state.orderKey = null;
      state.sessionId = result.order.table_session_id || state.sessionId;
      remember(result.order);
      showConfirmation(result.order);
    } catch (err) {
      if (err.status === 401) { askPhone('place'); return; }
      if (err.status === 0 || err.status >= 500) {
        $('place-error').textContent = say(err) + ' ' + t('error.retry', { action: t('cart.place') });
      } else {
        state.orderKey = null;
        $('place-error').textContent = say(err);
        if (err.status === 409) loadMenu().then(renderCart).catch(() => {});
      }
    } finally {
      placing = false;
      button.disabled = state.cart.size === 0;
    }
  }
  $('place').addEventListener('click', () => signedIn('place', placeOrder));

  // --- My orders: back to live tracking from anywhere ------------------------------------------
  function remember(order) {
    const known = state.myOrders.find((o) => o.id === order.id);
    if (known) known.status = order.status;
    else state.myOrders.unshift({ id: order.id, ticket_number: order.ticket_number, status: order.status });
    state.myOrders = state.myOrders.slice(0, 10);
    state.orderId = order.id;
    save();
    renderMyOrders();
  }

  async function refreshMyOrders() {
    try {
      const answer = await call('GET', `/api/orders?${tenantQuery}`);
      const mine = new Set(state.myOrders.map((o) => o.id));
      // The guest's orders at this table today that this tab placed, or that are still open.
      for (const order of answer.orders || []) {
        if (order.table_id !== tableId) continue;
        if (mine.has(order.id) || !['COMPLETED', 'CANCELLED'].includes(order.status)) {
          const known = state.myOrders.find((o) => o.id === order.id);
          if (known) known.status = order.status;
          else state.myOrders.push({ id: order.id, ticket_number: order.ticket_number, status: order.status });
        }
      }
      state.myOrders.sort((a, b) => b.ticket_number - a.ticket_number);
      save();
      renderMyOrders();
    } catch (_) { /* shown again on the next success */ }
  }

  // Each order's chip as drawn last: an order moving on redraws its own chip, not the one tapped.
  const drawnChips = ID.drawnNodes();
  function renderMyOrders() {
    const strip = $('my-orders');
    const hiddenOn = ['welcome', 'phone', 'otp', 'chooser'];
    const shown = state.myOrders.filter((o) => !(state.screen === 'tracking' && state.order && o.id === state.order.id)).slice(0, 4);
    strip.hidden = !shown.length || hiddenOn.includes(state.screen);
    ID.placeChildren(strip, drawnChips(shown, (o) => o.id, (o) => JSON.stringify([o, ID.lang]), (o) => h('button', {
      type: 'button', class: 'order-chip ' + o.status.toLowerCase(), dataset: { order: o.id },
      onclick: () => openOrder(o.id).catch((err) => { $('call-status').textContent = say(err); setNotice(false); }),
    }, t('orders.item', { n: o.ticket_number, status: t('status.' + o.status) }), ' ›')));
  }

  async function openOrder(id) {
    const answer = await call('GET', `/api/orders/${encodeURIComponent(id)}?${tenantQuery}`);
    state.order = answer.order;
    remember(answer.order);
    track();
  }

  // --- The table: its shared bill, calling a waiter ------------------------------------------
  // Everyone who scans this table's code shares one bill; joining is silent (a free table has
  // no bill yet: the first order opens it).
  async function joinTable() {
    try {
      const joined = await call('POST', `/api/tables/${encodeURIComponent(tableId)}/session/join?${tenantQuery}`);
      state.sessionId = joined.session ? joined.session.id : null;
      save();
    } catch (_) { state.sessionId = null; }
  }

  function setNotice(ok) {
    const notice = $('call-status');
    notice.classList.toggle('error', !ok);
    notice.hidden = false;
  }

  // A call is "Requested" until a waiter taps On my way, then "Coming". The page asks the box
  // every 4 s while a call is open (for at most 15 minutes), so it needs no stream of its own.
  let callWatch = null;
  function callText(answer) {
    const c = answer.call;
    if (c.status === 'ACKNOWLEDGED') return t('call.coming');
    return c.kind === 'BILL' && c.amount_due !== undefined ? t('call.sent.BILL.due', { amount: money(c.amount_due) }) : t('call.sent.' + c.kind);
  }
  function watchCall(id) {
    clearInterval(callWatch);
    const until = Date.now() + 15 * 60 * 1000;
    state.callId = id;
    save();
    const done = () => { clearInterval(callWatch); state.callId = null; save(); };
    callWatch = setInterval(async () => {
      if (Date.now() > until || !state.token) return done();
      try {
        const answer = await call('GET', `/api/calls/${encodeURIComponent(id)}?${tenantQuery}`);
        if (answer.call.status === 'ACKNOWLEDGED') {
          done();
          $('call-status').textContent = '✓ ' + callText(answer);
          setNotice(true);
          if (state.screen === 'tracking') $('pay-note').textContent = callText(answer);
        }
      } catch (err) {
        if (err.status === 401 || err.status === 404) done(); // signed out, or no such call: stop asking
      }
    }, 4000);
  }

  async function callStaff(kind) {
    try {
      const answer = await call('POST', `/api/tables/${encodeURIComponent(tableId)}/calls?${tenantQuery}`, { body: { kind } });
      $('call-status').textContent = '✓ ' + callText(answer);
      setNotice(true);
      if (answer.call.status !== 'ACKNOWLEDGED') watchCall(answer.call.id);
      return answer;
    } catch (err) {
      if (err.status === 401) { askPhone(kind === 'BILL' ? 'bill-call' : 'call'); return null; }
      $('call-status').textContent = say(err);
      setNotice(false);
      return null;
    }
  }
  $('call-waiter').addEventListener('click', () => signedIn('call', () => callStaff('WAITER')));
  $('ask-bill').addEventListener('click', () => callStaff('BILL'));

  async function showBill() {
    if (!state.token) return askPhone('bill');
    if (!state.sessionId && !state.lastSessionId) await joinTable();
    if (!state.sessionId && state.lastSessionId) state.sessionId = state.lastSessionId;
    show('bill');
    if (!state.sessionId) {
      $('bill-title').textContent = t('bill.title');
      $('bill-guests').textContent = t('bill.nothing');
      for (const id of ['bill-rounds', 'bill-totals', 'bill-parts', 'bill-invoice']) $(id).replaceChildren();
      $('ask-bill').hidden = true;
      return;
    }
    let bill;
    try {
      bill = (await call('GET', `/api/sessions/${encodeURIComponent(state.sessionId)}?${tenantQuery}`)).session;
    } catch (err) {
      $('bill-guests').textContent = say(err);
      return;
    }
    if (bill.status === 'CLOSED') {
      // Settled: the GST invoice replaces the running bill's buttons.
      call('GET', `/api/sessions/${encodeURIComponent(bill.id)}/invoice?${tenantQuery}`)
        .then((answer) => $('bill-invoice').replaceChildren(ID.invoiceView(answer.invoice)))
        .catch(() => $('bill-invoice').replaceChildren());
    } else {
      $('bill-invoice').replaceChildren();
    }
    $('ask-bill').hidden = bill.status === 'CLOSED';
    state.lastSessionId = bill.id;
    if (bill.status !== 'OPEN') state.sessionId = null;
    save();
    $('bill-title').textContent = t('bill.title.n', { n: bill.table_number });
    const guests = bill.guests === 1 ? t('bill.guests.one') : t('bill.guests.many', { n: bill.guests });
    const orders = bill.orders.length === 1 ? t('bill.orders.one') : t('bill.orders.many', { n: bill.orders.length });
    $('bill-guests').textContent = `${guests} · ${orders}` + (bill.status === 'CLOSED' ? ' · ' + t('bill.paid') : '');
    $('bill-rounds').replaceChildren(...bill.orders.map((o) => h('div', { class: 'round', dataset: { order: o.id } },
      h('h3', {}, t('bill.round', { round: o.round, n: o.ticket_number }) + (o.customer_id === state.customerId ? t('bill.yours') : '')),
      h('ul', { class: 'lines' }, o.items.map((i) => h('li', {},
        h('span', {}, `${i.quantity}× ${lineName(i)}` + (i.variant ? ` (${i.variant})` : '') + (i.options ? ' · ' + i.options.map((x) => x.name).join(', ') : '')),
        h('span', {}, money(i.subtotal))))))));
    $('bill-totals').replaceChildren(
      h('span', {}, t('totals.subtotal')), h('span', {}, money(bill.subtotal)),
      ...extraRows(bill),
      // GST at each rate, "included in prices" when the menu prices held it.
      ...taxRows(bill),
      ...roundOffRows(bill),
      h('span', { class: 'grand' }, t('totals.total')), h('span', { class: 'grand', dataset: { total: 'bill' } }, money(bill.total)),
      h('span', {}, t('totals.paid')), h('span', {}, money(bill.paid)),
      h('span', { class: 'grand' }, t('totals.due')), h('span', { class: 'grand', dataset: { total: 'due' } }, money(bill.due)));
    // UPI for what the table owes: a link that opens the guest's UPI app, and the QR for another phone.
    $('bill-upi').hidden = !(state.upi && bill.status === 'OPEN' && Number(bill.due) > 0);
    $('upi-code').hidden = true;
    $('upi-show').textContent = t('bill.upi', { amount: money(bill.due) });
    // A split bill is paid part by part: each guest can pay theirs online here, or in cash to a waiter.
    const partDue = (p) => Math.round((Number(p.amount) - Number(p.paid)) * 100) / 100;
    $('bill-parts').replaceChildren(...bill.parts.map((p) => h('li', { dataset: { part: p.id } },
      h('span', {}, p.label), h('span', {}, `${money(p.amount)} · ${p.status === 'PAID' ? t('bill.part.paid') : t('bill.part.due')}`),
      p.status !== 'PAID' && state.onlinePayment ? h('button', { type: 'button', class: 'pay-part', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await checkoutOnline({ session_id: bill.id, bill_part_id: p.id, amount: partDue(p) }, $('bill-note'), showBill);
        } catch (err) { $('bill-note').textContent = say(err); } finally { e.target.disabled = false; }
      } }, t('bill.part.pay', { amount: money(partDue(p)) })) : null)));
  }
  $('upi-show').addEventListener('click', async () => {
    try {
      const upi = await call('GET', `/api/sessions/${encodeURIComponent(state.lastSessionId)}/upi?${tenantQuery}`);
      $('upi-open').href = upi.uri;
      // The box's own SVG (no guest text in it), parsed as an image document, never as HTML.
      const svg = new DOMParser().parseFromString(upi.svg, 'image/svg+xml').documentElement;
      $('upi-qr').replaceChildren(document.importNode(svg, true));
      $('upi-code').hidden = false;
    } catch (err) { $('bill-note').textContent = say(err); }
  });
  $('show-bill').addEventListener('click', showBill);
  $('show-invoice').addEventListener('click', () => { state.sessionId = state.order.table_session_id || state.sessionId; showBill(); });
  $('bill-refresh').addEventListener('click', showBill);
  $('bill-back').addEventListener('click', () => { renderMenu(); show('menu'); });

  // --- Confirmation and tracking -------------------------------------------------------------
  function showConfirmation(order) {
    state.order = order;
    $('confirm-title').textContent = t('confirm.title', { n: order.ticket_number });
    $('confirm-totals').replaceChildren(...totalRows(order, order.items));
    $('confirm-eta').textContent = t('confirm.eta', { n: order.estimated_preparation_time });
    show('confirmation');
  }

  const steps = ['PENDING', 'PREPARING', 'READY', 'SERVED', 'COMPLETED'];

  function track() {
    if (state.stream) state.stream.stop();
    const order = state.order;
    order.status_history = order.status_history || [{ status: order.status, changed_at: order.created_at }];
    show('tracking');
    renderTracking();
    const stream = new LiveStream({
      token: () => state.token,
      query: 'order_id=' + encodeURIComponent(order.id),
      onSnapshot: (orders) => { if (orders[0]) { state.order = orders[0]; remember(orders[0]); renderTracking(); } },
      onEvent: (frame) => {
        const o = state.order, d = frame.data;
        if (frame.event_type === 'order.status_changed') {
          o.status = d.new_status;
          o.status_history.push({ status: d.new_status, changed_at: d.timestamp });
          remember(o);
        } else if (frame.event_type === 'payment.completed') {
          o.amount_due = Math.max(0, Math.round((Number(o.amount_due) - Number(d.amount)) * 100) / 100);
        }
        renderTracking();
      },
      onState: (s) => {
        $('track-connection').textContent = t('track.' + s);
        $('track-connection').className = 'pill ' + s;
        if (s === 'signed-out') signedOut();
      },
    });
    state.stream = stream;
    stream.start();
  }

  function renderTracking() {
    const o = state.order;
    $('track-title').textContent = t('track.title', { n: o.ticket_number });
    const reached = new Map(o.status_history.map((e) => [e.status, e.changed_at]));
    const cancelled = o.status === 'CANCELLED';
    const list = cancelled ? ['PENDING', 'CANCELLED'] : steps;
    const index = list.indexOf(o.status);
    $('steps').replaceChildren(...list.map((status, i) => h('li', {
      class: i < index ? 'done' : i === index ? 'current' : '', dataset: { status },
    }, t('status.' + status), reached.has(status) ? h('time', {}, ID.time(reached.get(status))) : null)));
    const due = Number(o.amount_due);
    $('pay').hidden = cancelled || due <= 0;
    $('show-invoice').hidden = o.status !== 'COMPLETED';
    $('due').textContent = money(due);
    $('pay-online').disabled = !state.onlinePayment;
    if (!state.onlinePayment && !$('pay-note').dataset.touched) $('pay-note').textContent = t('pay.at_counter');
  }

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
    const created = await call('POST', `/api/payments/razorpay-order?${tenantQuery}`, { body });
    try { await loadCheckout(); } catch (e) { note.textContent = t('pay.at_counter'); return; }
    const checkout = new window.Razorpay({
      key: created.razorpay_key, amount: created.amount_paise, currency: created.currency, order_id: created.razorpay_order_id,
      name: state.restaurant, description: created.description, prefill: { contact: state.phone },
      handler: async (answer) => {
        try {
          const result = await call('POST', `/api/payments/razorpay-verify?${tenantQuery}`, { body: answer });
          note.textContent = result.message;
          if (onPaid) onPaid();
        } catch (err) { note.textContent = say(err); }
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
      $('pay-note').textContent = say(err);
    } finally {
      button.disabled = !state.onlinePayment;
    }
  }

  $('track').addEventListener('click', track);
  $('pay-online').addEventListener('click', payOnline);
  for (const id of ['order-more', 'track-order-more']) {
    $(id).addEventListener('click', () => { renderMenu(); show('menu'); });
  }
  // Pay cash asks for the table's whole bill (everyone's orders), not this one order's.
  $('pay-cash').addEventListener('click', async () => {
    const button = $('pay-cash');
    $('pay-note').dataset.touched = 'yes';
    button.disabled = true;
    const answer = await callStaff('BILL');
    $('pay-note').textContent = answer ? callText(answer) : $('call-status').textContent;
    setTimeout(() => { button.disabled = false; }, 5000);
  });

  // The saved language first (the catalogue may need loading), then the page.
  let saved = 'en';
  try { saved = localStorage.getItem('intellidine.lang') || 'en'; } catch (_) { /* default */ }
  (languages.includes(saved) && saved !== 'en' ? setLanguage(saved) : Promise.resolve(ID.translatePage())).finally(boot);
})();
