// Live editing on AWS: an API Gateway WebSocket API whose $connect, $disconnect and $default
// routes invoke the collab Lambdas (the y-websocket protocol in base64 text frames), and the
// compaction Lambda that the table's stream feeds, off the keystroke path.

import { CfnOutput, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { WebSocketLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { FunctionName, StageConfig } from "../config.ts";
import { AccordFunction } from "../constructs/accord-function.ts";
import { ConnectionsPolicy } from "../constructs/connections-policy.ts";
import { grantTableAccess } from "../constructs/grants.ts";
import { StreamCompaction } from "../constructs/stream-compaction.ts";
import type { LambdaEntries } from "../entries.ts";

export type CollabFunctionName = Extract<FunctionName, `collab${string}`>;
/** The functions behind a WebSocket route (the compactor has none: the stream invokes it). */
type RouteFunctionName = Exclude<CollabFunctionName, "collabCompact">;

export interface CollabStackProps extends StackProps {
  config: StageConfig;
  entries: LambdaEntries;
  repoRoot: string;
  table: dynamodb.Table;
  tableIndexNames: readonly string[];
  issuer: string;
  clientId: string;
}

export class CollabStack extends Stack {
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;
  readonly functions: Record<CollabFunctionName, AccordFunction>;
  /** ManageConnections on this stage; the GraphQL role attaches it too. */
  readonly connectionsPolicy: ConnectionsPolicy;
  /** wss:// URL that clients (the y-websocket provider) connect to. */
  readonly webSocketUrl: string;
  /** https:// @connections callback base, MANAGEMENT_ENDPOINT of every Lambda. */
  readonly managementEndpoint: string;
  /** Where stream batches that failed every compaction retry are described. */
  readonly compactionDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: CollabStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.api = new apigwv2.WebSocketApi(this, "CollabApi", {
      apiName: `accord-${config.stage}-collab`,
      description: "Accord live editing: y-websocket protocol over base64 text frames",
    });
    this.stage = this.webSocketStage(config);
    this.webSocketUrl = this.stage.url;
    this.managementEndpoint = this.stage.callbackUrl;
    this.connectionsPolicy = new ConnectionsPolicy(this, "Connections", {
      api: this.api,
      stage: this.stage,
    });
    const compaction = new StreamCompaction(this, "Compaction", {
      entry: props.entries.collabCompact,
      repoRoot: props.repoRoot,
      config,
      table: props.table,
    });
    this.compactionDeadLetters = compaction.deadLetterQueue;
    this.functions = {
      collabConnect: this.routeFunction(
        props,
        "collabConnect",
        "$connect",
        "checks the token, registers the connection",
      ),
      collabDisconnect: this.routeFunction(
        props,
        "collabDisconnect",
        "$disconnect",
        "forgets the connection",
      ),
      collabDefault: this.routeFunction(
        props,
        "collabDefault",
        "$default",
        "sync, updates and awareness",
      ),
      collabCompact: compaction.compactor,
    };
    this.addRoutes();
    this.addOutputs();
  }

  private webSocketStage(config: StageConfig): apigwv2.WebSocketStage {
    const stage = new apigwv2.WebSocketStage(this, "Stage", {
      webSocketApi: this.api,
      stageName: config.stage,
      autoDeploy: true,
      throttle: config.throttle.webSocket,
    });
    Validations.of(stage).acknowledge({
      id: "AwsSolutions-APIG1",
      reason:
        "WebSocket access logging needs the region-wide API Gateway CloudWatch role " +
        "(AWS::ApiGateway::Account), a singleton this app must not take over; every connect, " +
        "disconnect and message is logged by the Lambdas in structured JSON instead.",
    });
    return stage;
  }

  /** The Lambda behind one route, with table access and ManageConnections on this stage. */
  private routeFunction(
    props: CollabStackProps,
    name: RouteFunctionName,
    route: string,
    what: string,
  ): AccordFunction {
    const { config } = props;
    const fn = new AccordFunction(this, name[0]!.toUpperCase() + name.slice(1), {
      entry: props.entries[name],
      repoRoot: props.repoRoot,
      description: `Accord ${config.stage} collab ${route}: ${what}`,
      config,
      sizing: config.functions[name],
      environment: {
        TABLE_NAME: props.table.tableName,
        OIDC_ISSUER: props.issuer,
        OIDC_CLIENT_ID: props.clientId,
        MANAGEMENT_ENDPOINT: this.managementEndpoint,
      },
    });
    grantTableAccess(fn.function, props.table, props.tableIndexNames);
    this.connectionsPolicy.attachTo(fn.role);
    return fn;
  }

  private addRoutes(): void {
    const routes: [string, RouteFunctionName][] = [
      ["$connect", "collabConnect"],
      ["$disconnect", "collabDisconnect"],
      ["$default", "collabDefault"],
    ];
    for (const [routeKey, name] of routes) {
      const route = this.api.addRoute(routeKey, {
        integration: new WebSocketLambdaIntegration(
          `${name}Integration`,
          this.functions[name].function,
        ),
      });
      Validations.of(route).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          routeKey === "$connect"
            ? "The $connect handler verifies the Cognito JWT passed in the query string (browsers " +
              "cannot set headers on a WebSocket) and refuses the upgrade otherwise; the same " +
              "verifier also checks paper access, which an authorizer could not."
            : "API Gateway authorizes a WebSocket connection once, at $connect; " +
              `${routeKey} events only arrive on connections that passed $connect's token check.`,
      });
    }
  }

  private addOutputs(): void {
    new CfnOutput(this, "WebSocketUrl", {
      description: "Live editing endpoint for connectPaper({ url })",
      value: this.webSocketUrl,
    });
    new CfnOutput(this, "ManagementEndpoint", {
      description: "@connections callback URL (MANAGEMENT_ENDPOINT)",
      value: this.managementEndpoint,
    });
  }
}
