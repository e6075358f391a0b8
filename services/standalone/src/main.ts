// `pnpm start`: the local backend from flags and environment (flags win). Exits non-zero with a
// one-line reason when it cannot start; shuts down cleanly on SIGINT and SIGTERM.
import { isDomainError } from "@accord/domain";
import {
  checkPortFree,
  isLoopbackHost,
  resolveConfig,
  type ServerConfig,
  StartupError,
  startServer,
  USAGE,
} from "./index.ts";

/** Which mode the server is in, and why, in one line. */
function modeLine(config: ServerConfig, mode: "development" | "production"): string {
  if (mode === "development") {
    return isLoopbackHost(config.host)
      ? "development: sign-in for any username, from this machine only"
      : "development: sign-in for any username OPEN TO THE NETWORK (--allow-dev-sign-in-on-network)";
  }
  if (process.env.NODE_ENV === "production") return "production (NODE_ENV=production)";
  return `production: --host ${config.host} is not a loopback address (--allow-dev-sign-in-on-network keeps development mode)`;
}

function fail(error: unknown): never {
  const known = error instanceof StartupError || isDomainError(error);
  process.stderr.write(
    `Accord could not start: ${known ? (error as Error).message : String(error)}\n`,
  );
  if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

async function main() {
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (config === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // A busy port is known in milliseconds; the web build takes seconds.
  await checkPortFree(config.port, config.host).catch(fail);
  if (config.development) {
    // `pnpm start` serves the whole product: build the web app first when its sources changed.
    const { ensureWebBuild, isWebBuildStale } = await import("@accord/web");
    if (isWebBuildStale()) {
      process.stdout.write("Building the web app…\n");
      await ensureWebBuild().catch((error: unknown) => {
        process.stderr.write(
          `The web app did not build (${String(error)}); serving the API only.\n`,
        );
      });
    }
  }
  const server = await startServer(config).catch(fail);
  process.stdout.write(
    [
      `Accord is running (${config.store}, data in ${server.dataDir})`,
      `  mode         ${modeLine(config, server.mode)}`,
      `  web app      ${server.url.replace(/\/graphql$/, "/")}`,
      `  GraphQL      ${server.url}${config.development ? "  (open it in a browser to explore)" : ""}`,
      `  live editing ${server.collabUrl}?doc=<paperId>&token=<token>`,
      `  public pages ${server.url.replace(/\/graphql$/, "/p/<paperId>")}  (published papers)`,
      `  health       ${server.url.replace(/\/graphql$/, "/healthz")}`,
      `  a token:     pnpm token <username> [--coordinator] [--ttl 8h]`,
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`Second ${signal}: exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: shutting down…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await main();
