// Adding a camera, and changing one's name, address or RTSP transport (owners).

import { openDialog } from "../core/dialog.js";
import { h } from "../core/dom.js";
import { busy, field, formAlert, showAlert, showProblem } from "../core/forms.js";
import { addCamera, updateCamera } from "./camera-actions.js";

const TRANSPORTS = [{ value: "tcp", label: "TCP" }, { value: "udp", label: "UDP" }];

/** Opens the add dialog (no `camera`) or the edit dialog; `done(camera)` gets the saved camera. */
export function openCameraForm(camera, done) {
  const editing = Boolean(camera);
  openDialog(editing ? `Edit ${camera.name}` : "Add camera", (close) => {
    const name = field({ name: "name", label: "Name", required: true, maxlength: 100, autocomplete: "off",
      value: editing ? camera.name : "" });
    const rtspUrl = field({
      name: "rtspUrl", label: "RTSP URL", type: "url", required: true, autocomplete: "off", spellcheck: "false",
      value: editing ? camera.rtspUrl : "", placeholder: "rtsp://user:password@192.168.1.20:554/stream1",
      hint: editing ? "Leave as it is to keep the current address and password." : "With the user name and password if "
        + "the camera asks for them.",
    });
    const transport = field({ name: "transport", label: "Transport", choices: TRANSPORTS });
    transport.input.value = editing && camera.transport ? camera.transport : "tcp";
    const alert = formAlert();
    const form = h("form", { class: "dialog-body", novalidate: true },
      name.element, rtspUrl.element, transport.element, alert,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "button", onClick: close, text: "Cancel" }),
        h("button", { type: "submit", class: "button primary", text: editing ? "Save" : "Add" })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showAlert(alert, null);
      const missing = [[name, "Name is required"], [rtspUrl, "RTSP URL is required"]]
        .filter(([target]) => !target.input.value.trim());
      missing.forEach(([target, message]) => target.setError(message));
      if (missing.length) {
        missing[0][0].input.focus();
        return;
      }
      try {
        const saved = await busy(form, () => {
          if (!editing) {
            return addCamera(name.input.value.trim(), rtspUrl.input.value.trim(), transport.input.value);
          }
          const changes = {};
          if (name.input.value.trim() !== camera.name) {
            changes.name = name.input.value.trim();
          }
          if (rtspUrl.input.value.trim() !== camera.rtspUrl) {
            changes.rtspUrl = rtspUrl.input.value.trim();
          }
          if (transport.input.value !== camera.transport) {
            changes.transport = transport.input.value;
          }
          return Object.keys(changes).length ? updateCamera(camera, changes) : camera;
        });
        close();
        done(saved);
      } catch (error) {
        showProblem(error, { name, rtspUrl, transport }, alert);
      }
    });
    return form;
  });
}
