// Sharing a camera (owners): who sees it and in which role, adding someone by username, removing a share.

import { api, segment } from "../core/api.js";
import { openDialog } from "../core/dialog.js";
import { announce, h, replace } from "../core/dom.js";
import { busy, field, formAlert, showAlert, showProblem } from "../core/forms.js";

const ROLES = [{ value: "viewer", label: "Viewer" }, { value: "operator", label: "Operator" }];
const ROLE_HELP = "Viewers watch live and recordings; operators also start and stop live view and recording.";

/**
 * Whom `camera` is shared with, each with a button that removes the share (then the list and the camera are loaded
 * again, and `changed(camera)` gets the camera). Answers {list, alert, show(shares)}.
 */
function createShareList(camera, path, changed) {
  const list = h("ul", { class: "share-list", "aria-label": "Shared with" });
  const alert = formAlert();
  const reload = async () => {
    try {
      show(await api(path));
      changed(await api(`/api/v1/cameras/${segment(camera.id)}`));
    } catch (error) {
      showAlert(alert, error.message);
    }
  };
  const removeButton = (share) => h("button", {
    type: "button", class: "button quiet small",
    onClick: async (event) => {
      event.currentTarget.disabled = true;
      try {
        await api(`${path}/${segment(share.userId)}`, { method: "DELETE" });
        announce(`${share.username} no longer sees ${camera.name}`);
        await reload();
      } catch (error) {
        showAlert(alert, error.message);
        event.currentTarget.disabled = false;
      }
    },
  }, "Remove", h("span", { class: "visually-hidden", text: ` ${share.username}` }));
  const show = (shares) => {
    if (!shares.length) {
      replace(list, h("li", { class: "muted", text: "Not shared with anyone yet." }));
      return;
    }
    replace(list, shares.map((share) => h("li", { class: "share" },
      h("span", { class: "share-user", text: share.username }),
      h("span", { class: "share-role", text: share.role === "operator" ? "Operator" : "Viewer" }),
      removeButton(share))));
  };
  return { list, alert, show };
}

/** `changed(camera)` gets the camera after each change. */
export function openShareDialog(camera, changed) {
  const path = `/api/v1/cameras/${segment(camera.id)}/shares`;
  openDialog(`Share ${camera.name}`, () => {
    const shares = createShareList(camera, path, changed);
    shares.show(camera.shares || []);

    const username = field({ name: "username", label: "Username", required: true, autocomplete: "off",
      autocapitalize: "none", spellcheck: "false" });
    const role = field({ name: "role", label: "Role", choices: ROLES, hint: ROLE_HELP });
    const alert = formAlert();
    const form = h("form", { class: "share-form", novalidate: true },
      username.element, role.element, alert,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary", text: "Share" })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showAlert(alert, null);
      if (!username.input.value.trim()) {
        username.setError("Username is required");
        username.input.focus();
        return;
      }
      try {
        const name = username.input.value.trim();
        const updated = await busy(form, () => api(path, { method: "PUT", body: { username: name, role: role.input.value } }));
        shares.show(updated.shares || []);
        changed(updated);
        announce(`Shared with ${name}`);
        username.input.value = "";
        username.input.focus();
      } catch (error) {
        if (error.status === 404 && !Object.keys(error.fields).length) {
          username.setError(error.message || "No user has this username");
          username.input.focus();
        } else {
          showProblem(error, { username, role }, alert);
        }
      }
    });
    return h("div", { class: "dialog-body" }, form, h("h3", { text: "Shared with" }), shares.list, shares.alert);
  });
}
