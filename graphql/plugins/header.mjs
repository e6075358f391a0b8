// Codegen plugin: puts the "generated, do not edit" line at the top of a generated file.
export function plugin(_schema, _documents, config) {
  const source = config.source ?? "graphql/schema/*.graphql";
  return {
    prepend: [`// generated from ${source} by \`pnpm codegen\`; do not edit.`],
    content: "",
  };
}
