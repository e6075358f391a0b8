// Per-stage deployment settings. bin/app.ts picks a stage (and optional overrides from CDK
// context); every stack and construct receives the resolved StageConfig as an argument.

import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";

export const STAGE_NAMES = ["dev", "prod"] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** The Lambda functions of Accord, by role. */
export const FUNCTION_NAMES = [
  "graphql",
  "collabConnect",
  "collabDisconnect",
  "collabDefault",
  "collabCompact",
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Lambda's application log levels; LOG_LEVEL carries the same word, lower-cased, to the handlers. */
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

export interface FunctionSizing {
  memoryMb: number;
  timeoutSeconds: number;
}

export interface ThrottleConfig {
  /** Steady requests (HTTP) or messages (WebSocket) per second for the stage. */
  rateLimit: number;
  burstLimit: number;
}

export interface AlarmConfig {
  /** Create CloudWatch alarms at all (each costs about $0.10 per metric a month). */
  enabled: boolean;
  /** Subscribe this address to an SNS topic that the alarms notify; no topic without it.
   * Setting it (-c alarmEmail=...) also turns alarms on. */
  email?: string;
  /** Lambda errors per 5 minutes, per function, that raise an alarm. */
  lambdaErrors: number;
  /** HTTP API 5xx responses per 5 minutes that raise an alarm. */
  http5xx: number;
  /** HTTP API p99 latency, in milliseconds, over 5 minutes that raises an alarm. */
  httpLatencyP99Ms: number;
  /** WebSocket API integration + execution errors per 5 minutes that raise an alarm. */
  webSocketErrors: number;
  /** Concurrent executions of all Lambdas in the account-region (default quota 1,000). */
  accountConcurrency: number;
  /** Age, in seconds, of the oldest stream record the compactor has not taken yet. */
  compactionIteratorAgeSeconds: number;
  /**
   * Live notifications (a role or status change reaching open connections) that failed after
   * their retries, per 5 minutes (metric Accord/LiveNotificationFailures, Service=graphql).
   */
  liveNotificationFailures: number;
}

/**
 * How the compaction Lambda reads the table's stream (log appends only, by filter). It runs off
 * the keystroke path: a keystroke appends and returns; compaction follows within a batching
 * window or a full batch.
 */
export interface CompactionConfig {
  /** Records per invocation (one paper's edits collapse to one compaction). */
  batchSize: number;
  /** How long Lambda gathers records before it invokes, at most. */
  maxBatchingWindowSeconds: number;
  /** Retries of a failed batch (halved each time by bisection) before it goes to the DLQ. */
  retryAttempts: number;
  /** Records older than this go to the DLQ instead of being retried again. */
  maxRecordAgeSeconds: number;
  /** How long the dead-letter queue keeps a failed batch's description. */
  deadLetterRetentionDays: number;
}

export interface AuthConfig {
  /** OAuth code flow (with PKCE) redirect targets of the client apps. */
  callbackUrls: string[];
  logoutUrls: string[];
  /** Cognito hosted sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); none if unset. */
  domainPrefix?: string;
  /** OPTIONAL lets test users sign in with a password alone; REQUIRED asks every user for TOTP. */
  mfa: "OPTIONAL" | "REQUIRED";
  /** Cognito Plus plan with threat protection enforced (billed per monthly active user). */
  threatProtection: boolean;
  /**
   * Allow ADMIN_USER_PASSWORD_AUTH: an IAM principal (the e2e runner) signs test users in with
   * a password. Public clients cannot use it, it needs AWS credentials.
   */
  adminPasswordAuth: boolean;
  /** Anyone may sign up with a verified email address. */
  selfSignUp: boolean;
}

export interface StageConfig {
  stage: StageName;
  /** What happens to the table, user pool and log groups when their stack is deleted. */
  removalPolicy: RemovalPolicy;
  /** DynamoDB and Cognito deletion protection: a delete fails until it is switched off. */
  deletionProtection: boolean;
  logRetention: RetentionDays;
  logLevel: LogLevel;
  alarms: AlarmConfig;
  /** A CloudWatch dashboard (free for the first three per account, then $3 a month). */
  dashboard: boolean;
  /** Browser origins allowed to call the GraphQL API. */
  allowedOrigins: string[];
  auth: AuthConfig;
  throttle: { http: ThrottleConfig; webSocket: ThrottleConfig };
  functions: Record<FunctionName, FunctionSizing>;
  compaction: CompactionConfig;
  /** Largest minified bundle (index.js, bytes) each function may ship; the tests enforce it. */
  bundleBudgets: Record<FunctionName, number>;
  /**
   * The public origin of the web app (e.g. https://accord.example.org): published papers'
   * pages carry canonical and Open Graph links under it. Relative links without it.
   */
  siteUrl?: string;
}

const KIB = 1024;
const MIB = 1024 * KIB;

const functionSizing: Record<FunctionName, FunctionSizing> = {
  // GraphQL resolvers parse, validate and run whole operations; more memory is also more CPU.
  graphql: { memoryMb: 1024, timeoutSeconds: 15 },
  // $connect verifies a JWT and writes one connection item.
  collabConnect: { memoryMb: 512, timeoutSeconds: 10 },
  collabDisconnect: { memoryMb: 512, timeoutSeconds: 10 },
  // $default loads a paper's Yjs document, applies an update and fans it out.
  collabDefault: { memoryMb: 1024, timeoutSeconds: 20 },
  // The compactor loads whole documents (up to maxDocumentBytes, 10 MiB) and merges their
  // tails through a Y.Doc, a few papers at a time.
  collabCompact: { memoryMb: 1536, timeoutSeconds: 120 },
};

const compaction: CompactionConfig = {
  batchSize: 100,
  maxBatchingWindowSeconds: 10,
  retryAttempts: 5,
  maxRecordAgeSeconds: 6 * 3600,
  deadLetterRetentionDays: 14,
};

// About 40 % above the measured sizes (test/bench/RESULTS.md, "Lambda bundles": GraphQL
// 1.75 MiB, each collab handler 0.67 MiB): room for features, while a dependency that drags in
// a second copy of graphql, Yjs or the SDK fails a test. GraphQL also carries the export
// writers (docx, pdfkit with fontkit, loaded on first use) and the S3 client: 3.1 MiB with them.
const bundleBudgets: Record<FunctionName, number> = {
  graphql: 4 * MIB,
  collabConnect: 1 * MIB,
  collabDisconnect: 1 * MIB,
  collabDefault: 1 * MIB,
  collabCompact: 1 * MIB,
};

export const STAGE_CONFIGS: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    stage: "dev",
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: "DEBUG",
    alarms: {
      enabled: false,
      lambdaErrors: 5,
      http5xx: 5,
      httpLatencyP99Ms: 3_000,
      webSocketErrors: 5,
      accountConcurrency: 800,
      compactionIteratorAgeSeconds: 900,
      liveNotificationFailures: 1,
    },
    dashboard: true,
    allowedOrigins: ["http://localhost:5173", "http://localhost:3000"],
    auth: {
      callbackUrls: ["http://localhost:5173/auth/callback"],
      logoutUrls: ["http://localhost:5173/"],
      mfa: "OPTIONAL",
      threatProtection: false,
      adminPasswordAuth: true,
      selfSignUp: true,
    },
    throttle: {
      http: { rateLimit: 50, burstLimit: 100 },
      webSocket: { rateLimit: 200, burstLimit: 400 },
    },
    functions: functionSizing,
    compaction,
    bundleBudgets,
  },
  prod: {
    stage: "prod",
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    logLevel: "INFO",
    alarms: {
      enabled: true,
      lambdaErrors: 1,
      http5xx: 1,
      httpLatencyP99Ms: 2_000,
      webSocketErrors: 1,
      accountConcurrency: 800,
      compactionIteratorAgeSeconds: 600,
      liveNotificationFailures: 1,
    },
    dashboard: true,
    // Replace with the real web app origin at deploy time: -c allowedOrigins=https://...
    allowedOrigins: ["https://accord.example.org"],
    auth: {
      callbackUrls: ["https://accord.example.org/auth/callback"],
      logoutUrls: ["https://accord.example.org/"],
      mfa: "REQUIRED",
      threatProtection: true,
      adminPasswordAuth: false,
      selfSignUp: true,
    },
    throttle: {
      http: { rateLimit: 500, burstLimit: 1_000 },
      webSocket: { rateLimit: 2_000, burstLimit: 4_000 },
    },
    functions: functionSizing,
    compaction,
    bundleBudgets,
  },
};

