// For whoever bundles the PDF export into one CommonJS file (the CDK app, for the GraphQL
// Lambda). pdfkit's Node build loads the metrics of its standard fonts at run time with a
// `require("#standard-fonts/…")` made from `import.meta.url`, which a bundler cannot follow:
//  - in CommonJS output esbuild leaves `import.meta` empty, so the banner and define below give
//    `import.meta.url` its real value (the bundle's own file URL);
//  - the shell commands put the metrics, and the package.json mapping `#standard-fonts/*` to
//    them, beside the bundle, and the DejaVu fonts for text beyond Western European in fonts/.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BUNDLED_FONTS_DIR, packagedFontsDir, UNICODE_FONT_FILES } from "./fonts.ts";

export { UNICODE_FONT_FILES } from "./fonts.ts";

/** pdfkit's compiled standard-font metrics (CommonJS modules). */
function standardFontsDir(): string {
  const entry = createRequire(import.meta.url).resolve("pdfkit");
  return join(dirname(entry), "standard-fonts");
}

const IMPORT_META_URL = "__accordImportMetaUrl";

/** esbuild `banner.js` for CommonJS bundles that contain the PDF export. */
export const PDF_BUNDLE_BANNER = `const ${IMPORT_META_URL}=require("url").pathToFileURL(__filename).href;`;

/** esbuild `define` that goes with PDF_BUNDLE_BANNER. */
export const PDF_BUNDLE_DEFINE: Readonly<Record<string, string>> = {
  "import.meta.url": IMPORT_META_URL,
};

const PACKAGE_JSON = JSON.stringify({
  private: true,
  imports: { "#standard-fonts/*": "./standard-fonts/*.cjs" },
});

/** Commands to run in a shell after bundling into `outputDir` (e.g. CDK's `afterBundling`). */
export function pdfFontBundlingCommands(outputDir: string): string[] {
  const from = standardFontsDir();
  const to = join(outputDir, "standard-fonts");
  return [
    `mkdir -p "${to}/chunks"`,
    `cp "${from}"/*.cjs "${to}/"`,
    `cp "${from}"/chunks/*.cjs "${to}/chunks/"`,
    `printf '%s' '${PACKAGE_JSON}' > "${join(outputDir, "package.json")}"`,
    `mkdir -p "${join(outputDir, BUNDLED_FONTS_DIR)}"`,
    ...UNICODE_FONT_FILES.map(
      (file) => `cp "${join(packagedFontsDir(), file)}" "${join(outputDir, BUNDLED_FONTS_DIR)}/"`,
    ),
  ];
}
