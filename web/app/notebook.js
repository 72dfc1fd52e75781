// The notebook page: loads a notebook, shows its cells, runs them on the kernel, and saves.
// Jupyter's model: command mode (a cell selected, keys act on cells) and edit mode (typing in
// a cell's editor); Esc and Enter switch between them.
import { get, post, put, contentsUrl, HttpError } from './js/http.js';
import { el, notebookHref } from './js/dom.js';
import { Kernel } from './js/kernel.js';
import { Autosaver } from './js/autosave.js';
import { ask, confirmAction, tell } from './js/dialog.js';
import { complete, inspect, indent, tabIndents, closeInspection } from './js/editor.js';
import { plain } from './js/render.js';
import { createCell, newCellId, CodeCell, SourceCell, AttacksCell, resetKata, restoreKata } from './js/cells.js';
import { rampart } from './js/progress.js';
import { errorLocations } from './js/locations.js';

const SAVE_WORDS = { saved: 'Saved', unsaved: 'Unsaved changes', saving: 'Saving…', conflict: 'Conflict: choose a version', error: 'Not saved' };
const KERNEL_WORDS = {
  starting: 'Kernel starting', idle: 'Kernel idle', busy: 'Kernel busy', restarting: 'Kernel restarting',
  dead: 'Kernel dead', disconnected: 'Kernel disconnected', unavailable: 'No kernel',
};
const CHORD_MS = 800;

class Notebook {
  constructor(path) {
    this.path = path;
    this.cells = [];
    this.selected = 0;
    this.mode = 'command';
    this.queue = [];
    this.running = null;
    this.deleted = [];
    this.lastKey = { key: '', at: 0 };
    this.container = document.getElementById('cells');
    this.saveChip = document.getElementById('save-state');
    this.kernelChip = document.getElementById('kernel-state');
    this.modeText = document.getElementById('mode');
    this.kernel = new Kernel(path);
    this.kernel.addEventListener('state', (event) => this.showKernel(event.detail));
    this.kernel.addEventListener('news', (event) => this.kernelNews(event.detail));
  }

  // ---- loading and saving -------------------------------------------------------------

  async open() {
    const response = await get(contentsUrl(this.path));
    this.model = response.body;
    this.version = response.version;
    this.content = this.model.content;
    this.kata = rampart(this.content).kata || null;
    document.getElementById('title').textContent = this.model.name;
    document.title = this.model.name + ' — Rampart';
    this.saver = new Autosaver({
      url: contentsUrl(this.path),
      version: this.version,
      payload: () => ({ type: 'notebook', format: 'json', content: this.toJSON() }),
    });
    this.saver.addEventListener('state', () => this.showSaveState());
    this.saver.addEventListener('conflict', (event) => this.notebookConflict(event.detail.currentVersion));
    this.renderCells(this.content.cells || []);
    await Promise.all(this.sourceCells().map((cell) => cell.load()));
    this.showSaveState();
    this.ensureCheckpoint();
    this.kernel.start();
  }

  renderCells(cellsJson) {
    this.cells = cellsJson.map((json) => createCell(this, json));
    if (this.cells.length === 0) {
      this.cells.push(createCell(this, emptyCell('code')));
    }
    this.container.replaceChildren(...this.cells.map((cell) => cell.node));
    this.cells.forEach((cell) => cell.refresh());
    this.relabel();
    this.selectCell(this.cells[Math.min(this.selected, this.cells.length - 1)], { focus: false });
  }

  toJSON() {
    return { ...this.content, cells: this.cells.map((cell) => cell.toJSON()) };
  }

  changed() {
    if (this.saver) { this.saver.changed(); }
  }

  sourceCells() {
    return this.cells.filter((cell) => cell instanceof SourceCell);
  }

  sourceStateChanged() {
    this.showSaveState();
  }

