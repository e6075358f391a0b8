// createClient against a real HTTP server on 127.0.0.1 that answers what the API can answer.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccordGraphQLError, createClient, MeDocument, PaperDocument } from "../src/index.ts";

let server: Server;
let url: string;
const seen: { authorization?: string; body: { query: string; variables: unknown } }[] = [];
let answer: (req: IncomingMessage) => { status: number; body: string } = () => ({
  status: 200,
  body: "{}",
});

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    seen.push({
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body: JSON.parse(text),
    });
    const { status, body } = answer(req);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as AccordGraphQLError;
  }
  throw new Error("expected a rejection");
};

describe("createClient", () => {
  it("sends the printed document, variables and bearer token, and returns typed data", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ data: { paper: { id: "p1" } } }) });
    let current = "first-token";
    const client = createClient({ url, token: () => current });
    const data = await client.request(PaperDocument, { id: "p1" });
    expect(data.paper?.id).toBe("p1");
    expect(seen.at(-1)?.authorization).toBe("Bearer first-token");
    expect(seen.at(-1)?.body.query).toMatch(/query Paper\(\$id: ID!\)/);
    expect(seen.at(-1)?.body.variables).toEqual({ id: "p1" });
    current = "second-token";
    await client.request(PaperDocument, { id: "p1" });
    expect(seen.at(-1)?.authorization).toBe("Bearer second-token");
  });

  it("throws AccordGraphQLError with the API's codes, reason and partial data", async () => {
    answer = () => ({
      status: 200,
      body: JSON.stringify({
        data: { paper: null },
        errors: [
          {
            message: "This paper is PUBLISHED and frozen.",
            path: ["paper"],
            extensions: { code: "CONFLICT", reason: "FROZEN" },
          },
        ],
      }),
    });
    const error = await rejection(createClient({ url }).request(PaperDocument, { id: "p1" }));
    expect(error).toBeInstanceOf(AccordGraphQLError);
    expect(error.code).toBe("CONFLICT");
    expect(error.codes).toEqual(["CONFLICT"]);
    expect(error.errors[0]).toMatchObject({ reason: "FROZEN", path: ["paper"] });
    expect(error.data).toEqual({ paper: null });
    expect(error.message).toBe("This paper is PUBLISHED and frozen.");
    expect(seen.at(-1)?.authorization).toBeUndefined();
  });

  it("treats a gateway's 401 (no GraphQL body) as UNAUTHENTICATED, so apps ask to sign in", async () => {
    answer = () => ({ status: 401, body: JSON.stringify({ message: "Unauthorized" }) });
    const client = createClient({ url, token: "expired" });
    const error = await rejection(client.request(MeDocument));
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.status).toBe(401);
  });

  it("reports HTTP errors with a body, bad responses and unreachable servers", async () => {
    answer = () => ({
      status: 401,
      body: JSON.stringify({
        errors: [{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }],
      }),
    });
    const expired = await rejection(createClient({ url, token: "t" }).request(MeDocument));
    expect([expired.code, expired.status]).toEqual(["UNAUTHENTICATED", 401]);

    answer = () => ({ status: 502, body: "<html>Bad gateway</html>" });
    const gateway = await rejection(createClient({ url }).request(MeDocument));
    expect([gateway.code, gateway.status]).toEqual(["NETWORK_ERROR", 502]);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await rejection(
      createClient({ url: `http://127.0.0.1:${port}/graphql` }).request(MeDocument),
    );
    expect([unreachable.code, unreachable.status]).toEqual(["NETWORK_ERROR", 0]);
  });
});
