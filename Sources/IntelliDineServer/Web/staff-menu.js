// The menu editor.
import { h, call, guarded, flash } from './staff-shared.js';

export async function render(root) {
  const menu = await call('GET', '/api/menu/manage');
  const categories = menu.categories;
  const rows = menu.items.map((item) => {
    const price = h('input', { type: 'text', inputmode: 'decimal', value: item.price, 'aria-label': `Price of ${item.name}` });
    const tags = h('input', { class: 'wide', type: 'text', value: item.dietary_tags.join(', '), 'aria-label': `Tags of ${item.name}` });
    const category = h('select', { 'aria-label': `Category of ${item.name}` }, categories.map((c) => h('option', { value: c.id, selected: c.id === item.category_id }, c.name)));
    const available = h('input', { type: 'checkbox', checked: item.is_available, 'aria-label': `${item.name} available` });
    const save = h('button', { type: 'button', onclick: async () => {
      const body = {
        price: Number(price.value), category_id: category.value, is_available: available.checked,
        dietary_tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
      };
      if (await guarded(() => call('PATCH', `/api/menu/items/${encodeURIComponent(item.id)}`, body))) { flash(`${item.name} saved`); render(root); }
    } }, 'Save');
    return h('tr', { class: item.is_available ? '' : 'eighty-sixed', dataset: { item: item.id } },
      h('td', {}, item.name), h('td', {}, category), h('td', {}, price), h('td', {}, tags), h('td', {}, h('label', {}, available, ' on menu')), h('td', {}, save));
  });
  const newCategory = h('input', { type: 'text', placeholder: 'New category', 'aria-label': 'New category name' });
  root.replaceChildren(
    h('h2', {}, 'Menu'),
    h('p', { class: 'muted' }, 'Untick "on menu" to 86 an item: guests stop seeing it at once.'),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Item', 'Category', 'Price ₹', 'Dietary tags', 'Available', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows)),
    h('div', { class: 'inline-form' }, newCategory, h('button', { type: 'button', onclick: async () => {
      if (await guarded(() => call('POST', '/api/menu/categories', { name: newCategory.value }))) render(root);
    } }, 'Add category')));
}
