// @ts-check
// An attack run as a learner scans it: the cases grouped by attack family (a family is one
// attack with many payloads, or a single attack), each family with its count, the families where
// an attack fell first and open, the ones still running next, and the blocked ones folded away.
// The honest-use tests follow, grouped the same way. Everything is text nodes (el()).
import { el } from './dom.js';

/**
 * One case as the run keeps it (and the notebook saves it).
 * @typedef {object} Case
 * @property {string} name its display name, with its class: "UserRepositoryTest › family › payload"
 * @property {string} kind attack or honest
 * @property {boolean} passed for an attack: blocked; for an honest test: still works
 * @property {string} message what the attacker got, when it fell
 * @property {number} [family] its family's position in the run's families, when the server planned them
 */

/**
 * A family as the server planned it.
 * @typedef {object} Family
 * @property {string} name what the attacker does (or the honest use)
 * @property {string} kind attack or honest
 * @property {number} cases how many cases it will have (0 when not known)
 */

/**
 * A run: what the "Run the attacks" cell keeps as its output.
 * @typedef {object} Run
 * @property {Case[]} cases
 * @property {Family[]} [families] the plan, sent before the first case (runs saved before it have none)
 * @property {boolean} [finished]
 * @property {string} [aborted]
 * @property {number} attacks
 * @property {number} attacksBlocked
 * @property {number} honest
 * @property {number} honestPassed
 * @property {string} [finishedAt]
 */

/**
 * A family with its cases so far.
 * @typedef {object} Group
 * @property {string} name
 * @property {number} expected how many cases it will have (0 when not known)
 * @property {Case[]} cases
 * @property {boolean} single a family of one case: the case is the family
 */

const SEPARATOR = ' › ';

/**
 * The families of one kind ("attack" or "honest") with their cases, in the plan's order.
 * @param {Run} run
 * @param {string} kind
 * @returns {Group[]}
 */
export function groupsOf(run, kind) {
  const cases = run.cases.filter((c) => (c.kind === 'attack') === (kind === 'attack'));
  return run.families ? plannedGroups(run.families, cases, kind) : namedGroups(cases);
}

/**
 * @param {Family[]} families
 * @param {Case[]} cases
 * @param {string} kind
 * @returns {Group[]}
 */
function plannedGroups(families, cases, kind) {
  /** @type {Map<number, Group>} */
  const byIndex = new Map();
  families.forEach((family, index) => {
    if ((family.kind === 'attack') === (kind === 'attack')) {
      byIndex.set(index, { name: family.name, expected: family.cases, cases: [], single: family.cases === 1 });
    }
  });
  /** @type {Group} */
  const unplanned = { name: kind === 'attack' ? 'Other attacks' : 'Other checks', expected: 0, cases: [], single: false };
  cases.forEach((c) => {
    const group = c.family !== undefined ? byIndex.get(c.family) : undefined;
    (group || unplanned).cases.push(c);
  });
  const groups = Array.from(byIndex.values());
  return unplanned.cases.length ? groups.concat([unplanned]) : groups;
}

/**
 * A run saved before the server planned families: a case named "Class › family › payload"
 * belongs to that family; "Class › attack" is a family of its own.
 * @param {Case[]} cases
 * @returns {Group[]}
 */
function namedGroups(cases) {
  /** @type {Map<string, Group>} */
  const byName = new Map();
  cases.forEach((c) => {
    const parts = c.name.split(SEPARATOR);
    const key = parts.length > 2 ? parts.slice(0, -1).join(SEPARATOR) : c.name;
    if (!byName.has(key)) {
      byName.set(key, { name: parts.length > 2 ? parts[parts.length - 2] : parts[parts.length - 1], expected: 0, cases: [], single: parts.length <= 2 });
    }
    /** @type {Group} */ (byName.get(key)).cases.push(c);
  });
  return Array.from(byName.values());
}

/**
 * Where a family stands: "fail" when a case of it did not pass, "pass" when every case it will
 * have passed, else "pending" (still running, or not started).
 * @param {Group} group
 * @param {boolean} ended whether the run is over (no more cases will come)
 */
export function groupState(group, ended) {
  if (group.cases.some((c) => !c.passed)) { return 'fail'; }
  const complete = ended || (group.expected > 0 && group.cases.length >= group.expected);
  return complete && group.cases.length > 0 ? 'pass' : 'pending';
}

const ORDER = { fail: 0, pending: 1, pass: 2 };

