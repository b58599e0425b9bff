// Today's dashboard, drawn as SVG.
import { h, money, call, svg } from './staff-shared.js';

/** Vertical bars: revenue per hour of the day. */
function hourChart(hourly) {
  const hours = hourly.length ? hourly : [];
  const first = hours.length ? Math.min(...hours.map((x) => x.hour)) : 12;
  const last = hours.length ? Math.max(...hours.map((x) => x.hour)) : 22;
  const span = [];
  for (let hr = Math.min(first, 11); hr <= Math.max(last, 22); hr++) span.push(hours.find((x) => x.hour === hr) || { hour: hr, revenue: 0, orders: 0 });
  const max = Math.max(1, ...span.map((x) => Number(x.revenue)));
  const W = 480, H = 220, left = 40, bottom = 24, bw = (W - left) / span.length;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Revenue per hour' });
  span.forEach((x, i) => {
    const height = (H - bottom - 16) * Number(x.revenue) / max;
    const bar = svg('rect', { class: 'bar', x: left + i * bw + 2, y: H - bottom - height, width: bw - 4, height: Math.max(height, 0) });
    bar.append(svg('title', {}, `${x.hour}:00 — ${money(x.revenue)} from ${x.orders} orders`));
    chart.append(bar, svg('text', { x: left + i * bw + bw / 2, y: H - 8, 'text-anchor': 'middle' }, x.hour));
  });
  chart.append(svg('text', { x: 0, y: 12 }, money(max)), svg('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: '#ccc' }));
  return chart;
}

/** Horizontal bars: the day's top items by quantity. */
function topItemsChart(items) {
  const rows = items.slice(0, 6);
  const max = Math.max(1, ...rows.map((x) => x.quantity));
  const W = 480, row = 30, H = Math.max(60, rows.length * row + 10), left = 130;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Top items' });
  rows.forEach((x, i) => {
    const width = (W - left - 60) * x.quantity / max;
    chart.append(
      svg('text', { x: 0, y: i * row + 20 }, x.name),
      svg('rect', { class: 'bar', x: left, y: i * row + 6, width, height: 20 }),
      svg('text', { class: 'value', x: left + width + 6, y: i * row + 20 }, `${x.quantity} · ${money(x.revenue)}`));
  });
  if (!rows.length) chart.append(svg('text', { x: 0, y: 30 }, 'No orders yet today'));
  return chart;
}

/** Revenue against the discounts given to earn it. */
function discountChart(summary) {
  const revenue = Number(summary.total_revenue), discount = Number(summary.discount_savings);
  const max = Math.max(1, revenue + discount);
  const W = 480, H = 110, left = 130, width = W - left - 10;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Discounts given' });
  const bars = [['Revenue', revenue, 'bar'], ['Discounts given', discount, 'bar alt']];
  bars.forEach(([label, value, cls], i) => {
    const w = width * value / max;
    chart.append(svg('text', { x: 0, y: i * 44 + 26 }, label), svg('rect', { class: cls, x: left, y: i * 44 + 10, width: w, height: 24 }),
      svg('text', { class: 'value', x: left + Math.min(w + 6, width - 70), y: i * 44 + 26 }, money(value)));
  });
  return chart;
}

export async function render(root) {
  const s = await call('GET', '/api/analytics/summary');
  const kpi = (label, value) => h('div', { class: 'card kpi' }, h('span', { class: 'muted' }, label), h('strong', {}, value));
  root.replaceChildren(
    h('h2', {}, `Today, ${s.date}`),
    h('div', { class: 'kpis' }, kpi('Orders', s.total_orders), kpi('Revenue', money(s.total_revenue)), kpi('Collected', money(s.collected)),
      kpi('Average order', money(s.average_order_value)), kpi('Discounts given', money(s.discount_savings)),
      kpi('GST collected', money(s.gst)),
      Number(s.service_charge) > 0 ? kpi('Service charge', money(s.service_charge)) : null,
      Number(s.round_off) !== 0 ? kpi('Round-off', (Number(s.round_off) < 0 ? '−' : '+') + money(Math.abs(Number(s.round_off)))) : null,
      kpi('Peak hour', s.peak_hour === undefined || s.peak_hour === null ? '—' : `${s.peak_hour}:00`)),
    h('div', { class: 'charts' },
      h('section', { class: 'card chart', id: 'chart-hourly' }, h('h3', {}, 'Revenue per hour'), hourChart(s.hourly)),
      h('section', { class: 'card chart', id: 'chart-top' }, h('h3', {}, 'Top items'), topItemsChart(s.top_items)),
      h('section', { class: 'card chart', id: 'chart-discounts' }, h('h3', {}, 'Discounts given'), discountChart(s))));
}
