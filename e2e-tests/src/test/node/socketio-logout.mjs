// A Socket.IO client whose session logs out, as a browser tab of the web UI would see it: it connects with its access
// token, the session logs out elsewhere, and the server should disconnect it at once and refuse the token after. Prints
// what it saw as one JSON object. Usage: node socketio-logout.mjs <gatewayUrl> <accessToken> <refreshToken>
import { io } from "socket.io-client";

const [gateway, accessToken, refreshToken] = process.argv.slice(2);
const TIMEOUT = 30000;
const result = {};

setTimeout(() => {
  result.error = result.error || "the scenario did not finish within 90 s";
  console.log(JSON.stringify(result));
  process.exit(0);
}, 90000).unref();

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(gateway, { path: "/socket.io/", transports: ["websocket"], reconnection: false, timeout: TIMEOUT,
      auth: { token: accessToken } });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

try {
  const socket = await connect();
  const cameras = await socket.timeout(TIMEOUT).emitWithAck("loadCameras", {});
  result.loadedCameras = Array.isArray(cameras);
  const disconnected = new Promise((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
  const loggedOutAt = Date.now();
  const logout = await fetch(`${gateway}/api/v1/auth/logout`, { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refreshToken }) });
  result.logoutStatus = logout.status;
  result.disconnect = await Promise.race([disconnected,
    new Promise((resolve) => setTimeout(() => resolve("still connected after 10 s"), 10000))]);
  result.disconnectedAfterMs = Date.now() - loggedOutAt;
  socket.close();
  try {
    const again = await connect();
    // An auth-payload client is refused at connect or disconnected right after.
    result.reconnect = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve("connected and kept"), 5000);
      again.once("disconnect", (reason) => {
        clearTimeout(timer);
        resolve(`refused: ${reason}`);
      });
    });
    again.close();
  } catch (error) {
    result.reconnect = `refused: ${error.message}`;
  }
} catch (error) {
  result.error = String(error && error.message || error);
}
console.log(JSON.stringify(result));
process.exit(0);
