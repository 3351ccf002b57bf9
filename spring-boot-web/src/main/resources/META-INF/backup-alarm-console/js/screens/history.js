// History: what was sent to whom with the provider's answer (deliveries), and what happened to
// each alarm (alarm events); newest first, read on page by page.
import { api } from '../api.js';
import { formatTime, h, replace } from '../dom.js';
import { language, t } from '../i18n.js';
import { channelName, describeError } from '../common.js';

const PAGE = 50;
let tab = 'deliveries';

export async function render(ctx) {
  const tabs = [['deliveries', t('history.deliveries')], ['alarms', t('history.alarmEvents')]];
  const panel = h('div', { role: 'tabpanel', id: 'history-panel', tabindex: '0' });
  const buttons = tabs.map(([key, label]) => h('button', {
    type: 'button', role: 'tab', id: `history-tab-${key}`, 'aria-controls': 'history-panel',
    'aria-selected': String(key === tab), tabindex: key === tab ? '0' : '-1', class: 'tab',
  }, label));
  const select = async (key, focus) => {
    tab = key;
    for (const b of buttons) {
      const on = b.id === `history-tab-${key}`;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    }
    panel.setAttribute('aria-labelledby', `history-tab-${key}`);
    await load(ctx, panel, key);
  };
  buttons.forEach((b, index) => {
    b.addEventListener('click', () => select(tabs[index][0]));
    b.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        select(tabs[(index + step + tabs.length) % tabs.length][0], true);
      }
    });
  });
  replace(ctx.root,
    h('h2', {}, t('history.title')),
    h('p', { class: 'screen-intro' }, t('history.intro')),
    h('div', { class: 'toolbar' },
      h('div', { role: 'tablist', class: 'tabs', 'aria-label': t('history.title') }, buttons),
      h('button', { type: 'button', id: 'history-refresh', onclick: () => select(tab) }, t('action.refresh'))),
    panel);
  await select(tab);
}

async function load(ctx, panel, key) {
  const lang = language();
  const tbody = h('tbody');
  const more = h('button', { type: 'button', id: 'history-more', hidden: true }, t('history.older'));
  let cursor = null;
  const deliveries = key === 'deliveries';
  const head = deliveries
    ? [t('history.at'), t('history.what'), t('history.to'), t('history.outcome'), t('history.answer'), t('history.attempt')]
    : [t('history.at'), t('history.alarm'), t('history.event'), t('history.detail'), t('history.node')];
  const page = async () => {
    try {
      const query = { limit: PAGE, after: cursor };
      const result = deliveries ? await api.deliveries(ctx.account, query) : await api.alarmHistory(ctx.account, query);
      if (!ctx.current()) return;
      if (!result.body.items.length && !cursor) {
        tbody.append(h('tr', {}, h('td', { colspan: head.length, class: 'empty' }, t('history.empty'))));
      }
      for (const item of result.body.items) tbody.append(deliveries ? deliveryRow(item, lang) : eventRow(item, lang));
      cursor = result.body.nextCursor;
      more.hidden = !cursor;
    } catch (e) {
      ctx.notify('error', describeError(e));
    }
  };
  more.addEventListener('click', page);
  replace(panel, h('table', { id: deliveries ? 'deliveries-table' : 'alarm-history-table' },
    h('caption', { class: 'visually-hidden' }, deliveries ? t('history.deliveries') : t('history.alarmEvents')),
    h('thead', {}, h('tr', {}, head.map((label) => h('th', { scope: 'col' }, label)))), tbody),
  h('div', { class: 'pager' }, more));
  await page();
}

function subject(item) {
  if (!item.type) return t(`kind.${item.kind}`);
  const what = item.job ? t('alarm.nameJob', { type: t(`type.${item.type}`), instance: item.instance, job: item.job })
    : t('alarm.name', { type: t(`type.${item.type}`), instance: item.instance });
  return `${t(`kind.${item.kind}`)}: ${what}`;
}

function deliveryRow(d, lang) {
  const outcomeClass = { DELIVERED: 'ok', FAILED: 'warn', DEAD: 'bad' }[d.outcome] || 'muted';
  return h('tr', { 'data-kind': d.kind, 'data-channel': d.channel, 'data-outcome': d.outcome },
    h('td', {}, formatTime(d.at, lang)),
    h('td', { class: 'wrap' }, subject(d), d.items > 1 ? h('div', { class: 'muted' }, t('history.items', { count: d.items })) : null),
    h('td', { class: 'wrap' }, h('div', { class: 'muted' }, channelName(d.channel)), d.address),
    h('td', {}, h('span', { class: `badge ${outcomeClass}` }, t(`outcome.${d.outcome}`))),
    h('td', { class: 'wrap', 'data-field': 'answer' }, d.receipt ? t('history.receipt', { receipt: d.receipt }) : (d.error || '')),
    h('td', { class: 'num' }, String(d.attempt)));
}

function eventRow(e, lang) {
  const what = e.job ? t('alarm.nameJob', { type: t(`type.${e.type}`), instance: e.instance, job: e.job })
    : t('alarm.name', { type: t(`type.${e.type}`), instance: e.instance });
  return h('tr', { 'data-event': e.event },
    h('td', {}, formatTime(e.at, lang)),
    h('td', { class: 'wrap' }, what),
    h('td', {}, t(`event.${e.event}`)),
    h('td', { class: 'wrap' }, e.detail || ''),
    h('td', {}, e.node));
}
