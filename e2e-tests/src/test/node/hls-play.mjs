// Plays an HLS playlist as a viewer's browser does: hls.js on a muted <video> in Debian's Chromium (driven by
// playwright-core), on a page served from its own http origin, so every playlist and segment request is cross-origin
// like a web UI's. Prints ONE JSON line on stdout and always exits (overall timeout) with the browser closed. Usage:
//   node hls-play.mjs <playlistUrl> [seconds]
// seconds (default 6): how long currentTime is sampled once the video plays.
// HLS_BEARER (environment): an access token hls.js sends as `Authorization: Bearer` with every request.
// HLS_SEEK_TO (environment): once playing, seek to this many seconds and sample from there (a recording's playlist).
//
// The line: supported (Hls.isSupported()), mse (MediaSource.isTypeSupported of H.264 Baseline and High in fMP4),
// manifestParsed, fatalError ({type, details, reason, url, status} of the first fatal hls.js error, or null),
// playing, videoWidth/videoHeight, samples ([{ms, currentTime}] from the first sample), advanced (currentTime gained over
// the sampling) and wallSeconds, fragLoaded, decodedFrames/droppedFrames (getVideoPlaybackQuality), error (this
// script's own failure: launch, timeout), browser (version), duration (video.duration: a VOD playlist's length),
// seekedTo (currentTime right after the seek, when HLS_SEEK_TO is set), lowLatency (the playlist offered blocking
// reloads and listed parts, and hls.js ran in its low-latency mode), partLoaded (parts hls.js loaded), and in each
// sample behind (seconds between the wall clock and the program date of the frame shown, or null) and latency
// (hls.js's own distance to the live edge).
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
// From launch to `playing`: Chromium's start, the manifest, the first fragments (the live edge waits for segments).
const START_TIMEOUT_MS = 45_000;

const [playlistUrl, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 6);
const bearer = process.env.HLS_BEARER || null;
const seekTo = process.env.HLS_SEEK_TO ? Number(process.env.HLS_SEEK_TO) : null;
if (!playlistUrl || !(seconds > 0)) {
  process.stderr.write("usage: node hls-play.mjs <playlistUrl> [seconds]\n");
  process.exit(64);
}

const report = {
  url: playlistUrl, supported: null, mse: null, manifestParsed: false, fatalError: null, playing: false,
  videoWidth: 0, videoHeight: 0, samples: [], advanced: 0, wallSeconds: 0, fragLoaded: 0, decodedFrames: 0,
  droppedFrames: 0, error: null, browser: null, duration: null, seekedTo: null, partLoaded: 0, lowLatency: false,
};
let printed = false;
const print = () => {
  if (!printed) {
    printed = true;
    process.stdout.write(JSON.stringify(report) + "\n");
  }
};

const hlsJs = readFileSync(new URL("./node_modules/hls.js/dist/hls.min.js", import.meta.url));
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>hls-play</title><script src="/hls.min.js"></script></head>
<body><video id="video" muted playsinline width="640" height="360"></video>
<script>
  const state = window.state = { supported: Hls.isSupported(),
    mse: Object.fromEntries(["avc1.42e01f", "avc1.64001f"].map((codec) => [codec,
      typeof MediaSource !== "undefined" && MediaSource.isTypeSupported('video/mp4; codecs="' + codec + '"')])),
    manifestParsed: false, fatalError: null, playing: false, fragLoaded: 0, partLoaded: 0, lowLatency: false,
    errors: [] };
  const video = document.getElementById("video");
  video.muted = true;
  video.addEventListener("playing", () => { state.playing = true; });
  if (state.supported) {
    const bearer = ${JSON.stringify(bearer)};
    const hls = window.hls = new Hls(bearer ? {
      xhrSetup: (xhr) => xhr.setRequestHeader("Authorization", "Bearer " + bearer) } : {});
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      state.manifestParsed = true;
      video.play().catch((error) => state.errors.push("play(): " + error));
    });
    hls.on(Hls.Events.FRAG_LOADED, (event, data) => {
      state.fragLoaded++;
      if (data.part) {
        state.partLoaded++;
      }
    });
    hls.on(Hls.Events.LEVEL_LOADED, (event, data) => {
      const details = data.details;
      state.lowLatency = hls.lowLatencyMode && details.canBlockReload && (details.partList?.length ?? 0) > 0;
    });
    hls.on(Hls.Events.ERROR, (event, data) => {
      const error = { type: data.type, details: data.details, fatal: data.fatal,
        reason: data.reason || (data.error && String(data.error)) || null,
        url: (data.frag && data.frag.url) || data.url || null,
        status: (data.response && data.response.code) || null };
      if (data.fatal && !state.fatalError) {
        state.fatalError = error;
      }
      state.errors.push(error);
    });
    hls.loadSource(${JSON.stringify(playlistUrl)});
    hls.attachMedia(video);
  }
