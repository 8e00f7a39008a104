// The web UI of Media Platform, on the platform's public API only (REST, Socket.IO and HLS, as any client uses
// them). Each screen lives with its feature: auth/, cameras/, sharing/, recordings/; core/ holds what they share.

import { loginPage } from "./auth/login-page.js";
import { registerPage } from "./auth/register-page.js";
import { cameraPage } from "./cameras/camera-page.js";
import { gridPage } from "./cameras/grid-page.js";
import { h } from "./core/dom.js";
import { fallback, navigate, route, start } from "./core/router.js";
import * as session from "./core/session.js";
import { renderHeader } from "./layout/header.js";
import { recordingsPage } from "./recordings/recordings-page.js";

const CAMERA_ID = "([0-9a-fA-F-]{8,64})";

route(/^\/$/, gridPage);
route(/^\/login$/, loginPage, { public: true, guestOnly: true });
route(/^\/register$/, registerPage, { public: true, guestOnly: true });
route(new RegExp(`^/cameras/${CAMERA_ID}$`), cameraPage);
route(new RegExp(`^/cameras/${CAMERA_ID}/recordings$`), recordingsPage);

fallback((main) => {
  document.title = "Page not found · Media Platform";
  main.append(h("div", { class: "narrow" },
    h("h1", { tabindex: "-1", text: "Page not found" }),
    h("p", { text: "There is no page at this address." }),
    h("p", {}, h("a", { class: "button primary", href: "/", text: "Go to your cameras" }))));
});

document.addEventListener("app:navigated", renderHeader);

// Logged out in another tab, or the session could not be refreshed: back to the login page.
session.onChange((current) => {
  renderHeader();
  if (!current && !["/login", "/register"].includes(window.location.pathname)) {
    navigate("/login", { replace: true });
  }
});

start();
