// @ts-check
// "Reset kata…" and "Undo reset": the kata's files back to the starter (the server keeps the
// learner's version as a checkpoint), and back again.
import { resetKata, restoreKata } from '../cells.js';
import { confirmAction } from '../dialog.js';
import { flash, notice } from './messages.js';

/** @typedef {import('../cells.js').AttacksCell} AttacksCell */

export class KataReset {
  /**
   * @param {{ sourceCells: () => import('../cells.js').SourceCell[], runs: { prepare: () => Promise<void> } }} notebook
   */
  constructor(notebook) {
    this.notebook = notebook;
  }

  /** @param {AttacksCell} cell the cell whose button asked */
  async reset(cell) {
    const sources = this.notebook.sourceCells();
    const files = sources.map((c) => c.file);
    const yes = await confirmAction('Reset the kata to its starter?',
      [resetSentence(files) + ', with the attacks working again. '
        + 'Your current version is kept as a checkpoint: "Undo reset" brings it back.'],
      'Reset kata', { danger: true });
    if (!yes) { return; }
    try {
      await this.notebook.runs.prepare();
      const checkpoint = await resetKata(cell.kata);
      await Promise.all(this.notebook.sourceCells().map((c) => c.load()));
      cell.offerUndo(checkpoint);
      flash('The kata is back to its starter.');
    } catch (error) {
      notice('Could not reset the kata: ' + error.message);
    }
  }

  /** @param {AttacksCell} cell */
  async undo(cell) {
    try {
      await restoreKata(cell.kata, cell.checkpoint);
      await Promise.all(this.notebook.sourceCells().map((c) => c.load()));
      cell.offerUndo(null);
      flash('Your version of the kata is back.');
    } catch (error) {
      notice('Could not undo the reset: ' + error.message);
    }
  }
}

/**
 * "Your FileServer.java goes back to the starter code"; "Your A.java and B.java go back …".
 * @param {string[]} files
 */
export function resetSentence(files) {
  if (files.length === 0) { return 'Your kata files go back to the starter code'; }
  const names = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(files);
  return 'Your ' + names + (files.length === 1 ? ' goes' : ' go') + ' back to the starter code';
}
