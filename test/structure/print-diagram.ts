// Prints the package diagram for docs/ARCHITECTURE.md: `npx tsx test/structure/print-diagram.ts`.
import { packageDiagram, workspacePackages } from "./workspace.ts";

console.log(packageDiagram(workspacePackages()));
