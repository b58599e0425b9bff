// The menu editor.
import { h, call, guarded, flash, state } from './staff-shared.js';

/**
 * A dish photo made right for phones before it leaves the manager's device: at most 800 px on its
 * longer side, JPEG, under the box's 400 KB limit (a phone camera's 4 MB photo becomes ~100 KB).
 */
async function shrink(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 800 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.82, 0.7, 0.55]) {
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= 400 * 1024) return blob;
  }
  throw new Error('This photo is too large even when made smaller; try another.');
}

async function uploadPhoto(item, file) {
  const blob = await shrink(file);
  const response = await fetch(`/api/menu/items/${encodeURIComponent(item.id)}/photo`, {
    method: 'PUT', headers: { Authorization: 'Bearer ' + state.token, 'Content-Type': 'image/jpeg' }, body: blob,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((answer.error && answer.error.message) || 'The photo could not be saved.');
  return answer;
}

export async function render(root) {
  const menu = await call('GET', '/api/menu/manage');
  const categories = menu.categories;
  const rows = menu.items.map((item) => {
    const price = h('input', { type: 'text', inputmode: 'decimal', value: item.price, 'aria-label': `Price of ${item.name}` });
    const tags = h('input', { class: 'wide', type: 'text', value: item.dietary_tags.join(', '), 'aria-label': `Tags of ${item.name}` });
    const category = h('select', { 'aria-label': `Category of ${item.name}` }, categories.map((c) => h('option', { value: c.id, selected: c.id === item.category_id }, c.name)));
    const available = h('input', { type: 'checkbox', checked: item.is_available, 'aria-label': `${item.name} available` });
    // The FSSAI mark guests see, and the dish's name in Hindi for guests who read the menu in Hindi.
    const diet = h('select', { 'aria-label': `Veg mark of ${item.name}` },
      [['', '—'], ['veg', 'Veg'], ['non-veg', 'Non-veg'], ['egg', 'Egg'], ['vegan', 'Vegan']].map(([value, label]) =>
        h('option', { value, selected: (item.diet || '') === value }, label)));
    const nameHi = h('input', { type: 'text', lang: 'hi', value: item.name_hi || '', maxlength: 80, 'aria-label': `Hindi name of ${item.name}` });
    const save = h('button', { type: 'button', onclick: async () => {
      const body = {
        price: Number(price.value), category_id: category.value, is_available: available.checked,
        dietary_tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
        diet: diet.value, name_hi: nameHi.value.trim(),
      };
      if (await guarded(() => call('PATCH', `/api/menu/items/${encodeURIComponent(item.id)}`, body))) { flash(`${item.name} saved`); render(root); }
    } }, 'Save');
    const photoInput = h('input', { type: 'file', accept: 'image/*', 'aria-label': `Photo of ${item.name}`, onchange: async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      try {
        await uploadPhoto(item, file);
        flash(`Photo of ${item.name} saved`);
        render(root);
      } catch (err) { flash(err.message); }
    } });
    const thumbnail = item.image_url ? h('img', { src: item.image_url, alt: `Photo of ${item.name}`, width: 48, height: 48, class: 'thumb' }) : null;
    return h('tr', { class: item.is_available ? '' : 'eighty-sixed', dataset: { item: item.id } },
      h('td', {}, item.name), h('td', {}, nameHi), h('td', {}, diet), h('td', {}, category), h('td', {}, price), h('td', {}, tags),
      h('td', {}, h('label', {}, available, ' on menu')),
      h('td', { class: 'photo-cell' }, thumbnail, photoInput), h('td', {}, save));
  });
  const newCategory = h('input', { type: 'text', placeholder: 'New category', 'aria-label': 'New category name' });
  root.replaceChildren(
    h('h2', {}, 'Menu'),
    h('p', { class: 'muted' }, 'Untick "on menu" to 86 an item: guests stop seeing it at once.'),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Item', 'In Hindi', 'Mark', 'Category', 'Price ₹', 'Dietary tags', 'Available', 'Photo', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows)),
    h('div', { class: 'inline-form' }, newCategory, h('button', { type: 'button', onclick: async () => {
      if (await guarded(() => call('POST', '/api/menu/categories', { name: newCategory.value }))) render(root);
    } }, 'Add category')));
}
