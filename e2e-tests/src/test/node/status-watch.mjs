// Watches the platform's Socket.IO channel as the web UI does and prints every cameraStatus and cameraRemoved
// event as one JSON line, until its standard input closes. Like the web UI, after every reconnection it reloads the
// cameras it may see (GET /api/v1/cameras) and prints them as one "snapshot" line, so that nothing pushed while it
// was disconnected is missed. Usage:
//   node status-watch.mjs <gatewayUrl> <token> <transport>
import { io } from "socket.io-client";

const [gateway, token, transport] = process.argv.slice(2);
const print = (value) => process.stdout.write(JSON.stringify(value) + "\n");

async function snapshot() {
  const cameras = [];
  for (let page = 0; ; page += 1) {
    const answer = await fetch(`${gateway}/api/v1/cameras?page=${page}&size=100`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!answer.ok) {
      throw new Error(`GET /api/v1/cameras answered ${answer.status}`);
    }
    const body = await answer.json();
    cameras.push(...(body.content || []).map((camera) => ({ cameraId: camera.id, status: camera.status })));
    if (!body.page || page + 1 >= body.page.totalPages) {
      return cameras;
    }
  }
}

let connections = 0;
const socket = io(gateway, { path: "/socket.io/", transports: [transport || "websocket"], auth: { token } });
socket.on("connect", () => {
  print({ event: "connect" });
  connections += 1;
  if (connections > 1) {
    snapshot()
      .then((cameras) => print({ event: "snapshot", cameras }))
      .catch((error) => print({ event: "snapshot_error", error: error.message }));
  }
});
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
