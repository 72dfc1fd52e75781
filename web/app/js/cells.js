// @ts-check
// The cells of a notebook: code, Markdown and raw cells as Jupyter has them, plus a lesson's
// two kinds of kata cell (see docs/front-end.md): the source cell bound to a kata file, and
// "Run the attacks". Each keeps the nbformat JSON it was loaded from, so fields this page does
// not know are saved back untouched. A cell never calls into the notebook: it raises events on
// its node (see CellEvent in notebook/types.js), and what it needs is handed to it (a
// CellContext when made, a RunContext when run).
import { el } from './dom.js';
import { createEditor, setMode, markError, closeInspection } from './editor.js';
import { renderOutput, markdownFragment, joined } from './render.js';
import { Autosaver } from './autosave.js';
import { get, post, kataUrl, request, HttpError, retryAfter } from './http.js';
import { ATTACKS_MIME, rampart } from './progress.js';
import { caseSection, summaryText, verdictClass } from './attack-results.js';
import { isFrozen } from './interview.js';

let counter = 0;

/** A fresh nbformat 4.5 cell id. */
export function newCellId() {
  return crypto.randomUUID().replace(/-/g, '').substring(0, 12);
}

/**
 * A fresh empty cell of this type, as nbformat has it.
 * @param {string} type code, markdown or raw
 * @returns {any}
 */
export function emptyCell(type) {
  /** @type {any} */
  const cell = { cell_type: type, id: newCellId(), metadata: {}, source: '' };
  if (type === 'code') {
    cell.outputs = [];
    cell.execution_count = null;
  }
  return cell;
}

/**
 * The right cell object for an nbformat cell.
 * @param {any} json the nbformat cell
 * @param {import('./notebook/types.js').CellContext} context
 * @returns {Cell}
 */
export function createCell(json, context) {
  const meta = rampart(json);
  if (json.cell_type === 'code' && meta.action === 'attacks') { return new AttacksCell(json, context); }
  if (json.cell_type === 'code' && meta.file) { return new SourceCell(json, context); }
  if (json.cell_type === 'markdown') { return new MarkdownCell(json, context); }
  if (json.cell_type === 'raw') { return new RawCell(json, context); }
  return new CodeCell(json, context);
}

export class Cell {
  /**
   * @param {any} json the nbformat cell
   * @param {import('./notebook/types.js').CellContext} context
   */
  constructor(json, context) {
    this.context = context;
    this.json = { ...json, id: json.id || newCellId(), metadata: json.metadata || {} };
    this.number = ++counter;
    this.node = el('section', { className: 'cell ' + this.kind, tabindex: '-1', dataset: { cellId: this.json.id } });
    this.prompt = el('div', { className: 'prompt', 'aria-hidden': 'true' });
    this.body = el('div', { className: 'cell-body' });
    this.node.append(this.prompt, this.body);
    this.node.addEventListener('mousedown', (event) => {
      if (!/** @type {Element} */ (event.target).closest('.CodeMirror, button, a, input, select')) { this.raise('cell-select'); }
    });
    this.node.addEventListener('focus', () => this.raise('cell-select'));
  }

  /**
   * Tells whoever holds the cell (the notebook) that something happened: a CellEvent.
   * @param {string} type
   * @param {Record<string, any>} [detail]
   */
  raise(type, detail = {}) {
    this.node.dispatchEvent(new CustomEvent(type, { bubbles: true, detail: { ...detail, cell: this } }));
  }

  get kind() { return 'code'; }

  get type() { return this.json.cell_type; }

  /** What a screen reader announces for the cell. */
  label(position) {
    this.node.setAttribute('aria-label', this.describe() + ', cell ' + position);
  }

  describe() { return 'Code'; }

  get source() { return this.editor ? this.editor.getValue() : joined(this.json.source); }

  /** The nbformat JSON to save. */
  toJSON() {
    return { ...this.json, source: this.source };
  }

  /** Whether this cell has something to run. */
  get runnable() { return false; }

  focusEditor() {
    if (this.editor) {
      this.editor.refresh();
      this.editor.focus();
      return true;
    }
    return false;
  }

