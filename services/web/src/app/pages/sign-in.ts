// Sign-in: a username form on the local server, the Cognito Hosted UI on AWS. The same form
// serves the sign-in page and the "sign in again" dialog over an open paper.
import { SignInError, signInDevelopment, startCognitoSignIn } from "../auth.ts";
import type { RuntimeConfig } from "../config.ts";
import type { Page } from "../context.ts";
import { field, h, messageArea } from "../dom.ts";

export function signInForm(
  config: RuntimeConfig,
  returnTo: string,
  onSignedIn: () => void,
  options: { username?: string } = {},
): HTMLElement {
  const messages = messageArea();
  if (config.auth.mode === "cognito") {
    const button = h("button", { type: "button", class: "primary" }, "Sign in");
    button.addEventListener("click", () => {
      button.disabled = true;
      startCognitoSignIn(config, returnTo).catch((error: unknown) => {
        button.disabled = false;
        messages.error(error instanceof SignInError ? error.message : "Sign-in could not start.");
      });
    });
    return h(
      "div",
      { class: "sign-in" },
      h("p", {}, "You will sign in on the Accord sign-in page and come back here."),
      button,
      messages.element,
    );
  }
  const username = h("input", {
    name: "username",
    autocomplete: "username",
    required: true,
    pattern: "[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}",
    value: options.username ?? "",
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { class: "sign-in", "aria-label": "Development sign-in" },
    h(
      "p",
      { class: "hint" },
      "Development sign-in: this local server trusts any username. It is never offered on AWS.",
    ),
    field("Username", username, "Letters, digits, dots, dashes, underscores or @."),
    submit,
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit.disabled = true;
    messages.clear();
    signInDevelopment(config, username.value.trim())
      .then(onSignedIn)
      .catch((error: unknown) => {
        messages.error(error instanceof SignInError ? error.message : "Sign-in failed; try again.");
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}

export const signInPage: Page = async (context, main) => {
  const returnTo = new URLSearchParams(window.location.search).get("returnTo") ?? "/";
  const safeReturn = returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
  main.replaceChildren(
    h(
      "section",
      { class: "narrow" },
      h("h1", {}, "Sign in to Accord"),
      h(
        "p",
        {},
        "Co-draft position papers with your working group: science, diplomacy and policy together.",
      ),
      signInForm(context.config, safeReturn, () => {
        context.refreshViewer();
        context.navigate(safeReturn, { replace: true });
      }),
    ),
  );
  main.querySelector<HTMLInputElement>("input")?.focus();
  return undefined;
};
