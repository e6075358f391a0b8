// The wire format is frozen: these bytes are what clients in the field speak. A change here is
// a protocol change; regenerate with UPDATE_FIXTURES=1 only on purpose, and update PROTOCOL.md.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  CloseCode,
  closeCodeForHttpStatus,
  decodeMessage,
  decodeTextFrame,
  isPermanentClose,
  parseCloseAnnouncement,
} from "../src/index.ts";
import { wireCases } from "./wire-cases.ts";

const FIXTURE = new URL("./fixtures/wire.fixture.json", import.meta.url);

if (process.env.UPDATE_FIXTURES === "1") {
  writeFileSync(FIXTURE, `${JSON.stringify(wireCases(), null, 2)}\n`);
}

const frozen: ReturnType<typeof wireCases> = JSON.parse(readFileSync(FIXTURE, "utf8"));
const bytes = (name: string) => {
  const found = frozen.find((c) => c.name === name);
  if (!found?.hex) throw new Error(`no fixture "${name}"`);
  return new Uint8Array(Buffer.from(found.hex, "hex"));
};

describe("frozen wire fixtures", () => {
  it("encoders produce exactly the frozen bytes", () => {
    expect(wireCases()).toEqual(frozen);
  });

  it("the frozen bytes decode to what they claim", () => {
    expect(decodeMessage(bytes("sync step 1, empty document"))).toEqual({
      type: "syncStep1",
      stateVector: new Uint8Array([0]),
    });
    const step2 = decodeMessage(bytes("sync step 2, tiny paper"));
    if (step2.type !== "syncStep2") throw new Error("not a sync step 2");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, step2.update);
    expect(doc.getXmlFragment("body").toString()).toBe("<paragraph>Hi</paragraph>");
    expect(decodeMessage(bytes("update, tiny paper")).type).toBe("update");
    expect(decodeMessage(bytes("query awareness"))).toEqual({ type: "queryAwareness" });
    expect(decodeMessage(bytes("permission denied"))).toEqual({
      type: "permissionDenied",
      reason: "read-only",
    });
    const awareness = decodeMessage(bytes("awareness, client 1 is Ada"));
    expect(awareness.type).toBe("awareness");
  });

  it("the frozen text frames decode and reassemble", () => {
    const chunked = frozen.find((c) => c.name.startsWith("text frames, 100-byte"))?.frames ?? [];
    const parts = chunked.map((text) => decodeTextFrame(text));
    expect(parts.map((p) => (p.kind === "chunk" ? [p.messageId, p.index, p.total] : null))).toEqual(
      [
        [7, 0, 3],
        [7, 1, 3],
        [7, 2, 3],
      ],
    );
    const whole = new Uint8Array(
      parts.flatMap((p) => (p.kind === "chunk" ? Array.from(p.data) : [])),
    );
    expect(whole).toEqual(new Uint8Array(100).map((_, i) => i));
    expect(chunked.every((text) => text.length <= 64)).toBe(true);
  });

  it("a full store is a transient close: announced as 4507, refused as HTTP 507, retried", () => {
    const [frame] = frozen.find((c) => c.name === "close announcement, storage full")?.frames ?? [];
    const announced = parseCloseAnnouncement(frame ?? "");
    expect(announced?.code).toBe(CloseCode.storageFull);
    expect(isPermanentClose(CloseCode.storageFull)).toBe(false);
    expect(closeCodeForHttpStatus(507)).toBe(CloseCode.storageFull);
    const table = frozen.find((c) => c.name === "close codes")?.closes ?? [];
    expect(table.find((c) => c.code === 4507)).toEqual({
      name: "storageFull",
      code: 4507,
      httpStatus: 507,
      provider: "reconnects",
    });
  });
});
