// Drives the platform's Socket.IO API with the official client, as the web UI does, and prints what it saw as
// one JSON object. Usage: node socketio-scenario.mjs <gatewayUrl> <aliceToken> <bobToken> <bobName> <transport>
import { io } from "socket.io-client";

const [gateway, aliceToken, bobToken, bobName, transport] = process.argv.slice(2);
// Generous: a loaded two-core CI machine runs the whole platform; this is no latency test.
const TIMEOUT = 30000;
const result = {};

// Never wait forever: whatever happens, print what was seen and end.
setTimeout(() => {
  result.error = result.error || "the scenario did not finish within 150 s";
  console.log(JSON.stringify(result));
  process.exit(0);
}, 150000).unref();

function connect(options) {
  return new Promise((resolve, reject) => {
    const socket = io(gateway, { path: "/socket.io/", transports: [transport], reconnection: false, timeout: TIMEOUT, ...options });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("neither connected nor refused"));
    }, TIMEOUT);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      reject(new Error(reason));
    });
  });
}

// Refused at the handshake (connect_error), or disconnected by the server right after connecting.
async function refused(options) {
  try {
    const socket = await connect(options);
    return await new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.close();
        resolve("connected and kept");
      }, 10000);
      socket.once("disconnect", (reason) => {
        clearTimeout(timer);
        resolve(`refused: ${reason}`);
      });
    });
  } catch (error) {
    return `refused: ${error.message}`;
  }
}

function next(socket, event, predicate = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${TIMEOUT} ms`)), TIMEOUT);
    const listener = (payload) => {
      if (predicate(payload)) {
        clearTimeout(timer);
        socket.off(event, listener);
        resolve(payload);
      }
    };
    socket.on(event, listener);
  });
}

const ask = (socket, event, data) => socket.timeout(TIMEOUT).emitWithAck(event, data);

try {
  result.noToken = await refused({});
  result.badToken = await refused({ auth: { token: "not.a.token" } });

  const alice = await connect({ auth: { token: aliceToken } });
  const bob = await connect({ query: { token: bobToken } });
  result.connected = true;

  const added = await ask(alice, "addCamera", { name: "Socket cam", rtspUrl: "rtsp://user:hunter2@socket.local/live" });
  result.added = added;
  const id = added.camera.id;
  result.badAdd = await ask(alice, "addCamera", { name: "x", rtspUrl: "file:///etc/passwd" });
  result.aliceCameras = await ask(alice, "loadCameras", {});
  result.bobCamerasBefore = await ask(bob, "loadCameras", {});
  result.bobStartBeforeShare = await ask(bob, "startStream", { cameraId: id });

  const bobSeesShare = next(bob, "cameraStatus", (p) => p.cameraId === id);
  result.shared = await ask(alice, "shareCamera", { cameraId: id, username: bobName, role: "viewer" });
  result.bobStatusOnShare = await bobSeesShare;
  result.bobCamerasAfter = await ask(bob, "loadCameras", {});
  result.bobStartAsViewer = await ask(bob, "startStream", { cameraId: id });
  result.bobStopAsViewer = await ask(bob, "stopStream", { cameraId: id });
  result.bobRecordAsViewer = await ask(bob, "recordStream", { cameraId: id, enabled: true });
  result.bobShareAsViewer = await ask(bob, "shareCamera", { cameraId: id, username: bobName, role: "operator" });
  result.bobDeleteAsViewer = await ask(bob, "deleteCamera", { cameraId: id });

  const bobSeesStart = next(bob, "cameraStatus", (p) => p.cameraId === id && p.streaming === true);
  result.started = await ask(alice, "startStream", { cameraId: id });
  result.bobStatusOnStart = await bobSeesStart;
  result.stopped = await ask(alice, "stopStream", { cameraId: id });
  result.recordWrongType = await ask(alice, "recordStream", { cameraId: id, enabled: 1 });
  result.recorded = await ask(alice, "recordStream", { cameraId: id, enabled: true });

  const bobSeesRemoval = next(bob, "cameraRemoved", (p) => p.cameraId === id);
  result.deleted = await ask(alice, "deleteCamera", { cameraId: id });
  result.bobRemoved = await bobSeesRemoval;
  result.stopDeleted = await ask(alice, "stopStream", { cameraId: id });

  alice.close();
  bob.close();
} catch (error) {
  result.error = String(error && error.message ? error.message : error);
}
console.log(JSON.stringify(result));
process.exit(0);
