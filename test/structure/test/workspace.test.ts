// The workspace's shape, checked on every run: dependencies point one way (no cycles), a service
// never imports another service, and the diagram in docs/ARCHITECTURE.md is the real one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cycles,
  importsOf,
  packageDiagram,
  ROOT,
  sourceFiles,
  workspacePackages,
} from "../workspace.ts";

const packages = workspacePackages();
const byName = new Map(packages.map((p) => [p.name, p]));
/** The local process assembles the services it runs: the one package allowed to import them. */
const COMPOSITION_ROOT = "@accord/standalone";

describe("the workspace", () => {
  it("knows its packages", () => {
    expect(packages.map((p) => p.dir)).toContain("packages/collab");
    expect(packages.length).toBeGreaterThan(10);
  });

  it("has no dependency cycle", () => {
    expect(cycles(packages)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const fake = [
      { name: "a", dir: "x/a", dependencies: ["b"], devDependencies: [] },
      { name: "b", dir: "x/b", dependencies: [], devDependencies: ["a"] },
    ];
    expect(cycles(fake)).toEqual([["a", "b", "a"]]);
  });

  it("has no service depending on another service (the local process apart)", () => {
    const services = packages.filter((p) => p.dir.startsWith("services/"));
    const serviceNames = new Set(services.map((p) => p.name));
    const offending = services
      .filter((p) => p.name !== COMPOSITION_ROOT)
      .flatMap((p) =>
        [...p.dependencies, ...p.devDependencies]
          .filter((dep) => serviceNames.has(dep))
          .map((dep) => `${p.name} -> ${dep}`),
      );
    expect(offending).toEqual([]);
  });

  it("has no package importing a workspace package it does not declare", () => {
    const undeclared = packages.flatMap((p) => {
      const declared = new Set([p.name, ...p.dependencies, ...p.devDependencies]);
      return sourceFiles(p.dir).flatMap((file) =>
        importsOf(file)
          .filter((name) => byName.has(name) && !declared.has(name))
          .map((name) => `${file} imports ${name}`),
      );
    });
    expect(undeclared).toEqual([]);
  });

  it("has no package under packages/ depending on a service", () => {
    const offending = packages
      .filter((p) => p.dir.startsWith("packages/"))
      .flatMap((p) =>
        [...p.dependencies, ...p.devDependencies]
          .filter((dep) => byName.get(dep)?.dir.startsWith("services/"))
          .map((dep) => `${p.name} -> ${dep}`),
      );
    expect(offending).toEqual([]);
  });

  it("is drawn as it is in docs/ARCHITECTURE.md", () => {
    const doc = readFileSync(join(ROOT, "docs/ARCHITECTURE.md"), "utf8");
    const diagram = packageDiagram(packages);
    expect(
      doc.includes(diagram),
      `docs/ARCHITECTURE.md must contain the package diagram; write it with \`npx tsx test/structure/print-diagram.ts --write\`:\n${diagram}`,
    ).toBe(true);
  });
});
