// Closing the day (docs/day-close.md): the X report, cash put in or taken out, and the close with
// the drawer counted note by note. A closed day shows its frozen Z report.
import { h, call, guarded, flash, money } from './staff-shared.js';
import { printOnCounter } from './staff-bills.js';

const NOTES = [500, 200, 100, 50, 20, 10, 5, 2, 1];
const paise = (rupees) => Math.round(Number(rupees || 0) * 100);

/** The report's figures as a flat list of nodes (they go straight into replaceChildren). */
function figures(report) {
  const methods = Object.entries(report.payments_by_method).sort(([a], [b]) => a.localeCompare(b));
  return [
    h('div', { class: 'kpis' },
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Orders'), h('strong', {}, String(report.orders))),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Sales'), h('strong', {}, money(report.sales))),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'GST'), h('strong', {}, money(report.gst))),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Discounts'), h('strong', {}, money(Number(report.discounts_by_rules) + Number(report.discounts_by_model))))),
    h('h3', {}, 'Payments by method'),
    methods.length ? h('table', { class: 'grid', id: 'day-methods' }, h('tbody', {}, methods.map(([method, amount]) => h('tr', {}, h('th', {}, method), h('td', {}, money(amount))))))
      : h('p', { class: 'muted' }, 'No payments yet.'),
    report.cash_movements.length ? [h('h3', {}, 'Cash in and out'), h('ul', {}, report.cash_movements.map((m) =>
      h('li', {}, `${m.direction === 'IN' ? 'In' : 'Out'} ${money(m.amount)}: ${m.reason} (${m.recorded_by})`)))] : null,
    report.cancellations.length ? [h('h3', {}, 'Cancellations'), h('ul', {}, report.cancellations.map((c) =>
      h('li', {}, `Order ${c.ticket_number}, table ${c.table_number}, ${money(c.total)}: ${c.reason || 'no reason given'} (${c.cancelled_by})`)))] : null,
  ].flat().filter(Boolean);
}

export async function render(root) {
  const answer = await call('GET', '/api/day');
  const report = answer.report;
  if (answer.kind === 'Z') {
    const c = answer.close;
    root.replaceChildren(h('h2', {}, `Day ${c.number} closed: ${report.business_date}`),
      h('p', { id: 'day-closed' }, `Closed by ${c.closed_by}. Expected ${money(c.expected_cash)}, counted ${money(c.counted_cash)}, `
        + `variance ${money(c.variance)}${c.variance_reason ? ` (${c.variance_reason})` : ''}.`),
      h('p', {}, h('button', { type: 'button', id: 'print-day', onclick: () => printOnCounter(`/api/day/print?date=${report.business_date}`) }, 'Print the Z report')),
      ...figures(report));
    return;
  }
  const cashPaid = paise(report.payments_by_method.CASH);
  const floatInput = h('input', { type: 'text', inputmode: 'decimal', name: 'opening_float', value: '0', 'aria-label': 'Opening float in rupees' });
  const counts = NOTES.map((note) => h('input', { type: 'number', min: 0, step: 1, name: `note-${note}`, value: '', placeholder: '0', class: 'narrow', 'aria-label': `Number of ₹${note}` }));
  const summary = h('p', { id: 'day-count', class: 'change', 'aria-live': 'polite' });
  const reason = h('input', { type: 'text', name: 'variance_reason', maxlength: 200, 'aria-label': 'Why the drawer differs' });
  const carry = report.open_bills.map((b) => h('input', { type: 'checkbox', value: b.session_id, 'aria-label': `Carry table ${b.table_number} over to tomorrow` }));
  const update = () => {
    const counted = NOTES.reduce((sum, note, i) => sum + note * 100 * Math.max(0, Number(counts[i].value || 0)), 0);
    const expected = paise(floatInput.value) + cashPaid + paise(report.cash_in) - paise(report.cash_out);
    const variance = counted - expected;
    summary.textContent = `Counted ${money(counted / 100)} · expected ${money(expected / 100)} · `
      + (variance === 0 ? 'the drawer matches' : `${variance < 0 ? 'short' : 'over'} by ${money(Math.abs(variance) / 100)}`);
    summary.classList.toggle('short', variance !== 0);
  };
  [floatInput, ...counts].forEach((input) => input.addEventListener('input', update));
  update();
  const close = h('button', { type: 'submit', class: 'primary', id: 'close-day' }, 'Close the day');
  const form = h('form', { id: 'day-close', class: 'profile' },
    h('h3', {}, 'Count the drawer'),
    h('label', {}, 'Opening float ₹', floatInput),
    h('div', { class: 'inline-form' }, NOTES.map((note, i) => h('label', {}, `₹${note}`, counts[i]))),
    summary,
    h('label', {}, 'If it differs, why', reason),
    report.open_bills.length ? h('fieldset', {}, h('legend', {}, 'Open bills: settle them, or carry them over to tomorrow'),
      report.open_bills.map((b, i) => h('label', { class: 'check-44' }, carry[i], ` Table ${b.table_number} owes ${money(b.due)}`))) : null,
    close);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const denominations = Object.fromEntries(NOTES.map((note, i) => [String(note), Number(counts[i].value || 0)]).filter(([, n]) => n > 0));
    const body = { opening_float: Number(floatInput.value || 0), denominations, variance_reason: reason.value.trim(),
      carry_over: carry.filter((c) => c.checked).map((c) => c.value) };
    close.disabled = true;
    if (await guarded(() => call('POST', '/api/day/close', body))) { flash(`${report.business_date} is closed`); render(root); } else close.disabled = false;
  });
  const direction = h('select', { 'aria-label': 'Cash in or out' }, h('option', { value: 'OUT' }, 'Taken out'), h('option', { value: 'IN' }, 'Put in'));
  const amount = h('input', { type: 'text', inputmode: 'decimal', class: 'narrow', 'aria-label': 'Amount in rupees' });
  const why = h('input', { type: 'text', maxlength: 200, placeholder: 'Why (petty cash for milk…)', 'aria-label': 'Why the cash went in or out' });
  const movement = h('form', { class: 'inline-form', id: 'cash-movement' }, direction, amount, why, h('button', { type: 'submit' }, 'Record cash'));
  movement.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await guarded(() => call('POST', '/api/day/cash-movements', { direction: direction.value, amount: Number(amount.value), reason: why.value.trim() }))) {
      flash('Cash recorded');
      render(root);
    }
  });
  root.replaceChildren(h('h2', {}, `Today so far: ${report.business_date}`),
    h('p', { class: 'muted' }, 'The X report: the day as it stands. Closing the day freezes it as the Z report.'),
    h('p', {}, h('button', { type: 'button', id: 'print-day', onclick: () => printOnCounter('/api/day/print') }, 'Print the X report')),
    ...figures(report), h('h3', {}, 'Cash in or out of the drawer'), movement, form);
}
