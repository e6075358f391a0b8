// GraphQL Code Generator: graphql/schema/*.graphql is the source of truth; everything below is
// generated from it and committed. `node graphql/check-drift.mjs` fails when they differ.
import type { CodegenConfig } from "@graphql-codegen/cli";
import { preset as clientPreset } from "@graphql-codegen/client-preset";

// The same plugin as ./plugins/header.mjs, inline because a preset's files name plugins by map.
const headerPlugin = {
  plugin: (_schema: unknown, _documents: unknown, config: { source?: string }) => ({
    prepend: [`// generated from ${config.source} by \`pnpm codegen\`; do not edit.`],
    content: "",
  }),
};
const header = (source: string) => ({ "./graphql/plugins/header.mjs": { source } });

// The client preset writes several files and takes no header of its own: put ours first in each.
type OutputPreset = typeof clientPreset;
const clientPresetWithHeader: OutputPreset = {
  ...clientPreset,
  async buildGeneratesSection(options) {
    const files = await clientPreset.buildGeneratesSection(options);
    return files.map((file) => ({
      ...file,
      plugins: [header(CLIENT_SOURCES), ...file.plugins],
      pluginMap: { ...file.pluginMap, "./graphql/plugins/header.mjs": headerPlugin },
    }));
  },
};
const CLIENT_SOURCES = "graphql/schema/*.graphql and packages/client/src/operations/*.graphql";

const scalars = { DateTime: "string", ID: "string" };

// Resolvers receive domain objects (left) where the schema names a GraphQL type (right).
const domain = "@accord/domain#";
const models = "../models.ts#";
const mappers = {
  Member: `${domain}Member`,
  Topic: `${domain}Topic`,
  WorkingGroup: `${domain}WorkingGroup`,
  WorkingGroupMembership: `${domain}WorkingGroupMembership`,
  PositionPaper: `${domain}PositionPaper`,
  Collaborator: `${domain}Collaborator`,
  Comment: `${domain}Comment`,
  PaperVersion: `${domain}PaperVersion`,
  Endorsement: `${domain}Endorsement`,
  ActivityEvent: `${models}ActivityEventModel`,
  Invitation: `${domain}Invitation`,
  JoinRequest: `${domain}JoinRequest`,
  CommentThread: `${models}CommentThreadModel`,
  CommentAnchor: `${models}CommentAnchorModel`,
  PaperPermissions: `${models}PaperPermissionsModel`,
  Survey: `${domain}Survey`,
  SurveyQuestion: `${domain}SurveyQuestion`,
  SurveyResponse: `${domain}SurveyResponse`,
  SurveyPermissions: `${models}SurveyPermissionsModel`,
  SurveyResults: `${models}SurveyResultsModel`,
  QuestionResults: `${models}QuestionResultsModel`,
  DiplomacyTypeResults: `${models}DiplomacyTypeResultsModel`,
  EvidenceCitation: `${domain}EvidenceCitation`,
  Suggestion: "@accord/collab#OpenSuggestion",
  Notification: `${domain}Notification`,
  InboxState: `${domain}InboxState`,
};

const config: CodegenConfig = {
  schema: "graphql/schema/*.graphql",
  overwrite: true,
  generates: {
    "graphql/schema.graphql": {
      plugins: [{ "./graphql/plugins/print-schema.mjs": { format: "sdl" } }],
    },
    "services/graphql-api/src/generated/type-defs.ts": {
      plugins: [{ "./graphql/plugins/print-schema.mjs": { format: "typescript" } }],
    },
    "services/graphql-api/src/generated/resolvers.ts": {
      plugins: [header("graphql/schema/*.graphql"), "typescript", "typescript-resolvers"],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars,
        mappers,
        mapperTypeSuffix: "Model",
        contextType: "../context.ts#RequestContext",
        useIndexSignature: false,
        avoidOptionals: false,
      },
    },
    "packages/client/src/generated/": {
      preset: clientPresetWithHeader,
      documents: "packages/client/src/operations/*.graphql",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars,
        skipTypename: false,
        dedupeFragments: true,
      },
    },
  },
};

export default config;
