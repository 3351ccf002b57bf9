// The console's two languages. Every string the console shows is in the message tables
// (messages/en.js, messages/zh-CN.js), under the same keys.
import en from './messages/en.js';
import zhCN from './messages/zh-CN.js';

const TABLES = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'backup-alarm.console.language';
const listeners = [];
let current = pick();

function pick() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && TABLES[saved]) return saved;
  } catch (e) {
    // storage may be off (private mode); the browser's language still applies
  }
  const browser = (navigator.languages || [navigator.language || 'en']).find((l) => l);
  return browser && browser.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The languages offered, as [tag, own name]. */
export const LANGUAGES = [['en', 'English'], ['zh-CN', '简体中文']];

/** The current language tag. */
export function language() {
  return current;
}

/** Switches the language, remembers it and tells the listeners (which redraw). */
export function setLanguage(tag) {
  if (!TABLES[tag]) throw new Error(`unknown language ${tag}`);
  current = tag;
  try {
    localStorage.setItem(STORAGE_KEY, tag);
  } catch (e) {
    // not remembered; the switch still applies to this page
  }
  document.documentElement.lang = tag;
  for (const listener of listeners) listener(tag);
}

/** Calls the listener after each language switch. */
export function onLanguageChange(listener) {
  listeners.push(listener);
}

/**
 * The message for a key in the current language, with {name} placeholders filled in. A key
 * missing from a table falls back to English, then to the key itself (so a gap shows, and a
 * test of the tables finds it).
 */
export function t(key, params = {}) {
  const text = TABLES[current][key] ?? TABLES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Fills every element with data-i18n (text) or data-i18n-attr ("attr:key") under root. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    const [attr, key] = el.dataset.i18nAttr.split(':');
    el.setAttribute(attr, t(key));
  }
  document.title = t('app.title');
}

/** Every key of both tables, for the tests that check they match. */
export function tables() {
  return TABLES;
}
