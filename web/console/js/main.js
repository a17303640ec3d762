// The console's shell: configuration, sign-in state, header, navigation and the hash router.

import { api } from './api.js';
import { announce, clear, h } from './dom.js';
import { humanize } from './format.js';
import { current, loadConfig, onSignOut, restore, setMe, signOut } from './session.js';
import { renderSignIn } from './views/signin.js';
import { renderQueue } from './views/queue.js';
import { renderMessage } from './views/message.js';
import { renderFinance } from './views/finance.js';
import { renderAdmin } from './views/admin.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

// Pages by role (docs/staff-access.md): desk roles work queues; finance and admin never see messages.
const PAGES = [
  { id: 'queue', label: 'Desk queue', href: '#/queue', allowed: (me) => me.desks.length > 0 },
  { id: 'finance', label: 'Finance', href: '#/finance', allowed: (me) => me.roles.includes('finance') },
  { id: 'admin', label: 'Administration', href: '#/admin', allowed: (me) => me.roles.includes('admin') },
];

let teardown = null;
let signOutNote = null;

export function pagesFor(me) {
  return PAGES.filter((p) => p.allowed(me));
}

function setTitle(text) {
  document.title = `${text} - frontdesk staff console`;
}

function mount(title, render) {
  if (teardown) {
    try { teardown(); } catch { /* a view's cleanup never blocks the next view */ }
  }
  teardown = null;
  clear(main);
  setTitle(title);
  const cleanup = render(main, { setTitle });
  teardown = typeof cleanup === 'function' ? cleanup : null;
  const heading = main.querySelector('h1');
  if (heading) heading.setAttribute('tabindex', '-1');
  // Focus the new page's heading, unless the view put it somewhere itself (sign-in: user name).
  if (heading && !main.contains(document.activeElement)) heading.focus();
}

function renderHeader(me) {
  clear(nav);
  clear(who);
  const s = current();
  if (!me || !s) {
    nav.hidden = true;
    who.hidden = true;
    return;
  }
  const route = parseRoute();
  const list = h('ul');
  for (const page of pagesFor(me)) {
    const active = route.page === page.id || (page.id === 'queue' && route.page === 'message');
    list.append(h('li', {}, h('a', { href: page.href, 'aria-current': active ? 'page' : null }, page.label)));
  }
  nav.append(list);
  nav.hidden = false;
  const roles = me.roles.map(humanize).join(', ');
  who.append(
    h('span', { class: 'who-user' }, h('span', { class: 'visually-hidden' }, 'Signed in as '), s.username),
    h('span', { class: 'who-role' }, h('span', { class: 'visually-hidden' }, 'Role: '), roles),
    h('span', { class: 'who-org' }, h('span', { class: 'visually-hidden' }, 'Organisation: '), me.org_id),
    h('button', { type: 'button', class: 'on-dark', id: 'sign-out', on: { click: () => signOut('user') } }, 'Sign out'),
  );
  who.hidden = false;
}

function parseRoute() {
  const parts = (location.hash || '').replace(/^#\/?/, '').split('/').filter(Boolean);
  return { page: parts[0] || '', arg: parts[1] ? decodeURIComponent(parts[1]) : null };
}

function noAccess(container, label) {
  container.append(
    h('h1', {}, label),
    h('div', { class: 'notice error', role: 'alert' },
      h('h2', {}, "You don't have access to this page"),
      h('p', {}, 'Your role does not include it. Ask your practice administrator if you need it.')),
  );
}

async function route() {
  const s = current();
  if (!s) {
    renderHeader(null);
    mount('Sign in', (el) => renderSignIn(el, { note: signOutNote, onSignedIn: afterSignIn }));
    signOutNote = null;
    return;
  }
  const me = s.me;
  if (!me) {
    await loadMe();
    return;
  }
  const allowed = pagesFor(me);
  const r = parseRoute();
  renderHeader(me);
  if (!r.page || (r.page === '' && allowed.length)) {
    if (allowed.length) {
      location.replace(allowed[0].href);
      return;
    }
  }
  const can = (id) => allowed.some((p) => p.id === id);
  switch (r.page) {
    case 'queue':
      if (!can('queue')) return mount('Desk queue', (el) => noAccess(el, 'Desk queue'));
      return mount('Desk queue', (el, ctx) => renderQueue(el, me, ctx));
    case 'message':
      if (!can('queue')) return mount('Message', (el) => noAccess(el, 'Message'));
      return mount('Message', (el, ctx) => renderMessage(el, me, r.arg, ctx));
    case 'finance':
      if (!can('finance')) return mount('Finance', (el) => noAccess(el, 'Finance'));
      return mount('Finance', (el, ctx) => renderFinance(el, me, ctx));
    case 'admin':
      if (!can('admin')) return mount('Administration', (el) => noAccess(el, 'Administration'));
      return mount('Administration', (el, ctx) => renderAdmin(el, me, ctx));
    default:
      return mount('No pages', (el) => {
        el.append(h('h1', {}, 'Nothing to show'),
          h('p', {}, 'Your role has no pages in this console. Ask your practice administrator.'));
      });
  }
}

async function loadMe() {
  try {
    const { data } = await api.get('/v1/staff/me');
    setMe(data);
    route();
  } catch (error) {
    if (!current()) return; // signed out meanwhile (401)
    mount('Sign-in problem', (el) => {
      el.append(h('h1', {}, 'Your account could not be loaded'),
        h('div', { class: 'notice error', role: 'alert' },
          h('p', {}, error.status === 403
            ? "Your account has no staff role or organisation. Ask your practice administrator."
            : 'The frontdesk API did not answer. Try again in a moment.')),
        h('button', { type: 'button', on: { click: () => signOut('user') } }, 'Sign out'));
    });
  }
}

function afterSignIn() {
  announce('Signed in.');
  if (!location.hash || location.hash === '#' || location.hash === '#/') route();
  else route();
}

onSignOut((reason) => {
  signOutNote = {
    idle: 'You were signed out because the console was not used for a while. Sign in again to continue.',
    expired: 'Your session ended. Sign in again to continue.',
    user: 'You have signed out.',
  }[reason] || 'You have signed out.';
  announce(signOutNote);
  if (location.hash && location.hash !== '#/') history.replaceState(null, '', location.pathname + location.search);
  route();
});

// Only "#/..." addresses are pages; other fragments (the skip link's #main) are not routes.
window.addEventListener('hashchange', () => {
  if (!location.hash || location.hash.startsWith('#/')) route();
});
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  const heading = main.querySelector('h1');
  (heading || main).focus();
});

async function boot() {
  try {
    await loadConfig();
  } catch {
    clear(main);
    main.append(h('h1', {}, 'The console is not configured'),
      h('div', { class: 'notice error', role: 'alert' }, h('p', {}, 'config.json could not be loaded. Ask your administrator.')));
    return;
  }
  restore();
  route();
}

boot();
