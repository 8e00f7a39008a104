// Watches the platform's Socket.IO channel as the web UI does and prints every cameraStatus and cameraRemoved
// event as one JSON line, until its standard input closes. Usage:
//   node status-watch.mjs <gatewayUrl> <token> <transport>
import { io } from "socket.io-client";

const [gateway, token, transport] = process.argv.slice(2);
const print = (value) => process.stdout.write(JSON.stringify(value) + "\n");

const socket = io(gateway, { path: "/socket.io/", transports: [transport || "websocket"], auth: { token } });
socket.on("connect", () => print({ event: "connect" }));
socket.on("connect_error", (error) => print({ event: "connect_error", error: error.message }));
socket.on("disconnect", (reason) => print({ event: "disconnect", reason }));
socket.on("cameraStatus", (payload) => print({ event: "cameraStatus", ...payload }));
socket.on("cameraRemoved", (payload) => print({ event: "cameraRemoved", ...payload }));

// The test ends the watch by closing stdin; a watch whose parent died ends too.
process.stdin.resume();
process.stdin.on("end", () => {
  socket.close();
  process.exit(0);
});
