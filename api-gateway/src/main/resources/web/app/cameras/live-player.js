// A live player on a <video>: hls.js (from the build's pinned copy) where Media Source Extensions exist, the
// browser's own HLS otherwise (Safari on iPhone). It plays the signed stream URL the API hands out, which needs no
// header; when that URL is refused (expired, access revoked) or the stream breaks, it asks the API again.

import Hls from "../../vendor/hls.min.mjs";
import { api, segment } from "../core/api.js";

const WORKER = new URL("../../vendor/hls.worker.js", import.meta.url).href;
const RETRY_MS = 3_000;

export function createLivePlayer(video, cameraId) {
  let hls = null;
  let wanted = false;
  let retry = null;
  let generation = 0;

  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;

  const tearDown = () => {
    clearTimeout(retry);
    retry = null;
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
      hls = new Hls({ workerPath: WORKER, lowLatencyMode: false, liveDurationInfinity: true, backBufferLength: 30 });
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
