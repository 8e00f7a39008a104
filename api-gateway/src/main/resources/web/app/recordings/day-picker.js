// The day whose recordings the page shows: a date field with buttons for the day before and after.

import { h } from "../core/dom.js";
import { field } from "../core/forms.js";
import { dateInputValue, dayRange } from "../core/format.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` names a day as an <input type="date"> writes it (yyyy-mm-dd). */
export function isDay(value) {
  return Boolean(value) && DAY.test(value);
}

/** Starts at `day` (yyyy-mm-dd); `onPick(day)` gets each other day picked. Answers {element}. */
export function createDayPicker(day, onPick) {
  // The last valid day: what the buttons count from while the field holds something else.
  let current = day;
  const dayField = field({ name: "day", label: "Day", type: "date", value: day, max: dateInputValue(new Date()) });
  const shift = (days) => {
    const { from } = dayRange(current);
    from.setDate(from.getDate() + days);
    dayField.input.value = dateInputValue(from);
    dayField.input.dispatchEvent(new Event("change"));
  };
  dayField.input.addEventListener("change", () => {
    if (isDay(dayField.input.value)) {
      current = dayField.input.value;
      onPick(current);
    }
  });
  const element = h("div", { class: "day-bar" },
    h("button", { type: "button", class: "button", onClick: () => shift(-1), text: "Previous day" }),
    dayField.element,
    h("button", { type: "button", class: "button", onClick: () => shift(1), text: "Next day" }));
  return { element };
}
