// @ts-check
// The notebook page's two ways of telling the learner something: a notice that stays until it
// is closed (something went wrong, or needs a choice), and a passing message.
import { el } from '../dom.js';

/**
 * Shows the notice bar with these parts (text or nodes, such as a link).
 * @param {...(string | Node)} parts
 */
export function notice(...parts) {
  const box = /** @type {HTMLElement} */ (document.getElementById('notice'));
  /** @type {HTMLElement} */ (document.getElementById('notice-text')).replaceChildren(...parts);
  box.hidden = false;
}

/**
 * A passing message, read out by screen readers, gone after a while.
 * @param {string} text
 */
export function flash(text) {
  const toast = el('div', { className: 'toast', role: 'status' }, text);
  document.body.append(toast);
  window.setTimeout(() => toast.remove(), 4000);
}
