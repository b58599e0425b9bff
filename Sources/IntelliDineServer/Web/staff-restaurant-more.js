// The rest of the restaurant's set-up: its logo (on the guest's menu), its holidays (the demand
// model treats them like Sundays) and the kitchen's receipt printers.
import { h, call, guarded, flash, state } from './staff-shared.js';

/** The logo, sent as the file is: the box makes it phone-sized and strips its metadata. */
export function logoForm(restaurant, done) {
  const input = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', name: 'logo', 'aria-label': 'Upload the restaurant’s logo' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    if (file.size > 10 * 1024 * 1024) { flash('A logo is at most 10 MB'); return; }
    const response = await fetch('/api/restaurant/logo', {
      method: 'PUT', headers: { Authorization: 'Bearer ' + state.token, 'Content-Type': file.type || 'application/octet-stream' }, body: file,
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) { flash((answer.error && answer.error.message) || 'The logo could not be saved.'); return; }
    flash('Logo saved');
    done();
  });
  return h('div', { class: 'profile', id: 'logo' },
    restaurant.logo_url ? h('img', { src: restaurant.logo_url, alt: 'The restaurant’s logo', width: 64, height: 64, class: 'thumb' }) : null,
    h('label', {}, restaurant.logo_url ? 'Change the logo' : 'Logo (JPEG, PNG or WebP)', input));
}

/** Holidays: the demand model expects them to trade like a Sunday (docs/discounts.md). */
export async function holidaysForm() {
  const guardrails = await call('GET', '/api/discounts/guardrails');
  const field = h('input', { type: 'text', name: 'holidays', value: (guardrails.holidays || []).join(', '), placeholder: '2026-10-20, 2026-11-08' });
  const form = h('form', { class: 'profile', id: 'holidays' },
    h('h3', {}, 'Holidays'),
    h('label', {}, 'Dates the restaurant trades like a Sunday (festivals, public holidays), as YYYY-MM-DD, separated by commas', field),
    h('button', { type: 'submit' }, 'Save holidays'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const holidays = field.value.split(/[,\s]+/).map((d) => d.trim()).filter(Boolean);
    const bad = holidays.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (bad) { flash(`"${bad}" is not a date like 2026-10-20`); return; }
    if (await guarded(() => call('PATCH', '/api/discounts/guardrails', { holidays }))) flash('Holidays saved');
  });
  return form;
}

/** The kitchen's receipt printers (ESC/POS over the network, port 9100), each for some stations or all. */
export async function printersPanel(done) {
  const [{ printers }, menu] = await Promise.all([call('GET', '/api/printers'), call('GET', '/api/menu/manage')]);
  const stationName = Object.fromEntries(menu.categories.map((c) => [c.id, c.name]));
  const rows = printers.filter((p) => p.is_active).map((p) => h('tr', { dataset: { printer: p.id } },
    h('td', {}, p.name), h('td', {}, `${p.host}:${p.port}`),
    h('td', {}, p.role === 'RECEIPT' ? 'Bills, invoices, day reports' : p.categories.length ? p.categories.map((c) => stationName[c] || c).join(', ') : 'Every station'),
    h('td', {}, h('button', { type: 'button', onclick: async () => {
      if (!confirm(`Stop printing tickets on ${p.name}?`)) return;
      if (await guarded(() => call('DELETE', `/api/printers/${encodeURIComponent(p.id)}`))) { flash(`${p.name} removed`); done(); }
    } }, `Remove ${p.name}`))));
  const name = h('input', { type: 'text', name: 'printer-name', maxlength: 40, placeholder: 'Tandoor printer', 'aria-label': 'Printer name' });
  const host = h('input', { type: 'text', name: 'printer-host', maxlength: 253, placeholder: '192.168.1.40', 'aria-label': 'Printer address' });
  const port = h('input', { type: 'number', name: 'printer-port', min: 1, max: 65535, value: 9100, 'aria-label': 'Printer port' });
  const stations = menu.categories.map((c) => h('input', { type: 'checkbox', value: c.id, 'aria-label': `Prints ${c.name}` }));
  const role = h('select', { name: 'printer-role', 'aria-label': 'What it prints' },
    h('option', { value: 'KITCHEN' }, 'Kitchen tickets'), h('option', { value: 'RECEIPT' }, 'Counter: bills'));
  const add = h('form', { class: 'inline-form', id: 'add-printer' }, name, host, port, role,
    h('fieldset', {}, h('legend', {}, 'Stations (none ticked: every station)'),
      menu.categories.map((c, i) => h('label', {}, stations[i], ' ', c.name))),
    h('button', { type: 'submit' }, 'Add printer'));
  add.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), host: host.value.trim(), port: Number(port.value), role: role.value,
      categories: stations.filter((s) => s.checked).map((s) => s.value) };
    if (await guarded(() => call('POST', '/api/printers', body))) { flash(`${body.name} added`); done(); }
  });
  return h('section', { id: 'printers' },
    h('h3', {}, 'Printers'),
    rows.length ? h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Printer', 'Address', 'Prints', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows))
      : h('p', { class: 'muted' }, 'No printer yet: kitchen tickets show on the kitchen display only.'),
    add);
}
