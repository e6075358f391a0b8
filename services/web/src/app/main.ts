// The app's entry: load runtime settings, route between pages, keep the header in step with
// the session.
import "./styles.css";
import { MeDocument } from "@accord/client";
import { createApi } from "./api.ts";
import { completeCognitoSignIn, signOut, usableToken } from "./auth.ts";
import { ConfigError, loadRuntimeConfig, type RuntimeConfig } from "./config.ts";
import type { AppContext, Page, Viewer } from "./context.ts";
import { h, replaceChildren } from "./dom.ts";
import { inboxLink, inboxPage } from "./inbox.ts";
import { signInForm, signInPage } from "./pages/sign-in.ts";
import { currentSession, onSessionChange } from "./session.ts";

interface Route {
  pattern: RegExp;
  /** Anonymous visitors are sent to sign in first. */
  signedIn: boolean;
  load: () => Promise<Page>;
}

const routes: Route[] = [
  { pattern: /^\/sign-in$/, signedIn: false, load: async () => signInPage },
  {
    pattern: /^\/papers\/(?<id>[^/]+)$/,
    signedIn: true,
    // The editor is most of the bundle: only the paper page loads it.
    load: async () => (await import("./paper/page.ts")).paperPage,
  },
  {
    pattern: /^\/surveys$/,
    signedIn: true,
    load: async () => (await import("./surveys/pages.ts")).surveysPage,
  },
  {
    pattern: /^\/surveys\/new$/,
    signedIn: true,
    load: async () => (await import("./surveys/editor.ts")).surveyEditorPage,
  },
  {
    pattern: /^\/surveys\/(?<id>[^/]+)\/edit$/,
    signedIn: true,
    load: async () => (await import("./surveys/editor.ts")).surveyEditorPage,
  },
  {
    pattern: /^\/surveys\/(?<id>[^/]+)\/results$/,
    signedIn: true,
    // The charting library comes with this page only.
    load: async () => (await import("./surveys/results.ts")).surveyResultsPage,
  },
  {
    pattern: /^\/surveys\/(?<id>[^/]+)$/,
    signedIn: true,
    load: async () => (await import("./surveys/pages.ts")).surveyPage,
  },
  {
    pattern: /^\/groups$/,
    signedIn: true,
    load: async () => (await import("./pages/working-groups.ts")).workingGroupsPage,
  },
  {
    pattern: /^\/groups\/(?<id>[^/]+)$/,
    signedIn: true,
    load: async () => (await import("./pages/working-group.ts")).workingGroupPage,
  },
  { pattern: /^\/inbox$/, signedIn: true, load: async () => inboxPage },
  {
    pattern: /^\/profile$/,
    signedIn: true,
    load: async () => (await import("./pages/profile.ts")).profilePage,
  },
  {
    pattern: /^\/$/,
    signedIn: true,
    load: async () => (await import("./pages/groups.ts")).groupsPage,
  },
];

/** Asks for a new sign-in in a modal dialog over the page; `done` once signed in. */
function reauthenticationDialog(config: RuntimeConfig, done: () => void): HTMLDialogElement {
  const returnTo = window.location.pathname + window.location.search;
  const dialog = h(
    "dialog",
    { class: "reauth", "aria-labelledby": "reauth-title" },
    h("h2", { id: "reauth-title" }, "Sign in again"),
    h(
      "p",
      {},
      "Your sign-in has expired. Your unsent edits are kept on this device and are sent once you are signed in.",
    ),
  );
  const close = () => {
    dialog.close();
    dialog.remove();
    done();
  };
  dialog.append(signInForm(config, returnTo, close, { username: currentSession()?.name ?? "" }));
  // Escape would leave the page without a way to send the edits: keep the dialog open.
  dialog.addEventListener("cancel", (event) => event.preventDefault());
  return dialog;
}

/** What every page receives; `render` draws the page of the current location. */
function createAppContext(config: RuntimeConfig, render: () => void): AppContext {
  let viewer: Promise<Viewer | null> | null = null;
  let reauthentication: Promise<void> | null = null;
  const context: AppContext = {
    config,
    api: createApi({
      url: config.graphqlUrl,
      // A signed-in person whose token ran out signs in again here, and the request goes on.
      token: async () => {
        const token = await usableToken(config);
        if (token || !currentSession()) return token;
        await context.reauthenticate();
        return usableToken(config);
      },
      onUnauthenticated: () => {
        if (currentSession()) void context.reauthenticate();
      },
    }),
    navigate(path, options = {}) {
      if (options.replace) window.history.replaceState(null, "", path);
      else window.history.pushState(null, "", path);
      render();
    },
    viewer() {
      if (!currentSession()) return Promise.resolve(null);
      viewer ??= context.api
        .request(MeDocument)
        .then((result) => result.me)
        .catch((error: unknown) => {
          viewer = null;
          throw error;
        });
      return viewer;
    },
    refreshViewer() {
      viewer = null;
    },
    reauthenticate() {
      reauthentication ??= new Promise<void>((resolve) => {
        const dialog = reauthenticationDialog(config, () => {
          reauthentication = null;
          viewer = null;
          resolve();
        });
        document.body.append(dialog);
        dialog.showModal();
      });
      return reauthentication;
    },
  };
  return context;
}