  /** The notebook's state and its kata files', worst first, on the one chip. */
  showSaveState() {
    const states = [this.saver.state, ...this.sourceCells().filter((c) => c.saver).map((c) => c.saver.state)];
    const state = ['conflict', 'error', 'saving', 'unsaved', 'saved'].find((s) => states.includes(s)) || 'saved';
    this.saveChip.dataset.state = state;
    this.saveChip.textContent = SAVE_WORDS[state];
    this.saveChip.title = state === 'error' ? this.saver.message || 'Not saved' : 'Save and checkpoint (Ctrl+S)';
  }

  async ensureCheckpoint() {
    try {
      const list = (await get(contentsUrl(this.path) + '/checkpoints')).body;
      if (list.length === 0) { await post(contentsUrl(this.path) + '/checkpoints', {}); }
    } catch (ignored) {
      // Reverting will say there is no checkpoint.
    }
  }

  /** Saves everything now and makes the checkpoint (Jupyter's Save and Checkpoint). */
  async save() {
    try {
      await Promise.all(this.sourceCells().map((cell) => cell.flush()));
      this.saver.dirty = true;
      await this.saver.flush();
      await post(contentsUrl(this.path) + '/checkpoints', {});
      this.flash('Saved, with a checkpoint to revert to.');
    } catch (error) {
      if (this.saver.state !== 'conflict') { this.notice('Not saved: ' + error.message); }
    }
  }

  async revert() {
    let checkpoints;
    try {
      checkpoints = (await get(contentsUrl(this.path) + '/checkpoints')).body;
    } catch (error) {
      this.notice('Could not read the checkpoints: ' + error.message);
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
      await post(contentsUrl(this.path) + '/checkpoints/' + encodeURIComponent(checkpoint.id), {});
      await this.reload();
      this.flash('Reverted to the checkpoint of ' + when + '.');
    } catch (error) {
      this.notice('Could not revert: ' + error.message);
    }
  }

  /** Shows the notebook as it is on disk, dropping this page's unsaved changes. */
  async reload() {
    const response = await get(contentsUrl(this.path));
    this.content = response.body.content;
    this.saver.reset(response.version);
    this.renderCells(this.content.cells || []);
    await Promise.all(this.sourceCells().map((cell) => cell.load()));
    this.showSaveState();
  }

