// One camera on its own page, large, with full screen.

import { h } from "../core/dom.js";
import { formAlert, showAlert } from "../core/forms.js";
import * as live from "../core/live.js";
import { navigate } from "../core/router.js";
import { getCamera } from "./camera-actions.js";
import { createCameraView } from "./camera-view.js";

export function cameraPage(main, [cameraId]) {
  document.title = "Camera · Media Platform";
  let view = null;
  let unsubscribe = () => {};
  const back = h("p", { class: "back" }, h("a", { href: "/", text: "← All cameras" }));
  const alert = formAlert();
  main.append(back, alert);

  const load = async () => {
    try {
      const camera = await getCamera(cameraId);
      if (view) {
        view.update(camera);
        return;
      }
      document.title = `${camera.name} · Media Platform`;
      view = createCameraView(camera, {
        large: true,
        onChange: (changed) => { document.title = `${changed.name} · Media Platform`; },
        onDeleted: () => navigate("/", { replace: true }),
      });
      const video = view.element.querySelector("video");
      const fullScreen = h("button", {
        type: "button", class: "button", text: "Full screen",
        onClick: () => (video.requestFullscreen ? video.requestFullscreen() : video.webkitEnterFullscreen?.()),
      });
      view.element.querySelector(".controls").before(h("div", { class: "view-controls" }, fullScreen));
      main.append(view.element);
      view.element.querySelector("h1").focus();
    } catch (error) {
      showAlert(alert, error.status === 404
        ? "This camera does not exist, or it is no longer shared with you."
        : `Could not load the camera: ${error.message}`);
    }
  };
  unsubscribe = live.subscribe({
    onStatus: (status) => view && status.cameraId === cameraId && status.camera && view.update(status.camera),
    onRemoved: (removed) => {
      if (removed === cameraId) {
        navigate("/", { replace: true });
      }
    },
    onConnect: load,
  });
  load();
  return () => {
    unsubscribe();
    if (view) {
      view.destroy();
    }
  };
}
