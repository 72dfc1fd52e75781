// Turning cell content and kernel output into DOM. Markdown goes through markdown-it, then
// DOMPurify like everything else rendered as HTML; text goes in as text.
import { el } from './dom.js';
import { mathInMarkdown, typesetMath } from './math.js';

let markdown = null;
let purifier = null;

/** markdown-it, made on first use (the page loads it as a classic script). */
function markdownIt() {
  // Raw HTML in Markdown is allowed, as in Jupyter (lessons keep their hints in <details>);
  // DOMPurify decides what of it stays.
  markdown = markdown || window.markdownit({ html: true, linkify: true, typographer: false }).use(mathInMarkdown);
  return markdown;
}

/** What rendered HTML may contain: no scripts, styles or forms; ids prefixed so they cannot clobber the page's. */
const PURIFY = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'template'],
  // Inline styles would be refused by the page's Content-Security-Policy anyway: drop them quietly.
  FORBID_ATTR: ['style', 'srcset'],
  SANITIZE_NAMED_PROPS: true,
  RETURN_DOM_FRAGMENT: true,
};

/** DOMPurify with this page's rules for links and images, set up on first use. */
function dompurify() {
  if (!purifier) {
    purifier = window.DOMPurify;
    purifier.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
      if (node.tagName === 'IMG') {
        // Only this server's own images load under the page's policy; anything else would only be refused.
        const src = node.getAttribute('src') || '';
        if (!src.startsWith('/') || src.startsWith('//')) {
          node.removeAttribute('src');
        }
      }
    });
  }
  return purifier;
}

/** Sanitized HTML as a fragment of this document. */
export function sanitized(html) {
  return dompurify().sanitize(String(html), PURIFY);
}

/** Markdown as sanitized DOM; fenced Java is coloured by CodeMirror's tokenizer, LaTeX typeset by KaTeX. */
export function markdownFragment(text) {
  const fragment = sanitized(markdownIt().render(String(text)));
  typesetMath(fragment);
  fragment.querySelectorAll('pre > code').forEach((code) => {
    const language = (Array.from(code.classList).find((c) => c.startsWith('language-')) || '').substring(9);
    const mode = { java: 'text/x-java', jshell: 'text/x-java', sql: 'text/x-sql' }[language];
    if (mode && window.CodeMirror.runMode) {
      const source = code.textContent;
      code.textContent = '';
      window.CodeMirror.runMode(source, mode, code);
      code.classList.add('cm-s-default');
    }
  });
  return fragment;
}

/** Terminal colour codes removed: JShell and Maven sometimes colour their messages. */
export function plain(text) {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** nbformat keeps multi-line strings as arrays of lines. */
export function joined(value) {
  return Array.isArray(value) ? value.join('') : (value || '');
}

/** One nbformat output as DOM. */
export function renderOutput(output) {
  switch (output.output_type) {
    case 'stream':
      return el('pre', { className: 'output output-stream ' + (output.name === 'stderr' ? 'stderr' : 'stdout') }, plain(joined(output.text)));
    case 'error': {
      // The heading says "ename: evalue" once; a traceback that opens by repeating it (an
      // exception's first line, a one-line reason) is shown without that line.
      const heading = plain(output.ename) + ': ' + plain(output.evalue);
      const traceback = (output.traceback || []).map(plain);
      const rest = traceback.length > 0 && (traceback[0] === heading || traceback[0] === plain(output.evalue)) ? traceback.slice(1) : traceback;
      return el('pre', { className: 'output output-error', role: 'alert' },
        el('strong', {}, plain(output.ename) + ': '), plain(output.evalue),
        rest.length ? '\n' + rest.join('\n') : '');
    }
    case 'execute_result':
    case 'display_data':
      return renderBundle(output.data || {});
    default:
      return el('pre', { className: 'output muted' }, 'An output this page cannot show (' + output.output_type + ').');
  }
}

/** The richest representation this page can show safely. */
export function renderBundle(data) {
  if (data['text/html'] !== undefined) {
    return el('div', { className: 'output output-html' }, sanitized(joined(data['text/html'])));
  }
  if (data['text/markdown'] !== undefined) {
    return el('div', { className: 'output output-markdown rendered' }, markdownFragment(joined(data['text/markdown'])));
  }
  if (data['text/plain'] !== undefined) {
    return el('pre', { className: 'output output-text' }, plain(joined(data['text/plain'])));
  }
  const types = Object.keys(data).join(', ');
  return el('pre', { className: 'output muted' }, 'Output of a type this page does not show: ' + types);
}
