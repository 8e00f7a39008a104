// The web UI driven as its users drive it, in Debian's Chromium (playwright-core), found only by what a person or a
// screen reader perceives: roles, accessible names, labels, and the few test ids the UI contract names. Prints ONE
// JSON line on stdout and always exits (overall timeout) with the browser closed. Usage:
//   node ui-flow.mjs <gatewayUrl> <rtspUrl> <owner> <ownerPassword> <viewer> <viewerPassword> [desktop|phone]
// The owner is registered here, through the UI; the viewer must already exist (it only logs in through the UI).
// UI_SCREENSHOTS (environment): the folder for the screenshots (default: e2e-tests/target/ui-screenshots):
// <device>-<page>.png, and <device>-failed-<step>-<who>.png of a failed step.
//
// The flow: register (with field errors first) -> log in (a wrong password first) -> add the camera -> start live
// -> the badge turns LIVE without a reload and the <video> plays -> record -> the camera page -> the recordings page:
// the chunk on the timeline and in the list plays -> an accessibility scan (axe-core) of every page -> share with the
// viewer, who sees it play without the owner's controls -> the 404 page -> delete the camera -> log out.
// The first failing step ends the flow (the steps after it are missing from the report).
//
// The line: device, owner, viewer, camera (its name), cameraId, steps ([{name, ok, ms, error?, ...what it saw}]),
// failedStep, axe ({page: {url, ms, violations: [{id, impact, help, nodes: [{target, html, failureSummary}]}]}}),
// consoleErrors ([{page, type, text, url}]: console errors and uncaught page errors, of every page of the run),
// screenshots (folder), browser (version), error (this script's own failure: launch, overall timeout).
import { chromium, devices } from "playwright-core";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
const OVERALL_MS = 150_000;
// Camera start: a worker takes it, connects, writes the first segments.
const LIVE_TIMEOUT_MS = 45_000;
// A video starts playing once its player has a segment or two.
const PLAY_TIMEOUT_MS = 30_000;
// The first chunk opens at once and closes (thumbnail) after RECORDING_CHUNK_SECONDS.
const CHUNK_TIMEOUT_MS = 40_000;
// The contract's link "Recordings"; the UI names it "Recordings of <camera>", which tells a screen reader's list of
// links one camera's from another's.
const RECORDINGS_LINK = /^Recordings\b/;

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  phone: {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    userAgent: devices["Pixel 7"].userAgent,
  },
};

const [gatewayArg, rtspUrl, owner, ownerPassword, viewer, viewerPassword, deviceArg] = process.argv.slice(2);
const device = deviceArg ?? "desktop";
if (!gatewayArg || !rtspUrl || !owner || !ownerPassword || !viewer || !viewerPassword || !DEVICES[device]) {
  process.stderr.write("usage: node ui-flow.mjs <gatewayUrl> <rtspUrl> <owner> <ownerPassword> <viewer> "
    + "<viewerPassword> [desktop|phone]\n");
  process.exit(64);
}
const gateway = gatewayArg.replace(/\/+$/, "");
const shots = process.env.UI_SCREENSHOTS
  || fileURLToPath(new URL("../../../target/ui-screenshots", import.meta.url));
mkdirSync(shots, { recursive: true });
// Pictures of an earlier run (a failed step's above all) would pass for this run's.
for (const file of readdirSync(shots).filter((name) => name.startsWith(`${device}-`) && name.endsWith(".png"))) {
  rmSync(join(shots, file));
}
const axeSource = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const phone = device === "phone";
const camera = phone ? "Back yard" : "Front door";

