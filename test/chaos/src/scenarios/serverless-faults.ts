// Faults on the serverless path: the real Lambda handlers under serverless-local on DynamoDB
// Local, clients through the client SDK's connectPaper (API Gateway transport, stock provider).
// Phase by phase, while the co-authors type: DynamoDB throttling, lost responses and slow
// responses (a proxy in front of DynamoDB Local); $default events delivered twice, out of order,
// or dying before they answer; $default invocations killed mid-handler, before their append
// reaches DynamoDB or after it and before the fan-out; a connection gone without $disconnect
// (PostToConnection answers 410 Gone); PostToConnection throttled (429 LimitExceededException),
// slow, or answering Gone for open connections (the API Gateway emulator's management faults);
// the compactor failing halfway (its batch writes fail). After each phase the faults stop and
// every client must converge, with every edit seen and every edit typed in the table, and no
// update in the table held back for a missing predecessor.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AddCollaboratorDocument,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  connectPaper,
  createClient,
  MeDocument,
} from "@accord/client";
import { documentFromState } from "@accord/collab";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import { startDynamoDbLocal } from "@accord/storage-dynamodb/testing";
import { type ManagementFaultPlan, startServerlessLocal } from "@accord/test-support";
import WebSocket from "ws";
import * as Y from "yjs";
import type { CoAuthor, LiveAuthor } from "../local/co-authors.ts";
import { converged, seenByOthers, startTyping } from "../local/co-authors.ts";
import { missing, mulberry32, paragraphTexts, round } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport, sample } from "../report.ts";
import { defaultFaults } from "../serverless/default-faults.ts";
import { type ProxyPlan, startFaultProxy } from "../serverless/dynamodb-fault-proxy.ts";

export interface ServerlessFaultsOptions {
  profile: Profile;
  /** How many times the whole sequence of phases runs. */
  rounds: number;
  authors: number;
  seed: number;
  log?: (line: string) => void;
}

const DEFAULT_WITH_FAULTS = fileURLToPath(
  new URL("../serverless/default-with-faults.ts", import.meta.url),
);
const PHASE_MS = 1_500;
/** Longest wait, after typing stops, for the phase's invocations to run under its fault. */
const SETTLE_UNDER_FAULT_MS = 20_000;
/**
 * connectPaper's periodic resync (60 s by default): shorter here so that an edit lost with
 * nothing after it (its invocation killed after the append, as the last keystroke of a phase)
 * comes back within the convergence deadline. Gaps and reported failures resync at once.
 */
const RESYNC_INTERVAL_MS = 5_000;
/** Low, so that the compactor runs (and fails) within a phase. */
const COMPACT_AFTER = 40;

