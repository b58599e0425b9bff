// Stock, and restocking when a delivery comes in.
import { h, call, guarded } from './staff-shared.js';

export async function render(root) {
  const stock = await call('GET', '/api/inventory');
  const rows = stock.ingredients.map((i) => {
    const amount = h('input', { type: 'number', min: 1, placeholder: i.unit, 'aria-label': `Restock ${i.name}` });
    return h('tr', { dataset: { ingredient: i.id } },
      h('td', {}, i.name), h('td', {}, `${i.available} ${i.unit}`), h('td', {}, `${i.reserved} ${i.unit}`), h('td', {}, `${i.par_level} ${i.unit}`),
      h('td', { class: i.low_stock ? 'low' : '' }, `${i.stock_percentage}%`),
      h('td', {}, amount, ' ', h('button', { type: 'button', onclick: async () => {
        if (await guarded(() => call('POST', `/api/inventory/ingredients/${encodeURIComponent(i.id)}/restock`, { quantity: Number(amount.value) }))) render(root);
      } }, 'Restock')));
  });
  root.replaceChildren(h('h2', {}, 'Stock'),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Ingredient', 'Available', 'Reserved', 'Par', 'Of par', 'Delivery'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
}
