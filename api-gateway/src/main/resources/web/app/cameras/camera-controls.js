// The controls of a camera's view, as its person's role allows (the API refuses the others anyway): live and
// recording for owners and operators, its recordings for everyone, share, edit and delete for owners; and the alert
// that says why an action failed.

import { confirmDialog } from "../core/dialog.js";
import { announce, h, replace } from "../core/dom.js";
import { formAlert, showAlert } from "../core/forms.js";
import { openShareDialog } from "../sharing/share-dialog.js";
import { deleteCamera, setLive, setRecording } from "./camera-actions.js";
import { openCameraForm } from "./camera-form.js";
import { isOwner, mayOperate } from "./status.js";

/**
 * `onUpdated(camera)` gets the camera after an action changed it. Deleting tells `onDeleting(true)` before it asks
 * the API (so that the view lets go of the camera's files first), `onDeleting(false)` when that failed, and
 * `onDeleted(camera)` when it is done. Answers {element, alert, show(camera)}.
 */
export function createCameraControls({ onUpdated, onDeleting, onDeleted }) {
  const element = h("div", { class: "controls", role: "group" });
  const alert = formAlert();
  let current = null;
  let shownKey = null;

  const act = async (button, work) => {
    alert.hidden = true;
    button.disabled = true;
    try {
      const updated = await work();
      if (updated) {
        onUpdated(updated);
      }
    } catch (error) {
      showAlert(alert, error.message);
    } finally {
      button.disabled = false;
    }
  };

  const button = (label, onClick, className = "button") => h("button", { type: "button", class: className, onClick },
    label, h("span", { class: "visually-hidden", text: ` ${current.name}` }));

  const deleteButton = () => {
    const remove = button("Delete", async () => {
      if (await confirmDialog(`Delete ${current.name}?`, "Its live view stops and all of its recordings are deleted."
          + " This cannot be undone.", "Delete")) {
        await act(remove, async () => {
          onDeleting(true);
          try {
            await deleteCamera(current);
          } catch (error) {
            onDeleting(false);
            throw error;
          }
          announce(`${current.name} deleted`);
          onDeleted(current);
          return null;
        });
      }
    }, "button danger");
    return remove;
  };

  const render = () => {
    const items = [];
    if (mayOperate(current)) {
      const live = button(current.streaming ? "Stop live" : "Start live",
        () => act(live, () => setLive(current, !current.streaming)), current.streaming ? "button" : "button primary");
      const recording = button(current.recording ? "Stop recording" : "Start recording",
        () => act(recording, () => setRecording(current, !current.recording)));
      items.push(live, recording);
    }
    items.push(h("a", { class: "button", href: `/cameras/${encodeURIComponent(current.id)}/recordings` },
      "Recordings", h("span", { class: "visually-hidden", text: ` of ${current.name}` })));
    if (isOwner(current)) {
      const share = button("Share", () => openShareDialog(current, onUpdated));
      const edit = button("Edit", () => openCameraForm(current, onUpdated));
      items.push(share, edit, deleteButton());
    }
    return items;
  };

  return {
    element,
    alert,
    show(camera) {
      current = camera;
      element.setAttribute("aria-label", `Controls of ${camera.name}`);
      const key = [camera.role, camera.streaming, camera.recording, camera.name].join("|");
      if (key === shownKey) {
        return;
      }
      shownKey = key;
      // Rebuilt when what they say changes; the control that had the keyboard focus keeps it.
      const focused = [...element.children].indexOf(document.activeElement);
      replace(element, render());
      if (focused >= 0 && element.children[focused]) {
        element.children[focused].focus();
      }
    },
  };
}
