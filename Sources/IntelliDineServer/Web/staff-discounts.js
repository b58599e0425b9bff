// Discounts on screen: the manager's rules (applied first), what they touch now, and the demand
// model: its current recommendations with reasons, its guardrails, its versions, and "train now".
// Everything here is the discounts API (docs/discounts.md); the page adds no rule of its own.
import { h, call, guarded, flash, dateTime } from './staff-shared.js';

const percent = (value) => `${Number(value)}%`;

export async function render(root) {
  const [{ rules }, current, model, guardrails, menu] = await Promise.all([
    call('GET', '/api/discounts/rules'), call('GET', '/api/discounts/current'), call('GET', '/api/discounts/model'),
    call('GET', '/api/discounts/guardrails'), call('GET', '/api/menu/manage')]);
  const dishName = (id) => (menu.items.find((i) => i.id === id) || { name: id }).name;
  root.replaceChildren(
    h('h2', {}, 'Discounts'),
    h('p', { class: 'muted' }, 'Rules come first; where none applies, the demand model may discount a dish within its guardrails. Guests see the price before they order.'),
    h('h3', {}, 'Rules'),
    rulesTable(rules, current, dishName, root),
    ruleForm(menu, root),
    h('h3', {}, 'Now'),
    nowTable(current),
    h('h3', {}, 'Demand model'),
    guardrailsForm(guardrails, menu, root),
    versions(model, root));
}