const report = {
  device, owner, viewer, camera, cameraId: null, steps: [], failedStep: null, axe: {}, consoleErrors: [],
  screenshots: shots, browser: null, error: null,
};
let printed = false;
const print = () => {
  if (!printed) {
    printed = true;
    process.stdout.write(JSON.stringify(report) + "\n");
  }
};

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until `done(value)`; throws with the last value seen. */
async function until(what, probe, done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) {
        return last;
      }
    } catch (error) {
      last = `(${String(error?.message ?? error).split("\n")[0]})`;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} within ${timeoutMs / 1000} s; last seen: ${JSON.stringify(last)}`);
    }
    await sleep(150);
  }
}

const firstLine = (error) => String(error?.message ?? error).split("\n").filter((line) => line.trim())[0];

// Console errors are failures, except the browser's own "Failed to load resource" lines for the HTTP errors a
// step provokes on purpose (a taken name, a wrong password, the 404 page): those the step allows while it runs.
let allowed = null;
async function allowing(pattern, action) {
  allowed = pattern;
  try {
    return await action();
  } finally {
    // The browser reports a failed load a moment after the page has shown its answer.
    await sleep(300);
    allowed = null;
  }
}

function watchConsole(page, name) {
  page.on("console", (message) => {
    if (message.type() !== "error") {
      return;
    }
    const text = message.text();
    if (allowed && allowed.test(text)) {
      return;
    }
    const entry = { page: name, type: "console", text, url: message.location()?.url || page.url() };
    report.consoleErrors.push(entry);
    process.stderr.write(`ui-flow: ${device} ${name} console error: ${text} (${entry.url})\n`);
  });
  page.on("pageerror", (error) => {
    const entry = { page: name, type: "pageerror", text: firstLine(error), url: page.url() };
    report.consoleErrors.push(entry);
    process.stderr.write(`ui-flow: ${device} ${name} page error: ${error.stack ?? error}\n`);
  });
}

async function step(name, action) {
  if (report.failedStep) {
    return;
  }
  const started = Date.now();
  const entry = { name, ok: false };
  report.steps.push(entry);
  try {
    Object.assign(entry, (await action()) ?? {});
    entry.ok = true;
  } catch (error) {
    entry.error = firstLine(error);
    report.failedStep = name;
    process.stderr.write(`ui-flow: ${device} step ${name} failed: ${error?.stack ?? error}\n`);
    for (const [who, page] of Object.entries(pages)) {
      entry[`${who}Url`] = page.url();
      await shot(page, `failed-${name}-${who}`).catch(() => {});
    }
  } finally {
    entry.ms = Date.now() - started;
  }
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${device}-${name}.png`, fullPage: true, timeout: 10_000 });
}

/** A tap on a phone, a click elsewhere. */
const press = (locator) => (phone ? locator.tap() : locator.click());

const path = (page) => new URL(page.url()).pathname;

const visible = (locator, timeout = 10_000) => locator.waitFor({ state: "visible", timeout });

async function text(locator) {
  return (await locator.innerText()).trim();
}

/** The state of a <video>, as the page sees it. */
const videoState = (video) => video.evaluate((element) => ({
  currentTime: element.currentTime, paused: element.paused, readyState: element.readyState, muted: element.muted,
  videoWidth: element.videoWidth, videoHeight: element.videoHeight, error: element.error?.code ?? null,
}));

/**
 * Waits until the video plays, then samples currentTime for `seconds` of wall time: {advanced, wallSeconds, ...}.
 * `from` (optional): the currentTime before a click that should start playback, so that a paused or still picture
 * does not count.
 */
async function watchVideo(video, seconds, from = null) {
  await video.scrollIntoViewIfNeeded({ timeout: 5_000 });
  const playing = await until("the video plays", () => videoState(video),
    (state) => !state.paused && state.readyState >= 2 && state.currentTime > 0
      && (from === null || Math.abs(state.currentTime - from) > 0.05), PLAY_TIMEOUT_MS);
  const start = Date.now();
  await sleep(seconds * 1000);
  const last = await videoState(video);
  return {
    advanced: Number((last.currentTime - playing.currentTime).toFixed(3)),
    wallSeconds: (Date.now() - start) / 1000, currentTime: last.currentTime, paused: last.paused,
    muted: last.muted, videoWidth: last.videoWidth, videoHeight: last.videoHeight, error: last.error,
  };
}

/** The owner's and viewer's controls of a camera (an article, or a camera page), counted by name. */
async function controls(scope) {
  const count = async (pattern) => scope.getByRole("button", { name: pattern }).count();
  return {
    live: await count(/^(Start|Stop) live/), recording: await count(/^(Start|Stop) recording/),
    share: await count(/^Share/), edit: await count(/^Edit/), delete: await count(/^Delete/),
  };
}

async function header(page, user) {
  const banner = page.getByRole("banner");
  await visible(banner.getByRole("link", { name: "Media Platform", exact: true }));
  await visible(banner.getByText(user).first());
  await visible(banner.getByRole("button", { name: "Log out", exact: true }));
}

async function logIn(page, user, password) {
  await page.getByLabel("Username", { exact: true }).fill(user);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await press(page.getByRole("button", { name: "Log in", exact: true }));
  await visible(page.getByRole("heading", { level: 1, name: "Cameras", exact: true }), 15_000);
}

