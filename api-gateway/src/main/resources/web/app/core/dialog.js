// Modal dialogs on the native <dialog> element: focus moves in and is kept there, Escape closes, focus returns to
// the control that opened it.

import { h, uniqueId } from "./dom.js";

/**
 * Opens a modal dialog titled `title` whose content `build(close)` makes; answers `close`. `onClose` runs once when
 * it closes, however it closes.
 */
export function openDialog(title, build, { onClose } = {}) {
  const opener = document.activeElement;
  const titleId = uniqueId("dialog-title");
  const dialog = h("dialog", { class: "dialog", "aria-labelledby": titleId });
  const close = () => {
    if (dialog.open) {
      dialog.close();
    }
  };
  dialog.append(
    h("div", { class: "dialog-head" },
      h("h2", { id: titleId, text: title }),
      h("button", { type: "button", class: "icon-button", "aria-label": "Close", onClick: close, text: "×" })),
    build(close));
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (onClose) {
      onClose();
    }
    if (opener && opener.isConnected) {
      opener.focus();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  return close;
}

/** Asks to confirm something that cannot be undone; answers a promise of true (confirmed) or false. */
export function confirmDialog(title, message, confirmLabel) {
  return new Promise((resolve) => {
    let confirmed = false;
    openDialog(title, (close) => h("div", { class: "dialog-body" },
      h("p", { text: message }),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "button", onClick: close, text: "Cancel" }),
        h("button", {
          type: "button", class: "button danger", text: confirmLabel,
          onClick: () => { confirmed = true; close(); },
        }))), { onClose: () => resolve(confirmed) });
  });
}
