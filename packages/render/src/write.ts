// Writes ProseMirror/TipTap JSON (`editor.getJSON()` content) into a paper's Yjs body the way
// y-prosemirror stores it: for seeding, imports, tests and benchmarks.
import * as Y from "yjs";
import { BODY_FRAGMENT } from "./tree.ts";

export interface BodyJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: BodyJson[];
  /** For `type: "text"`. */
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

type Deferred = (() => void)[];

function build(nodes: readonly BodyJson[], deferred: Deferred): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let text: Y.XmlText | null = null;
  for (const node of nodes) {
    if (node.type === "text") {
      if (!text) {
        text = new Y.XmlText();
        out.push(text);
      }
      const target = text;
      const attributes = Object.fromEntries(
        (node.marks ?? []).map((mark) => [mark.type, mark.attrs ?? {}]),
      );
      // Formatted text can only be inserted once the node is part of a document.
      deferred.push(() => target.insert(target.length, node.text ?? "", attributes));
      continue;
    }
    text = null;
    const element = new Y.XmlElement(node.type);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      // y-prosemirror keeps attribute values as they are (numbers stay numbers).
      element.setAttribute(key, value as string);
    }
    element.insert(0, build(node.content ?? [], deferred));
    out.push(element);
  }
  return out;
}

/** Append the nodes to the end of the body, in one transaction. */
export function appendBody(doc: Y.Doc, nodes: readonly BodyJson[]): void {
  const deferred: Deferred = [];
  doc.transact(() => {
    const body = doc.getXmlFragment(BODY_FRAGMENT);
    body.insert(body.length, build(nodes, deferred));
    for (const run of deferred) run();
  });
}