/** Settings a deployer may override per deployment (from CDK context, in bin/app.ts). */
export interface StageOverrides {
  alarmEmail?: string | undefined;
  allowedOrigins?: string[] | undefined;
  callbackUrls?: string[] | undefined;
  logoutUrls?: string[] | undefined;
  domainPrefix?: string | undefined;
  siteUrl?: string | undefined;
}

export function isStageName(value: unknown): value is StageName {
  return typeof value === "string" && (STAGE_NAMES as readonly string[]).includes(value);
}

export function parseStageName(value: unknown): StageName {
  if (!isStageName(value)) {
    throw new Error(
      `Unknown stage ${JSON.stringify(value)}: pass -c stage=${STAGE_NAMES.join(" or -c stage=")}`,
    );
  }
  return value;
}

export function resolveStageConfig(stage: StageName, overrides: StageOverrides = {}): StageConfig {
  const base = STAGE_CONFIGS[stage];
  const auth: AuthConfig = {
    ...base.auth,
    callbackUrls: overrides.callbackUrls ?? base.auth.callbackUrls,
    logoutUrls: overrides.logoutUrls ?? base.auth.logoutUrls,
  };
  if (overrides.domainPrefix !== undefined) auth.domainPrefix = overrides.domainPrefix;
  const alarms: AlarmConfig = { ...base.alarms };
  // Asking for alarm mail means asking for alarms, also on a stage that has none by default.
  if (overrides.alarmEmail !== undefined) {
    alarms.email = overrides.alarmEmail;
    alarms.enabled = true;
  }
  const config: StageConfig = {
    ...base,
    alarms,
    auth,
    allowedOrigins: overrides.allowedOrigins ?? base.allowedOrigins,
  };
  if (overrides.siteUrl !== undefined) config.siteUrl = overrides.siteUrl;
  validateStageConfig(config);
  return config;
}

