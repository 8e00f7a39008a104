// The platform's API as the logged-in user: the bearer token added, refreshed once and retried when refused as
// expired; a session that cannot be refreshed ends (the router then shows the login page).

import { ApiError, request } from "./http.js";
import * as session from "./session.js";

export { ApiError };

export async function api(path, options = {}) {
  const token = await session.accessToken();
  if (!token) {
    throw new ApiError(401, { title: "Not logged in", detail: "Log in to continue." });
  }
  try {
    return await request(path, { ...options, token });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      const renewed = await session.refresh().catch(() => null);
      if (renewed) {
        return request(path, { ...options, token: renewed.accessToken });
      }
    }
    throw error;
  }
}

/** Every item of a paged list (Spring's PagedModel: {content, page}), up to `limit` items. */
export async function all(path, limit = 1000) {
  const items = [];
  const separator = path.includes("?") ? "&" : "?";
  for (let page = 0; items.length < limit; page += 1) {
    const answer = await api(`${path}${separator}page=${page}&size=100`);
    items.push(...(answer.content || []));
    if (!answer.page || page + 1 >= answer.page.totalPages) {
      break;
    }
  }
  return items;
}

/** A path segment from an id the API gave (ids are UUIDs, but nothing here trusts that). */
export function segment(value) {
  return encodeURIComponent(String(value));
}