/**
 * One kind's section: a heading with the tally, then the families, where it went wrong first.
 * @param {Run} run
 * @param {{ kind: string, title: string, good: string, bad: string, ended: boolean, open: Set<string> }} view
 *   good/bad: what a passed / failed case is called ("Blocked" / "Fell"); open: the families the
 *   learner opened or closed by hand keep that state while the run goes on
 * @returns {HTMLElement}
 */
export function caseSection(run, view) {
  const groups = groupsOf(run, view.kind);
  const cases = groups.flatMap((g) => g.cases);
  if (groups.length === 0) { return el('div', { hidden: true }); }
  const planned = groups.reduce((sum, g) => sum + g.expected, 0);
  const passed = cases.filter((c) => c.passed).length;
  const total = view.ended ? cases.length : Math.max(planned, cases.length);
  const states = groups.map((g) => groupState(g, view.ended));
  const order = groups.map((g, i) => i).sort((a, b) => ORDER[states[a]] - ORDER[states[b]] || a - b);
  return el('section', { className: 'case-group ' + view.kind, dataset: { kind: view.kind } },
    el('h3', {}, view.title + ' ', el('span', { className: 'muted small' },
      passed + ' of ' + total + ' ' + view.good.toLowerCase() + ', in ' + groups.length + ' ' + (groups.length === 1 ? 'family' : 'families'))),
    el('div', { className: 'families' }, ...order.map((i) => familyView(groups[i], states[i], view))));
}

/**
 * A family: folded unless something in it fell (or the learner opened it).
 * @param {Group} group
 * @param {string} state
 * @param {{ good: string, bad: string, ended: boolean, open: Set<string> }} view
 */
function familyView(group, state, view) {
  const failed = group.cases.filter((c) => !c.passed);
  const passed = group.cases.length - failed.length;
  const expected = view.ended ? group.cases.length : Math.max(group.expected, group.cases.length);
  const verdict = state === 'fail' ? '✘ ' + failed.length + ' ' + view.bad.toLowerCase()
    : state === 'pass' ? '✔ ' + view.good : '… ' + (group.cases.length ? 'running' : 'waiting');
  const count = expected > 0 ? passed + ' of ' + expected + ' ' + view.good.toLowerCase() : passed + ' ' + view.good.toLowerCase();
  const key = group.name;
  const open = view.open.has('+' + key) || (state === 'fail' && !view.open.has('-' + key));
  const details = el('details', { className: 'family ' + state, open, dataset: { family: group.name } },
    el('summary', {},
      el('span', { className: 'family-verdict' }, verdict),
      el('span', { className: 'family-name' }, group.name),
      el('span', { className: 'family-count muted small' }, count)),
    el('ul', { className: 'cases' }, ...failed.concat(group.cases.filter((c) => c.passed)).map((c) => caseView(c, group, view))));
  details.addEventListener('toggle', () => {
    // Kept across the redraws of a run in progress: what the learner opened stays open.
    view.open.delete('+' + key);
    view.open.delete('-' + key);
    view.open.add((/** @type {HTMLDetailsElement} */ (details).open ? '+' : '-') + key);
  });
  return details;
}

/**
 * @param {Case} c
 * @param {Group} group
 * @param {{ good: string, bad: string }} view
 */
function caseView(c, group, view) {
  const parts = c.name.split(SEPARATOR);
  // Inside its family a case is its payload; a family of one is named by the family.
  const label = group.single ? group.name : parts[parts.length - 1];
  return el('li', { className: 'case ' + (c.passed ? 'pass' : 'fail'), title: c.name },
    el('span', { className: 'case-verdict' }, c.passed ? '✔ ' + view.good : '✘ ' + view.bad),
    el('span', { className: 'case-name' }, label),
    c.message && !c.passed ? el('pre', { className: 'case-message' }, c.message) : null);
}

/** @param {Run} run */
export function verdictClass(run) {
  if (run.aborted) { return 'fail'; }
  return run.attacks > 0 && run.attacksBlocked === run.attacks && run.honestPassed === run.honest ? 'pass' : 'fail';
}

/** @param {Run} run */
export function summaryText(run) {
  if (run.aborted && run.cases.length === 0) { return 'The attacks did not run.'; }
  if (run.aborted && !run.finished) {
    return 'Stopped before the end: ' + run.attacksBlocked + ' of ' + run.attacks + ' attacks blocked so far.';
  }
  const attacks = run.attacksBlocked === run.attacks && run.attacks > 0
    ? 'All ' + run.attacks + ' attacks blocked'
    : run.attacksBlocked + ' of ' + run.attacks + ' attacks blocked';
  const honest = run.honest ? '; ' + run.honestPassed + ' of ' + run.honest + ' honest-use tests pass' : '';
  return attacks + honest + '.';
}
