// The menu builder: categories (add, rename, reorder, hide from guests, delete when empty) with
// their dishes under them, each dish a compact row (photo, name, veg mark, price, "On menu", Edit,
// Delete). Adding or editing a dish opens the dish editor (staff-dish.js) below its category.
// Everything here is the menu API (docs/api.md); the page adds no rule of its own.
import { h, call, money } from './staff-shared.js';
import { attempt, flash, messageLine, dietMark } from './staff-menu-kit.js';
import { dishEditor } from './staff-dish.js';

export async function render(root) {
  const [menu, { restaurant }] = await Promise.all([call('GET', '/api/menu/manage'), call('GET', '/api/restaurant')]);
  // What this screen knows; `editor` is the open dish editor, kept as it is across redraws, and
  // `openSettings` the categories whose tools are unfolded.
  const view = { root, menu, restaurant, editor: null, openSettings: new Set() };
  draw(view);
}

const ordered = (categories) => [...categories].sort((a, b) => a.display_order - b.display_order || a.name.localeCompare(b.name));

/** Reads the menu again and redraws; `focus` (a selector) gets the focus back after it. */
async function reload(view, focus) {
  const menu = await attempt(null, () => call('GET', '/api/menu/manage'));
  if (menu) view.menu = menu;
  draw(view, focus);
}

function draw(view, focus) {
  const { root, menu } = view;
  const active = document.activeElement;
  const categories = ordered(menu.categories);
  const sections = categories.map((category, index) => categorySection(view, category, index, categories));
  root.replaceChildren(h('div', { class: 'menu-builder' },
    h('h2', {}, 'Menu'),
    h('p', { class: 'muted' }, 'Dishes are listed under their category, which is also the kitchen station that cooks them. '
      + 'Untick "On menu" to 86 a dish: guests stop seeing it at once.'),
    newCategoryForm(view),
    categories.length ? null : h('p', {}, 'No categories yet. Add the first one above, then its dishes.'),
    sections));
  // The open editor goes back under its category, with what the manager typed still in it.
  if (view.editor) {
    const home = root.querySelector(`section.menu-category[data-category="${CSS.escape(view.editor.categoryId)}"]`);
    if (home) home.append(view.editor.node); else view.editor = null;
  }
  if (focus) { const target = root.querySelector(focus); if (target) target.focus(); }
  else if (view.editor && view.editor.node.contains(active)) active.focus({ preventScroll: true });
}

function newCategoryForm(view) {
  const name = h('input', { id: 'new-category-name', name: 'category-name', maxlength: 60, required: true, placeholder: 'e.g. Desserts', autocomplete: 'off' });
  const error = messageLine({ id: 'category-error' });
  const form = h('form', { class: 'inline-form new-category', id: 'category-form' },
    h('label', { for: 'new-category-name' }, 'New category', name),
    h('button', { type: 'submit', id: 'add-category' }, 'Add category'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = name.value.trim();
    if (!text) { error.textContent = 'Type the name of the new category.'; return; }
    // Last in the list: one past the highest place taken.
    const last = Math.max(-1, ...view.menu.categories.map((c) => c.display_order));
    const answer = await attempt(error, () => call('POST', '/api/menu/categories', { name: text, display_order: last + 1 }));
    if (!answer) return;
    flash(`Category added: ${answer.category.name}`);
    await reload(view, `section.menu-category[data-category="${CSS.escape(answer.category.id)}"] button.add-dish`);
  });
  return form;
}

