// The floor: tables calling, orders to serve, bills to collect. The main module keeps it live:
// it passes each event of the order stream to `onEvent`, and asks for a redraw, which is done only
// if the floor it fetches differs from the one shown.
import { h, money, call, guarded, flash, cashInput, redrawView, time } from './staff-shared.js';

const paymentRequests = new Set();
// What a waiter has typed into a bill, kept across live refreshes of the floor.
const cashDrafts = new Map();

// What the floor last drew, and into which element. A live refresh that would draw the same thing
// there leaves the page alone: redrawing would only replace the card under a waiter's finger.
let drawn = null;
let drawnInto = null;

/** Draws the floor again after a tap, if it is still the tab shown. */
const redraw = () => redrawView('serve', render);

/** Draws the floor. `onlyIfChanged` is the live refresh's: it leaves an unchanged floor as it is. */
export async function render(root, { onlyIfChanged = false } = {}) {
  const [ready, served, calls] = await Promise.all([
    call('GET', '/api/orders?status=READY'), call('GET', '/api/orders?status=SERVED'), call('GET', '/api/calls')]);
  const toCollect = served.orders.filter((o) => Number(o.amount_due) > 0);
  // Left for another tab while the reads were on their way: nothing to draw, nothing to remember.
  if (!root.isConnected) return;
  const signature = JSON.stringify([ready.orders, toCollect, calls.calls, [...paymentRequests]]);
  if (onlyIfChanged && signature === drawn && root === drawnInto) return;
  drawn = signature;
  drawnInto = root;
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
}

/** An event from the order stream, before the floor is re-rendered for it. */
export function onEvent(frame) {
  if (frame.event_type === 'table.call') {
    alertWaiter();
    flash(`Table ${frame.data.table_number} ${frame.data.kind === 'BILL' ? 'asks for the bill' : 'calls a waiter'}`);
  }
  if (frame.event_type === 'order.payment_requested') {
    paymentRequests.add(frame.order_id);
    alertWaiter();
    flash(`Table ${frame.data.table_number} asks for the bill (${money(frame.data.amount_due)})`);
  }
}

// A table calling is heard and felt, not only seen: a chime, and a buzz on phones that allow it.
// Browsers allow sound only after a tap, so the first tap anywhere on the staff app unlocks it.
let audio = null;
document.addEventListener('pointerdown', () => {
  if (audio) return;
  try { audio = new AudioContext(); } catch (_) { audio = null; }
}, { once: true });

function alertWaiter() {
  if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
  if (!audio) return;
  for (const [delay, pitch] of [[0, 660], [0.18, 880]]) {
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = pitch;
    gain.gain.setValueAtTime(0.25, audio.currentTime + delay);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + delay + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(audio.currentTime + delay);
    osc.stop(audio.currentTime + delay + 0.3);
  }
}

// A guest's "call the waiter" or "bring the bill": one card per table and kind until taken.
function callCard(tableCall) {
  const what = tableCall.kind === 'BILL' ? 'asks for the bill' : 'calls a waiter';
  const since = time(tableCall.created_at);
  return h('article', { class: 'card call-card', dataset: { call: tableCall.id, table: String(tableCall.table_number) } },
    h('header', {}, h('span', {}, `Table ${tableCall.table_number}`), h('time', {}, since)),
    h('p', {}, `${tableCall.kind === 'BILL' ? '🧾' : '🙋'} ${what}`),
    tableCall.amount_due !== undefined ? h('p', { class: 'due' }, `Table's bill: ${money(tableCall.amount_due)} due`) : null,
    h('button', { class: 'primary', type: 'button', onclick: async (e) => {
      e.target.disabled = true;
      await guarded(() => call('POST', `/api/calls/${encodeURIComponent(tableCall.id)}/acknowledge`));
      redraw();
    } }, 'On my way'));
}

/** Every line as the kitchen made it: portion, choices, add-ons and the guest's note. */
function itemsList(order) {
  return h('ul', { class: 'lines' }, order.items.map((i) => h('li', {},
    `${i.quantity}× ${i.name}`, i.variant ? h('strong', {}, ` (${i.variant})`) : null,
    i.options && i.options.length
      ? h('span', { class: 'options' }, ' · ' + i.options.map((o) => Number(o.price) > 0 ? '+ ' + o.name : `${o.group}: ${o.name}`).join(' · '))
      : null,
    i.special_instructions ? h('p', { class: 'note' }, i.special_instructions) : null)));
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
  redraw();  // whatever happened: a failed tap gets its button back
}

function collectCard(order) {
  const change = h('p', { class: 'change', 'aria-live': 'polite' }, '');
  const collect = h('button', { class: 'primary', type: 'button', disabled: true }, 'Collect cash');
  const input = cashInput({
    label: `Cash received for order ${order.ticket_number}`, due: Math.round(Number(order.amount_due) * 100), collect, change,
    draft: cashDrafts.get(order.id),
    onInput: (outcome, text) => {
      cashDrafts.set(order.id, text);
      change.className = outcome !== null && outcome.short ? 'change short' : 'change';
    },
  });
  collect.addEventListener('click', async () => {
    collect.disabled = true;
    const result = await guarded(() => call('PATCH', `/api/payments/${encodeURIComponent(order.id)}/cash`, { amount_received: Number(input.value), payment_method: 'CASH' }));
    if (result) {
      paymentRequests.delete(order.id);
      cashDrafts.delete(order.id);
      flash(result.message);
      change.textContent = result.message;
      setTimeout(redraw, 1500);
    } else {
      collect.disabled = false;
    }
  });
  return h('article', { class: 'card order-card' + (paymentRequests.has(order.id) ? ' wants-pay' : ''), dataset: { order: order.id } },
    h('header', {}, h('span', {}, `#${order.ticket_number} · Table ${order.table_number}`), h('span', { class: 'due' }, 'Due ' + money(order.amount_due))),
    itemsList(order), input, change, collect);
}
