// The alarm policy form of a vault (Disabled / Default Notification / Customized Notification)
// and of an instance (the same plus Same as Vault): a radio group, and the contact and group
// pickers while Customized is chosen.
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { addressesOf, channelName, checkboxPicker } from './common.js';

/** The modes of a vault policy and of an instance policy, in the order the console offers them. */
export const VAULT_MODES = ['DISABLED', 'DEFAULT', 'CUSTOMIZED'];
export const INSTANCE_MODES = ['DISABLED', 'SAME_AS_VAULT', 'DEFAULT', 'CUSTOMIZED'];

/** A policy in one line: its mode, and for Customized who it names. */
export function summary(policy, contactNames, groupNames) {
  if (!policy) return '';
  const mode = t(`mode.${policy.mode}`);
  if (policy.mode !== 'CUSTOMIZED') return mode;
  const named = [
    ...(policy.contacts || []).map((c) => contactNames.get(c) || c),
    ...(policy.groups || []).map((g) => t('policy.groupNamed', { name: groupNames.get(g) || g })),
  ];
  return `${mode}: ${named.join(t('list.separator'))}`;
}

/**
 * Builds the form.
 * @returns {{element: HTMLElement, value: function(): object, focusMode: function()}}
 */
export function policyForm({ modes, policy, contacts, groups }) {
  const name = uid('mode');
  const radios = modes.map((mode) => {
    const id = uid('mode');
    const hintId = `${id}-hint`;
    const input = h('input', {
      type: 'radio', name, id, value: mode, checked: policy.mode === mode, 'aria-describedby': hintId, 'data-mode': mode,
    });
    return {
      input,
      label: h('label', { for: id }, input, h('span', {}, h('span', {}, t(`mode.${mode}`)), ' ',
        h('span', { class: 'choice-hint', id: hintId }, t(`mode.${mode}.hint`)))),
    };
  });
  const contactPicker = checkboxPicker({
    legend: t('policy.contacts'),
    searchLabel: t('picker.searchContacts'),
    name: 'policy-contact',
    items: contacts,
    selected: policy.contacts || [],
    describe: (c) => addressesOf(c).filter((a) => a.verified).map((a) => `${channelName(a.channel)} ${a.address}`)
      .join(t('list.separator')) || t('policy.noVerifiedAddress'),
  });
  const groupPicker = checkboxPicker({
    legend: t('policy.groups'),
    searchLabel: t('picker.searchGroups'),
    name: 'policy-group',
    items: groups,
    selected: policy.groups || [],
    describe: (g) => t('groups.countOf', { count: g.memberCount }),
  });
  const custom = h('div', { class: 'columns', id: uid('custom') }, contactPicker.element, groupPicker.element);
  const chosen = () => (radios.find((r) => r.input.checked) || radios[0]).input.value;
  const sync = () => {
    custom.hidden = chosen() !== 'CUSTOMIZED';
  };
  for (const r of radios) r.input.addEventListener('change', sync);
  sync();
  const element = h('div', {},
    h('fieldset', {}, h('legend', {}, t('policy.mode')), h('div', { class: 'choices', role: 'radiogroup' }, radios.map((r) => r.label))),
    custom);
  return {
    element,
    value: () => {
      const mode = chosen();
      return mode === 'CUSTOMIZED'
        ? { mode, contacts: contactPicker.selected(), groups: groupPicker.selected() }
        : { mode, contacts: [], groups: [] };
    },
    focusMode: () => (radios.find((r) => r.input.checked) || radios[0]).input.focus(),
  };
}
