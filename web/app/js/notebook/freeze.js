// @ts-check
// The end of an interview: the work freezes, on the page as on the server. Editors become
// read-only, saving stops for good (nothing retries), nothing runs, the kernel's connection is
// closed, and one notice says why. Reading, selecting and copying still work. Before each run the
// page asks the server, so a Shift+Enter in the moment after the limit does nothing to the cell.
import { onFrozen, checkFrozen } from '../interview.js';
import { notice } from './messages.js';

/** Keys that run or change something; in a frozen notebook they do nothing. */
const CHANGING_KEYS = new Set(['a', 'b', 'd', 'z', 'm', 'y', 'r', 'i', '0', 's']);

/**
 * What freezing needs of the notebook.
 * @typedef {object} FrozenNotebook
 * @property {import('../cells.js').Cell[]} cells
 * @property {() => import('../cells.js').SourceCell[]} sourceCells
 * @property {import('./saving.js').Saving} saving
 * @property {import('./run-queue.js').RunQueue} runs
 * @property {import('../kernel.js').Kernel} kernel
 */

export class Freeze {
  /** @param {FrozenNotebook} notebook */
  constructor(notebook) {
    this.notebook = notebook;
    this.frozen = false;
    this.message = '';
    onFrozen((message) => this.freeze(message));
    // A refused save (423) may be the first news of the end.
    window.addEventListener('rampart-locked', () => { checkFrozen(); });
    document.addEventListener('keydown', (event) => this.swallow(event), true);
  }

  /**
   * Before a run: true when the work is frozen (the server is asked in an interview), so the
   * cell must not run.
   * @returns {Promise<boolean>}
   */
  async refuses() {
    return this.frozen || checkFrozen();
  }

  /** @param {string} message */
  freeze(message) {
    if (this.frozen) { return; }
    this.frozen = true;
    this.message = message;
    this.apply();
    notice(message);
  }

  /** Makes what the page shows read-only (again, for what was loaded since: a notebook opened after the end). */
  apply() {
    const notebook = this.notebook;
    const message = this.message;
    notebook.runs.cancel();
    // A cell running at the limit ends with the reason; the server has stopped the kernel already.
    notebook.kernel.failPending(message);
    notebook.kernel.close();
    const chip = /** @type {HTMLElement} */ (document.getElementById('kernel-state'));
    chip.dataset.state = 'dead';
    chip.textContent = 'Kernel stopped';
    // The notice says it all; the clock's chip only marks the time.
    const clock = document.getElementById('time-left');
    if (clock) { clock.textContent = 'Time is up'; }
    if (notebook.saving.saver) { notebook.saving.saver.freeze(message); }
    notebook.sourceCells().forEach((cell) => { if (cell.saver) { cell.saver.freeze(message); } });
    notebook.cells.forEach((cell) => {
      const editor = /** @type {any} */ (cell).editor;
      if (editor) { editor.setOption('readOnly', true); }
    });
    document.querySelectorAll('.toolbar button:not([data-command="help"]), #cell-type, .attack-actions button, #save-state')
      .forEach((control) => { /** @type {HTMLButtonElement} */ (control).disabled = true; });
    document.body.classList.add('frozen');
    if (notebook.saving.saver) { notebook.saving.show(); }
  }

  /**
   * Keys that would run, save or change the notebook do nothing once it is frozen (the editors'
   * own keys included: this listens before them).
   * @param {KeyboardEvent} event
   */
  swallow(event) {
    if (!this.frozen) { return; }
    const runs = event.key === 'Enter' && (event.shiftKey || event.ctrlKey || event.metaKey || event.altKey);
    const saves = event.key === 's' && (event.ctrlKey || event.metaKey);
    const inEditor = /** @type {Element} */ (event.target).closest('.CodeMirror') !== null;
    const commandKey = !inEditor && CHANGING_KEYS.has(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey
      && /** @type {Element} */ (event.target).closest('#cells') !== null;
    if (runs || saves || commandKey) {
      event.preventDefault();
      event.stopPropagation();
    }
  }
}
