// Who is logged in in this browser: the token pair from auth-service, kept in localStorage so that a reload (or
// another tab) stays logged in. The access token is refreshed a minute before it expires; tabs refresh one at a time
// (Web Locks), because a refresh token works once and a second use revokes the whole family.

import { ApiError, request } from "./http.js";

const KEY = "media-platform.session";
const REFRESH_AHEAD_MS = 60_000;

const listeners = new Set();
let timer = null;
let refreshing = null;

/** The stored session ({username, accessToken, refreshToken, expiresAt, refreshExpiresAt}) or null. */
export function current() {
  try {
    const session = JSON.parse(localStorage.getItem(KEY));
    if (session && session.accessToken && session.refreshToken && session.refreshExpiresAt > Date.now()) {
      return session;
    }
  } catch {
    // Unreadable: as good as none.
  }
  return null;
}

/** Calls `listener(session)` whenever this or another tab logs in, refreshes or logs out; answers an unsubscriber. */
export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function store(username, pair) {
  const now = Date.now();
  const session = {
    username,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: now + pair.expiresIn * 1000,
    refreshExpiresAt: now + pair.refreshExpiresIn * 1000,
  };
  localStorage.setItem(KEY, JSON.stringify(session));
  schedule(session);
  listeners.forEach((listener) => listener(session));
  return session;
}

function forget() {
  localStorage.removeItem(KEY);
  clearTimeout(timer);
  listeners.forEach((listener) => listener(null));
}

function schedule(session) {
  clearTimeout(timer);
  if (session) {
    const due = Math.max(1_000, session.expiresAt - Date.now() - REFRESH_AHEAD_MS);
    timer = setTimeout(() => refresh().catch(() => {}), due);
  }
}

export async function login(username, password) {
  return store(username, await request("/api/v1/auth/login", { method: "POST", body: { username, password } }));
}

export async function register(username, password) {
  return store(username, await request("/api/v1/auth/register", { method: "POST", body: { username, password } }));
}

/** Ends the session here and at auth-service (the refresh token stops working); never fails. */
export async function logout() {
  const session = current();
  forget();
  if (session) {
    await request("/api/v1/auth/logout", { method: "POST", body: { refreshToken: session.refreshToken } })
      .catch(() => {});
  }
}

/**
 * Trades the refresh token for a new pair, once across tabs: inside the lock, a session another tab already
 * refreshed is taken as it is. Logs out when the refresh token is refused.
 */
export function refresh() {
  if (!refreshing) {
    const seen = current();
    const run = async () => {
      const session = current();
      if (!session) {
        return null;
      }
      if (seen && session.accessToken !== seen.accessToken && session.expiresAt - Date.now() > REFRESH_AHEAD_MS) {
        schedule(session);
        return session;
      }
      try {
        return store(session.username,
          await request("/api/v1/auth/refresh", { method: "POST", body: { refreshToken: session.refreshToken } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          forget();
          return null;
        }
        throw error;
      }
    };
    const locked = navigator.locks ? navigator.locks.request("media-platform.refresh", run) : run();
    refreshing = locked.finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** A valid access token (refreshed first when it is about to expire), or null when logged out. */
export async function accessToken() {
  let session = current();
  if (session && session.expiresAt - Date.now() < REFRESH_AHEAD_MS / 2) {
    session = await refresh();
  }
  return session ? session.accessToken : null;
}

// Another tab logged in, refreshed or out.
window.addEventListener("storage", (event) => {
  if (event.key === KEY || event.key === null) {
    const session = current();
    schedule(session);
    listeners.forEach((listener) => listener(session));
  }
});

schedule(current());
