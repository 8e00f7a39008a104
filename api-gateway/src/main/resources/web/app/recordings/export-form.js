// Exporting a range of recordings as one MP4: a start and an end, and a download link while the range is valid.

import { h } from "../core/dom.js";
import { field } from "../core/forms.js";
import { dateTimeInputValue, formatDuration } from "../core/format.js";

const EXPORT_MAX_MS = 24 * 3600 * 1000;

/** Answers {element, show(timeline)}: `timeline` the day's spans as the API answers them, with their recordingsUrl. */
export function createExportForm() {
  let timeline = null;
  const from = field({ name: "from", label: "From", type: "datetime-local", step: 1 });
  const to = field({ name: "to", label: "To", type: "datetime-local", step: 1 });
  const download = h("a", { class: "button", text: "Download" });
  const note = h("p", { class: "field-hint" });

  const update = () => {
    const start = new Date(from.input.value);
    const end = new Date(to.input.value);
    const valid = timeline && !Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && end > start
      && end - start <= EXPORT_MAX_MS;
    if (valid) {
      download.href = `${timeline.recordingsUrl}/export.mp4?from=${encodeURIComponent(start.toISOString())}`
        + `&to=${encodeURIComponent(end.toISOString())}`;
      download.setAttribute("download", "");
      download.removeAttribute("aria-disabled");
      note.textContent = `One MP4 of ${formatDuration(end - start)} of recordings.`;
    } else {
      download.removeAttribute("href");
      download.removeAttribute("download");
      download.setAttribute("aria-disabled", "true");
      note.textContent = "Choose a range of at most 24 hours, its end after its start.";
    }
  };
  from.input.addEventListener("input", update);
  to.input.addEventListener("input", update);

  const element = h("section", { class: "card", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title", text: "Export" }),
    h("div", { class: "export-form" }, from.element, to.element, h("div", { class: "field" }, download)),
    note);

  return {
    element,
    /** Takes the day's spans; a range not chosen yet starts as the newest span. */
    show(spans) {
      timeline = spans;
      if (!from.input.value && spans.spans && spans.spans.length) {
        const last = spans.spans[spans.spans.length - 1];
        from.input.value = dateTimeInputValue(new Date(last.start));
        to.input.value = dateTimeInputValue(new Date(last.end));
      }
      update();
    },
  };
}
