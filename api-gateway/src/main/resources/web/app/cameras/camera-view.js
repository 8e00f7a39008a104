// One camera as a tile of the grid or as its own page: the live picture (playing while it is on screen and the
// stream is LIVE), the status display (status-display.js) and the controls (camera-controls.js).

import { h, uniqueId } from "../core/dom.js";
import { createCameraControls } from "./camera-controls.js";
import { createLivePlayer } from "./live-player.js";
import { State } from "./status.js";
import { createStatusDisplay } from "./status-display.js";

/** The camera's name: the page's heading, or a tile's heading that links to the camera's page. */
function createTitle(id, large) {
  const element = large
    ? h("h1", { id, tabindex: "-1" })
    : h("h2", { id }, h("a", { class: "camera-link" }));
  return {
    element,
    show(camera) {
      if (large) {
        element.textContent = camera.name;
      } else {
        const link = element.firstChild;
        link.textContent = camera.name;
        link.href = `/cameras/${encodeURIComponent(camera.id)}`;
      }
    },
  };
}

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
  const delay = h("span", { class: "live-delay", hidden: true });
  const player = createLivePlayer(video, camera.id, {
    onDelay: (seconds) => {
      delay.hidden = seconds === null;
      delay.textContent = seconds === null ? "" : `${seconds.toFixed(1)} s behind live`;
      delay.dataset.seconds = seconds === null ? "" : seconds.toFixed(2);
    },
  });
  const syncPlayer = () => player.set(visible && !deleting && current.status === State.LIVE && current.streaming);

  const status = createStatusDisplay();
  const title = createTitle(titleId, large);
  const controls = createCameraControls({
    onUpdated: (updated) => {
      update(updated);
      onChange(updated);
    },
    // The camera's files go with it: the player lets go first, so that it asks for none that are gone.
    onDeleting: (on) => {
      deleting = on;
      syncPlayer();
    },
    onDeleted,
  });
  const element = h(large ? "section" : "article", { class: large ? "camera-page" : "camera-tile", "aria-labelledby": titleId },
    h("div", { class: "camera-head" }, title.element, h("div", { class: "badges" }, status.rec, status.badge)),
    h("div", { class: "video-box" }, video, status.overlay, delay),
    status.detail,
    status.recordingLine,
    controls.element,
    controls.alert);

  function update(next) {
    const before = current;
    current = next;
    const shown = status.show(next);
    video.setAttribute("aria-label", `Live view of ${next.name}`);
    title.show(next);
    if (!before || before.status !== next.status) {
      element.dataset.status = shown.state;
    }
    controls.show(next);
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