function rulesTable(rules, current, dishName, root) {
  if (!rules.length) return h('p', { class: 'muted' }, 'No rules. Add one below.');
  return h('table', { class: 'grid', id: 'rules' },
    h('thead', {}, h('tr', {}, ['Dish', 'Off', 'When', 'Reason', 'Touches now', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, rules.map((rule) => {
      const when = [
        rule.max_stock_percentage !== undefined ? `stock ≤ ${rule.max_stock_percentage}%` : null,
        rule.min_stock_percentage !== undefined ? `stock ≥ ${rule.min_stock_percentage}%` : null,
        rule.applies_during_peaks === false ? 'not at peaks' : null,
      ].filter(Boolean).join(', ') || 'always';
      // Which dishes this rule discounts at this moment, from the same pricing orders use.
      const touches = current.items.filter((i) => i.rule_id === rule.id).map((i) => i.name || dishName(i.item_id));
      return h('tr', { dataset: { rule: rule.id } },
        h('td', {}, rule.menu_item_id ? dishName(rule.menu_item_id) : 'every dish'),
        h('td', {}, percent(rule.discount_percentage)), h('td', {}, when), h('td', {}, rule.reason),
        h('td', { class: 'touches' }, touches.length ? touches.join(', ') : 'nothing now'),
        h('td', {}, h('button', { type: 'button', onclick: async () => {
          const gone = await guarded(() => call('DELETE', `/api/discounts/rules/${encodeURIComponent(rule.id)}`));
          if (gone !== undefined) { flash(`Rule switched off: ${rule.reason}`); render(root); }
        } }, 'Switch off')));
    })));
}

function ruleForm(menu, root) {
  const dish = h('select', { name: 'menu_item_id' }, h('option', { value: '' }, 'every dish'),
    menu.items.map((i) => h('option', { value: i.id }, i.name)));
  const off = h('input', { name: 'discount_percentage', type: 'number', min: 1, max: 90, step: 1, required: true });
  const maxStock = h('input', { name: 'max_stock_percentage', type: 'number', min: 0, max: 100, step: 1, placeholder: 'any' });
  const peaks = h('input', { name: 'applies_during_peaks', type: 'checkbox', checked: true });
  const reason = h('input', { name: 'reason', maxlength: 120, required: true, placeholder: 'Low inventory - clearing stock' });
  const form = h('form', { class: 'inline-form', id: 'rule-form' },
    h('label', {}, 'Dish', dish), h('label', {}, '% off', off), h('label', {}, 'When stock is at most %', maxStock),
    h('label', { class: 'check' }, peaks, ' also at peak hours'), h('label', {}, 'Reason guests see', reason),
    h('button', { type: 'submit', class: 'primary' }, 'Add rule'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      menu_item_id: dish.value || undefined, discount_percentage: Number(off.value), reason: reason.value.trim(), confidence: 0.8,
      max_stock_percentage: maxStock.value === '' ? undefined : Number(maxStock.value), applies_during_peaks: peaks.checked,
    };
    const id = `rule-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    if (await guarded(() => call('PUT', `/api/discounts/rules/${encodeURIComponent(id)}`, body))) { flash('Rule added'); render(root); }
  });
  return form;
}

function nowTable(current) {
  return h('table', { class: 'grid', id: 'discounts-now' },
    h('thead', {}, h('tr', {}, ['Dish', 'Off', 'Why', 'From', 'Confidence'].map((t) => h('th', {}, t)))),
    h('tbody', {}, current.items.map((i) => h('tr', { dataset: { item: i.item_id } },
      h('td', {}, i.name || i.item_id), h('td', {}, percent(i.discount_percentage)), h('td', {}, i.reason),
      h('td', {}, i.source === 'rule' ? 'rule' : i.source === 'model' ? `model v${i.model_version}` : '—'),
      h('td', {}, `${Math.round(Number(i.confidence) * 100)}%`)))));
}

function guardrailsForm(guardrails, menu, root) {
  const enabled = h('input', { type: 'checkbox', name: 'model_enabled', checked: guardrails.model_enabled });
  // The server's own bounds, to two decimals: a value set through the API never blocks this form.
  const max = h('input', { type: 'number', name: 'max_discount_percent', min: 0, max: 50, step: 'any', value: Number(guardrails.max_discount_percent) });
  const margin = h('input', { type: 'number', name: 'min_margin_percent', min: 0, max: 95, step: 'any', value: Number(guardrails.min_margin_percent) });
  const excluded = new Set(guardrails.excluded_item_ids || []);
  const boxes = menu.items.map((i) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: i.id, checked: excluded.has(i.id), 'aria-label': `Never discount ${i.name}` }), ' ', i.name));
  const form = h('form', { class: 'inline-form', id: 'guardrails' },
    h('label', { class: 'check' }, enabled, ' The model may discount dishes'),
    h('label', {}, 'At most % off', max), h('label', {}, 'Keep at least % margin', margin),
    h('fieldset', {}, h('legend', {}, 'Never discount'), boxes),
    h('button', { type: 'submit', class: 'primary' }, 'Save guardrails'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      model_enabled: enabled.checked, max_discount_percent: Number(max.value), min_margin_percent: Number(margin.value),
      excluded_item_ids: boxes.map((b) => b.querySelector('input')).filter((b) => b.checked).map((b) => b.value),
    };
    if (await guarded(() => call('PATCH', '/api/discounts/guardrails', body))) { flash('Guardrails saved'); render(root); }
  });
  return form;
}

function versions(model, root) {
  const train = h('button', { type: 'button', onclick: async () => {
    train.disabled = true;
    const answer = await guarded(() => call('POST', '/api/discounts/model/train'));
    if (answer) { flash(`Model v${answer.model.version} trained`); render(root); } else { train.disabled = false; }
  } }, 'Train now');
  const rows = model.versions.map((v) => h('tr', {},
    h('td', {}, `v${v.version}`), h('td', {}, dateTime(v.trained_at)), h('td', {}, v.trigger),
    h('td', {}, v.mae !== undefined ? v.mae.toFixed(2) : '—'), h('td', {}, v.naive_mae !== undefined ? v.naive_mae.toFixed(2) : '—'),
    h('td', {}, v.improvement_percent !== undefined ? `${v.improvement_percent.toFixed(1)}%` : '—')));
  return h('div', { id: 'model' },
    h('p', {}, model.status === 'trained' ? `Trained: v${model.current.version}. ${model.kind}.` : 'Not trained yet: it needs a week of orders.'),
    rows.length ? h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['Version', 'Trained', 'Why', 'Error (held-out week)', 'Same hour last week', 'Better by'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows)) : null,
    train);
}
