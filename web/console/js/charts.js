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
  const maxChars = Math.floor(labelW / 7.2);
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
