// What a camera's view says of its state: the status badge and REC indicator by its name, the same words over the
// picture while there is no live picture (not LIVE, or LIVE for the recording alone), and the status and recording
// lines under it.

import { h } from "../core/dom.js";
import { State, describe, recordingOf } from "./status.js";

/** Answers its parts, each placed where the view wants it ({badge, rec, overlay, detail, recordingLine}), and show(camera). */
export function createStatusDisplay() {
  // The same words as the detail line, over the picture: said once to screen readers.
  const overlay = h("p", { class: "video-overlay", "aria-hidden": "true" });
  const badge = h("span", { class: "badge", "data-testid": "status" });
  const rec = h("span", { class: "rec", "data-testid": "recording", hidden: true }, h("span", { "aria-hidden": "true", class: "rec-dot" }), "REC");
  const detail = h("p", { class: "status-detail", "data-testid": "status-detail" });
  const recordingLine = h("p", { class: "recording-detail" });

  return {
    badge, rec, overlay, detail, recordingLine,
    /** Shows `camera`'s state; answers what describe() says of it. */
    show(camera) {
      const status = describe(camera);
      const watching = status.state === State.LIVE && !status.label;
      badge.textContent = status.label || status.state;
      badge.dataset.tone = status.tone;
      detail.textContent = status.detail;
      detail.hidden = !status.detail;
      overlay.textContent = watching ? "" : (status.detail || status.label || status.state);
      overlay.hidden = watching;
      const recording = recordingOf(camera);
      rec.hidden = !recording.on;
      recordingLine.textContent = recording.text && !recording.on ? recording.text : "";
      recordingLine.hidden = !recordingLine.textContent;
      recordingLine.dataset.failed = String(recording.failed);
      return status;
    },
  };
}
