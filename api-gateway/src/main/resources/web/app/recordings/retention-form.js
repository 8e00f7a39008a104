// How long a camera's recordings are kept (owners change it; everyone sees it), with how many days fit in the size
// limit at the rate of the last 24 hours.

import { api, segment } from "../core/api.js";
import { announce, h, replace } from "../core/dom.js";
import { busy, field, formAlert, showAlert, showProblem } from "../core/forms.js";
import { formatBytes, formatDateTime } from "../core/format.js";
import { isOwner } from "../cameras/status.js";

const GB = 1_000_000_000;

export function createRetention(camera) {
  const path = `/api/v1/cameras/${segment(camera.id)}/retention`;
  const facts = h("div", { class: "retention-facts" });
  const element = h("section", { class: "card retention", "aria-labelledby": "retention-title" },
    h("h2", { id: "retention-title", text: "Retention" }), facts);

  const days = field({ name: "maxAgeDays", label: "Keep days", type: "number", min: 1, max: 3650, step: 1,
    inputmode: "numeric", hint: "Recordings older than this are deleted. Empty: no age limit." });
  const gigabytes = field({ name: "maxBytes", label: "Keep gigabytes", type: "number", min: 0.01, step: 0.01,
    inputmode: "decimal", hint: "The oldest recordings are deleted to stay under this size. Empty: no size limit." });
  const alert = formAlert();
  const form = h("form", { class: "retention-form", novalidate: true },
    days.element, gigabytes.element, alert,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary", text: "Save retention" })));

  const showFacts = (retention) => {
    const lines = [
      `${retention.recordings} ${retention.recordings === 1 ? "recording" : "recordings"}, `
        + `${formatBytes(retention.usedBytes)} in all.`,
    ];
    if (retention.oldest) {
      lines.push(`The oldest starts ${formatDateTime(retention.oldest)}.`);
    }
    lines.push(`Kept: ${retention.maxAgeDays ? `${retention.maxAgeDays} days` : "no age limit"}, `
      + `${retention.maxBytes ? formatBytes(retention.maxBytes) : "no size limit"}.`);
    if (retention.bytesPerDay) {
      lines.push(`A day of recording takes about ${formatBytes(retention.bytesPerDay)}.`);
    }
    const fit = retention.daysThatFit !== null && retention.daysThatFit !== undefined
      ? h("p", { class: "days-fit", "data-testid": "days-fit",
        text: `${retention.daysThatFit} days fit in the size limit at the last 24 hours' rate.` })
      : null;
    replace(facts, lines.map((line) => h("p", { text: line })), fit);
    days.input.value = retention.maxAgeDays ?? "";
    gigabytes.input.value = retention.maxBytes ? String(Math.round((retention.maxBytes / GB) * 100) / 100) : "";
  };

  const load = async () => {
    try {
      showFacts(await api(path));
    } catch (error) {
      replace(facts, h("p", { class: "form-alert", role: "alert", text: `Could not load retention: ${error.message}` }));
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showAlert(alert, null);
    const maxAgeDays = days.input.value === "" ? null : Number(days.input.value);
    const maxBytes = gigabytes.input.value === "" ? null : Math.round(Number(gigabytes.input.value) * GB);
    if (maxAgeDays !== null && !(Number.isInteger(maxAgeDays) && maxAgeDays >= 1 && maxAgeDays <= 3650)) {
      days.setError("Keep days must be a whole number from 1 to 3650, or empty");
      days.input.focus();
      return;
    }
    if (maxBytes !== null && !(maxBytes >= 1_048_576)) {
      gigabytes.setError("Keep gigabytes must be at least 0.01 (about 10 MB), or empty");
      gigabytes.input.focus();
      return;
    }
    try {
      showFacts(await busy(form, () => api(path, { method: "PUT", body: { maxAgeDays, maxBytes } })));
      announce("Retention saved");
    } catch (error) {
      showProblem(error, { maxAgeDays: days, maxBytes: gigabytes }, alert);
    }
  });

  if (isOwner(camera)) {
    element.append(form);
  }
  load();
  return { element, reload: load };
}
