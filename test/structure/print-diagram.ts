// Prints the package diagram for docs/ARCHITECTURE.md, or with `--write` puts it there (between
// its markers): `npx tsx test/structure/print-diagram.ts [--write]`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageDiagram, ROOT, workspacePackages } from "./workspace.ts";

const diagram = packageDiagram(workspacePackages());
if (process.argv.includes("--write")) {
  const file = join(ROOT, "docs/ARCHITECTURE.md");
  const doc = readFileSync(file, "utf8");
  const start = "<!-- package diagram: generated -->\n";
  const end = "\n<!-- end of package diagram -->";
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`docs/ARCHITECTURE.md lacks the diagram markers`);
  writeFileSync(file, `${doc.slice(0, from + start.length)}${diagram}${doc.slice(to)}`);
} else {
  console.log(diagram);
}
