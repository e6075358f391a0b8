// Compare versions: how long `compareStates` takes to compare two versions of a 20-page paper
// written and revised by two authors, with the authors of every change, against a word diff of
// the two plain texts (jsdiff's diffWords, which names no author) in the same run; and what the
// attribution map costs to store. Writes the "Compare versions" section of RESULTS.md.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  attributeEffects,
  compareStates,
  decodeAttribution,
  encodeAttribution,
  replayState,
} from "@accord/collab";
import type { LogEntry } from "@accord/storage";
import { diffWords } from "diff";
import * as Y from "yjs";
import { COMPARE_BENCH as config } from "./compare-config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const WORDS = (
  "ocean carbon treaty grid orbit satellite export control research data fisheries reef " +
  "climate energy supply chain semiconductor standard review mandate observer delegation"
).split(" ");

let state = config.seed;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
const word = () => WORDS[Math.floor(random() * WORDS.length)]!;

/** Two authors' replicas; every change reaches the other at once and is logged with its author. */
const docs = { ada: new Y.Doc(), bo: new Y.Doc() };
docs.ada.clientID = 1;
docs.bo.clientID = 2;
const log: LogEntry[] = [];
function edit(member: "ada" | "bo", change: (body: Y.XmlFragment) => void) {
  const doc = docs[member];
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on("update", listener);
  doc.transact(() => change(doc.getXmlFragment("body")));
  doc.off("update", listener);
  for (const update of updates) {
    Y.applyUpdate(member === "ada" ? docs.bo : docs.ada, update);
    log.push({
      id: String(log.length).padStart(8, "0"),
      update,
      memberId: member,
      at: new Date(Date.UTC(2026, 0, 1) + log.length * 1_000).toISOString(),
    });
  }
}

// The first version: each author writes every other section, a word per update.
const textOf = (body: Y.XmlFragment, index: number) =>
  (body.get(index) as Y.XmlElement).get(0) as Y.XmlText;
for (let s = 0; s < config.sections; s++) {
  const author = s % 2 === 0 ? "ada" : "bo";
  edit(author, (body) => {
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", "2");
    heading.insert(0, [new Y.XmlText(`Section ${s + 1}`)]);
    body.insert(body.length, [heading]);
  });
  for (let p = 0; p < config.paragraphs; p++) {
    edit(author, (body) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText()]);
      body.insert(body.length, [paragraph]);
    });
    for (let w = 0; w < config.wordsPerParagraph; w++) {
      edit(author, (body) => {
        const text = textOf(body, body.length - 1);
        text.insert(text.length, `${w === 0 ? "" : " "}${word()}`);
      });
    }
  }
}
const from = Y.encodeStateAsUpdate(docs.ada);
const firstEntries = log.length;

// Revisions by both, anywhere in the body: words typed, runs of words deleted.
for (let r = 0; r < config.revisions; r++) {
  const author = random() < 0.5 ? "ada" : "bo";
  edit(author, (body) => {
    let index = Math.floor(random() * body.length);
    if ((body.get(index) as Y.XmlElement).nodeName === "heading") index++;
    const text = textOf(body, Math.min(index, body.length - 1));
    const at = Math.floor(random() * text.length);
    if (random() < 0.4 && text.length > 60) {
      text.delete(at, Math.min(text.length - at, 6 + Math.floor(random() * 50)));
    } else {
      text.insert(at, ` ${word()}`);
    }
  });
}
const to = Y.encodeStateAsUpdate(docs.ada);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
function timed<T>(run: () => T): { times: number[]; last: T } {
  let last = run();
  for (let i = 1; i < config.warmup; i++) last = run();
  const times: number[] = [];
  for (let i = 0; i < config.iterations; i++) {
    const started = performance.now();
    last = run();
    times.push(performance.now() - started);
  }
  return { times, last };
}

const loadStart = loadavg()[0]!;
// The map as compaction builds it: every entry replayed once on the snapshot before it.
const history = timed(() => {
  const replayed = replayState({ snapshot: null, snapshotVersion: 0, tail: log });
  replayed.doc.destroy();
  return replayed.effects;
});
const attribution = decodeAttribution(null);
attributeEffects(attribution, history.last);
const mapBytes = encodeAttribution(attribution).length;
const fromMap = decodeAttribution(null);
attributeEffects(fromMap, history.last.slice(0, firstEntries));
const firstMapBytes = encodeAttribution(fromMap).length;

