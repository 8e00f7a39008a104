// What a camera's state means to the person looking at it, and what to do about it.

/** States as the API names them. */
export const State = Object.freeze({
  STARTING: "STARTING", LIVE: "LIVE", RECONNECTING: "RECONNECTING", FAILED: "FAILED", STOPPED: "STOPPED",
});

/** Roles as the API names them, with what each may do. */
export const Role = Object.freeze({ OWNER: "owner", OPERATOR: "operator", VIEWER: "viewer" });

export function mayOperate(camera) {
  return camera.role === Role.OWNER || camera.role === Role.OPERATOR;
}

export function isOwner(camera) {
  return camera.role === Role.OWNER;
}

/**
 * {state, label?, detail, tone} for the badge and the line under it: `state` as the API names it, `label` what the
 * badge says instead when the state alone would mislead (LIVE while only recording).
 */
export function describe(camera) {
  const state = camera.status || State.STOPPED;
  const reason = camera.statusError ? String(camera.statusError) : null;
  switch (state) {
    case State.LIVE:
      // The worker runs for the recording alone: say so rather than show an empty player under LIVE.
      if (!camera.streaming) {
        return {
          state, label: camera.recording ? "RECORDING" : "STOPPING", tone: camera.recording ? "ok" : "idle",
          detail: `${camera.recording ? "Recording; live view is off." : "Live view is off."}`
            + `${mayOperate(camera) ? " Start live to watch." : " The owner or an operator can start it."}`,
        };
      }
      return { state, tone: "ok", detail: "" };
    case State.STARTING:
      return { state, tone: "busy", detail: "Connecting to the camera…" };
    case State.RECONNECTING:
      return {
        state, tone: "warn",
        detail: `${reason ? `Lost the camera: ${reason}.` : "Lost the camera."} Retrying by itself.`,
      };
    case State.FAILED:
      return {
        state, tone: "bad",
        detail: `${reason ? `${reason}.` : "The stream failed."} Check the camera's address, user name and password`
          + " (Edit) and that it is switched on, then start it again.",
      };
    default:
      return { state: State.STOPPED, tone: "idle", detail: camera.streaming ? "Waiting for a worker…" : "Live view is off." };
  }
}

/** Recording as the worker reports it: {on, text, failed}. */
export function recordingOf(camera) {
  switch (camera.recordingStatus) {
    case "ON":
      return { on: true, failed: false, text: "Recording" };
    case "STARTING":
      return { on: false, failed: false, text: "Recording starts…" };
    case "FAILED":
      return { on: false, failed: true,
        text: `Recording failed: ${camera.recordingError || "no reason given"}` };
    default:
      return { on: false, failed: false, text: camera.recording ? "Recording is wanted; waiting for the camera" : "" };
  }
}
