// What a person can do to a camera through the API, one function per action; each answers the camera as the API
// then shows it.

import { api, segment } from "../core/api.js";

const base = (camera) => `/api/v1/cameras/${segment(camera.id)}`;

export async function setLive(camera, streaming) {
  await api(`${base(camera)}/stream`, { method: "PUT", body: { streaming } });
  return api(base(camera));
}

export async function setRecording(camera, enabled) {
  await api(`${base(camera)}/recording`, { method: "PUT", body: { enabled } });
  return api(base(camera));
}

export function addCamera(name, rtspUrl, transport) {
  return api("/api/v1/cameras", { method: "POST", body: { name, rtspUrl, transport } });
}

export function updateCamera(camera, changes) {
  return api(base(camera), { method: "PATCH", body: changes });
}

export function deleteCamera(camera) {
  return api(base(camera), { method: "DELETE" });
}

export function getCamera(cameraId) {
  return api(`/api/v1/cameras/${segment(cameraId)}`);
}