  /** Leaves edit mode. */
  blurEditor() {
    if (this.editor) {
      closeInspection(this.body);
      this.editor.getInputField().blur();
    }
  }

  refresh() {
    if (this.editor) { this.editor.refresh(); }
  }

  makeEditor(host, type, value) {
    this.editor = createEditor(host, {
      value,
      type,
      label: this.describe() + ' editor',
      keys: this.context.keys(this),
    });
    this.editor.on('changes', () => this.edited());
    this.editor.on('focus', () => this.raise('cell-editing'));
    this.editor.on('blur', () => this.raise('cell-left-editor'));
    return this.editor;
  }

  edited() {
    this.raise('cell-changed');
  }
}

/** A Java cell run on the kernel. */
export class CodeCell extends Cell {
  /**
   * @param {any} json
   * @param {import('./notebook/types.js').CellContext} context
   */
  constructor(json, context) {
    super(json, context);
    this.outputs = (json.outputs || []).slice();
    this.executionCount = json.execution_count === undefined ? null : json.execution_count;
    this.errorMarks = [];
    this.editorHost = el('div', { className: 'editor-host' });
    this.outputArea = el('div', { className: 'outputs', 'aria-live': 'polite' });
    this.body.append(this.editorHost, this.outputArea);
    this.makeEditor(this.editorHost, 'code', joined(json.source));
    this.renderOutputs();
    this.showCount();
  }

  describe() { return 'Code'; }

  get runnable() { return true; }

  toJSON() {
    return { ...this.json, cell_type: 'code', source: this.source, outputs: this.outputs, execution_count: this.executionCount };
  }

  showCount(text) {
    const value = text !== undefined ? text : (this.executionCount === null ? ' ' : String(this.executionCount));
    this.prompt.textContent = 'In [' + value + ']:';
  }

  queued() {
    this.showCount('*');
    this.node.classList.add('queued');
  }

  notRun() {
    this.node.classList.remove('queued', 'running');
    this.showCount();
  }

  clearOutputs() {
    this.outputs = [];
    this.outputArea.replaceChildren();
    this.clearErrorMarks();
  }

  clearErrorMarks() {
    this.errorMarks.forEach((clear) => clear());
    this.errorMarks = [];
  }

  renderOutputs() {
    this.outputArea.replaceChildren(...this.outputs.map(renderOutput));
  }

  /** Adds an nbformat output, merging a stream into the previous chunk of the same stream. */
  addOutput(output) {
    const last = this.outputs[this.outputs.length - 1];
    if (output.output_type === 'stream' && last && last.output_type === 'stream' && last.name === output.name) {
      last.text = joined(last.text) + output.text;
      this.outputArea.lastChild.replaceWith(renderOutput(last));
      return;
    }
    this.outputs.push(output);
    this.outputArea.append(renderOutput(output));
  }

  /** A message from the kernel while this cell runs. */
  onOutput(type, content) {
    if (type === 'stream') {
      this.addOutput({ output_type: 'stream', name: content.name, text: content.text });
    } else if (type === 'execute_result') {
      this.addOutput({ output_type: 'execute_result', execution_count: content.execution_count, data: content.data || {}, metadata: content.metadata || {} });
    } else if (type === 'display_data') {
      this.addOutput({ output_type: 'display_data', data: content.data || {}, metadata: content.metadata || {} });
    } else if (type === 'error') {
      this.addOutput({ output_type: 'error', ename: content.ename, evalue: content.evalue, traceback: content.traceback || [] });
      this.lastError = content;
    } else if (type === 'clear_output') {
      this.clearOutputs();
    }
  }

  /** The code to send to the kernel. */
  code() { return this.source; }

