// Building DOM from data without markup: every string becomes a text node.

/**
 * el('a', {href, className, dataset: {...}, onclick}, child...) — attributes by name,
 * properties for className/value/hidden/disabled/textContent, children as nodes or text.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) { continue; }
    if (name === 'className' || name === 'value' || name === 'hidden' || name === 'disabled' || name === 'textContent') {
      node[name] = value;
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.substring(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) { continue; }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The notebook page's address for a workspace path. */
export function notebookHref(path) {
  return '/notebook.html?path=' + encodeURIComponent(path);
}
