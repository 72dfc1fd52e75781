// The lesson list: the catalogue's katas grouped by checklist area, each with its progress
// (attacks blocked / total, from the last run saved in its lesson), and the other notebooks.
// Everything is built as text nodes: nothing from the server becomes markup.
import { get, post, contentsUrl, signOut, HttpError } from './js/http.js';
import { AREAS, areaOf } from './js/areas.js';
import { lastRun } from './js/progress.js';
import { el, notebookHref } from './js/dom.js';
import { showInterviewClock } from './js/interview.js';

showInterviewClock();

const status = document.getElementById('status');

async function load() {
  const [katas, folder] = await Promise.all([
    get('/api/katas').then((r) => r.body),
    get(contentsUrl('notebooks')).then((r) => r.body).catch((e) => {
      if (e instanceof HttpError && e.status === 404) { return { content: [] }; }
      throw e;
    }),
  ]);
  const notebooks = (folder.content || []).filter((entry) => entry.type === 'notebook');
  const present = new Set(notebooks.map((n) => n.path));
  const progress = await Promise.all(katas.map((kata) => present.has(kata.lesson) ? readProgress(kata.lesson) : null));

  const groups = new Map();
  katas.forEach((kata, i) => {
    const area = areaOf(kata.number);
    if (!groups.has(area)) { groups.set(area, []); }
    groups.get(area).push({ kata, run: progress[i], hasLesson: present.has(kata.lesson) });
  });
  const order = AREAS.map((a) => a.name).concat(['More']);
  const container = document.getElementById('areas');
  container.replaceChildren(...order.filter((name) => groups.has(name)).map((name) => area(name, groups.get(name))));

  const lessons = new Set(katas.map((k) => k.lesson));
  const others = notebooks.filter((n) => !lessons.has(n.path));
  const list = document.getElementById('notebooks');
  list.replaceChildren(...others.map((n) => el('li', {}, el('a', { href: notebookHref(n.path) }, n.name))));
  if (others.length === 0) {
    list.replaceChildren(el('li', { className: 'muted' }, 'None yet.'));
  }
  const solved = progress.filter((run) => run && run.attacks > 0 && run.attacksBlocked === run.attacks).length;
  status.textContent = katas.length + ' katas, ' + solved + ' with every attack blocked.';
}

async function readProgress(path) {
  try {
    return lastRun((await get(contentsUrl(path))).body.content);
  } catch (ignored) {
    return null;
  }
}

function area(name, rows) {
  const id = 'area-' + name.toLowerCase().replace(/[^a-z]+/g, '-');
  return el('section', { className: 'area', 'aria-labelledby': id },
    el('h2', { id }, name, ' ', el('span', { className: 'muted small' }, '(' + areaSummary(rows) + ')')),
    el('ol', { className: 'katas' }, ...rows.map(row)));
}

/**
 * Where an area stands, kata by kata: a kata not run yet counts as not run, never as blocked
 * (adding up only the runs there are would call an area of one solved kata and two untouched
 * ones "38 of 38 attacks blocked").
 */
function areaSummary(rows) {
  const run = rows.filter((r) => r.run && r.run.attacks > 0);
  const solved = run.filter((r) => r.run.attacksBlocked === r.run.attacks && r.run.honestPassed === r.run.honest).length;
  if (run.length === 0) { return 'not started'; }
  const notRun = rows.length - run.length;
  return solved + ' of ' + rows.length + ' ' + (rows.length === 1 ? 'kata' : 'katas') + ' solved'
    + (notRun > 0 ? ', ' + notRun + ' not run yet' : '');
}

function row({ kata, run, hasLesson }) {
  const title = hasLesson
    ? el('a', { href: notebookHref(kata.lesson), className: 'kata-title' }, kata.title)
    : el('span', { className: 'kata-title' }, kata.title, ' ', el('span', { className: 'muted small' }, '(lesson coming)'));
  return el('li', { className: 'kata', dataset: { kata: kata.id } },
    el('span', { className: 'kata-number', 'aria-hidden': 'true' }, String(kata.number)),
    el('div', { className: 'kata-main' }, title, el('code', { className: 'kata-id' }, kata.id)),
    progressOf(run));
}

function progressOf(run) {
  if (!run || !run.attacks) {
    return el('div', { className: 'kata-progress muted' }, 'not run yet');
  }
  const done = run.attacksBlocked === run.attacks;
  const honest = run.honest ? ', ' + run.honestPassed + '/' + run.honest + ' honest' : '';
  return el('div', { className: 'kata-progress' + (done ? ' done' : '') },
    el('progress', { max: run.attacks, value: run.attacksBlocked, 'aria-hidden': 'true' }),
    el('span', { className: 'progress-text' }, run.attacksBlocked + ' / ' + run.attacks + ' attacks blocked' + honest));
}

document.getElementById('logout').addEventListener('click', signOut);
document.getElementById('new-notebook').addEventListener('click', async () => {
  try {
    const created = await post(contentsUrl('notebooks'), {});
    window.location.assign(notebookHref(created.body.path));
  } catch (error) {
    status.textContent = 'Could not create a notebook: ' + error.message;
  }
});

load().catch((error) => { status.textContent = 'Could not load the lessons: ' + error.message; });
