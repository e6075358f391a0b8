// Codegen plugin: prints the whole schema, sorted, as SDL (`format: "sdl"`, for
// graphql/schema.graphql) or as a TypeScript module exporting it (`format: "typescript"`, the
// type definitions the server loads, so a bundled Lambda needs no schema files on disk).
import { lexicographicSortSchema, printSchema } from "graphql";

export function printSortedSchema(schema) {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export function plugin(schema, _documents, config) {
  const sdl = printSortedSchema(schema);
  if (config.format === "typescript") {
    return [
      "// generated from graphql/schema/*.graphql by `pnpm codegen`; do not edit.",
      `export const typeDefs = ${JSON.stringify(sdl)};`,
      "",
    ].join("\n");
  }
  return `# generated from graphql/schema/*.graphql by \`pnpm codegen\`; do not edit.\n\n${sdl}`;
}
