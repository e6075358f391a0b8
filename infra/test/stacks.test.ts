// What each stack deploys, per stage, asserted on the synthesized templates. Each stage is
// synthesized once (without bundling; bundles.test.ts bundles for real) and shared.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTableInput, TTL_ATTRIBUTE } from "@accord/storage-dynamodb/table";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES, type StageName } from "../lib/config.ts";
import { CONNECTION_METHODS } from "../lib/constructs/connections-policy.ts";
import { TABLE_ACTIONS } from "../lib/constructs/grants.ts";
import { COORDINATORS_GROUP } from "../lib/stacks/identity-stack.ts";
import { LIVE_NOTIFICATION_FAILURES } from "../lib/stacks/monitoring-stack.ts";
import { logicalId, type SynthesizedStage, synthStage } from "./synth.ts";

const ALARM_EMAIL = "ops@example.org";
const synthesized = {} as Record<StageName, SynthesizedStage>;

/** A stand-in for services/web/dist, so that synth does not depend on a web build. */
function fakeWebBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), "accord-web-build-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><script src="/assets/app.js"></script>');
  writeFileSync(join(dir, "assets", "app.js"), "console.log('accord');");
  return dir;
}

beforeAll(() => {
  // dev with an alarm email (alarms + SNS topic), a hosted sign-in domain and the web app;
  // prod as shipped.
  synthesized.dev = synthStage("dev", {
    bundle: false,
    overrides: { alarmEmail: ALARM_EMAIL, domainPrefix: "accord-dev-example" },
    webAssetPath: fakeWebBuild(),
  });
  synthesized.prod = synthStage("prod", { bundle: false });
});

function templates(stage: StageName) {
  const { stacks } = synthesized[stage];
  return {
    data: Template.fromStack(stacks.data),
    identity: Template.fromStack(stacks.identity),
    collab: Template.fromStack(stacks.collab),
    graphql: Template.fromStack(stacks.graphql),
    monitoring: Template.fromStack(stacks.monitoring),
  };
}

