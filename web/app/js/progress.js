// A kata's progress is the last run of its attacks, kept where Jupyter keeps results: as the
// output of the lesson's "Run the attacks" cell, saved in the notebook. So the lesson list,
// a reload and another browser all see the same thing.

/** The MIME type of a saved attack run (nbformat keeps application/*+json outputs as JSON). */
export const ATTACKS_MIME = 'application/vnd.rampart.attacks+json';

/** True for the lesson cell that runs the kata's attacks. */
export function isAttacksCell(cell) {
  return cell.cell_type === 'code' && rampart(cell).action === 'attacks';
}

/** The cell's Rampart metadata ({} when none). */
export function rampart(cell) {
  return (cell.metadata && cell.metadata.rampart) || {};
}

/** The last attack run saved in a notebook's content, or null. */
export function lastRun(notebook) {
  const cell = (notebook.cells || []).find(isAttacksCell);
  if (!cell) { return null; }
  const output = (cell.outputs || []).find((o) => o.data && o.data[ATTACKS_MIME]);
  return output ? output.data[ATTACKS_MIME] : null;
}
