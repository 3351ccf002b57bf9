// Alarm Contact Group: the account's groups with their member counts; New and Edit with a
// contact picker; Delete (shown disabled, with the reason, while a policy names the group).
import { api } from '../api.js';
import { disabledButton, field, h, replace, setFieldError, uid } from '../dom.js';
import { t } from '../i18n.js';
import { closeDialog, openDialog, showDialogError } from '../dialog.js';
import { addressesOf, channelName, checkboxPicker, describeError, holderText, usage } from '../common.js';

export async function render(ctx) {
  const [contacts, groups, vaults, instances] = await Promise.all([
    api.contacts(ctx.account), api.groups(ctx.account), api.vaults(ctx.account), api.instances(ctx.account),
  ]);
  if (!ctx.current()) return;
  const items = groups.body.items;
  const names = new Map(contacts.body.items.map((c) => [c.id, c.name]));
  const held = usage(items, vaults.body.items, instances.body.items).groups;
  const newButton = ctx.canChange
    ? h('button', { type: 'button', class: 'primary', id: 'new-group', onclick: () => editor(ctx, null, contacts.body.items) },
      t('groups.new'))
    : disabledButton(t('groups.new'), t('error.readOnly'), { id: 'new-group' });
  replace(ctx.root,
    h('h2', {}, t('groups.title')),
    h('p', { class: 'screen-intro' }, t('groups.intro')),
    h('div', { class: 'toolbar' }, newButton),
    h('table', { id: 'groups-table' },
      h('caption', { class: 'visually-hidden' }, t('groups.title')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('groups.name')),
        h('th', { scope: 'col', class: 'num' }, t('groups.memberCount')),
        h('th', { scope: 'col' }, t('groups.members')),
        h('th', { scope: 'col' }, t('contacts.usedBy')),
        h('th', { scope: 'col' }, t('common.actions')))),
      h('tbody', {}, items.length
        ? items.map((g) => row(ctx, g, names, held.get(g.id) || [], contacts.body.items))
        : h('tr', {}, h('td', { colspan: 5, class: 'empty' }, t('groups.empty'))))));
}

function row(ctx, group, names, holders, contacts) {
  let del;
  if (!ctx.canChange) {
    del = disabledButton(t('action.delete'), t('error.readOnly'), { 'data-action': 'delete' });
  } else if (holders.length) {
    del = disabledButton(t('action.delete'),
      t('groups.deleteRefused', { holders: holders.map(holderText).join(t('list.separator')) }), { 'data-action': 'delete' });
  } else {
    del = h('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: () => confirmDelete(ctx, group) },
      t('action.delete'));
  }
  const edit = ctx.canChange
    ? h('button', { type: 'button', 'data-action': 'edit', onclick: () => editor(ctx, group.id, contacts) }, t('action.edit'))
    : disabledButton(t('action.edit'), t('error.readOnly'), { 'data-action': 'edit' });
  return h('tr', { 'data-id': group.id },
    h('td', {}, group.name, h('div', { class: 'muted' }, group.id)),
    h('td', { class: 'num', 'data-field': 'memberCount' }, String(group.memberCount)),
    h('td', { class: 'wrap' }, group.members.map((m) => names.get(m) || m).join(t('list.separator'))),
    h('td', { class: 'wrap' }, holders.length ? holders.map(holderText).join(t('list.separator')) : t('groups.unused')),
    h('td', { class: 'actions-cell' }, h('span', { class: 'row-actions' }, edit, del)));
}

async function confirmDelete(ctx, listed) {
  let current;
  try {
    current = await api.group(ctx.account, listed.id);
  } catch (e) {
    ctx.notify('error', describeError(e));
    return;
  }
  const yes = h('button', { type: 'button', class: 'danger', id: 'confirm-delete' }, t('action.delete'));
  yes.addEventListener('click', async () => {
    try {
      await api.deleteGroup(ctx.account, listed.id, current.etag);
      closeDialog();
      await ctx.reload();
      ctx.notify('info', t('groups.deleted', { name: listed.name }));
    } catch (e) {
      showDialogError(describeError(e), e.status === 412 ? { label: t('action.reload'), run: () => { closeDialog(); ctx.reload(); } } : null);
    }
  });
  openDialog({
    title: t('groups.deleteTitle', { name: listed.name }),
    body: [h('p', {}, t('groups.deleteText', { name: listed.name }))],
    actions: [h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')), yes],
    focus: yes,
  });
}

async function editor(ctx, id, contacts) {
  let etag = null;
  let group = null;
  if (id) {
    try {
      const got = await api.group(ctx.account, id);
      etag = got.etag;
      group = got.body;
    } catch (e) {
      ctx.notify('error', describeError(e));
      return;
    }
  }
  const name = field(t('groups.name'), h('input', { type: 'text', id: uid('group-name'), maxlength: 64, autocomplete: 'off' }));
  const pickerBox = h('div');
  let picker;
  const fill = (g) => {
    name.input.value = g ? g.name : '';
    picker = checkboxPicker({
      legend: t('groups.pickContacts'),
      searchLabel: t('picker.searchContacts'),
      name: 'member',
      items: contacts,
      selected: g ? g.members : [],
      describe: (c) => addressesOf(c).map((a) => `${channelName(a.channel)} ${a.address}${a.verified ? '' : ` (${t('contact.unverified')})`}`)
        .join(t('list.separator')),
    });
    replace(pickerBox, picker.element);
  };
  fill(group);
  const reload = async () => {
    try {
      const got = await api.group(ctx.account, id);
      etag = got.etag;
      group = got.body;
      fill(group);
      showDialogError(null);
      ctx.notify('info', t('common.reloaded'));
    } catch (e) {
      showDialogError(describeError(e));
    }
  };
  const save = async () => {
    showDialogError(null);
    setFieldError(name, null);
    const body = { name: name.input.value.trim(), members: picker.selected() };
    if (!body.name) {
      setFieldError(name, t('groups.nameRequired'));
      name.input.focus();
      return;
    }
    if (body.members.length === 0) {
      showDialogError(t('groups.membersRequired'));
      const first = picker.first();
      if (first) first.focus();
      return;
    }
    try {
      if (id) await api.updateGroup(ctx.account, id, body, etag);
      else await api.createGroup(ctx.account, body);
    } catch (e) {
      const nameError = e.errors.find((fe) => fe.field === 'name');
      if (nameError) setFieldError(name, nameError.message);
      else showDialogError(describeError(e), e.status === 412 ? { label: t('action.reload'), run: reload } : null);
      return;
    }
    closeDialog();
    await ctx.reload();
    ctx.notify('info', t(id ? 'groups.saved' : 'groups.created', { name: body.name }));
  };
  openDialog({
    title: id ? t('groups.editTitle', { name: group.name }) : t('groups.newTitle'),
    body: [name.field, pickerBox],
    actions: [
      h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')),
      h('button', { type: 'button', class: 'primary', id: 'group-save', onclick: save }, t('action.save')),
    ],
    onSubmit: save,
  });
}
