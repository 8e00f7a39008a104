// The live grid: every camera I own or that is shared with me, kept current by Socket.IO pushes (a camera shared
// with me appears, one I lose disappears) and reloaded after every reconnection.

import { all } from "../core/api.js";
import { announce, h, replace } from "../core/dom.js";
import { formAlert, showAlert } from "../core/forms.js";
import * as live from "../core/live.js";
import { openCameraForm } from "./camera-form.js";
import { createCameraView } from "./camera-view.js";

export function gridPage(main) {
  document.title = "Cameras · Media Platform";
  const views = new Map();
  const grid = h("div", { class: "camera-grid" });
  const empty = h("div", { class: "empty", hidden: true },
    h("p", { text: "No cameras yet. Add one with its RTSP address, or ask someone to share theirs with you." }));
  const alert = formAlert();
  const count = h("p", { class: "muted count", "aria-live": "polite" });

  const sortViews = () => {
    const sorted = [...views.values()].sort((a, b) => a.camera.name.localeCompare(b.camera.name));
    sorted.forEach((view) => grid.append(view.element));
  };
  const refreshCount = () => {
    empty.hidden = views.size > 0;
    count.textContent = views.size === 1 ? "1 camera" : `${views.size} cameras`;
  };
  const remove = (cameraId) => {
    const view = views.get(cameraId);
    if (view) {
      view.destroy();
      views.delete(cameraId);
      refreshCount();
    }
  };
  const show = (camera) => {
    const view = views.get(camera.id);
    if (view) {
      view.update(camera);
      return;
    }
    views.set(camera.id, createCameraView(camera, { onDeleted: (deleted) => remove(deleted.id) }));
    sortViews();
    refreshCount();
  };
  const load = async () => {
    try {
      const cameras = await all("/api/v1/cameras?sort=name");
      const ids = new Set(cameras.map((camera) => camera.id));
      [...views.keys()].filter((id) => !ids.has(id)).forEach(remove);
      cameras.forEach(show);
      showAlert(alert, null);
      refreshCount();
    } catch (error) {
      showAlert(alert, `Could not load your cameras: ${error.message}`);
    }
  };

  const add = h("button", {
    type: "button", class: "button primary", text: "Add camera",
    onClick: () => openCameraForm(null, (camera) => {
      show(camera);
      announce(`${camera.name} added`);
    }),
  });
  main.append(
    h("div", { class: "page-head" }, h("h1", { tabindex: "-1", text: "Cameras" }), count, add),
    alert,
    empty,
    grid);

  const unsubscribe = live.subscribe({
    onStatus: (status) => status.camera && show(status.camera),
    onRemoved: remove,
    onConnect: load,
  });
  load();
  return () => {
    unsubscribe();
    views.forEach((view) => view.destroy());
    replace(grid);
  };
}
