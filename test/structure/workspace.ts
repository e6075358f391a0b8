// The workspace as a graph: each package of pnpm-workspace.yaml with its @accord/* dependencies
// (runtime and dev), and the source files that import other workspace packages.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface WorkspacePackage {
  name: string;
  /** Folder relative to the root, e.g. "services/collab". */
  dir: string;
  /** @accord/* packages it depends on at run time. */
  dependencies: string[];
  /** @accord/* packages only its tests, builds or tools use. */
  devDependencies: string[];
}

/** The folders pnpm-workspace.yaml names (its `packages:` globs, `dir/*` or `dir`). */
function workspaceDirs(): string[] {
  const yaml = readFileSync(join(ROOT, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.split(/\n(?=\S)/).find((part) => part.startsWith("packages:")) ?? "";
  const globs = [...block.matchAll(/^\s+-\s+(\S+)\s*$/gm)].map((m) => m[1] ?? "");
  return globs.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(ROOT, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => existsSync(join(ROOT, dir, "package.json")));
  });
}

export function workspacePackages(): WorkspacePackage[] {
  return workspaceDirs()
    .filter((dir) => existsSync(join(ROOT, dir, "package.json")))
    .map((dir) => {
      const json = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const ours = (deps?: Record<string, string>) =>
        Object.keys(deps ?? {})
          .filter((name) => name.startsWith("@accord/"))
          .sort();
      return {
        name: json.name,
        dir,
        dependencies: ours(json.dependencies),
        devDependencies: ours(json.devDependencies),
      };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Every cycle of the dependency graph (runtime and dev edges), each as a list of names. */
export function cycles(packages: readonly WorkspacePackage[]): string[][] {
  const edges = new Map(packages.map((p) => [p.name, [...p.dependencies, ...p.devDependencies]]));
  const found: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (name: string) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      found.push([...path.slice(path.indexOf(name)), name]);
      return;
    }
    state.set(name, "visiting");
    path.push(name);
    for (const next of edges.get(name) ?? []) visit(next);
    path.pop();
    state.set(name, "done");
  };
  for (const name of edges.keys()) visit(name);
  return found;
}

/** TypeScript sources under `dir` (node_modules, dist and generated output left out). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      if (["node_modules", "dist", "cdk.out", ".data"].includes(entry)) continue;
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|tsx)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(path);
    }
  };
  if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return out.map((path) => relative(ROOT, path));
}

/** The @accord/* packages a source file imports (static, dynamic and type imports). */
export function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const names = new Set<string>();
  for (const match of text.matchAll(
    /(?:from\s+|import\s*\(\s*|import\s+)["'](@accord\/[a-z0-9-]+)/g,
  )) {
    if (match[1]) names.add(match[1]);
  }
  return [...names];
}

/** The package diagram (mermaid) drawn from the package.json files. */
export function packageDiagram(packages: readonly WorkspacePackage[]): string {
  const id = (name: string) => name.replace("@accord/", "").replace(/-/g, "_");
  const lines = ["```mermaid", "flowchart LR"];
  const groups = new Map<string, WorkspacePackage[]>();
  for (const p of packages) {
    const group = p.dir.split("/")[0] ?? p.dir;
    groups.set(group, [...(groups.get(group) ?? []), p]);
  }
  for (const [group, members] of groups) {
    lines.push(`  subgraph ${group}`);
    for (const p of members) lines.push(`    ${id(p.name)}["${p.name}"]`);
    lines.push("  end");
  }
  for (const p of packages) {
    for (const dep of p.dependencies) lines.push(`  ${id(p.name)} --> ${id(dep)}`);
    for (const dep of p.devDependencies) lines.push(`  ${id(p.name)} -.-> ${id(dep)}`);
  }
  lines.push("```");
  return lines.join("\n");
}
