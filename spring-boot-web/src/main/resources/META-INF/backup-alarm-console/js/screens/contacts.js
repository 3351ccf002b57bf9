// Alarm Contact: the account's contacts with their addresses and whether each is verified; New
// Contact (saved only once every address's code was typed back), Edit, Delete (shown disabled,
// with the reason, while a group or a policy holds the contact).
import { api } from '../api.js';
import { disabledButton, field, formatTime, h, replace, setFieldError, uid } from '../dom.js';
import { language, t } from '../i18n.js';
import { closeDialog, openDialog, showDialogError } from '../dialog.js';
import { addressesOf, channelName, describeError, holderText, usage, verifiedBadge } from '../common.js';

/** The channels a further address may use (the library's built-in HTTP channels). */
const FURTHER_CHANNELS = ['webhook', 'dingtalk', 'wecom', 'feishu', 'slack'];

export async function render(ctx) {
  const [contacts, groups, vaults, instances] = await Promise.all([
    api.contacts(ctx.account), api.groups(ctx.account), api.vaults(ctx.account), api.instances(ctx.account),
  ]);
  if (!ctx.current()) return;
  const items = contacts.body.items;
  const held = usage(groups.body.items, vaults.body.items, instances.body.items).contacts;
  const search = h('input', { type: 'search', id: 'contact-search' });
  const tbody = h('tbody');
  const fill = () => {
    const q = search.value.trim().toLowerCase();
    const shown = items.filter((c) => !q || [c.id, c.name, c.email, c.mobile, ...(c.addresses || []).map((a) => a.address)]
      .some((v) => v && v.toLowerCase().includes(q)));
    replace(tbody, shown.length ? shown.map((c) => row(ctx, c, held.get(c.id) || [])) :
      h('tr', {}, h('td', { colspan: 4, class: 'empty' }, items.length ? t('contacts.noMatch') : t('contacts.empty'))));
  };
  search.addEventListener('input', fill);
  fill();
  const newButton = ctx.canChange
    ? h('button', { type: 'button', class: 'primary', id: 'new-contact', onclick: () => editor(ctx, null) }, t('contacts.new'))
    : disabledButton(t('contacts.new'), t('error.readOnly'), { id: 'new-contact' });
  replace(ctx.root,
    h('h2', {}, t('contacts.title')),
    h('p', { class: 'screen-intro' }, t('contacts.intro')),
    h('div', { class: 'toolbar' }, newButton,
      h('div', { class: 'field' }, h('label', { for: 'contact-search' }, t('contacts.search')), search)),
    h('table', { id: 'contacts-table' },
      h('caption', { class: 'visually-hidden' }, t('contacts.title')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('contacts.name')),
        h('th', { scope: 'col' }, t('contacts.addresses')),
        h('th', { scope: 'col' }, t('contacts.usedBy')),
        h('th', { scope: 'col' }, t('common.actions')))),
      tbody));
}

function row(ctx, contact, holders) {
  const addresses = addressesOf(contact).map((a) => h('div', { class: 'address' },
    h('span', { class: 'address-kind' }, channelName(a.channel)),
    h('span', { class: 'wrap' }, a.address), verifiedBadge(a.verified)));
  const used = holders.length ? holders.map(holderText).join(t('list.separator')) : t('contacts.unused');
  let del;
  if (!ctx.canChange) {
    del = disabledButton(t('action.delete'), t('error.readOnly'), { 'data-action': 'delete' });
  } else if (holders.length) {
    del = disabledButton(t('action.delete'),
      t('contacts.deleteRefused', { holders: holders.map(holderText).join(t('list.separator')) }), { 'data-action': 'delete' });
  } else {
    del = h('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: () => confirmDelete(ctx, contact) },
      t('action.delete'));
  }
  const edit = ctx.canChange
    ? h('button', { type: 'button', 'data-action': 'edit', onclick: () => editor(ctx, contact.id) }, t('action.edit'))
    : disabledButton(t('action.edit'), t('error.readOnly'), { 'data-action': 'edit' });
  return h('tr', { 'data-id': contact.id },
    h('td', {}, contact.name, h('div', { class: 'muted' }, contact.id)),
    h('td', {}, addresses),
    h('td', { class: 'wrap' }, used),
    h('td', { class: 'actions-cell' }, h('span', { class: 'row-actions' }, edit, del)));
}

