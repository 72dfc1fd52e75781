// @ts-check
// Runs cells one after another, in the order they were asked for, as Jupyter does: a cell that
// fails drops the ones queued after it. Kata files are saved before any code runs, so the kernel
// compiles what the learner sees.
import { CodeCell, AttacksCell } from '../cells.js';
import { confirmAction } from '../dialog.js';
import { notice } from './messages.js';

/** @typedef {import('../cells.js').Cell} Cell */

export class RunQueue {
  /**
   * @param {{ cells: Cell[], kernel: import('../kernel.js').Kernel, sourceCells: () => import('../cells.js').SourceCell[],
   *   freeze: { frozen: boolean, refuses: () => Promise<boolean> } }} notebook
   */
  constructor(notebook) {
    this.notebook = notebook;
    /** @type {any[]} */
    this.queue = [];
    /** @type {any} */
    this.running = null;
    /** @type {any} the cell that ran last: background output of the kernel goes under it */
    this.lastRun = null;
  }

  /** Before code runs: kata sources saved, so the kernel compiles what the learner sees. */
  async prepare() {
    await Promise.all(this.notebook.sourceCells().map((cell) => cell.flush()));
  }

  /**
   * Queues a cell to run after the ones already queued; a Markdown cell just renders.
   * @param {any} cell
   */
  run(cell) {
    if (this.notebook.freeze.frozen) { return; }
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
    /** @type {import('./types.js').RunContext} */
    const context = { kernel: this.notebook.kernel, prepare: () => this.prepare() };
    while (this.queue.length > 0) {
      this.running = this.queue.shift();
      if (await this.notebook.freeze.refuses()) {
        // The work froze (an interview's end): nothing runs, and no cell loses its output or count.
        this.running.notRun();
        this.running = null;
        this.cancel();
        return;
      }
      this.lastRun = this.running;
      const ok = await this.running.execute(context);
      this.running = null;
      if (!ok) {
        this.cancel();
      }
    }
  }

  /** Drops the cells waiting to run. */
  cancel() {
    const dropped = this.queue.splice(0);
    dropped.forEach((cell) => cell.notRun());
  }

  /** Every cell, top to bottom, but "Run the attacks" (it has its own button). */
  runAll() {
    this.notebook.cells.forEach((cell) => {
      if (cell instanceof AttacksCell) { return; }
      this.run(cell);
    });
  }

  interrupt() {
    this.cancel();
    this.notebook.kernel.interrupt();
  }

  async restart() {
    const yes = await confirmAction('Restart the kernel?',
      ['A fresh Java process replaces the current one: variables, methods and imports from earlier cells are lost. Your notebook and kata files are kept.'],
      'Restart', { danger: true });
    if (!yes) { return; }
    this.cancel();
    try {
      await this.notebook.kernel.restart();
      notice('The kernel restarted: variables, methods and imports are gone. Run the cells above again.');
    } catch (error) {
      notice('Could not restart the kernel: ' + error.message);
    }
  }
}
