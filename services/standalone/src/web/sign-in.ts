// Development sign-in: POST {"username": "..."} as JSON, get a token for that username. Only
// where everyone at the keyboard is trusted; the local server offers it on loopback only.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readJsonBody } from "@accord/graphql-api";
import { sendJson } from "./respond.ts";

const MAX_SIGN_IN_BODY = 4 * 1024;

export type DevSignIn = (username: string) => Promise<string>;

export async function serveDevSignIn(
  request: IncomingMessage,
  response: ServerResponse,
  devSignIn: DevSignIn | undefined,
  security: Record<string, string>,
): Promise<void> {
  const answer = (status: number, value: unknown, headers: Record<string, string> = {}) =>
    sendJson(response, status, value, { ...security, ...headers });
  if (!devSignIn) {
    answer(404, { message: "Development sign-in is not available here." });
    return;
  }
  if (request.method !== "POST") {
    answer(405, { message: "Use POST." });
    return;
  }
  // A JSON body cannot come from a plain cross-site form: no token for another site's page.
  if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
    answer(415, { message: "Send the username as JSON." });
    return;
  }
  // An oversized body is read and thrown away (up to a bound) before the 413, so the client,
  // still sending, reads the answer instead of a reset connection; as on /graphql.
  const body = await readJsonBody(request, MAX_SIGN_IN_BODY);
  if (!body.ok) {
    answer(413, { message: "The request is too large." }, { connection: "close" });
    return;
  }
  let username: unknown;
  try {
    username = (JSON.parse(body.text) as { username?: unknown }).username;
  } catch {
    username = undefined;
  }
  if (typeof username !== "string" || username.trim() === "") {
    answer(400, { message: "Enter a username." });
    return;
  }
  try {
    answer(200, { token: await devSignIn(username.trim()) });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "BAD_USER_INPUT") {
      answer(400, { message: (error as Error).message });
    } else {
      answer(500, { message: "Sign-in failed on the server; try again." });
    }
  }
}
