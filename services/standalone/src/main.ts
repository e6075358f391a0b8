// `pnpm start`: the local backend from flags and environment (flags win). Exits non-zero with a
// one-line reason when it cannot start; shuts down cleanly on SIGINT and SIGTERM.
import { isDomainError } from "@accord/domain";
import { resolveConfig, StartupError, startServer, USAGE } from "./index.ts";

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
  if (config.development) {
    // `pnpm start` serves the whole product: build the web app first when its sources changed.
    const { buildWebApp, isWebBuildStale } = await import("@accord/web");
    if (isWebBuildStale()) {
      process.stdout.write("Building the web app…\n");
      await buildWebApp().catch((error: unknown) => {
        process.stderr.write(
          `The web app did not build (${String(error)}); serving the API only.\n`,
        );
      });
    }
  }
  const server = await startServer(config).catch((error: unknown) => {
    const known = error instanceof StartupError || isDomainError(error);
    process.stderr.write(
      `Accord could not start: ${known ? (error as Error).message : String(error)}\n`,
    );
    if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
  process.stdout.write(
    [
      `Accord is running (${config.store}, data in ${server.dataDir})`,
      `  web app      ${server.url.replace(/\/graphql$/, "/")}`,
      `  GraphQL      ${server.url}${config.development ? "  (open it in a browser to explore)" : ""}`,
      `  live editing ${server.collabUrl}?doc=<paperId>&token=<token>`,
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
