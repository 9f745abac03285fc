// Builds DOM nodes from data without ever parsing it as HTML: text goes into text nodes, so a sweep named
// <img src=x onerror=alert(1)> is shown as those characters. Attributes are never handlers or script URLs,
// and a style is set through the CSSOM rather than parsed from a string.

const SCRIPT_URL = /^[\s\u0000-\u001f]*(javascript|vbscript|data):/i;

/** h('a', {href: '#/x', class: 'k', onclick: fn}, 'text', child, [more]) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`${key} must be a function`);
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if ((key === 'href' || key === 'src') && SCRIPT_URL.test(value)) throw new TypeError(`${key} must not be a script URL`);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const fmt = {
  bits: v => (v === null || v === undefined || Number.isNaN(v)) ? '' : v.toFixed(4),
  delta: v => (v === null || v === undefined) ? '' : (v >= 0 ? '+' : '') + v.toFixed(4),
  pct: v => (v === null || v === undefined) ? '' : (v >= 0 ? '+' : '') + (100 * v).toFixed(1) + '%',
  int: v => (v === null || v === undefined) ? '' : Number(v).toLocaleString('en'),
  date: v => v ? new Date(v).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '',
  seconds: v => {
    if (v === null || v === undefined) return '';
    const s = Math.round(v);
    return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
  },
};

/** A labelled form control: <label>text <control></label>. */
export function field(text, control) {
  return h('label', {class: 'field'}, h('span', {}, text), control);
}

export function stateBadge(state) {
  return h('span', {class: `state state-${state}`}, state);
}

export function errorBox(error) {
  return h('div', {class: 'error', role: 'alert'}, error.message || String(error),
    (error.fields || []).length ? h('ul', {}, error.fields.map(f => h('li', {}, `${f.field}: ${f.message}`))) : null);
}

/** Previous / next buttons and "page i of n"; go(page) loads another page. */
export function pager(data, page, go, [back, forward], noun) {
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  return h('div', {class: 'pager'},
    h('button', {type: 'button', class: 'secondary', disabled: page === 0, onclick: () => go(page - 1)}, back),
    h('span', {}, `page ${page + 1} of ${pages} · ${fmt.int(data.total)} ${noun}`),
    h('button', {type: 'button', class: 'secondary', disabled: page + 1 >= pages, onclick: () => go(page + 1)}, forward));
}