function categorySection(view, category, index, categories) {
  const dishes = view.menu.items.filter((i) => i.category_id === category.id);
  const where = `section.menu-category[data-category="${CSS.escape(category.id)}"]`;
  const error = messageLine({ class: 'error category-error' });
  const titleId = `category-title-${category.id}`;

  const rename = h('input', { class: 'category-name', name: 'category-name', value: category.name, maxlength: 60, 'aria-label': `Name of the category ${category.name}`, autocomplete: 'off' });
  const renameButton = h('button', { type: 'button', class: 'rename-category', onclick: async () => {
    const text = rename.value.trim();
    if (!text) { error.textContent = 'A category needs a name.'; return; }
    if (text === category.name) { error.textContent = 'Type the new name first.'; return; }
    if (await attempt(error, () => call('PATCH', `/api/menu/categories/${encodeURIComponent(category.id)}`, { name: text }))) {
      flash(`Category renamed: ${text}`);
      await reload(view, `${where} input.category-name`);
    }
  } }, 'Rename');
  rename.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); renameButton.click(); } });

  // Moving renumbers the list 0, 1, 2… and saves only the places that changed (the two swapped,
  // once the list has been numbered).
  const move = async (step, button) => {
    up.disabled = down.disabled = true;  // one move at a time: the next one starts from the new order
    const list = [...categories];
    [list[index], list[index + step]] = [list[index + step], list[index]];
    const changes = list.map((c, place) => [c, place]).filter(([c, place]) => c.display_order !== place);
    let done = true;
    for (const [c, place] of changes) {
      done = Boolean(await attempt(error, () => call('PATCH', `/api/menu/categories/${encodeURIComponent(c.id)}`, { display_order: place })));
      if (!done) break;
    }
    if (done) flash(`${category.name} moved ${step < 0 ? 'up' : 'down'}`);
    const message = error.textContent;
    await reload(view, `${where} button.${button}`);
    // A refusal stays in view after the redraw.
    if (message) { const line = view.root.querySelector(`${where} .category-error`); if (line) line.textContent = message; }
  };
  const up = h('button', { type: 'button', class: 'move-up', disabled: index === 0, 'aria-label': `Move up: ${category.name}`, onclick: () => move(-1, 'move-up') }, 'Move up');
  const down = h('button', { type: 'button', class: 'move-down', disabled: index === categories.length - 1, 'aria-label': `Move down: ${category.name}`, onclick: () => move(1, 'move-down') }, 'Move down');

  const hidden = h('input', { type: 'checkbox', class: 'category-hidden', checked: category.is_hidden });
  hidden.addEventListener('change', async () => {
    const answer = await attempt(error, () => call('PATCH', `/api/menu/categories/${encodeURIComponent(category.id)}`, { is_hidden: hidden.checked }));
    if (!answer) { hidden.checked = !hidden.checked; return; }
    flash(hidden.checked ? `${category.name} is hidden from guests` : `Guests see ${category.name} again`);
    await reload(view, `${where} input.category-hidden`);
  });

  const remove = h('button', { type: 'button', class: 'delete-category', 'aria-label': `Delete category: ${category.name}`, onclick: async () => {
    // An empty category goes after a confirmation; one with dishes is refused by the box, which says why.
    if (!dishes.length && !confirm(`Delete the category "${category.name}"?`)) return;
    if (await attempt(error, () => call('DELETE', `/api/menu/categories/${encodeURIComponent(category.id)}`))) {
      flash(`Category deleted: ${category.name}`);
      if (view.editor && view.editor.categoryId === category.id) view.editor = null;
      await reload(view, '#new-category-name');
    }
  } }, 'Delete category');

  const addDish = h('button', { type: 'button', class: 'add-dish primary', 'aria-label': `Add dish to ${category.name}`, onclick: () => {
    openEditor(view, null, category.id);
  } }, 'Add dish');

  // The category's own tools fold away: the dishes are what the manager works on most.
  const settings = h('details', { class: 'category-settings', open: view.openSettings.has(category.id) },
    h('summary', {}, 'Rename, move, hide or delete'),
    h('div', { class: 'category-tools' },
      h('div', { class: 'rename' }, rename, renameButton),
      h('div', { class: 'moves' }, up, down),
      h('label', { class: 'check-44' }, hidden, h('span', {}, 'Hide from guests')),
      remove));
  settings.addEventListener('toggle', () => {
    if (settings.open) view.openSettings.add(category.id); else view.openSettings.delete(category.id);
  });

  return h('section', { class: 'menu-category' + (category.is_hidden ? ' is-hidden' : ''), dataset: { category: category.id }, 'aria-labelledby': titleId },
    h('div', { class: 'category-head' },
      h('h3', { id: titleId }, category.name),
      category.is_hidden ? h('span', { class: 'pill hidden-mark' }, 'Hidden from guests') : null,
      h('span', { class: 'muted dish-count' }, dishes.length === 1 ? '1 dish' : `${dishes.length} dishes`),
      addDish),
    settings,
    error,
    dishes.length
      ? h('ul', { class: 'dish-list', 'aria-label': `Dishes in ${category.name}` }, dishes.map((item) => dishRow(view, item)))
      : h('p', { class: 'muted empty' }, 'No dishes yet.'));
}