  /**
   * Runs on the kernel; resolves true when it ended well. Called by the notebook's run queue.
   * @param {import('./notebook/types.js').RunContext} run
   * @returns {Promise<boolean>}
   */
  async execute(run) {
    this.clearOutputs();
    this.node.classList.remove('queued');
    this.node.classList.add('running');
    this.showCount('*');
    this.lastError = null;
    let ok = false;
    let count = null;
    try {
      await run.prepare();
      const reply = await run.kernel.execute(this.code(), { output: (type, content) => this.onOutput(type, content) });
      count = reply.execution_count;
      if (count !== undefined && count !== null && count > 0 && reply.status !== 'aborted') {
        this.executionCount = count;
      }
      ok = reply.status === 'ok';
      if (reply.status === 'aborted') {
        this.addOutput({ output_type: 'stream', name: 'stderr', text: 'Not run: an earlier cell failed or was interrupted.\n' });
      }
    } catch (error) {
      this.addOutput({ output_type: 'error', ename: 'Not run', evalue: error.message, traceback: [] });
    } finally {
      this.node.classList.remove('running');
      this.showCount();
      if (this.lastError) { this.raise('cell-errors', { content: this.lastError, executionCount: count }); }
      this.raise('cell-changed');
    }
    return ok;
  }

  markLine(line, column, message) {
    this.errorMarks.push(markError(this.editor, line, column, message));
  }

  edited() {
    this.clearErrorMarks();
    super.edited();
  }
}

/** A Markdown cell: rendered unless being edited. */
export class MarkdownCell extends Cell {
  /**
   * @param {any} json
   * @param {import('./notebook/types.js').CellContext} context
   */
  constructor(json, context) {
    super(json, context);
    this.editorHost = el('div', { className: 'editor-host' });
    this.rendered = el('div', { className: 'rendered markdown-body' });
    this.body.append(this.editorHost, this.rendered);
    this.makeEditor(this.editorHost, 'markdown', joined(json.source));
    this.rendered.addEventListener('dblclick', () => this.raise('cell-edit'));
    this.render(joined(json.source).trim() !== '');
  }

  get kind() { return 'markdown'; }

  describe() { return 'Markdown'; }

  get runnable() { return true; }

  toJSON() {
    const json = { ...this.json, cell_type: 'markdown', source: this.source };
    delete json.outputs;
    delete json.execution_count;
    return json;
  }

  /** Shows the rendered text (or the editor when there is nothing to render). */
  render(show = true) {
    this.node.classList.toggle('unrendered', !show);
    if (show) {
      this.rendered.replaceChildren(markdownFragment(this.source));
    }
  }

  focusEditor() {
    this.render(false);
    return super.focusEditor();
  }

  async execute() {
    this.render(true);
    return true;
  }
}

/** A raw cell: text kept as is, never run. */
export class RawCell extends Cell {
  /**
   * @param {any} json
   * @param {import('./notebook/types.js').CellContext} context
   */
  constructor(json, context) {
    super(json, context);
    this.editorHost = el('div', { className: 'editor-host' });
    this.body.append(this.editorHost);
    this.makeEditor(this.editorHost, 'raw', joined(json.source));
  }

  get kind() { return 'raw'; }

  describe() { return 'Raw'; }

  toJSON() {
    const json = { ...this.json, cell_type: 'raw', source: this.source };
    delete json.outputs;
    delete json.execution_count;
    return json;
  }
}

/**
 * The lesson's cell bound to a kata source file: the editor holds the file itself (loaded from
 * and saved to the kata API, versioned like notebooks), not a copy in the notebook, so what is
 * fixed here is what `./mvnw test -pl katas -Dkata=...` tests. Running it saves the file; the
 * kernel recompiles the kata before the next code runs.
 */
export class SourceCell extends CodeCell {
  /**
   * @param {any} json
   * @param {import('./notebook/types.js').CellContext} context
   */
  constructor(json, context) {
    super({ ...json, source: '' }, context);
    this.kata = rampart(json).kata || context.kata;
    this.file = rampart(json).file;
    this.saveChip = el('span', { className: 'chip small', dataset: { state: 'loading' }, role: 'status' }, 'Loading');
    this.head = el('div', { className: 'cell-head' },
      el('span', { className: 'file-name' }, this.file),
      el('span', { className: 'muted small' }, ' — your kata source, saved to the workspace as you type'),
      this.saveChip);
    this.body.prepend(this.head);
    this.editor.setOption('readOnly', 'nocursor');
    this.saver = null;
  }

  get kind() { return 'code source'; }

  describe() { return 'Kata source ' + this.file; }

