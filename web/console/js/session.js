// Cognito sign-in (password, then the TOTP code), the session's tokens, sign-out and idle sign-out.
// Tokens live in sessionStorage only (gone when the tab closes); nothing goes to localStorage.

const STORE_KEY = 'frontdesk.console.session';
const IDLE_CHECK_MS = 5000;

let config = null;
let session = null;
let refreshToken = null; // memory only: a reload keeps the session until the ID token expires
let refreshing = null;
const REFRESH_BEFORE_MS = 120000;
let idleTimer = null;
let lastActivity = Date.now();
const listeners = new Set();

export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  config = await response.json();
  return config;
}

export function getConfig() {
  return config;
}

export class AuthError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

async function cognito(target, body) {
  let response;
  try {
    response = await fetch(config.cognito.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new AuthError('The sign-in service could not be reached. Check your connection and try again.', 'network');
  }
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch { data = {}; }
  if (!response.ok) {
    const code = String(data.__type || data.code || '').split('#').pop();
    throw new AuthError(authMessage(code), code || `http-${response.status}`);
  }
  return data;
}

function authMessage(code) {
  switch (code) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return 'The user name or password is not right.';
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return 'That code is not right or has expired. Enter the current code from your authenticator app.';
    case 'PasswordResetRequiredException':
      return 'Your password must be reset. Ask your practice administrator.';
    case 'UserNotConfirmedException':
      return 'This account is not confirmed yet. Ask your practice administrator.';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return 'Too many attempts. Wait a minute and try again.';
    default:
      return 'Sign-in failed. Try again, or ask your practice administrator.';
  }
}

// Step 1: user name and password. Returns {challenge, session, username} or a signed-in session.
export async function startSignIn(username, password) {
  const data = await cognito('InitiateAuth', {
    AuthFlow: config.cognito.authFlow || 'USER_PASSWORD_AUTH',
    ClientId: config.cognito.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  if (data.AuthenticationResult) return { done: establish(data.AuthenticationResult) };
  if (data.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
    return { challenge: 'SOFTWARE_TOKEN_MFA', session: data.Session, username };
  }
  if (data.ChallengeName === 'MFA_SETUP') {
    throw new AuthError('This account has no authenticator app set up yet. Ask your practice administrator.', 'MFA_SETUP');
  }
  if (data.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    throw new AuthError('This account must set a new password first. Ask your practice administrator.', 'NEW_PASSWORD_REQUIRED');
  }
  throw new AuthError('Sign-in needs a step this console does not support. Ask your practice administrator.', data.ChallengeName || 'unknown');
}

// Step 2: the 6-digit code from the authenticator app.
export async function answerMfa(pending, code) {
  const data = await cognito('RespondToAuthChallenge', {
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    ClientId: config.cognito.clientId,
    Session: pending.session,
    ChallengeResponses: { USERNAME: pending.username, SOFTWARE_TOKEN_MFA_CODE: code },
  });
  if (!data.AuthenticationResult) throw new AuthError('Sign-in did not complete. Try again.', data.ChallengeName || 'unknown');
  return establish(data.AuthenticationResult);
}

function decodeClaims(jwt) {
  const part = jwt.split('.')[1] || '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function establish(result, { renewal = false } = {}) {
  const claims = decodeClaims(result.IdToken);
  if (result.RefreshToken) refreshToken = result.RefreshToken;
  session = {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    // Measured on this machine's clock (the token's lifetime from now), so a skewed clock
    // neither ends a session early nor renews it in a loop.
    expiresAt: Date.now() + 1000 * Math.min(
      Number(result.ExpiresIn) || Infinity,
      claims.exp && claims.iat ? claims.exp - claims.iat : 900),
    username: claims['cognito:username'] || claims.username || '',
    groups: claims['cognito:groups'] || [],
    orgId: claims['custom:org_id'] || '',
    me: null,
  };
  persist();
  if (!renewal) {
    touch();
    startIdleWatch();
  }
  return session;
}

function persist() {
  if (session) sessionStorage.setItem(STORE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORE_KEY);
}

export function restore() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
    if (stored && stored.expiresAt > Date.now()) {
      session = stored;
      touch();
      startIdleWatch();
      return session;
    }
  } catch {
    /* a damaged entry is dropped below */
  }
  sessionStorage.removeItem(STORE_KEY);
  return null;
}

export function current() {
  return session;
}

export function setMe(me) {
  if (!session) return;
  session.me = me;
  persist();
}

export function onSignOut(fn) {
  listeners.add(fn);
}

// Sign out: revoke the tokens at Cognito (GlobalSignOut) and forget them here.
export async function signOut(reason = 'user') {
  const ending = session;
  session = null;
  refreshToken = null;
  persist();
  stopIdleWatch();
  if (ending && ending.accessToken) {
    try {
      await cognito('GlobalSignOut', { AccessToken: ending.accessToken });
    } catch {
      /* the tokens are dropped here anyway; they expire on their own */
    }
  }
  for (const fn of listeners) fn(reason);
}

// ---- idle sign-out
function touch() {
  lastActivity = Date.now();
}

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'focusin'];

function startIdleWatch() {
  stopIdleWatch();
  for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, touch, { passive: true, capture: true });
  idleTimer = setInterval(checkIdle, IDLE_CHECK_MS);
}

function stopIdleWatch() {
  if (idleTimer) clearInterval(idleTimer);
  idleTimer = null;
  for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, touch, { capture: true });
}

export function idleLimitMs() {
  const minutes = Number((config && config.idleMinutes) || 15);
  return minutes * 60000;
}

function checkIdle() {
  if (!session) return;
  if (Date.now() - lastActivity >= idleLimitMs()) {
    signOut('idle');
  } else if (session.expiresAt && Date.now() >= session.expiresAt) {
    signOut('expired');
  } else if (refreshToken && session.expiresAt - Date.now() < REFRESH_BEFORE_MS) {
    refresh();
  }
}

// An active user keeps working past the tokens' 15 minutes: new ID and access tokens from the
// refresh token (REFRESH_TOKEN_AUTH), for as long as they keep using the console.
function refresh() {
  if (refreshing) return refreshing;
  const me = session && session.me;
  refreshing = cognito('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: config.cognito.clientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  }).then((data) => {
    if (session && data.AuthenticationResult) {
      establish(data.AuthenticationResult, { renewal: true });
      session.me = me;
      persist();
    }
  }).catch(() => {
    refreshToken = null; // the session ends at the ID token's expiry
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}
