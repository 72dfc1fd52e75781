// @ts-check
// The notebook page: loads a notebook, shows its cells, and keeps the list of cells and their
// structure (insert, delete, move, change type). Each other concern is a module of its own under
// js/notebook/: saving, conflicts, the run queue, kata reset, modes (command and edit, as in
// Jupyter), keys, the kernel's status. Cells never call back into the notebook: they raise
// events on their node, which this page listens to on the container (see js/notebook/types.js).
import { get, contentsUrl, HttpError } from './js/http.js';
import { el } from './js/dom.js';
import { Kernel } from './js/kernel.js';
import { plain } from './js/render.js';
import { createCell, emptyCell, SourceCell, AttacksCell } from './js/cells.js';
import { rampart } from './js/progress.js';
import { errorLocations } from './js/locations.js';
import { showInterviewClock } from './js/interview.js';
import { Saving } from './js/notebook/saving.js';
import { Conflicts } from './js/notebook/conflicts.js';
import { RunQueue } from './js/notebook/run-queue.js';
import { KataReset } from './js/notebook/reset.js';
import { Modes } from './js/notebook/modes.js';
import { Keys, help } from './js/notebook/keys.js';
import { KernelStatus } from './js/notebook/kernel-status.js';
import { Freeze } from './js/notebook/freeze.js';
import { LessonReset } from './js/notebook/lesson-reset.js';
import { flash } from './js/notebook/messages.js';

showInterviewClock();

/** @typedef {import('./js/cells.js').Cell} Cell */

export class Notebook {
  /** @param {string} path the notebook's path in the workspace */
  constructor(path) {
    this.path = path;
    /** @type {Cell[]} */
    this.cells = [];
    /** @type {{ index: number, json: any }[]} deleted cells, for Z */
    this.deleted = [];
    /** @type {any} the nbformat document as loaded (its cells are the page's) */
    this.content = { cells: [] };
    /** @type {string | null} */
    this.kata = null;
    this.container = /** @type {HTMLElement} */ (document.getElementById('cells'));
    this.kernel = new Kernel(path);
    this.modes = new Modes(this);
    this.runs = new RunQueue(this);
    this.saving = new Saving(this);
    this.conflicts = new Conflicts(this);
    this.reset = new KataReset(this);
    this.keys = new Keys(this);
    this.status = new KernelStatus(this.kernel, this);
    this.freeze = new Freeze(this);
    this.lessonReset = new LessonReset(this);
    /** @type {import('./js/notebook/types.js').CellContext} */
    this.cellContext = { kata: null, keys: (cell) => this.keys.editorKeys(cell) };
    this.saving.addEventListener('conflict', (event) =>
      this.conflicts.notebookChanged(/** @type {CustomEvent} */ (event).detail.currentVersion));
    this.listenToCells();
  }

  /** What the cells raise (CellEvent), heard once on the container they all live in. */
  listenToCells() {
    /** @type {Record<string, (cell: any, detail: any) => void>} */
    const handlers = {
      'cell-select': (cell) => this.modes.selectCell(cell, { focus: false }),
      'cell-edit': (cell) => this.modes.editCell(cell),
      'cell-editing': (cell) => this.modes.editing(cell),
      'cell-left-editor': (cell) => this.modes.leftEditor(cell),
      'cell-changed': () => this.saving.changed(),
      'cell-errors': (cell, detail) => this.placeErrors(cell, detail.content, detail.executionCount),
      'cell-run': (cell) => this.runs.run(cell),
      'source-state': () => this.saving.show(),
      'source-conflict': (cell, detail) => this.conflicts.sourceChanged(cell, detail.currentVersion),
      'kata-reset': (cell) => this.reset.reset(cell),
      'kata-undo-reset': (cell) => this.reset.undo(cell),
    };
    for (const [type, handle] of Object.entries(handlers)) {
      this.container.addEventListener(type, (event) => {
        const { detail } = /** @type {import('./js/notebook/types.js').CellEvent} */ (event);
        handle(detail.cell, detail);
      });
    }
  }

  async open() {
    const response = await get(contentsUrl(this.path));
    const model = response.body;
    this.kata = rampart(model.content).kata || null;
    this.cellContext.kata = this.kata;
    /** @type {HTMLElement} */ (document.getElementById('title')).textContent = model.name;
    document.title = model.name + ' — Rampart';
    this.saving.start(response.version);
    this.show(model.content);
    await Promise.all(this.sourceCells().map((cell) => cell.load()));
    this.saving.show();
    this.lessonReset.offer();
    if (this.freeze.frozen) {
      this.freeze.apply(); // opened after an interview's end: read-only, and no kernel to start
      return;
    }
    this.saving.ensureCheckpoint();
    this.kernel.start();
  }

