// One request to the platform's public API, its answer read as JSON, its refusals as RFC 9457 problem details.

/** A refused or failed request: the problem detail's status, title, detail and per-field errors. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `The server answered ${status}`);
    this.status = status;
    this.title = problem.title || null;
    this.detail = problem.detail || null;
    // {field: message} from a validation problem's `errors` ([{field, message}]).
    this.fields = Object.fromEntries((problem.errors || [])
      .filter((error) => error && error.field)
      .map((error) => [error.field, error.message]));
  }

  /** What to show a person: the detail, else the title, else the status. */
  get message() {
    return this.detail || this.title || super.message;
  }
}

/** The network itself failed (offline, the gateway down): status 0. */
export const OFFLINE = 0;

/**
 * Sends a request; answers the parsed JSON body (null for 204 or an empty body), or throws an ApiError.
 * `token`: the access token to send as a bearer, if any.
 */
export async function request(path, { method = "GET", body, token, signal } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
  } catch (error) {
    if (error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(OFFLINE, {
      title: "Cannot reach the server",
      detail: "The platform did not answer. Check your network connection; this page retries when you try again.",
    });
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, parsed && typeof parsed === "object" ? parsed : {});
  }
  return parsed;
}
