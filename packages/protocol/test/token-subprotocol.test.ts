import { describe, expect, it } from "vitest";
import { TOKEN_SUBPROTOCOL, tokenFromSubprotocols, tokenSubprotocols } from "../src/index.ts";

const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";

describe("the token as a subprotocol", () => {
  it("is offered as the marker followed by the token", () => {
    expect(tokenSubprotocols(jwt)).toEqual([TOKEN_SUBPROTOCOL, jwt]);
    expect(tokenSubprotocols("")).toEqual([TOKEN_SUBPROTOCOL]);
    expect(() => tokenSubprotocols("not a, jwt")).toThrow(TypeError);
  });

  it("is read from a Sec-WebSocket-Protocol header, a repeated header or a list", () => {
    expect(tokenFromSubprotocols(`accord.token, ${jwt}`)).toEqual({ offered: true, token: jwt });
    expect(tokenFromSubprotocols(["other", "accord.token", jwt])).toEqual({
      offered: true,
      token: jwt,
    });
    expect(tokenFromSubprotocols(new Set(["accord.token", jwt]))).toEqual({
      offered: true,
      token: jwt,
    });
    expect(tokenFromSubprotocols(["accord.token", `${jwt}, other`])).toEqual({
      offered: true,
      token: jwt,
    });
  });

  it("tells a marker without a token apart from no marker at all", () => {
    expect(tokenFromSubprotocols("accord.token")).toEqual({ offered: true, token: null });
    expect(tokenFromSubprotocols(`graphql-ws, ${jwt}`)).toEqual({ offered: false, token: null });
    expect(tokenFromSubprotocols(undefined)).toEqual({ offered: false, token: null });
    expect(tokenFromSubprotocols("")).toEqual({ offered: false, token: null });
  });
});
