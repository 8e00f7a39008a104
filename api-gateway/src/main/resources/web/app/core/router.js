// Pages by path, as the gateway serves them (/, /login, /register, /cameras/{id}, /cameras/{id}/recordings):
// links within the app change the page without a reload; back and forward work; a page that needs a login sends
// there and comes back afterwards.

import * as session from "./session.js";

const routes = [];
let cleanup = null;
let firstRender = true;

/**
 * Adds a page: `pattern` a RegExp whose groups are the parameters, `render(main, params, query)` builds it and may
 * answer a cleanup function; `public` pages need no login, `guestOnly` ones (login, register) send a logged-in user
 * home.
 */
export function route(pattern, render, { title, public: open = false, guestOnly = false } = {}) {
  routes.push({ pattern, render, title, open, guestOnly });
}

export function navigate(path, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, "", path);
  } else {
    history.pushState(null, "", path);
  }
  render();
}

function match(pathname) {
  for (const candidate of routes) {
    const found = candidate.pattern.exec(pathname);
    if (found) {
      return { ...candidate, params: found.slice(1).map(decodeURIComponent) };
    }
  }
  return null;
}

let notFound = null;

/** The page shown for a path no route knows (the gateway answers such paths with its own 404 page). */
export function fallback(render) {
  notFound = render;
}

export function render() {
  const main = document.getElementById("main");
  const { pathname, search } = window.location;
  const found = match(pathname);
  const loggedIn = session.current() !== null;
  if (found && !found.open && !loggedIn) {
    const next = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    navigate(`/login${next}`, { replace: true });
    return;
  }
  if (found && found.guestOnly && loggedIn) {
    navigate(safeNext(new URLSearchParams(search).get("next")), { replace: true });
    return;
  }
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  main.replaceChildren();
  document.dispatchEvent(new CustomEvent("app:navigated"));
  const page = found ? found.render : notFound;
  const result = page(main, found ? found.params : [], new URLSearchParams(search));
  cleanup = typeof result === "function" ? result : null;
  if (!firstRender) {
    // A screen reader hears the new page's heading; keyboard focus starts at its top.
    (main.querySelector("h1") || main).focus({ preventScroll: false });
  }
  firstRender = false;
}

/** A `next` parameter only ever names a page of this app, never another origin. */
export function safeNext(next) {
  return next && next.startsWith("/") && !next.startsWith("//") && match(next.split("?")[0]) ? next : "/";
}

function intercept(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
      || event.altKey) {
    return;
  }
  const link = event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) {
    return;
  }
  const url = new URL(link.href);
  if (url.origin !== window.location.origin || !match(url.pathname)) {
    return;
  }
  event.preventDefault();
  if (url.pathname + url.search !== window.location.pathname + window.location.search) {
    navigate(url.pathname + url.search);
  }
}

export function start() {
  document.addEventListener("click", intercept);
  window.addEventListener("popstate", render);
  render();
}
