// The wire cases frozen in fixtures/wire.fixture.json and shown in PROTOCOL.md. Every value is
// deterministic: fixed client ids, fixed message ids.
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import {
  CloseCode,
  closeCodeForHttpStatus,
  encodeAwareness,
  encodeCloseAnnouncement,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
  httpStatusFor,
  isPermanentClose,
} from "../src/index.ts";

/** A paper whose body is one paragraph "Hi", written by client 1. */
function tinyPaper() {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Hi")]);
  doc.getXmlFragment("body").insert(0, [paragraph]);
  return doc;
}

/** An awareness update for client 1 at clock 1, written by hand so key order is fixed. */
function awarenessUpdate() {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarString(encoder, JSON.stringify({ user: { name: "Ada" } }));
  return encoding.toUint8Array(encoder);
}

export interface WireCase {
  name: string;
  /** Binary frame, hex. */
  hex?: string;
  /** Text frames (base64, or the JSON close announcement). */
  frames?: string[];
  /** The close codes: what each is called, the HTTP status of a refused handshake, retried or not. */
  closes?: { name: string; code: number; httpStatus: number; provider: "stops" | "reconnects" }[];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

export function wireCases(): WireCase[] {
  const doc = tinyPaper();
  const update = Y.encodeStateAsUpdate(doc);
  const hundredBytes = new Uint8Array(100).map((_, i) => i);
  return [
    {
      name: "sync step 1, empty document",
      hex: hex(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))),
    },
    {
      name: "sync step 1, client 1 at clock 4",
      hex: hex(encodeSyncStep1(Y.encodeStateVector(doc))),
    },
    { name: "sync step 2, tiny paper", hex: hex(encodeSyncStep2(update)) },
    { name: "update, tiny paper", hex: hex(encodeUpdate(update)) },
    { name: "awareness, client 1 is Ada", hex: hex(encodeAwareness(awarenessUpdate())) },
    { name: "query awareness", hex: hex(encodeQueryAwareness()) },
    { name: "permission denied", hex: hex(encodePermissionDenied("read-only")) },
    {
      name: "text frame, whole message (sync step 1, empty document)",
      frames: encodeTextFrames(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())), 32_768),
    },
    {
      name: "text frames, 100-byte message in 64-character frames, message id 7",
      frames: encodeTextFrames(hundredBytes, 64, 7),
    },
    {
      name: "close announcement, storage full",
      frames: [
        encodeCloseAnnouncement({ code: CloseCode.storageFull, reason: "storage full: try again" }),
      ],
    },
    {
      name: "close codes",
      closes: Object.entries(CloseCode).map(([name, code]) => {
        const httpStatus = httpStatusFor({ code, reason: "" });
        // Each status a handshake refusal answers names its code again (1011: any other status).
        if (closeCodeForHttpStatus(httpStatus) !== code) {
          throw new Error(`HTTP ${httpStatus} does not map back to close code ${code}`);
        }
        return {
          name,
          code,
          httpStatus,
          provider: isPermanentClose(code) ? ("stops" as const) : ("reconnects" as const),
        };
      }),
    },
  ];
}