  /** Shows this nbformat document: its cells replace the page's. @param {any} content */
  show(content) {
    this.content = content;
    this.cells = (content.cells || []).map((/** @type {any} */ json) => this.newCell(json));
    if (this.cells.length === 0) {
      this.cells.push(this.newCell(emptyCell('code')));
    }
    this.container.replaceChildren(...this.cells.map((cell) => cell.node));
    this.cells.forEach((cell) => cell.refresh());
    this.relabel();
    this.modes.selectCell(this.cells[Math.min(this.modes.selected, this.cells.length - 1)], { focus: false });
  }

  /** @param {any} json an nbformat cell */
  newCell(json) {
    return createCell(json, this.cellContext);
  }

  toJSON() {
    return { ...this.content, cells: this.cells.map((cell) => cell.toJSON()) };
  }

  /** @returns {SourceCell[]} the cells bound to kata files */
  sourceCells() {
    return /** @type {SourceCell[]} */ (this.cells.filter((cell) => cell instanceof SourceCell));
  }

  save() {
    this.saving.save();
  }

  /** The save chip: asks again about a conflict, or saves now. */
  async saveChipPressed() {
    if (!(await this.conflicts.askAgain())) {
      this.save();
    }
  }

  /**
   * Puts compiler errors on their lines: in the cell that ran, or in the kata file's cell.
   * @param {any} cell the cell that ran
   * @param {any} content the error
   * @param {number | null | undefined} executionCount the cell's, to recognise its own frames
   */
  placeErrors(cell, content, executionCount) {
    for (const place of errorLocations(content, executionCount)) {
      const target = /** @type {any} */ (place.file ? this.sourceCells().find((c) => c.file === place.file) : cell);
      if (target && target.markLine) { target.markLine(place.line, place.column, place.message); }
    }
  }

  // ---- structure ---------------------------------------------------------------------------

  relabel() {
    this.cells.forEach((cell, i) => cell.label(i + 1));
  }

  /**
   * @param {number} index
   * @param {Cell} cell
   */
  insertCell(index, cell) {
    this.cells.splice(index, 0, cell);
    const after = this.cells[index + 1];
    this.container.insertBefore(cell.node, after ? after.node : null);
    cell.refresh();
    this.relabel();
    this.saving.changed();
    return cell;
  }

  /**
   * Inserts a cell made from an nbformat cell.
   * @param {number} index
   * @param {any} json
   */
  insertNew(index, json) {
    return this.insertCell(index, this.newCell(json));
  }

  /** A new code cell above (0) or below (1) the selected one, selected. @param {number} offset */
  insert(offset) {
    const cell = this.insertNew(this.modes.selected + offset, emptyCell('code'));
    this.modes.selectCell(cell);
    return cell;
  }

  deleteSelected() {
    const cell = this.modes.current;
    if (!cell) { return; }
    const index = this.modes.selected;
    this.deleted.push({ index, json: cell.toJSON() });
    this.cells.splice(index, 1);
    cell.node.remove();
    if (this.cells.length === 0) {
      this.insertNew(0, emptyCell('code'));
    }
    this.relabel();
    this.saving.changed();
    this.modes.select(Math.min(index, this.cells.length - 1));
    flash('Cell deleted. Z brings it back.');
  }

  undoDelete() {
    const last = this.deleted.pop();
    if (!last) { return; }
    const cell = this.insertNew(Math.min(last.index, this.cells.length), last.json);
    if (cell instanceof SourceCell) { cell.load(); }
    this.modes.selectCell(cell);
  }

  /** Moves the selected cell up (-1) or down (1). @param {number} delta */
  move(delta) {
    const from = this.modes.selected;
    const to = from + delta;
    if (to < 0 || to >= this.cells.length) { return; }
    const [cell] = this.cells.splice(from, 1);
    this.cells.splice(to, 0, cell);
    const next = this.cells[to + 1];
    this.container.insertBefore(cell.node, next ? next.node : null);
    cell.refresh();
    this.relabel();
    this.saving.changed();
    this.modes.selectCell(cell);
  }

