// Sales for any period (docs/reports.md): totals against the period before, SVG charts readable
// on a phone (labels of 13 user units in a 300-unit-wide chart: at least 12 px on a phone), and
// every table as CSV.
import { h, call, guarded, money, download, svg } from './staff-shared.js';

const TABLES = [['day', 'By day', 'by_day'], ['hour', 'By hour', 'by_hour'], ['item', 'By item', 'by_item'], ['category', 'By category', 'by_category'],
  ['table', 'By table', 'by_table'], ['staff', 'By staff member', 'by_staff'], ['method', 'By payment method', 'by_method']];

/** Horizontal bars, one row each: the label on its own line above the bar, so long names fit. */
function bars(rows, title) {
  const top = rows.slice(0, 12);
  const max = Math.max(1, ...top.map((r) => Number(r.sales)));
  const W = 300, row = 40, H = Math.max(50, top.length * row + 8);
  const chart = svg('svg', { class: 'report-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  top.forEach((r, i) => {
    const width = Math.max(2, (W - 110) * Number(r.sales) / max);
    chart.append(
      svg('text', { x: 0, y: i * row + 14 }, r.key),
      svg('rect', { class: 'bar', x: 0, y: i * row + 19, width, height: 14 }),
      svg('text', { class: 'value', x: width + 6, y: i * row + 31 }, money(r.sales)));
  });
  if (!top.length) chart.append(svg('text', { x: 0, y: 30 }, 'No sales in this period'));
  return chart;
}

const change = (value) => (value === undefined || value === null ? 'no earlier sales' : `${Number(value) > 0 ? '+' : ''}${Number(value)}% on the period before`);

export async function render(root, range) {
  const from = h('input', { type: 'date', name: 'from', value: range ? range.from : '', 'aria-label': 'From' });
  const to = h('input', { type: 'date', name: 'to', value: range ? range.to : '', 'aria-label': 'To' });
  const query = range ? `?from=${range.from}&to=${range.to}` : '';
  const answer = await guarded(() => call('GET', `/api/reports/sales${query}`));
  if (!answer) return;
  const r = answer.report;
  from.value = r.from;
  to.value = r.to;
  const form = h('form', { class: 'inline-form', id: 'report-range' }, h('label', {}, 'From ', from), h('label', {}, 'To ', to),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => { e.preventDefault(); render(root, { from: from.value, to: to.value }); });
  const kpi = (label, value, note) => h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, label), h('strong', {}, value), note ? h('span', { class: 'muted' }, note) : null);
  root.replaceChildren(
    h('h2', {}, 'Reports'),
    form,
    h('div', { class: 'kpis', id: 'report-totals' },
      kpi('Sales', money(r.totals.sales), change(answer.change.sales_percent)),
      kpi('Orders', String(r.totals.orders), change(answer.change.orders_percent)),
      kpi('Average ticket', money(r.totals.average_ticket)),
      kpi('GST', money(r.totals.gst)),
      kpi('Discounts', money(Number(r.totals.discounts_by_rules) + Number(r.totals.discounts_by_model)),
        `rules ${money(r.totals.discounts_by_rules)} · model ${money(r.totals.discounts_by_model)}`),
      kpi('Cancelled', String(r.totals.cancelled))),
    h('p', { class: 'muted' }, `Compared with ${answer.previous_from} to ${answer.previous_to}: ${money(answer.previous.sales)} from ${answer.previous.orders} orders.`),
    h('div', { class: 'charts' }, TABLES.map(([name, title, key]) => h('section', { class: 'card chart', dataset: { table: name } },
      h('h3', {}, title), bars(r[key], `Sales ${title.toLowerCase()}`),
      h('button', { type: 'button', class: 'report-csv', onclick: () => download(`/api/reports/sales?from=${r.from}&to=${r.to}&format=csv&table=${name}`, `sales-${r.from}-${r.to}-${name}.csv`) },
        `${title}: CSV`)))));
}
