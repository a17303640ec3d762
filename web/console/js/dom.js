// DOM helpers. Text always goes in through textContent / text nodes, never innerHTML.

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key in el && !key.includes('-') && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let uid = 0;
export function newId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled form control: <div><label for>Label <span class=hint></span></label><control></div>
export function field(labelText, control, hintText) {
  if (!control.id) control.id = newId('f');
  const label = h('label', { for: control.id }, labelText);
  let hint = null;
  if (hintText) {
    hint = h('span', { class: 'hint', id: newId('hint') }, hintText);
    control.setAttribute('aria-describedby', hint.id);
  }
  return h('div', { class: 'field' }, label, hint, control);
}

export function options(select, items, selected) {
  for (const [value, label] of items) {
    const opt = h('option', { value }, label);
    if (value === selected) opt.selected = true;
    select.append(opt);
  }
  return select;
}

let announceTimer = null;
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { region.textContent = message; }, 50);
}
