// The registration page: the rules shown before they are broken, errors next to their field, and logged in at once.

import { h } from "../core/dom.js";
import { busy, field, formAlert, showAlert, showProblem } from "../core/forms.js";
import { ApiError } from "../core/http.js";
import { navigate } from "../core/router.js";
import * as session from "../core/session.js";

export function registerPage(main) {
  document.title = "Create an account · Media Platform";
  const username = field({
    name: "username", label: "Username", autocomplete: "username", required: true, autocapitalize: "none",
    spellcheck: "false", hint: "3 to 32 letters, digits, dots, underscores or dashes",
  });
  const password = field({
    name: "password", label: "Password", type: "password", autocomplete: "new-password", required: true,
    hint: "At least 8 characters",
  });
  const alert = formAlert();
  const form = h("form", { class: "card auth-form", novalidate: true },
    username.element,
    password.element,
    alert,
    h("button", { type: "submit", class: "button primary wide", text: "Create account" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showAlert(alert, null);
    const problems = [];
    if (!username.input.value.trim()) {
      problems.push([username, "Username is required"]);
    }
    if (password.input.value.length < 8) {
      problems.push([password, "Password must be at least 8 characters"]);
    }
    problems.forEach(([target, message]) => target.setError(message));
    if (problems.length) {
      problems[0][0].input.focus();
      return;
    }
    try {
      await busy(form, () => session.register(username.input.value.trim(), password.input.value));
      navigate("/", { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        username.setError(error.message || "This username is taken; choose another");
        username.input.focus();
      } else {
        showProblem(error, { username, password }, alert);
      }
    }
  });
  main.append(h("div", { class: "narrow" },
    h("h1", { tabindex: "-1", text: "Create an account" }),
    form,
    h("p", { class: "switch" }, "Already have an account? ", h("a", { href: "/login", text: "Log in" }))));
  username.input.focus();
}