  async notebookConflict(currentVersion) {
    this.showSaveState();
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
        const copy = await this.saveCopy();
        await this.reload();
        this.notice('Both versions are kept: yours is saved as ', el('a', { href: notebookHref(copy), target: '_blank' }, copy.split('/').pop()),
          '; this tab now shows the version saved elsewhere.');
      } else if (choice === 'mine') {
        this.saver.rebase(currentVersion);
        await this.saver.flush();
      } else if (choice === 'theirs') {
        await this.reload();
      } else {
        this.notice('Saving is paused until you choose which version to keep: press the "Conflict" button at the top.');
      }
    } catch (error) {
      this.notice('That did not work: ' + error.message);
    }
  }

  /** Saves this page's version under a new name beside the notebook; returns its path. */
  async saveCopy() {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').substring(0, 15);
    const slash = this.path.lastIndexOf('/');
    const folder = slash >= 0 ? this.path.substring(0, slash + 1) : '';
    const stem = this.path.substring(slash + 1).replace(/\.ipynb$/, '');
    const copy = folder + stem + '-my-copy-' + stamp + '.ipynb';
    await put(contentsUrl(copy), { type: 'notebook', format: 'json', content: this.toJSON() });
    return copy;
  }

  async sourceConflict(cell, currentVersion) {
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
        const copy = createCell(this, { ...emptyCell('code'), source: '// Your version of ' + cell.file + ', kept when it was changed elsewhere.\n' + mine });
        this.insertCell(this.cells.indexOf(cell) + 1, copy);
      } else if (choice === 'mine') {
        cell.saver.rebase(currentVersion);
        await cell.saver.flush();
      } else {
        this.notice('Saving ' + cell.file + ' is paused until you choose which version to keep: press the "Conflict" button at the top.');
      }
    } catch (error) {
      this.notice('That did not work: ' + error.message);
    }
  }

  /** The save chip: saves now, or asks again about a conflict. */
  async saveChipPressed() {
    if (this.saver.state === 'conflict') {
      const response = await get(contentsUrl(this.path) + '?content=0');
      this.notebookConflict(response.version);
      return;
    }
    const cell = this.sourceCells().find((c) => c.saver && c.saver.state === 'conflict');
    if (cell) {
      const response = await get(cell.url());
      this.sourceConflict(cell, response.version);
      return;
    }
    this.save();
  }

  // ---- running --------------------------------------------------------------------------

  /** Before code runs: kata sources saved, so the kernel compiles what the learner sees. */
  async beforeExecute() {
    await Promise.all(this.sourceCells().map((cell) => cell.flush()));
  }

  /** Queues a cell to run after the ones already queued (Jupyter runs cells in order). */
  runCell(cell) {
    if (cell instanceof CodeCell || cell instanceof AttacksCell) {
      if (this.queue.includes(cell) || this.running === cell) { return; }
      cell.queued();
      this.queue.push(cell);
      this.pump();
    } else if (cell.runnable) {
      cell.execute();
    }
  }

  async pump() {
    if (this.running) { return; }
    while (this.queue.length > 0) {
      this.running = this.queue.shift();
      this.lastRun = this.running;
      const ok = await this.running.execute();
      this.running = null;
      if (!ok) {
        this.cancelQueue();
      }
    }
  }

  cancelQueue() {
    const dropped = this.queue.splice(0);
    dropped.forEach((cell) => cell.notRun());
  }

  runAll() {
    this.cells.forEach((cell) => {
      if (cell instanceof AttacksCell) { return; }
      this.runCell(cell);
    });
  }

  interrupt() {
    this.cancelQueue();
    this.kernel.interrupt();
  }

  async restart() {
    const yes = await confirmAction('Restart the kernel?',
      ['A fresh Java process replaces the current one: variables, methods and imports from earlier cells are lost. Your notebook and kata files are kept.'],
      'Restart', { danger: true });
    if (!yes) { return; }
    this.cancelQueue();
    try {
      await this.kernel.restart();
      this.notice('The kernel restarted: variables, methods and imports are gone. Run the cells above again.');
    } catch (error) {
      this.notice('Could not restart the kernel: ' + error.message);
    }
  }

  /** Puts compiler errors on their lines: in the cell that ran, or in the kata file's cell. */
  placeErrors(cell, content, executionCount) {
    for (const place of errorLocations(content, executionCount)) {
      const target = place.file ? this.sourceCells().find((c) => c.file === place.file) : cell;
      if (target && target.markLine) { target.markLine(place.line, place.column, place.message); }
    }
  }

  placeAbortErrors(reason) {
    this.placeErrors(null, { evalue: reason, traceback: [] });
  }

  showKernel(state) {
    this.kernelChip.dataset.state = state;
    this.kernelChip.textContent = KERNEL_WORDS[state] || state;
    this.kernelChip.title = state === 'unavailable' ? this.kernel.reason : '';
    if (state === 'unavailable') {
      this.notice(sentence('No kernel: ' + this.kernel.reason) + ' You can still read, edit and save the notebook and the kata files.');
    }
  }

  /**
   * What the kernel says unprompted: why it died (stderr), then that it restarts or is dead;
   * output of a thread an earlier cell left running goes under the cell that ran last.
   */
  kernelNews(news) {
    if (news.kind === 'output' && news.type === 'stream' && news.content.name === 'stderr') {
      this.kernelSaid = (this.kernelSaid || '') + news.content.text;
      this.notice(this.kernelSaid.trim());
      return;
    }
    if (news.kind === 'output') {
      const cell = this.lastRun || this.cells.find((c) => c instanceof CodeCell);
      if (cell) { cell.onOutput(news.type, news.content); }
      return;
    }
    this.notice([this.kernelSaid, news.text].filter(Boolean).map((t) => t.trim()).join(' '));
    this.kernelSaid = '';
  }

  // ---- kata ------------------------------------------------------------------------------

  async resetKata(cell) {
    const files = this.sourceCells().map((c) => c.file);
    const yes = await confirmAction('Reset the kata to its starter?',
      ['Your ' + (files.length ? files.join(', ') : 'kata files') + ' go back to the starter code, with the attacks working again. '
        + 'Your current version is kept as a checkpoint: "Undo reset" brings it back.'],
      'Reset kata', { danger: true });
    if (!yes) { return; }
    try {
      await this.beforeExecute();
      const checkpoint = await resetKata(cell.kata);
      await Promise.all(this.sourceCells().map((c) => c.load()));
      cell.offerUndo(checkpoint);
      this.flash('The kata is back to its starter.');
    } catch (error) {
      this.notice('Could not reset the kata: ' + error.message);
    }
  }

  async undoReset(cell) {
    try {
      await restoreKata(cell.kata, cell.checkpoint);
      await Promise.all(this.sourceCells().map((c) => c.load()));
      cell.offerUndo(null);
      this.flash('Your version of the kata is back.');
    } catch (error) {
      this.notice('Could not undo the reset: ' + error.message);
    }
  }

  // ---- cells: selection, modes, structure ---------------------------------------------

  get current() {
    return this.cells[this.selected];
  }

  selectCell(cell, { focus = true } = {}) {
    const index = this.cells.indexOf(cell);
    if (index < 0) { return; }
    this.selected = index;
    this.cells.forEach((c, i) => {
      c.node.classList.toggle('selected', i === index);
      c.node.tabIndex = i === index ? 0 : -1;
    });
    document.getElementById('cell-type').value = cell.type;
    if (focus) {
      cell.node.focus({ preventScroll: true });
      cell.node.scrollIntoView({ block: 'nearest' });
    }
  }

  select(index) {
    const bounded = Math.max(0, Math.min(index, this.cells.length - 1));
    this.commandMode();
    this.selectCell(this.cells[bounded]);
  }

  editCell(cell) {
    this.selectCell(cell, { focus: false });
    if (cell.focusEditor()) {
      this.editing(cell);
    }
  }

  editing(cell) {
    if (this.current !== cell) { this.selectCell(cell, { focus: false }); }
    this.mode = 'edit';
    this.cells.forEach((c) => c.node.classList.toggle('editing', c === cell));
    this.modeText.textContent = 'Edit mode';
  }

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
    this.cells.forEach((c) => c.node.classList.remove('editing'));
    if (cell) {
      cell.blurEditor();
      cell.node.focus({ preventScroll: true });
    }
    this.modeText.textContent = 'Command mode';
  }

  relabel() {
    this.cells.forEach((cell, i) => cell.label(i + 1));
  }

  insertCell(index, cell) {
    this.cells.splice(index, 0, cell);
    const after = this.cells[index + 1];
    this.container.insertBefore(cell.node, after ? after.node : null);
    cell.refresh();
    this.relabel();
    this.changed();
    return cell;
  }

  insert(offset) {
    const cell = this.insertCell(this.selected + offset, createCell(this, emptyCell('code')));
    this.selectCell(cell);
    return cell;
  }

  deleteSelected() {
    const cell = this.current;
    if (!cell) { return; }
    this.deleted.push({ index: this.selected, json: cell.toJSON() });
    this.cells.splice(this.selected, 1);
    cell.node.remove();
    if (this.cells.length === 0) {
      this.insertCell(0, createCell(this, emptyCell('code')));
    }
    this.relabel();
    this.changed();
    this.select(Math.min(this.selected, this.cells.length - 1));
    this.flash('Cell deleted. Z brings it back.');
  }

  undoDelete() {
    const last = this.deleted.pop();
    if (!last) { return; }
    const cell = this.insertCell(Math.min(last.index, this.cells.length), createCell(this, last.json));
    if (cell instanceof SourceCell) { cell.load(); }
    this.selectCell(cell);
  }

  move(delta) {
    const from = this.selected;
    const to = from + delta;
    if (to < 0 || to >= this.cells.length) { return; }
    const [cell] = this.cells.splice(from, 1);
    this.cells.splice(to, 0, cell);
    const next = this.cells[to + 1];
    this.container.insertBefore(cell.node, next ? next.node : null);
    cell.refresh();
    this.relabel();
    this.changed();
    this.selectCell(cell);
  }

  /** Y, M, R: the selected cell becomes code, Markdown or raw (kata cells keep their kind). */
  changeType(type) {
    const cell = this.current;
    if (!cell || cell.type === type) { return; }
    if (cell instanceof SourceCell || cell instanceof AttacksCell) {
      this.flash('Kata cells stay as they are.');
      document.getElementById('cell-type').value = cell.type;
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
    const replacement = createCell(this, json);
    this.cells[this.selected] = replacement;
    cell.node.replaceWith(replacement.node);
    replacement.refresh();
    this.relabel();
    this.changed();
    this.selectCell(replacement);
  }

  /** Shift+Enter: run, then the next cell (a new one at the end, as in Jupyter). */
  runAndAdvance() {
    const cell = this.current;
    this.runCell(cell);
    if (this.selected === this.cells.length - 1) {
      this.insert(1);
    } else {
      this.select(this.selected + 1);
    }
  }

  runInPlace() {
    this.runCell(this.current);
    this.commandMode();
  }

  runAndInsert() {
    this.runCell(this.current);
    this.insert(1);
  }

  // ---- keys --------------------------------------------------------------------------------

  /** Keys inside a cell's editor (edit mode). */
  editorKeys(cell) {
    return {
      'Shift-Enter': () => this.runAndAdvance(),
      'Ctrl-Enter': () => this.runInPlace(),
      'Cmd-Enter': () => this.runInPlace(),
      'Alt-Enter': () => this.runAndInsert(),
      Esc: (cm) => {
        if (cm.state.completionActive) { cm.state.completionActive.close(); return; }
        closeInspection(cell.body);
        this.commandMode();
      },
      Tab: (cm) => {
        if (cell.type !== 'code' || tabIndents(cm)) { indent(cm); return; }
        this.complete(cell);
      },
      'Ctrl-Space': () => this.complete(cell),
      'Shift-Tab': (cm) => {
        if (cm.somethingSelected()) { cm.execCommand('indentLess'); return; }
        inspect(cm, this.kernel, cell.body).catch((error) => this.flash(error.message));
      },
      'Ctrl-S': () => this.save(),
      'Cmd-S': () => this.save(),
      'Ctrl-/': 'toggleComment',
      Up: (cm) => this.edgeMove(cm, -1),
      Down: (cm) => this.edgeMove(cm, 1),
    };
  }

  complete(cell) {
    if (cell.type !== 'code') { return; }
    complete(cell.editor, this.kernel, (error) => this.flash(error.message));
  }

  /** Up on the first line (Down on the last) moves to the neighbouring cell's editor, as in Jupyter. */
  edgeMove(cm, direction) {
    const line = cm.getCursor().line;
    const atEdge = direction < 0 ? line === 0 : line === cm.lineCount() - 1;
    const target = this.cells[this.selected + direction];
    if (!atEdge || !target || cm.state.completionActive) {
      return window.CodeMirror.Pass;
    }
    this.selectCell(target, { focus: false });
    if (target.focusEditor()) {
      target.editor.setCursor(direction < 0 ? { line: target.editor.lineCount() - 1, ch: 0 } : { line: 0, ch: 0 });
    } else {
      this.select(this.selected);
    }
    return undefined;
  }

  /** Keys in command mode; `event.target` is a cell (or the page). */
  commandKey(event) {
    const key = event.key;
    const plainKey = !event.ctrlKey && !event.metaKey && !event.altKey;
    const chord = (k) => {
      const now = Date.now();
      const hit = this.lastKey.key === k && now - this.lastKey.at < CHORD_MS;
      this.lastKey = hit ? { key: '', at: 0 } : { key: k, at: now };
      return hit;
    };
    if (key === 'Enter' && event.shiftKey) { this.runAndAdvance(); return true; }
    if (key === 'Enter' && (event.ctrlKey || event.metaKey)) { this.runInPlace(); return true; }
    if (key === 'Enter' && event.altKey) { this.runAndInsert(); return true; }
    if (key === 's' && (event.ctrlKey || event.metaKey)) { this.save(); return true; }
    if (!plainKey || event.isComposing) { return false; }
    switch (key) {
      case 'Enter': this.editCell(this.current); return true;
      case 'ArrowUp': case 'k': this.select(this.selected - 1); return true;
      case 'ArrowDown': case 'j': this.select(this.selected + 1); return true;
      case 'Home': this.select(0); return true;
      case 'End': this.select(this.cells.length - 1); return true;
      case 'a': this.insert(0); return true;
      case 'b': this.insert(1); return true;
      case 'd': if (chord('d')) { this.deleteSelected(); } return true;
      case 'z': this.undoDelete(); return true;
      case 'm': this.changeType('markdown'); return true;
      case 'y': this.changeType('code'); return true;
      case 'r': this.changeType('raw'); return true;
      case 'i': if (chord('i')) { this.interrupt(); } return true;
      case '0': if (chord('0')) { this.restart(); } return true;
      case 's': this.save(); return true;
      case 'h': this.help(); return true;
      default: return false;
    }
  }

  help() {
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

  // ---- messages -------------------------------------------------------------------------

  notice(...parts) {
    const box = document.getElementById('notice');
    document.getElementById('notice-text').replaceChildren(...parts);
    box.hidden = false;
  }

  /** A passing message, read out by screen readers, gone after a while. */
  flash(text) {
    const toast = el('div', { className: 'toast', role: 'status' }, text);
    document.body.append(toast);
    window.setTimeout(() => toast.remove(), 4000);
  }
}

function sentence(text) {
  return /[.!?]$/.test(text) ? text : text + '.';
}

function emptyCell(type) {
  const cell = { cell_type: type, id: newCellId(), metadata: {}, source: '' };
  if (type === 'code') {
    cell.outputs = [];
    cell.execution_count = null;
  }
  return cell;
}

function isField(target) {
  return target.closest('.CodeMirror, input, select, textarea, button, a, dialog, [contenteditable]') !== null;
}

function start() {
  const path = new URLSearchParams(window.location.search).get('path');
  const container = document.getElementById('cells');
  if (!path) {
    container.replaceChildren(el('p', {}, 'No notebook named. ', el('a', { href: '/' }, 'Back to the lessons.')));
    return;
  }
  const notebook = new Notebook(path);

  container.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || isField(event.target)) { return; }
    if (notebook.commandKey(event)) { event.preventDefault(); }
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's' && !event.defaultPrevented) {
      event.preventDefault();
      notebook.save();
    }
  });
  document.querySelector('.toolbar').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-command]');
    if (!button) { return; }
    const cell = notebook.current;
    const actions = {
      save: () => notebook.save(),
      revert: () => notebook.revert(),
      'insert-below': () => notebook.insert(1),
      delete: () => notebook.deleteSelected(),
      'move-up': () => notebook.move(-1),
      'move-down': () => notebook.move(1),
      run: () => notebook.runAndAdvance(),
      'run-all': () => notebook.runAll(),
      interrupt: () => notebook.interrupt(),
      restart: () => notebook.restart(),
      help: () => notebook.help(),
    };
    if (actions[button.dataset.command] && cell) { actions[button.dataset.command](); }
  });
  document.getElementById('cell-type').addEventListener('change', (event) => notebook.changeType(event.target.value));
  document.getElementById('save-state').addEventListener('click', () => notebook.saveChipPressed());
  document.getElementById('notice-close').addEventListener('click', () => {
    document.getElementById('notice').hidden = true;
    notebook.kernelSaid = '';
  });
  window.addEventListener('beforeunload', (event) => {
    const pending = notebook.saver && (notebook.saver.pending || notebook.sourceCells().some((c) => c.saver && c.saver.pending));
    if (pending) {
      // Try to save at once; the browser asks the learner whether to leave meanwhile.
      notebook.sourceCells().forEach((c) => c.flush().catch(() => {}));
      notebook.saver.flush().catch(() => {});
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
