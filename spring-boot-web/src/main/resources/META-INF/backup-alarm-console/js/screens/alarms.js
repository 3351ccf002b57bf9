// Alarms: the account's open alarms (pending and firing) with Acknowledge and Silence, and the
// silences in force with Expire.
import { api } from '../api.js';
import { disabledButton, field, formatTime, h, replace, uid } from '../dom.js';
import { language, t } from '../i18n.js';
import { closeDialog, openDialog, showDialogError } from '../dialog.js';
import { channelName, describeError } from '../common.js';

const DURATIONS = [['PT1H', 3600], ['PT4H', 4 * 3600], ['P1D', 86400], ['P7D', 7 * 86400]];

function alarmName(a) {
  return a.job ? t('alarm.nameJob', { type: t(`type.${a.type}`), instance: a.instance, job: a.job })
    : t('alarm.name', { type: t(`type.${a.type}`), instance: a.instance });
}

export async function render(ctx) {
  const [alarms, silences] = await Promise.all([api.alarms(ctx.account), api.silences(ctx.account)]);
  if (!ctx.current()) return;
  const lang = language();
  const items = alarms.body.items;
  replace(ctx.root,
    h('h2', {}, t('alarms.title')),
    h('p', { class: 'screen-intro' }, t('alarms.intro')),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'alarms-refresh', onclick: () => ctx.reload() }, t('action.refresh'))),
    h('table', { id: 'alarms-table' },
      h('caption', { class: 'visually-hidden' }, t('alarms.title')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('alarms.alarm')),
        h('th', { scope: 'col' }, t('alarms.state')),
        h('th', { scope: 'col' }, t('alarms.since')),
        h('th', { scope: 'col' }, t('alarms.told')),
        h('th', { scope: 'col' }, t('alarms.acknowledged')),
        h('th', { scope: 'col' }, t('common.actions')))),
      h('tbody', {}, items.length ? items.map((a) => row(ctx, a, lang))
        : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, t('alarms.empty'))))),
    h('h2', { class: 'section' }, t('silences.title')),
    h('p', { class: 'screen-intro' }, t('silences.intro')),
    silenceTable(ctx, silences.body.items, lang));
}

function row(ctx, a, lang) {
  const firing = a.state === 'FIRING';
  const stateBadge = h('span', { class: `badge ${firing ? 'bad' : 'warn'}` }, t(`state.${a.state}`));
  let ack;
  if (!ctx.canChange) ack = disabledButton(t('alarms.acknowledge'), t('error.readOnly'), { 'data-action': 'acknowledge' });
  else if (!firing) ack = disabledButton(t('alarms.acknowledge'), t('alarms.notFiring'), { 'data-action': 'acknowledge' });
  else if (a.acknowledgement) ack = disabledButton(t('alarms.acknowledge'), t('alarms.alreadyAcknowledged'), { 'data-action': 'acknowledge' });
  else ack = h('button', { type: 'button', 'data-action': 'acknowledge', onclick: () => acknowledge(ctx, a) }, t('alarms.acknowledge'));
  const silence = ctx.canChange
    ? h('button', { type: 'button', 'data-action': 'silence', onclick: () => silenceDialog(ctx, a) }, t('alarms.silence'))
    : disabledButton(t('alarms.silence'), t('error.readOnly'), { 'data-action': 'silence' });
  return h('tr', { 'data-type': a.type, 'data-instance': a.instance, 'data-job': a.job || '' },
    h('td', { class: 'wrap' }, alarmName(a), a.vault ? h('div', { class: 'muted' }, t('alarms.inVault', { vault: a.vault })) : null,
      a.message ? h('div', { class: 'muted' }, a.message) : null),
    h('td', { 'data-field': 'state' }, stateBadge,
      a.occurrences > 1 ? h('div', { class: 'muted' }, t('alarms.occurrences', { count: a.occurrences })) : null),
    h('td', {}, formatTime(a.openedAt, lang),
      a.firedAt ? h('div', { class: 'muted' }, t('alarms.firedAt', { at: formatTime(a.firedAt, lang) })) : null),
    h('td', { class: 'wrap' }, (a.recipients || []).length
      ? a.recipients.map((r) => h('div', {}, `${channelName(r.channel)} ${r.address}`))
      : h('span', { class: 'muted' }, firing ? t('alarms.toldNobody') : t('alarms.notYet'))),
    h('td', { 'data-field': 'acknowledgement' }, a.acknowledgement
      ? [h('span', { class: 'badge ok' }, t('alarms.ackBy', { by: a.acknowledgement.by })),
        h('div', { class: 'muted' }, formatTime(a.acknowledgement.at, lang)),
        a.acknowledgement.comment ? h('div', { class: 'muted' }, a.acknowledgement.comment) : null]
      : h('span', { class: 'muted' }, t('alarms.notAcknowledged'))),
    h('td', { class: 'actions-cell' }, h('span', { class: 'row-actions' }, ack, silence)));
}