// Comparing with now also replays the tail on the snapshot: its cost for a full tail.
const snapshotBefore = (() => {
  const replayed = replayState({
    snapshot: null,
    snapshotVersion: 0,
    tail: log.slice(0, log.length - config.tailEntries),
  });
  const bytes = Y.encodeStateAsUpdate(replayed.doc);
  replayed.doc.destroy();
  return bytes;
})();
const tail = timed(() => {
  const replayed = replayState({
    snapshot: snapshotBefore,
    snapshotVersion: 1,
    tail: log.slice(log.length - config.tailEntries),
  });
  replayed.doc.destroy();
  return replayed.effects.length;
});

const compare = timed(() => compareStates(from, to, attribution));
const textA = compare.last.blocks
  .map((b) =>
    b.runs
      .filter((r) => r.change !== "ADDED")
      .map((r) => r.text)
      .join(""),
  )
  .join("\n");
const textB = compare.last.blocks
  .map((b) =>
    b.runs
      .filter((r) => r.change !== "DELETED")
      .map((r) => r.text)
      .join(""),
  )
  .join("\n");
const peer = timed(() => diffWords(textA, textB));
const loadEnd = loadavg()[0]!;

const fmt = (ms: number) => ms.toFixed(1);
const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean).length;
const authors = compare.last.authors
  .map((a) => `${a.authorId}: +${a.wordsAdded} −${a.wordsRemoved} words`)
  .join(", ");
const date = new Date().toISOString().slice(0, 10);
const section = `## Compare versions

\`compareStates\` (packages/collab/src/compare.ts, what \`compareVersions\` runs) on two versions of a
paper of ${config.sections} sections (${wordsOf(textA).toLocaleString("en")} words in the first version,
${wordsOf(textB).toLocaleString("en")} in the second) written by two authors a word per update, then revised by
both with ${config.revisions.toLocaleString("en")} edits (a word typed, or a run of words deleted) before the
second version; the attribution map is the one compaction builds from all ${log.length.toLocaleString("en")} log
entries. ${config.iterations} timed runs after ${config.warmup} untimed, in one process. The peer is jsdiff's
\`diffWords\` on the two plain texts, which finds the changes but names no author (and, on a long text, guesses
matches where the id-based comparison knows them). Comparing with now also replays the paper's tail
(${config.tailEntries} entries) on its snapshot to attribute what is not compacted yet.
${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? "unknown"}), load average ${loadStart.toFixed(2)} at the
start and ${loadEnd.toFixed(2)} at the end; ${date}.

Command: \`pnpm --filter @accord/bench bench:compare\` (sizes in test/bench/compare-config.ts).

| step | p50 (ms) | p95 (ms) |
|---|---|---|
| \`compareStates\` of the two versions, with authors | ${fmt(percentile(compare.times, 50))} | ${fmt(percentile(compare.times, 95))} |
| peer: \`diffWords\` of the two plain texts, no authors | ${fmt(percentile(peer.times, 50))} | ${fmt(percentile(peer.times, 95))} |
| replay of a ${config.tailEntries}-entry tail on the snapshot (compare with now) | ${fmt(percentile(tail.times, 50))} | ${fmt(percentile(tail.times, 95))} |
| replay of the whole history (${log.length.toLocaleString("en")} entries, building the map) | ${fmt(percentile(history.times, 50))} | ${fmt(percentile(history.times, 95))} |

Changes found: ${authors}.

Storage cost of the attribution map (encoded as stored): ${firstMapBytes.toLocaleString("en")} bytes after the
${firstEntries.toLocaleString("en")} entries of the first version (${(firstMapBytes / firstEntries).toFixed(3)} bytes
per edit: typing by one client is one id range), ${mapBytes.toLocaleString("en")} bytes after all
${log.length.toLocaleString("en")} (${((mapBytes - firstMapBytes) / config.revisions).toFixed(1)} bytes per revision:
each deletion keeps its own range of ids, an insertion extends its author's range). The snapshot of the second
version is ${to.length.toLocaleString("en")} bytes: the map is ${((100 * mapBytes) / to.length).toFixed(1)} % of it.
`;

const resultsFile = join(HERE, "RESULTS.md");
const current = readFileSync(resultsFile, "utf8");
const lines = current.split("\n");
const start = lines.indexOf("## Compare versions");
let next: string;
if (start === -1) {
  next = `${current.trimEnd()}\n\n${section}`;
} else {
  const after = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const rest = after === -1 ? "" : `\n${lines.slice(after).join("\n")}`;
  next = `${lines.slice(0, start).join("\n")}${start > 0 ? "\n" : ""}${section}${rest}`;
}
writeFileSync(resultsFile, next.endsWith("\n") ? next : `${next}\n`);
console.log(`\n${section}`);