async function logOut(page) {
  await press(page.getByRole("banner").getByRole("button", { name: "Log out", exact: true }));
  await page.waitForURL((url) => url.pathname === "/login", { timeout: 10_000 });
}

/** The camera's card on the live grid. */
const card = (page) => page.getByRole("article", { name: camera, exact: true });

/**
 * Until a recording of the list shows its thumbnail (the chunk being written has none yet); reloads the page now and
 * then, as the contract does not say the list updates by itself.
 */
async function awaitRecording(page) {
  const list = page.getByRole("list", { name: "Recordings", exact: true });
  const deadline = Date.now() + CHUNK_TIMEOUT_MS;
  let nextReload = Date.now() + 5_000;
  let reloads = 0;
  for (;;) {
    // Thumbnails may load lazily, once scrolled to, as a person would.
    const img = list.getByRole("listitem").getByRole("img").first();
    await img.scrollIntoViewIfNeeded({ timeout: 1_000 }).catch(() => {});
    const thumbnail = await img.evaluate((element) => element.complete && element.naturalWidth > 0, null,
      { timeout: 1_000 }).catch(() => false);
    if (thumbnail) {
      return { reloads, items: await list.getByRole("listitem").count() };
    }
    if (Date.now() > deadline) {
      const items = await list.getByRole("listitem").count().catch(() => "none");
      throw new Error(`no recording with a loaded thumbnail in the list "Recordings" within `
        + `${CHUNK_TIMEOUT_MS / 1000} s (${reloads} reloads); items: ${items}`);
    }
    await sleep(500);
    if (Date.now() > nextReload) {
      reloads++;
      nextReload = Date.now() + 5_000;
      await page.reload();
    }
  }
}

/** axe-core on the page as it is: every violation, with its nodes. */
async function scan(page, name) {
  const started = Date.now();
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const run = await axe.run(document, { resultTypes: ["violations"] });
    return run.violations.map((violation) => ({
      id: violation.id, impact: violation.impact, help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(" "), html: node.html.slice(0, 200), failureSummary: node.failureSummary,
      })),
    }));
  });
  report.axe[name] = { url: page.url(), ms: Date.now() - started, violations: result };
  for (const violation of result) {
    process.stderr.write(`ui-flow: ${device} axe ${name}: ${violation.impact} ${violation.id} (${violation.help}): `
      + violation.nodes.map((node) => node.target).join(", ") + "\n");
  }
  return result.length;
}

let browser = null;
const pages = {};

const overall = setTimeout(() => {
  report.error = report.error || `no result within ${OVERALL_MS / 1000} s (at step ${report.steps.at(-1)?.name})`;
  print();
  // Last resort: whatever still runs, the process ends and takes its children's pipes with it.
  (browser ? browser.close() : Promise.resolve()).catch(() => {}).finally(() => process.exit(1));
  setTimeout(() => process.exit(1), 15_000).unref();
}, OVERALL_MS);