function acknowledge(ctx, alarm) {
  const comment = field(t('alarms.comment'), h('textarea', { rows: 3, maxlength: 500, id: uid('ack-comment') }), t('alarms.commentHint'));
  const run = async () => {
    showDialogError(null);
    try {
      const result = await api.acknowledge(ctx.account, alarm, comment.input.value.trim());
      closeDialog();
      await ctx.reload();
      ctx.notify('info', t(result.body.result === 'ACKNOWLEDGED' ? 'alarms.acknowledgedNow' : 'alarms.alreadyAcknowledged',
        { alarm: alarmName(alarm) }));
    } catch (e) {
      showDialogError(e.kind === 'not-firing' ? t('alarms.notFiring') : describeError(e));
    }
  };
  openDialog({
    title: t('alarms.ackTitle', { alarm: alarmName(alarm) }),
    body: [h('p', {}, t('alarms.ackText')), comment.field],
    actions: [
      h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')),
      h('button', { type: 'button', class: 'primary', id: 'ack-confirm', onclick: run }, t('alarms.acknowledge')),
    ],
    onSubmit: run,
  });
}

function silenceDialog(ctx, alarm) {
  const scopeName = uid('scope');
  const scopes = [
    ['alarm', { instance: alarm.instance, alarm: alarm.type, vault: null }, t('silences.scopeAlarm', { alarm: alarmName(alarm) })],
    ['instance', { instance: alarm.instance, alarm: null, vault: null }, t('silences.scopeInstance', { instance: alarm.instance })],
  ];
  if (alarm.vault) scopes.push(['vault', { vault: alarm.vault, instance: null, alarm: null }, t('silences.scopeVault', { vault: alarm.vault })]);
  const radios = scopes.map(([key, matcher, label], index) => {
    const id = uid('scope');
    const input = h('input', { type: 'radio', name: scopeName, id, value: key, checked: index === 0 });
    return { input, matcher, label: h('label', { for: id }, input, h('span', {}, label)) };
  });
  const duration = field(t('silences.duration'), h('select', { id: uid('duration') },
    DURATIONS.map(([key, seconds], index) => h('option', { value: String(seconds), selected: index === 0 }, t(`duration.${key}`)))));
  const comment = field(t('silences.comment'), h('textarea', { rows: 2, maxlength: 500, id: uid('silence-comment') }));
  const run = async () => {
    showDialogError(null);
    const chosen = radios.find((r) => r.input.checked);
    const ends = new Date(Date.now() + Number(duration.input.value) * 1000).toISOString();
    try {
      await api.createSilence(ctx.account, { matcher: chosen.matcher, ends, comment: comment.input.value.trim() || null });
      closeDialog();
      await ctx.reload();
      ctx.notify('info', t('silences.created', { until: formatTime(ends, language()) }));
    } catch (e) {
      showDialogError(describeError(e));
    }
  };
  openDialog({
    title: t('silences.newTitle'),
    body: [h('p', { class: 'muted' }, t('silences.newText')),
      h('fieldset', {}, h('legend', {}, t('silences.scope')), h('div', { class: 'choices', role: 'radiogroup' }, radios.map((r) => r.label))),
      duration.field, comment.field],
    actions: [
      h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')),
      h('button', { type: 'button', class: 'primary', id: 'silence-confirm', onclick: run }, t('alarms.silence')),
    ],
    onSubmit: run,
  });
}

function matcherText(m) {
  const parts = [];
  if (m.vault) parts.push(t('silences.matchVault', { vault: m.vault }));
  if (m.instance) parts.push(t('silences.matchInstance', { instance: m.instance }));
  if (m.alarm) parts.push(t(`type.${m.alarm}`));
  return parts.length ? parts.join(t('list.separator')) : t('silences.matchAll');
}

function silenceTable(ctx, silences, lang) {
  if (!silences.length) return h('p', { class: 'empty', id: 'silences-empty' }, t('silences.empty'));
  return h('table', { id: 'silences-table' },
    h('caption', { class: 'visually-hidden' }, t('silences.title')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('silences.what')),
      h('th', { scope: 'col' }, t('silences.from')),
      h('th', { scope: 'col' }, t('silences.until')),
      h('th', { scope: 'col' }, t('silences.by')),
      h('th', { scope: 'col' }, t('common.actions')))),
    h('tbody', {}, silences.map((s) => h('tr', { 'data-id': s.id },
      h('td', { class: 'wrap' }, matcherText(s.matcher), s.comment ? h('div', { class: 'muted' }, s.comment) : null),
      h('td', {}, formatTime(s.starts, lang), s.active ? null : h('div', { class: 'muted' }, t('silences.notYetActive'))),
      h('td', {}, formatTime(s.ends, lang)),
      h('td', {}, s.createdBy),
      h('td', {}, ctx.canChange
        ? h('button', { type: 'button', 'data-action': 'expire', onclick: () => expire(ctx, s) }, t('silences.expire'))
        : disabledButton(t('silences.expire'), t('error.readOnly'), { 'data-action': 'expire' }))))));
}

async function expire(ctx, silence) {
  try {
    await api.expireSilence(ctx.account, silence.id);
    await ctx.reload();
    ctx.notify('info', t('silences.expired'));
  } catch (e) {
    ctx.notify('error', describeError(e));
  }
}