/** Refuse settings that would deploy but not work, before CloudFormation finds out. */
export function validateStageConfig(config: StageConfig): void {
  const problems: string[] = [];
  for (const origin of config.allowedOrigins) {
    if (origin === "*") problems.push("allowedOrigins may not be * (the API takes bearer tokens)");
    else if (!/^https?:\/\/[^/]+$/.test(origin)) {
      problems.push(`allowed origin ${origin} must be scheme://host[:port] with no path`);
    }
  }
  for (const url of [...config.auth.callbackUrls, ...config.auth.logoutUrls]) {
    const local = /^http:\/\/localhost(:\d+)?\//.test(url);
    if (!local && !url.startsWith("https://")) {
      problems.push(`OAuth URL ${url} must use https (http only for localhost)`);
    }
  }
  if (
    config.auth.domainPrefix !== undefined &&
    !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(config.auth.domainPrefix)
  ) {
    problems.push(
      `domainPrefix ${config.auth.domainPrefix} must be lowercase letters, digits and hyphens`,
    );
  }
  if (config.siteUrl !== undefined && !/^https:\/\/[^/]+$/.test(config.siteUrl)) {
    problems.push(`siteUrl ${config.siteUrl} must be https://host with no path`);
  }
  if (
    config.alarms.email !== undefined &&
    !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(config.alarms.email)
  ) {
    problems.push(`alarm email ${config.alarms.email} is not an email address`);
  }
  if (config.alarms.email !== undefined && !config.alarms.enabled) {
    problems.push(`an alarm email is set but alarms are disabled for stage ${config.stage}`);
  }
  for (const [name, sizing] of Object.entries(config.functions)) {
    // The HTTP API gives up on an integration after 30 s.
    if (name === "graphql" && sizing.timeoutSeconds > 29) {
      problems.push("the GraphQL function timeout must stay under the HTTP API's 30 s limit");
    }
  }
  // The limits of a DynamoDB stream event source mapping.
  const { compaction } = config;
  if (!(compaction.batchSize >= 1 && compaction.batchSize <= 10_000)) {
    problems.push("compaction.batchSize must be 1 to 10,000 records");
  }
  if (!(compaction.maxBatchingWindowSeconds >= 0 && compaction.maxBatchingWindowSeconds <= 300)) {
    problems.push("compaction.maxBatchingWindowSeconds must be 0 to 300");
  }
  if (!(compaction.retryAttempts >= 0 && compaction.retryAttempts <= 10_000)) {
    problems.push("compaction.retryAttempts must be 0 to 10,000 (bounded: failures reach the DLQ)");
  }
  if (!(compaction.maxRecordAgeSeconds >= 60 && compaction.maxRecordAgeSeconds <= 604_800)) {
    problems.push("compaction.maxRecordAgeSeconds must be 60 to 604,800");
  }
  if (problems.length > 0) {
    throw new Error(`Invalid ${config.stage} configuration:\n- ${problems.join("\n- ")}`);
  }
}
