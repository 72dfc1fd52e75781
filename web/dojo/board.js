// The facilitator's board: participants × katas × attacks blocked, refreshed every two seconds;
// links to hand out (in a section of their own, off the projector); reset one participant's kata;
// pause, resume, end; exports; a Chart.js chart.
// Everything from the server becomes text nodes or input values, never markup.
import { get, post, request, signOut } from '/js/http.js';
import { el } from '/js/dom.js';

const message = document.getElementById('message');
const stateChip = document.getElementById('room-state');
let chart = null;
let lastDrawn = '';

function say(text) { message.textContent = text; }

async function refresh() {
  let board;
  try {
    board = (await get('/api/dojo/board')).body;
  } catch (error) {
    say(error.message);
    return;
  }
  const drawn = JSON.stringify(board);
  if (drawn === lastDrawn) { return; }
  lastDrawn = drawn;
  draw(board);
}

function draw(board) {
  stateChip.dataset.state = board.state;
  stateChip.textContent = { OPEN: 'Open', PAUSED: 'Paused', ENDED: 'Ended: work is read-only' }[board.state] || board.state;
  document.getElementById('pause').hidden = board.state !== 'OPEN';
  document.getElementById('resume').hidden = board.state !== 'PAUSED';
  document.getElementById('end').disabled = board.state === 'ENDED';

  const head = document.getElementById('board-head');
  head.replaceChildren(el('th', { scope: 'col' }, 'Participant'),
    ...board.katas.map((kata) => el('th', { scope: 'col', class: 'kata-column', title: kata.title }, el('span', {}, kata.id))));

  const body = document.getElementById('board-body');
  body.replaceChildren(...board.participants.map((p) => el('tr', { 'data-participant': p.id },
    el('th', { scope: 'row' }, p.name), ...board.katas.map((kata) => result(p, kata)))));

  const links = document.getElementById('links-body');
  links.replaceChildren(...board.participants.map((p) => {
    const link = el('input', { class: 'link', readonly: '', 'aria-label': 'Link for ' + p.name });
    link.value = window.location.origin + board.links[p.id];
    link.addEventListener('focus', () => link.select());
    const remove = el('button', { type: 'button', class: 'danger-outline', 'aria-label': 'Remove ' + p.name }, 'Remove');
    remove.addEventListener('click', () => removeParticipant(p));
    return el('tr', { 'data-link-for': p.id }, el('th', { scope: 'row' }, p.name), el('td', {}, link),
      el('td', {}, p.joined ? 'yes' : 'not yet'), el('td', {}, remove));
  }));

  const names = new Map(board.participants.map((p) => [p.id, p.name]));
  document.getElementById('queue').textContent = board.queue.length === 0 ? ''
    : 'Waiting for a kernel: ' + board.queue.map((id) => names.get(id) || id).join(', ');
  drawChart(board);
}

/** One participant's cell for a kata: attacks blocked of all, and Reset (the kata back to the starter) once they have run it. */
function result(participant, kata) {
  const r = participant.results[kata.id];
  if (!r) { return el('td', { class: 'none', 'data-kata': kata.id }, '—'); }
  const reset = el('button', { type: 'button', 'aria-label': 'Reset ' + kata.id + ' for ' + participant.name,
    title: 'Reset: put ' + kata.id + ' back to the starter for ' + participant.name }, '↺');
  reset.addEventListener('click', () => resetKata(participant, kata.id));
  return el('td', { class: 'result', 'data-kata': kata.id, 'data-solved': String(r.solved) },
    el('span', { class: 'score', title: r.attacksBlocked + ' of ' + r.attacks + ' attacks blocked' },
      String(r.attacksBlocked), el('span', { class: 'of' }, '/' + r.attacks)),
    reset);
}

function drawChart(board) {
  if (!window.Chart) { return; }
  const labels = board.participants.map((p) => p.name);
  const datasets = board.katas.map((kata) => ({
    label: kata.id,
    data: board.participants.map((p) => (p.results[kata.id] ? p.results[kata.id].attacksBlocked : 0)),
  }));
  if (!chart) {
    chart = new window.Chart(document.getElementById('chart'), {
      type: 'bar',
      data: { labels, datasets },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
    });
  } else {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update();
  }
}

/** New links are shown, to be handed out; the facilitator closes the section before projecting the board. */
function showLinks() {
  document.getElementById('links-section').open = true;
}

async function resetKata(participant, kata) {
  if (!window.confirm('Put ' + kata + ' back to the starter for ' + participant.name + '? Their changes to it are kept as a checkpoint.')) { return; }
  await act(() => post('/api/dojo/participants/' + encodeURIComponent(participant.id) + '/katas/' + encodeURIComponent(kata) + '/reset', {}),
    kata + ' reset for ' + participant.name);
}

// afterwards runs once the call succeeded and before the message says so, so a
// form cleared there is never cleared under the next thing the user types.
async function removeParticipant(participant) {
  if (!window.confirm('Remove ' + participant.name + '? Their link stops working and their kernels stop. Their work stays in the dojo folder.')) { return; }
  await act(() => request('DELETE', '/api/dojo/participants/' + encodeURIComponent(participant.id)), participant.name + ' was removed');
}

async function act(call, done, afterwards) {
  try {
    await call();
    if (afterwards) { afterwards(); }
    say(done);
  } catch (error) {
    say(error.message);
  }
  lastDrawn = '';
  await refresh();
}

document.getElementById('add-one').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('name');
  const name = input.value;
  act(() => post('/api/dojo/participants', { name }), 'Link created for ' + name.trim(), () => {
    input.value = '';
    input.focus();
    showLinks();
  });
});
document.getElementById('names-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) { return; }
  const names = await file.text();
  event.target.value = ''; // so choosing the same file again, corrected, fires another change
  await act(() => post('/api/dojo/participants', { names }), 'Links created from ' + file.name, showLinks);
});
document.getElementById('pause').addEventListener('click', () => act(() => post('/api/dojo/pause', {}), 'The room is paused'));
document.getElementById('resume').addEventListener('click', () => act(() => post('/api/dojo/resume', {}), 'The room is open again'));
document.getElementById('end').addEventListener('click', () => {
  if (window.confirm('End the session? Everyone\'s work becomes read-only and their kernels stop. This cannot be undone.')) {
    act(() => post('/api/dojo/end', {}), 'The session has ended');
  }
});
document.getElementById('logout').addEventListener('click', signOut);

refresh();
setInterval(refresh, 2000);
