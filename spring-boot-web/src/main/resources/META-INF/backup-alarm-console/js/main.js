// The console's shell: who is signed in and which accounts they may see (GET /api/me), the
// account picker, the language switch, the screens' navigation (#/contacts, #/groups, ...), and
// the notice line that says what just happened.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { language, onLanguageChange, setLanguage, t, translateStatic } from './i18n.js';
import { dialogOpen, dismissDialog } from './dialog.js';
import { describeError } from './common.js';
import * as contacts from './screens/contacts.js';
import * as groups from './screens/groups.js';
import * as vaults from './screens/vaults.js';
import * as instances from './screens/instances.js';
import * as alarms from './screens/alarms.js';
import * as history from './screens/history.js';

const SCREENS = { contacts, groups, vaults, instances, alarms, history };
const ACCOUNT_KEY = 'backup-alarm.console.account';
const state = { me: null, account: null, screen: 'contacts', generation: 0 };

/** Shows a notice: kind 'info' or 'error'; an action adds a button (for example Reload). */
export function notify(kind, message, action) {
  const el = document.getElementById('notice');
  if (!message) {
    el.hidden = true;
    replace(el);
    return;
  }
  el.className = `notice ${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  replace(el, h('span', { class: 'notice-text' }, message),
    action ? h('button', { type: 'button', onclick: action.run }, action.label) : null);
  el.hidden = false;
}

function currentAccount() {
  return state.me.accounts.find((a) => a.id === state.account) || null;
}

async function show(screenName, { keepNotice = false } = {}) {
  state.screen = SCREENS[screenName] ? screenName : 'contacts';
  for (const link of document.querySelectorAll('.sidenav a')) {
    if (link.dataset.screen === state.screen) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!keepNotice) notify(null);
  const root = document.getElementById('screen');
  const generation = ++state.generation;
  const account = currentAccount();
  if (!account) {
    replace(root, h('h2', {}, t('app.noAccountTitle')), h('p', { class: 'empty' }, t('app.noAccount')));
    return;
  }
  replace(root, h('p', { class: 'muted', role: 'status' }, t('app.loading')));
  const ctx = {
    account: account.id,
    canChange: account.canChange,
    root,
    notify,
    // a screen that loads late must not draw over the one the user moved on to
    current: () => generation === state.generation,
    reload: (opts) => show(state.screen, opts),
  };
  try {
    await SCREENS[state.screen].render(ctx);
  } catch (e) {
    if (ctx.current()) {
      replace(root);
      notify('error', describeError(e), { label: t('action.reload'), run: () => show(state.screen) });
    }
  }
}

function route() {
  const name = (location.hash.match(/^#\/([a-z]+)/) || [])[1];
  if (dialogOpen()) dismissDialog();
  show(name || 'contacts');
}

function fillAccounts() {
  const picker = document.getElementById('account-picker');
  replace(picker, ...state.me.accounts.map((a) => h('option', { value: a.id, selected: a.id === state.account },
    a.canChange ? a.id : t('app.readOnlyAccount', { id: a.id }))));
  picker.disabled = state.me.accounts.length === 0;
}

async function start() {
  document.documentElement.lang = language();
  translateStatic();
  const languagePicker = document.getElementById('language-picker');
  languagePicker.value = language();
  languagePicker.addEventListener('change', () => setLanguage(languagePicker.value));
  onLanguageChange(() => {
    translateStatic();
    if (state.me) {
      fillAccounts();
      document.getElementById('user-name').textContent = t('app.signedInAs', { name: state.me.name });
      show(state.screen);
    }
  });
  window.addEventListener('backup-alarm:signed-out', () => notify('error', t('error.unauthenticated'),
    { label: t('action.reload'), run: () => location.reload() }));
  try {
    state.me = (await api.me()).body;
  } catch (e) {
    notify('error', describeError(e), { label: t('action.reload'), run: () => location.reload() });
    return;
  }
  let saved = null;
  try {
    saved = localStorage.getItem(ACCOUNT_KEY);
  } catch (e) {
    // no storage: the first account is picked
  }
  const ids = state.me.accounts.map((a) => a.id);
  state.account = ids.includes(saved) ? saved : (ids[0] || null);
  document.getElementById('user-name').textContent = t('app.signedInAs', { name: state.me.name });
  fillAccounts();
  document.getElementById('account-picker').addEventListener('change', (event) => {
    state.account = event.target.value;
    try {
      localStorage.setItem(ACCOUNT_KEY, state.account);
    } catch (e) {
      // not remembered
    }
    show(state.screen);
  });
  window.addEventListener('hashchange', route);
  route();
}

start();
