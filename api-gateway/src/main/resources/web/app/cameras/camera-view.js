// One camera as a tile of the grid or as its own page: the live picture (playing while it is on screen and the
// stream is LIVE), the status badge, the recording indicator, and the controls the person's role allows (the API
// refuses the others anyway).

import { confirmDialog } from "../core/dialog.js";
import { announce, h, replace, uniqueId } from "../core/dom.js";
import { openShareDialog } from "../sharing/share-dialog.js";
import { deleteCamera, setLive, setRecording } from "./camera-actions.js";
import { openCameraForm } from "./camera-form.js";
import { createLivePlayer } from "./live-player.js";
import { State, describe, isOwner, mayOperate, recordingOf } from "./status.js";

/**
 * Builds the view of `camera`; `large` for the camera's own page. `onChange(camera)` and `onDeleted(camera)` tell
 * the page. Answers {element, update(camera), destroy()}.
 */
export function createCameraView(camera, { large = false, onChange = () => {}, onDeleted = () => {} } = {}) {
  let current = camera;
  let visible = large;
  let deleting = false;
  const titleId = uniqueId("camera");
  const video = h("video", { class: "live-video", muted: true, playsinline: true });
  const player = createLivePlayer(video, camera.id);
  // The same words as the detail line, over the picture: said once to screen readers.
  const overlay = h("p", { class: "video-overlay", "aria-hidden": "true" });
  const badge = h("span", { class: "badge", "data-testid": "status" });
  const rec = h("span", { class: "rec", "data-testid": "recording", hidden: true }, h("span", { "aria-hidden": "true", class: "rec-dot" }), "REC");
  const detail = h("p", { class: "status-detail", "data-testid": "status-detail" });
  const recordingLine = h("p", { class: "recording-detail" });
  const controls = h("div", { class: "controls", role: "group" });
  const alert = h("p", { class: "form-alert", role: "alert", hidden: true });
  const title = large
    ? h("h1", { id: titleId, tabindex: "-1" })
    : h("h2", { id: titleId }, h("a", { class: "camera-link" }));
  const element = h(large ? "section" : "article", { class: large ? "camera-page" : "camera-tile", "aria-labelledby": titleId },
    h("div", { class: "camera-head" }, title, h("div", { class: "badges" }, rec, badge)),
    h("div", { class: "video-box" }, video, overlay),
    detail,
    recordingLine,
    controls,
    alert);

  const fail = (error) => {
    alert.textContent = error.message;
    alert.hidden = false;
  };

  const act = async (button, work) => {
    alert.hidden = true;
    button.disabled = true;
    try {
      const updated = await work();
      if (updated) {
        update(updated);
        onChange(updated);
      }
    } catch (error) {
      fail(error);
    } finally {
      button.disabled = false;
    }
  };

  const button = (label, onClick, className = "button") => h("button", { type: "button", class: className, onClick },
    label, h("span", { class: "visually-hidden", text: ` ${current.name}` }));

  let controlsKey = null;
  const renderControls = () => {
    const key = [current.role, current.streaming, current.recording, current.name].join("|");
    if (key === controlsKey) {
      return;
    }
    controlsKey = key;
    // Rebuilt when what they say changes; the control that had the keyboard focus keeps it.
    const focused = [...controls.children].indexOf(document.activeElement);
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
      const share = button("Share", () => openShareDialog(current, (updated) => { update(updated); onChange(updated); }));
      const edit = button("Edit", () => openCameraForm(current, (updated) => { update(updated); onChange(updated); }));
      const remove = button("Delete", async () => {
        if (await confirmDialog(`Delete ${current.name}?`, "Its live view stops and all of its recordings are deleted."
            + " This cannot be undone.", "Delete")) {
          await act(remove, async () => {
            // The camera's files go with it: the player lets go first, so that it asks for none that are gone.
            deleting = true;
            syncPlayer();
            try {
              await deleteCamera(current);
            } catch (error) {
              deleting = false;
              syncPlayer();
              throw error;
            }
            announce(`${current.name} deleted`);
            onDeleted(current);
            return null;
          });
        }
      }, "button danger");
      items.push(share, edit, remove);
    }
    replace(controls, items);
    if (focused >= 0 && controls.children[focused]) {
      controls.children[focused].focus();
    }
  };

  const syncPlayer = () => player.set(visible && !deleting && current.status === State.LIVE && current.streaming);

  function update(next) {
    const before = current;
    current = next;
    const status = describe(next);
    badge.textContent = status.state;
    badge.dataset.tone = status.tone;
    detail.textContent = status.detail;
    detail.hidden = !status.detail;
    overlay.textContent = status.state === State.LIVE ? "" : (status.detail || status.state);
    overlay.hidden = status.state === State.LIVE;
    const recording = recordingOf(next);
    rec.hidden = !recording.on;
    recordingLine.textContent = recording.text && !recording.on ? recording.text : "";
    recordingLine.hidden = !recordingLine.textContent;
    recordingLine.dataset.failed = String(recording.failed);
    video.setAttribute("aria-label", `Live view of ${next.name}`);
    controls.setAttribute("aria-label", `Controls of ${next.name}`);
    if (large) {
      title.textContent = next.name;
    } else {
      const link = title.firstChild;
      link.textContent = next.name;
      link.href = `/cameras/${encodeURIComponent(next.id)}`;
    }
    if (!before || before.status !== next.status) {
      element.dataset.status = status.state;
    }
    renderControls();
    syncPlayer();
  }

  let observer = null;
  if (!large) {
    observer = new IntersectionObserver((entries) => {
      visible = entries.some((entry) => entry.isIntersecting);
      syncPlayer();
    }, { threshold: 0.1 });
    observer.observe(element);
  }
  update(camera);

  return {
    element,
    get camera() {
      return current;
    },
    update,
    destroy() {
      if (observer) {
        observer.disconnect();
      }
      player.destroy();
      element.remove();
    },
  };
}
