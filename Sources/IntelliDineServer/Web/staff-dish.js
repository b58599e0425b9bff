// The dish editor of the menu builder: the dish's details (name, Hindi name, price, veg mark, spice,
// category = kitchen station, tax class, preparation time, on menu, tags); once the dish exists,
// its photo, its portions and add-ons (staff-menu-extras.js) and its recipe (staff-menu-recipe.js).
import { h, call, state, signOut } from './staff-shared.js';
import { DIETS, SPICE, attempt, flash, messageLine, rupees, whole, field, check } from './staff-menu-kit.js';
import { customizationEditor } from './staff-menu-extras.js';
import { recipeEditor } from './staff-menu-recipe.js';

/** The box takes photos as taken up to 10 MB (it makes the phone-sized versions itself). */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * The editor for `item` (null: a new dish in `categoryId`). `saved(item, isNew)` runs after each
 * save of the details, `changed()` after a new photo, portions, add-ons or recipe, `close()` on "Close".
 */
export function dishEditor({ item, categoryId, categories, restaurant, saved, changed, close }) {
  const isNew = !item;
  const title = h('h3', { id: 'dish-editor-title', tabindex: '-1' },
    isNew ? `New dish in ${(categories.find((c) => c.id === categoryId) || { name: 'the menu' }).name}` : `Edit ${item.name}`);
  const parts = isNew
    ? [h('p', { class: 'muted next-steps' }, 'Save the dish first; then you can add its photo, portions, add-ons and recipe here.')]
    : [photoPart(item, changed), customizationEditor(item, changed), recipeEditor(item, changed)];
  const afterSave = async (answer, wasNew) => {
    if (!wasNew) title.textContent = `Edit ${answer.name}`;
    await saved(answer, wasNew);
  };
  return h('section', { class: 'card dish-editor', id: 'dish-editor', 'aria-labelledby': 'dish-editor-title' },
    h('div', { class: 'editor-head' }, title, h('button', { type: 'button', class: 'close-editor', onclick: close }, 'Close')),
    detailsForm({ item, categoryId, categories, restaurant, saved: afterSave }),
    parts);
}

function detailsForm({ item, categoryId, categories, restaurant, saved }) {
  const isNew = !item;
  let base = item;  // what the box holds: an edit sends only what changed
  const value = (key, fallback = '') => (item && item[key] !== undefined && item[key] !== null ? item[key] : fallback);
  const input = (name, attrs = {}) => h('input', { name, id: `dish-${name}`, value: value(name), ...(attrs.type ? {} : { autocomplete: 'off' }), ...attrs });
  const textarea = (name, attrs = {}) => { const t = h('textarea', { name, id: `dish-${name}`, rows: 2, ...attrs }); t.value = value(name); return t; };
  const select = (name, options, current) => h('select', { name, id: `dish-${name}` },
    options.map(([v, label]) => h('option', { value: v, selected: v === current }, label)));

  const taxClasses = (restaurant.tax_classes || []).map((c) => [c.id, `${c.name} (${Number(c.rate)} %)`]);
  const currentTax = value('tax_class_id');
  if (currentTax && !taxClasses.some(([id]) => id === currentTax)) taxClasses.push([currentTax, currentTax]);
  const fields = {
    name: input('name', { required: true, maxlength: 80 }),
    description: textarea('description', { maxlength: 500 }),
    name_hi: input('name_hi', { lang: 'hi', maxlength: 80 }),
    description_hi: textarea('description_hi', { lang: 'hi', maxlength: 500 }),
    price: input('price', { required: true, inputmode: 'decimal', placeholder: 'e.g. 280', 'aria-describedby': 'dish-price-hint' }),
    diet: select('diet', DIETS, value('diet')),
    spice_level: select('spice_level', SPICE, String(value('spice_level'))),
    category_id: select('category_id', categories.map((c) => [c.id, c.is_hidden ? `${c.name} (hidden)` : c.name]), value('category_id', categoryId)),
    tax_class_id: select('tax_class_id', [['', `Standard (${Number(restaurant.gst_rate)} %)`], ...taxClasses], currentTax),
    preparation_time: input('preparation_time', { type: 'number', min: 0, max: 600, step: 1, inputmode: 'numeric', value: value('preparation_time', 15) }),
    is_available: h('input', { type: 'checkbox', name: 'is_available', id: 'dish-is_available', checked: value('is_available', true) }),
    dietary_tags: input('dietary_tags', { value: (value('dietary_tags', []) || []).join(', '), placeholder: 'e.g. vegetarian, spicy' }),
  };
  const error = messageLine({ id: 'dish-error' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'save-dish' }, isNew ? 'Add dish' : 'Save dish');
  const form = h('form', { id: 'dish-form', class: 'dish-form', novalidate: true },
    h('div', { class: 'fields' },
      field('Name', fields.name),
      field('Name in Hindi', fields.name_hi),
      h('div', {}, field('Price ₹', fields.price), h('p', { class: 'hint muted', id: 'dish-price-hint' }, 'More than ₹0 and at most ₹1,00,000.')),
      field('Category (kitchen station)', fields.category_id),
      field('Description', fields.description, { class: 'span-2' }),
      field('Description in Hindi', fields.description_hi, { class: 'span-2' }),
      field('Veg mark', fields.diet),
      field('Spice level', fields.spice_level),
      field('Tax class', fields.tax_class_id),
      field('Preparation time (minutes)', fields.preparation_time),
      field('Dietary tags (comma separated)', fields.dietary_tags, { class: 'span-2' }),
      check(fields.is_available, 'On menu (guests can order it)', { class: 'check-44 span-all' })),
    error,
    h('div', { class: 'form-actions' }, submit));

  /** What the form says, in the API's words; a message string when something cannot be sent. */
  function read() {
    const name = fields.name.value.trim();
    if (!name) return 'Give the dish a name.';
    const price = rupees(fields.price.value);
    if (price === null) return 'Type the price in rupees, for example 280 or 212.50.';
    const minutes = fields.preparation_time.value.trim() === '' ? 15 : whole(fields.preparation_time.value);
    if (minutes === null) return 'The preparation time is whole minutes, for example 15.';
    return {
      name, price, description: fields.description.value.trim(),
      name_hi: fields.name_hi.value.trim(), description_hi: fields.description_hi.value.trim(),
      diet: fields.diet.value, spice_level: fields.spice_level.value === '' ? -1 : Number(fields.spice_level.value),
      category_id: fields.category_id.value, tax_class_id: fields.tax_class_id.value, preparation_time: minutes,
      is_available: fields.is_available.checked,
      dietary_tags: fields.dietary_tags.value.split(',').map((t) => t.trim()).filter(Boolean),
    };
  }

  /** The item as the form would show it, to compare field by field. */
  const asForm = (i) => ({
    name: i.name, price: Number(i.price), description: i.description || '', name_hi: i.name_hi || '', description_hi: i.description_hi || '',
    diet: i.diet || '', spice_level: i.spice_level ?? -1, category_id: i.category_id, tax_class_id: i.tax_class_id || '',
    preparation_time: i.preparation_time, is_available: i.is_available, dietary_tags: i.dietary_tags || [],
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = read();
    if (typeof body === 'string') { error.textContent = body; return; }
    let answer;
    submit.disabled = true;
    try {
      if (isNew && !base) {
        if (body.spice_level < 0) delete body.spice_level;
        if (!body.diet) delete body.diet;  // the box marks it from the tags ("vegetarian") when it can
        answer = await attempt(error, () => call('POST', '/api/menu/items', body));
      } else {
        const before = asForm(base);
        const changes = Object.fromEntries(Object.entries(body).filter(([key, v]) => JSON.stringify(v) !== JSON.stringify(before[key])));
        if (!Object.keys(changes).length) { error.textContent = ''; flash('Nothing changed'); return; }
        answer = await attempt(error, () => call('PATCH', `/api/menu/items/${encodeURIComponent(base.id)}`, changes));
      }
    } finally {
      submit.disabled = false;
    }
    if (!answer) return;
    const wasNew = isNew && !base;
    base = Object.assign({}, base, answer.item);
    flash(wasNew ? `${answer.item.name} added. Now add its photo, portions, add-ons and recipe below.` : `${answer.item.name} saved`);
    await saved(answer.item, wasNew);
  });
  return form;
}

