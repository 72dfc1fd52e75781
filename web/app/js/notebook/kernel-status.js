// @ts-check
// The kernel chip, and what the kernel says unprompted: why it died, that it restarts, and
// output of a thread an earlier cell left running.
import { CodeCell } from '../cells.js';
import { notice } from './messages.js';

const KERNEL_WORDS = {
  starting: 'Kernel starting', idle: 'Kernel idle', busy: 'Kernel busy', restarting: 'Kernel restarting',
  dead: 'Kernel dead', disconnected: 'Kernel disconnected: reconnecting', unavailable: 'No kernel',
  queued: 'Waiting for a kernel', waiting: 'Waiting for a kernel',
};

/** States in which the page waits for a kernel by itself: the chip counts the seconds. */
const WAITING = new Set(['starting', 'waiting', 'queued', 'restarting', 'disconnected']);

/** What the chip's tooltip says while the page waits. */
const WAITING_TITLES = {
  starting: 'A Java process is starting for this notebook. Cells you run meanwhile wait and run once it is ready.',
  waiting: 'The server is still starting kernels (a busy machine takes longer). This page asks again by itself; '
    + 'cells you run meanwhile wait and run once a kernel is ready.',
  queued: 'Every kernel of the room is in use. This page keeps your place and carries on by itself.',
  restarting: 'A fresh Java process is replacing the old one. Cells you run meanwhile wait and run once it is ready.',
  disconnected: 'The connection to the kernel dropped. This page reconnects by itself; cells you run meanwhile wait.',
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
    /** @type {number | undefined} ticks once a second while the page waits for a kernel */
    this.ticker = undefined;
    kernel.addEventListener('state', (event) => this.show(/** @type {CustomEvent} */ (event).detail));
    kernel.addEventListener('news', (event) => this.news(/** @type {CustomEvent} */ (event).detail));
  }

  /** @param {string} state */
  show(state) {
    const kernel = this.kernel;
    this.chip.dataset.state = state;
    this.chip.textContent = this.words(state);
    this.chip.title = state === 'unavailable' ? kernel.reason : (WAITING_TITLES[state] || '');
    if (state === 'unavailable') {
      notice(sentence('No kernel: ' + kernel.reason) + ' You can still read, edit and save the notebook and the kata files.');
    }
    window.clearInterval(this.ticker);
    if (WAITING.has(state)) {
      // A start on a busy machine can take a minute: the seconds show that the page is still at it.
      this.ticker = window.setInterval(() => { this.chip.textContent = this.words(state); }, 1000);
    }
  }

  /**
   * The chip's words: the state, with how long the page has waited once that is more than a moment.
   * @param {string} state
   */
  words(state) {
    const kernel = this.kernel;
    const base = state === 'queued' ? 'Waiting for a kernel: number ' + kernel.queue + ' in line' : (KERNEL_WORDS[state] || state);
    if (!WAITING.has(state) || state === 'queued') { return base; }
    const seconds = Math.floor((Date.now() - kernel.waitingSince) / 1000);
    return seconds >= 3 ? base + ' (' + seconds + ' s)' : base;
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
