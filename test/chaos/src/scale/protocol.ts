// The messages between the scale run and its load-generating worker threads (load-worker.ts).

export interface WorkerConfig {
  /** y-websocket: the local server's /collab; apigateway: serverless-local's WebSocket URL. */
  transport: "y-websocket" | "apigateway";
  url: string;
}

/** One paper a worker holds: its writer's token, and how many watchers open it. */
export interface PaperAssignment {
  paperId: string;
  writerToken: string;
  watcherToken: string;
  watchers: number;
}

export type LoadCommand =
  | { kind: "open"; papers: PaperAssignment[]; deadlineMs: number }
  /** Every writer types one paragraph every `everyMs` (0 stops). */
  | { kind: "typing"; everyMs: number }
  /** Report and reset the window's measurements. */
  | { kind: "window" }
  /** Stop typing; wait (bounded) until every watcher holds every paragraph typed. */
  | { kind: "finish"; deadlineMs: number }
  | { kind: "close" };

export interface WindowReading {
  /** Writer's send → a watcher's document holding the paragraph, ms; one per delivery. */
  latencies: number[];
  /** The first few errors of the window, and how many in all. */
  errors: string[];
  errorCount: number;
  /** Paragraphs typed so far on this worker's papers. */
  typed: number;
  /** The worker's own event-loop delay: high means the load generator, not the server, lags. */
  loopDelayP99Ms: number;
}

export type LoadReply =
  | { kind: "opened"; clients: number }
  | { kind: "typing" }
  | ({ kind: "window" } & WindowReading)
  | {
      kind: "finished";
      /** Paragraphs a watcher lacks after the wait: lost edits, must be 0. */
      missing: number;
      typedByPaper: Record<string, number>;
    }
  | { kind: "closed" };
