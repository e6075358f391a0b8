// The GraphQL API on AWS: an HTTP API with a Cognito JWT authorizer in front of the GraphQL
// Lambda. Its outputs are everything a client app needs to reach Accord.

import { CfnOutput, Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference";
import type { Construct } from "constructs";
import type { StageConfig } from "../config.ts";
import { AccordFunction } from "../constructs/accord-function.ts";
import type { ConnectionsPolicy } from "../constructs/connections-policy.ts";
import { ExportsBucket, pdfExportBundling } from "../constructs/exports-bucket.ts";
import { grantTableAccess } from "../constructs/grants.ts";
import type { LambdaEntries } from "../entries.ts";
import { publicPagesArn } from "./publications-stack.ts";

/** Path of the GraphQL endpoint on the HTTP API. */
export const GRAPHQL_PATH = "/graphql";

export interface GraphqlStackProps extends StackProps {
  config: StageConfig;
  entries: LambdaEntries;
  repoRoot: string;
  table: dynamodb.Table;
  tableIndexNames: readonly string[];
  userPool: cognito.IUserPool;
  client: cognito.IUserPoolClient;
  issuer: string;
  /** ManageConnections on the collab stage: GraphQL notifies live editors. */
  connectionsPolicy: ConnectionsPolicy;
  webSocketUrl: string;
  managementEndpoint: string;
  /** Hosted sign-in base URL, when the pool has a domain. */
  signInDomain?: string | undefined;
  /** Where public pages of published papers are written (under `prefix`). */
  publications?: { bucketName: string; prefix: string } | undefined;
}

/** API Gateway's access log line, as JSON: who called, how it went, how long it took. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    method: "$context.httpMethod",
    routeKey: "$context.routeKey",
    status: "$context.status",
    responseLength: "$context.responseLength",
    latencyMs: "$context.responseLatency",
    integrationLatencyMs: "$context.integrationLatency",
    integrationError: "$context.integrationErrorMessage",
    authorizerError: "$context.authorizer.error",
    subject: "$context.authorizer.claims.sub",
  }),
);

export class GraphqlStack extends Stack {
  readonly httpApi: apigwv2.HttpApi;
  readonly graphql: AccordFunction;
  readonly graphqlUrl: string;
  /** Exported papers, downloaded by presigned GET. */
  readonly exports: ExportsBucket;

  constructor(scope: Construct, id: string, props: GraphqlStackProps) {
    super(scope, id, props);
    this.graphql = this.graphqlFunction(props);
    this.exports = new ExportsBucket(this, "Exports", { config: props.config });
    this.exports.grantExports(this.graphql);
    this.httpApi = this.graphqlApi(props.config);
    this.addDefaultStage(props.config);
    this.addGraphqlRoute(props);
    this.graphqlUrl = `${this.httpApi.apiEndpoint}${GRAPHQL_PATH}`;
    this.addClientOutputs(props);
  }

  private graphqlFunction(props: GraphqlStackProps): AccordFunction {
    const { config } = props;
    const graphql = new AccordFunction(this, "Graphql", {
      entry: props.entries.graphql,
      repoRoot: props.repoRoot,
      description: `Accord ${config.stage} GraphQL API`,
      config,
      sizing: config.functions.graphql,
      environment: {
        TABLE_NAME: props.table.tableName,
        OIDC_ISSUER: props.issuer,
        OIDC_CLIENT_ID: props.client.userPoolClientId,
        MANAGEMENT_ENDPOINT: props.managementEndpoint,
      },
      // exportPaper renders PDFs inside the bundle.
      bundling: pdfExportBundling(),
    });
    grantTableAccess(graphql.function, props.table, props.tableIndexNames);
    if (props.publications) this.writePublicPages(graphql, props.publications, config);
    // Role changes and restores reach live editors through the WebSocket stage.
    props.connectionsPolicy.attachTo(graphql.role);
    return graphql;
  }

  /**
   * Publishing a paper writes its public page, archiving it the 410 page: PutObject under the
   * pages' prefix, nothing else (no reads, no deletes).
   */
  private writePublicPages(
    graphql: AccordFunction,
    publications: { bucketName: string; prefix: string },
    config: StageConfig,
  ): void {
    graphql.function.addEnvironment("PUBLICATIONS_BUCKET", publications.bucketName);
    if (config.siteUrl !== undefined) graphql.function.addEnvironment("SITE_URL", config.siteUrl);
    const pages = publicPagesArn(this, config.stage, publications.prefix);
    graphql.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [pages] }),
    );
    // cdk-nag names the finding by the resource as it renders it, hence the same rendering.
    Validations.of(graphql.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(this.resolve(pages))}]`,
      reason:
        "A published paper's page is the object p/<paperId>: paper ids are not known at deploy time, so PutObject is granted on the pages' prefix of the publications bucket only.",
    });
  }

  private graphqlApi(config: StageConfig): apigwv2.HttpApi {
    return new apigwv2.HttpApi(this, "GraphqlApi", {
      apiName: `accord-${config.stage}-graphql`,
      description: "Accord GraphQL over HTTP",
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: config.allowedOrigins,
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.OPTIONS,
        ],
        // apollo-require-preflight: Apollo's CSRF prevention accepts GETs that carry it.
        allowHeaders: ["authorization", "content-type", "apollo-require-preflight"],
        maxAge: Duration.hours(1),
      },
    });
  }

  /** The $default stage, throttled, with JSON access logs. */
  private addDefaultStage(config: StageConfig): void {
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    new apigwv2.HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: config.throttle.http,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /** GET and POST /graphql, behind the Cognito JWT authorizer. */
  private addGraphqlRoute(props: GraphqlStackProps): void {
    const authorizer = new HttpUserPoolAuthorizer("Cognito", props.userPool, {
      userPoolClients: [props.client],
      identitySource: ["$request.header.Authorization"],
    });
    this.httpApi.addRoutes({
      path: GRAPHQL_PATH,
      methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration("GraphqlIntegration", this.graphql.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      authorizer,
    });
  }

  /** What a client app needs, in one stack's outputs (see infra/README.md). */
  private addClientOutputs(props: GraphqlStackProps): void {
    const outputs: Record<string, [string, string]> = {
      GraphqlUrl: [this.graphqlUrl, "GraphQL endpoint for createClient({ url })"],
      WebSocketUrl: [props.webSocketUrl, "Live editing endpoint for connectPaper({ url })"],
      UserPoolId: [props.userPool.userPoolId, "Cognito user pool id"],
      UserPoolClientId: [
        props.client.userPoolClientId,
        "Cognito app client id (public, no secret)",
      ],
      Region: [this.region, "AWS region of every endpoint"],
      Issuer: [props.issuer, "OIDC issuer of the access and id tokens"],
    };
    if (props.signInDomain !== undefined) {
      outputs.SignInDomain = [props.signInDomain, "Hosted sign-in base URL (OAuth code + PKCE)"];
    }
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }
  }
}