  /** Y, M, R: the selected cell becomes code, Markdown or raw (kata cells keep their kind). @param {string} type */
  changeType(type) {
    const cell = this.modes.current;
    if (!cell || cell.type === type) { return; }
    if (cell instanceof SourceCell || cell instanceof AttacksCell) {
      flash('Kata cells stay as they are.');
      this.modes.typeSelect.value = cell.type;
      return;
    }
    const json = { ...cell.toJSON(), cell_type: type };
    if (type === 'code') {
      json.outputs = [];
      json.execution_count = null;
    } else {
      delete json.outputs;
      delete json.execution_count;
    }
    const replacement = this.newCell(json);
    this.cells[this.modes.selected] = replacement;
    cell.node.replaceWith(replacement.node);
    replacement.refresh();
    this.relabel();
    this.saving.changed();
    this.modes.selectCell(replacement);
  }

  // ---- running, with where the selection goes next -------------------------------------

  /** Shift+Enter: run, then the next cell (a new one at the end, as in Jupyter). */
  runAndAdvance() {
    this.runs.run(this.modes.current);
    if (this.modes.selected === this.cells.length - 1) {
      this.insert(1);
    } else {
      this.modes.select(this.modes.selected + 1);
    }
  }

  runInPlace() {
    this.runs.run(this.modes.current);
    this.modes.commandMode();
  }

  runAndInsert() {
    this.runs.run(this.modes.current);
    this.insert(1);
  }
}

/** @param {Element} target */
function isField(target) {
  return target.closest('.CodeMirror, input, select, textarea, button, a, dialog, [contenteditable]') !== null;
}

function start() {
  const path = new URLSearchParams(window.location.search).get('path');
  const container = /** @type {HTMLElement} */ (document.getElementById('cells'));
  if (!path) {
    container.replaceChildren(el('p', {}, 'No notebook named. ', el('a', { href: '/' }, 'Back to the lessons.')));
    return;
  }
  const notebook = new Notebook(path);

  container.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || isField(/** @type {Element} */ (event.target))) { return; }
    if (notebook.keys.commandKey(event)) { event.preventDefault(); }
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's' && !event.defaultPrevented) {
      event.preventDefault();
      notebook.save();
    }
  });
  /** @type {HTMLElement} */ (document.querySelector('.toolbar')).addEventListener('click', (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest('button[data-command]'));
    if (!button) { return; }
    const cell = notebook.modes.current;
    /** @type {Record<string, () => void>} */
    const actions = {
      save: () => notebook.save(),
      revert: () => notebook.saving.revert(),
      'reset-lesson': () => notebook.lessonReset.reset(),
      'insert-below': () => notebook.insert(1),
      delete: () => notebook.deleteSelected(),
      'move-up': () => notebook.move(-1),
      'move-down': () => notebook.move(1),
      run: () => notebook.runAndAdvance(),
      'run-all': () => notebook.runs.runAll(),
      interrupt: () => notebook.runs.interrupt(),
      restart: () => notebook.runs.restart(),
      help: () => help(),
    };
    const command = button.dataset.command || '';
    if (actions[command] && cell) { actions[command](); }
  });
  /** @type {HTMLElement} */ (document.getElementById('cell-type')).addEventListener('change',
    (event) => notebook.changeType(/** @type {HTMLSelectElement} */ (event.target).value));
  /** @type {HTMLElement} */ (document.getElementById('save-state')).addEventListener('click', () => notebook.saveChipPressed());
  /** @type {HTMLElement} */ (document.getElementById('notice-close')).addEventListener('click', () => {
    /** @type {HTMLElement} */ (document.getElementById('notice')).hidden = true;
    notebook.status.noticeClosed();
  });
  window.addEventListener('beforeunload', (event) => {
    if (notebook.saving.saver && notebook.saving.pending) {
      // Try to save at once; the browser asks the learner whether to leave meanwhile.
      notebook.saving.flushNow();
      event.preventDefault();
    }
  });
  window.addEventListener('pagehide', () => notebook.kernel.close());

  notebook.open().catch((error) => {
    const message = error instanceof HttpError && error.status === 404 ? 'There is no notebook at ' + path + '.' : 'Could not open ' + path + ': ' + error.message;
    container.replaceChildren(el('p', { className: 'message', role: 'alert' }, message, ' ', el('a', { href: '/' }, 'Back to the lessons.')));
  });
}

export { plain };
start();
