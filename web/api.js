// The REST API, with problem details turned into errors that carry their readable detail and field errors.
import {csrfToken, forget} from './session.js';

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.fields = problem.errors || [];
  }
}

async function send(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET') {
    // every change is JSON (even without a body) and carries the session's CSRF token: the server refuses anything else
    headers['Content-Type'] = 'application/json';
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = {detail: `HTTP ${response.status}`};
  }
  if (response.status === 401 && path !== '/api/session') {
    forget();
    location.hash = '#/login';
  }
  if (!response.ok) throw new ApiError(json || {}, response.status);
  return json;
}

export const api = {
  get: path => send('GET', path),
  post: (path, body) => send('POST', path, body),
  put: (path, body) => send('PUT', path, body),
  delete: path => send('DELETE', path),
};

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
