// PaperDocuments over the storage ports, with the collaboration core's Yjs readers.
import {
  createAnchor,
  documentFromState,
  encodeSnapshot,
  lastEditedAt,
  readContent,
  readSuggestions,
  resolveAnchor,
  restoreUpdate,
} from "@accord/collab";
import type { Store } from "@accord/storage";
import type { PaperDocuments } from "./documents.ts";

export function createCollabDocuments(store: Pick<Store, "documents">): PaperDocuments {
  return {
    async open(paperId) {
      const state = await store.documents.load(paperId);
      const { doc } = documentFromState(state);
      const lastEdit = lastEditedAt(state.tail);
      return {
        content: () => readContent(doc, lastEdit),
        snapshot: () => encodeSnapshot(doc),
        restoreUpdate: (versionSnapshot) => restoreUpdate(doc, versionSnapshot),
        anchorText: (anchor) => resolveAnchor(doc, anchor),
        anchorFor: (from, to) => createAnchor(doc, from, to),
        suggestions: () => readSuggestions(doc),
      };
    },
    read(versionSnapshot) {
      const { doc } = documentFromState({
        snapshot: versionSnapshot,
        snapshotVersion: 0,
        tail: [],
      });
      try {
        const { text, markdown } = readContent(doc);
        return { text, markdown };
      } finally {
        doc.destroy();
      }
    },
  };
}
