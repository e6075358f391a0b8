// Sizes of the production bundle, as a browser downloads it (gzip), by file and for the entry.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleSizes {
  files: { name: string; bytes: number; gzipBytes: number }[];
  /** The entry script and the styles index.html loads before anything else. */
  entryGzipBytes: number;
  totalGzipBytes: number;
}

export interface Budget {
  entryGzipBytes: number;
  totalGzipBytes: number;
}

/** `page` is the HTML file whose scripts and styles load first. */
export function measureBundle(distDir: string, page = "index.html"): BundleSizes {
  const assets = join(distDir, "assets");
  const files = readdirSync(assets)
    .filter((name) => name.endsWith(".js") || name.endsWith(".css"))
    .sort()
    .map((name) => {
      const content = readFileSync(join(assets, name));
      return { name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const html = readFileSync(join(distDir, page), "utf8");
  // The explorer's URLs start with its base, /graphql/.
  const loadedFirst = new Set(
    [...html.matchAll(/(?:src|href)="(?:\/[\w-]+)?\/assets\/([^"]+)"/g)].map((match) => match[1]),
  );
  const sum = (list: typeof files) => list.reduce((total, file) => total + file.gzipBytes, 0);
  return {
    files,
    entryGzipBytes: sum(files.filter((file) => loadedFirst.has(file.name))),
    totalGzipBytes: sum(files),
  };
}

export function readBudget(path: string): Budget & { explorerTotalGzipBytes: number } {
  return JSON.parse(readFileSync(path, "utf8")) as Budget & { explorerTotalGzipBytes: number };
}

/** What is over budget, in words; empty when the bundle fits. */
export function overBudget(sizes: BundleSizes, budget: Budget): string[] {
  const problems: string[] = [];
  if (sizes.entryGzipBytes > budget.entryGzipBytes) {
    problems.push(`entry ${sizes.entryGzipBytes} B gzip > budget ${budget.entryGzipBytes} B`);
  }
  if (sizes.totalGzipBytes > budget.totalGzipBytes) {
    problems.push(`total ${sizes.totalGzipBytes} B gzip > budget ${budget.totalGzipBytes} B`);
  }
  return problems;
}