  /** The notebook keeps no copy: the file is the source of truth. */
  toJSON() {
    return { ...super.toJSON(), source: '' };
  }

  /** Loads the file; a failure leaves the cell read-only and says why. */
  async load() {
    try {
      const response = await get(this.url());
      this.setText(response.body.content);
      this.saver = new Autosaver({ url: this.url(), version: response.version, payload: () => ({ content: this.editor.getValue() }) });
      this.saver.addEventListener('state', (event) => this.showSaveState(/** @type {CustomEvent} */ (event).detail));
      this.saver.addEventListener('conflict', (event) => this.raise('source-conflict',
        { currentVersion: /** @type {CustomEvent} */ (event).detail.currentVersion }));
      this.editor.setOption('readOnly', false);
      this.showSaveState({ state: 'saved' });
    } catch (error) {
      this.saveChip.dataset.state = 'error';
      this.saveChip.textContent = 'Not loaded';
      this.addOutput({ output_type: 'error', ename: 'Cannot open ' + this.file, evalue: error.message, traceback: [] });
    }
  }

  url() {
    return kataUrl(this.kata, '/files/' + encodeURIComponent(this.file));
  }

  /** Replaces the editor's text without it counting as the learner's edit. */
  setText(text) {
    this.loading = true;
    this.editor.setValue(text);
    this.editor.clearHistory();
    this.loading = false;
  }

  edited() {
    this.clearErrorMarks();
    if (!this.loading && this.saver) { this.saver.changed(); }
  }

  /** @param {{ state: string, message?: string }} saveState */
  showSaveState({ state, message }) {
    const words = { saved: 'Saved', unsaved: 'Unsaved', saving: 'Saving…', conflict: 'Conflict', error: 'Not saved', locked: 'Not saved', frozen: 'Read-only' };
    this.saveChip.dataset.state = state;
    this.saveChip.textContent = words[state] || state;
    this.saveChip.title = message || this.file + ': ' + (words[state] || state);
    this.raise('source-state');
  }

  async flush() {
    if (this.saver) { await this.saver.flush(); }
  }

  /** The kernel compiles changed kata sources before it runs code: an empty cell is enough to ask. */
  code() { return ''; }

  /**
   * Saves the file, then runs an empty cell so the kernel compiles it.
   * @param {import('./notebook/types.js').RunContext} run
   * @returns {Promise<boolean>}
   */
  async execute(run) {
    if (!this.saver) {
      return false;
    }
    try {
      await this.flush();
    } catch (error) {
      this.clearOutputs();
      this.addOutput({ output_type: 'error', ename: 'Not saved', evalue: error.message, traceback: [] });
      return false;
    }
    const ok = await super.execute(run);
    if (ok && this.outputs.length === 0) {
      this.addOutput({ output_type: 'stream', name: 'stdout', text: 'Saved ' + this.file + '; it compiles, and the next cells use it.\n' });
    }
    return ok;
  }
}

/**
 * "Run the attacks": streams the kata's suite against the learner's current sources, showing
 * progress, then each attack (blocked or fell, with what the attacker got) and, apart, the
 * honest-use tests. The run is kept as the cell's output, so the lesson list and a reload show it.
 */
export class AttacksCell extends Cell {
  /**
   * @param {any} json
   * @param {import('./notebook/types.js').CellContext} context
   */
  constructor(json, context) {
    super(json, context);
    this.kata = rampart(json).kata || context.kata;
    this.outputs = (json.outputs || []).slice();
    this.runButton = el('button', { type: 'button', className: 'primary', onclick: () => this.raise('cell-run') }, 'Run the attacks');
    this.resetButton = el('button', { type: 'button', className: 'danger-outline', onclick: () => this.raise('kata-reset') }, 'Reset kata…');
    this.undoButton = el('button', { type: 'button', hidden: true, onclick: () => this.raise('kata-undo-reset') }, 'Undo reset');
    this.progress = el('progress', { hidden: true, 'aria-label': 'Attack run progress' });
    this.progressText = el('span', { className: 'progress-text', role: 'status' });
    this.results = el('div', { className: 'attack-results' });
    this.body.append(
      el('div', { className: 'cell-head' },
        el('span', { className: 'file-name' }, 'Run the attacks'),
        el('span', { className: 'muted small' }, ' — the kata\'s attack suite against your code, with the honest-use tests')),
      el('div', { className: 'attack-actions' }, this.runButton, this.resetButton, this.undoButton),
      el('div', { className: 'attack-progress' }, this.progress, this.progressText),
      this.results);
    const saved = this.outputs.find((o) => o.data && o.data[ATTACKS_MIME]);
    if (saved) {
      this.showRun(saved.data[ATTACKS_MIME], { saved: true });
    }
    this.prompt.textContent = 'Attacks:';
  }

