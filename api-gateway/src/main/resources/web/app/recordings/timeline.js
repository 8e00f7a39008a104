// A day's recorded spans as a bar: each span a button (keyboard and screen readers reach them), a click anywhere on
// the bar plays from that moment. The bar shows the whole day or zooms in (6 h, 1 h, 10 min) around the newest
// recording or the last moment picked, and moves earlier or later by half its width.

import { h, replace } from "../core/dom.js";
import { formatDuration, formatTime } from "../core/format.js";

const ZOOMS = [
  { value: "86400000", label: "Whole day" },
  { value: "21600000", label: "6 hours" },
  { value: "3600000", label: "1 hour" },
  { value: "600000", label: "10 minutes" },
];
const TICKS = 4;

const hourMinute = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** A button for each span in `view` ({from, to}, ms), placed by `place(time)` (percent); a click calls `pick(start)`. */
function spanButtons(spans, view, place, pick) {
  const visible = spans.filter((span) => new Date(span.end) > view.from && new Date(span.start) < view.to);
  return visible.map((span) => {
    const spanStart = new Date(Math.max(new Date(span.start).getTime(), view.from));
    const spanEnd = new Date(Math.min(new Date(span.end).getTime(), view.to));
    const button = h("button", {
      type: "button", class: "timeline-span", title: `${formatTime(span.start)} – ${formatTime(span.end)}`,
      onClick: () => pick(spanStart),
    }, h("span", { class: "visually-hidden",
      text: `Play from ${formatTime(spanStart)} (until ${formatTime(spanEnd)})` }));
    button.style.left = `${place(spanStart.getTime())}%`;
    button.style.width = `max(6px, ${place(spanEnd.getTime()) - place(spanStart.getTime())}%)`;
    return button;
  });
}

/** The times under the bar: TICKS + 1 of them, evenly from the view's start to its end (a whole day ends at 24:00). */
function tickLabels(view) {
  const width = view.to - view.from;
  return Array.from({ length: TICKS + 1 }, (_, i) => {
    const time = view.from + (width * i) / TICKS;
    const tick = h("span", { text: i === TICKS && width >= 86_400_000 ? "24:00" : hourMinute.format(time) });
    tick.style.left = `${(i / TICKS) * 100}%`;
    return tick;
  });
}

/** `onPick(date)` is called with the moment to play from. Answers {element, show(timeline, from, to)}. */
export function createTimeline(onPick) {
  const track = h("div", { class: "timeline-track" });
  const ticks = h("div", { class: "timeline-ticks", "aria-hidden": "true" });
  const summary = h("p", { class: "muted timeline-summary" });
  const zoom = h("select", { id: "timeline-zoom", class: "compact" },
    ZOOMS.map((choice) => h("option", { value: choice.value, text: choice.label })));
  const earlier = h("button", { type: "button", class: "button small", text: "Earlier" });
  const later = h("button", { type: "button", class: "button small", text: "Later" });
  const tools = h("div", { class: "timeline-tools" },
    h("label", { for: "timeline-zoom", text: "Zoom" }), zoom, earlier, later);
  const element = h("div", { class: "timeline", "data-testid": "timeline", role: "group", "aria-label": "Timeline" },
    tools, track, ticks, summary);
  let day = null;
  let data = null;
  let view = null;
  let focus = null;

  const render = () => {
    if (!day || !data) {
      return;
    }
    const width = Math.min(Number(zoom.value), day.to - day.from);
    const spans = data.spans || [];
    const anchor = focus || (spans.length ? new Date(spans[spans.length - 1].end).getTime() : Date.now());
    let start = Math.round(anchor - width / 2);
    start = Math.max(day.from.getTime(), Math.min(start, day.to.getTime() - width));
    if (width >= day.to - day.from) {
      start = day.from.getTime();
    }
    view = { from: start, to: start + width };
    earlier.disabled = view.from <= day.from.getTime();
    later.disabled = view.to >= day.to.getTime();
    const place = (time) => ((time - view.from) / width) * 100;
    replace(track, spanButtons(spans, view, place, pick));
    const now = Date.now();
    if (now > view.from && now < view.to) {
      const marker = h("span", { class: "timeline-now", "aria-hidden": "true" });
      marker.style.left = `${place(now)}%`;
      track.append(marker);
    }
    replace(ticks, tickLabels(view));
    summary.textContent = spans.length
      ? `${spans.length} recorded ${spans.length === 1 ? "span" : "spans"}, ${formatDuration(data.recordedMillis || 0)}`
        + " in all. Click a moment on the bar, or a span, to play from there."
      : "Nothing recorded on this day.";
  };

  const pick = (moment) => {
    focus = moment.getTime();
    onPick(moment);
  };

  track.addEventListener("click", (event) => {
    if (!view || event.target.closest("button")) {
      return;
    }
    const box = track.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    pick(new Date(view.from + fraction * (view.to - view.from)));
  });
  zoom.addEventListener("change", render);
  const move = (direction) => {
    const width = view.to - view.from;
    focus = view.from + width / 2 + (direction * width) / 2;
    render();
  };
  earlier.addEventListener("click", () => move(-1));
  later.addEventListener("click", () => move(1));

  return {
    element,
    show(timeline, from, to) {
      if (!day || day.from.getTime() !== from.getTime()) {
        focus = null;
      }
      day = { from, to };
      data = timeline;
      render();
    },
  };
}
