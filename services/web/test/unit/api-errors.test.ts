// GraphQL failures become sentences a person can act on, never raw JSON; against a stand-in
// GraphQL endpoint on 127.0.0.1 that answers the ways the real one can.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MeDocument } from "@accord/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createApi, errorMessage, humanMessage } from "../../src/app/api.ts";

let server: Server;
let origin: string;
let next: { status: number; body: string } = { status: 200, body: "{}" };
let lastAuthorization: string | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    lastAuthorization = request.headers.authorization;
    request.resume();
    request.on("end", () => {
      response.writeHead(next.status, { "content-type": "application/json" });
      response.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((done) => server.close(done)));

function answer(status: number, value: unknown) {
  next = { status, body: typeof value === "string" ? value : JSON.stringify(value) };
}

describe("createApi", () => {
  it("sends the bearer token and returns typed data", async () => {
    answer(200, { data: { me: null } });
    const api = createApi({ url: `${origin}/graphql`, token: async () => "tok" });
    expect(await api.request(MeDocument)).toEqual({ me: null });
    expect(lastAuthorization).toBe("Bearer tok");
  });

  it("keeps each question's problem of a refused survey response, and nothing malformed", async () => {
    const api = createApi({ url: `${origin}/graphql`, token: async () => "tok" });
    answer(200, {
      errors: [
        {
          message: "2 answers need attention.",
          extensions: {
            code: "BAD_USER_INPUT",
            problems: [
              { questionId: "q1", message: "This question needs an answer." },
              { questionId: "q3", message: "Ranked twice." },
              { questionId: 4, message: "not a question id" },
              "not a problem",
            ],
          },
        },
      ],
    });
    const refused = await api.request(MeDocument).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).problems).toEqual([
      { questionId: "q1", message: "This question needs an answer." },
      { questionId: "q3", message: "Ranked twice." },
    ]);
    answer(200, { errors: [{ message: "No.", extensions: { code: "FORBIDDEN" } }] });
    const forbidden = await api.request(MeDocument).catch((error: unknown) => error);
    expect((forbidden as ApiError).problems).toEqual([]);
  });

  it("turns each error code into a sentence and tells about lost sign-ins", async () => {
    let signedOut = 0;
    const api = createApi({
      url: `${origin}/graphql`,
      token: async () => null,
      onUnauthenticated: () => {
        signedOut += 1;
      },
    });
    const cases: [number, unknown, string, RegExp][] = [
      [
        200,
        { errors: [{ message: "Title too long.", extensions: { code: "BAD_USER_INPUT" } }] },
        "BAD_USER_INPUT",
        /^Title too long\.$/,
      ],
      [
        400,
        {
          errors: [
            {
              message: 'Variable "$input" got invalid value { a: 1 }',
              extensions: { code: "BAD_USER_INPUT" },
            },
          ],
        },
        "BAD_USER_INPUT",
        /not valid; check the form/,
      ],
      [
        200,
        { errors: [{ message: "x", extensions: { code: "UNAUTHENTICATED" } }] },
        "UNAUTHENTICATED",
        /Sign in again/,
      ],
      [401, "not json", "UNAUTHENTICATED", /Sign in again/],
      [
        200,
        { errors: [{ message: "Moved on.", extensions: { code: "CONFLICT" } }] },
        "CONFLICT",
        /Reload/,
      ],
      [
        200,
        {
          errors: [{ message: "at Object.<anonymous> (x.js:1:2)", extensions: { code: "WEIRD" } }],
        },
        "INTERNAL_SERVER_ERROR",
        /went wrong on the server/,
      ],
      [502, "<html>Bad gateway</html>", "INTERNAL_SERVER_ERROR", /went wrong on the server/],
      [
        200,
        { errors: [{ message: "Slow down", extensions: { code: "RATE_LIMITED" } }] },
        "RATE_LIMITED",
        /Wait a few seconds/,
      ],
    ];
    for (const [status, body, code, message] of cases) {
      answer(status, body);
      const error = await api.request(MeDocument).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe(code);
      expect((error as ApiError).message).toMatch(message);
      expect((error as ApiError).message).not.toMatch(/[{}<>]/);
    }
    expect(signedOut).toBe(2);
  });

  it("reports an unreachable server as a network problem", async () => {
    const api = createApi({ url: "http://127.0.0.1:1/graphql", token: async () => null });
    const error = (await api.request(MeDocument).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("NETWORK_ERROR");
    expect(errorMessage(error)).toBe(humanMessage("NETWORK_ERROR"));
    expect(errorMessage(new TypeError("x is undefined"))).not.toContain("undefined");
  });
});
