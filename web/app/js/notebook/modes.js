// @ts-check
// Jupyter's two modes: command mode (a cell selected, keys act on cells) and edit mode (typing
// in a cell's editor). Esc and Enter switch between them; one cell is selected at a time.

/** @typedef {import('../cells.js').Cell} Cell */

export class Modes {
  /** @param {{ cells: Cell[] }} notebook whose cells are selected */
  constructor(notebook) {
    this.notebook = notebook;
    this.selected = 0;
    /** @type {'command' | 'edit'} */
    this.mode = 'command';
    this.modeText = /** @type {HTMLElement} */ (document.getElementById('mode'));
    this.typeSelect = /** @type {HTMLSelectElement} */ (document.getElementById('cell-type'));
  }

  /** @returns {Cell | undefined} the selected cell */
  get current() {
    return this.notebook.cells[this.selected];
  }

  /**
   * @param {Cell} cell
   * @param {{ focus?: boolean }} options whether the cell takes the focus (and scrolls into view; the default)
   */
  selectCell(cell, { focus = true } = {}) {
    const cells = this.notebook.cells;
    const index = cells.indexOf(cell);
    if (index < 0) { return; }
    this.selected = index;
    cells.forEach((c, i) => {
      c.node.classList.toggle('selected', i === index);
      c.node.tabIndex = i === index ? 0 : -1;
    });
    this.typeSelect.value = cell.type;
    if (focus) {
      cell.node.focus({ preventScroll: true });
      cell.node.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Selects the cell at `index` (bounded), in command mode. @param {number} index */
  select(index) {
    const cells = this.notebook.cells;
    const bounded = Math.max(0, Math.min(index, cells.length - 1));
    this.commandMode();
    this.selectCell(cells[bounded]);
  }

  /** Enter: into the cell's editor. @param {Cell} cell */
  editCell(cell) {
    this.selectCell(cell, { focus: false });
    if (cell.focusEditor()) {
      this.editing(cell);
    }
  }

  /** The cell's editor has the focus. @param {Cell} cell */
  editing(cell) {
    if (this.current !== cell) { this.selectCell(cell, { focus: false }); }
    this.mode = 'edit';
    this.notebook.cells.forEach((c) => c.node.classList.toggle('editing', c === cell));
    this.modeText.textContent = 'Edit mode';
  }

  /** The cell's editor lost the focus. @param {Cell} cell */
  leftEditor(cell) {
    cell.node.classList.remove('editing');
    if (this.mode === 'edit' && this.current === cell) {
      this.mode = 'command';
      this.modeText.textContent = 'Command mode';
    }
  }

  /** Esc: out of the editor, the cell stays selected and keeps the focus. */
  commandMode() {
    const cell = this.current;
    this.mode = 'command';
    this.notebook.cells.forEach((c) => c.node.classList.remove('editing'));
    if (cell) {
      cell.blurEditor();
      cell.node.focus({ preventScroll: true });
    }
    this.modeText.textContent = 'Command mode';
  }
}
