// A dish's recipe: what one full portion takes from stock, ingredient by ingredient, in whole
// grams, millilitres or pieces. A missing ingredient can be added right here, with its opening
// stock and par level. The box replaces the recipe whole and reserves stock by it as orders come in.
import { h, call } from './staff-shared.js';
import { attempt, flash, messageLine, whole, field } from './staff-menu-kit.js';

const UNITS = [['g', 'grams'], ['ml', 'ml'], ['pcs', 'pieces']];
const IN_WORDS = { g: 'grams', ml: 'millilitres', pcs: 'pieces' };

export function recipeEditor(item, changed) {
  const section = h('section', { class: 'editor-part', id: 'recipe', 'aria-labelledby': 'recipe-title' },
    h('h4', { id: 'recipe-title' }, 'Recipe'), h('p', { class: 'muted loading' }, 'Loading the recipe…'));
  Promise.all([call('GET', `/api/menu/items/${encodeURIComponent(item.id)}/recipe`), call('GET', '/api/inventory')])
    .then(([recipe, inventory]) => fill(section, item, recipe.lines, inventory.ingredients, changed))
    .catch((e) => section.querySelector('.loading').replaceWith(messageLine({}, `The recipe could not be loaded: ${e.message}`)));
  return section;
}

function fill(section, item, lines, stock, changed) {
  const ingredients = [...stock].sort((a, b) => a.name.localeCompare(b.name));
  const rows = h('div', { class: 'recipe-rows' });
  const error = messageLine({ id: 'recipe-error' });

  const options = (chosen) => [h('option', { value: '' }, 'Choose an ingredient'),
    ...ingredients.map((i) => h('option', { value: i.id, selected: i.id === chosen }, `${i.name} (${i.unit})`))];
  const unitOf = (id) => (ingredients.find((i) => i.id === id) || { unit: '' }).unit;

  function line(l) {
    const ingredient = h('select', { name: 'ingredient' }, options(l ? l.ingredient_id : ''));
    const quantity = h('input', { name: 'quantity', type: 'number', min: 1, max: 100000, step: 1, inputmode: 'numeric', value: l ? l.quantity : '' });
    const unit = h('span', { class: 'unit' }, unitOf(ingredient.value));
    ingredient.addEventListener('change', () => { unit.textContent = unitOf(ingredient.value); });
    const row = h('div', { class: 'line-row recipe-row' },
      field('Ingredient', ingredient), field('Quantity per portion', h('span', { class: 'with-unit' }, quantity, unit), { class: 'narrow-field qty-field' }),
      h('button', { type: 'button', class: 'remove-line', 'aria-label': 'Remove this ingredient line', onclick: () => { row.remove(); addLine.focus(); } }, 'Remove'));
    return row;
  }

  rows.append(...lines.map(line));
  const addLine = h('button', { type: 'button', id: 'add-recipe-line', class: 'add-line', onclick: () => {
    const row = line(null);
    rows.append(row);
    row.querySelector('select').focus();
  } }, 'Add ingredient line');

  const save = h('button', { type: 'button', id: 'save-recipe', class: 'primary', onclick: async () => {
    const body = [];
    for (const row of rows.querySelectorAll('.recipe-row')) {
      const id = row.querySelector('[name="ingredient"]').value;
      const text = row.querySelector('[name="quantity"]').value.trim();
      if (!id && !text) continue;
      if (!id) { error.textContent = 'Choose the ingredient of each line, or remove the line.'; return; }
      const name = ingredients.find((i) => i.id === id).name;
      const quantity = whole(text);
      if (quantity === null || quantity < 1 || quantity > 100000) {
        error.textContent = `Type how much ${name} one portion takes, in whole ${IN_WORDS[unitOf(id)] || unitOf(id)} (1 to 100000).`;
        return;
      }
      if (body.some((b) => b.ingredient_id === id)) { error.textContent = `${name} is in the recipe twice; keep one line.`; return; }
      body.push({ ingredient_id: id, quantity });
    }
    save.disabled = true;
    const answer = await attempt(error, () => call('PUT', `/api/menu/items/${encodeURIComponent(item.id)}/recipe`, { lines: body }));
    save.disabled = false;
    if (!answer) return;
    flash(body.length ? `Recipe of ${item.name} saved` : `Recipe of ${item.name} cleared`);
    changed();  // a recipe stock cannot cover sells the dish out at once: the list shows it
  } }, 'Save recipe');

  section.querySelector('.loading').replaceWith(
    h('p', { class: 'muted hint' }, 'What one full portion uses, in whole grams, millilitres or pieces; a half plate takes its share. '
      + 'Stock is set aside as orders come in, and the dish sells out when an ingredient runs short.'),
    rows, addLine, error, save, newIngredientForm(ingredients, (created) => {
      // Into the first line still without an ingredient, or a new line; every list offers it.
      for (const select of rows.querySelectorAll('[name="ingredient"]')) {
        const chosen = select.value;
        select.replaceChildren(...options(chosen));
      }
      let row = [...rows.querySelectorAll('.recipe-row')].find((r) => !r.querySelector('[name="ingredient"]').value);
      if (!row) { row = line(null); rows.append(row); }
      const select = row.querySelector('[name="ingredient"]');
      select.value = created.id;
      select.dispatchEvent(new Event('change'));
      row.querySelector('[name="quantity"]').focus();
    }));
}

function newIngredientForm(ingredients, added) {
  const name = h('input', { name: 'ingredient-name', maxlength: 60, autocomplete: 'off', required: true, placeholder: 'e.g. Cream' });
  const unit = h('select', { name: 'ingredient-unit' }, UNITS.map(([value, label]) => h('option', { value }, label)));
  const stock = h('input', { name: 'ingredient-stock', type: 'number', min: 0, max: 10000000, step: 1, inputmode: 'numeric', value: 0 });
  const par = h('input', { name: 'ingredient-par', type: 'number', min: 1, max: 10000000, step: 1, inputmode: 'numeric', required: true });
  const error = messageLine({ id: 'ingredient-error' });
  const form = h('form', { id: 'new-ingredient', class: 'new-ingredient', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'New ingredient'),
      h('p', { class: 'muted hint' }, 'Not in the list? Add it here; it joins the Stock tab too.'),
      h('div', { class: 'line-row' },
        field('Ingredient name', name), field('Unit', unit, { class: 'narrow-field' }),
        field('Opening stock', stock, { class: 'narrow-field' }), field('Par level (order more below this)', par, { class: 'narrow-field' })),
      error,
      h('button', { type: 'submit' }, 'Add ingredient')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = name.value.trim();
    if (!text) { error.textContent = 'Give the ingredient a name.'; return; }
    const opening = stock.value.trim() === '' ? 0 : whole(stock.value);
    if (opening === null) { error.textContent = 'The opening stock is a whole number of the unit, for example 2000 (or 0).'; return; }
    const level = whole(par.value);
    if (level === null || level < 1) { error.textContent = 'The par level is a whole number of the unit, at least 1: below it, the Stock tab says to order more.'; return; }
    if (ingredients.some((i) => i.name.toLowerCase() === text.toLowerCase())) { error.textContent = `${text} is already in the list.`; return; }
    const answer = await attempt(error, () => call('POST', '/api/inventory/ingredients', { name: text, unit: unit.value, stock: opening, par_level: level }));
    if (!answer) return;
    ingredients.push(answer.ingredient);
    ingredients.sort((a, b) => a.name.localeCompare(b.name));
    flash(`Ingredient added: ${answer.ingredient.name}`);
    form.reset();
    added(answer.ingredient);
  });
  return form;
}
