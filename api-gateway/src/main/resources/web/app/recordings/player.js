// The recordings' player: the video, the wall-clock time it shows, and why it cannot play from a moment.

import { announce, h } from "../core/dom.js";
import { formAlert, showAlert } from "../core/forms.js";
import { formatTime } from "../core/format.js";
import { createPlayback } from "./playback.js";

/** Answers {element, play(playlistUrl, moment), stop()}. */
export function createPlayer() {
  const video = h("video", { class: "playback-video", controls: true, muted: true, playsinline: true, "aria-label": "Playback" });
  const position = h("p", { class: "muted", "data-testid": "playback-position", "aria-live": "off" });
  const problem = formAlert();
  const playback = createPlayback(video, {
    onPosition: (date) => { position.textContent = `Showing ${formatTime(date)}`; },
    onProblem: (message) => showAlert(problem, message),
  });

  return {
    element: h("div", { class: "playback" }, video, position, problem),
    /** Plays `playlistUrl`, which starts at or just before `moment`, from `moment`. */
    play(playlistUrl, moment) {
      position.textContent = `Starting at ${formatTime(moment)}…`;
      playback.play(playlistUrl, moment);
      video.scrollIntoView({ block: "nearest" });
      announce(`Playing from ${formatTime(moment)}`);
    },
    stop: playback.stop,
  };
}
