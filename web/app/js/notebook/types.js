// @ts-check
// Types shared by the notebook page's modules (JSDoc only: there is no build step).

/**
 * What a cell is given when it is made, instead of a way back into the notebook: the lesson's
 * kata (a kata cell may name its own) and the editor keys for a cell.
 * @typedef {object} CellContext
 * @property {string | null} kata the notebook's kata id, from its metadata
 * @property {(cell: import('../cells.js').Cell) => object} keys CodeMirror extraKeys for the cell's editor
 */

/**
 * What the run queue hands a cell it runs.
 * @typedef {object} RunContext
 * @property {import('../kernel.js').Kernel} kernel the notebook's kernel
 * @property {() => Promise<void>} prepare saves the kata files first, so the kernel compiles what the learner sees
 */

/**
 * The events a cell raises on its node; they bubble to the notebook's container, and each
 * carries the cell in `detail.cell`:
 *   cell-select       the cell was clicked or focused
 *   cell-edit         the learner asked to edit it (double-click on rendered Markdown)
 *   cell-editing      its editor got the focus (edit mode)
 *   cell-left-editor  its editor lost the focus
 *   cell-changed      its content or outputs changed: the notebook has something to save
 *   cell-errors       it ran and failed: `detail.content` (the error) and `detail.executionCount`
 *   cell-run          its own button asked to run it ("Run the attacks")
 *   source-state      a kata file's save state changed
 *   source-conflict   a kata file was saved elsewhere: `detail.currentVersion`
 *   kata-reset        "Reset kata…"
 *   kata-undo-reset   "Undo reset"
 * @typedef {CustomEvent<{cell: import('../cells.js').Cell} & Record<string, any>>} CellEvent
 */

export {};
