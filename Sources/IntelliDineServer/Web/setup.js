// First-run set-up: one form that creates the restaurant, its tables and its first manager
// (POST /api/setup), open only until it is done.
'use strict';
(function () {
  const { api } = ID;
  const $ = (id) => document.getElementById(id);
  const form = $('setup-form');

  async function start() {
    try {
      const status = await api('GET', '/api/setup');
      if (!status.pending) {
        $('setup-state').textContent = 'This box is already set up. ';
        $('setup-state').append(Object.assign(document.createElement('a'), { href: '/staff', textContent: 'Sign in to the staff app' }));
        return;
      }
      $('setup-state').textContent = 'Fill this in once. The set-up code is in the box\'s console and journal.';
      form.hidden = false;
    } catch (e) {
      $('setup-state').textContent = e.message;
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    const button = form.querySelector('button');
    button.disabled = true;
    $('setup-error').textContent = '';
    try {
      const answer = await api('POST', '/api/setup', {
        body: {
          code: f.code,
          restaurant: {
            name: f.name, address: f.address, state: f.state, gstin: f.gstin, fssai: f.fssai, timezone: f.timezone,
            opening_hours: f.opening_hours, gst_rate_percent: Number(f.gst_rate_percent),
          },
          tables: { count: Number(f.count), naming: f.naming },
          manager: { username: f.username, display_name: f.display_name, password: f.password },
        },
      });
      form.hidden = true;
      $('setup-state').textContent = answer.message + ' ';
      $('setup-state').append(Object.assign(document.createElement('a'), { href: '/staff', textContent: 'Open the staff app' }));
    } catch (err) {
      $('setup-error').textContent = err.message;
      button.disabled = false;
    }
  });

  start();
})();