  get kind() { return 'attacks'; }

  describe() { return 'Run the attacks'; }

  get runnable() { return true; }

  toJSON() {
    return { ...this.json, cell_type: 'code', source: joined(this.json.source), outputs: this.outputs, execution_count: null };
  }

  focusEditor() {
    this.runButton.focus();
    return false;
  }

  queued() {
    this.progressText.textContent = 'Waiting for the cells above…';
  }

  notRun() {
    this.progressText.textContent = '';
  }

  /**
   * Streams the run; resolves true when it ran to its tally.
   * @param {import('./notebook/types.js').RunContext} run
   * @returns {Promise<boolean>}
   */
  async execute(run) {
    const previous = this.outputs.find((o) => o.data && o.data[ATTACKS_MIME]);
    /** @type {any} */
    const result = { kata: this.kata, cases: [], attacks: 0, attacksBlocked: 0, honest: 0, honestPassed: 0 };
    // Until the server sends the suite's plan (before its first case), the last run's size is the estimate.
    this.expected = previous && previous.data[ATTACKS_MIME].cases ? previous.data[ATTACKS_MIME].cases.length : 0;
    this.exact = false;
    /** @type {Set<string>} the families the learner opened or closed during this run */
    this.opened = new Set();
    this.runButton.disabled = true;
    this.node.classList.add('running');
    this.results.replaceChildren();
    this.progress.hidden = false;
    this.progress.removeAttribute('value');
    this.progressText.textContent = 'Saving your code…';
    try {
      await run.prepare();
      this.progressText.textContent = 'Starting the attack suite…';
      const response = await this.startRun();
      await readLines(response, (event) => this.onEvent(result, event));
      if (!result.finished && !result.aborted) {
        result.aborted = 'The run ended without a result: the connection to the server was cut.';
      }
    } catch (error) {
      result.aborted = error instanceof HttpError && error.status === 503
        ? error.body.message || 'This server cannot run the attacks.'
        : error.message;
    } finally {
      // A run cut by an interview's end finishes after the page froze: the button stays disabled.
      this.runButton.disabled = isFrozen();
      this.node.classList.remove('running');
    }
    result.finishedAt = new Date().toISOString();
    this.showRun(result, { saved: false });
    this.outputs = [{ output_type: 'display_data', data: { [ATTACKS_MIME]: result, 'text/plain': summaryText(result) }, metadata: {} }];
    this.raise('cell-changed');
    if (result.aborted) {
      // A run that did not compile names the kata files' lines: the notebook marks them.
      this.raise('cell-errors', { content: { evalue: result.aborted, traceback: [] } });
    }
    return !result.aborted;
  }

  /** Starts the run; while the server is busy (every kernel of a room taken, kernels still starting), waits and asks again by itself. */
  async startRun() {
    for (;;) {
      try {
        return await request('POST', kataUrl(this.kata, '/attacks'), { stream: true });
      } catch (error) {
        const retry = retryAfter(error);
        if (retry === null) { throw error; }
        this.progressText.textContent = error.body.queue
          ? 'Every kernel is in use: you are number ' + error.body.queue + ' in the queue, and the run starts by itself.'
          : 'Waiting for a kernel to run the attacks on (the server is busy); the run starts by itself.';
        await new Promise((resolve) => { setTimeout(resolve, retry * 1000); });
      }
    }
  }

