// Cloud sync, flagged online payments and the box's HTTPS certificate.
import { h, money, call, guarded, date, time, today } from './staff-shared.js';

/** Today's time alone, another day's with its date ("12:08 pm", "4 Dec, 12:08 pm"): the card fits a phone. */
function when(instant) {
  const sameDay = String(today()) === String(today(Date.parse(instant)));
  return sameDay ? time(instant) : `${date(instant, { day: 'numeric', month: 'short' })}, ${time(instant)}`;
}

export async function render(root) {
  const [sync, flagged] = await Promise.all([call('GET', '/api/admin/sync'), call('GET', '/api/payments/flagged')]);
  const age = sync.oldest_unsent_age_seconds;
  root.replaceChildren(h('h2', {}, 'Sync with the cloud'),
    h('div', { class: 'kpis' },
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Forwarding'), h('strong', {}, sync.forwarding_enabled ? 'On' : 'Off')),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Backlog'), h('strong', {}, `${sync.backlog} event${sync.backlog === 1 ? '' : 's'}`)),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Oldest unsent'), h('strong', {}, age === undefined || age === null ? '—' : `${Math.round(age / 60)} min`)),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Last success'), h('strong', {}, sync.last_success_at ? when(sync.last_success_at) : '—'))),
    h('h3', {}, 'Parked batches'),
    sync.parked_batches.length ? h('table', { class: 'grid' }, h('tbody', {}, sync.parked_batches.map((b) => h('tr', {},
      h('td', {}, `${b.event_count} events (${b.first_seq}–${b.last_seq})`), h('td', {}, `${b.status_code}: ${b.reason}`),
      h('td', {}, h('button', { type: 'button', onclick: async () => {
        if (await guarded(() => call('POST', `/api/admin/sync/parked/${encodeURIComponent(b.id)}/retry`))) render(root);
      } }, 'Retry')))))) : h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, 'Consumers'),
    h('table', { class: 'grid' }, h('tbody', {}, sync.consumers.map((c) => h('tr', {}, h('td', {}, c.name), h('td', {}, `lag ${c.lag}`))))),
    h('h3', {}, 'Online payments to check'),
    flagged.payments.length ? h('table', { class: 'grid' }, h('tbody', {}, flagged.payments.map((p) => h('tr', {},
      h('td', {}, money(p.amount)), h('td', {}, p.razorpay_payment_id || ''), h('td', {}, p.flag_reason || ''))))) : h('p', { class: 'muted' }, 'None.'),
    ...httpsSection(sync.tls));
}

// HTTPS: the certificate guests' phones are shown, a warning two weeks before it expires, and the
// box's own CA for staff devices when it uses one (docs/operations/https.md).
function httpsSection(tls) {
  if (!tls.enabled) {
    return [h('h3', {}, 'HTTPS'), h('p', { class: 'low', id: 'tls-off' }, 'Off: guests\' codes and staff passwords cross the Wi-Fi unencrypted.')];
  }
  // "4 Dec 2026": no day/month order to misread, whatever the device's locale.
  const until = date(tls.not_after, { day: 'numeric', month: 'short', year: 'numeric' });
  const dayCount = `${tls.days_left} day${tls.days_left === 1 ? '' : 's'}`;
  const days = tls.days_left < 0 ? 'Expired' : `${dayCount} left`;
  return [h('h3', {}, 'HTTPS'),
    tls.expiring_soon ? h('p', { class: 'low', id: 'tls-warning', role: 'alert' },
      tls.days_left < 0 ? `The certificate expired on ${until}: phones now show a warning. Renew it now.`
        : `The certificate expires on ${until} (${dayCount}). Renewal should have happened by now: check it.`) : '',
    h('div', { class: 'kpis' },
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Certificate'), h('strong', {}, days)),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Valid until'), h('strong', {}, until)),
      h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, 'Refused reloads'), h('strong', {}, String(tls.failed_reloads)))),
    tls.ca_download ? h('p', {}, 'Staff devices: ', h('a', { href: tls.ca_download, download: 'intellidine-ca.crt', id: 'tls-ca' },
      'install this box\'s certificate authority'), ' (check its fingerprint against the one the set-up printed). Guests\' phones will warn.') : ''];
}