async function confirmDelete(ctx, listed) {
  let current;
  try {
    current = await api.contact(ctx.account, listed.id);
  } catch (e) {
    ctx.notify('error', describeError(e));
    return;
  }
  const yes = h('button', { type: 'button', class: 'danger', id: 'confirm-delete' }, t('action.delete'));
  yes.addEventListener('click', async () => {
    try {
      await api.deleteContact(ctx.account, listed.id, current.etag);
      closeDialog();
      await ctx.reload();
      ctx.notify('info', t('contacts.deleted', { name: listed.name }));
    } catch (e) {
      showDialogError(describeError(e), e.status === 412 ? { label: t('action.reload'), run: () => { closeDialog(); ctx.reload(); } } : null);
    }
  });
  openDialog({
    title: t('contacts.deleteTitle', { name: listed.name }),
    body: [h('p', {}, t('contacts.deleteText', { name: listed.name }))],
    actions: [h('button', { type: 'button', onclick: closeDialog }, t('action.cancel')), yes],
    focus: yes,
  });
}

/**
 * New Contact (id null) or Edit. A new contact is created, unverified, by the first Send
 * Verification; Save completes once every address's code was confirmed; Cancel deletes it.
 */
async function editor(ctx, id) {
  const state = { id, etag: null, contact: null };
  if (id) {
    try {
      const got = await api.contact(ctx.account, id);
      state.etag = got.etag;
      state.contact = got.body;
    } catch (e) {
      ctx.notify('error', describeError(e));
      return;
    }
  }
  const isNew = id === null;
  const name = field(t('contact.name'), h('input', { type: 'text', id: uid('contact-name'), maxlength: 64, autocomplete: 'off' }));
  const rows = [];
  const rowsBox = h('div', { class: 'address-rows' });
  const further = h('div', { class: 'further-rows' });

  const addRow = (kind, initial) => {
    const r = addressRow(kind, initial, state, () => rows.splice(rows.indexOf(r), 1));
    r.input.addEventListener('input', () => refresh());
    r.send.addEventListener('click', () => send(r));
    r.confirm.addEventListener('click', () => confirm(r));
    r.code.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        confirm(r);
      }
    });
    rows.push(r);
    (kind === 'further' ? further : rowsBox).append(r.element);
    return r;
  };
  addRow('email');
  addRow('sms');
  const addFurther = h('button', { type: 'button', class: 'link', id: 'add-address' }, t('contact.addAddress'));
  addFurther.addEventListener('click', () => addRow('further').input.focus());

  const fill = (contact) => {
    name.input.value = contact ? contact.name : '';
    const email = rows.find((r) => r.kind === 'email');
    const sms = rows.find((r) => r.kind === 'sms');
    email.input.value = (contact && contact.email) || '';
    sms.input.value = (contact && contact.mobile) || '';
    for (const r of rows.filter((x) => x.kind === 'further')) r.remove();
    for (const a of (contact && contact.addresses) || []) addRow('further', a);
    refresh();
  };

  // Each row's state from the contact as last stored: verified only if the address typed is the
  // stored one and the server says it is verified.
  const refresh = () => {
    const stored = state.contact;
    const furtherStored = (stored && stored.addresses) || [];
    for (const r of rows) {
      const value = r.value();
      let verified = false;
      if (stored && value) {
        if (r.kind === 'email') verified = stored.email === value && stored.emailVerified;
        else if (r.kind === 'sms') verified = stored.mobile === value && stored.mobileVerified;
        else {
          const s = furtherStored.find((a) => a.channel === r.channelValue() && a.address === value);
          verified = Boolean(s && s.verified && (s.secret || null) === (r.secretValue() || null));
        }
      }
      r.setVerified(verified);
    }
  };

  const body = () => ({
    name: name.input.value.trim(),
    email: rows.find((r) => r.kind === 'email').value() || null,
    mobile: rows.find((r) => r.kind === 'sms').value() || null,
    addresses: rows.filter((r) => r.kind === 'further' && r.value())
      .map((r) => ({ channel: r.channelValue(), address: r.value(), secret: r.secretValue() || null })),
  });

  const differs = (b) => {
    const s = state.contact;
    if (!s) return true;
    const addr = (list) => JSON.stringify((list || []).map((a) => [a.channel, a.address, a.secret || null]));
    return b.name !== s.name || b.email !== (s.email || null) || b.mobile !== (s.mobile || null)
      || addr(b.addresses) !== addr(s.addresses);
  };

  const clearErrors = () => {
    showDialogError(null);
    setFieldError(name, null);
    for (const r of rows) r.setError(null);
  };

  const showError = (e) => {
    const staleAction = e.status === 412 ? { label: t('action.reload'), run: reloadStored } : null;
    let placed = false;
    for (const fe of (e.errors || [])) {
      const target = fieldFor(fe.field);
      if (target) {
        target(fe.message);
        placed = true;
      }
    }
    if (!placed || e.status !== 422) showDialogError(describeError(e), staleAction);
  };

  const fieldFor = (path) => {
    if (path === 'name') return (m) => setFieldError(name, m);
    if (path === 'email') return (m) => rows.find((r) => r.kind === 'email').setError(m);
    if (path === 'mobile') return (m) => rows.find((r) => r.kind === 'sms').setError(m);
    const match = /^addresses\[(\d+)]/.exec(path || '');
    if (match) {
      const r = rows.filter((x) => x.kind === 'further' && x.value())[Number(match[1])];
      if (r) return (m) => r.setError(m);
    }
    return null;
  };

  const reloadStored = async () => {
    try {
      const got = await api.contact(ctx.account, state.id);
      state.etag = got.etag;
      state.contact = got.body;
      clearErrors();
      fill(state.contact);
      ctx.notify('info', t('common.reloaded'));
    } catch (e) {
      showDialogError(describeError(e));
    }
  };

  // Creates the contact, or stores the edited addresses, before a code is sent.
  const store = async () => {
    const b = body();
    if (!b.name) {
      setFieldError(name, t('contact.nameRequired'));
      name.input.focus();
      return false;
    }
    if (state.id === null) {
      const created = await api.createContact(ctx.account, b);
      state.id = created.body.id;
      state.etag = created.etag;
      state.contact = created.body;
    } else if (differs(b)) {
      const updated = await api.updateContact(ctx.account, state.id, b, state.etag);
      state.etag = updated.etag;
      state.contact = updated.body;
    } else {
      return true;
    }
    // the stored spellings (a normalised mobile, a lower-case domain), so that rows compare
    rows.find((r) => r.kind === 'email').input.value = state.contact.email || '';
    rows.find((r) => r.kind === 'sms').input.value = state.contact.mobile || '';
    refresh();
    return true;
  };

  // One action at a time: a second click while a code is being sent must not create a second contact.
  let working = false;
  const busy = async (work) => {
    if (working) return undefined;
    working = true;
    const form = document.getElementById('dialog-form');
    form.setAttribute('aria-busy', 'true');
    try {
      return await work();
    } finally {
      working = false;
      form.removeAttribute('aria-busy');
    }
  };

  const send = (r) => busy(async () => {
    clearErrors();
    if (!r.value()) {
      r.setError(t('contact.addressRequired'));
      r.input.focus();
      return;
    }
    try {
      if (!(await store())) return;
      const further = r.kind === 'further';
      const started = await api.startVerification(ctx.account, state.id, further ? r.channelValue() : r.kind,
        further ? r.value() : undefined);
      r.sent(started.body);
    } catch (e) {
      if (e.status === 429) r.setError(describeError(e));
      else showError(e);
    }
  });

  const confirmNow = async (r) => {
    showDialogError(null);
    r.setError(null);
    const code = r.code.value.trim();
    if (!code) {
      r.setError(t('contact.codeRequired'));
      r.code.focus();
      return false;
    }
    try {
      const result = await api.confirmVerification(ctx.account, state.id, r.kind === 'further' ? r.channelValue() : r.kind,
        r.kind === 'further' ? r.value() : undefined, code);
      state.contact = result.body.contact;
      if (result.etag) state.etag = result.etag;
      if (result.body.outcome === 'VERIFIED') {
        r.code.value = '';
        refresh();
        return true;
      }
      r.setError(t(`outcome.${result.body.outcome}`));
      r.code.focus();
      return false;
    } catch (e) {
      showError(e);
      return false;
    }
  };
  const confirm = (r) => busy(() => confirmNow(r));

  const save = () => busy(async () => {
    clearErrors();
    if (isNew && state.id === null) {
      showDialogError(t('contact.sendFirst'));
      return;
    }
    try {
      if (!(await store())) return;
    } catch (e) {
      showError(e);
      return;
    }
    for (const r of rows) {
      if (r.value() && !r.isVerified() && r.code.value.trim()) {
        if (!(await confirmNow(r))) return;
      }
    }
    const open = rows.filter((r) => r.value() && !r.isVerified());
    if (isNew && open.length) {
      for (const r of open) r.setError(r.wasSent() ? t('contact.typeCode') : t('contact.notSent'));
      showDialogError(t('contact.verifyAll'));
      open[0].focusNext();
      return;
    }
    const saved = state.contact;
    closeDialog();
    await ctx.reload();
    ctx.notify('info', t(isNew ? 'contacts.created' : 'contacts.saved', { name: saved.name }));
  });

  // Cancel of a new contact deletes what Send Verification created, so no half-made contact stays.
  const cancel = () => busy(async () => {
    if (isNew && state.id !== null) {
      try {
        await api.deleteContact(ctx.account, state.id, state.etag);
      } catch (e) {
        if (e.status !== 404) {
          showDialogError(describeError(e));
          return;
        }
      }
      closeDialog();
      await ctx.reload();
      return;
    }
    closeDialog();
  });

  fill(state.contact);
  openDialog({
    title: isNew ? t('contact.newTitle') : t('contact.editTitle', { name: state.contact.name }),
    body: [
      h('p', { class: 'muted' }, isNew ? t('contact.newIntro') : t('contact.editIntro')),
      name.field, rowsBox,
      h('fieldset', {}, h('legend', {}, t('contact.further')), h('p', { class: 'hint muted' }, t('contact.furtherHint')),
        further, addFurther),
    ],
    actions: [
      h('button', { type: 'button', id: 'contact-cancel', onclick: cancel }, t('action.cancel')),
      h('button', { type: 'button', class: 'primary', id: 'contact-save', onclick: save }, t('action.save')),
    ],
    onSubmit: save,
    onCancel: cancel,
  });
}

