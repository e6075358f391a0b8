// The explorer sends the web app's token: as Authorization: Bearer while the session is good,
// never when it has expired or the headers editor names its own Authorization header.
import { describe, expect, it } from "vitest";
import type { Session } from "../../src/app/session.ts";
import { explorerSignIn, requestHeaders, signInNote } from "../../src/explorer/sign-in.ts";

const session: Session = { token: "header.payload.signature", expiresAt: null, name: "ines" };

describe("the explorer's sign-in", () => {
  it("adds the signed-in person's token to the edited headers", () => {
    const signIn = explorerSignIn(session, false);
    expect(requestHeaders({ "X-Request-Id": "abc" }, signIn)).toEqual({
      "X-Request-Id": "abc",
      Authorization: "Bearer header.payload.signature",
    });
    expect(signInNote(signIn)).toMatchObject({ link: false });
    expect(signInNote(signIn).text).toContain("Signed in as ines");
  });

  it("lets the headers editor choose another token, or none, in any letter case", () => {
    const signIn = explorerSignIn(session, false);
    expect(requestHeaders({ authorization: "Bearer other" }, signIn)).toEqual({
      authorization: "Bearer other",
    });
    expect(requestHeaders({ Authorization: "" }, signIn)).toEqual({ Authorization: "" });
  });

  it("sends no token when signed out or expired, and says how to sign in", () => {
    for (const signIn of [explorerSignIn(null, false), explorerSignIn(session, true)]) {
      expect(requestHeaders(undefined, signIn)).toEqual({});
      expect(signInNote(signIn).link).toBe(true);
    }
    expect(signInNote(explorerSignIn(session, true)).text).toContain("has expired");
    expect(signInNote(explorerSignIn(null, false)).text).toContain("Not signed in");
  });

  it("sends non-string header values as JSON text and drops empty ones", () => {
    expect(requestHeaders({ "X-Count": 3, "X-None": null }, explorerSignIn(null, false))).toEqual({
      "X-Count": "3",
    });
  });
});
