// A camera's recordings: pick a day, see its recorded spans on a timeline and its chunks with thumbnails, play from
// any moment, export a range as one MP4, delete chunks (owners), and set retention.

import { api, segment } from "../core/api.js";
import { confirmDialog } from "../core/dialog.js";
import { announce, h, replace } from "../core/dom.js";
import { field } from "../core/forms.js";
import {
  dateInputValue, dateTimeInputValue, dayRange, formatBytes, formatDuration, formatTime,
} from "../core/format.js";
import { getCamera } from "../cameras/camera-actions.js";
import { createPlayback } from "./playback.js";
import { createRetention } from "./retention-form.js";
import { createTimeline } from "./timeline.js";

const REFRESH_MS = 15_000;
const PAGE_SIZE = 50;
const EXPORT_MAX_MS = 24 * 3600 * 1000;

export function recordingsPage(main, [cameraId], query) {
  document.title = "Recordings · Media Platform";
  const base = `/api/v1/cameras/${segment(cameraId)}/recordings`;
  const alert = h("p", { class: "form-alert", role: "alert", hidden: true });
  const back = h("p", { class: "back" }, h("a", { href: `/cameras/${encodeURIComponent(cameraId)}`, text: "← Live view" }));
  main.append(back, alert);
  let camera = null;
  let timer = null;
  let day = query.get("day") && /^\d{4}-\d{2}-\d{2}$/.test(query.get("day")) ? query.get("day") : dateInputValue(new Date());
  let timeline = null;
  // Where the chunk being written starts (ms), if the day has one.
  let writingSince = null;
  let shown = PAGE_SIZE;
  let disposed = false;

  const fail = (message) => {
    alert.textContent = message;
    alert.hidden = !message;
  };

  const video = h("video", { class: "playback-video", controls: true, muted: true, playsinline: true, "aria-label": "Playback" });
  const position = h("p", { class: "muted", "data-testid": "playback-position", "aria-live": "off" });
  const playbackProblem = h("p", { class: "form-alert", role: "alert", hidden: true });
  const playback = createPlayback(video, {
    onPosition: (date) => { position.textContent = `Showing ${formatTime(date)}`; },
    onProblem: (message) => { playbackProblem.textContent = message || ""; playbackProblem.hidden = !message; },
  });

  const playFrom = (moment) => {
    if (!timeline) {
      return;
    }
    if (writingSince !== null && moment.getTime() >= writingSince) {
      // Its chunk has no segments in the catalogue until it closes: nothing to ask for yet.
      playback.stop();
      position.textContent = "";
      playbackProblem.textContent = `${formatTime(moment)} is still being recorded: it is playable once its chunk `
        + "closes, within a chunk's length. The live view shows it now.";
      playbackProblem.hidden = false;
      return;
    }
    const { to } = dayRange(day);
    const end = new Date(Math.min(to.getTime(), Date.now() + 60_000));
    const url = `${timeline.recordingsUrl}/playback.m3u8?from=${encodeURIComponent(moment.toISOString())}`
      + `&to=${encodeURIComponent(end.toISOString())}`;
    position.textContent = `Starting at ${formatTime(moment)}…`;
    playback.play(url, moment);
    video.scrollIntoView({ block: "nearest" });
    announce(`Playing from ${formatTime(moment)}`);
  };

  const dayField = field({ name: "day", label: "Day", type: "date", value: day, max: dateInputValue(new Date()) });
  const shiftDay = (days) => {
    const { from } = dayRange(day);
    from.setDate(from.getDate() + days);
    dayField.input.value = dateInputValue(from);
    dayField.input.dispatchEvent(new Event("change"));
  };
  const dayBar = h("div", { class: "day-bar" },
    h("button", { type: "button", class: "button", onClick: () => shiftDay(-1), text: "Previous day" }),
    dayField.element,
    h("button", { type: "button", class: "button", onClick: () => shiftDay(1), text: "Next day" }));

  const timelineView = createTimeline(playFrom);
  const list = h("ul", { class: "recording-list", "aria-label": "Recordings" });
  const more = h("button", { type: "button", class: "button", hidden: true, text: "Show more" });
  more.addEventListener("click", () => {
    shown += PAGE_SIZE;
    load();
  });

  const exportFrom = field({ name: "from", label: "From", type: "datetime-local", step: 1 });
  const exportTo = field({ name: "to", label: "To", type: "datetime-local", step: 1 });
  const download = h("a", { class: "button", text: "Download" });
  const exportNote = h("p", { class: "field-hint" });
  const updateExport = () => {
    const from = new Date(exportFrom.input.value);
    const to = new Date(exportTo.input.value);
    const valid = timeline && !Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && to > from
      && to - from <= EXPORT_MAX_MS;
    if (valid) {
      download.href = `${timeline.recordingsUrl}/export.mp4?from=${encodeURIComponent(from.toISOString())}`
        + `&to=${encodeURIComponent(to.toISOString())}`;
      download.setAttribute("download", "");
      download.removeAttribute("aria-disabled");
      exportNote.textContent = `One MP4 of ${formatDuration(to - from)} of recordings.`;
    } else {
      download.removeAttribute("href");
      download.removeAttribute("download");
      download.setAttribute("aria-disabled", "true");
      exportNote.textContent = "Choose a range of at most 24 hours, its end after its start.";
    }
  };
  exportFrom.input.addEventListener("input", updateExport);
  exportTo.input.addEventListener("input", updateExport);

  const title = h("h1", { tabindex: "-1", text: "Recordings" });
  const content = h("div", { class: "recordings" },
    h("div", { class: "page-head" }, title),
    dayBar,
    timelineView.element,
    h("div", { class: "playback" }, video, position, playbackProblem),
    h("section", { class: "card", "aria-labelledby": "export-title" },
      h("h2", { id: "export-title", text: "Export" }),
      h("div", { class: "export-form" }, exportFrom.element, exportTo.element, h("div", { class: "field" }, download)),
      exportNote),
    h("section", { "aria-labelledby": "list-title" },
      h("h2", { id: "list-title", text: "Chunks" }), list, more));
  main.append(content);

  const item = (recording) => {
    const start = new Date(recording.startedAt);
    const label = formatTime(start);
    const thumbnail = recording.complete
      ? h("img", { class: "thumbnail", src: recording.thumbnailUrl, alt: `Picture at ${label}`, loading: "lazy",
        width: 160, height: 90 })
      : h("div", { class: "thumbnail placeholder", text: "Recording…" });
    // A chunk being written is in the catalogue without its segments until it closes: nothing to play or
    // download yet (the live view shows what it is recording).
    const actions = recording.complete ? [
      h("button", { type: "button", class: "button small", onClick: () => playFrom(start) }, "Play",
        h("span", { class: "visually-hidden", text: ` ${label}` })),
      h("a", { class: "button small", href: recording.url, download: "" }, "Download",
        h("span", { class: "visually-hidden", text: ` ${label}` })),
    ] : [];
    if (camera && camera.role === "owner" && recording.complete) {
      const remove = h("button", {
        type: "button", class: "button small danger",
        onClick: async () => {
          if (!await confirmDialog(`Delete the recording of ${label}?`, "This chunk is deleted from the storage. "
              + "This cannot be undone.", "Delete")) {
            return;
          }
          remove.disabled = true;
          try {
            await api(`${base}/${segment(recording.id)}`, { method: "DELETE" });
            announce(`Recording of ${label} deleted`);
            load();
          } catch (error) {
            fail(error.message);
            remove.disabled = false;
          }
        },
      }, "Delete recording", h("span", { class: "visually-hidden", text: ` ${label}` }));
      actions.push(remove);
    }
    const facts = recording.complete
      ? [formatDuration(recording.durationMillis || 0), formatBytes(recording.bytes)]
      : ["being written", "playable once it closes"];
    if (recording.recovered) {
      facts.push("recovered after a crash");
    }
    return h("li", { class: "recording" }, thumbnail,
      h("div", { class: "recording-text" },
        h("p", { class: "recording-time", text: label }),
        h("p", { class: "muted", text: facts.join(" · ") })),
      h("div", { class: "recording-actions" }, actions));
  };

  // The list is chronological; the newest `shown` chunks of the day, newest first.
  const newest = async (range) => {
    const page = (number) => api(`${base}?${range}&size=${PAGE_SIZE}&page=${number}`);
    const first = await page(0);
    const total = first.page ? first.page.totalPages : 1;
    const wanted = Math.ceil(shown / PAGE_SIZE);
    const numbers = [];
    for (let number = total - 1; number >= 0 && numbers.length < wanted; number -= 1) {
      numbers.push(number);
    }
    const pages = await Promise.all(numbers.map((number) => (number === 0 ? first : page(number))));
    const items = pages.flatMap((answer) => answer.content || [])
      .sort((a, b) => Number(b.id) - Number(a.id));
    return { items, more: numbers.length > 0 && numbers[numbers.length - 1] > 0 };
  };

  const load = async () => {
    clearTimeout(timer);
    const { from, to } = dayRange(day);
    const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    try {
      const [spans, recordings] = await Promise.all([api(`${base}/timeline?${range}`), newest(range)]);
      if (disposed) {
        return;
      }
      timeline = spans;
      const writing = recordings.items.find((recording) => !recording.complete);
      writingSince = writing ? new Date(writing.startedAt).getTime() : null;
      timelineView.show(spans, from, to);
      replace(list, recordings.items.length ? recordings.items.map(item)
        : h("li", { class: "muted", text: "No recordings on this day." }));
      more.hidden = !recordings.more;
      if (!exportFrom.input.value && spans.spans && spans.spans.length) {
        const last = spans.spans[spans.spans.length - 1];
        exportFrom.input.value = dateTimeInputValue(new Date(last.start));
        exportTo.input.value = dateTimeInputValue(new Date(last.end));
      }
      updateExport();
      fail(null);
    } catch (error) {
      fail(`Could not load the recordings: ${error.message}`);
    }
    if (to.getTime() > Date.now() && !disposed) {
      timer = setTimeout(load, REFRESH_MS);
    }
  };

  dayField.input.addEventListener("change", () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(dayField.input.value)) {
      day = dayField.input.value;
      shown = PAGE_SIZE;
      history.replaceState(null, "", `${window.location.pathname}?day=${day}`);
      load();
    }
  });

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
    playback.stop();
  };
}
