// @ts-check
// LaTeX in Markdown, as Jupyter users write it: $x^2$ inline, $$\sum_i x_i$$ displayed.
//
// The math is taken out while markdown-it parses (a markdown-it inline rule, its documented way
// to add syntax), so Markdown never reads a * or _ or \\ inside it as emphasis or an escape; it
// comes out as the TeX source in <span class="math-inline"> or <span class="math-display">, as
// text, goes through DOMPurify with the rest, and KaTeX typesets those spans afterwards. KaTeX
// builds its DOM with createElement and the CSSOM (never style attributes or inline script), so
// the page's strict Content-Security-Policy holds; with trust off, \href, \url and \html... stay
// text. MathJax was the other candidate: it injects <style> elements, which the policy refuses.
//
// What it does not do (Jupyter's MathJax does): \( \) and \[ \] delimiters, and a blank line
// inside $$…$$ ends the paragraph and so the math.

/** The KaTeX options: errors shown in place (red, with the message as a tooltip), nothing trusted. */
const KATEX = { throwOnError: false, trust: false, strict: 'ignore', output: 'htmlAndMathml' };

/**
 * The markdown-it plugin: `md.use(mathInMarkdown)`.
 * @param {any} md a markdown-it instance
 */
export function mathInMarkdown(md) {
  // After 'escape', so "\$" stays a dollar sign.
  md.inline.ruler.after('escape', 'math', dollars);
  md.renderer.rules.math_inline = (/** @type {any[]} */ tokens, /** @type {number} */ i) =>
    '<span class="math-inline">' + md.utils.escapeHtml(tokens[i].content) + '</span>';
  md.renderer.rules.math_display = (/** @type {any[]} */ tokens, /** @type {number} */ i) =>
    '<span class="math-display">' + md.utils.escapeHtml(tokens[i].content) + '</span>';
}

/**
 * $…$ or $$…$$ at the parser's position. Pandoc's rule for a single $, so prices stay prices:
 * the opening one is not followed by a space, the closing one not preceded by a space nor
 * followed by a digit ("$5 and $6" is text).
 * @param {any} state markdown-it's inline state
 * @param {boolean} silent only say whether it matches
 */
function dollars(state, silent) {
  const src = /** @type {string} */ (state.src);
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24) { return false; }
  const display = src.charCodeAt(start + 1) === 0x24;
  const delimiter = display ? '$$' : '$';
  const from = start + delimiter.length;
  if (from >= state.posMax || (!display && /\s/.test(src[from]))) { return false; }
  let end = from;
  for (;;) {
    end = src.indexOf(delimiter, end);
    if (end < 0 || end >= state.posMax) { return false; }
    if (!escaped(src, end)) { break; }
    end += 1;
  }
  if (end === from || src.slice(from, end).trim() === '') { return false; }
  if (!display && (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] || ''))) { return false; }
  if (!silent) {
    const token = state.push(display ? 'math_display' : 'math_inline', 'math', 0);
    token.markup = delimiter;
    token.content = src.slice(from, end);
  }
  state.pos = end + delimiter.length;
  return true;
}

/**
 * Whether the character at `at` is escaped by an odd number of backslashes before it.
 * @param {string} src
 * @param {number} at
 */
function escaped(src, at) {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && src[i] === '\\'; i--) { backslashes++; }
  return backslashes % 2 === 1;
}

/**
 * Typesets the math spans of sanitized Markdown in place; without KaTeX (not loaded) the TeX
 * source stays, as text.
 * @param {ParentNode} root
 */
export function typesetMath(root) {
  const katex = /** @type {any} */ (window).katex;
  if (!katex) { return; }
  root.querySelectorAll('span.math-inline, span.math-display').forEach((node) => {
    const source = node.textContent || '';
    katex.render(source, node, { ...KATEX, displayMode: node.classList.contains('math-display') });
  });
}
