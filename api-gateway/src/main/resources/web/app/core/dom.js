// Building DOM without innerHTML: user text (camera names, usernames, reasons) only ever becomes text nodes or
// attribute values, never markup.

/**
 * Creates an element. `attributes`: `class`, `text`, `on<Event>` handlers (functions), boolean attributes (true adds,
 * false/null/undefined leaves out), `dataset` (an object), anything else as an attribute. Children: nodes, strings,
 * arrays of them, or null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === "text") {
      element.textContent = value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends nodes, strings and (nested) arrays of them; skips null and false. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Says something to screen readers without moving focus (a polite live region). */
export function announce(text) {
  const announcer = document.getElementById("announcer");
  if (announcer) {
    announcer.textContent = "";
    // A new text node each time, so that the same message said twice is read twice.
    setTimeout(() => { announcer.textContent = text; }, 50);
  }
}

let ids = 0;

/** An id unique in this page, for label/aria references. */
export function uniqueId(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}
