// Modal dialogs on the platform's <dialog>: focus moves in and is trapped there, Esc cancels,
// and focus goes back where it was when the dialog closes.
import { el } from './dom.js';

/**
 * Shows a modal and resolves with the value of the button pressed, or `cancel` on Esc.
 * actions: [{label, value, kind: 'primary' | 'danger' | undefined}]; the first primary gets focus.
 */
export function ask({ title, body, actions, cancel = null, id }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = 'dialog-title-' + Math.random().toString(36).slice(2);
    const buttons = actions.map((action) => el('button', {
      type: 'button',
      className: action.kind || '',
      dataset: { value: String(action.value) },
      onclick: () => close(action.value),
    }, action.label));
    const dialog = el('dialog', { className: 'dialog', 'aria-labelledby': titleId, id },
      el('h2', { id: titleId }, title),
      el('div', { className: 'dialog-body' }, ...[].concat(body).map((part) => typeof part === 'string' ? el('p', {}, part) : part)),
      el('div', { className: 'dialog-actions' }, ...buttons));
    let done = false;
    function close(value) {
      if (done) { return; }
      done = true;
      dialog.close();
      dialog.remove();
      if (before && before.isConnected && typeof before.focus === 'function') { before.focus(); }
      resolve(value);
    }
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(cancel); });
    document.body.append(dialog);
    dialog.showModal();
    const first = actions.findIndex((a) => a.kind === 'primary');
    // A destructive choice is never the default: without a primary button, focus rests on the last (Cancel).
    buttons[first >= 0 ? first : buttons.length - 1].focus();
  });
}

/** Asks yes or no; resolves true for yes. */
export function confirmAction(title, body, yesLabel, { danger = false } = {}) {
  return ask({
    title,
    body,
    actions: [{ label: yesLabel, value: true, kind: danger ? 'danger' : 'primary' }, { label: 'Cancel', value: false }],
    cancel: false,
  });
}

/** Tells something; resolves when dismissed. */
export function tell(title, body) {
  return ask({ title, body, actions: [{ label: 'OK', value: true, kind: 'primary' }], cancel: true });
}
