// Desk queue: every desk the role works, at every site; Tier 3 first. Labels and times only, never text.

import { api, explain } from '../api.js';
import { announce, clear, field, h, options } from '../dom.js';
import {
  ALARM_INTENTS, clockTime, humanize, intentLabel, percent, tierLabel, tierRank, waitingFor,
} from '../format.js';

const REFRESH_MS = 10000;
const STATUSES = [
  ['active', 'Open (unclaimed and claimed)'],
  ['unclaimed', 'Unclaimed'],
  ['claimed', 'Claimed'],
  ['resolved', 'Resolved'],
];
const filters = { site: '', desk: '', status: 'active' }; // kept while the tab lives

export function renderQueue(container, me, { setTitle }) {
  const sites = me.sites || [];
  const siteName = Object.fromEntries(sites.map((s) => [s.site_id, s.name]));
  const siteSelect = options(h('select', { id: 'filter-site' }), [['', 'All sites'], ...sites.map((s) => [s.site_id, s.name])], filters.site);
  const deskSelect = options(h('select', { id: 'filter-desk' }), [['', 'All my desks'], ...me.desks.map((d) => [d, humanize(d)])], filters.desk);
  const statusSelect = options(h('select', { id: 'filter-status' }), STATUSES, filters.status);
  const refreshButton = h('button', { type: 'button', class: 'secondary', id: 'refresh' }, 'Refresh now');
  const updated = h('p', { class: 'updated', id: 'updated-at' }, 'Loading...');
  const counts = h('ul', { class: 'counts', 'aria-label': 'Queue summary' });
  const errorBox = h('div', { id: 'queue-error', class: 'notice error', role: 'alert', hidden: true });
  const listArea = h('div', { id: 'queue-list' });

  container.append(
    h('h1', {}, 'Desk queue'),
    h('p', { class: 'muted' }, `Desks: ${me.desks.map(humanize).join(', ')}. Urgent (Tier 3) messages are listed first. The list refreshes every 10 seconds.`),
    h('div', { class: 'toolbar', role: 'search', 'aria-label': 'Filter the queue' },
      field('Site', siteSelect), field('Desk', deskSelect), field('Status', statusSelect), refreshButton, updated),
    errorBox,
    counts,
    listArea);

  if (!sites.length) {
    listArea.append(h('p', { class: 'empty' }, 'Your organisation has no sites yet.'));
    updated.textContent = '';
    return () => {};
  }

  let timer = null;
  let stopped = false;
  let lastIds = null;
  let items = [];

  async function load() {
    const siteIds = filters.site ? [filters.site] : sites.map((s) => s.site_id);
    const desks = filters.desk ? [filters.desk] : me.desks;
    const pairs = siteIds.flatMap((site) => desks.map((desk) => [site, desk]));
    const results = await Promise.allSettled(pairs.map(([site, desk]) => {
      const q = new URLSearchParams({ site, desk, status: filters.status, limit: '100' });
      return api.get(`/v1/staff/queue?${q}`);
    }));
    if (stopped) return;
    const failures = results.filter((r) => r.status === 'rejected');
    const pages = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.data);
    items = pages.flatMap((p) => p.items);
    items.sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || Date.parse(a.received_at) - Date.parse(b.received_at));
    const more = pages.some((p) => p.next_cursor);
    if (failures.length) {
      const { title, detail } = explain(failures[0].reason, 'this queue');
      clear(errorBox).append(h('p', {}, h('strong', {}, title), ` ${detail}`));
      errorBox.hidden = false;
    } else {
      errorBox.hidden = true;
    }
    draw(more);
    const now = new Date();
    updated.textContent = `Updated at ${clockTime(now)}`;
    updated.setAttribute('data-updated', now.toISOString());
    const urgentCount = items.filter((i) => i.tier === 3).length;
    setTitle(urgentCount ? `(${urgentCount} urgent) Desk queue` : 'Desk queue');
    const ids = items.map((i) => i.message_id).join(',');
    if (lastIds !== null && ids !== lastIds) {
      const urgent = items.filter((i) => i.tier === 3).length;
      announce(`Queue updated: ${items.length} messages, ${urgent} urgent.`);
    }
    lastIds = ids;
  }

  function draw(more) {
    clear(counts);
    const urgent = items.filter((i) => i.tier === 3);
    const alarm = urgent.filter((i) => ALARM_INTENTS.has(i.intent));
    counts.append(
      h('li', { class: urgent.length ? 'urgent' : '' }, `${urgent.length} urgent (Tier 3)`),
      alarm.length ? h('li', { class: 'urgent' }, `${alarm.length} emergency or crisis`) : null,
      h('li', {}, `${items.filter((i) => i.tier !== 3).length} other`));
    clear(listArea);
    if (!items.length) {
      listArea.append(h('p', { class: 'empty' }, 'No messages here. New ones appear within 10 seconds.'));
      return;
    }
    const now = Date.now();
    const body = h('tbody');
    for (const item of items) {
      const alarmRow = item.tier === 3 && ALARM_INTENTS.has(item.intent);
      const badgeClass = item.tier === 3 ? (alarmRow ? 'badge tier-3' : 'badge tier-3-other') : (item.tier === 2 ? 'badge tier-2' : 'badge');
      const urgencyText = item.tier === 3 ? (alarmRow ? `${tierLabel(3)} - ${alarmWord(item.intent)}` : `${tierLabel(3)} - urgent`) : tierLabel(item.tier);
      const waiting = waitingFor(item.received_at, now);
      const row = h('tr', { class: `${item.tier === 3 ? 'tier-3' : ''}${alarmRow ? ' alarm' : ''}`, 'data-message-id': item.message_id, 'data-tier': item.tier ?? '' },
        h('td', { 'data-label': 'Urgency' }, h('span', { class: badgeClass }, urgencyText)),
        h('td', { 'data-label': 'Intent' }, h('a', { href: `#/message/${encodeURIComponent(item.message_id)}`, class: 'open-message' }, intentLabel(item.intent))),
        h('td', { 'data-label': 'Confidence', class: 'num' }, percent(item.confidence)),
        h('td', { 'data-label': 'Site' }, siteName[item.site_id] || item.site_id),
        h('td', { 'data-label': 'Desk' }, humanize(item.desk)),
        h('td', { 'data-label': 'Channel' }, humanize(item.channel)),
        h('td', { 'data-label': 'Waiting', class: item.tier === 3 ? 'wait-urgent' : '' },
          h('time', { datetime: item.received_at }, waiting)),
        h('td', { 'data-label': 'Status' }, statusText(item, me)));
      body.append(row);
    }
    const table = h('table', { class: 'responsive', id: 'queue-table' },
      h('caption', {}, `${items.length} messages, oldest first within each urgency`),
      h('thead', {}, h('tr', {},
        ['Urgency', 'Intent', 'Confidence', 'Site', 'Desk', 'Channel', 'Waiting', 'Status'].map((t) =>
          h('th', { scope: 'col', class: t === 'Confidence' ? 'num' : '' }, t)))),
      body);
    listArea.append(table);
    if (more) listArea.append(h('p', { class: 'muted' }, 'More messages wait in this queue than are shown: narrow the filters.'));
  }

  function schedule() {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(async () => {
      try { await load(); } finally { schedule(); }
    }, REFRESH_MS);
  }

  function changed() {
    filters.site = siteSelect.value;
    filters.desk = deskSelect.value;
    filters.status = statusSelect.value;
    lastIds = null;
    load().finally(schedule);
  }
  siteSelect.addEventListener('change', changed);
  deskSelect.addEventListener('change', changed);
  statusSelect.addEventListener('change', changed);
  refreshButton.addEventListener('click', () => { load().finally(schedule); });

  load().catch(() => {}).finally(schedule);
  return () => { stopped = true; clearTimeout(timer); };
}

function alarmWord(intent) {
  return intent === 'medical_emergency' ? 'EMERGENCY' : 'CRISIS';
}

function statusText(item, me) {
  if (item.status === 'claimed') return item.claimed_by === me.sub ? 'Claimed by you' : 'Claimed';
  if (item.status === 'resolved') return `Resolved${item.outcome ? `: ${humanize(item.outcome)}` : ''}`;
  return item.replied_at ? 'Replied' : 'New';
}