describe.each(["dev", "prod"] as const)("%s stage", (stage) => {
  const retained = stage === "prod";

  describe("data stack", () => {
    it("builds the one table from the storage adapter's definition", () => {
      const { data } = templates(stage);
      const shared = createTableInput("any");
      data.resourceCountIs("AWS::DynamoDB::Table", 1);
      data.hasResourceProperties("AWS::DynamoDB::Table", {
        KeySchema: shared.KeySchema,
        AttributeDefinitions: Match.arrayEquals(shared.AttributeDefinitions ?? []),
        GlobalSecondaryIndexes: shared.GlobalSecondaryIndexes,
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        DeletionProtectionEnabled: retained,
        // The compactor reads which paper's log grew; it loads the document itself.
        StreamSpecification: { StreamViewType: shared.StreamSpecification?.StreamViewType },
      });
      expect(shared.StreamSpecification?.StreamViewType).toBe("KEYS_ONLY");
    });

    it(`${retained ? "retains" : "destroys"} the table with its stack`, () => {
      const policy = retained ? "Retain" : "Delete";
      templates(stage).data.hasResource("AWS::DynamoDB::Table", {
        DeletionPolicy: policy,
        UpdateReplacePolicy: policy,
      });
    });
  });

  describe("identity stack", () => {
    it("signs members in by email with a strong password policy", () => {
      const { identity } = templates(stage);
      identity.resourceCountIs("AWS::Cognito::UserPool", 1);
      identity.hasResourceProperties("AWS::Cognito::UserPool", {
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        MfaConfiguration: retained ? "ON" : "OPTIONAL",
        EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
        DeletionProtection: retained ? "ACTIVE" : "INACTIVE",
        UserPoolTier: retained ? "PLUS" : "ESSENTIALS",
      });
      if (retained) {
        identity.hasResourceProperties("AWS::Cognito::UserPool", {
          UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
        });
      }
      identity.hasResource("AWS::Cognito::UserPool", {
        DeletionPolicy: retained ? "Retain" : "Delete",
      });
    });

    it("has one public app client: code flow with the stage's callback URLs, no secret", () => {
      const { identity } = templates(stage);
      const { auth } = synthesized[stage].config;
      identity.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
      identity.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        GenerateSecret: false,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: Match.arrayWith(["openid", "email", "profile"]),
        CallbackURLs: auth.callbackUrls,
        LogoutURLs: auth.logoutUrls,
        SupportedIdentityProviders: ["COGNITO"],
        PreventUserExistenceErrors: "ENABLED",
      });
      const [client] = Object.values(identity.findResources("AWS::Cognito::UserPoolClient"));
      // Admin password sign-in (for the e2e runner, with AWS credentials) on dev only.
      expect([...(client?.Properties.ExplicitAuthFlows ?? [])].sort()).toEqual(
        [
          "ALLOW_REFRESH_TOKEN_AUTH",
          "ALLOW_USER_SRP_AUTH",
          ...(retained ? [] : ["ALLOW_ADMIN_USER_PASSWORD_AUTH"]),
        ].sort(),
      );
    });

    it("has the coordinators group", () => {
      templates(stage).identity.hasResourceProperties("AWS::Cognito::UserPoolGroup", {
        GroupName: COORDINATORS_GROUP,
      });
    });

    it(
      stage === "dev"
        ? "adds the hosted sign-in domain when configured"
        : "has no sign-in domain unless configured",
      () => {
        templates(stage).identity.resourceCountIs(
          "AWS::Cognito::UserPoolDomain",
          stage === "dev" ? 1 : 0,
        );
      },
    );
  });

  describe("Lambda functions", () => {
    it.each(
      FUNCTION_NAMES,
    )("%s: Node.js 22 on ARM64, JSON logs, X-Ray, the handler's environment", (name) => {
      const { config, functions } = synthesized[stage];
      const fn = functions[name];
      const template = Template.fromStack(
        synthesized[stage].stacks[name === "graphql" ? "graphql" : "collab"],
      );
      const resource =
        template.toJSON().Resources[logicalId(fn.function.node.defaultChild as never)];
      expect(resource?.Type).toBe("AWS::Lambda::Function");
      expect(resource.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        MemorySize: config.functions[name].memoryMb,
        Timeout: config.functions[name].timeoutSeconds,
        TracingConfig: { Mode: "Active" },
        LoggingConfig: {
          LogFormat: "JSON",
          ApplicationLogLevel: config.logLevel,
          SystemLogLevel: "INFO",
        },
      });
      // No reserved or provisioned concurrency: see infra/README.md.
      expect(resource.Properties.ReservedConcurrentExecutions).toBeUndefined();
      const variables = resource.Properties.Environment.Variables;
      // The compactor verifies no token and reaches no connection: the table is all it needs.
      const own =
        name === "collabCompact"
          ? ["TABLE_NAME"]
          : ["MANAGEMENT_ENDPOINT", "OIDC_CLIENT_ID", "OIDC_ISSUER", "TABLE_NAME"];
      // GraphQL also writes published papers' public pages and exported papers.
      if (name === "graphql") own.push("PUBLICATIONS_BUCKET", "EXPORTS_BUCKET");
      expect(Object.keys(variables).sort()).toEqual(
        [...own, "LOG_LEVEL", "NODE_OPTIONS", "STAGE"].sort(),
      );
      expect(variables).toMatchObject({
        STAGE: stage,
        LOG_LEVEL: config.logLevel.toLowerCase(),
        NODE_OPTIONS: "--enable-source-maps",
      });
    });

    it("keeps every function's logs for the stage's retention", () => {
      const { config } = synthesized[stage];
      for (const template of [templates(stage).collab, templates(stage).graphql]) {
        template.allResourcesProperties("AWS::Logs::LogGroup", {
          RetentionInDays: config.logRetention,
        });
        template.allResources("AWS::Logs::LogGroup", {
          DeletionPolicy: retained ? "Retain" : "Delete",
        });
      }
    });

    it("grants only the table, its indexes, its own logs, X-Ray and @connections", () => {
      const { data } = synthesized[stage].stacks;
      const tableArn = `${logicalId(data.table.node.defaultChild as never)}`;
      const compactorRole = logicalId(
        synthesized[stage].functions.collabCompact.role.node.defaultChild as never,
      );
      const { collab, graphql } = templates(stage);
      for (const template of [collab, graphql]) {
        // GraphQL also puts published papers' pages (infra/test/publications.test.ts), and puts
        // and presigns exports (infra/test/exports.test.ts).
        const pages = template === graphql ? ["s3:PutObject", "s3:PutObject", "s3:GetObject"] : [];
        const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter(
          (policy) => !JSON.stringify(policy.Properties.Roles).includes(`"${compactorRole}"`),
        );
        expect(policies.length).toBeGreaterThan(0);
        for (const policy of policies) {
          const statements = policy.Properties.PolicyDocument.Statement as {
            Action: string | string[];
            Resource: unknown;
          }[];
          const actions = statements.flatMap((s) => [s.Action].flat());
          expect(actions.sort()).toEqual(
            [
              ...TABLE_ACTIONS,
              "logs:CreateLogStream",
              "logs:PutLogEvents",
              "xray:PutTelemetryRecords",
              "xray:PutTraceSegments",
              ...pages,
            ].sort(),
          );
          const tableStatement = statements.find((s) =>
            [s.Action].flat().includes("dynamodb:Query"),
          );
          const resources = JSON.stringify(tableStatement?.Resource);
          // The table and exactly its two named indexes; no index/* wildcard.
          expect(resources).toContain(tableArn);
          expect(resources).toContain("/index/gsi1");
          expect(resources).toContain("/index/gsi2");
          expect(resources).not.toContain("*");
        }
      }
    });

    it("grants the compactor its paper partitions, the table's stream and its dead-letter queue only", () => {
      const { data, collab: collabStack } = synthesized[stage].stacks;
      const tableId = logicalId(data.table.node.defaultChild as never);
      const queueId = logicalId(collabStack.compactionDeadLetters.node.defaultChild as never);
      const role = logicalId(
        synthesized[stage].functions.collabCompact.role.node.defaultChild as never,
      );
      const policies = Object.values(templates(stage).collab.findResources("AWS::IAM::Policy"));
      const own = policies.filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(`"${role}"`),
      );
      expect(own).toHaveLength(1);
      const statements = own[0]?.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Resource: unknown;
        Condition?: unknown;
      }[];
      const streamActions = [
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
      ];
      expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(
        [
          ...TABLE_ACTIONS,
          ...streamActions,
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:SendMessage",
          "xray:PutTelemetryRecords",
          "xray:PutTraceSegments",
        ].sort(),
      );
      const statementWith = (action: string) =>
        statements.find((s) => [s.Action].flat().includes(action));
      // Items of paper partitions only (log, snapshot, head), on the table, no index.
      const table = statementWith("dynamodb:PutItem");
      expect(JSON.stringify(table?.Resource)).toContain(tableId);
      expect(JSON.stringify(table?.Resource)).not.toContain("index");
      expect(table?.Condition).toEqual({
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["PAPER#*"] },
      });
      // The stream of this table (ListStreams has no resource-level permission).
      expect(JSON.stringify(statementWith("dynamodb:GetRecords")?.Resource)).toContain(
        `FnGetAtt${tableId}StreamArn`,
      );
      expect(JSON.stringify(statementWith("sqs:SendMessage")?.Resource)).toContain(queueId);
      // No @connections: the compactor talks to no client.
      templates(stage).collab.hasResourceProperties("AWS::IAM::Role", {
        Description: Match.stringLikeRegexp("compaction"),
        ManagedPolicyArns: Match.absent(),
      });
    });
  });

  describe("collab stack (WebSocket API)", () => {
    it("routes $connect, $disconnect and $default to their Lambdas", () => {
      const { collab } = templates(stage);
      collab.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
      collab.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "WEBSOCKET" });
      collab.resourceCountIs("AWS::ApiGatewayV2::Route", 3);
      for (const routeKey of ["$connect", "$disconnect", "$default"]) {
        collab.hasResourceProperties("AWS::ApiGatewayV2::Route", {
          RouteKey: routeKey,
          Target: Match.anyValue(),
        });
      }
      collab.resourceCountIs("AWS::ApiGatewayV2::Integration", 3);
      // The three route handlers and the compactor, which only the stream invokes.
      collab.resourceCountIs("AWS::Lambda::Function", 4);
      collab.resourceCountIs("AWS::Lambda::Permission", 3);
    });

    it("deploys a throttled stage named after the stage", () => {
      const { config } = synthesized[stage];
      templates(stage).collab.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
        StageName: stage,
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: config.throttle.webSocket.rateLimit,
          ThrottlingBurstLimit: config.throttle.webSocket.burstLimit,
        },
      });
    });

    it("allows ManageConnections on this stage's @connections only", () => {
      const { collab } = templates(stage);
      const apiId = logicalId(synthesized[stage].stacks.collab.api.node.defaultChild as never);
      collab.resourceCountIs("AWS::IAM::ManagedPolicy", 1);
      const [policy] = Object.values(collab.findResources("AWS::IAM::ManagedPolicy"));
      const statements = policy?.Properties.PolicyDocument.Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0].Action).toBe("execute-api:ManageConnections");
      const resources = [statements[0].Resource].flat().map((r: unknown) => JSON.stringify(r));
      expect(resources).toHaveLength(CONNECTION_METHODS.length);
      for (const resource of resources) expect(resource).toContain(`{"Ref":"${apiId}"}`);
      for (const method of CONNECTION_METHODS) {
        expect(
          resources.filter((r) => r.includes(`"/${stage}/${method}/@connections/*"`)),
        ).toHaveLength(1);
      }
      // Every collab role attaches it.
      collab.resourcePropertiesCountIs(
        "AWS::IAM::Role",
        { ManagedPolicyArns: Match.arrayWith([{ Ref: Match.anyValue() }]) },
        3,
      );
    });

    it("passes the @connections callback URL to the route handlers", () => {
      const { collab } = templates(stage);
      collab.resourcePropertiesCountIs(
        "AWS::Lambda::Function",
        {
          Environment: {
            Variables: Match.objectLike({
              MANAGEMENT_ENDPOINT: {
                "Fn::Join": ["", Match.arrayWith(["https://", `/${stage}`])],
              },
            }),
          },
        },
        3,
      );
    });
  });

  describe("collab stack (compaction off the keystroke path)", () => {
    it("feeds the compactor the table's stream: log appends only, batched, bisected, retried a bounded number of times", () => {
      const { config, stacks } = synthesized[stage];
      const { collab } = templates(stage);
      const tableId = logicalId(stacks.data.table.node.defaultChild as never);
      const queueId = logicalId(stacks.collab.compactionDeadLetters.node.defaultChild as never);
      collab.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
      const [mapping] = Object.values(collab.findResources("AWS::Lambda::EventSourceMapping"));
      const properties = mapping?.Properties;
      expect(properties).toMatchObject({
        StartingPosition: "TRIM_HORIZON",
        BatchSize: config.compaction.batchSize,
        MaximumBatchingWindowInSeconds: config.compaction.maxBatchingWindowSeconds,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: config.compaction.retryAttempts,
        MaximumRecordAgeInSeconds: config.compaction.maxRecordAgeSeconds,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
      expect(config.compaction).toMatchObject({ batchSize: 100, maxBatchingWindowSeconds: 10 });
      expect(JSON.stringify(properties.EventSourceArn)).toContain(`FnGetAtt${tableId}StreamArn`);
      expect(JSON.stringify(properties.DestinationConfig.OnFailure.Destination)).toContain(queueId);
      expect(JSON.stringify(properties.FunctionName)).toContain(
        logicalId(synthesized[stage].functions.collabCompact.function.node.defaultChild as never),
      );
      const patterns = properties.FilterCriteria.Filters.map((f: { Pattern: string }) =>
        JSON.parse(f.Pattern),
      );
      expect(patterns).toEqual([
        {
          eventName: ["INSERT"],
          dynamodb: {
            Keys: { pk: { S: [{ prefix: "PAPER#" }] }, sk: { S: [{ prefix: "DOC#LOG#" }] } },
          },
        },
      ]);
    });

    it("keeps failed batches in an encrypted dead-letter queue that refuses plain HTTP", () => {
      const { config } = synthesized[stage];
      const { collab } = templates(stage);
      collab.resourceCountIs("AWS::SQS::Queue", 1);
      collab.hasResourceProperties("AWS::SQS::Queue", {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: config.compaction.deadLetterRetentionDays * 24 * 3600,
      });
      collab.hasResource("AWS::SQS::Queue", {
        DeletionPolicy: retained ? "Retain" : "Delete",
      });
      collab.hasResourceProperties("AWS::SQS::QueuePolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "sqs:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    });
  });

  describe("graphql stack (HTTP API)", () => {
    it("serves GET and POST /graphql behind the Cognito JWT authorizer", () => {
      const { graphql } = templates(stage);
      graphql.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
      graphql.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
        AuthorizerType: "JWT",
        IdentitySource: ["$request.header.Authorization"],
        JwtConfiguration: {
          Audience: [Match.anyValue()],
          Issuer: Match.anyValue(),
        },
      });
      graphql.resourceCountIs("AWS::ApiGatewayV2::Route", 2);
      for (const method of ["GET", "POST"]) {
        graphql.hasResourceProperties("AWS::ApiGatewayV2::Route", {
          RouteKey: `${method} /graphql`,
          AuthorizationType: "JWT",
          AuthorizerId: Match.anyValue(),
        });
      }
      graphql.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
      });
    });

    it("allows exactly the configured browser origins", () => {
      const { config } = synthesized[stage];
      templates(stage).graphql.hasResourceProperties("AWS::ApiGatewayV2::Api", {
        ProtocolType: "HTTP",
        CorsConfiguration: Match.objectLike({
          AllowOrigins: config.allowedOrigins,
          AllowMethods: ["GET", "POST", "OPTIONS"],
          AllowHeaders: Match.arrayWith(["authorization", "content-type"]),
        }),
      });
    });

    it("logs access in JSON and throttles the default stage", () => {
      const { config } = synthesized[stage];
      templates(stage).graphql.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
        StageName: "$default",
        AutoDeploy: true,
        AccessLogSettings: {
          DestinationArn: Match.anyValue(),
          Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
        },
        DefaultRouteSettings: {
          ThrottlingRateLimit: config.throttle.http.rateLimit,
          ThrottlingBurstLimit: config.throttle.http.burstLimit,
        },
      });
    });

    it("lets the GraphQL Lambda notify live connections", () => {
      templates(stage).graphql.hasResourceProperties("AWS::IAM::Role", {
        ManagedPolicyArns: [Match.objectLike({ "Fn::GetStackOutput": Match.anyValue() })],
      });
    });

    it("outputs what a client app needs", () => {
      const outputs = templates(stage).graphql.toJSON().Outputs as Record<string, unknown>;
      // PublishOutput* outputs carry cross-stack references to the monitoring and web stacks.
      const named = Object.keys(outputs).filter((name) => !name.startsWith("PublishOutput"));
      expect(named.sort()).toEqual(
        [
          "GraphqlUrl",
          "Issuer",
          "Region",
          "UserPoolClientId",
          "UserPoolId",
          "WebSocketUrl",
          // Only where a hosted sign-in domain is configured (dev here, by override).
          ...(stage === "dev" ? ["SignInDomain"] : []),
        ].sort(),
      );
      const graphqlUrl = JSON.stringify(outputs.GraphqlUrl);
      expect(graphqlUrl).toContain("/graphql");
      // https:// + the pool's ProviderURL (cognito-idp.<region>.amazonaws.com/<pool id>).
      const issuer = JSON.stringify(outputs.Issuer);
      expect(issuer).toContain('"https://"');
      expect(issuer).toContain("ProviderURL");
    });
  });

  it("passes values between stacks without CloudFormation exports (weak references)", () => {
    for (const template of Object.values(templates(stage))) {
      const outputs = (template.toJSON().Outputs ?? {}) as Record<string, { Export?: unknown }>;
      expect(Object.values(outputs).filter((output) => output.Export !== undefined)).toEqual([]);
    }
  });

  describe("monitoring stack", () => {
    it("has a dashboard", () => {
      templates(stage).monitoring.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    });

    it("alarms on Lambda errors and throttles, HTTP 5xx and p99 latency, WebSocket errors, DynamoDB throttling", () => {
      const { monitoring } = templates(stage);
      // 2 per function + HTTP 5xx + HTTP p99 + WebSocket errors + table throttles + concurrency
      // + compaction dead letters + compaction iterator age + live notification failures.
      monitoring.resourceCountIs("AWS::CloudWatch::Alarm", FUNCTION_NAMES.length * 2 + 8);
      for (const metricName of ["Errors", "Throttles"]) {
        monitoring.resourcePropertiesCountIs(
          "AWS::CloudWatch::Alarm",
          { Namespace: "AWS/Lambda", MetricName: metricName },
          FUNCTION_NAMES.length,
        );
      }
      monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/ApiGateway",
        MetricName: "5xx",
      });
      monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/ApiGateway",
        MetricName: "Latency",
        ExtendedStatistic: "p99",
      });
      const metricNamesOf = (alarm: { [key: string]: { Metrics?: unknown[] } }) =>
        JSON.stringify(alarm.Properties?.Metrics ?? []);
      const mathAlarms = Object.values(
        monitoring.findResources("AWS::CloudWatch::Alarm", {
          Properties: { Metrics: Match.anyValue() },
        }),
      ).map(metricNamesOf);
      expect(
        mathAlarms.some((m) => m.includes("IntegrationError") && m.includes("ExecutionError")),
      ).toBe(true);
      expect(
        mathAlarms.some(
          (m) => m.includes("ReadThrottleEvents") && m.includes("WriteThrottleEvents"),
        ),
      ).toBe(true);
      monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/Lambda",
        MetricName: "ConcurrentExecutions",
      });
    });

    it("alarms on compaction giving up or falling behind, and on live notifications that failed", () => {
      const { monitoring } = templates(stage);
      const [deadLetters] = Object.values(
        monitoring.findResources("AWS::CloudWatch::Alarm", {
          Properties: {
            Namespace: "AWS/SQS",
            MetricName: "ApproximateNumberOfMessagesVisible",
            Threshold: 1,
            ComparisonOperator: "GreaterThanOrEqualToThreshold",
          },
        }),
      );
      expect(JSON.stringify(deadLetters?.Properties.Dimensions)).toContain("QueueName");
      monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/Lambda",
        MetricName: "IteratorAge",
        Statistic: "Maximum",
      });
      monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "Accord",
        MetricName: "LiveNotificationFailures",
        Dimensions: [{ Name: "Service", Value: "graphql" }],
        Statistic: "Sum",
        Threshold: synthesized[stage].config.alarms.liveNotificationFailures,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
      expect(LIVE_NOTIFICATION_FAILURES).toEqual({
        namespace: "Accord",
        metricName: "LiveNotificationFailures",
        dimensionsMap: { Service: "graphql" },
      });
    });

    if (stage === "dev") {
      it("mails alarm state changes through an SNS topic when an email is configured", () => {
        const { monitoring } = templates(stage);
        monitoring.resourceCountIs("AWS::SNS::Topic", 1);
        monitoring.hasResourceProperties("AWS::SNS::Subscription", {
          Protocol: "email",
          Endpoint: ALARM_EMAIL,
        });
        monitoring.allResourcesProperties("AWS::CloudWatch::Alarm", {
          AlarmActions: [{ Ref: Match.anyValue() }],
          OKActions: [{ Ref: Match.anyValue() }],
        });
      });
    } else {
      it("creates no SNS topic without an email", () => {
        const { monitoring } = templates(stage);
        monitoring.resourceCountIs("AWS::SNS::Topic", 0);
        monitoring.allResourcesProperties("AWS::CloudWatch::Alarm", {
          AlarmActions: Match.absent(),
        });
      });
    }
  });
});

describe("web stack", () => {
  it("is added only with a web app build, and reads this stage's endpoints", () => {
    expect(synthesized.prod.stacks.web).toBeUndefined();
    const web = synthesized.dev.stacks.web;
    expect(web).toBeDefined();
    const template = Template.fromStack(web!);
    template.resourceCountIs("AWS::CloudFront::Distribution", 1);
    const text = JSON.stringify(template.toJSON());
    for (const producer of ["Accord-dev-Graphql", "Accord-dev-Collab", "Accord-dev-Identity"]) {
      expect(text).toContain(`"StackName":"${producer}"`);
    }
  });
});
