// A day's chunks, newest first, each with its thumbnail, what it holds, and what can be done with it: play, download,
// delete (owners). Shows a page of them and more on request.

import { api, segment } from "../core/api.js";
import { confirmDialog } from "../core/dialog.js";
import { announce, h, replace } from "../core/dom.js";
import { formatBytes, formatDuration, formatTime } from "../core/format.js";

const PAGE_SIZE = 50;

/** How long after a chunk opens its first fragments are settled and announced, so that it can be played. */
const SETTLED_MS = 6_000;

/**
 * The list of the chunks under `base` (the camera's recordings path). `mayDelete()` tells whether the person may
 * delete chunks, `onPlay(date)` plays from a chunk's start, `onChanged()` asks the page to load the list again (more
 * wanted, a chunk deleted), `onError(message)` shows what failed. Answers {element, load(range), show(recordings),
 * reset()}.
 */
export function createRecordingList(base, { mayDelete, onPlay, onChanged, onError }) {
  let shown = PAGE_SIZE;
  const list = h("ul", { class: "recording-list", "aria-label": "Recordings" });
  const more = h("button", { type: "button", class: "button", hidden: true, text: "Show more" });
  more.addEventListener("click", () => {
    shown += PAGE_SIZE;
    onChanged();
  });

  const remove = (recording, label) => {
    const button = h("button", {
      type: "button", class: "button small danger",
      onClick: async () => {
        if (!await confirmDialog(`Delete the recording of ${label}?`, "This chunk is deleted from the storage. "
            + "This cannot be undone.", "Delete")) {
          return;
        }
        button.disabled = true;
        try {
          await api(`${base}/${segment(recording.id)}`, { method: "DELETE" });
          announce(`Recording of ${label} deleted`);
          onChanged();
        } catch (error) {
          onError(error.message);
          button.disabled = false;
        }
      },
    }, "Delete recording", h("span", { class: "visually-hidden", text: ` ${label}` }));
    return button;
  };

  const item = (recording) => {
    const start = new Date(recording.startedAt);
    const label = formatTime(start);
    const thumbnail = recording.complete
      ? h("img", { class: "thumbnail", src: recording.thumbnailUrl, alt: `Picture at ${label}`, loading: "lazy",
        width: 160, height: 90 })
      : h("div", { class: "thumbnail placeholder", text: "Recording…" });
    // A chunk being written plays and downloads as far as it is written (its fragments become playable a few
    // seconds after they are recorded); one just started has nothing complete yet.
    const actions = (recording.complete || Date.now() - start.getTime() >= SETTLED_MS) ? [
      h("button", { type: "button", class: "button small", onClick: () => onPlay(start) }, "Play",
        h("span", { class: "visually-hidden", text: ` ${label}` })),
      h("a", { class: "button small", href: recording.url, download: "" }, "Download",
        h("span", { class: "visually-hidden", text: ` ${label}` })),
    ] : [];
    if (mayDelete() && recording.complete) {
      actions.push(remove(recording, label));
    }
    const facts = recording.complete
      ? [formatDuration(recording.durationMillis || 0), formatBytes(recording.bytes)]
      : ["being written", "plays up to a few seconds ago"];
    if (recording.recovered) {
      facts.push("recovered after a crash");
    }
    return h("li", { class: "recording" }, thumbnail,
      h("div", { class: "recording-text" },
        h("p", { class: "recording-time", text: label }),
        h("p", { class: "muted", text: facts.join(" · ") })),
      h("div", { class: "recording-actions" }, actions));
  };

  return {
    element: h("section", { "aria-labelledby": "list-title" },
      h("h2", { id: "list-title", text: "Chunks" }), list, more),
    /**
     * The newest `shown` chunks of `range` (a from/to query), newest first: {items, more}. The API pages them oldest
     * first, so the pages are asked for from the last one back.
     */
    async load(range) {
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
    },
    /** Shows what load() answered. */
    show(recordings) {
      replace(list, recordings.items.length ? recordings.items.map(item)
        : h("li", { class: "muted", text: "No recordings on this day." }));
      more.hidden = !recordings.more;
    },
    /** Back to the first page's worth, for another day. */
    reset() {
      shown = PAGE_SIZE;
    },
  };
}
