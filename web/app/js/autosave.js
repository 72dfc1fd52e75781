// Saving a versioned document (a notebook, a kata source): a while after each change, with
// If-Match naming the version this page has. A 409 means someone else saved since: saving
// stops, nothing is overwritten, and the page is told so it can ask the learner. A 423 means the
// work is locked (a paused room, an interview's end): nothing is retried until the next change,
// and the page is told (window event rampart-locked); freeze() stops saving for good.
import { put, HttpError } from './http.js';

export const SAVE_DELAY_MS = 1200;
const RETRY_MS = 5000;

export class Autosaver extends EventTarget {
  /** payload() gives the body to PUT; version is the ETag the page loaded. */
  constructor({ url, version, payload, delay = SAVE_DELAY_MS }) {
    super();
    this.url = url;
    this.version = version;
    this.payload = payload;
    this.delay = delay;
    this.state = 'saved';
    this.dirty = false;
    this.timer = null;
    this.inFlight = null;
    this.message = '';
    this.frozen = false;
  }

  /** Something changed: save soon. */
  changed() {
    if (this.frozen) { return; }
    this.dirty = true;
    if (this.state === 'conflict') { return; }
    this.setState('unsaved');
    this.schedule(this.delay);
  }

  schedule(ms) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => { this.flush().catch(() => {}); }, ms);
  }

  /** Saves now if anything is unsaved; resolves when saved. Rejects on a conflict or an error. */
  async flush() {
    window.clearTimeout(this.timer);
    while (this.inFlight) {
      await this.inFlight.catch(() => {});
    }
    if (this.state === 'conflict') {
      throw new Error('Not saved: this changed elsewhere since it was opened. Choose which version to keep first.');
    }
    if (this.frozen) {
      throw new Error(this.message);
    }
    if (!this.dirty) { return; }
    this.inFlight = this.save();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  async save() {
    this.dirty = false;
    this.setState('saving');
    try {
      const response = await put(this.url, this.payload(), { version: this.version });
      this.version = response.version;
      if (this.dirty) {
        this.setState('unsaved');
        this.schedule(this.delay);
      } else {
        this.setState('saved');
      }
    } catch (error) {
      this.dirty = true;
      if (error instanceof HttpError && error.status === 409) {
        this.setState('conflict', 'Changed elsewhere since this page opened it: nothing was overwritten.');
        this.dispatchEvent(new CustomEvent('conflict', { detail: { currentVersion: error.body.currentVersion } }));
      } else if (error instanceof HttpError && error.status === 423) {
        this.setState('locked', error.message);
        window.dispatchEvent(new CustomEvent('rampart-locked', { detail: { message: error.message } }));
      } else {
        this.setState('error', 'Not saved: ' + error.message);
        this.schedule(RETRY_MS);
      }
      throw error;
    }
  }

  /** After a conflict: this page now builds on `version` (the one on disk), and saving resumes. */
  rebase(version) {
    this.version = version;
    this.setState(this.dirty ? 'unsaved' : 'saved');
    if (this.dirty) { this.schedule(0); }
  }

  /** The work is frozen for good (an interview's end): no more saves, and the state says why. */
  freeze(message) {
    window.clearTimeout(this.timer);
    this.frozen = true;
    this.setState('frozen', message);
  }

  /** The page took the version on disk: nothing of its own is left to save. */
  reset(version) {
    window.clearTimeout(this.timer);
    this.version = version;
    this.dirty = false;
    this.setState('saved');
  }

  get pending() {
    return this.dirty || this.inFlight !== null;
  }

  setState(state, message = '') {
    this.state = state;
    this.message = message;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, message } }));
  }
}
