// In an interview, the candidate's pages show the time left in the header, and say plainly when
// the work has frozen. Other servers set no rampart-interview cookie, so this does nothing there.
import { get } from './http.js';
import { el } from './dom.js';

export function showInterviewClock() {
  if (!document.cookie.split('; ').some((c) => c === 'rampart-interview-' + window.location.port + '=1')) { return; }
  const chip = el('span', { class: 'chip', id: 'time-left', role: 'timer', 'aria-live': 'off' }, 'Time left: …');
  const bar = document.querySelector('header.bar');
  if (bar) { bar.insertBefore(chip, bar.children[1] || null); }
  const tick = async () => {
    try {
      const status = (await get('/api/interview/status')).body;
      if (status.frozen) {
        chip.dataset.state = 'error';
        chip.textContent = 'Time is up: your work is frozen, read-only';
        return;
      }
      const s = status.secondsLeft;
      chip.textContent = 'Time left: ' + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
      chip.dataset.state = s < 300 ? 'unsaved' : 'saved';
    } catch (error) {
      chip.textContent = 'Time left: unknown';
    }
    setTimeout(tick, 5000);
  };
  tick();
}
