// What every view of the staff app shares: who is signed in, the API call made as them, error
// handling, flash messages, and the cash box with its change-due line.
//
// common.js stays a classic script because the guest app and the kitchen display load it as one.
// It runs before these modules (both are deferred, and it comes first in staff.html) and defines
// the global `ID`; this is the only module that reaches for it, the views import from here.
export const { h, api, money, LiveStream, invoiceView, loadZone, time, dateTime, date, today } = ID;
export const tenantId = ID.tenantId;

export const $ = (id) => document.getElementById(id);

export const state = { token: sessionStorage.getItem('staff-token'), role: sessionStorage.getItem('staff-role'), view: null, stream: null };
export const call = (method, path, body) => api(method, path, { token: state.token, body });

export function flash(message) {
  const note = h('div', { class: 'toast', role: 'alert' }, message);
  document.body.append(note);
  setTimeout(() => note.remove(), 4000);
}

export async function guarded(action) {
  try { return await action(); } catch (e) {
    if (e.status === 401) signOut(); else flash(e.message);
    return undefined;
  }
}

/**
 * Draws view `name` (a key of staff.js's `views`) again with `render`, if it is still the view
 * shown: after a tap of its own, or a change on the live stream. A view left meanwhile is not drawn.
 */
export function redrawView(name, render) {
  if (state.view === name) guarded(() => render($('view')));
}

export function stopLive() {
  if (state.stream) { state.stream.stop(); state.stream = null; }
}

export function signOut() {
  stopLive();
  sessionStorage.removeItem('staff-token');
  sessionStorage.removeItem('staff-role');
  state.token = null;
  $('tabs').replaceChildren();
  $('view').replaceChildren();
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
}

/** Paise from what a waiter typed ("560", "212.5"), or null when it is not an amount of rupees. */
export function toPaise(text) {
  const value = String(text).trim();
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return null;
  const [whole, fraction = ''] = value.split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

/**
 * What handing over `text` rupees against `due` paise means: null when the text is not an amount,
 * otherwise whether it falls short and the line to show the waiter. Counted in whole paise, so
 * ₹212.50 against ₹212.50 is exact, never a float a paisa off.
 */
export function changeDue(text, due) {
  const received = toPaise(text);
  if (received === null) return null;
  const short = received < due;
  return { short, message: short ? `Short by ${money((due - received) / 100)}` : `Change: ${money((received - due) / 100)}` };
}

/**
 * A "Cash received" box for a bill of `due` paise. As the waiter types, `collect` is enabled only
 * once the cash covers the bill and `change` shows the change to hand back or what is missing;
 * `onInput(outcome, text)` sees each outcome too (null when the text is not an amount).
 * `draft`, when given, is what was typed before a re-render, put back as if typed again.
 */
export function cashInput({ label, due, collect, change, onInput, draft }) {
  const input = h('input', { type: 'text', inputmode: 'decimal', placeholder: 'Cash received', 'aria-label': label });
  const update = () => {
    const outcome = changeDue(input.value, due);
    collect.disabled = outcome === null || outcome.short;
    change.textContent = outcome === null ? '' : outcome.message;
    if (onInput) onInput(outcome, input.value);
  };
  input.addEventListener('input', update);
  if (draft !== undefined) { input.value = draft; update(); }
  return input;
}

/**
 * A file from the box (a report's CSV or JSON), fetched with the signed-in token and handed to the
 * browser to save: a plain link could not carry the token.
 */
export async function download(path, name) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + state.token } });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    flash((answer.error && answer.error.message) || 'The file could not be prepared.');
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An SVG element for the charts: `svg('rect', { x: 1 }, child…)`. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
