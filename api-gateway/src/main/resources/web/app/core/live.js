// Live updates over Socket.IO (the official client), the same channel any client uses: `cameraStatus` carries a
// camera as this user sees it, `cameraRemoved` one this user may no longer see. Pages subscribe while they are
// shown; after every (re)connection they reload what they show, so that nothing pushed while disconnected is missed.

import { io } from "../../vendor/socket.io.esm.min.js";
import * as session from "./session.js";

let socket = null;
const subscribers = new Set();
const connectionListeners = new Set();
let state = "offline";

function setState(next) {
  state = next;
  connectionListeners.forEach((listener) => listener(state));
}

function connect() {
  if (socket) {
    return;
  }
  socket = io({
    // WebSocket first: one connection, no long-polling session to pin to one replica.
    transports: ["websocket", "polling"],
    // Asked again at every reconnection, so a refreshed token is used.
    auth: (send) => session.accessToken().then((token) => send({ token }), () => send({})),
    reconnectionDelayMax: 10_000,
  });
  socket.on("connect", () => {
    setState("connected");
    subscribers.forEach((subscriber) => subscriber.onConnect && subscriber.onConnect());
  });
  socket.on("disconnect", () => setState("reconnecting"));
  socket.on("connect_error", () => setState("reconnecting"));
  socket.on("cameraStatus", (status) => {
    subscribers.forEach((subscriber) => subscriber.onStatus && subscriber.onStatus(status));
  });
  socket.on("cameraRemoved", (removed) => {
    subscribers.forEach((subscriber) => subscriber.onRemoved && subscriber.onRemoved(removed.cameraId));
  });
  setState("connecting");
}

/**
 * Receives pushes: `onStatus(status)` (status.camera is the whole camera view), `onRemoved(cameraId)`,
 * `onConnect()` after each (re)connection. Answers an unsubscriber.
 */
export function subscribe(subscriber) {
  connect();
  // Added while already connected, it hears of no connection until the next one: pages load their state themselves.
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

/** Calls `listener(state)` ("connecting", "connected", "reconnecting", "offline") now and on every change. */
export function onConnection(listener) {
  connectionListeners.add(listener);
  listener(state);
  return () => connectionListeners.delete(listener);
}

export function disconnect() {
  if (socket) {
    socket.disconnect();
    socket = null;
    setState("offline");
  }
}

session.onChange((current) => {
  if (!current) {
    disconnect();
  }
});
