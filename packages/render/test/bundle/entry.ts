// Bundled by bundling.test.ts the way the Lambdas are bundled, then run with node: renders the
// sample paper to the PDF file named on the command line.
import { writeFileSync } from "node:fs";
import { renderExport } from "../../src/exports.ts";
import { paperTree } from "../../src/index.ts";
import { samplePaper } from "../fixtures.ts";

renderExport("PDF", {
  // Beyond Western European: the bundled DejaVu fonts must be found beside the bundle.
  title: "Bundled export: Łódź, Москва",
  details: [],
  summary: null,
  tree: paperTree(samplePaper()),
  notes: [],
}).then(
  (file) => writeFileSync(process.argv[2]!, file.bytes),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
