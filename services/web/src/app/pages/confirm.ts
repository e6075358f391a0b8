// Asking before an action that cannot be undone from here (removing a member, leaving a group):
// a modal dialog that names the consequence, with Cancel focused first.
import { h } from "../dom.ts";

export interface Confirmation {
  title: string;
  detail: string;
  /** The label of the button that goes ahead, e.g. "Remove Ben". */
  confirm: string;
}

/** Resolves true when the person confirms, false when they cancel or press Escape. */
export function confirmAction(question: Confirmation): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h("button", { type: "button" }, "Cancel");
    const proceed = h("button", { type: "button", class: "danger" }, question.confirm);
    const dialog = h(
      "dialog",
      {
        class: "confirm",
        "aria-labelledby": "confirm-title",
        "aria-describedby": "confirm-detail",
      },
      h("h2", { id: "confirm-title" }, question.title),
      h("p", { id: "confirm-detail" }, question.detail),
      h("div", { class: "button-row" }, proceed, cancel),
    );
    let answer = false;
    const finish = (value: boolean) => {
      answer = value;
      dialog.close();
    };
    cancel.addEventListener("click", () => finish(false));
    proceed.addEventListener("click", () => finish(true));
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