</script></body></html>`;

const server = createServer((request, response) => {
  if (request.url === "/") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    response.end(page);
  } else if (request.url === "/hls.min.js") {
    response.writeHead(200, { "Content-Type": "text/javascript", "Cache-Control": "no-store" });
    response.end(hlsJs);
  } else if (request.url === "/favicon.ico") {
    response.writeHead(204).end();
  } else {
    response.writeHead(404).end();
  }
});

const userDataDir = mkdtempSync(join(tmpdir(), "hls-play-"));
let context = null;

// Closes the browser (bounded: a hung browser is killed) and the server; removes the profile.
const cleanUp = async () => {
  if (context) {
    const browser = context.browser();
    const closing = context.close().catch(() => {});
    const closed = await Promise.race([closing.then(() => true), sleep(10_000).then(() => false)]);
    if (!closed && browser) {
      await browser.close().catch(() => {});
    }
  }
  server.closeAllConnections?.();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
};

const finish = async (code) => {
  clearTimeout(overall);
  print();
  await cleanUp().catch(() => {});
  process.exit(code);
};

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const overall = setTimeout(() => {
  report.error = report.error || `no result within ${Math.round(overallMs() / 1000)} s`;
  print();
  // Last resort: whatever still runs, the process ends and takes its children's pipes with it.
  cleanUp().finally(() => process.exit(1));
  setTimeout(() => process.exit(1), 15_000).unref();
}, overallMs());

function overallMs() {
  return START_TIMEOUT_MS + seconds * 1000 + 30_000;
}

const readState = (target) => target.evaluate(() => {
  const video = document.getElementById("video");
  const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : {};
  const hls = window.hls;
  const date = hls && hls.playingDate;
  return { ...window.state, currentTime: video.currentTime, videoWidth: video.videoWidth,
    behind: date ? (Date.now() - date.getTime()) / 1000 : null,
    latency: hls && Number.isFinite(hls.latency) ? hls.latency : null,
    videoHeight: video.videoHeight, decodedFrames: quality.totalVideoFrames || 0, duration: video.duration,
    seeking: video.seeking,
    droppedFrames: quality.droppedVideoFrames || 0 };
});

const copy = (state) => {
  for (const key of ["supported", "mse", "manifestParsed", "fatalError", "playing", "videoWidth", "videoHeight",
    "fragLoaded", "partLoaded", "lowLatency", "decodedFrames", "droppedFrames", "duration"]) {
    report[key] = state[key];
  }
};

try {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000,
  });
  report.browser = context.browser()?.version() ?? null;
  const tab = context.pages()[0] ?? await context.newPage();
  tab.on("pageerror", (error) => process.stderr.write(`hls-play: page error: ${error.message}\n`));
  tab.on("console", (message) => {
    if (message.type() === "error") {
      process.stderr.write(`hls-play: console: ${message.text()}\n`);
    }
  });
  await tab.goto(origin + "/", { timeout: 15_000 });

  // Until it plays or fails.
  const startDeadline = Date.now() + START_TIMEOUT_MS;
  let state = await readState(tab);
  while (state.supported && !state.playing && !state.fatalError && Date.now() < startDeadline) {
    await sleep(200);
    state = await readState(tab);
  }
  copy(state);
  if (state.supported && !state.playing && !state.fatalError) {
    report.error = `not playing within ${START_TIMEOUT_MS / 1000} s`;
  }

  // A recording: seek (across a chunk border) and watch from there.
  if (seekTo !== null && state.playing && !state.fatalError) {
    await tab.evaluate((to) => { document.getElementById("video").currentTime = to; }, seekTo);
    const seekDeadline = Date.now() + 20_000;
    state = await readState(tab);
    while ((state.seeking || state.currentTime < seekTo) && !state.fatalError && Date.now() < seekDeadline) {
      await sleep(200);
      state = await readState(tab);
    }
    report.seekedTo = state.currentTime;
  }

  // While it plays: currentTime against the wall clock.
  if (state.playing && !state.fatalError) {
    const start = Date.now();
    const first = state.currentTime;
    report.samples.push({ ms: 0, currentTime: first });
    while (Date.now() - start < seconds * 1000) {
      await sleep(500);
      state = await readState(tab);
      report.samples.push({ ms: Date.now() - start, currentTime: state.currentTime, behind: state.behind,
        latency: state.latency });
      if (state.fatalError) {
        break;
      }
    }
    report.wallSeconds = (Date.now() - start) / 1000;
    report.advanced = state.currentTime - first;
    copy(state);
  }
  if (state.errors?.length) {
    process.stderr.write(`hls-play: hls.js errors: ${JSON.stringify(state.errors.slice(0, 10))}\n`);
  }
  await finish(0);
} catch (error) {
  report.error = report.error || String(error?.message ?? error).split("\n")[0];
  await finish(1);
}
