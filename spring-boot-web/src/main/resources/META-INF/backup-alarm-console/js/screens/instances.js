// An instance's Alarm Setting: the account's instances (filtered by vault) with their settings
// (Disabled / Same as Vault / Default / Customized) and who an alarm would reach now.
import { api } from '../api.js';
import { disabledButton, h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { closeDialog, openDialog, showDialogError } from '../dialog.js';
import { channelName, describeError } from '../common.js';
import { INSTANCE_MODES, policyForm, summary } from '../policy-form.js';

let vaultFilter = '';

export async function render(ctx) {
  const [instances, vaults, contacts, groups] = await Promise.all([
    api.instances(ctx.account), api.vaults(ctx.account), api.contacts(ctx.account), api.groups(ctx.account),
  ]);
  if (!ctx.current()) return;
  const contactNames = new Map(contacts.body.items.map((c) => [c.id, c.name]));
  const groupNames = new Map(groups.body.items.map((g) => [g.id, g.name]));
  const vaultIds = vaults.body.items.map((v) => v.id);
  if (!vaultIds.includes(vaultFilter)) vaultFilter = '';
  const filterId = uid('vault-filter');
  const filter = h('select', { id: filterId },
    h('option', { value: '' }, t('instances.allVaults')),
    vaultIds.map((v) => h('option', { value: v, selected: v === vaultFilter }, v)));
  const tbody = h('tbody');
  const fill = () => {
    const shown = instances.body.items.filter((i) => !vaultFilter || i.vault === vaultFilter);
    replace(tbody, shown.length ? shown.map((i) => h('tr', { 'data-id': i.id },
      h('td', {}, i.id),
      h('td', {}, i.vault),
      h('td', { class: 'wrap', 'data-field': 'policy' }, summary(i.alarmPolicy, contactNames, groupNames)),
      h('td', { class: 'actions-cell' }, h('span', { class: 'row-actions' },
        ctx.canChange
          ? h('button', { type: 'button', 'data-action': 'policy', onclick: () => edit(ctx, i, contacts.body.items, groups.body.items) },
            t('instances.editSetting'))
          : disabledButton(t('instances.editSetting'), t('error.readOnly'), { 'data-action': 'policy' }),
        h('button', { type: 'button', 'data-action': 'explain', onclick: () => explain(ctx, i.id) }, t('instances.whoIsTold'))))))
      : h('tr', {}, h('td', { colspan: 4, class: 'empty' }, t('instances.empty'))));
  };
  filter.addEventListener('change', () => {
    vaultFilter = filter.value;
    fill();
  });
  fill();
  replace(ctx.root,
    h('h2', {}, t('instances.title')),
    h('p', { class: 'screen-intro' }, t('instances.intro')),
    h('div', { class: 'toolbar' }, h('div', { class: 'field' }, h('label', { for: filterId }, t('instances.vault')), filter)),
    h('table', { id: 'instances-table' },
      h('caption', { class: 'visually-hidden' }, t('instances.title')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('instances.instance')),
        h('th', { scope: 'col' }, t('instances.vault')),
        h('th', { scope: 'col' }, t('policy.current')),
        h('th', { scope: 'col' }, t('common.actions')))),
      tbody));
}

function explanation(result) {
  const via = (v) => {
    if (v.account) return t('explain.viaAccount');
    if (v.group) return t('explain.viaGroup', { contact: v.contact, group: v.group });
    return t('explain.viaContact', { contact: v.contact });
  };
  return h('div', { class: 'explain', 'data-field': 'explain' },
    h('p', {}, t('explain.decided', { by: t(`explain.by.${result.decidedBy}`), mode: t(`mode.${result.mode}`) })),
    result.recipients.length
      ? h('ul', {}, result.recipients.map((r) => h('li', {}, `${channelName(r.channel)} ${r.address}`,
        h('span', { class: 'muted' }, ` (${r.via.map(via).join(t('list.separator'))})`))))
      : h('p', { class: 'muted' }, t('explain.nobody')));
}

async function explain(ctx, instance) {
  try {
    const result = await api.explain(ctx.account, instance);
    openDialog({
      title: t('explain.title', { instance }),
      body: [explanation(result.body)],
      actions: [h('button', { type: 'button', class: 'primary', onclick: closeDialog }, t('action.close'))],
      onSubmit: closeDialog,
    });
  } catch (e) {
    ctx.notify('error', describeError(e));
  }
}

async function edit(ctx, instance, contacts, groups) {
  let got;
  try {
    got = await api.instancePolicy(ctx.account, instance.id);
  } catch (e) {
    ctx.notify('error', describeError(e));
    return;
  }
  let etag = got.etag;
  const box = h('div');
  let form;
  const fill = (policy) => {
    form = policyForm({ modes: INSTANCE_MODES, policy, contacts, groups });
    replace(box, form.element);
  };
  fill(got.body);
  const reload = async () => {
    try {
      const again = await api.instancePolicy(ctx.account, instance.id);
      etag = again.etag;
      fill(again.body);
      showDialogError(null);
      ctx.notify('info', t('common.reloaded'));
      form.focusMode();
    } catch (e) {
      showDialogError(describeError(e));
    }
  };
  const save = async () => {
    showDialogError(null);
    const policy = form.value();
    if (policy.mode === 'CUSTOMIZED' && policy.contacts.length + policy.groups.length === 0) {
      showDialogError(t('policy.pickSomeone'));
      return;
    }
    try {
      await api.setInstancePolicy(ctx.account, instance.id, policy, etag);
    } catch (e) {
      showDialogError(describeError(e), e.status === 412 ? { label: t('action.reload'), run: reload } : null);
      return;
    }
    closeDialog();
    await ctx.reload();
    ctx.notify('info', t('instances.saved', { instance: instance.id }));
  };
  openDialog({
    title: t('instances.settingTitle', { instance: instance.id, vault: instance.vault }),
    body: [box],
    actions: [
      h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')),
      h('button', { type: 'button', class: 'primary', id: 'policy-save', onclick: save }, t('action.save')),
    ],
    onSubmit: save,
  });
  form.focusMode();
}
