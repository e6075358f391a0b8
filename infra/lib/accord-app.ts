// Composes Accord's stacks for one stage. bin/app.ts and the tests call this with a resolved
// StageConfig; nothing here reads the environment or CDK context.

import { type App, type Environment, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { StageConfig } from "./config.ts";
import type { LambdaEntries } from "./entries.ts";
import { CollabStack } from "./stacks/collab-stack.ts";
import { DataStack, type SharedTable } from "./stacks/data-stack.ts";
import { GraphqlStack } from "./stacks/graphql-stack.ts";
import { IdentityStack } from "./stacks/identity-stack.ts";
import { MonitoringStack } from "./stacks/monitoring-stack.ts";
import {
  PUBLIC_PAGES_PREFIX,
  PublicationsStack,
  publicationsBucketName,
} from "./stacks/publications-stack.ts";
import { WebStack } from "./stacks/web-stack.ts";

export interface AccordAppProps {
  config: StageConfig;
  entries: LambdaEntries;
  repoRoot: string;
  sharedTable: SharedTable;
  /** Account and region; omitted, the stacks are environment-agnostic. */
  env?: Environment;
  /** The built web app (services/web/dist); when set, the Web stack serves it. */
  webAssetPath?: string | undefined;
}

export interface AccordStacks {
  data: DataStack;
  identity: IdentityStack;
  collab: CollabStack;
  graphql: GraphqlStack;
  monitoring: MonitoringStack;
  /** Published papers' pages: written by GraphQL, served by the web stack. */
  publications: PublicationsStack;
  /** Only when a web app build is given. */
  web?: WebStack;
}

/** Stack name for a stage, e.g. Accord-dev-Graphql. */
export function stackName(config: StageConfig, part: string): string {
  return `Accord-${config.stage}-${part}`;
}

/** Props every stack of a stage shares. */
interface CommonProps {
  config: StageConfig;
  env?: Environment;
  terminationProtection: boolean;
}

type Built = Pick<AccordStacks, "data" | "identity" | "publications">;

function collabStack(app: App, common: CommonProps, props: AccordAppProps, stacks: Built) {
  const { data, identity } = stacks;
  return new CollabStack(app, stackName(common.config, "Collab"), {
    ...common,
    description: "Accord: WebSocket API and collab Lambdas for live editing",
    entries: props.entries,
    repoRoot: props.repoRoot,
    table: data.table,
    tableIndexNames: data.indexNames,
    issuer: identity.issuer,
    clientId: identity.client.userPoolClientId,
  });
}

function graphqlStack(
  app: App,
  common: CommonProps,
  props: AccordAppProps,
  stacks: Built & { collab: CollabStack },
) {
  const { data, identity, collab } = stacks;
  return new GraphqlStack(app, stackName(common.config, "Graphql"), {
    ...common,
    description: "Accord: HTTP API with Cognito JWT authorizer and the GraphQL Lambda",
    entries: props.entries,
    repoRoot: props.repoRoot,
    table: data.table,
    tableIndexNames: data.indexNames,
    userPool: identity.userPool,
    client: identity.client,
    issuer: identity.issuer,
    connectionsPolicy: collab.connectionsPolicy,
    webSocketUrl: collab.webSocketUrl,
    managementEndpoint: collab.managementEndpoint,
    signInDomain: identity.domain?.baseUrl(),
    publications: {
      bucketName: publicationsBucketName(common.config.stage),
      prefix: PUBLIC_PAGES_PREFIX,
    },
  });
}

function monitoringStack(
  app: App,
  common: CommonProps,
  stacks: Omit<AccordStacks, "monitoring" | "web">,
) {
  const { data, collab, graphql } = stacks;
  return new MonitoringStack(app, stackName(common.config, "Monitoring"), {
    ...common,
    description: "Accord: alarms and dashboard",
    functions: {
      graphql: graphql.graphql.function,
      collabConnect: collab.functions.collabConnect.function,
      collabDisconnect: collab.functions.collabDisconnect.function,
      collabDefault: collab.functions.collabDefault.function,
      collabCompact: collab.functions.collabCompact.function,
    },
    compactionDeadLetters: collab.compactionDeadLetters,
    httpApi: graphql.httpApi,
    webSocketApiId: collab.api.apiId,
    webSocketStageName: collab.stage.stageName,
    table: data.table,
  });
}

/** The web app's stack, when a build of it is given; its /config.json names the other stacks. */
function webStack(
  app: App,
  common: CommonProps,
  props: AccordAppProps,
  stacks: Omit<AccordStacks, "monitoring" | "web">,
): WebStack | undefined {
  if (props.webAssetPath === undefined) return undefined;
  const { identity, collab, graphql } = stacks;
  return new WebStack(app, stackName(common.config, "Web"), {
    ...common,
    description: "Accord: the web app on S3 behind CloudFront",
    assetPath: props.webAssetPath,
    runtime: {
      graphqlUrl: graphql.graphqlUrl,
      webSocketUrl: collab.webSocketUrl,
      userPoolId: identity.userPool.userPoolId,
      clientId: identity.client.userPoolClientId,
      region: identity.region,
      cognitoDomain: identity.domain?.baseUrl(),
    },
    publications: { bucketName: publicationsBucketName(common.config.stage) },
  });
}

/**
 * Add every stack of one stage to `app`, with cdk-nag's AWS Solutions rules as a synth-time
 * validation: an unacknowledged finding fails the synth (and so `cdk synth` and `cdk deploy`).
 */
export function addAccordStacks(app: App, props: AccordAppProps): AccordStacks {
  const { config, env } = props;
  const common: CommonProps = {
    config,
    ...(env === undefined ? {} : { env }),
    terminationProtection: config.deletionProtection,
  };
  const data = new DataStack(app, stackName(config, "Data"), {
    ...common,
    description: "Accord: the DynamoDB table (stateful)",
    sharedTable: props.sharedTable,
  });
  const identity = new IdentityStack(app, stackName(config, "Identity"), {
    ...common,
    description: "Accord: Cognito user pool, app client and coordinators group",
  });
  const publications = new PublicationsStack(app, stackName(config, "Publications"), {
    ...common,
    description: "Accord: public pages of published papers (stateful)",
  });
  const built = { data, identity, publications };
  const collab = collabStack(app, common, props, built);
  const graphql = graphqlStack(app, common, props, { ...built, collab });
  const monitoring = monitoringStack(app, common, { ...built, collab, graphql });
  const web = webStack(app, common, props, { ...built, collab, graphql });
  // Named, not referenced (see PublicationsStack): the bucket must exist before either uses it.
  graphql.addStackDependency(publications);
  web?.addStackDependency(publications);
  const stacks = [data, identity, publications, collab, graphql, monitoring, ...(web ? [web] : [])];
  for (const stack of stacks) {
    Tags.of(stack).add("project", "accord");
    Tags.of(stack).add("stage", config.stage);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, identity, publications, collab, graphql, monitoring, ...(web ? { web } : {}) };
}
