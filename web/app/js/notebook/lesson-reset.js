// @ts-check
// "Reset lesson…": a kata's lesson back as released, its cells as they shipped and no outputs.
// The server keeps the learner's version (outputs included) as the notebook's checkpoint first,
// so "Undo" (or Revert…) brings it back. The kata's files are not touched: "Reset kata…" does those.
import { el } from '../dom.js';
import { get, post, kataUrl, contentsUrl } from '../http.js';
import { confirmAction } from '../dialog.js';
import { flash, notice } from './messages.js';

/**
 * What the lesson reset needs of the notebook.
 * @typedef {object} ResetNotebook
 * @property {string} path
 * @property {string | null} kata
 * @property {import('./saving.js').Saving} saving
 */

export class LessonReset {
  /** @param {ResetNotebook} notebook */
  constructor(notebook) {
    this.notebook = notebook;
    this.button = /** @type {HTMLButtonElement} */ (document.querySelector('.toolbar button[data-command="reset-lesson"]'));
  }

  /** Shows "Reset lesson…" on a kata's own lesson (not on a copy of it, nor on other notebooks). */
  async offer() {
    if (!this.notebook.kata) { return; }
    try {
      const kata = (await get(kataUrl(this.notebook.kata))).body;
      this.button.hidden = kata.lesson !== this.notebook.path;
    } catch (ignored) {
      // Not a kata this server knows: nothing to reset to.
    }
  }

  async reset() {
    const kata = this.notebook.kata;
    if (!kata || this.button.hidden) { return; }
    const yes = await confirmAction('Reset the lesson?',
      ['The lesson goes back as released: its cells as they shipped, with no outputs. '
        + 'Your version, outputs included, is kept as the checkpoint: "Undo" or "Revert…" brings it back.',
      'Your kata files are not touched: "Reset kata…" does those.'],
      'Reset lesson', { danger: true });
    if (!yes) { return; }
    const saving = this.notebook.saving;
    try {
      // What the page holds is saved first, so the checkpoint is the learner's latest version.
      saving.saver.dirty = true;
      await saving.saver.flush();
      await post(kataUrl(kata, '/lesson/reset'), {});
      await saving.reload();
      const undo = el('button', { type: 'button', onclick: () => this.undo() }, 'Undo');
      notice('The lesson is back as released. Your version is kept as the checkpoint. ', undo);
    } catch (error) {
      notice('Could not reset the lesson: ' + /** @type {Error} */ (error).message);
    }
  }

  async undo() {
    try {
      await post(contentsUrl(this.notebook.path) + '/checkpoints/checkpoint', {});
      await this.notebook.saving.reload();
      /** @type {HTMLElement} */ (document.getElementById('notice')).hidden = true;
      flash('Your version of the lesson is back.');
    } catch (error) {
      notice('Could not bring your version back: ' + /** @type {Error} */ (error).message);
    }
  }
}