function dishRow(view, item) {
  const photo = item.thumb_url || item.image_url;
  const available = h('input', { type: 'checkbox', class: 'on-menu', checked: item.is_available, 'aria-label': `On menu: ${item.name}` });
  const offNote = h('span', { class: 'off-menu' }, item.is_available ? '' : 'Off the menu');
  const row = h('li', { class: 'dish-row' + (item.is_available ? '' : ' eighty-sixed'), dataset: { item: item.id } },
    photo ? h('img', { class: 'thumb', src: photo, alt: `Photo of ${item.name}`, width: 48, height: 48, loading: 'lazy' })
      : h('span', { class: 'thumb no-photo', 'aria-hidden': 'true' }),
    h('div', { class: 'dish-main' },
      h('div', { class: 'dish-title' }, dietMark(item.diet), h('span', { class: 'dish-name' }, item.name),
        item.name_hi ? h('span', { class: 'hi', lang: 'hi' }, item.name_hi) : null),
      h('div', { class: 'dish-facts' }, h('span', { class: 'dish-price' }, money(item.price)),
        item.variants ? h('span', { class: 'muted' }, `${item.variants.length} portions`) : null, offNote)),
    h('div', { class: 'dish-actions' },
      h('label', { class: 'check-44 on-menu-toggle' }, available, h('span', {}, 'On menu')),
      h('button', { type: 'button', class: 'edit-dish', 'aria-label': `Edit ${item.name}`, onclick: () => openEditor(view, item.id, item.category_id) }, 'Edit'),
      h('button', { type: 'button', class: 'delete-dish', 'aria-label': `Delete ${item.name}`, onclick: async () => {
        if (!confirm(`Delete "${item.name}"? Guests stop seeing it; past orders and bills keep their lines.`)) return;
        if (await attempt(null, () => call('DELETE', `/api/menu/items/${encodeURIComponent(item.id)}`))) {
          flash(`${item.name} deleted`);
          if (view.editor && view.editor.itemId === item.id) view.editor = null;
          await reload(view, `section.menu-category[data-category="${CSS.escape(item.category_id)}"] button.add-dish`);
        }
      } }, 'Delete')));
  // 86 in place: the row changes, nothing else moves, the focus stays on the box.
  available.addEventListener('change', async () => {
    const on = available.checked;
    const answer = await attempt(null, () => call('PATCH', `/api/menu/items/${encodeURIComponent(item.id)}`, { is_available: on }));
    if (!answer) { available.checked = !on; return; }
    item.is_available = answer.item.is_available;
    // Redrawn while the change was on its way (the editor opened, the menu read again): draw the
    // list again with the dish as it now is, the focus back on its box.
    if (!row.isConnected && view.root.isConnected) {
      const current = view.menu.items.find((i) => i.id === item.id);
      if (current) current.is_available = answer.item.is_available;
      draw(view, `[data-item="${CSS.escape(item.id)}"] input.on-menu`);
    }
    row.classList.toggle('eighty-sixed', !item.is_available);
    offNote.textContent = item.is_available ? '' : 'Off the menu';
    available.checked = item.is_available;
    if (on && !item.is_available) flash(`${item.name} is on the menu, but its stock has run out: book in a delivery on the Stock tab`);
    else flash(item.is_available ? `${item.name} is back on the menu` : `${item.name} is off the menu (86)`);
  });
  return row;
}

/** Opens the dish editor for `itemId` (null: a new dish in `categoryId`) below its category. */
function openEditor(view, itemId, categoryId) {
  const item = itemId ? view.menu.items.find((i) => i.id === itemId) : null;
  const editor = { itemId, categoryId };
  editor.node = dishEditor({
    item, categoryId, categories: ordered(view.menu.categories), restaurant: view.restaurant,
    // After a save the list is read again; a new dish keeps the editor open on it, unless the
    // manager has moved on to another dish meanwhile (a quick "Add dish" keeps its own form).
    saved: async (saved, isNew) => {
      if (view.editor === editor) editor.categoryId = saved.category_id;
      await reload(view);
      if (isNew && view.editor === editor) openEditor(view, saved.id, saved.category_id);
    },
    changed: () => reload(view),
    close: () => {
      view.editor = null;
      draw(view, itemId ? `[data-item="${CSS.escape(itemId)}"] button.edit-dish`
        : `section.menu-category[data-category="${CSS.escape(categoryId)}"] button.add-dish`);
    },
  });
  view.editor = editor;
  draw(view);
  view.editor.node.scrollIntoView({ block: 'start' });
  view.editor.node.querySelector('h3').focus();
}
