// Who is signed in, the node's mode (personal or team), and the CSRF token that every change sends along.

let current = null;

/** The caller as GET /api/session describes them; fetched once per page load, again after sign-in or sign-out. */
export async function session() {
  if (!current) {
    const response = await fetch('/api/session', {headers: {Accept: 'application/json'}});
    current = response.ok ? await response.json() : {mode: 'team', signedIn: false};
  }
  return current;
}

export function remember(described) {
  current = described;
}

export function forget() {
  current = null;
}

/** The session's CSRF token, or null (a personal node, or an API token). */
export function csrfToken() {
  return current && current.csrfToken;
}
