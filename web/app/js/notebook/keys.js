// @ts-check
// The keyboard, as in Jupyter: keys inside a cell's editor (edit mode), and single keys acting
// on cells in command mode (D D deletes, I I interrupts, 0 0 restarts: chords within 800 ms).
import { el } from '../dom.js';
import { tell } from '../dialog.js';
import { complete, inspect, indent, tabIndents, closeInspection } from '../editor.js';
import { flash } from './messages.js';

const CHORD_MS = 800;

/**
 * The notebook's commands the keys call.
 * @typedef {object} KeyedNotebook
 * @property {import('../cells.js').Cell[]} cells
 * @property {import('../kernel.js').Kernel} kernel
 * @property {import('./modes.js').Modes} modes
 * @property {import('./run-queue.js').RunQueue} runs
 * @property {() => void} save
 * @property {() => void} runAndAdvance
 * @property {() => void} runInPlace
 * @property {() => void} runAndInsert
 * @property {(offset: number) => void} insert
 * @property {() => void} deleteSelected
 * @property {() => void} undoDelete
 * @property {(type: string) => void} changeType
 */

export class Keys {
  /** @param {KeyedNotebook} notebook */
  constructor(notebook) {
    this.notebook = notebook;
    this.lastKey = { key: '', at: 0 };
  }

  /**
   * Keys inside a cell's editor (edit mode): CodeMirror's extraKeys.
   * @param {any} cell
   */
  editorKeys(cell) {
    const notebook = this.notebook;
    return {
      'Shift-Enter': () => notebook.runAndAdvance(),
      'Ctrl-Enter': () => notebook.runInPlace(),
      'Cmd-Enter': () => notebook.runInPlace(),
      'Alt-Enter': () => notebook.runAndInsert(),
      Esc: (/** @type {any} */ cm) => {
        if (cm.state.completionActive) { cm.state.completionActive.close(); return; }
        closeInspection(cell.body);
        notebook.modes.commandMode();
      },
      Tab: (/** @type {any} */ cm) => {
        if (cell.type !== 'code' || tabIndents(cm)) { indent(cm); return; }
        this.complete(cell);
      },
      'Ctrl-Space': () => this.complete(cell),
      'Shift-Tab': (/** @type {any} */ cm) => {
        if (cm.somethingSelected()) { cm.execCommand('indentLess'); return; }
        inspect(cm, notebook.kernel, cell.body).catch((/** @type {Error} */ error) => flash(error.message));
      },
      'Ctrl-S': () => notebook.save(),
      'Cmd-S': () => notebook.save(),
      'Ctrl-/': 'toggleComment',
      Up: (/** @type {any} */ cm) => this.edgeMove(cm, -1),
      Down: (/** @type {any} */ cm) => this.edgeMove(cm, 1),
    };
  }

  /** @param {any} cell */
  complete(cell) {
    if (cell.type !== 'code') { return; }
    complete(cell.editor, this.notebook.kernel, (/** @type {Error} */ error) => flash(error.message));
  }

  /**
   * Up on the first line (Down on the last) moves to the neighbouring cell's editor, as in Jupyter.
   * @param {any} cm the editor
   * @param {number} direction -1 up, 1 down
   */
  edgeMove(cm, direction) {
    const modes = this.notebook.modes;
    const line = cm.getCursor().line;
    const atEdge = direction < 0 ? line === 0 : line === cm.lineCount() - 1;
    const target = /** @type {any} */ (this.notebook.cells[modes.selected + direction]);
    if (!atEdge || !target || cm.state.completionActive) {
      return /** @type {any} */ (window).CodeMirror.Pass;
    }
    modes.selectCell(target, { focus: false });
    if (target.focusEditor()) {
      target.editor.setCursor(direction < 0 ? { line: target.editor.lineCount() - 1, ch: 0 } : { line: 0, ch: 0 });
    } else {
      modes.select(modes.selected);
    }
    return undefined;
  }

