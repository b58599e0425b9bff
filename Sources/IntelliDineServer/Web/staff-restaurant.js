// The restaurant's profile (what bills and invoices print, its time zone and opening hours) and its
// tax and bill settings (docs/tax.md).
import { h, call, guarded, flash } from './staff-shared.js';
import { taxForm } from './staff-restaurant-tax.js';
import { logoForm, holidaysForm, printersPanel } from './staff-restaurant-more.js';

const fields = [
  ['name', 'Name', { required: true, maxlength: 80 }],
  ['address', 'Address', { maxlength: 200 }],
  ['state', 'State', { maxlength: 40, placeholder: 'Karnataka' }],
  ['gstin', 'GSTIN', { maxlength: 15, placeholder: '29ABCDE1234F1ZW', autocapitalize: 'characters' }],
  ['fssai', 'FSSAI licence number', { maxlength: 14, inputmode: 'numeric', placeholder: '14 digits' }],
  ['upi_id', 'UPI ID', { maxlength: 320, placeholder: 'spicegarden@okaxis' }],
  ['timezone', 'Time zone', { required: true, maxlength: 64, placeholder: 'Asia/Kolkata' }],
  ['opening_hours', 'Opening hours', { maxlength: 60, placeholder: '12:00-15:30, 19:00-23:30' }],
  ['receipt_header', 'Receipt header', { maxlength: 120 }],
  ['receipt_footer', 'Receipt footer', { maxlength: 200 }],
];

export async function render(root) {
  const { restaurant } = await call('GET', '/api/restaurant');
  const inputs = Object.fromEntries(fields.map(([key, , attrs]) => [key, h('input', { name: key, value: restaurant[key] || '', ...attrs })]));
  const form = h('form', { class: 'profile' },
    fields.map(([key, label]) => h('label', {}, label, inputs[key])),
    h('button', { type: 'submit', class: 'primary' }, 'Save'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Only what the manager changed: a value stored before today's checks cannot block the rest.
    const body = Object.fromEntries(fields.map(([key]) => [key, inputs[key].value]).filter(([key, value]) => value !== (restaurant[key] || '')));
    if (await guarded(() => call('PATCH', '/api/restaurant', body))) { flash('Restaurant details saved'); render(root); }
  });
  root.replaceChildren(h('h2', {}, 'Restaurant'),
    h('p', { class: 'muted' }, 'What bills and tax invoices print. The GSTIN is checked character by character; its first two digits are the place of supply.'),
    logoForm(restaurant, () => render(root)),
    form,
    taxForm(restaurant, () => render(root)),
    await holidaysForm(),
    await printersPanel(() => render(root)));
}
