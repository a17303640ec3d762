// Calls to the frontdesk API with the signed-in user's ID token; problem+json errors become ApiError.

import { current, getConfig, signOut } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

function url(path) {
  const base = (getConfig().apiBase || '').replace(/\/$/, '');
  return `${base}${path}`;
}

export async function request(path, { method = 'GET', body, headers = {}, accept = 'application/json', raw = false } = {}) {
  const s = current();
  if (!s) throw new ApiError(401, { title: 'Signed out' });
  const init = {
    method,
    headers: { Accept: accept, Authorization: s.idToken, ...headers },
    cache: 'no-store',
    credentials: 'omit',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url(path), init);
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The frontdesk API could not be reached.' });
  }
  if (response.status === 401) {
    signOut('expired');
    throw new ApiError(401, { title: 'Signed out', detail: 'Your session has ended. Sign in again.' });
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { problem = {}; }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  if (response.status === 204) return { data: null, etag: response.headers.get('ETag') };
  const data = await response.json();
  return { data, etag: response.headers.get('ETag') };
}

export const api = {
  get: (path, opts) => request(path, { ...opts, method: 'GET' }),
  post: (path, body, opts) => request(path, { ...opts, method: 'POST', body }),
  patch: (path, body, opts) => request(path, { ...opts, method: 'PATCH', body }),
  del: (path, opts) => request(path, { ...opts, method: 'DELETE' }),
};

// A sentence for a person, by status; the API's own detail follows where it helps.
export function explain(error, what = 'this') {
  if (!(error instanceof ApiError)) return { title: 'Something went wrong', detail: String(error && error.message ? error.message : error) };
  const detail = error.problem.detail || '';
  switch (error.status) {
    case 0: return { title: 'The API could not be reached', detail: 'Check your connection; the page keeps trying.' };
    case 401: return { title: 'You are signed out', detail: 'Sign in again to continue.' };
    case 403: return { title: `You don't have access to ${what}`, detail: detail || 'Your role does not allow it. Ask your practice administrator if you need it.' };
    case 404: return { title: `You don't have access to ${what}`, detail: 'It does not exist, or it belongs to a desk your role does not work.' };
    case 409: return { title: 'Someone else got there first', detail: detail || 'Another staff member changed this. Reload to see the current state.' };
    case 410: return { title: 'The text is no longer kept', detail: detail || "The message's text passed its retention period and was deleted." };
    case 412: return { title: 'Someone else changed this first', detail: 'Reload to see their changes, then make yours again.' };
    case 422: return { title: 'Some values were not accepted', detail: validationDetail(error.problem) };
    case 428: return { title: 'The page is out of date', detail: 'Reload and try again.' };
    default:
      if (error.status >= 500) return { title: 'The service had a problem', detail: 'Try again in a moment.' };
      return { title: error.problem.title || 'The request was refused', detail };
  }
}

function validationDetail(problem) {
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  if (!errors.length) return problem.detail || '';
  return errors.map((e) => [e.field || e.loc, e.message || e.msg || e.rule].filter(Boolean).join(': ')).join('; ');
}
