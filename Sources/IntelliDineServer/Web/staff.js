// The staff app: waiters serve and take cash; managers run the menu, stock, staff, tables, sync
// and read today's dashboard. Orders on the floor stay live through the order stream.
// This module signs staff in, draws the tab bar and switches between the views, one module each.
import { h, api, LiveStream, tenantId, $, state, guarded, signOut, stopLive, redrawView, loadZone } from './staff-shared.js';
import * as serve from './staff-serve.js';
import * as bills from './staff-bills.js';
import * as dashboard from './staff-dashboard.js';
import * as menu from './staff-menu.js';
import * as stock from './staff-stock.js';
import * as staff from './staff-staff.js';
import * as tables from './staff-tables.js';
import * as sync from './staff-sync.js';
import * as restaurant from './staff-restaurant.js';
import * as discounts from './staff-discounts.js';
import * as gst from './staff-gst.js';
import * as day from './staff-day.js';
import * as reports from './staff-reports.js';

// A view with `onEvent` follows the order stream while shown: each change asks it to redraw (the
// floor does so only if what it shows changed).
const views = {
  serve: { label: 'Floor', roles: ['WAITER', 'MANAGER'], render: serve.render, onEvent: serve.onEvent },
  bills: { label: 'Table bills', roles: ['WAITER', 'MANAGER'], render: bills.render },
  dashboard: { label: 'Today', roles: ['MANAGER'], render: dashboard.render },
  menu: { label: 'Menu', roles: ['MANAGER'], render: menu.render },
  discounts: { label: 'Discounts', roles: ['MANAGER'], render: discounts.render },
  stock: { label: 'Stock', roles: ['MANAGER'], render: stock.render },
  staff: { label: 'Staff', roles: ['MANAGER'], render: staff.render },
  tables: { label: 'Tables', roles: ['MANAGER'], render: tables.render },
  sync: { label: 'Sync', roles: ['MANAGER'], render: sync.render },
  reports: { label: 'Reports', roles: ['MANAGER'], render: (root) => reports.render(root) },
  day: { label: 'Day close', roles: ['MANAGER'], render: day.render },
  gst: { label: 'GST return', roles: ['MANAGER'], render: (root) => gst.render(root) },
  restaurant: { label: 'Restaurant', roles: ['MANAGER'], render: restaurant.render },
};

function show(name) {
  state.view = name;
  for (const b of $('tabs').children) b.setAttribute('aria-current', b.dataset.view === name ? 'page' : 'false');
  if (!views[name].onEvent) stopLive();
  // A fresh element for each view shown: a render of the view left behind that is still waiting on
  // the box (slow Wi-Fi, a quick second tap) then draws into the old, detached one, not over this.
  const old = $('view');
  const root = old.cloneNode(false);
  old.replaceWith(root);
  root.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  guarded(async () => {
    await views[name].render(root);
    // Only once the view is drawn, and still shown: a view that failed to load, or was left while
    // it loaded, has nothing to refresh.
    if (views[name].onEvent && state.view === name) follow(name);
  });
}

// The stream opens with the first render of a live view and stays open while that view is
// shown; a burst of events (a whole order changing at once) re-renders it once.
function follow(name) {
  if (state.stream) return;
  let timer;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => redrawView(name, (root) => views[name].render(root, { onlyIfChanged: true })), 150);
  };
  state.stream = new LiveStream({
    token: () => state.token, onSnapshot: refresh,
    onEvent: (frame) => {
      views[name].onEvent(frame);
      refresh();
    },
    onState: (s) => { if (s === 'signed-out') signOut(); },
  });
  state.stream.start();
}

// --- Sign-in ------------------------------------------------------------------------------------
async function start() {
  $('login').hidden = true;
  $('sign-out').hidden = false;
  $('who').textContent = state.role.replace('_', ' ').toLowerCase();
  const allowed = Object.entries(views).filter(([, v]) => v.roles.includes(state.role));
  if (!allowed.length) {
    $('view').replaceChildren(h('p', {}, 'The kitchen works from the ', h('a', { href: '/kitchen' }, 'kitchen display'), '.'));
    return;
  }
  // Times on every view are the restaurant's (common.js, `ID.zone`): known before the first draws.
  // Signed out while it loaded: the login stays.
  $('view').replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  const token = state.token;
  await loadZone(token);
  if (state.token !== token) return;
  $('tabs').replaceChildren(...allowed.map(([key, v]) => h('button', { type: 'button', dataset: { view: key }, onclick: () => show(key) }, v.label)));
  show(allowed[0][0]);
}

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  try {
    const body = { username: form.get('username'), password: form.get('password') };
    if (tenantId) body.tenant_id = tenantId;
    const result = await api('POST', '/api/auth/staff/login', { body });
    state.token = result.access_token;
    state.role = result.staff.role;
    sessionStorage.setItem('staff-token', state.token);
    sessionStorage.setItem('staff-role', state.role);
    $('login-error').textContent = '';
    start();
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
$('sign-out').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout', { token: state.token }).catch(() => {});
  signOut();
});

if (state.token && state.role) start(); else $('login').hidden = false;
