// Form fields with their label and an inline error next to them (aria-invalid, aria-describedby), and the
// mapping from a refused request's problem detail to those fields.

import { h, uniqueId } from "./dom.js";

/**
 * A labelled field. `options`: name, label, type (default text), or `choices` ([{value, label}]) for a select, plus
 * any input attribute (autocomplete, required, min, value, …). Answers {element, input, setError(message|null)}.
 */
export function field({ name, label, type = "text", choices, hint, ...attributes }) {
  const id = uniqueId(`field-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = choices
    ? h("select", { id, name, ...attributes },
      choices.map((choice) => h("option", { value: choice.value, text: choice.label })))
    : h("input", { id, name, type, ...attributes });
  if (hintId) {
    input.setAttribute("aria-describedby", hintId);
  }
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  const element = h("div", { class: "field" },
    h("label", { for: id, text: label }),
    input,
    hint ? h("p", { id: hintId, class: "field-hint", text: hint }) : null,
    error);
  const setError = (message) => {
    if (message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [errorId, hintId].filter(Boolean).join(" "));
    } else {
      error.textContent = "";
      error.hidden = true;
      input.removeAttribute("aria-invalid");
      if (hintId) {
        input.setAttribute("aria-describedby", hintId);
      } else {
        input.removeAttribute("aria-describedby");
      }
    }
  };
  input.addEventListener("input", () => setError(null));
  return { element, input, setError };
}

/** An alert area for errors that concern no single field. */
export function formAlert() {
  return h("p", { class: "form-alert", role: "alert", hidden: true });
}

export function showAlert(alert, message) {
  alert.textContent = message || "";
  alert.hidden = !message;
}

/**
 * Shows a refused request on the form: each field error next to its field (the API names fields as the request
 * body does), anything else in the alert. Focuses the first field in error. `fields`: {name: field()}.
 */
export function showProblem(error, fields, alert) {
  let first = null;
  for (const [name, message] of Object.entries(error.fields || {})) {
    const target = fields[name];
    if (target) {
      target.setError(`${capitalize(labelOf(target))} ${message}`);
      first = first || target.input;
    }
  }
  const handled = first !== null;
  showAlert(alert, handled ? null : error.message);
  if (first) {
    first.focus();
  }
}

function labelOf(target) {
  const label = target.element.querySelector("label");
  return label ? label.textContent.toLowerCase() : "this field";
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Disables a form's controls while `work` runs (no double submit); answers work's result. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll("button, input, select")];
  const before = controls.map((control) => control.disabled);
  controls.forEach((control) => { control.disabled = true; });
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    controls.forEach((control, i) => { control.disabled = before[i]; });
    form.removeAttribute("aria-busy");
  }
}
