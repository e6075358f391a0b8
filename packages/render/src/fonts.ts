// The fonts of the PDF export when a paper has text beyond Western European: DejaVu Sans and
// Sans Mono (Latin with every accent, Greek, Cyrillic, Armenian, Georgian), in place of the
// standard fonts. Found beside a bundle (`fonts/`, where the bundling commands copy them) or in
// the dejavu-fonts-ttf package.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Standard font name → the DejaVu file that replaces it. */
export const UNICODE_FONTS: Readonly<Record<string, string>> = {
  Helvetica: "DejaVuSans.ttf",
  "Helvetica-Bold": "DejaVuSans-Bold.ttf",
  "Helvetica-Oblique": "DejaVuSans-Oblique.ttf",
  "Helvetica-BoldOblique": "DejaVuSans-BoldOblique.ttf",
  // Code in italics is rare: the upright mono faces serve it (and keep the bundle smaller).
  Courier: "DejaVuSansMono.ttf",
  "Courier-Bold": "DejaVuSansMono-Bold.ttf",
  "Courier-Oblique": "DejaVuSansMono.ttf",
  "Courier-BoldOblique": "DejaVuSansMono-Bold.ttf",
};

export const UNICODE_FONT_FILES: readonly string[] = [...new Set(Object.values(UNICODE_FONTS))];

/** Where a bundle keeps the font files, beside its index.js. */
export const BUNDLED_FONTS_DIR = "fonts";

/** The font files in the installed dejavu-fonts-ttf package. */
export function packagedFontsDir(): string {
  const manifest = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json");
  return join(dirname(manifest), "ttf");
}

let loaded: ReadonlyMap<string, Buffer> | null | undefined;

/** The font files by name, read once; null when they are nowhere to be found. */
export function unicodeFonts(): ReadonlyMap<string, Buffer> | null {
  if (loaded !== undefined) return loaded;
  const candidates = [join(dirname(fileURLToPath(import.meta.url)), BUNDLED_FONTS_DIR)];
  try {
    candidates.push(packagedFontsDir());
  } catch {
    // Inside a bundle there is no package to resolve: only the bundled copy counts.
  }
  const dir = candidates.find((d) => UNICODE_FONT_FILES.every((f) => existsSync(join(d, f))));
  loaded = dir ? new Map(UNICODE_FONT_FILES.map((f) => [f, readFileSync(join(dir, f))])) : null;
  return loaded;
}
