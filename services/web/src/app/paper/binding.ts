// The y-prosemirror binding behind an editor state: the Yjs body and the mapping between its
// nodes and ProseMirror's, for code that must write to the body or map positions itself.
import type { EditorState } from "@tiptap/pm/state";
import { ySyncPluginKey } from "y-prosemirror";
import type * as Y from "yjs";

export interface YBinding {
  type: Y.XmlFragment;
  doc: Y.Doc;
  // biome-ignore lint/suspicious/noExplicitAny: y-prosemirror types its mapping as any
  mapping: any;
}

export function bindingOf(state: EditorState): YBinding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: YBinding | null } | undefined;
  return sync?.binding ?? null;
}
