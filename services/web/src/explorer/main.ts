// The API explorer at /graphql in development: GraphiQL, bundled here (Monaco's workers and the
// fonts included), talking to this origin's /graphql with the web app's development sign-in.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "./explorer.css";
import { GraphiQL } from "graphiql";
import { type ComponentProps, createElement, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { currentSession, isExpired, onSessionChange } from "../app/session.ts";
import { type ExplorerSignIn, explorerSignIn, requestHeaders, signInNote } from "./sign-in.ts";

const GRAPHQL_PATH = "/graphql";

// Anonymous: GraphiQL reads the operation name a moment after an edit, and a name left over
// from this query would be sent with whatever replaces it.
const DEFAULT_QUERY = `# Accord's GraphQL API. Run with Ctrl-Enter; the Docs button lists every type and field.
{
  me {
    displayName
    affiliation
  }
}
`;

function signInNow(): ExplorerSignIn {
  const session = currentSession();
  return explorerSignIn(session, session !== null && isExpired(session));
}

// The note re-reads the session after every request too: a token expires without an event.
const requestListeners = new Set<() => void>();

type Fetcher = ComponentProps<typeof GraphiQL>["fetcher"];

const fetcher: Fetcher = async (params, options) => {
  const signIn = signInNow();
  for (const listener of requestListeners) listener();
  const response = await fetch(GRAPHQL_PATH, {
    method: "POST",
    headers: {
      ...requestHeaders(options?.headers, signIn),
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    // Not a GraphQL answer (a proxy's error page, say): show what came back.
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
};

function SignInNote() {
  const [signIn, setSignIn] = useState(signInNow);
  useEffect(() => {
    const refresh = () => setSignIn(signInNow());
    const stop = onSessionChange(refresh);
    requestListeners.add(refresh);
    return () => {
      stop();
      requestListeners.delete(refresh);
    };
  }, []);
  const note = signInNote(signIn);
  return createElement(
    "p",
    { className: "explorer-note", "data-state": signIn.state, role: "status" },
    note.text,
    note.link
      ? [
          " ",
          createElement(
            "a",
            { key: "sign-in", href: "/sign-in", target: "_blank", rel: "noopener" },
            "Sign in (opens the web app)",
          ),
        ]
      : null,
  );
}

function Explorer() {
  return createElement(
    "div",
    { className: "explorer" },
    createElement(SignInNote),
    createElement(
      GraphiQL,
      { fetcher, defaultQuery: DEFAULT_QUERY, defaultEditorToolsVisibility: "headers" },
      createElement(GraphiQL.Logo, null, "Accord API"),
    ),
  );
}

const root = document.getElementById("explorer");
if (!root) throw new Error("explorer.html has no #explorer element");
createRoot(root).render(createElement(Explorer));
