// Table bills: one per seated table, split and collected part by part.
import { h, money, invoiceView, call, guarded, flash, cashInput, redrawView } from './staff-shared.js';

/** Draws the bills again after a change, if they are still the tab shown. */
const redraw = () => redrawView('bills', render);

export async function render(root) {
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
        if (answer) shown.replaceChildren(invoiceView(answer.invoice));
      } }, 'Show'), ' ',
      h('button', { type: 'button', class: 'print-invoice', onclick: () => printOnCounter(`/api/sessions/${encodeURIComponent(inv.session_id)}/invoice/print`) },
        `Print ${inv.number}`)))),
    shown);
}

/** Sends a bill, an invoice or a report to the counter's receipt printer. */
export async function printOnCounter(path) {
  const answer = await guarded(() => call('POST', path));
  if (answer) flash(answer.message);
}

/**
 * Sends a change to a table's bill. Done, the bills are drawn again; refused (a UTR already used,
 * a cash amount short), the bill stays as the waiter typed it, to correct, and this says false.
 */
async function sessionAction(path, body) {
  const result = await guarded(() => call('POST', path, body));
  if (!result) return false;
  if (result.message) flash(result.message);
  redraw();
  return true;
}

/**
 * Paid at the counter by UPI or card: the method and the reference the guest's screen or the slip
 * shows (a UPI UTR is 12 digits). A reference already on another payment is refused by the box.
 */
function counterForm(path, label) {
  const method = h('select', { 'aria-label': `How ${label} was paid` }, h('option', { value: 'UPI' }, 'UPI'), h('option', { value: 'CARD' }, 'Card'));
  const reference = h('input', { type: 'text', inputmode: 'numeric', maxlength: 20, placeholder: 'UPI reference (12 digits)', 'aria-label': `Reference for ${label}` });
  method.addEventListener('change', () => {
    reference.placeholder = method.value === 'UPI' ? 'UPI reference (12 digits)' : 'Approval code';
    reference.inputMode = method.value === 'UPI' ? 'numeric' : 'text';
  });
  const record = h('button', { type: 'button', onclick: () => {
    if (!reference.value.trim()) { flash('Type the reference from the guest\'s screen or the card slip'); return; }
    sessionAction(path, { method: method.value, reference: reference.value.trim() });
  } }, `Record ${label}`);
  return h('span', { class: 'counter-pay' }, ' or ', method, ' ', reference, ' ', record);
}

/** A business guest's GSTIN and name for a B2B tax invoice, entered before the bill is paid. */
function buyerForm(session, base) {
  const gstin = h('input', { type: 'text', maxlength: 15, autocapitalize: 'characters', placeholder: 'Guest\'s GSTIN', value: session.buyer ? session.buyer.gstin : '',
    'aria-label': `Business guest's GSTIN for table ${session.table_number}` });
  const name = h('input', { type: 'text', maxlength: 100, placeholder: 'Business name', value: session.buyer ? session.buyer.name : '',
    'aria-label': `Business name for table ${session.table_number}` });
  const save = h('button', { type: 'button', onclick: async () => {
    const answer = await guarded(() => call('PUT', `${base}/buyer`, { gstin: gstin.value.trim(), name: name.value.trim() }));
    if (answer) { flash(answer.session.buyer ? `The invoice will name ${answer.session.buyer.name}` : 'A consumer\'s bill again'); redraw(); }
  } }, session.buyer ? 'Change business details' : 'Invoice to a business');
  return h('details', { class: 'buyer' }, h('summary', {}, session.buyer ? `B2B: ${session.buyer.name} (${session.buyer.gstin})` : 'Business guest? (B2B invoice)'),
    h('p', { class: 'actions' }, gstin, ' ', name, ' ', save));
}

function sessionCard(session, others, freeTables) {
  const base = `/api/sessions/${encodeURIComponent(session.id)}`;
  const lines = session.lines.map((l) => h('li', {}, `${l.quantity}× ${l.name}`, h('span', { class: 'muted' }, ` · round ${l.round} · ${money(l.amount)}`)));
  const parts = session.parts.map((part) => {
    if (part.status === 'PAID') return h('li', { dataset: { part: part.id } }, `${part.label}: ${money(part.amount)} · paid`);
    const change = h('span', { class: 'change' }, '');
    const collect = h('button', { class: 'primary', type: 'button', disabled: true }, 'Collect');
    const input = cashInput({ label: `Cash for ${part.label}`, due: Math.round((Number(part.amount) - Number(part.paid)) * 100), collect, change });
    collect.addEventListener('click', async () => {
      collect.disabled = true;
      if (!(await sessionAction(`${base}/parts/${encodeURIComponent(part.id)}/cash`, { amount_received: Number(input.value) }))) collect.disabled = false;
    });
    return h('li', { dataset: { part: part.id } }, `${part.label}: ${money(part.amount)} due `, input, collect, change,
      counterForm(`${base}/parts/${encodeURIComponent(part.id)}/counter`, part.label));
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
    buyerForm(session, base),
    splitting,
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'print-bill', onclick: () => printOnCounter(`${base}/print`) }, `Print bill for table ${session.table_number}`), ' ',
      freeTables.length ? [moveTo, ' ', h('button', { type: 'button', onclick: () => sessionAction(`${base}/move`, { table_id: moveTo.value }) }, 'Move')] : null,
      others.length ? [' ', mergeFrom, ' ', h('button', { type: 'button', onclick: () => sessionAction(`${base}/merge`, { from_session_id: mergeFrom.value }) }, 'Merge in')] : null));
}
