// CodeMirror 5 editors for cells: Java or Markdown, growing with their content, out of the Tab
// order (a cell is entered with Enter, Jupyter's edit mode), with completion and documentation
// from the kernel and compiler errors shown on their line.
import { el } from './dom.js';
import { plain, joined, sanitized } from './render.js';

const CM = window.CodeMirror;

export const MODES = { code: 'text/x-java', markdown: 'markdown', raw: null };

/** A new editor in `host`. keys: CodeMirror extraKeys. */
export function createEditor(host, { value, type, label, keys }) {
  const editor = CM(host, {
    value,
    mode: MODES[type],
    lineNumbers: type === 'code',
    gutters: type === 'code' ? ['CodeMirror-linenumbers', 'cell-errors'] : [],
    indentUnit: 4,
    tabSize: 4,
    indentWithTabs: false,
    lineWrapping: type !== 'code',
    matchBrackets: type === 'code',
    autoCloseBrackets: type === 'code',
    viewportMargin: Infinity,
    tabindex: -1,
    screenReaderLabel: label,
    extraKeys: keys,
  });
  editor.getWrapperElement().classList.add('cell-editor');
  return editor;
}

export function setMode(editor, type) {
  editor.setOption('mode', MODES[type]);
  editor.setOption('lineNumbers', type === 'code');
  editor.setOption('gutters', type === 'code' ? ['CodeMirror-linenumbers', 'cell-errors'] : []);
  editor.setOption('lineWrapping', type !== 'code');
  editor.setOption('matchBrackets', type === 'code');
  editor.setOption('autoCloseBrackets', type === 'code');
}

/** True when Tab should indent rather than complete: a selection, or only blanks before the cursor. */
export function tabIndents(editor) {
  if (editor.somethingSelected()) { return true; }
  const cursor = editor.getCursor();
  return editor.getLine(cursor.line).substring(0, cursor.ch).trim() === '';
}

/** Indents like an editor's Tab: the selection, or four spaces at the cursor. */
export function indent(editor) {
  if (editor.somethingSelected()) {
    editor.execCommand('indentMore');
  } else {
    editor.replaceSelection(' '.repeat(4 - (editor.getCursor().ch % 4)));
  }
}

/** Shows the kernel's completions at the cursor in CodeMirror's hint popup. */
export function complete(editor, kernel, onError) {
  const hint = (cm, callback) => {
    const code = cm.getValue();
    const cursor = cm.indexFromPos(cm.getCursor());
    kernel.complete(code, cursor).then((reply) => {
      const matches = Array.from(new Set(reply.matches || []));
      callback({
        list: matches,
        from: cm.posFromIndex(reply.cursor_start === undefined ? cursor : reply.cursor_start),
        to: cm.posFromIndex(reply.cursor_end === undefined ? cursor : reply.cursor_end),
      });
    }).catch((error) => {
      callback(null);
      onError(error);
    });
  };
  hint.async = true;
  editor.showHint({ hint, completeSingle: false, closeCharacters: /[\s()[\]{};:>,=]/ });
}

/** Shows the kernel's documentation for the symbol at the cursor, under the editor, until Esc or a key. */
export async function inspect(editor, kernel, host) {
  closeInspection(host);
  const reply = await kernel.inspect(editor.getValue(), editor.indexFromPos(editor.getCursor()));
  const data = reply.data || {};
  const body = !reply.found ? el('p', { className: 'muted' }, 'No documentation found here.')
    : data['text/html'] !== undefined ? el('div', {}, sanitized(joined(data['text/html'])))
      : el('pre', {}, plain(joined(data['text/plain'] || '')));
  const box = el('div', { className: 'inspection', role: 'status' },
    el('div', { className: 'inspection-head' }, el('strong', {}, 'Documentation'), el('span', { className: 'muted small' }, ' Esc closes')),
    body);
  host.append(box);
  const close = () => { closeInspection(host); editor.off('keydown', close); editor.off('cursorActivity', close); };
  window.setTimeout(() => { editor.on('keydown', close); editor.on('cursorActivity', close); }, 0);
}

export function closeInspection(host) {
  host.querySelectorAll('.inspection').forEach((box) => box.remove());
}

/**
 * Marks a compiler error: the line's background, a gutter sign and the message under the line.
 * line and column are 1-based. Returns a function that removes the marks.
 */
export function markError(editor, line, column, message) {
  const index = Math.min(Math.max(line - 1, 0), editor.lineCount() - 1);
  const handle = editor.addLineClass(index, 'wrap', 'line-error');
  const sign = el('span', { className: 'error-sign', title: message, 'aria-hidden': 'true' }, '!');
  editor.setGutterMarker(index, 'cell-errors', sign);
  const widget = editor.addLineWidget(index, el('div', { className: 'line-error-message' },
    'Line ' + line + (column ? ', column ' + column : '') + ': ' + message), { coverGutter: false, noHScroll: true });
  let mark = null;
  if (column) {
    const from = { line: index, ch: Math.max(column - 1, 0) };
    const to = editor.findWordAt(from).head;
    mark = editor.markText(from, to.ch > from.ch ? to : { line: index, ch: from.ch + 1 }, { className: 'error-at' });
  }
  return () => {
    editor.removeLineClass(handle, 'wrap', 'line-error');
    editor.setGutterMarker(handle, 'cell-errors', null);
    widget.clear();
    if (mark) { mark.clear(); }
  };
}