  /**
   * One line of the run's stream.
   * @param {any} run the result being built
   * @param {any} event
   */
  onEvent(run, event) {
    if (event.type === 'started') {
      this.showProgress(run, '');
    } else if (event.type === 'plan') {
      // Every case the suite will run, before the first: the total is known from here on.
      run.families = event.families;
      run.exact = event.exact;
      this.expected = event.exact ? event.cases : Math.max(event.cases, this.expected);
      this.exact = event.exact;
      this.showProgress(run, '');
      this.showCases(run, false);
    } else if (event.type === 'running') {
      this.showProgress(run, event.name);
    } else if (event.type === 'case') {
      /** @type {any} */
      const item = { name: event.name, kind: event.kind, passed: event.passed, message: event.message || '' };
      if (event.family !== undefined) { item.family = event.family; }
      run.cases.push(item);
      if (item.kind === 'attack') {
        run.attacks += 1;
        if (item.passed) { run.attacksBlocked += 1; }
      } else {
        run.honest += 1;
        if (item.passed) { run.honestPassed += 1; }
      }
      this.showProgress(run, '');
      this.showCases(run, false);
    } else if (event.type === 'aborted') {
      run.aborted = event.reason;
    } else if (event.type === 'finished') {
      run.finished = true;
      run.attacks = event.attacks;
      run.attacksBlocked = event.attacksBlocked;
      run.honest = event.honest;
      run.honestPassed = event.honestPassed;
    }
  }

  /**
   * A bar against the number of cases: exact once the plan came, else the last run's count, else
   * one that only says it is busy.
   * @param {any} run
   * @param {string} current the case running now
   */
  showProgress(run, current) {
    const done = run.cases.length;
    if (this.expected > 0) {
      this.progress.max = Math.max(this.expected, done);
      this.progress.value = done;
    }
    const of = this.exact ? ' of ' : ' of about ';
    const count = done + (this.expected > 0 ? of + Math.max(this.expected, done) : '') + ' cases done';
    this.progressText.textContent = current ? count + ' — running: ' + current : count;
  }

  /**
   * @param {any} run
   * @param {{ saved: boolean }} how saved: shown from the notebook (not just run)
   */
  showRun(run, { saved }) {
    this.progress.hidden = true;
    this.showCases(run, true);
    const summary = el('p', { className: 'attack-summary ' + verdictClass(run) }, summaryText(run));
    if (saved && run.finishedAt) {
      summary.append(el('span', { className: 'muted small' }, ' (last run ' + new Date(run.finishedAt).toLocaleString() + ')'));
    }
    this.results.prepend(summary);
    if (run.aborted) {
      this.results.prepend(el('pre', { className: 'output output-error', role: 'alert' }, run.aborted));
    }
    this.progressText.textContent = '';
  }

  /**
   * The cases by family, where an attack fell first.
   * @param {any} run
   * @param {boolean} ended whether the run is over
   */
  showCases(run, ended) {
    const open = this.opened || new Set();
    this.results.replaceChildren(
      caseSection(run, { kind: 'attack', title: 'Attacks', good: 'Blocked', bad: 'Fell', ended, open }),
      caseSection(run, { kind: 'honest', title: 'Honest use', good: 'Works', bad: 'Broken', ended, open }));
  }

  /** The kata was reset or restored: offer (or stop offering) to undo. */
  offerUndo(checkpoint) {
    this.checkpoint = checkpoint;
    this.undoButton.hidden = !checkpoint;
  }
}

/** Reads an ndjson response line by line as it streams. */
async function readLines(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { break; }
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.substring(0, newline).trim();
      buffer = buffer.substring(newline + 1);
      if (line) { onEvent(JSON.parse(line)); }
    }
  }
  if (buffer.trim()) { onEvent(JSON.parse(buffer)); }
}

/** Resets the kata to its starter; returns the checkpoint to undo it with. */
export async function resetKata(kata) {
  const body = (await post(kataUrl(kata, '/reset'), {})).body;
  return (body.checkpoints || [])[0] || null;
}

/** Puts the files back as they were before the reset. */
export async function restoreKata(kata, checkpoint) {
  await post(kataUrl(kata, '/checkpoints/' + encodeURIComponent(checkpoint.id)), {});
}

export { setMode };
