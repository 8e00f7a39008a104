// The header of every page: home, who is logged in, whether live updates arrive, and log out.

import { h, replace } from "../core/dom.js";
import * as live from "../core/live.js";
import * as session from "../core/session.js";

const CONNECTION = {
  connecting: "Connecting…",
  connected: "Live updates on",
  reconnecting: "Live updates paused, reconnecting…",
  offline: "",
};

let stopWatching = null;

export function renderHeader() {
  const header = document.getElementById("app-header");
  const current = session.current();
  if (stopWatching) {
    stopWatching();
    stopWatching = null;
  }
  const brand = h("a", { class: "brand", href: "/" },
    h("img", { src: new URL("../icon.svg", import.meta.url).href, alt: "", width: 28, height: 28 }),
    "Media Platform");
  if (!current) {
    replace(header, brand);
    return;
  }
  const connection = h("span", { class: "connection", "data-testid": "live-connection" });
  stopWatching = live.onConnection((state) => {
    connection.textContent = CONNECTION[state] || "";
    connection.dataset.state = state;
  });
  const logout = h("button", {
    type: "button", class: "button quiet", text: "Log out",
    onClick: async () => {
      logout.disabled = true;
      // The session's listeners (main.js) show the login page.
      await session.logout();
    },
  });
  replace(header, brand,
    h("div", { class: "header-end" },
      connection,
      h("span", { class: "user" }, h("span", { class: "visually-hidden", text: "Logged in as " }), current.username),
      logout));
}
