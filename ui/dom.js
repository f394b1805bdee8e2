// A tiny element builder: text always goes in as text (never as HTML), so names and bodies
// from the API can hold anything.

/**
 * h('div.a.b', {attrs}, ...children): an element with classes, attributes (on* as listeners,
 * `dataset` as data-*, `style` as an object) and children (strings, nodes, arrays, null).
 */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.classList.add(...classes);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key === 'class') el.classList.add(...String(value).split(/\s+/).filter(Boolean));
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** JSON as indented text, strings shown as they are. */
export function pretty(value) {
  if (value === undefined) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

/**
 * Sets what differs and nothing else, so that an element drawn again unchanged records no
 * mutation (and keeps its focus and hover): attributes (null removes), `text`, `dataset`, `style`.
 */
export function patch(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') {
      if (el.textContent !== value) el.textContent = value;
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (el.dataset[k] !== v) el.dataset[k] = v;
    } else if (key === 'style') {
      for (const [k, v] of Object.entries(value)) {
        if (k.startsWith('--')) {
          if (el.style.getPropertyValue(k) !== v) el.style.setProperty(k, v);
        } else if (el.style[k] !== v) el.style[k] = v;
      }
    } else if (value === null || value === undefined || value === false) {
      if (el.hasAttribute(key)) el.removeAttribute(key);
    } else {
      const text = value === true ? '' : String(value);
      if (el.getAttribute(key) !== text) el.setAttribute(key, text);
    }
  }
}

/**
 * Makes `parent`'s children the elements of `items`, in order, by key: an element whose key is
 * still there is kept and updated in place (`update`), a new key gets `create`, a gone one is removed.
 */
export function keyed(parent, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of parent.children) existing.set(child.dataset.key, child);
  let at = parent.firstElementChild;
  for (const item of items) {
    const key = keyOf(item);
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    if (el !== at) parent.insertBefore(el, at);
    else at = at.nextElementSibling;
  }
  for (const gone of existing.values()) gone.remove();
}