/** A link of the main navigation, marked as the current page where the reader is. */
function navLink(href: string, label: string): HTMLAnchorElement {
  const path = window.location.pathname;
  const here = href === "/" ? path === "/" || path.startsWith("/papers/") : path.startsWith(href);
  return h("a", { href, "aria-current": here ? "page" : null }, label);
}

function drawHeader(header: HTMLElement, context: AppContext): void {
  const session = currentSession();
  const signOutButton = h("button", { type: "button", class: "link-button" }, "Sign out");
  signOutButton.addEventListener("click", () => {
    signOut(context.config);
    context.refreshViewer();
    context.navigate("/sign-in");
  });
  replaceChildren(
    header,
    h("a", { href: "/", class: "brand" }, "Accord"),
    h(
      "nav",
      { "aria-label": "Main" },
      session
        ? [
            navLink("/", "Papers"),
            navLink("/groups", "Working groups"),
            navLink("/surveys", "Surveys"),
            inboxLink(context),
            navLink("/profile", "Profile"),
            h("span", { class: "signed-in-as" }, `Signed in as ${session.name}`),
            signOutButton,
          ]
        : h("a", { href: "/sign-in" }, "Sign in"),
    ),
  );
}

/** The hosted sign-in's return: finish it and go where the person was going. */
async function completeSignIn(context: AppContext, main: HTMLElement): Promise<void> {
  try {
    const returnTo = await completeCognitoSignIn(context.config);
    context.navigate(returnTo.startsWith("/") ? returnTo : "/", { replace: true });
  } catch (error) {
    main.replaceChildren(
      h(
        "section",
        { class: "narrow" },
        h("h1", {}, "Sign-in did not complete"),
        h("p", { role: "alert" }, error instanceof Error ? error.message : "Try again."),
        h("a", { href: "/sign-in" }, "Sign in again"),
      ),
    );
  }
}

function drawNotFound(main: HTMLElement): void {
  main.replaceChildren(
    h(
      "section",
      { class: "narrow" },
      h("h1", {}, "Page not found"),
      h("a", { href: "/" }, "Go to the papers"),
    ),
  );
}

/** Same-origin links move within the app instead of reloading it. */
function followLinksInApp(context: AppContext): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    context.navigate(url.pathname + url.search);
  });
}

function start(config: RuntimeConfig): void {
  const main = document.getElementById("main")!;
  const header = document.getElementById("app-header")!;
  let teardown: (() => void) | undefined;
  const context = createAppContext(config, () => void render());

  const render = async () => {
    teardown?.();
    teardown = undefined;
    drawHeader(header, context);
    const path = window.location.pathname;
    if (path === new URL(authCallbackPath(config), window.location.origin).pathname) {
      await completeSignIn(context, main);
      return;
    }
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.signedIn && !currentSession()) {
        context.navigate(`/sign-in?returnTo=${encodeURIComponent(path)}`, { replace: true });
        return;
      }
      main.replaceChildren(h("p", { class: "loading", role: "status" }, "Loading…"));
      const page = await route.load();
      teardown = await page(context, main, { ...match.groups });
      return;
    }
    drawNotFound(main);
  };

  followLinksInApp(context);
  window.addEventListener("popstate", () => void render());
  onSessionChange(() => drawHeader(header, context));
  void render();
}

function authCallbackPath(config: RuntimeConfig): string {
  return config.auth.mode === "cognito" ? config.auth.redirectPath : "/auth/callback";
}

loadRuntimeConfig()
  .then(start)
  .catch((error: unknown) => {
    const detail =
      error instanceof ConfigError
        ? `This deployment of Accord is not fully set up: ${error.message} Tell whoever runs it.`
        : "The app's settings could not be loaded. Check your connection and reload the page.";
    document
      .getElementById("main")
      ?.replaceChildren(
        h(
          "section",
          { class: "narrow" },
          h("h1", {}, "Accord cannot start"),
          h("p", { role: "alert" }, detail),
        ),
      );
  });
