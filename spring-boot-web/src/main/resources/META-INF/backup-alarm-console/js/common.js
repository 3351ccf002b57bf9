// What several screens share: error texts, who holds a contact or a group, and the picker of
// contacts and groups.
import { h, uid } from './dom.js';
import { t } from './i18n.js';

/** A message for an error answer, in the console's language where the console knows the case. */
export function describeError(e) {
  if (!e || e.status === undefined) return t('error.unexpected', { detail: (e && e.message) || '' });
  switch (e.status) {
    case 0: return t('error.network');
    case 401: return t('error.unauthenticated');
    case 403: return t('error.forbidden');
    case 404: return t('error.notFound');
    case 412: return t('error.stale');
    case 428: return t('error.unexpected', { detail: e.message });
    case 429: return t('error.rateLimited', { seconds: e.problem.retryAfterSeconds ?? '?' });
    case 409:
      if (e.kind === 'in-use' && Array.isArray(e.problem.heldBy)) {
        return t('error.inUse', { holders: e.problem.heldBy.map(holderText).join(t('list.separator')) });
      }
      return t('error.conflict', { detail: e.message });
    case 400:
    case 422: return t('error.invalid', { detail: e.message });
    default: return t('error.server', { status: e.status });
  }
}

/** One holder of a contact or group, from a 409's heldBy or from usage(). */
export function holderText(holder) {
  const name = holder.name || holder.id;
  switch (holder.kind) {
    case 'group': return t('held.group', { name });
    case 'vault-policy': return t('held.vaultPolicy', { name });
    case 'instance-policy': return t('held.instancePolicy', { name });
    default: return holder.text || name;
  }
}

/**
 * Who holds each contact and each group, from the lists the console reads anyway: a contact is
 * held by the groups it belongs to and by the policies that name it; a group by the policies
 * that name it. The server refuses such a delete (409) in any case; this lets the console say
 * so before the click.
 * @returns {{contacts: Map<string, object[]>, groups: Map<string, object[]>}}
 */
export function usage(groups, vaults, instances) {
  const contacts = new Map();
  const groupHolders = new Map();
  const add = (map, id, holder) => {
    if (!map.has(id)) map.set(id, []);
    map.get(id).push(holder);
  };
  for (const g of groups) {
    for (const member of g.members) add(contacts, member, { kind: 'group', id: g.id, name: g.name });
  }
  const policies = [
    ...vaults.map((v) => ({ kind: 'vault-policy', id: v.id, policy: v.alarmPolicy })),
    ...instances.map((i) => ({ kind: 'instance-policy', id: i.id, policy: i.alarmPolicy })),
  ];
  for (const { kind, id, policy } of policies) {
    if (!policy) continue;
    for (const c of policy.contacts || []) add(contacts, c, { kind, id });
    for (const g of policy.groups || []) add(groupHolders, g, { kind, id });
  }
  return { contacts, groups: groupHolders };
}

/** Whether every address of a contact is verified (the API's `verified`). */
export function contactVerified(contact) {
  return contact.verified === true;
}

/** The contact's addresses as [{channel, address, verified, label}], email and mobile first. */
export function addressesOf(contact) {
  const out = [];
  if (contact.email) out.push({ channel: 'email', address: contact.email, verified: contact.emailVerified });
  if (contact.mobile) out.push({ channel: 'sms', address: contact.mobile, verified: contact.mobileVerified });
  for (const a of contact.addresses || []) {
    out.push({ channel: a.channel, address: a.address, secret: a.secret, verified: a.verified, further: true });
  }
  return out;
}

/** The channel's name for people. */
export function channelName(channel) {
  const key = `channel.${channel}`;
  const text = t(key);
  return text === key ? channel : text;
}

/** A verified / not verified badge. */
export function verifiedBadge(verified) {
  return verified
    ? h('span', { class: 'badge ok' }, t('contact.verified'))
    : h('span', { class: 'badge warn' }, t('contact.unverified'));
}

/**
 * A searchable list of checkboxes (the contact picker and the group picker), labelled by a
 * legend. `selected()` returns the checked ids in list order.
 */
export function checkboxPicker({ legend, items, selected, describe, searchLabel, name }) {
  const chosen = new Set(selected);
  const listId = uid('picker');
  const boxes = items.map((item) => {
    const id = uid(name);
    const box = h('input', { type: 'checkbox', id, value: item.id, checked: chosen.has(item.id), name });
    const row = h('label', { for: id, 'data-id': item.id }, box, h('span', {}, item.name || item.id),
      describe ? h('span', { class: 'detail' }, describe(item)) : null);
    return { item, box, row };
  });
  const filter = h('input', { type: 'search', 'aria-controls': listId, 'aria-label': searchLabel, placeholder: searchLabel });
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const { item, row } of boxes) {
      const text = `${item.id} ${item.name || ''} ${describe ? describe(item) : ''}`.toLowerCase();
      row.hidden = q !== '' && !text.includes(q);
    }
  });
  const list = h('div', { class: 'picker', id: listId, role: 'group', 'aria-label': legend },
    boxes.length ? boxes.map((b) => b.row) : h('span', { class: 'muted' }, t('picker.empty')));
  const element = h('fieldset', { class: 'picker-set' }, h('legend', {}, legend),
    boxes.length > 6 ? h('div', { class: 'field' }, filter) : null, list);
  return {
    element,
    selected: () => boxes.filter((b) => b.box.checked).map((b) => b.item.id),
    first: () => (boxes[0] ? boxes[0].box : null),
  };
}