async function newPage(name, options = {}) {
  const context = await browser.newContext({ ...DEVICES[device], locale: "en-US", ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watchConsole(page, name);
  pages[name] = page;
  return page;
}

async function flow() {
  const page = await newPage("owner");
  let cameraPath = null;

  await step("register-page", async () => {
    await page.goto(`${gateway}/register`);
    await visible(page.getByLabel("Username", { exact: true }));
    await visible(page.getByLabel("Password", { exact: true }));
    await visible(page.getByRole("button", { name: "Create account", exact: true }));
    await visible(page.getByRole("link", { name: "Log in", exact: true }));
    await shot(page, "register");
  });

  // Field errors inline: after `submit`, the input is marked invalid and described by a message it did not have
  // before (a hint it is always described by does not count).
  const described = (input) => input.evaluate((element) => (element.getAttribute("aria-describedby") || "")
    .split(/\s+/).filter(Boolean).map((id) => document.getElementById(id))
    .filter((target) => target && target.checkVisibility()).map((target) => target.textContent.trim()));
  const fieldError = async (label, submit) => {
    const input = page.getByLabel(label, { exact: true });
    const before = await described(input);
    await submit();
    await until(`"${label}" gets aria-invalid="true"`, () => input.getAttribute("aria-invalid"),
      (value) => value === "true", 10_000);
    const added = (await described(input)).filter((message) => message && !before.includes(message));
    if (added.length === 0) {
      throw new Error(`"${label}" is aria-invalid, but no visible message was added to its aria-describedby `
        + `(${await input.getAttribute("aria-describedby")})`);
    }
    return added.join(" ");
  };
  await step("register-field-errors", () => allowing(/^Failed to load resource: .* status of 4\d\d/, async () => {
    const createAccount = () => press(page.getByRole("button", { name: "Create account", exact: true }));
    await page.getByLabel("Username", { exact: true }).fill(owner);
    await page.getByLabel("Password", { exact: true }).fill("short");
    const shortPassword = await fieldError("Password", createAccount);
    // A taken name only the server knows.
    await page.getByLabel("Username", { exact: true }).fill(viewer);
    await page.getByLabel("Password", { exact: true }).fill(ownerPassword);
    const takenName = await fieldError("Username", createAccount);
    if (path(page) !== "/register") {
      throw new Error(`a refused registration left /register for ${page.url()}`);
    }
    return { shortPassword, takenName };
  }));

  let registeredTo = null;
  await step("register", async () => {
    await page.getByLabel("Username", { exact: true }).fill(owner);
    await page.getByLabel("Password", { exact: true }).fill(ownerPassword);
    await press(page.getByRole("button", { name: "Create account", exact: true }));
    registeredTo = await until("/login or the logged-in app after \"Create account\"", async () => {
      if (path(page) === "/login") {
        return "login";
      }
      return (await page.getByRole("button", { name: "Log out", exact: true }).isVisible()) ? "in" : null;
    }, (where) => where !== null, 15_000);
    if (registeredTo === "in") {
      await header(page, owner);
      // Out again, to log in as the scenario says.
      await logOut(page);
      return { registeredTo };
    }
    return { registeredTo, usernameKept: await page.getByLabel("Username", { exact: true }).inputValue() === owner };
  });

  await step("login-page", async () => {
    await visible(page.getByLabel("Username", { exact: true }));
    await visible(page.getByLabel("Password", { exact: true }));
    await visible(page.getByRole("button", { name: "Log in", exact: true }));
    await visible(page.getByRole("link", { name: "Create an account", exact: true }));
    await shot(page, "login");
  });

  await step("login-wrong-password", () => allowing(/^Failed to load resource: .* status of 401/, async () => {
    await page.getByLabel("Username", { exact: true }).fill(owner);
    await page.getByLabel("Password", { exact: true }).fill(`${ownerPassword}-wrong`);
    await press(page.getByRole("button", { name: "Log in", exact: true }));
    const alert = page.getByRole("alert").filter({ hasText: /\S/ });
    await visible(alert.first());
    const message = await text(alert.first());
    if (path(page) !== "/login") {
      throw new Error(`a wrong password left /login for ${page.url()}`);
    }
    return { message };
  }));

  await step("login", async () => {
    await logIn(page, owner, ownerPassword);
    if (path(page) !== "/") {
      throw new Error(`logged in at ${page.url()}, not /`);
    }
    await header(page, owner);
  });

  await step("add-camera", async () => {
    await press(page.getByRole("button", { name: "Add camera", exact: true }));
    const dialog = page.getByRole("dialog", { name: "Add camera", exact: true });
    await visible(dialog);
    await dialog.getByLabel("Name", { exact: true }).fill(camera);
    await dialog.getByLabel("RTSP URL", { exact: true }).fill(rtspUrl);
    const transports = await dialog.getByLabel("Transport", { exact: true }).locator("option")
      .evaluateAll((options) => options.map((option) => option.textContent.trim()));
    await dialog.getByLabel("Transport", { exact: true }).selectOption({ label: "TCP" });
    await press(dialog.getByRole("button", { name: "Add", exact: true }));
    await dialog.waitFor({ state: "hidden", timeout: 10_000 });
    await visible(card(page));
    return { transports, status: await text(card(page).getByTestId("status")) };
  });

  await step("reload-keeps-session", async () => {
    await page.reload();
    await visible(page.getByRole("heading", { level: 1, name: "Cameras", exact: true }));
    await header(page, owner);
    await visible(card(page));
  });

  await step("owner-controls", async () => {
    const article = card(page);
    await visible(article.getByRole("link", { name: camera, exact: true }));
    await visible(article.getByRole("link", { name: RECORDINGS_LINK }));
    await visible(article.getByTestId("status"));
    return {
      controls: await controls(article), recordingShown: await article.getByTestId("recording").isVisible(),
      snapshot: await article.ariaSnapshot(),
    };
  });

  await step("start-live", async () => {
    const article = card(page);
    await press(article.getByRole("button", { name: /^Start live/ }));
    // Every state the badge shows on the way, without a reload.
    const statuses = [];
    const badge = article.getByTestId("status");
    const started = Date.now();
    await until("the badge shows LIVE", async () => {
      const now = await text(badge);
      if (statuses.at(-1) !== now) {
        statuses.push(now);
      }
      return now;
    }, (now) => now === "LIVE", LIVE_TIMEOUT_MS);
    await visible(article.getByRole("button", { name: /^Stop live/ }));
    return { statuses, liveAfterMs: Date.now() - started };
  });

  await step("live-video", async () => {
    const video = card(page).getByLabel(`Live view of ${camera}`, { exact: true });
    const played = await watchVideo(video, 4);
    // The player says how far behind live it is (the label over the picture, every second).
    const delay = card(page).locator(".live-delay");
    await visible(delay, 10_000);
    return { ...played, delay: await text(delay), delaySeconds: Number(await delay.getAttribute("data-seconds")) };
  });

  await step("start-recording", async () => {
    const article = card(page);
    await press(article.getByRole("button", { name: /^Start recording/ }));
    const indicator = article.getByTestId("recording");
    await visible(indicator, 30_000);
    await visible(article.getByRole("button", { name: /^Stop recording/ }));
    const recording = await text(indicator);
    const status = await text(article.getByTestId("status"));
    await shot(page, "grid");
    return { recording, status };
  });

  await step("camera-page", async () => {
    await press(card(page).getByRole("link", { name: camera, exact: true }));
    await page.waitForURL((url) => /^\/cameras\/[^/]+$/.test(url.pathname), { timeout: 10_000 });
    cameraPath = path(page);
    report.cameraId = cameraPath.split("/")[2];
    await visible(page.getByRole("heading", { level: 1, name: camera, exact: true }));
    await header(page, owner);
    const status = await text(page.getByTestId("status"));
    const recording = await text(page.getByTestId("recording"));
    const played = await watchVideo(page.getByLabel(`Live view of ${camera}`, { exact: true }), 3);
    await visible(page.getByRole("link", { name: RECORDINGS_LINK }));
    const found = await controls(page);
    await shot(page, "camera");
    return { status, recording, controls: found, ...played };
  });

  await step("recordings-page", async () => {
    await press(page.getByRole("link", { name: RECORDINGS_LINK }));
    await page.waitForURL((url) => url.pathname === `${cameraPath}/recordings`, { timeout: 10_000 });
    await visible(page.getByRole("heading", { level: 1, name: `Recordings of ${camera}`, exact: true }));
    await header(page, owner);
    const day = page.getByLabel("Day", { exact: true });
    await visible(day);
    const dayType = await day.getAttribute("type");
    const dayValue = await day.inputValue();
    await visible(page.getByTestId("timeline"));
    const { reloads, items } = await awaitRecording(page);
    return { dayType, dayValue, reloads, items };
  });

  await step("timeline-play", async () => {
    const span = page.getByTestId("timeline").getByRole("button", { name: /^Play from / }).first();
    await visible(span);
    const name = await span.getAttribute("aria-label") ?? await text(span);
    const video = page.getByLabel("Playback", { exact: true });
    const before = await videoState(video).then((state) => state.currentTime).catch(() => null);
    await press(span);
    return { span: name, ...(await watchVideo(video, 3, before)) };
  });

  await step("list-play", async () => {
    // The newest chunk may still be written: it plays as far as it is written (once it has been for a few
    // seconds), so the newest chunk offering Play is played, whichever it is.
    const items = page.getByRole("list", { name: "Recordings", exact: true }).getByRole("listitem");
    const item = items.filter({ has: page.getByRole("button", { name: /^Play (?!from )/ }) }).first();
    const play = item.getByRole("button", { name: /^Play (?!from )/ });
    const video = page.getByLabel("Playback", { exact: true });
    await video.evaluate((element) => element.pause());
    const before = (await videoState(video)).currentTime;
    await press(play);
    const played = await watchVideo(video, 2, before);
    await shot(page, "recordings");
    return played;
  });

  await step("recordings-owner-controls", async () => {
    const list = page.getByRole("list", { name: "Recordings", exact: true });
    const items = await list.getByRole("listitem").count();
    const withThumbnail = await list.getByRole("listitem").filter({ has: page.getByRole("img") }).count();
    const deletes = await list.getByRole("button", { name: /^Delete recording / }).count();
    const types = {};
    for (const label of ["From", "To"]) {
      types[label] = await page.getByLabel(label, { exact: true }).getAttribute("type");
    }
    const download = page.getByRole("link", { name: "Download", exact: true });
    await visible(download);
    const downloadHref = await download.getAttribute("href");
    await visible(page.getByLabel("Keep days", { exact: true }));
    await visible(page.getByLabel("Keep gigabytes", { exact: true }));
    await visible(page.getByRole("button", { name: "Save retention", exact: true }));
    const daysFit = await page.getByText(/\d+ days? fit/).allInnerTexts();
    return { items, withThumbnail, deletes, types, downloadHref, daysFit };
  });

  await step("retention-save", async () => {
    await page.getByLabel("Keep days", { exact: true }).fill("30");
    await press(page.getByRole("button", { name: "Save retention", exact: true }));
    // Saved is what a reload shows.
    await sleep(1_000);
    await page.reload();
    const keepDays = page.getByLabel("Keep days", { exact: true });
    await visible(keepDays);
    return { keepDaysAfterReload: await until("Keep days filled in", () => keepDays.inputValue(),
      (value) => value !== "", 5_000) };
  });

  // With the camera live, recording, and a recording listed: every page, in its own context.
  await step("accessibility", async () => {
    // The pages' Content-Security-Policy refuses inline scripts, so page.addScriptTag({content}) cannot inject
    // axe-core. This context alone bypasses the CSP (bypassCSP), only to run the scan; every other page of this
    // flow runs under the real CSP, whose violations would show as console errors.
    const scanned = await newPage("axe", { bypassCSP: true });
    const counts = {};
    await scanned.goto(`${gateway}/login`);
    await visible(scanned.getByRole("button", { name: "Log in", exact: true }));
    counts.login = await scan(scanned, "login");
    await scanned.goto(`${gateway}/register`);
    await visible(scanned.getByRole("button", { name: "Create account", exact: true }));
    counts.register = await scan(scanned, "register");
    await scanned.goto(`${gateway}/login`);
    await logIn(scanned, owner, ownerPassword);
    await visible(card(scanned).getByTestId("status"));
    await until("the badge shows LIVE", () => text(card(scanned).getByTestId("status")), (now) => now === "LIVE",
      LIVE_TIMEOUT_MS);
    counts.grid = await scan(scanned, "grid");
    await scanned.goto(`${gateway}${cameraPath}`);
    await visible(scanned.getByRole("heading", { level: 1, name: camera, exact: true }));
    counts.camera = await scan(scanned, "camera");
    await scanned.goto(`${gateway}${cameraPath}/recordings`);
    await visible(scanned.getByRole("list", { name: "Recordings", exact: true }).getByRole("listitem").first());
    counts.recordings = await scan(scanned, "recordings");
    await allowing(/^Failed to load resource: .* status of 404/, async () => {
      await scanned.goto(`${gateway}/no-such-page`);
      await visible(scanned.getByRole("heading", { level: 1, name: "Page not found", exact: true }));
    });
    counts.notFound = await scan(scanned, "not-found");
    await scanned.context().close();
    delete pages.axe;
    return { violations: counts };
  });

  await step("share", async () => {
    await press(page.getByRole("banner").getByRole("link", { name: "Media Platform", exact: true }));
    await page.waitForURL((url) => url.pathname === "/", { timeout: 10_000 });
    await press(card(page).getByRole("button", { name: /^Share/ }));
    const dialog = page.getByRole("dialog", { name: /^Share/ });
    await visible(dialog);
    await dialog.getByLabel("Username", { exact: true }).fill(viewer);
    const roles = await dialog.getByLabel("Role", { exact: true }).locator("option")
      .evaluateAll((options) => options.map((option) => option.textContent.trim()));
    await dialog.getByLabel("Role", { exact: true }).selectOption({ label: "Viewer" });
    await press(dialog.getByRole("button", { name: "Share", exact: true }));
    await visible(dialog.getByRole("button", { name: `Remove ${viewer}`, exact: true }));
    await shot(page, "share");
    // The contract names no close button: Escape closes a dialog.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden", timeout: 5_000 });
    return { roles };
  });

  const other = await newPage("viewer");
  await step("viewer-login", async () => {
    await other.goto(`${gateway}/login`);
    await logIn(other, viewer, viewerPassword);
    await header(other, viewer);
    const article = card(other);
    await visible(article);
    await visible(article.getByTestId("status"));
    await visible(article.getByRole("link", { name: camera, exact: true }));
    await visible(article.getByRole("link", { name: RECORDINGS_LINK }));
    const played = await watchVideo(article.getByLabel(`Live view of ${camera}`, { exact: true }), 2);
    await shot(other, "viewer-grid");
    return { controls: await controls(article), snapshot: await article.ariaSnapshot(), ...played };
  });

  await step("viewer-recordings", async () => {
    await press(card(other).getByRole("link", { name: RECORDINGS_LINK }));
    await other.waitForURL((url) => url.pathname === `${cameraPath}/recordings`, { timeout: 10_000 });
    const list = other.getByRole("list", { name: "Recordings", exact: true });
    await visible(list.getByRole("listitem").first());
    return {
      plays: await list.getByRole("button", { name: /^Play / }).count(),
      deletes: await list.getByRole("button", { name: /^Delete recording/ }).count(),
      retention: await other.getByRole("button", { name: "Save retention", exact: true }).count()
        + await other.getByLabel("Keep days", { exact: true }).count(),
    };
  });

  await step("viewer-logout", async () => {
    await logOut(other);
  });

  await step("not-found", async () => {
    const response = await allowing(/^Failed to load resource: .* status of 404/,
      () => page.goto(`${gateway}/no-such-page`));
    await visible(page.getByRole("heading", { level: 1, name: "Page not found", exact: true }));
    await shot(page, "not-found");
    // A way home other than the header's.
    const home = await page.evaluate((origin) => [...document.querySelectorAll("a[href]")]
      .filter((link) => !link.closest("header, [role=banner]") && link.href === `${origin}/`)
      .map((link) => link.textContent.trim()), gateway);
    if (home.length === 0) {
      throw new Error("no link to / on the 404 page outside the header");
    }
    return { status: response?.status() ?? null, home };
  });

  // Live view off while the camera records: the page says that it records and how to watch, not LIVE over an empty
  // player. (Last before the camera goes: live view back on a camera that records is issue 20's "picture at once".)
  await step("live-off-while-recording", async () => {
    await page.goto(`${gateway}${cameraPath}`);
    await visible(page.getByRole("heading", { level: 1, name: camera, exact: true }));
    await press(page.getByRole("button", { name: /^Stop live/ }));
    const badge = page.getByTestId("status");
    await until("the badge shows RECORDING", () => text(badge), (now) => now === "RECORDING", LIVE_TIMEOUT_MS);
    await visible(page.getByRole("button", { name: /^Start live/ }));
    const detail = await text(page.getByTestId("status-detail"));
    const overlayShown = await page.locator(".video-overlay").isVisible();
    const recording = await text(page.getByTestId("recording"));
    await shot(page, "recording-only");
    return { detail, overlayShown, recording };
  });

  await step("delete-camera", async () => {
    await page.goto(`${gateway}/`);
    await press(card(page).getByRole("button", { name: /^Delete/ }));
    const dialog = page.getByRole("dialog");
    await visible(dialog);
    await press(dialog.getByRole("button", { name: "Delete", exact: true }));
    await card(page).waitFor({ state: "detached", timeout: 15_000 });
  });

  await step("logout", async () => {
    await logOut(page);
    await page.goto(`${gateway}/`);
    // Logged out, the app shows nobody's cameras.
    await sleep(1_000);
    const stillIn = await page.getByRole("button", { name: "Log out", exact: true }).count();
    if (stillIn > 0) {
      throw new Error(`after "Log out", ${page.url()} still shows "Log out"`);
    }
    return { homeLoggedOut: path(page) };
  });
}

try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
  report.browser = browser.version();
  await flow();
  clearTimeout(overall);
  print();
  await browser.close().catch(() => {});
  process.exit(0);
} catch (error) {
  clearTimeout(overall);
  report.error = report.error || firstLine(error);
  process.stderr.write(`ui-flow: ${error?.stack ?? error}\n`);
  print();
  await browser?.close().catch(() => {});
  process.exit(1);
}