  /**
   * Keys in command mode; `event.target` is a cell (or the page).
   * @param {KeyboardEvent} event
   * @returns {boolean} whether the key was used
   */
  commandKey(event) {
    const notebook = this.notebook;
    const modes = notebook.modes;
    const key = event.key;
    const plainKey = !event.ctrlKey && !event.metaKey && !event.altKey;
    /** @param {string} k */
    const chord = (k) => {
      const now = Date.now();
      const hit = this.lastKey.key === k && now - this.lastKey.at < CHORD_MS;
      this.lastKey = hit ? { key: '', at: 0 } : { key: k, at: now };
      return hit;
    };
    if (key === 'Enter' && event.shiftKey) { notebook.runAndAdvance(); return true; }
    if (key === 'Enter' && (event.ctrlKey || event.metaKey)) { notebook.runInPlace(); return true; }
    if (key === 'Enter' && event.altKey) { notebook.runAndInsert(); return true; }
    if (key === 's' && (event.ctrlKey || event.metaKey)) { notebook.save(); return true; }
    if (!plainKey || event.isComposing) { return false; }
    switch (key) {
      case 'Enter': { const cell = modes.current; if (cell) { modes.editCell(cell); } return true; }
      case 'ArrowUp': case 'k': modes.select(modes.selected - 1); return true;
      case 'ArrowDown': case 'j': modes.select(modes.selected + 1); return true;
      case 'Home': modes.select(0); return true;
      case 'End': modes.select(notebook.cells.length - 1); return true;
      case 'a': notebook.insert(0); return true;
      case 'b': notebook.insert(1); return true;
      case 'd': if (chord('d')) { notebook.deleteSelected(); } return true;
      case 'z': notebook.undoDelete(); return true;
      case 'm': notebook.changeType('markdown'); return true;
      case 'y': notebook.changeType('code'); return true;
      case 'r': notebook.changeType('raw'); return true;
      case 'i': if (chord('i')) { notebook.runs.interrupt(); } return true;
      case '0': if (chord('0')) { notebook.runs.restart(); } return true;
      case 's': notebook.save(); return true;
      case 'h': help(); return true;
      default: return false;
    }
  }
}

/** The list of keyboard shortcuts. */
export function help() {
  const rows = [
    ['Command mode (Esc)', ''],
    ['Enter', 'edit the selected cell'], ['Shift+Enter', 'run, select the next cell'], ['Ctrl+Enter', 'run, stay'],
    ['Alt+Enter', 'run, insert a cell below'], ['↑ / K, ↓ / J', 'select the cell above / below'],
    ['A / B', 'insert a cell above / below'], ['D D', 'delete the cell'], ['Z', 'bring the deleted cell back'],
    ['M / Y / R', 'make it Markdown / code / raw'], ['I I', 'interrupt the kernel'], ['0 0', 'restart the kernel'],
    ['S or Ctrl+S', 'save, with a checkpoint'], ['H', 'this list'],
    ['Edit mode (Enter)', ''],
    ['Esc', 'back to command mode'], ['Tab', 'complete (indent at the start of a line)'], ['Ctrl+Space', 'complete'],
    ['Shift+Tab', 'documentation of what is under the cursor'], ['Ctrl+/', 'comment or uncomment'],
    ['Shift+Enter, Ctrl+Enter, Alt+Enter', 'run, as in command mode'],
  ];
  const table = el('table', { className: 'keys' }, el('tbody', {}, ...rows.map(([k, what]) => what
    ? el('tr', {}, el('th', { scope: 'row' }, el('kbd', {}, k)), el('td', {}, what))
    : el('tr', {}, el('th', { colSpan: 2, scope: 'rowgroup', className: 'keys-group' }, k)))));
  tell('Keyboard shortcuts', [table, 'Run all skips "Run the attacks": run the attacks with its own button.']);
}
