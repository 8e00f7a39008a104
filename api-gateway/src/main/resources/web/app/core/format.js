// Times as people read them: the browser's own locale and time zone.

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function formatTime(instant) {
  return time.format(new Date(instant));
}

export function formatDateTime(instant) {
  return dateTime.format(new Date(instant));
}

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function formatDuration(millis) {
  const seconds = Math.round(millis / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) {
    return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  }
  if (minutes > 0) {
    return `${minutes} min ${String(rest).padStart(2, "0")} s`;
  }
  return `${rest} s`;
}

/** "1.4 GB", "230 MB", "12 kB" (decimal units, as disks are sold). */
export function formatBytes(bytes) {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** The value of an <input type="date"> for the local day of `date`. */
export function dateInputValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value of an <input type="datetime-local"> (seconds precision) for `date`, in local time. */
export function dateTimeInputValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${dateInputValue(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Local midnight at the start of the day an <input type="date"> names, and the next one. */
export function dayRange(dateValue) {
  const [year, month, day] = dateValue.split("-").map(Number);
  const from = new Date(year, month - 1, day);
  const to = new Date(year, month - 1, day + 1);
  return { from, to };
}
