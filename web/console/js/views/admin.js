// Administration: sites (details, thresholds, opening hours, desks), reply templates with a live
// preview, and site API keys. Site documents are written with If-Match (the ETag of the last read).

import { api, explain, request } from '../api.js';
import { announce, clear, field, h, newId, options } from '../dom.js';
import { dateTime, humanize } from '../format.js';

const DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
// The reply templates the pipeline uses (frontdesk.domain.replies.DEFAULT_TEMPLATES).
const TEMPLATE_NAMES = ['office_hours', 'location', 'insurance_plans', 'services', 'new_patient', 'scheduling_portal',
  'cancel_instructions', 'cancellation_policy', 'payment_methods', 'portal_help', 'documents', 'refill_process', 'greeting',
  'routed', 'escalated_emergency', 'escalated_crisis', 'escalated'];
const VARIABLES = ['site_name', 'phone', 'address', 'parking', 'hours', 'insurance_plans', 'services', 'payment_methods',
  'portal_url', 'scheduling_url', 'billing_url', 'cancellation_policy', 'emergency_number', 'crisis_line', 'desk_name', 'callback_promise'];

export function renderAdmin(container) {
  let stopped = false;
  let sites = [];
  let site = null;
  let etag = null;
  const siteSelect = h('select', { id: 'admin-site' });
  const siteArea = h('div', { id: 'site-area' });
  const errorBox = h('div', { class: 'notice error', role: 'alert', hidden: true, id: 'admin-error' });
  const sitesList = h('div', { id: 'sites-list' }, h('p', { class: 'loading' }, 'Loading sites...'));

  const orgArea = h('div', { id: 'org-area' }, h('p', { class: 'loading' }, 'Loading the organisation...'));
  container.append(
    h('h1', {}, 'Administration'),
    errorBox,
    h('section', { 'aria-labelledby': 'org-title' }, h('h2', { id: 'org-title' }, 'Organisation'), orgArea),
    h('section', { 'aria-labelledby': 'sites-title' }, h('h2', { id: 'sites-title' }, 'Sites'), sitesList),
    h('div', { class: 'toolbar' }, field('Site to edit', siteSelect)),
    siteArea);

  function fail(error, what = 'this', reload = null) {
    const { title, detail } = explain(error, what);
    clear(errorBox).append(h('h2', {}, title), h('p', {}, detail));
    if (error.status === 412 && reload) {
      errorBox.append(h('button', { type: 'button', class: 'secondary', on: { click: () => { errorBox.hidden = true; reload.run(); } } }, reload.label));
    }
    errorBox.hidden = false;
    errorBox.scrollIntoView({ block: 'nearest' });
  }

  async function loadSites() {
    try {
      const { data } = await api.get('/v1/admin/sites');
      if (stopped) return;
      sites = data.items;
      clear(sitesList).append(h('table', { id: 'sites-table', class: 'responsive' },
        h('caption', { class: 'visually-hidden' }, 'Sites of your organisation'),
        h('thead', {}, h('tr', {}, ['Site', 'Id', 'Phone', 'Emergency', 'Crisis line', 'Routing threshold'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, sites.map((x) => h('tr', {},
          h('td', { 'data-label': 'Site' }, x.name),
          h('td', { 'data-label': 'Id' }, x.site_id),
          h('td', { 'data-label': 'Phone' }, x.phone),
          h('td', { 'data-label': 'Emergency' }, x.emergency_number),
          h('td', { 'data-label': 'Crisis line' }, x.crisis_line),
          h('td', { 'data-label': 'Routing threshold' }, x.confidence_threshold ?? 'Default'))))));
      clear(siteSelect);
      options(siteSelect, sites.map((x) => [x.site_id, x.name]), sites[0] && sites[0].site_id);
      if (sites.length) openSite(sites[0].site_id);
    } catch (error) {
      clear(sitesList);
      fail(error, 'the sites');
    }
  }

  async function openSite(siteId) {
    errorBox.hidden = true;
    try {
      const response = await api.get(`/v1/admin/sites/${encodeURIComponent(siteId)}`);
      if (stopped) return;
      site = response.data;
      etag = response.etag;
      drawSite();
    } catch (error) {
      fail(error, 'this site');
    }
  }

  async function save(patch, doneText, status) {
    errorBox.hidden = true;
    status.textContent = 'Saving...';
    try {
      const response = await api.patch(`/v1/admin/sites/${encodeURIComponent(site.site_id)}`, patch, { headers: { 'If-Match': etag } });
      site = response.data;
      etag = response.etag;
      drawSite();
      const fresh = document.getElementById(status.id);
      if (fresh) fresh.textContent = doneText;
      announce(doneText);
    } catch (error) {
      status.textContent = '';
      fail(error, 'this site', { label: 'Reload the site', run: () => openSite(site.site_id) });
    }
  }

  function drawSite() {
    clear(siteArea);
    siteArea.append(h('h2', { id: 'site-title' }, site.name), h('p', { class: 'muted' }, `Site id ${site.site_id}; version ${site.version}.`));
    siteArea.append(detailsSection(), hoursSection(), desksSection(), templatesSection(), keysSection());
  }

  function statusLine(id) {
    return h('p', { class: 'muted', role: 'status', id });
  }

  function detailsSection() {
    const name = h('input', { type: 'text', id: 'site-name', value: site.name, required: true });
    const phone = h('input', { type: 'text', id: 'site-phone', value: site.phone, required: true });
    const emergency = h('input', { type: 'text', id: 'site-emergency', value: site.emergency_number, required: true });
    const crisis = h('input', { type: 'text', id: 'site-crisis', value: site.crisis_line, required: true });
    const threshold = h('input', { type: 'number', id: 'site-threshold', min: '0.5', max: '0.99', step: '0.01', value: site.confidence_threshold ?? '', class: 'small' });
    const status = statusLine('details-status');
    const form = h('form', {},
      h('fieldset', {}, h('legend', {}, 'Details and thresholds'),
        field('Name shown to patients', name),
        h('div', { class: 'form-row' }, field('Phone', phone), field('Emergency number', emergency), field('Crisis line', crisis)),
        field('Routing confidence threshold', threshold, 'Below this, a message goes to the front desk. Empty: the deployment default. 0.50 to 0.99.'),
        h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'save-details' }, 'Save details')),
        status));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = threshold.value === '' ? null : Number(threshold.value);
      save({ name: name.value, phone: phone.value, emergency_number: emergency.value, crisis_line: crisis.value, confidence_threshold: value },
        'Details saved.', status);
    });
    return form;
  }

  function hoursSection() {
    const body = h('tbody');
    const addRow = (entry) => {
      const rowId = newId('hours');
      const day = options(h('select', { id: `${rowId}-day`, 'aria-label': 'Day' }), DAYS, entry.day);
      const opens = h('input', { type: 'time', id: `${rowId}-opens`, value: entry.opens, 'aria-label': `Opens (${entry.day})`, required: true });
      const closes = h('input', { type: 'time', id: `${rowId}-closes`, value: entry.closes, 'aria-label': `Closes (${entry.day})`, required: true });
      const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove');
      const tr = h('tr', { class: 'hours-row' },
        h('td', { 'data-label': 'Day' }, day), h('td', { 'data-label': 'Opens' }, opens), h('td', { 'data-label': 'Closes' }, closes), h('td', {}, remove));
      day.addEventListener('change', () => {
        opens.setAttribute('aria-label', `Opens (${day.value})`);
        closes.setAttribute('aria-label', `Closes (${day.value})`);
      });
      remove.setAttribute('aria-label', `Remove ${entry.day} hours`);
      remove.addEventListener('click', () => { tr.remove(); });
      body.append(tr);
    };
    site.hours.forEach(addRow);
    const add = h('button', { type: 'button', class: 'secondary' }, 'Add a day');
    add.addEventListener('click', () => addRow({ day: 'sat', opens: '09:00', closes: '12:00' }));
    const status = statusLine('hours-status');
    const form = h('form', {},
      h('fieldset', {}, h('legend', {}, 'Opening hours'),
        h('p', { class: 'hint' }, `Local time (${site.timezone}). Days not listed are closed.`),
        h('table', { class: 'hours-table responsive', id: 'hours-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Opens'), h('th', { scope: 'col' }, 'Closes'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          body),
        h('div', { class: 'actions' }, add, h('button', { type: 'submit' }, 'Save opening hours')),
        status));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const hours = [...body.querySelectorAll('tr')].map((tr) => {
        const [day, opens, closes] = tr.querySelectorAll('select, input');
        return { day: day.value, opens: opens.value.slice(0, 5), closes: closes.value.slice(0, 5) };
      });
      save({ hours }, 'Opening hours saved.', status);
    });
    return form;
  }

  function desksSection() {
    const inputs = {};
    const rows = Object.entries(site.desks).map(([key, desk]) => {
      const name = h('input', { type: 'text', id: `desk-${key}-name`, value: desk.name, required: true });
      const promise = h('input', { type: 'text', id: `desk-${key}-promise`, value: desk.callback_promise, required: true });
      inputs[key] = [name, promise];
      return h('fieldset', {}, h('legend', {}, humanize(key)),
        h('div', { class: 'form-row' }, field('Name shown to patients', name), field('Callback promise', promise)));
    });
    const status = statusLine('desks-status');
    const form = h('form', {},
      h('details', {}, h('summary', {}, 'Desks (names and callback promises)'),
        rows,
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save desks')),
        status));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const desks = Object.fromEntries(Object.entries(inputs).map(([k, [n, p]]) => [k, { name: n.value, callback_promise: p.value }]));
      save({ desks }, 'Desks saved.', status);
    });
    return form;
  }

  function templatesSection() {
    const list = h('div', { id: 'templates' });
    const editors = [];
    const siteId = site.site_id;
    const preview = (payload) => api.post(`/v1/admin/sites/${encodeURIComponent(siteId)}/templates/preview`, payload);
    const addEditor = (name, text, isNew) => {
      const tid = newId('tpl');
      const area = h('textarea', { id: `${tid}-text`, maxlength: '500', rows: '3', required: true, class: 'template-text' });
      area.value = text;
      const current = h('p', { class: 'muted', id: `${tid}-current` });
      const live = h('output', { class: 'preview', id: `${tid}-preview`, for: area.id, 'aria-live': 'polite', 'aria-labelledby': `${tid}-plabel` }, '');
      const remove = h('button', { type: 'button', class: 'secondary' }, isNew ? 'Discard' : 'Remove override');
      const box = h('div', { class: 'template', 'data-template': name },
        h('h3', {}, `${humanize(name)} (${name})`),
        current,
        field(`Text of ${name} for this site`, area, `Variables: ${VARIABLES.map((v) => `$${v}`).join(', ')}.`),
        h('p', { class: 'hint', id: `${tid}-plabel` }, "Live preview with this site's values:"),
        live,
        h('div', { class: 'actions' }, remove));
      let timer = null;
      let seq = 0;
      const render = async () => {
        const mine = ++seq;
        if (!area.value.trim()) { live.textContent = ''; return; }
        try {
          const { data } = await preview({ text: area.value });
          if (mine === seq) live.textContent = data.text;
        } catch (error) {
          if (mine === seq) live.textContent = `Cannot render: ${explain(error, 'the preview').detail}`;
        }
      };
      if (isNew) {
        preview({ name }).then(({ data }) => { current.textContent = `Patients get now: ${data.text}`; })
          .catch(() => { current.textContent = 'This template has no text yet.'; });
      }
      area.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(render, 300); });
      const entry = { name, area };
      remove.addEventListener('click', () => { box.remove(); editors.splice(editors.indexOf(entry), 1); });
      editors.push(entry);
      list.append(box);
      render();
      return area;
    };
    Object.entries(site.templates).forEach(([n, t]) => addEditor(n, t, false));
    const free = () => TEMPLATE_NAMES.filter((n) => !editors.some((e) => e.name === n));
    const pick = options(h('select', { id: 'template-name' }), free().map((n) => [n, `${humanize(n)} (${n})`]), null);
    const add = h('button', { type: 'button', class: 'secondary', id: 'add-template' }, 'Override this template');
    add.addEventListener('click', () => {
      if (!pick.value) return;
      const area = addEditor(pick.value, '', true);
      pick.querySelector(`option[value="${pick.value}"]`).remove();
      area.focus();
    });
    const status = statusLine('templates-status');
    const form = h('form', {},
      h('fieldset', {}, h('legend', {}, 'Reply templates of this site'),
        h('p', { class: 'hint' }, "A site's template overrides the organisation's and the built-in one. The preview updates as you type."),
        list,
        h('div', { class: 'toolbar template-add' }, field('Template', pick), add),
        h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'save-templates' }, 'Save templates')),
        status));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const templates = Object.fromEntries(editors.map((e) => [e.name, e.area.value]));
      save({ templates }, 'Templates saved.', status);
    });
    return form;
  }

  function keysSection() {
    const section = h('section', { 'aria-labelledby': 'keys-title', id: 'api-keys' }, h('h3', { id: 'keys-title' }, 'API keys of this site'));
    const listArea = h('div', {}, h('p', { class: 'loading' }, 'Loading keys...'));
    const once = h('div', { id: 'new-key', role: 'status' });
    const nameInput = h('input', { type: 'text', id: 'key-name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,62}' });
    const create = h('button', { type: 'submit', id: 'create-key' }, 'Create key');
    const form = h('form', { class: 'toolbar' }, field('Name of the new key', nameInput, 'For example website-chat. Letters, digits, _ . -'), create);
    section.append(h('p', { class: 'hint' }, 'A patient channel (web chat, SMS gateway) sends this key with each message. A key\'s value is shown once, when it is created.'), once, listArea, form);

    const siteId = site.site_id;
    async function loadKeys() {
      try {
        const { data } = await api.get(`/v1/admin/sites/${encodeURIComponent(siteId)}/api-keys`);
        clear(listArea);
        if (!data.items.length) { listArea.append(h('p', { class: 'muted' }, 'No keys yet.')); return; }
        listArea.append(h('table', { id: 'keys-table', class: 'responsive' },
          h('caption', { class: 'visually-hidden' }, 'API keys'),
          h('thead', {}, h('tr', {}, ['Name', 'Key id', 'Created', 'State', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, data.items.map((k) => {
            const revoke = k.enabled ? h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke key ${k.name}` }, 'Revoke') : null;
            if (revoke) {
              revoke.addEventListener('click', async () => {
                if (!window.confirm(`Revoke the key "${k.name}"? Channels using it stop working at once.`)) return;
                try {
                  await api.del(`/v1/admin/sites/${encodeURIComponent(siteId)}/api-keys/${encodeURIComponent(k.key_id)}`);
                  announce(`Key ${k.name} revoked.`);
                  loadKeys();
                } catch (error) { fail(error, 'this key'); }
              });
            }
            return h('tr', {},
              h('td', { 'data-label': 'Name' }, k.name),
              h('td', { 'data-label': 'Key id' }, k.key_id),
              h('td', { 'data-label': 'Created' }, dateTime(k.created_at)),
              h('td', { 'data-label': 'State' }, k.enabled ? 'Active' : 'Revoked'),
              h('td', { 'data-label': 'Actions' }, revoke || '-'));
          }))));
      } catch (error) {
        clear(listArea);
        fail(error, 'the API keys');
      }
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      create.disabled = true;
      try {
        const { data } = await api.post(`/v1/admin/sites/${encodeURIComponent(siteId)}/api-keys`, { name: nameInput.value.trim() });
        nameInput.value = '';
        const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy key');
        const dismiss = h('button', { type: 'button', class: 'secondary' }, 'I have stored it');
        clear(once).append(h('div', { class: 'key-once' },
          h('p', {}, h('strong', {}, `New key "${data.name}". Copy it now: it is not shown again.`)),
          h('p', {}, h('code', { id: 'new-key-value' }, data.value)),
          h('div', { class: 'actions' }, copy, dismiss)));
        copy.addEventListener('click', async () => {
          try { await navigator.clipboard.writeText(data.value); announce('Key copied.'); } catch { announce('Copy failed; select the key and copy it.'); }
        });
        dismiss.addEventListener('click', () => clear(once));
        loadKeys();
      } catch (error) {
        fail(error, 'API keys');
      } finally {
        create.disabled = false;
      }
    });
    loadKeys();
    return section;
  }

  // The organisation document: its name and how long a message's text (PHI) is kept.
  async function loadOrganization(doneText) {
    try {
      const { data: org, etag: orgEtag } = await api.get('/v1/admin/organization');
      if (stopped) return;
      const name = h('input', { type: 'text', id: 'org-name', value: org.name, required: true });
      const retention = h('input', { type: 'number', id: 'org-retention', min: '1', max: '3650', step: '1', value: org.message_text_retention_days, class: 'small', required: true });
      const status = statusLine('org-status');
      const form = h('form', {},
        h('div', { class: 'form-row' },
          field('Organisation name', name),
          field('Keep message text for (days)', retention, "After this, a message's text is deleted; its record stays.")),
        h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'save-org' }, 'Save organisation')),
        status);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errorBox.hidden = true;
        status.textContent = 'Saving...';
        try {
          await request('/v1/admin/organization', {
            method: 'PUT',
            body: { name: name.value, templates: org.templates, message_text_retention_days: Number(retention.value) },
            headers: { 'If-Match': orgEtag },
          });
          announce('Organisation saved.');
          loadOrganization('Organisation saved.');
        } catch (error) {
          status.textContent = '';
          fail(error, 'the organisation', { label: 'Reload the organisation', run: () => loadOrganization() });
        }
      });
      clear(orgArea).append(form);
      if (doneText) status.textContent = doneText;
    } catch (error) {
      clear(orgArea);
      fail(error, 'the organisation');
    }
  }

  siteSelect.addEventListener('change', () => openSite(siteSelect.value));
  loadOrganization();
  loadSites();
  return () => { stopped = true; };
}
