// A live player on a <video>: hls.js (from the build's pinned copy) where Media Source Extensions exist, the
// browser's own HLS otherwise (Safari on iPhone, which plays Low-Latency HLS itself). It plays the signed stream URL
// the API hands out, which needs no header; when that URL is refused (expired, access revoked) or the stream breaks,
// it asks the API again. hls.js runs in its low-latency mode: it loads parts as the worker lists them (blocking
// playlist reloads), holds the stream the playlist's PART-HOLD-BACK behind live, and catches up by playing faster
// (up to 1.5x) when it falls behind, or jumps when it is far behind. `onDelay(seconds)` hears, every second, how far
// the picture is behind the moment the worker received it (the segments' program dates), or null when unknown.

import Hls from "../../vendor/hls.min.mjs";
import { api, segment } from "../core/api.js";

const WORKER = new URL("../../vendor/hls.worker.js", import.meta.url).href;
const RETRY_MS = 3_000;
const DELAY_MS = 1_000;

/** Seconds the picture is behind: by the program dates when they are plausible, else behind the playlist's edge. */
function delayOf(hls) {
  const date = hls.playingDate;
  if (date) {
    const behind = (Date.now() - date.getTime()) / 1000;
    if (behind > -1 && behind < 120) {
      return Math.max(0, behind);
    }
  }
  return Number.isFinite(hls.latency) && hls.latency > 0 ? hls.latency : null;
}

export function createLivePlayer(video, cameraId, { onDelay = () => {} } = {}) {
  let hls = null;
  let wanted = false;
  let retry = null;
  let delay = null;
  let generation = 0;

  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;

  const tearDown = () => {
    clearTimeout(retry);
    retry = null;
    clearInterval(delay);
    delay = null;
    onDelay(null);
    if (hls) {
      hls.destroy();
      hls = null;
    }
    video.removeAttribute("src");
    video.load();
  };

  const scheduleRetry = () => {
    clearTimeout(retry);
    retry = setTimeout(() => {
      if (wanted) {
        tearDown();
        load();
      }
    }, RETRY_MS);
  };

  const load = async () => {
    const mine = ++generation;
    let stream;
    try {
      stream = await api(`/api/v1/cameras/${segment(cameraId)}/stream`);
    } catch {
      if (mine === generation && wanted) {
        scheduleRetry();
      }
      return;
    }
    if (mine !== generation || !wanted || !stream || !stream.streamUrl) {
      return;
    }
    if (Hls.isSupported()) {
      hls = new Hls({
        workerPath: WORKER,
        lowLatencyMode: true,
        maxLiveSyncPlaybackRate: 1.5,
        liveDurationInfinity: true,
        backBufferLength: 30,
      });
      const playing = hls;
      delay = setInterval(() => {
        if (!video.paused) {
          onDelay(delayOf(playing));
        }
      }, DELAY_MS);
      hls.on(Hls.Events.ERROR, (event, data) => {
        if (data.fatal) {
          scheduleRetry();
        }
      });
      hls.loadSource(stream.streamUrl);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = stream.streamUrl;
    }
    video.play().catch(() => {});
  };

  return {
    /** Plays (again) when `on`, stops and frees the connection otherwise. */
    set(on) {
      if (on === wanted) {
        return;
      }
      wanted = on;
      generation += 1;
      tearDown();
      if (on) {
        load();
      }
    },
    destroy() {
      wanted = false;
      generation += 1;
      tearDown();
    },
  };
}
