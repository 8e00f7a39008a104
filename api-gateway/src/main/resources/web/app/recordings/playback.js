// Playing recordings from a moment: the camera's signed playback playlist from that moment on (hls.js, or the
// browser's own HLS), which starts at the segment holding the moment; the playhead then moves to the moment itself,
// and `onPosition(date)` follows the wall-clock time being shown (EXT-X-PROGRAM-DATE-TIME).

import Hls from "../../vendor/hls.min.mjs";

const WORKER = new URL("../../vendor/hls.worker.js", import.meta.url).href;

export function createPlayback(video, { onPosition = () => {}, onProblem = () => {} } = {}) {
  let hls = null;

  const stop = () => {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    video.removeAttribute("src");
    video.load();
  };

  video.addEventListener("timeupdate", () => {
    if (hls && hls.playingDate) {
      onPosition(hls.playingDate);
    }
  });

  return {
    /** Plays `playlistUrl` (which starts at or just before `moment`) from `moment`. */
    play(playlistUrl, moment) {
      stop();
      onProblem(null);
      if (Hls.isSupported()) {
        hls = new Hls({ workerPath: WORKER, startPosition: 0 });
        let sought = false;
        hls.on(Hls.Events.LEVEL_LOADED, (event, data) => {
          const first = data.details.fragments[0];
          if (!sought && first && first.programDateTime) {
            sought = true;
            const offset = Math.max(0, (moment.getTime() - first.programDateTime) / 1000);
            if (offset > 0.5) {
              hls.startLoad(first.start + offset);
              video.currentTime = first.start + offset;
            }
          }
        });
        hls.on(Hls.Events.ERROR, (event, data) => {
          if (!data.fatal) {
            return;
          }
          const status = data.response && data.response.code;
          onProblem(status === 404
            ? "Nothing playable from there yet: what is being recorded becomes playable a few seconds later."
            : "Playback stopped: the recording could not be loaded. Try again.");
          stop();
        });
        hls.loadSource(playlistUrl);
        hls.attachMedia(video);
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = playlistUrl;
      } else {
        onProblem("This browser cannot play HLS.");
        return;
      }
      video.play().catch(() => {});
    },
    stop,
  };
}
