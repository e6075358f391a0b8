// Fails when committed generated files differ from what graphql/schema/*.graphql (and the
// client's operations) produce now: regenerates in memory, compares with the files on disk,
// and also reports stale files left in the generated folders. Run `pnpm codegen` to fix.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, loadContext } from "@graphql-codegen/cli";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const context = await loadContext(join(root, "graphql/codegen.ts"));
context.updateConfig({ silent: true });
const outputs = await generate(context, false);

const drifted = [];
const expected = new Set();
for (const output of outputs) {
  const file = resolve(root, output.filename);
  expected.add(file);
  const committed = existsSync(file) ? readFileSync(file, "utf8") : null;
  if (committed === null) drifted.push(`missing: ${relative(root, file)}`);
  else if (committed !== output.content) drifted.push(`out of date: ${relative(root, file)}`);
}

// A generated folder holds only what codegen writes; anything else there is left over.
const generatedDirs = new Set(
  [...expected].filter((file) => file.includes("/generated/")).map((file) => dirname(file)),
);
for (const dir of generatedDirs) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!expected.has(file)) drifted.push(`stale (no longer generated): ${relative(root, file)}`);
  }
}

if (
  !outputs.some((output) => resolve(root, output.filename) === join(root, "graphql/schema.graphql"))
) {
  drifted.push("graphql/codegen.ts no longer prints graphql/schema.graphql");
}

if (drifted.length > 0) {
  console.error(
    [
      "Generated GraphQL files do not match graphql/schema/*.graphql and the client operations:",
      ...drifted.map((line) => `  - ${line}`),
      "Run `pnpm codegen` and commit the result.",
    ].join("\n"),
  );
  process.exit(1);
}
console.log(`GraphQL codegen is current (${outputs.length} files checked).`);
