// Finance: spend per day, site and intent (SVG charts with data tables), the month against the
// budget, and the CSV export. Counts and money only: finance never sees a message.

import { api, explain, request } from '../api.js';
import { barChart, budgetGauge, dayChart } from '../charts.js';
import { clear, field, h, options } from '../dom.js';
import { count, dollars, intentLabel } from '../format.js';

const GROUPS = [['day', 'Day'], ['site', 'Site'], ['intent', 'Intent'], ['tier', 'Tier']];

export function renderFinance(container, me) {
  let stopped = false;
  const today = new Date();
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const fromInput = h('input', { type: 'date', id: 'spend-from', value: iso(first) });
  const toInput = h('input', { type: 'date', id: 'spend-to', value: iso(today) });
  const apply = h('button', { type: 'submit', class: 'secondary' }, 'Show');
  const month = h('section', { 'aria-labelledby': 'month-title', id: 'month' }, h('h2', { id: 'month-title' }, 'Month to date'), h('p', { class: 'loading' }, 'Loading...'));
  const charts = h('div', { class: 'charts', id: 'charts', 'aria-live': 'polite', 'aria-busy': 'true' });
  const csvGroup = options(h('select', { id: 'csv-group' }), GROUPS, 'day');
  const csvButton = h('button', { type: 'submit', id: 'download-csv' }, 'Download CSV');
  const csvStatus = h('p', { id: 'csv-status', role: 'status', class: 'muted' });
  const errorBox = h('div', { class: 'notice error', role: 'alert', hidden: true, id: 'finance-error' });
  const siteNames = Object.fromEntries((me.sites || []).map((x) => [x.site_id, x.name]));

  const periodForm = h('form', { class: 'toolbar', 'aria-label': 'Reporting period' },
    field('From (UTC day)', fromInput), field('To (UTC day)', toInput), apply);
  const csvForm = h('form', { class: 'toolbar', 'aria-label': 'CSV export' },
    field('Group the CSV by', csvGroup), csvButton);

  container.append(
    h('h1', {}, 'Finance'),
    h('p', { class: 'muted' }, `Spend of ${me.org_id}: counts and money only. Amounts in US dollars; days in UTC.`),
    errorBox,
    month,
    h('section', { 'aria-labelledby': 'spend-title' },
      h('h2', { id: 'spend-title' }, 'Spend'),
      h('p', { class: 'muted' }, "List charge: each classification at the tariff's price, before the month's free allowance and cap (which the month-to-date charge above applies)."),
      periodForm,
      charts),
    h('section', { 'aria-labelledby': 'csv-title' },
      h('h2', { id: 'csv-title' }, 'Export'),
      h('p', {}, 'One line per group for the period above; the columns add up to the totals shown here.'),
      csvForm,
      csvStatus));

  function period() {
    return new URLSearchParams({ from: fromInput.value, to: toInput.value });
  }

  function fail(error) {
    const { title, detail } = explain(error, 'finance reports');
    clear(errorBox).append(h('h2', {}, title), h('p', {}, detail));
    errorBox.hidden = false;
  }

  async function loadMonth() {
    try {
      const { data } = await api.get('/v1/finance/month');
      if (stopped) return;
      clear(month).append(h('h2', { id: 'month-title' }, `Month to date (${data.month}, as of ${data.as_of})`));
      const cards = h('ul', { class: 'cards', id: 'month-cards' },
        card('Charge so far', dollars(data.charge_micros), 'month-charge'),
        card('List charge', dollars(data.list_charge_micros), 'month-list-charge'),
        card('Budget', data.budget_micros === null ? 'No budget set' : dollars(data.budget_micros), 'month-budget'),
        card('Messages', count(data.messages), 'month-messages'),
        card('Free allowance', count(data.free_allowance)),
        card('Billable messages', count(data.billable_messages)),
        card('AWS cost (measured)', dollars(data.aws_cost_micros, 4)));
      month.append(cards);
      if (data.budget_micros !== null && data.budget_micros !== undefined) {
        const used = data.budget_used_percent ?? 0;
        const text = `${used.toFixed(1)} % of the ${dollars(data.budget_micros)} budget used; alert at ${data.budget_alert_percent} %.`;
        month.append(h('div', { class: 'budget' },
          budgetGauge({ usedPercent: used, alertPercent: data.budget_alert_percent, label: text }),
          h('p', { id: 'budget-text', class: data.over_alert_threshold ? 'notice warning' : '' },
            data.over_alert_threshold ? `Over the alert threshold: ${text}` : text)));
      }
    } catch (error) {
      fail(error);
    }
  }

  async function loadCharts() {
    charts.setAttribute('aria-busy', 'true');
    try {
      const groups = ['day', 'site', 'intent'];
      const reports = await Promise.all(groups.map((g) => {
        const q = period();
        q.set('group_by', g);
        return api.get(`/v1/finance/spend?${q}`).then((r) => r.data);
      }));
      if (stopped) return;
      clear(charts);
      const [byDay, bySite, byIntent] = reports;
      const totals = byDay.totals;
      charts.append(h('ul', { class: 'cards', id: 'spend-totals' },
        card('List charge in period', dollars(totals.charge_micros), 'total-charge'),
        card('Messages in period', count(totals.messages), 'total-messages'),
        card('Tier 3 messages', count(totals.tier_3))));
      const money = (l) => l.charge_micros;
      const label = {
        day: (l) => l.key,
        site: (l) => siteNames[l.key] || l.key,
        intent: (l) => intentLabel(l.key),
      };
      for (const [group, report, title] of [
        ['day', byDay, 'List charge per day'],
        ['site', bySite, 'List charge per site'],
        ['intent', byIntent, 'List charge per intent'],
      ]) {
        const lines = group === 'day' ? report.lines : [...report.lines].sort((a, b) => b.charge_micros - a.charge_micros);
        const chart = group === 'day'
          ? dayChart({ title, lines, from: report.from, to: report.to, value: money, format: (v) => dollars(v), id: `chart-${group}`, width: charts.clientWidth })
          : barChart({ title, lines, value: money, format: (v) => dollars(v), label: label[group], id: `chart-${group}`, width: charts.clientWidth });
        charts.append(h('div', { class: 'chart-block' },
          chart,
          dataTable(`${title}: data`, lines, label[group], group)));
      }
    } catch (error) {
      fail(error);
    } finally {
      charts.setAttribute('aria-busy', 'false');
    }
  }

  periodForm.addEventListener('submit', (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    loadCharts();
  });

  csvForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    csvButton.disabled = true;
    csvStatus.textContent = 'Preparing the CSV...';
    try {
      const q = period();
      q.set('group_by', csvGroup.value);
      const response = await request(`/v1/finance/spend?${q}`, { accept: 'text/csv', raw: true });
      const blob = await response.blob();
      const disposition = response.headers.get('Content-Disposition') || '';
      const match = /filename="?([^";]+)"?/.exec(disposition);
      const name = match ? match[1] : `spend-${fromInput.value}-${toInput.value}-by-${csvGroup.value}.csv`;
      const href = URL.createObjectURL(blob);
      const link = h('a', { href, download: name, class: 'visually-hidden' }, 'download');
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10000);
      csvStatus.textContent = `Downloaded ${name}.`;
    } catch (error) {
      const { title, detail } = explain(error, 'the export');
      csvStatus.textContent = `${title}. ${detail}`;
    } finally {
      csvButton.disabled = false;
    }
  });

  loadMonth();
  loadCharts();
  return () => { stopped = true; };
}

function card(label, value, id) {
  return h('li', { class: 'card', id }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, value));
}

function dataTable(caption, lines, label, group) {
  const rows = lines.map((l) => h('tr', {},
    h('th', { scope: 'row' }, label(l)),
    h('td', { class: 'num' }, count(l.messages)),
    h('td', { class: 'num' }, dollars(l.charge_micros)),
    h('td', { class: 'num' }, dollars(l.aws_cost_micros, 4))));
  return h('details', { class: 'chart-data' },
    h('summary', {}, `Show the numbers (${caption.split(':')[0].toLowerCase()})`),
    h('table', { id: `table-${group}` },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, group === 'day' ? 'Day' : group === 'site' ? 'Site' : 'Intent'),
        h('th', { scope: 'col', class: 'num' }, 'Messages'),
        h('th', { scope: 'col', class: 'num' }, 'List charge'),
        h('th', { scope: 'col', class: 'num' }, 'AWS cost'))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '4' }, 'No data in this period.')))));
}

function iso(d) {
  return d.toISOString().slice(0, 10);
}