function photoPart(item, changed) {
  const current = item.thumb_url || item.image_url;
  const preview = h('div', { class: 'photo-now' },
    current ? h('img', { src: current, alt: `Photo of ${item.name}`, width: 96, height: 96 }) : h('p', { class: 'muted' }, 'No photo yet.'));
  const picker = h('input', { type: 'file', name: 'photo', id: 'dish-photo', accept: 'image/jpeg,image/png,image/webp' });
  const status = h('p', { class: 'muted photo-status', role: 'status' });
  const error = messageLine({ class: 'error photo-error' });
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    if (!file) return;
    error.textContent = '';
    if (file.size > MAX_PHOTO_BYTES) {
      error.textContent = `This photo is ${(file.size / 1024 / 1024).toFixed(1)} MB; the most is 10 MB. Pick a smaller one.`;
      picker.value = '';
      return;
    }
    picker.disabled = true;
    status.textContent = 'Sending the photo…';
    try {
      // As taken: the box turns it upright and makes the phone-sized versions.
      const response = await fetch(`/api/menu/items/${encodeURIComponent(item.id)}/photo`, {
        method: 'PUT', headers: { Authorization: 'Bearer ' + state.token, 'Content-Type': file.type || 'application/octet-stream' }, body: file,
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status === 401) { signOut(); return; }
      if (!response.ok) throw new Error((answer.error && answer.error.message) || 'The photo could not be saved; try again.');
      const url = answer.item.thumb_url || answer.item.image_url;
      preview.replaceChildren(h('img', { src: url, alt: `Photo of ${item.name}`, width: 96, height: 96 }));
      status.textContent = '';
      flash(`Photo of ${item.name} saved`);
      changed();
    } catch (err) {
      status.textContent = '';
      error.textContent = err instanceof TypeError ? 'The photo could not be sent: no connection to the box.' : err.message;
    } finally {
      picker.disabled = false;
      picker.value = '';
    }
  });
  return h('section', { class: 'editor-part dish-photo', id: 'photo', 'aria-labelledby': 'photo-title' },
    h('h4', { id: 'photo-title' }, 'Photo'),
    h('div', { class: 'photo-row' }, preview,
      h('div', { class: 'photo-pick' }, field('Choose a photo (JPEG, PNG or WebP, up to 10 MB)', picker), status, error)));
}
