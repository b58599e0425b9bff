// The restaurant's tax and bill settings (docs/tax.md): the GST rate of its service, other tax
// classes, prices with or without GST, the optional service charge and round-off.
import { h, call, guarded, flash } from './staff-shared.js';
import { slug } from './staff-menu-kit.js';

/** GST rate, tax classes, prices with or without GST, the optional service charge and round-off. */
export function taxForm(restaurant, done) {
  const slabs = restaurant.gst_slabs.map(Number);
  const rateSelect = (value, label) => h('select', { 'aria-label': label },
    slabs.map((rate) => h('option', { value: rate, selected: rate === Number(value) }, `${rate} %`)));
  const standard = rateSelect(restaurant.gst_rate, 'GST rate of the restaurant’s service');
  standard.name = 'gst_rate';
  const inclusive = h('input', { type: 'checkbox', name: 'prices_include_tax', checked: restaurant.prices_include_tax });
  const service = h('input', { type: 'number', name: 'service_charge_percentage', min: 0, max: 20, step: 0.5, value: Number(restaurant.service_charge_percentage) });
  const roundOff = h('input', { type: 'checkbox', name: 'round_off', checked: restaurant.round_off });

  // Tax classes besides the standard one: each row a name and a rate; the id is kept once made.
  const classes = restaurant.tax_classes.map((c) => ({ ...c }));
  const classRows = h('tbody');
  const drawClasses = () => classRows.replaceChildren(...classes.map((c, i) => {
    const name = h('input', { type: 'text', value: c.name, maxlength: 40, 'aria-label': `Name of tax class ${i + 1}`, oninput: (e) => { c.name = e.target.value; } });
    const rate = rateSelect(c.rate, `Rate of tax class ${c.name || i + 1}`);
    rate.addEventListener('change', () => { c.rate = Number(rate.value); });
    return h('tr', { dataset: { taxClass: c.id || '' } }, h('td', {}, name), h('td', {}, rate),
      h('td', {}, h('button', { type: 'button', onclick: () => { classes.splice(i, 1); drawClasses(); } }, `Remove ${c.name || 'class'}`)));
  }));
  drawClasses();
  const newName = h('input', { type: 'text', maxlength: 40, placeholder: 'Packaged drinks', 'aria-label': 'New tax class name' });
  const newRate = rateSelect(18, 'New tax class rate');

  const form = h('form', { class: 'profile', id: 'tax-settings' },
    h('h3', {}, 'Tax and bill'),
    h('label', {}, 'GST rate of the restaurant’s service (most restaurants: 5 %; in hotels with rooms over ₹7,500: 18 %)', standard),
    h('label', { class: 'check-44' }, inclusive, ' Menu prices include GST'),
    h('label', {}, 'Service charge, % (0 for none). Guests choose whether to add it: it is never on a bill by default.', service),
    h('label', { class: 'check-44' }, roundOff, ' Round each bill to the rupee (the round-off shows as its own line)'),
    h('p', { class: 'muted' }, 'Other tax classes, for dishes taxed at another rate (packaged drinks, for example). Choose a dish’s class in the menu.'),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Class', 'Rate', ''].map((t) => h('th', {}, t)))), classRows),
    h('div', { class: 'inline-form' }, newName, newRate, h('button', { type: 'button', onclick: () => {
      const name = newName.value.trim();
      if (!name) { flash('Give the tax class a name'); return; }
      // "Packaged drinks" → "packaged-drinks": unique among the classes, never "standard".
      const id = slug(name, new Set(['standard', ...classes.map((c) => c.id)]), 'class');
      classes.push({ id, name, rate: Number(newRate.value) });
      newName.value = '';
      drawClasses();
    } }, 'Add tax class')),
    h('button', { type: 'submit', class: 'primary' }, 'Save tax settings'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      gst_rate: Number(standard.value), prices_include_tax: inclusive.checked, round_off: roundOff.checked,
      service_charge_percentage: Number(service.value || 0),
      tax_classes: classes.map((c) => ({ id: c.id, name: c.name.trim(), rate: Number(c.rate) })),
    };
    if (await guarded(() => call('PATCH', '/api/restaurant', body))) { flash('Tax settings saved'); done(); }
  });
  return form;
}
