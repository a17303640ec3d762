// Small hand-written SVG charts. Each chart is an image with a text summary, and its numbers are
// also in a data table (inside <details>) for screen readers and for reading exact values.

import { h, newId, s } from './dom.js';

// Horizontal bars: one per line, label on the left, value on the right.
export function barChart({ title, lines, value, format, label = (l) => l.key, id, width: wanted }) {
  const figureId = id || newId('chart');
  const titleId = `${figureId}-title`;
  const descId = `${figureId}-desc`;
  const rowH = 26;
  const width = Math.max(300, Math.round(wanted || 640));
  const labelW = Math.min(200, Math.round(width * 0.36));
  const valueW = 80;
  const maxChars = Math.floor((labelW - 10) / 7.8);
  const barMax = width - labelW - valueW - 10;
  const max = Math.max(1, ...lines.map(value));
  const height = Math.max(rowH * lines.length + 10, 40);
  const total = lines.reduce((sum, l) => sum + value(l), 0);
  const top = lines.length ? lines.reduce((a, b) => (value(b) > value(a) ? b : a)) : null;
  const summary = lines.length
    ? `${title}: ${lines.length} bars, total ${format(total)}; largest ${label(top)} at ${format(value(top))}.`
    : `${title}: no data in this period.`;

  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    preserveAspectRatio: 'xMinYMin meet', class: 'bar-chart',
  },
  s('title', { id: titleId, text: title }),
  s('desc', { id: descId, text: summary }));
  if (!lines.length) {
    svg.append(s('text', { x: 0, y: 24, class: 'bar-label', text: 'No data in this period.' }));
  }
  lines.forEach((line, i) => {
    const y = 5 + i * rowH;
    const w = Math.max(value(line) > 0 ? 2 : 0, (value(line) / max) * barMax);
    const name = truncate(label(line), maxChars);
    svg.append(
      s('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'bar-label', text: name },
        name !== label(line) ? s('title', { text: label(line) }) : null),
      s('rect', { x: labelW, y: y + 3, width: w.toFixed(1), height: rowH - 8, class: 'bar', 'data-key': line.key, 'data-value': value(line) }),
      s('text', { x: labelW + w + 6, y: y + rowH / 2 + 4, class: 'bar-value', text: format(value(line)) }));
  });
  svg.append(s('line', { x1: labelW, y1: 0, x2: labelW, y2: height, class: 'axis' }));

  return h('figure', { class: 'chart', id: figureId }, h('figcaption', {}, title), svg);
}

// A budget gauge: the share used, with the alert threshold marked.
export function budgetGauge({ usedPercent, alertPercent, label }) {
  const width = 600;
  const used = Math.max(0, Math.min(100, usedPercent || 0));
  const over = alertPercent !== null && alertPercent !== undefined && usedPercent >= alertPercent;
  const svg = s('svg', { viewBox: `0 0 ${width} 28`, role: 'img', 'aria-label': label, preserveAspectRatio: 'none' },
    s('rect', { x: 0, y: 4, width, height: 20, rx: 4, class: 'track' }),
    s('rect', { x: 0, y: 4, width: (used / 100) * width, height: 20, rx: 4, class: over ? 'used over' : 'used' }));
  if (alertPercent) {
    const x = Math.min(width - 1, (alertPercent / 100) * width);
    svg.append(s('line', { x1: x, y1: 0, x2: x, y2: 28, class: 'mark' }));
  }
  return svg;
}

function truncate(text, n) {
  const t = String(text);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

// Columns per day over a whole period (days without data stay empty), for time series.
export function dayChart({ title, lines, from, to, value, format, id, width: wanted }) {
  const days = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`) && days.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  if (!days.length || days.length > 92) {
    return barChart({ title, lines, value, format, id, width: wanted });
  }
  const figureId = id || newId('chart');
  const titleId = `${figureId}-title`;
  const descId = `${figureId}-desc`;
  const width = Math.max(300, Math.round(wanted || 640));
  const height = 180;
  const left = 64;
  const bottom = 24;
  const top = 14;
  const plotW = width - left - 22;
  const plotH = height - bottom - top;
  const slot = plotW / days.length;
  const max = Math.max(1, ...lines.map(value));
  const byDay = Object.fromEntries(lines.map((l) => [l.key, l]));
  const total = lines.reduce((sum, l) => sum + value(l), 0);
  const topLine = lines.length ? lines.reduce((a, b) => (value(b) > value(a) ? b : a)) : null;
  const summary = lines.length
    ? `${title}, ${from} to ${to}: ${lines.length} of ${days.length} days with spend, total ${format(total)}; highest ${topLine.key} at ${format(value(topLine))}.`
    : `${title}: no data in this period.`;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'day-chart',
  },
  s('title', { id: titleId, text: title }),
  s('desc', { id: descId, text: summary }),
  s('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'bar-label', text: format(max) }),
  s('text', { x: left - 6, y: top + plotH, 'text-anchor': 'end', class: 'bar-label', text: format(0) }),
  s('line', { x1: left, y1: top, x2: left, y2: top + plotH, class: 'axis' }),
  s('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'axis' }));
  const labelEvery = Math.ceil(days.length / Math.max(1, Math.floor(plotW / 48)));
  days.forEach((day, i) => {
    const x = left + i * slot;
    const line = byDay[day];
    if (line) {
      const barH = Math.max(value(line) > 0 ? 2 : 0, (value(line) / max) * plotH);
      svg.append(s('rect', {
        x: (x + slot * 0.15).toFixed(1), y: (top + plotH - barH).toFixed(1), width: Math.max(1, slot * 0.7).toFixed(1), height: barH.toFixed(1),
        class: 'bar', 'data-key': line.key, 'data-value': value(line),
      }, s('title', { text: `${day}: ${format(value(line))}` })));
    }
    if ((days.length - 1 - i) % labelEvery === 0) { // counted back from the last day
      svg.append(s('text', { x: (x + slot / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle', class: 'bar-label', text: day.slice(5) }));
    }
  });
  return h('figure', { class: 'chart', id: figureId }, h('figcaption', {}, title), svg);
}
