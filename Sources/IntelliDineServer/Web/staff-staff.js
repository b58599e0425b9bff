// Staff accounts.
import { h, call, guarded } from './staff-shared.js';

export async function render(root) {
  const { staff } = await call('GET', '/api/staff');
  const form = h('form', { class: 'inline-form' },
    h('label', {}, 'Username', h('input', { name: 'username', required: true })),
    h('label', {}, 'Name', h('input', { name: 'display_name' })),
    h('label', {}, 'Role', h('select', { name: 'role' }, ['WAITER', 'KITCHEN_STAFF', 'MANAGER'].map((r) => h('option', { value: r }, r)))),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', minlength: 8, required: true, autocomplete: 'new-password' })),
    h('button', { type: 'submit', class: 'primary' }, 'Add'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    if (await guarded(() => call('POST', '/api/staff', body))) render(root);
  });
  root.replaceChildren(h('h2', {}, 'Staff'),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Username', 'Name', 'Role', 'Active'].map((t) => h('th', {}, t)))),
      h('tbody', {}, staff.map((s) => h('tr', {}, h('td', {}, s.username), h('td', {}, s.display_name), h('td', {}, s.role), h('td', {}, s.is_active ? 'yes' : 'no'))))),
    h('h3', {}, 'Add an account'), form);
}
