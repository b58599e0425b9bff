// Small pieces the menu builder's modules share (staff-menu.js, staff-dish.js, staff-menu-extras.js,
// staff-menu-recipe.js): refusals shown where the manager is looking, ids made from names, amounts.
import { h, flash as toast, signOut } from './staff-shared.js';

/** The FSSAI marks a dish can carry, as the select offers them. */
export const DIETS = [['', '—'], ['veg', 'Veg'], ['non-veg', 'Non-veg'], ['egg', 'Egg'], ['vegan', 'Vegan']];
export const SPICE = [['', 'Not said'], ['0', '0 Not spicy'], ['1', '1 Mild'], ['2', '2 Medium'], ['3', '3 Hot']];

/** A toast that replaces the one before it, so quick saves never pile their words on each other. */
export function flash(message) {
  for (const old of document.querySelectorAll('body > .toast')) old.remove();
  toast(message);
}

/** Shows `message` (or nothing) in a message line; the line stays in the page so it is announced. */
export function say(where, message) {
  if (where) where.textContent = message || '';
}

/** A message line for refusals, read out when it changes. */
export const messageLine = (attrs = {}, text = '') => h('p', { class: 'error', role: 'alert', ...attrs }, text);

/** The box's message as a sentence: "price must be… ₹1,00,000" reads "Price must be… ₹1,00,000." */
const sentence = (text) => {
  if (!text) return 'That did not work; try again.';
  const capital = text[0].toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(capital) ? capital : capital + '.';
};

/**
 * Runs `action` (an API call). A refusal is shown in plain words in `where` (a message line) or,
 * without one, as a toast; an expired sign-in signs out. Returns the answer, or undefined.
 */
export async function attempt(where, action) {
  say(where, '');
  try {
    return await action();
  } catch (e) {
    if (e.status === 401) { signOut(); return undefined; }
    if (where) say(where, sentence(e.message)); else flash(sentence(e.message));
    return undefined;
  }
}

/** Rupees typed by the manager ("280", "212.50"), or null when it is not an amount. */
export function rupees(text) {
  const value = String(text).trim();
  return /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : null;
}

/** A whole number typed in a field, or null. */
export function whole(text) {
  const value = String(text).trim();
  return /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * A short id for a portion, add-on group or option, made from its name ("Half plate" → "half-plate"):
 * letters, digits and '-', at most 32 (the box's limit for tax class ids, the shortest), not one
 * of `used` (which it joins). A name with no Latin letters (Hindi) gets `fallback-N`.
 */
export function slug(name, used, fallback) {
  const base = String(name).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || fallback;
  let id = base;
  for (let n = 2; used.has(id); n += 1) id = `${base.slice(0, 31 - String(n).length)}-${n}`;
  used.add(id);
  return id;
}

/** The FSSAI mark as guests see it: a dot in a square (a triangle for non-veg). */
export function dietMark(diet) {
  const label = (DIETS.find(([value]) => value === diet) || [])[1];
  if (!diet || !label) return null;
  return h('span', { class: 'diet ' + diet, role: 'img', 'aria-label': label, title: label });
}

/** A label with its text above its field, the way every form in the staff app reads. */
export const field = (text, input, attrs = {}) => h('label', attrs, text, input);

/** A checkbox or radio with its words beside it, the whole line a 44 px target. */
export const check = (input, text, attrs = {}) => h('label', { class: 'check-44', ...attrs }, input, h('span', {}, text));
