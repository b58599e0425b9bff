// The GST return's tables for a month (docs/gstr1.md): what the accountant files as GSTR-1, read
// from the month's invoices, with the offline tool's JSON and each table's CSV to download.
import { h, call, guarded, money, download, today } from './staff-shared.js';

const TABLES = [['b2cs', 'B2C others (table 7)'], ['b2b', 'B2B invoices (table 4)'], ['hsn', 'HSN/SAC summary (table 12)'], ['docs', 'Documents issued (table 13)']];

/** The last month by default, on the restaurant's calendar: the return is filed after the month ends. */
function lastMonth() {
  const [year, month] = today();
  const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return `${y}-${String(m).padStart(2, '0')}`;
}

const rows = (lines) => lines.map((l) => h('tr', {},
  h('td', {}, `${Number(l.rt)} %`), h('td', {}, money(l.txval)), h('td', {}, money(l.camt)), h('td', {}, money(l.samt))));

export async function render(root, month = lastMonth()) {
  const picker = h('input', { type: 'month', name: 'month', value: month, 'aria-label': 'Month of the return' });
  picker.addEventListener('change', () => { if (picker.value) render(root, picker.value); });
  const tables = await guarded(() => call('GET', `/api/reports/gstr1?month=${month}`));
  const base = `/api/reports/gstr1?month=${month}`;
  const heading = ['Rate', 'Taxable value', 'CGST', 'SGST'].map((t) => h('th', {}, t));
  const docs = tables ? tables.doc_issue.doc_det[0].docs : [];
  root.replaceChildren(
    h('h2', {}, 'GST return'),
    h('p', { class: 'muted' }, 'GSTR-1 for the month, from the tax invoices as they were issued. Download the JSON for the GST offline tool, or each table as CSV.'),
    h('div', { class: 'inline-form' }, h('label', {}, 'Month ', picker),
      h('button', { type: 'button', id: 'gst-json', onclick: () => download(base, `GSTR1-${month}.json`) }, 'Download JSON'),
      TABLES.map(([table, label]) => h('button', { type: 'button', class: 'gst-csv', dataset: { table },
        onclick: () => download(`${base}&format=csv&table=${table}`, `GSTR1-${month}-${table}.csv`) }, `CSV: ${label}`))),
    ...(tables ? [
      h('h3', {}, 'B2C others (table 7)'),
      tables.b2cs.length ? h('table', { class: 'grid', id: 'gst-b2cs' }, h('thead', {}, h('tr', {}, heading)), h('tbody', {}, rows(tables.b2cs)))
        : h('p', { class: 'muted' }, 'No consumer invoices this month.'),
      h('h3', {}, 'B2B invoices (table 4)'),
      h('p', { id: 'gst-b2b' }, tables.b2b.length
        ? `${tables.b2b.reduce((n, party) => n + party.inv.length, 0)} invoices to ${tables.b2b.length} business buyers`
        : 'No business invoices this month.'),
      h('h3', {}, 'Documents issued (table 13)'),
      docs.length ? h('ul', { id: 'gst-docs' }, docs.map((d) => h('li', {}, `${d.from} to ${d.to}: ${d.totnum} issued, ${d.cancel} cancelled`)))
        : h('p', { class: 'muted' }, 'No invoices this month.'),
    ] : []));
}
