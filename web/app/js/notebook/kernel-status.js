// @ts-check
// The kernel chip, and what the kernel says unprompted: why it died, that it restarts, and
// output of a thread an earlier cell left running.
import { CodeCell } from '../cells.js';
import { notice } from './messages.js';

const KERNEL_WORDS = {
  starting: 'Kernel starting', idle: 'Kernel idle', busy: 'Kernel busy', restarting: 'Kernel restarting',
  dead: 'Kernel dead', disconnected: 'Kernel disconnected', unavailable: 'No kernel', queued: 'Waiting for a kernel',
};

export class KernelStatus {
  /**
   * @param {import('../kernel.js').Kernel} kernel
   * @param {{ cells: import('../cells.js').Cell[], runs: import('./run-queue.js').RunQueue }} notebook
   */
  constructor(kernel, notebook) {
    this.kernel = kernel;
    this.notebook = notebook;
    this.chip = /** @type {HTMLElement} */ (document.getElementById('kernel-state'));
    /** What the kernel printed to stderr on its own since the notice was last closed. */
    this.said = '';
    kernel.addEventListener('state', (event) => this.show(/** @type {CustomEvent} */ (event).detail));
    kernel.addEventListener('news', (event) => this.news(/** @type {CustomEvent} */ (event).detail));
  }

  /** @param {string} state */
  show(state) {
    const kernel = /** @type {any} */ (this.kernel);
    this.chip.dataset.state = state;
    this.chip.textContent = state === 'queued' ? 'Waiting for a kernel: number ' + kernel.queue + ' in line'
      : (KERNEL_WORDS[state] || state);
    this.chip.title = state === 'unavailable' ? kernel.reason : '';
    if (state === 'unavailable') {
      notice(sentence('No kernel: ' + kernel.reason) + ' You can still read, edit and save the notebook and the kata files.');
    }
  }

  /**
   * What the kernel says unprompted: why it died (stderr), then that it restarts or is dead;
   * output of a thread an earlier cell left running goes under the cell that ran last.
   * @param {any} news
   */
  news(news) {
    if (news.kind === 'output' && news.type === 'stream' && news.content.name === 'stderr') {
      this.said = this.said + news.content.text;
      notice(this.said.trim());
      return;
    }
    if (news.kind === 'output') {
      const cell = this.notebook.runs.lastRun || this.notebook.cells.find((c) => c instanceof CodeCell);
      if (cell) { cell.onOutput(news.type, news.content); }
      return;
    }
    notice([this.said, news.text].filter(Boolean).map((t) => t.trim()).join(' '));
    this.said = '';
  }

  /** The learner closed the notice: what the kernel said is read. */
  noticeClosed() {
    this.said = '';
  }
}

/** @param {string} text */
function sentence(text) {
  return /[.!?]$/.test(text) ? text : text + '.';
}
