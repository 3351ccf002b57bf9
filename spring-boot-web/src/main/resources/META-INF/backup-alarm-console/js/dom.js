// Small DOM helpers. Text always goes in as text nodes (never as HTML), so names, addresses and
// providers' answers from the server cannot inject markup.

/**
 * Creates an element.
 * @param {string} tag the tag name
 * @param {object} [attrs] attributes; `on*` keys add listeners, `class` sets the class, a value of
 *        false or null leaves the attribute out, true sets it empty
 * @param {...(Node|string|number|null|undefined|Array)} children children; strings become text
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'checked' || key === 'selected' || key === 'value') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Removes every child of an element and appends the given ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let counter = 0;

/** A fresh element id with a prefix, for label/for and aria-describedby pairs. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * A labelled form field: a label, the control, an optional hint and a place for its error.
 * @returns {{field: HTMLElement, input: HTMLElement, error: HTMLElement}}
 */
export function field(labelText, input, hintText) {
  const id = input.id || uid('f');
  input.id = id;
  const error = h('div', { class: 'field-error', id: `${id}-error`, hidden: true });
  const describedBy = [`${id}-error`];
  let hint = null;
  if (hintText) {
    hint = h('div', { class: 'hint', id: `${id}-hint` }, hintText);
    describedBy.unshift(`${id}-hint`);
  }
  input.setAttribute('aria-describedby', describedBy.join(' '));
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, labelText), input, hint, error);
  return { field: wrapper, input, error };
}

/** Shows (or with null clears) a field's error and marks its control invalid. */
export function setFieldError(f, message) {
  if (message) {
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
  } else {
    f.error.textContent = '';
    f.error.hidden = true;
    f.input.removeAttribute('aria-invalid');
  }
}

/**
 * A button that is shown disabled with its reason: it stays focusable (so a keyboard user
 * reaches the reason too), says so with aria-disabled, and tells why on hover and to a screen
 * reader. A click does nothing.
 */
export function disabledButton(label, reason, extra = {}) {
  const reasonId = uid('why');
  return h('span', { class: 'row-actions' },
    h('button', { type: 'button', 'aria-disabled': 'true', title: reason, 'aria-describedby': reasonId, ...extra }, label),
    h('span', { id: reasonId, class: 'visually-hidden' }, reason));
}

/** Formats an ISO instant in the browser's zone and the console's language. */
export function formatTime(iso, language) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(language, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}
