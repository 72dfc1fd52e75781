// The interviewer's report: time used, when each attack was first blocked, every run, every
// cell, the final diff from the starter. Refreshed every five seconds until the work freezes.
// Everything from the server becomes text nodes, never markup (the candidate wrote it).
import { get, post, signOut } from '/js/http.js';
import { el } from '/js/dom.js';

const clock = (seconds) => Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');

async function refresh() {
  const [report, status] = await Promise.all([get('/api/interview/report'), get('/api/interview/status')]).then((r) => r.map((x) => x.body));
  document.getElementById('kata').textContent = report.kata;
  const state = document.getElementById('time-state');
  state.textContent = report.frozen ? 'Frozen' : !status.started ? 'Not started' : 'Time left: ' + clock(status.secondsLeft);
  state.dataset.state = report.frozen ? 'error' : 'saved';
  document.getElementById('end').disabled = report.frozen;
  document.getElementById('summary').textContent = 'Time used ' + clock(report.usedSeconds) + ' of ' + clock(report.limitSeconds)
    + '; ' + report.runs.length + ' runs of the attacks; ' + report.cells.length + ' cells run.';
  document.querySelector('#timeline tbody').replaceChildren(...report.attacks.map((a) => el('tr', {},
    el('td', {}, a.name),
    el('td', {}, a.firstBlocked ? clock(a.offsetSeconds) + ' in' : 'never'),
    el('td', { 'data-blocked': String(a.blockedAtEnd) }, a.blockedAtEnd ? 'blocked' : 'fell'))));
  document.getElementById('runs').replaceChildren(...report.runs.map((r) => el('li', {},
    clock(r.offsetSeconds) + ' in: ' + r.attacksBlocked + ' / ' + r.attacks + ' attacks blocked, ' + r.honestPassed + ' / ' + r.honest
      + ' honest tests pass' + (r.aborted ? ' (' + r.aborted + ')' : ''))));
  document.getElementById('cells').replaceChildren(...report.cells.map((c) => el('li', {}, clock(c.offsetSeconds) + ' in', el('pre', {}, c.code))));
  document.getElementById('diff').replaceChildren(...report.diff.split('\n').map((line) => el('span',
    { class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '' }, line + '\n')));
  if (!report.frozen) { setTimeout(refresh, 5000); }
}

document.getElementById('end').addEventListener('click', async () => {
  if (window.confirm('End the interview now? The candidate\'s work freezes.')) {
    await post('/api/interview/end', {});
    refresh();
  }
});
document.getElementById('logout').addEventListener('click', signOut);
refresh();
