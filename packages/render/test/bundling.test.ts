// The PDF export inside one esbuild bundle (CommonJS, node22, minified: the Lambdas' settings),
// run by node from another directory: pdfkit's standard-font metrics and the DejaVu fonts must
// be found there.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDF_BUNDLE_BANNER, PDF_BUNDLE_DEFINE, pdfFontBundlingCommands } from "../src/bundling.ts";

const dirs: string[] = [];

async function bundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "accord-render-bundle-"));
  dirs.push(dir);
  await build({
    entryPoints: [fileURLToPath(new URL("./bundle/entry.ts", import.meta.url))],
    outfile: join(dir, "index.js"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    minify: true,
    logLevel: "error",
    banner: { js: PDF_BUNDLE_BANNER },
    define: { ...PDF_BUNDLE_DEFINE },
  });
  return dir;
}

const runBundle = (dir: string, out: string) =>
  spawnSync(process.execPath, [join(dir, "index.js"), out], { cwd: tmpdir(), encoding: "utf8" });

let withFonts: string;
let without: string;
beforeAll(async () => {
  [withFonts, without] = await Promise.all([bundle(), bundle()]);
  for (const command of pdfFontBundlingCommands(withFonts)) {
    execFileSync("bash", ["-c", command]);
  }
}, 120_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the PDF export in a bundle", () => {
  it("renders with the font metrics put beside the bundle", async () => {
    const out = join(withFonts, "paper.pdf");
    const run = runBundle(withFonts, out);
    expect(run.status, run.stderr).toBe(0);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(out)));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain("Bundled export: Łódź, Москва");
    expect(text).toContain("Ocean governance");
  });

  it("fails without them (what the commands are for)", () => {
    const run = runBundle(without, join(without, "paper.pdf"));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("#standard-fonts/");
  });
});
