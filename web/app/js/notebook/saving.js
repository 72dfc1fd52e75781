// @ts-check
// Saving the notebook: a while after each change (with the version this page loaded, so a stale
// save is refused), and on Ctrl+S with a checkpoint to revert to. One chip shows the state of the
// notebook and of its kata files together, worst first.
import { get, post, put, contentsUrl } from '../http.js';
import { Autosaver } from '../autosave.js';
import { confirmAction, tell } from '../dialog.js';
import { flash, notice } from './messages.js';

const SAVE_WORDS = { saved: 'Saved', unsaved: 'Unsaved changes', saving: 'Saving…', conflict: 'Conflict: choose a version', error: 'Not saved',
  locked: 'Not saved', frozen: 'Read-only' };

/**
 * What saving needs of the notebook.
 * @typedef {object} SavedNotebook
 * @property {string} path
 * @property {() => any} toJSON the nbformat document as the page has it
 * @property {() => import('../cells.js').SourceCell[]} sourceCells
 * @property {(content: any) => void} show shows this nbformat document instead
 */

export class Saving extends EventTarget {
  /** @param {SavedNotebook} notebook */
  constructor(notebook) {
    super();
    this.notebook = notebook;
    this.url = contentsUrl(notebook.path);
    this.chip = /** @type {HTMLElement} */ (document.getElementById('save-state'));
    /** @type {Autosaver} */
    this.saver = /** @type {any} */ (null);
  }

  /**
   * Starts saving changes to the version this page loaded. Fires `conflict` (with
   * `detail.currentVersion`) when someone else saved since.
   * @param {string} version
   */
  start(version) {
    this.saver = new Autosaver({
      url: this.url,
      version,
      payload: () => ({ type: 'notebook', format: 'json', content: this.notebook.toJSON() }),
    });
    this.saver.addEventListener('state', () => this.show());
    this.saver.addEventListener('conflict', (event) => this.dispatchEvent(
      new CustomEvent('conflict', { detail: /** @type {CustomEvent} */ (event).detail })));
  }

  /** Something changed: save soon. */
  changed() {
    if (this.saver) { this.saver.changed(); }
  }

  /** Whether anything (the notebook or a kata file) is still to be saved. */
  get pending() {
    return Boolean(this.saver && (this.saver.pending || this.notebook.sourceCells().some((c) => c.saver && c.saver.pending)));
  }

  /** Tries to save everything at once (the page is closing); never throws. */
  flushNow() {
    this.notebook.sourceCells().forEach((c) => c.flush().catch(() => {}));
    this.saver.flush().catch(() => {});
  }

  /** The notebook's state and its kata files', worst first, on the one chip. */
  show() {
    const states = [this.saver.state, ...this.notebook.sourceCells().filter((c) => c.saver).map((c) => c.saver.state)];
    const state = ['frozen', 'locked', 'conflict', 'error', 'saving', 'unsaved', 'saved'].find((s) => states.includes(s)) || 'saved';
    this.chip.dataset.state = state;
    this.chip.textContent = SAVE_WORDS[state];
    this.chip.title = ['error', 'locked', 'frozen'].includes(state) ? this.saver.message || SAVE_WORDS[state] : 'Save and checkpoint (Ctrl+S)';
  }

  /** Makes the first checkpoint if there is none, so "Revert" always has one. */
  async ensureCheckpoint() {
    try {
      const list = (await get(this.url + '/checkpoints')).body;
      if (list.length === 0) { await post(this.url + '/checkpoints', {}); }
    } catch (ignored) {
      // Reverting will say there is no checkpoint.
    }
  }

  /** Saves everything now and makes the checkpoint (Jupyter's Save and Checkpoint). */
  async save() {
    try {
      await Promise.all(this.notebook.sourceCells().map((cell) => cell.flush()));
      this.saver.dirty = true;
      await this.saver.flush();
      await post(this.url + '/checkpoints', {});
      flash('Saved, with a checkpoint to revert to.');
    } catch (error) {
      if (this.saver.state !== 'conflict') { notice('Not saved: ' + error.message); }
    }
  }

  async revert() {
    let checkpoints;
    try {
      checkpoints = (await get(this.url + '/checkpoints')).body;
    } catch (error) {
      notice('Could not read the checkpoints: ' + error.message);
      return;
    }
    if (checkpoints.length === 0) {
      await tell('No checkpoint yet', 'Save with Ctrl+S to make one.');
      return;
    }
    const checkpoint = checkpoints[0];
    const when = new Date(checkpoint.last_modified).toLocaleString();
    const yes = await confirmAction('Revert to the checkpoint?',
      ['The notebook goes back to how it was at ' + when + '. Changes made since are lost. (Kata source files are not touched: use Reset kata for those.)'],
      'Revert', { danger: true });
    if (!yes) { return; }
    try {
      await post(this.url + '/checkpoints/' + encodeURIComponent(checkpoint.id), {});
      await this.reload();
      flash('Reverted to the checkpoint of ' + when + '.');
    } catch (error) {
      notice('Could not revert: ' + error.message);
    }
  }

  /** Shows the notebook as it is on disk, dropping this page's unsaved changes. */
  async reload() {
    const response = await get(this.url);
    this.saver.reset(response.version);
    this.notebook.show(response.body.content);
    await Promise.all(this.notebook.sourceCells().map((cell) => cell.load()));
    this.show();
  }

  /**
   * Saves this page's version under a new name beside the notebook.
   * @returns {Promise<string>} the copy's path
   */
  async saveCopy() {
    const path = this.notebook.path;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').substring(0, 15);
    const slash = path.lastIndexOf('/');
    const folder = slash >= 0 ? path.substring(0, slash + 1) : '';
    const stem = path.substring(slash + 1).replace(/\.ipynb$/, '');
    const copy = folder + stem + '-my-copy-' + stamp + '.ipynb';
    await put(contentsUrl(copy), { type: 'notebook', format: 'json', content: this.notebook.toJSON() });
    return copy;
  }
}
