// A dish's portions (half / full plate, each with its full price and its share of the recipe) and
// its add-on groups (choose at least / at most, options with prices), saved together: the box
// replaces both whole. Ids are made from the names once and kept, so carts that name them stay valid.
import { h, call } from './staff-shared.js';
import { attempt, flash, messageLine, rupees, whole, slug, field, check } from './staff-menu-kit.js';

const quote = (name) => `"${name}"`;

export function customizationEditor(item, changed) {
  const variantRows = h('div', { class: 'variant-rows' });
  const groupRows = h('div', { class: 'group-rows' });
  const error = messageLine({ id: 'customization-error' });

  const remove = (row, label) => h('button', { type: 'button', class: 'remove-line', 'aria-label': label, onclick: () => {
    const list = row.parentElement;
    row.remove();
    // The focus goes to the list's next "Add" button, not lost with the row.
    const next = list && list.parentElement && list.parentElement.querySelector('.add-line');
    if (next) next.focus();
  } }, 'Remove');

  let rowCount = 0;
  function variantRow(v) {
    rowCount += 1;
    // The radios are one group across the rows: each is named "Default portion" and its portion's name.
    const name = h('input', { name: 'variant-name', id: `variant-name-${rowCount}`, maxlength: 60, autocomplete: 'off', value: v ? v.name : '', placeholder: 'e.g. Half plate' });
    const price = h('input', { name: 'variant-price', inputmode: 'decimal', value: v ? v.price : '', placeholder: 'e.g. 160' });
    // The menu does not say an existing portion's share of the recipe: the manager types it again.
    const portion = h('input', { name: 'variant-portion', type: 'number', min: 1, max: 500, step: 1, inputmode: 'numeric',
      value: v ? (v.portion_percent ?? '') : 100, placeholder: 'e.g. 50' });
    const isDefault = h('input', { type: 'radio', name: 'variant-default', checked: Boolean(v && v.is_default),
      'aria-labelledby': `variant-default-label variant-name-${rowCount}` });
    const row = h('div', { class: 'line-row variant-row', dataset: v ? { id: v.id } : {} },
      field('Portion name', name), field('Price ₹ (whole portion)', price, { class: 'narrow-field' }),
      field('Share of recipe %', portion, { class: 'narrow-field' }), check(isDefault, 'Default'));
    row.append(remove(row, 'Remove this portion'));
    return row;
  }

  function optionRow(o) {
    const name = h('input', { name: 'option-name', maxlength: 60, autocomplete: 'off', value: o ? o.name : '', placeholder: 'e.g. Extra cheese' });
    const price = h('input', { name: 'option-price', inputmode: 'decimal', value: o ? o.price : '', placeholder: '0' });
    const row = h('div', { class: 'line-row option-row', dataset: o ? { id: o.id } : {} },
      field('Option', name), field('Adds ₹', price, { class: 'narrow-field' }));
    row.append(remove(row, 'Remove this option'));
    return row;
  }

  function groupRow(g) {
    const name = h('input', { name: 'group-name', maxlength: 60, autocomplete: 'off', value: g ? g.name : '', placeholder: 'e.g. Extras' });
    const min = h('input', { name: 'group-min', type: 'number', min: 0, max: 20, step: 1, inputmode: 'numeric', value: g ? g.min_choices : 0 });
    const max = h('input', { name: 'group-max', type: 'number', min: 1, max: 20, step: 1, inputmode: 'numeric', value: g ? g.max_choices : 1 });
    const options = h('div', { class: 'option-rows' }, (g ? g.options : [null]).map(optionRow));
    const addOption = h('button', { type: 'button', class: 'add-option add-line', onclick: () => {
      const row = optionRow(null);
      options.append(row);
      row.querySelector('input').focus();
    } }, 'Add option');
    const row = h('fieldset', { class: 'group-row', dataset: g ? { id: g.id } : {} },
      h('legend', {}, 'Add-on group'),
      h('div', { class: 'line-row group-fields' },
        field('Group name', name), field('Choose at least', min, { class: 'narrow-field' }), field('Choose at most', max, { class: 'narrow-field' })),
      options,
      h('div', { class: 'line-actions' }, addOption, h('button', { type: 'button', class: 'remove-group', onclick: () => {
        row.remove();
        addGroup.focus();
      } }, 'Remove group')));
    return row;
  }

  variantRows.append(...(item.variants || []).map(variantRow));
  const unknownShare = (item.variants || []).some((v) => v.portion_percent === undefined);
  groupRows.append(...(item.option_groups || []).map(groupRow));
  const addVariant = h('button', { type: 'button', id: 'add-variant', class: 'add-line', onclick: () => {
    const row = variantRow(null);
    variantRows.append(row);
    row.querySelector('input').focus();
  } }, 'Add portion');
  const addGroup = h('button', { type: 'button', id: 'add-group', class: 'add-line', onclick: () => {
    const row = groupRow(null);
    groupRows.append(row);
    row.querySelector('input').focus();
  } }, 'Add add-on group');

  /** The body for the box, or a message in plain words. */
  function read() {
    const value = (row, name) => row.querySelector(`[name="${name}"]`).value.trim();
    const blank = (row, names) => names.every((n) => value(row, n) === '');
    const variants = [];
    const variantIds = new Set([...variantRows.querySelectorAll('.variant-row[data-id]')].map((r) => r.dataset.id));
    for (const row of variantRows.querySelectorAll('.variant-row')) {
      if (blank(row, ['variant-name', 'variant-price'])) continue;
      const name = value(row, 'variant-name');
      if (!name) return 'Give each portion a name, for example "Half plate".';
      const price = rupees(value(row, 'variant-price'));
      if (price === null) return `Type the price of ${quote(name)} in rupees, for example 160.`;
      const portion = whole(value(row, 'variant-portion'));
      if (portion === null || portion < 1 || portion > 500) {
        return `Say what share of the recipe ${quote(name)} uses, in %: 100 for a whole portion, 50 for a half plate.`;
      }
      row.dataset.id = row.dataset.id || slug(name, variantIds, 'portion');
      variants.push({ id: row.dataset.id, name, price, portion_percent: portion, is_default: row.querySelector('[name="variant-default"]').checked });
    }
    const groups = [];
    const groupIds = new Set([...groupRows.querySelectorAll('.group-row[data-id]')].map((r) => r.dataset.id));
    const optionIds = new Set([...groupRows.querySelectorAll('.option-row[data-id]')].map((r) => r.dataset.id));
    for (const row of groupRows.querySelectorAll('.group-row')) {
      const options = [];
      const name = value(row, 'group-name');
      for (const line of row.querySelectorAll('.option-row')) {
        if (blank(line, ['option-name', 'option-price'])) continue;
        const optionName = value(line, 'option-name');
        if (!optionName) return `Give each option of ${quote(name || 'the add-on group')} a name.`;
        const text = value(line, 'option-price');
        const price = text === '' ? 0 : rupees(text);
        if (price === null) return `Type what ${quote(optionName)} adds in rupees, for example 30 (or 0).`;
        line.dataset.id = line.dataset.id || slug(optionName, optionIds, 'option');
        options.push({ id: line.dataset.id, name: optionName, price });
      }
      if (!name && !options.length) continue;
      if (!name) return 'Give each add-on group a name, for example "Extras".';
      if (!options.length) return `Add at least one option to ${quote(name)}.`;
      const min = whole(value(row, 'group-min') || '0');
      const max = whole(value(row, 'group-max') || '1');
      if (min === null || max === null || max < 1 || max > options.length || min > max) {
        return `In ${quote(name)}, "Choose at most" must be between 1 and ${options.length} (its number of options), and "Choose at least" no more than that.`;
      }
      row.dataset.id = row.dataset.id || slug(name, groupIds, 'group');
      groups.push({ id: row.dataset.id, name, min_choices: min, max_choices: max, options });
    }
    return { variants, option_groups: groups };
  }

  const save = h('button', { type: 'button', id: 'save-customization', class: 'primary', onclick: async () => {
    const body = read();
    if (typeof body === 'string') { error.textContent = body; return; }
    save.disabled = true;
    const answer = await attempt(error, () => call('PUT', `/api/menu/items/${encodeURIComponent(item.id)}/customization`, body));
    save.disabled = false;
    if (!answer) return;
    flash(`Portions and add-ons of ${item.name} saved`);
    changed();
  } }, 'Save portions and add-ons');

  return h('section', { class: 'editor-part', id: 'customization', 'aria-labelledby': 'customization-title' },
    h('h4', { id: 'customization-title' }, 'Portions and add-ons'),
    h('fieldset', { id: 'variants' }, h('legend', {}, 'Portions'),
      h('span', { id: 'variant-default-label', class: 'visually-hidden' }, 'Default portion'),
      h('p', { class: 'muted hint' }, 'Leave empty for one size at the dish\'s price. Each portion has its own full price; '
        + 'its share of the recipe (50 % for a half plate) is what it takes from stock.'),
      unknownShare ? h('p', { class: 'hint share-unknown' }, 'Type each portion\'s share of the recipe again before saving: the menu does not show the saved one.') : null,
      variantRows, addVariant),
    h('fieldset', { id: 'option-groups' }, h('legend', {}, 'Add-on groups'),
      h('p', { class: 'muted hint' }, 'Choices guests make for this dish, like extras or spice. "Choose at least 1" makes the choice required.'),
      groupRows, addGroup),
    error, save);
}
