// A vault's Alarm Policy: the account's vaults with their policies; Alarm Policy opens the form
// (Disabled / Default Notification / Customized Notification with contacts and groups).
import { api } from '../api.js';
import { disabledButton, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { closeDialog, openDialog, showDialogError } from '../dialog.js';
import { describeError } from '../common.js';
import { VAULT_MODES, policyForm, summary } from '../policy-form.js';

export async function render(ctx) {
  const [vaults, contacts, groups] = await Promise.all([
    api.vaults(ctx.account), api.contacts(ctx.account), api.groups(ctx.account),
  ]);
  if (!ctx.current()) return;
  const contactNames = new Map(contacts.body.items.map((c) => [c.id, c.name]));
  const groupNames = new Map(groups.body.items.map((g) => [g.id, g.name]));
  const items = vaults.body.items;
  replace(ctx.root,
    h('h2', {}, t('vaults.title')),
    h('p', { class: 'screen-intro' }, t('vaults.intro')),
    h('table', { id: 'vaults-table' },
      h('caption', { class: 'visually-hidden' }, t('vaults.title')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('vaults.vault')),
        h('th', { scope: 'col', class: 'num' }, t('vaults.instances')),
        h('th', { scope: 'col' }, t('policy.current')),
        h('th', { scope: 'col' }, t('common.actions')))),
      h('tbody', {}, items.length ? items.map((v) => h('tr', { 'data-id': v.id },
        h('td', {}, v.id),
        h('td', { class: 'num' }, String(v.instances)),
        h('td', { class: 'wrap', 'data-field': 'policy' }, summary(v.alarmPolicy, contactNames, groupNames)),
        h('td', { class: 'actions-cell' }, ctx.canChange
          ? h('button', { type: 'button', 'data-action': 'policy', onclick: () => edit(ctx, v.id, contacts.body.items, groups.body.items) },
            t('vaults.editPolicy'))
          : disabledButton(t('vaults.editPolicy'), t('error.readOnly'), { 'data-action': 'policy' }))))
        : h('tr', {}, h('td', { colspan: 4, class: 'empty' }, t('vaults.empty'))))));
}

async function edit(ctx, vault, contacts, groups) {
  let got;
  try {
    got = await api.vaultPolicy(ctx.account, vault);
  } catch (e) {
    ctx.notify('error', describeError(e));
    return;
  }
  let etag = got.etag;
  const box = h('div');
  let form;
  const fill = (policy) => {
    form = policyForm({ modes: VAULT_MODES, policy, contacts, groups });
    replace(box, form.element);
  };
  fill(got.body);
  const reload = async () => {
    try {
      const again = await api.vaultPolicy(ctx.account, vault);
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
      await api.setVaultPolicy(ctx.account, vault, policy, etag);
    } catch (e) {
      showDialogError(describeError(e), e.status === 412 ? { label: t('action.reload'), run: reload } : null);
      return;
    }
    closeDialog();
    await ctx.reload();
    ctx.notify('info', t('vaults.saved', { vault }));
  };
  openDialog({
    title: t('vaults.policyTitle', { vault }),
    body: [box],
    actions: [
      h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')),
      h('button', { type: 'button', class: 'primary', id: 'policy-save', onclick: save }, t('action.save')),
    ],
    onSubmit: save,
  });
  form.focusMode();
}
