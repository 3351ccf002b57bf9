// One modal dialog (the native <dialog>: focus moves into it, Escape closes it, the page behind
// is inert), labelled by its title; focus returns to what opened it.
import { h, replace } from './dom.js';

const dialog = () => document.getElementById('dialog');

/**
 * Opens the dialog.
 * @param {object} spec
 * @param {string} spec.title the title (also the dialog's accessible name)
 * @param {Node[]} spec.body the content
 * @param {Node[]} spec.actions the buttons at the bottom
 * @param {function} [spec.onClose] called once when it closes, however it closes
 * @param {HTMLElement} [spec.focus] what gets focus first (else the first field)
 * @param {function} [spec.onSubmit] the main action, run by Enter in a field
 * @param {function} [spec.onCancel] run by Escape instead of closing (it closes when it is done)
 */
export function openDialog({ title, body, actions, onClose, focus, onSubmit, onCancel }) {
  const d = dialog();
  if (d.open) closeDialog();
  const opener = document.activeElement;
  // Enter in a field runs the dialog's main action instead of closing the form.
  document.getElementById('dialog-form').onsubmit = (event) => {
    event.preventDefault();
    if (onSubmit) onSubmit();
  };
  // Escape runs the same logic as the Cancel button (which may have to undo something).
  d.oncancel = onCancel ? (event) => {
    event.preventDefault();
    onCancel();
  } : null;
  document.getElementById('dialog-title').textContent = title;
  showDialogError(null);
  replace(document.getElementById('dialog-body'), ...body);
  replace(document.getElementById('dialog-actions'), ...actions);
  d.onclose = () => {
    d.onclose = null;
    d.oncancel = null;
    replace(document.getElementById('dialog-body'));
    if (onClose) onClose();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  };
  d.showModal();
  const first = focus || d.querySelector('#dialog-body input, #dialog-body select, #dialog-body textarea, #dialog-body button');
  if (first) first.focus();
}

/** Whether the dialog is open. */
export function dialogOpen() {
  return dialog().open;
}

/**
 * Dismisses the dialog as Escape would: its cancel logic runs if it has one (a New Contact
 * deletes the contact it created), else it closes.
 */
export function dismissDialog() {
  const d = dialog();
  if (!d.open) return;
  if (d.oncancel) d.dispatchEvent(new Event('cancel', { cancelable: true }));
  else d.close();
}

/** Closes the dialog (its onClose runs). */
export function closeDialog() {
  const d = dialog();
  if (d.open) d.close();
}

/**
 * Shows an error at the top of the dialog (null clears it); screen readers announce it. An
 * action adds a button beside it (for example Reload after someone else's change).
 */
export function showDialogError(message, action) {
  const el = document.getElementById('dialog-error');
  replace(el, message || '', action ? ' ' : null,
    action ? h('button', { type: 'button', class: 'link', onclick: action.run }, action.label) : null);
  el.hidden = !message;
}