/** One address of the editor: its input, Send Verification, the code field and its state. */
function addressRow(kind, initial, state, onRemove) {
  const rowId = uid(`addr-${kind}`);
  let channel = null;
  let secret = null;
  let input;
  if (kind === 'email') {
    input = h('input', { type: 'email', id: `${rowId}-value`, autocomplete: 'off', 'data-kind': 'email' });
  } else if (kind === 'sms') {
    input = h('input', { type: 'tel', id: `${rowId}-value`, autocomplete: 'off', 'data-kind': 'sms' });
  } else {
    channel = h('select', { id: `${rowId}-channel` }, FURTHER_CHANNELS.map((c) => h('option', { value: c }, channelName(c))));
    input = h('input', { type: 'url', id: `${rowId}-value`, autocomplete: 'off', 'data-kind': 'further' });
    secret = h('input', { type: 'text', id: `${rowId}-secret`, autocomplete: 'off' });
    if (initial) {
      if (!FURTHER_CHANNELS.includes(initial.channel)) {
        channel.append(h('option', { value: initial.channel }, initial.channel));
      }
      channel.value = initial.channel;
      input.value = initial.address;
      secret.value = initial.secret || '';
    }
  }
  const labels = { email: t('contact.email'), sms: t('contact.mobile'), further: t('contact.address') };
  const hints = { email: t('contact.emailHint'), sms: t('contact.mobileHint'), further: t('contact.addressHint') };
  const main = field(labels[kind], input, hints[kind]);
  const status = h('div', { class: 'verify-state', id: `${rowId}-state`, role: 'status' });
  const send = h('button', { type: 'button', 'data-action': 'send-code' }, t('contact.sendVerification'));
  const code = h('input', { type: 'text', id: `${rowId}-code`, inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 12 });
  const codeLabel = h('label', { for: code.id }, t('contact.code'));
  const confirm = h('button', { type: 'button', 'data-action': 'confirm-code' }, t('contact.confirmCode'));
  const codeRow = h('div', { class: 'code-row', hidden: true }, h('div', { class: 'field' }, codeLabel, code), confirm);
  const removeButton = kind === 'further'
    ? h('button', { type: 'button', class: 'link', 'data-action': 'remove-address' }, t('contact.removeAddress')) : null;
  const parts = [];
  if (channel) parts.push(field(t('contact.channel'), channel).field);
  parts.push(main.field);
  if (secret) parts.push(field(t('contact.secret'), secret, t('contact.secretHint')).field);
  const element = h('div', { class: 'address-row', 'data-kind': kind },
    h('div', { class: 'verify-row' }, h('div', {}, parts), h('div', { class: 'field' }, send)),
    status, codeRow, removeButton);
  code.setAttribute('aria-describedby', status.id);
  let verified = false;
  let sentTo = null;
  const r = {
    kind, element, input, send, code, confirm,
    value: () => input.value.trim(),
    channelValue: () => (channel ? channel.value : kind),
    secretValue: () => (secret ? secret.value.trim() : null),
    isVerified: () => verified,
    wasSent: () => sentTo !== null && sentTo === r.value(),
    setError: (message) => setFieldError(main, message),
    setVerified: (v) => {
      verified = v;
      if (v) {
        sentTo = null;
        replace(status, verifiedBadge(true));
        codeRow.hidden = true;
        send.hidden = true;
      } else {
        send.hidden = false;
        if (!r.wasSent()) {
          codeRow.hidden = true;
          replace(status, r.value() ? verifiedBadge(false) : '');
        }
      }
    },
    sent: (started) => {
      sentTo = r.value();
      codeRow.hidden = false;
      if (started.delivered) {
        replace(status, t('contact.codeSent', { address: started.address, until: formatTime(started.expiresAt, language()) }));
        code.focus();
      } else {
        replace(status, '');
        r.setError(t('contact.codeNotDelivered', { error: started.deliveryError || '' }));
      }
    },
    focusNext: () => (r.wasSent() ? code : send).focus(),
    remove: () => {
      element.remove();
      onRemove();
    },
  };
  // an edited address is no longer the verified one (the editor re-checks it against the stored contact)
  input.addEventListener('input', () => r.setVerified(false));
  if (removeButton) removeButton.addEventListener('click', () => r.remove());
  return r;
}
