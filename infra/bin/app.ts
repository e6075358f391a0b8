// The CDK app: the only place that reads CDK context and the environment.
//   cdk synth --all -c stage=dev
//   cdk deploy --all -c stage=prod -c alarmEmail=ops@example.org -c allowedOrigins=https://app.example.org
//     -c siteUrl=https://app.example.org (the origin of published papers' canonical links)

import { existsSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { addAccordStacks } from "../lib/accord-app.ts";
import { parseStageName, resolveStageConfig } from "../lib/config.ts";
import { REPO_ROOT, resolveLambdaEntries } from "../lib/entries.ts";
import { accordSharedTable } from "../lib/shared-table.ts";

const app = new App();

const text = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new Error(`Context ${key} must be a string`);
  return value;
};
/** Comma-separated list, e.g. -c allowedOrigins=https://a.example,https://b.example */
const list = (key: string): string[] | undefined =>
  text(key)
    ?.split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

const config = resolveStageConfig(parseStageName(text("stage") ?? "dev"), {
  alarmEmail: text("alarmEmail"),
  allowedOrigins: list("allowedOrigins"),
  callbackUrls: list("callbackUrls"),
  logoutUrls: list("logoutUrls"),
  domainPrefix: text("domainPrefix"),
  siteUrl: text("siteUrl"),
});

// Set by the CDK CLI from the active AWS profile; absent offline, which keeps synth
// environment-agnostic (no lookups, no credentials needed).
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

// The web app's static site is opt-in (-c web=true): it needs a build of services/web first.
const webAssetPath = text("web") === "true" ? join(REPO_ROOT, "services/web/dist") : undefined;
if (webAssetPath !== undefined && !existsSync(join(webAssetPath, "index.html"))) {
  throw new Error(
    `-c web=true needs the built web app in ${webAssetPath}: run pnpm --filter @accord/web build`,
  );
}

addAccordStacks(app, {
  config,
  entries: resolveLambdaEntries(REPO_ROOT),
  repoRoot: REPO_ROOT,
  sharedTable: accordSharedTable(),
  webAssetPath,
  ...(account !== undefined && region !== undefined ? { env: { account, region } } : {}),
});
