// One paper on the real local server process, its co-authors live on it, and the moves every
// local scenario makes: kill the server, check the file, restart it on the same port, wait for
// the clients to converge, and account for every edit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevSigningKey, loadOrCreateDevSigningKey } from "@accord/identity";
import { added, missing, paragraphTexts } from "../measure.ts";
import {
  type CoAuthor,
  closeAll,
  converged,
  draftPaper,
  type LiveAuthor,
  openLive,
  seenByOthers,
  signIn,
} from "./co-authors.ts";
import { type ServerProcess, startServerProcess } from "./server-process.ts";
import { readStoredPaper, type StoredPaper } from "./storage-check.ts";

export interface PaperRunOptions {
  authors: number;
  /** A directory to hold the data directory (e.g. a size-limited mount); default the temp dir. */
  parentDir?: string;
  title?: string;
  logLevel?: "debug" | "info" | "warn" | "error";
}

/** What a kill left in the file, checked before the next start. */
export interface KillCheck {
  /** Edits another client had received before the server died. */
  seen: number;
  /** Of those, the ones the file does not hold: must be 0. */
  lost: string[];
  stored: StoredPaper;
}

/** What a restart brought back. */
export interface RestartCheck {
  /** Spawn to listening, ms. */
  restartMs: number;
  /** Kill to every client synced on the same state again, ms. */
  recoveryMs: number;
  /** Edits the file lacked after the kill that the clients sent again when they reconnected. */
  recovered: number;
  /** Edits any client typed that the converged document lacks: must be empty. */
  missingTyped: string[];
}

export class PaperRun {
  server: ServerProcess;
  private killedAt = 0;

  private constructor(
    readonly dataDir: string,
    readonly key: DevSigningKey,
    server: ServerProcess,
    readonly authors: CoAuthor[],
    readonly paperId: string,
    readonly lives: LiveAuthor[],
    private readonly logLevel: PaperRunOptions["logLevel"],
  ) {
    this.server = server;
  }

  static async start(options: PaperRunOptions): Promise<PaperRun> {
    const dataDir = mkdtempSync(join(options.parentDir ?? tmpdir(), "accord-chaos-"));
    let server: ServerProcess | null = null;
    try {
      const key = await loadOrCreateDevSigningKey(dataDir);
      server = await startServerProcess({ dataDir, logLevel: options.logLevel ?? "warn" });
      const graphqlUrl = `http://127.0.0.1:${server.port}/graphql`;
      const authors: CoAuthor[] = [];
      for (let i = 0; i < options.authors; i++) {
        authors.push(await signIn(key, graphqlUrl, `author${i}`, i === 0));
      }
      const paperId = await draftPaper(authors, options.title ?? "Reliability");
      const collabUrl = `ws://127.0.0.1:${server.port}/collab`;
      const lives = authors.map((author) => openLive(collabUrl, paperId, author));
      const run = new PaperRun(dataDir, key, server, authors, paperId, lives, options.logLevel);
      await converged(lives, "co-authors to sync the new paper");
      return run;
    } catch (error) {
      await server?.kill();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get graphqlUrl() {
    return `http://127.0.0.1:${this.server.port}/graphql`;
  }

  /** SIGKILL the server; returns the edits seen by another client by the time it died. */
  async kill(): Promise<Set<string>> {
    this.killedAt = performance.now();
    await this.server.kill();
    // Messages already in the clients' sockets were sent before the death: they count as seen.
    await new Promise((resolve) => setImmediate(resolve));
    return seenByOthers(this.lives);
  }

  /** Check the file the kill left against what the clients had seen. */
  async check(seen: Set<string>): Promise<KillCheck> {
    const stored = await readStoredPaper(this.dataDir, this.paperId);
    return { seen: seen.size, lost: missing(seen, stored.paragraphs), stored };
  }

  /** Start the server again on the same port and wait for the clients to converge. */
  async restart(stored: StoredPaper, deadlineMs = 120_000): Promise<RestartCheck> {
    this.server = await startServerProcess({
      dataDir: this.dataDir,
      port: this.server.port,
      logLevel: this.logLevel ?? "warn",
    });
    await converged(this.lives, "co-authors to reconnect and converge", deadlineMs);
    const recoveryMs = performance.now() - this.killedAt;
    const first = this.lives[0]!;
    const final = new Set(paragraphTexts(first.doc));
    const typed = this.lives.flatMap((live) => live.typed);
    return {
      restartMs: this.server.startMs,
      recoveryMs,
      recovered: added(final, stored.paragraphs),
      missingTyped: missing(typed, final),
    };
  }

  /** Stop cleanly, close the clients, remove the data directory. */
  async close() {
    closeAll(this.lives);
    await this.server.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
