// Tables and their QR codes.
import { h, call } from './staff-shared.js';

export async function render(root) {
  const result = await call('GET', '/api/tables');
  root.replaceChildren(h('h2', {}, 'Tables'),
    h('p', {}, h('a', { href: result.qr_sheet, target: '_blank', rel: 'noopener' }, 'Print all QR codes (A4)')),
    h('div', { class: 'qr-list' }, result.tables.map((t) => h('figure', { class: 'card' },
      h('img', { src: t.qr_svg, alt: `QR code for ${t.name}` }), h('figcaption', {}, `${t.name} · ${t.capacity} seats`)))));
}
