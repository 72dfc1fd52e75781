// @ts-check
// Someone else saved the notebook, or a kata file, after this page loaded it. Nothing is
// overwritten: the learner chooses what to keep.
import { get } from '../http.js';
import { emptyCell } from '../cells.js';
import { el, notebookHref } from '../dom.js';
import { ask } from '../dialog.js';
import { notice } from './messages.js';

/**
 * What conflicts need of the notebook.
 * @typedef {object} ConflictedNotebook
 * @property {string} path
 * @property {import('./saving.js').Saving} saving
 * @property {import('../cells.js').Cell[]} cells
 * @property {() => import('../cells.js').SourceCell[]} sourceCells
 * @property {(index: number, json: any) => import('../cells.js').Cell} insertNew inserts a cell made from this nbformat cell
 */

export class Conflicts {
  /** @param {ConflictedNotebook} notebook */
  constructor(notebook) {
    this.notebook = notebook;
  }

  /** The notebook was saved elsewhere. @param {string} currentVersion the version saved there */
  async notebookChanged(currentVersion) {
    const saving = this.notebook.saving;
    saving.show();
    const choice = await ask({
      id: 'conflict-dialog',
      title: 'This notebook was changed elsewhere',
      body: ['Another tab or program saved this notebook after this page opened it. Nothing has been overwritten yet: choose what to keep.',
        el('ul', {},
          el('li', {}, el('strong', {}, 'Keep both'), ': your version is saved as a copy beside it, and this tab shows the other one.'),
          el('li', {}, el('strong', {}, 'Overwrite'), ': your version replaces the other one.'),
          el('li', {}, el('strong', {}, 'Discard mine'), ': this tab shows the other version; your changes are dropped.'))],
      actions: [
        { label: 'Keep both', value: 'both', kind: 'primary' },
        { label: 'Overwrite with mine', value: 'mine' },
        { label: 'Discard mine', value: 'theirs' },
      ],
      cancel: 'later',
    });
    try {
      if (choice === 'both') {
        const copy = await saving.saveCopy();
        await saving.reload();
        notice('Both versions are kept: yours is saved as ', el('a', { href: notebookHref(copy), target: '_blank' }, copy.split('/').pop()),
          '; this tab now shows the version saved elsewhere.');
      } else if (choice === 'mine') {
        saving.saver.rebase(currentVersion);
        await saving.saver.flush();
      } else if (choice === 'theirs') {
        await saving.reload();
      } else {
        notice('Saving is paused until you choose which version to keep: press the "Conflict" button at the top.');
      }
    } catch (error) {
      notice('That did not work: ' + error.message);
    }
  }

  /**
   * A kata file was saved elsewhere.
   * @param {import('../cells.js').SourceCell} cell the file's cell
   * @param {string} currentVersion the version saved there
   */
  async sourceChanged(cell, currentVersion) {
    const choice = await ask({
      id: 'conflict-dialog',
      title: cell.file + ' was changed elsewhere',
      body: ['Another tab or an editor saved ' + cell.file + ' after this page loaded it. Nothing has been overwritten yet.',
        el('ul', {},
          el('li', {}, el('strong', {}, 'Keep both'), ': this cell shows the file as saved; your version goes into a new cell below it, to copy from.'),
          el('li', {}, el('strong', {}, 'Overwrite'), ': your version replaces the file.'))],
      actions: [
        { label: 'Keep both', value: 'both', kind: 'primary' },
        { label: 'Overwrite with mine', value: 'mine' },
      ],
      cancel: 'later',
    });
    try {
      if (choice === 'both') {
        const mine = cell.editor.getValue();
        await cell.load();
        this.notebook.insertNew(this.notebook.cells.indexOf(cell) + 1,
          { ...emptyCell('code'), source: '// Your version of ' + cell.file + ', kept when it was changed elsewhere.\n' + mine });
      } else if (choice === 'mine') {
        cell.saver.rebase(currentVersion);
        await cell.saver.flush();
      } else {
        notice('Saving ' + cell.file + ' is paused until you choose which version to keep: press the "Conflict" button at the top.');
      }
    } catch (error) {
      notice('That did not work: ' + error.message);
    }
  }

  /** The save chip: asks again about a conflict; false when there is none. @returns {Promise<boolean>} */
  async askAgain() {
    const saving = this.notebook.saving;
    if (saving.saver.state === 'conflict') {
      const response = await get(saving.url + '?content=0');
      this.notebookChanged(response.version);
      return true;
    }
    const cell = this.notebook.sourceCells().find((c) => c.saver && c.saver.state === 'conflict');
    if (cell) {
      const response = await get(cell.url());
      this.sourceChanged(cell, response.version);
      return true;
    }
    return false;
  }
}