export async function serverlessFaults(options: ServerlessFaultsOptions): Promise<ScenarioReport> {
  const report = newReport(
    "serverless-faults",
    `${options.rounds} round(s) of fault phases on serverless-local (real Lambda handlers, DynamoDB Local, API Gateway emulator) while ${options.authors} clients type (seed ${options.seed})`,
    options.profile,
  );
  const random = mulberry32(options.seed);
  const log = options.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), "accord-chaos-serverless-"));
  const closers: (() => Promise<void> | void)[] = [
    () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  const rows: [string, number, number, number, number][] = [];
  try {
    const dynamodb = await startDynamoDbLocal();
    closers.push(() => dynamodb.stop());
    const proxy = await startFaultProxy(dynamodb.endpoint);
    closers.push(() => proxy.close());
    defaultFaults.holds = proxy.holds;
    const local = await startServerlessLocal({
      dataDir,
      dynamodb: { endpoint: proxy.endpoint, tableName: dynamodb.tableName },
      entries: { collabDefault: DEFAULT_WITH_FAULTS },
      compactAfterEntries: COMPACT_AFTER,
      streamPollIntervalMs: 100,
      logLevel: "error",
    });
    closers.push(() => local.close());
    // Handler errors are the faults themselves; counted, not printed.
    let handlerErrors = 0;
    local.emulator.events.on("invocation", (e: { ok: boolean }) => {
      if (!e.ok) handlerErrors += 1;
    });

    const authors: CoAuthor[] = [];
    for (let i = 0; i < options.authors; i++) {
      const username = `author${i}`;
      const token = await local.mintToken(username, {
        coordinator: i === 0,
        ttlSeconds: 24 * 3600,
      });
      const api = createClient({ url: local.graphqlUrl, token });
      const { me } = await api.request(MeDocument);
      if (!me) throw new Error(`${username} has no member record`);
      authors.push({ username, token, api, memberId: me.id });
    }
    const lead = authors[0]!;
    const { createWorkingGroup } = await lead.api.request(CreateWorkingGroupDocument, {
      input: { name: "Serverless faults", description: "Reliability runs" },
    });
    const { createPaper } = await lead.api.request(CreatePaperDocument, {
      input: {
        workingGroupId: createWorkingGroup.id,
        title: "Serverless faults",
        diplomacyTypes: [],
      },
    });
    const paperId = createPaper.id;
    for (const editor of authors.slice(1)) {
      await lead.api.request(AddCollaboratorDocument, {
        input: { paperId, memberId: editor.memberId, role: "EDITOR" },
      });
    }
    const lives: LiveAuthor[] = authors.map((author) => {
      const doc = new Y.Doc();
      const provider = connectPaper({
        url: local.wsUrl,
        paperId,
        token: author.token,
        doc,
        transport: "apigateway",
        // ws's WebSocket is what Node 20 apps pass; its types differ slightly from the DOM's.
        WebSocketImpl: WebSocket as unknown as NonNullable<
          Parameters<typeof connectPaper>[0]["WebSocketImpl"]
        >,
        disableBc: true,
        maxBackoffTime: 500,
        resyncIntervalMs: RESYNC_INTERVAL_MS,
      });
      const live: LiveAuthor = { author, doc, provider, closeCodes: [], typed: [] };
      provider.on("connection-close", (event) => {
        if (event && live.closeCodes.length < 1_000) live.closeCodes.push(event.code);
      });
      return live;
    });
    closers.push(() => {
      for (const live of lives) live.provider.destroy();
    });
    await converged(lives, "clients to sync on serverless-local", 60_000);

    // The table as the compactor and sync step 1 load it, read past the proxy.
    const direct = createDynamoStore({
      client: createDynamoClient({ endpoint: dynamodb.endpoint }),
      tableName: dynamodb.tableName,
    });
    const storedParagraphs = async () => {
      const { doc } = documentFromState(await direct.documents.load(paperId));
      const texts = new Set(paragraphTexts(doc));
      // Updates stored after a gap that nothing filled: Yjs holds them back, nobody sees them.
      const heldBack = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
      doc.destroy();
      return { texts, heldBack };
    };
    const management = (plan: ManagementFaultPlan | null) => () => {
      local.emulator.managementFaults = plan;
    };

    const phases: { name: string; start: () => void; stop: () => void }[] = [
      {
        name: "DynamoDB throttling (20% of requests)",
        start: () => {
          proxy.plan = () => (random() < 0.2 ? { kind: "throttle" } : undefined);
        },
        stop: () => {
          proxy.plan = () => undefined;
        },
      },
      {
        name: "DynamoDB responses lost after the write (10%)",
        start: () => {
          proxy.plan = () => (random() < 0.1 ? { kind: "lost" } : undefined);
        },
        stop: () => {
          proxy.plan = () => undefined;
        },
      },
      {
        name: "DynamoDB slow responses (30%, 100–600 ms)",
        start: () => {
          proxy.plan = () =>
            random() < 0.3 ? { kind: "slow", delayMs: 100 + random() * 500 } : undefined;
        },
        stop: () => {
          proxy.plan = () => undefined;
        },
      },
      {
        name: "$default delivered twice (20%), out of order (20%), dying before it answers (5%)",
        start: () => {
          defaultFaults.plan = { duplicate: 0.2, reorder: 0.2, crashAfter: 0.05, random };
        },
        stop: () => {
          defaultFaults.plan = null;
        },
      },
      {
        name: "$default killed before its append reaches DynamoDB (15% of updates)",
        start: () => {
          defaultFaults.plan = {
            duplicate: 0,
            reorder: 0,
            crashAfter: 0,
            killBeforeStore: 0.15,
            random,
          };
        },
        stop: () => {
          defaultFaults.plan = null;
        },
      },
      {
        name: "$default killed after its append, before the fan-out (15% of updates)",
        start: () => {
          defaultFaults.plan = {
            duplicate: 0,
            reorder: 0,
            crashAfter: 0,
            killAfterStore: 0.15,
            random,
          };
        },
        stop: () => {
          defaultFaults.plan = null;
        },
      },
      {
        name: "PostToConnection throttled (30% of management calls: 429 LimitExceededException)",
        start: management(() => (random() < 0.3 ? { kind: "throttle" } : undefined)),
        stop: management(null),
      },
      {
        name: "PostToConnection slow (25% of management calls, 0.2–4 s; calls time out after 2 s)",
        start: management(() =>
          random() < 0.25 ? { kind: "slow", delayMs: 200 + random() * 3_800 } : undefined,
        ),
        stop: management(null),
      },
      {
        name: "PostToConnection answering 410 Gone for open connections (5% of posts)",
        start: management(({ method }) =>
          method === "POST" && random() < 0.05 ? { kind: "gone" } : undefined,
        ),
        stop: management(null),
      },
      {
        name: "a connection gone without $disconnect (PostToConnection 410 Gone)",
        start: () => {
          const ids = local.emulator.connectionIds();
          const victim = ids[Math.floor(random() * ids.length)];
          if (victim) local.emulator.vanish(victim);
        },
        stop: () => {},
      },
      {
        name: "the compactor failing halfway (a third of its batch writes fail)",
        start: () => {
          let writes = 0;
          const plan: ProxyPlan = (operation) =>
            operation === "BatchWriteItem" && ++writes % 3 === 0 ? { kind: "throttle" } : undefined;
          proxy.plan = plan;
        },
        stop: () => {
          proxy.plan = () => undefined;
        },
      },
    ];

    let heldBackPhases = 0;
    for (let round_ = 1; round_ <= options.rounds; round_++) {
      for (const phase of phases) {
        const errorsBefore = handlerErrors;
        const typing = startTyping(lives);
        phase.start();
        await new Promise((resolve) => setTimeout(resolve, PHASE_MS));
        typing.stop();
        const started = performance.now();
        // The fault stays on until the invocations of what was typed have run (a busy machine
        // handles them well after the keystrokes), within a bound.
        await Promise.race([
          local.emulator.settled(),
          new Promise((resolve) => setTimeout(resolve, SETTLE_UNDER_FAULT_MS)),
        ]);
        phase.stop();
        const seen = seenByOthers(lives);
        let convergedOk = true;
        try {
          await converged(lives, `clients to converge after: ${phase.name}`, 60_000);
        } catch (error) {
          convergedOk = false;
          report.failures.push(`round ${round_}, ${phase.name}: ${(error as Error).message}`);
        }
        const convergeMs = performance.now() - started;
        // Fan-out finishes before the handler returns; settled() waits for every invocation.
        await local.emulator.settled();
        const stored = await storedParagraphs();
        const lostSeen = missing(seen, stored.texts);
        const typed = lives.flatMap((live) => live.typed);
        const missingTyped = convergedOk ? missing(typed, stored.texts) : [];
        // Clients hold updates back too when one before them never reached them.
        const clientsHeldBack = lives.filter(
          (live) => live.doc.store.pendingStructs !== null || live.doc.store.pendingDs !== null,
        ).length;
        if (stored.heldBack || clientsHeldBack > 0) {
          heldBackPhases += 1;
          report.failures.push(
            `round ${round_}, ${phase.name}: updates held back after a gap nothing filled (table: ${stored.heldBack ? "yes" : "no"}, clients: ${clientsHeldBack})`,
          );
        }
        if (lostSeen.length > 0) {
          report.failures.push(
            `round ${round_}, ${phase.name}: seen edits lost: ${sample(lostSeen)}`,
          );
        }
        if (missingTyped.length > 0) {
          report.failures.push(
            `round ${round_}, ${phase.name}: typed edits missing from the table: ${sample(missingTyped)}`,
          );
        }
        // The killed invocations' held requests go, as a dead Lambda's sockets would.
        proxy.releaseHeld();
        rows.push([
          phase.name,
          handlerErrors - errorsBefore,
          lostSeen.length,
          missingTyped.length,
          convergeMs,
        ]);
        log(
          `round ${round_}: ${phase.name}: handler errors ${handlerErrors - errorsBefore}, seen lost ${lostSeen.length}, typed missing ${missingTyped.length}, converged in ${round(convergeMs)} ms`,
        );
      }
    }
    const typed = lives.reduce((n, live) => n + live.typed.length, 0);
    report.figures.push(
      ["clients (connectPaper, API Gateway transport)", options.authors],
      ["edits typed", typed],
      ...[...proxy.injected].map(([kind, n]): [string, number] => [`injected: ${kind}`, n]),
      ["injected: $default delivered twice", defaultFaults.counts.duplicated],
      ["injected: $default held back (out of order)", defaultFaults.counts.reordered],
      ["injected: $default died before answering", defaultFaults.counts.crashed],
      ["injected: $default killed before its append", defaultFaults.counts.killedBeforeStore],
      [
        "injected: $default killed after its append, before the fan-out",
        defaultFaults.counts.killedAfterStore,
      ],
      [
        "injected: management calls throttled (429 LimitExceededException)",
        local.emulator.metrics.injectedFaults.throttle,
      ],
      ["injected: management calls slowed", local.emulator.metrics.injectedFaults.slow],
      [
        "injected: posts answered 410 Gone (open connection)",
        local.emulator.metrics.injectedFaults.gone,
      ],
      ["PostToConnection calls", local.emulator.metrics.management.post],
      ["DeleteConnection calls", local.emulator.metrics.management.delete],
      ["client reconnections", lives.reduce((n, live) => n + live.closeCodes.length, 0)],
      ["handler invocations that failed", handlerErrors],
      ["seen edits lost", rows.reduce((n, r) => n + r[2], 0)],
      ["typed edits missing from the table after convergence", rows.reduce((n, r) => n + r[3], 0)],
      ["phases after which the table or a client held updates back (a gap)", heldBackPhases],
      // One row per phase, its rounds side by side.
      ...phases.map(({ name }): [string, string] => [
        `last keystroke → every client converged: ${name}, ms${options.rounds > 1 ? " (each round)" : ""}`,
        rows
          .filter(([phase]) => phase === name)
          .map(([, , , , ms]) => String(round(ms)))
          .join(" / "),
      ]),
    );
    report.notes.push(
      `Each phase: ${PHASE_MS} ms of typing under the fault, then the fault stays on until the invocations of what was typed have run (at most ${SETTLE_UNDER_FAULT_MS / 1000} s), stops, and the clients must converge (deadline 60 s); the table is then read directly (not through the proxy). Compaction after ${COMPACT_AFTER} entries so that it runs within a phase. Clients resync every ${RESYNC_INTERVAL_MS / 1000} s (connectPaper's resyncIntervalMs; 60 s by default), and at once on a gap or a failed invocation.`,
      "Convergence is timed from the last keystroke, so it includes the wait for the phase's invocations under the fault: with slow PostToConnection that wait reaches its bound (a fan-out waits for its slowest post, resyncs add more), and the clients are converged as soon as the fault stops. Under DynamoDB throttling the SDK's adaptive retry mode slows the handlers' requests until some invocations pass API Gateway's 29 s integration timeout (most of the failed invocations); the clients' resyncs bring what they missed.",
      "A killed invocation: the DynamoDB proxy holds its append forever (not forwarded: killed before the store; forwarded and applied, the answer withheld: killed after it, before the fan-out) and the invocation fails, which API Gateway reports to the client as an internal error.",
    );
  } finally {
    defaultFaults.plan = null;
    defaultFaults.holds = null;
    for (const close of closers.reverse()) await close();
  }
  return report;
}
