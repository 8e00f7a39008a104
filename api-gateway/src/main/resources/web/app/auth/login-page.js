// The login page: username and password, errors next to the field they concern, then back to the page that asked
// for the login.

import { h } from "../core/dom.js";
import { busy, field, formAlert, showAlert, showProblem } from "../core/forms.js";
import { ApiError } from "../core/http.js";
import { navigate, safeNext } from "../core/router.js";
import * as session from "../core/session.js";

export function loginPage(main, params, query) {
  document.title = "Log in · Media Platform";
  const username = field({
    name: "username", label: "Username", autocomplete: "username", required: true, autocapitalize: "none",
    spellcheck: "false", value: query.get("username") || "",
  });
  const password = field({ name: "password", label: "Password", type: "password", autocomplete: "current-password",
    required: true });
  const alert = formAlert();
  const notice = query.get("registered")
    ? h("p", { class: "form-notice", role: "status", text: "Your account is ready. Log in to continue." })
    : null;
  const form = h("form", { class: "card auth-form", novalidate: true },
    notice,
    username.element,
    password.element,
    alert,
    h("button", { type: "submit", class: "button primary wide", text: "Log in" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showAlert(alert, null);
    const missing = [[username, "Username is required"], [password, "Password is required"]]
      .filter(([target]) => !target.input.value);
    missing.forEach(([target, message]) => target.setError(message));
    if (missing.length) {
      missing[0][0].input.focus();
      return;
    }
    try {
      await busy(form, () => session.login(username.input.value.trim(), password.input.value));
      navigate(safeNext(query.get("next")), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        showAlert(alert, "Wrong username or password.");
        password.input.value = "";
        password.input.focus();
      } else {
        showProblem(error, { username, password }, alert);
      }
    }
  });
  main.append(h("div", { class: "narrow" },
    h("h1", { tabindex: "-1", text: "Log in" }),
    form,
    h("p", { class: "switch" }, "New here? ", h("a", { href: "/register", text: "Create an account" }))));
  (username.input.value ? password.input : username.input).focus();
}
