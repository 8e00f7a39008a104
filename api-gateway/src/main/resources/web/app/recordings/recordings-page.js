// A camera's recordings: pick a day, see its recorded spans on a timeline and its chunks with thumbnails, play from
// any moment, export a range as one MP4, delete chunks (owners), and set retention. Each of these is a component of
// its own; the page loads the day and hands each its part.

import { api, segment } from "../core/api.js";
import { h } from "../core/dom.js";
import { formAlert, showAlert } from "../core/forms.js";
import { dateInputValue, dayRange } from "../core/format.js";
import { getCamera } from "../cameras/camera-actions.js";
import { isOwner } from "../cameras/status.js";
import { createDayPicker, isDay } from "./day-picker.js";
import { createExportForm } from "./export-form.js";
import { createPlayer } from "./player.js";
import { createRecordingList } from "./recording-list.js";
import { createRetention } from "./retention-form.js";
import { createTimeline } from "./timeline.js";

const REFRESH_MS = 15_000;

export function recordingsPage(main, [cameraId], query) {
  document.title = "Recordings · Media Platform";
  const base = `/api/v1/cameras/${segment(cameraId)}/recordings`;
  const alert = formAlert();
  const back = h("p", { class: "back" }, h("a", { href: `/cameras/${encodeURIComponent(cameraId)}`, text: "← Live view" }));
  main.append(back, alert);
  let camera = null;
  let timer = null;
  let day = isDay(query.get("day")) ? query.get("day") : dateInputValue(new Date());
  let timeline = null;
  let disposed = false;

  const fail = (message) => showAlert(alert, message);

  const player = createPlayer();
  const playFrom = (moment) => {
    if (!timeline) {
      return;
    }
    // A day that is not over plays up to now and on: without `to` the playlist grows with the chunk being
    // written, so playback runs on into the recording's live edge (a few seconds behind it).
    const { to } = dayRange(day);
    const from = `${timeline.recordingsUrl}/playback.m3u8?from=${encodeURIComponent(moment.toISOString())}`;
    player.play(to.getTime() > Date.now() ? from : `${from}&to=${encodeURIComponent(to.toISOString())}`, moment);
  };

  const dayPicker = createDayPicker(day, (picked) => {
    day = picked;
    recordings.reset();
    history.replaceState(null, "", `${window.location.pathname}?day=${day}`);
    load();
  });
  const timelineView = createTimeline(playFrom);
  const recordings = createRecordingList(base, {
    mayDelete: () => camera !== null && isOwner(camera),
    onPlay: playFrom,
    onChanged: () => load(),
    onError: fail,
  });
  const exportForm = createExportForm();

  const title = h("h1", { tabindex: "-1", text: "Recordings" });
  const content = h("div", { class: "recordings" },
    h("div", { class: "page-head" }, title),
    dayPicker.element,
    timelineView.element,
    player.element,
    exportForm.element,
    recordings.element);
  main.append(content);

  const load = async () => {
    clearTimeout(timer);
    const { from, to } = dayRange(day);
    const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    try {
      const [spans, newest] = await Promise.all([api(`${base}/timeline?${range}`), recordings.load(range)]);
      if (disposed) {
        return;
      }
      timeline = spans;
      timelineView.show(spans, from, to);
      recordings.show(newest);
      exportForm.show(spans);
      fail(null);
    } catch (error) {
      fail(`Could not load the recordings: ${error.message}`);
    }
    if (to.getTime() > Date.now() && !disposed) {
      timer = setTimeout(load, REFRESH_MS);
    }
  };

  (async () => {
    try {
      camera = await getCamera(cameraId);
    } catch (error) {
      fail(error.status === 404 ? "This camera does not exist, or it is no longer shared with you."
        : `Could not load the camera: ${error.message}`);
      content.hidden = true;
      return;
    }
    if (disposed) {
      return;
    }
    title.textContent = `Recordings of ${camera.name}`;
    document.title = `Recordings of ${camera.name} · Media Platform`;
    content.append(createRetention(camera).element);
    load();
  })();

  return () => {
    disposed = true;
    clearTimeout(timer);
    player.stop();
  };
}
