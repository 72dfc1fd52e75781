// In an interview, the candidate's pages show the time left in the header, and say plainly when
// the work has frozen. Other servers set no rampart-interview cookie, so this does nothing there.
// The page learns of the end three ways, whichever comes first: the clock ticking to zero, a
// check every few seconds (an interviewer may end it early), and a check right before each run.
import { get } from './http.js';
import { el } from './dom.js';

const TICK_MS = 5000;
/** @type {((message: string) => void)[]} */
const frozenListeners = [];
let frozenMessage = '';
/** @type {HTMLElement | null} */
let chip = null;

/** True on a candidate's page of an interview server. */
export function inInterview() {
  return document.cookie.split('; ').some((c) => c === 'rampart-interview-' + window.location.port + '=1');
}

/** Calls `listener` (once) with the reason when the interview's work freezes. */
export function onFrozen(listener) {
  if (frozenMessage) {
    listener(frozenMessage);
    return;
  }
  frozenListeners.push(listener);
}

/** True once the interview's work has frozen (this page has heard so). */
export function isFrozen() {
  return frozenMessage !== '';
}

/**
 * Asks the server now whether the time is up (an interview page only), telling the listeners if
 * so. Resolves true when the work is frozen.
 * @returns {Promise<boolean>}
 */
export async function checkFrozen() {
  if (frozenMessage) { return true; }
  if (!inInterview()) { return false; }
  try {
    return show((await get('/api/interview/status')).body);
  } catch (ignored) {
    return false;
  }
}

export function showInterviewClock() {
  if (!inInterview()) { return; }
  chip = el('span', { class: 'chip', id: 'time-left', role: 'timer', 'aria-live': 'off' }, 'Time left: …');
  const bar = document.querySelector('header.bar');
  if (bar) { bar.insertBefore(chip, bar.children[1] || null); }
  const tick = async () => {
    let status;
    try {
      status = (await get('/api/interview/status')).body;
    } catch (error) {
      chip.textContent = 'Time left: unknown';
      setTimeout(tick, TICK_MS);
      return;
    }
    if (show(status)) { return; }
    // Ask again when the time runs out, if that is sooner than the next tick.
    setTimeout(tick, Math.max(250, Math.min(TICK_MS, status.secondsLeft * 1000 + 250)));
  };
  tick();
}

/** Shows the status; returns true (and tells the listeners, once) when the work is frozen. */
function show(status) {
  if (status.frozen) {
    if (chip) {
      chip.dataset.state = 'error';
      chip.textContent = 'Time is up: your work is frozen, read-only';
    }
    if (!frozenMessage) {
      frozenMessage = 'Time is up: your work is kept as it is, read-only. You can still read and copy everything.';
      frozenListeners.splice(0).forEach((listener) => listener(frozenMessage));
    }
    return true;
  }
  if (chip) {
    const s = status.secondsLeft;
    chip.textContent = 'Time left: ' + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
    chip.dataset.state = s < 300 ? 'unsaved' : 'saved';
  }
  return false;
}
