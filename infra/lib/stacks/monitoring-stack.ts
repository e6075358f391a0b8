// Operability: alarms (with an SNS topic when an email is configured) and one dashboard over
// the Lambdas, both APIs and the table. Deployed last and safe to delete and redeploy.

import { Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { AlarmConfig, FunctionName, StageConfig } from "../config.ts";

export interface MonitoringStackProps extends StackProps {
  config: StageConfig;
  functions: Record<FunctionName, lambda.IFunction>;
  /** The compactor's on-failure destination: any message in it is a batch that gave up. */
  compactionDeadLetters: sqs.IQueue;
  httpApi: apigwv2.HttpApi;
  webSocketApiId: string;
  webSocketStageName: string;
  table: dynamodb.Table;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Emitted by the GraphQL Lambda in CloudWatch Embedded Metric Format when a live notification
 * (a role or status change reaching open connections) still fails after its retries.
 */
export const LIVE_NOTIFICATION_FAILURES = {
  namespace: "Accord",
  metricName: "LiveNotificationFailures",
  dimensionsMap: { Service: "graphql" },
} as const;

type AlarmSpec = Omit<
  cloudwatch.AlarmProps,
  "alarmName" | "alarmDescription" | "treatMissingData" | "evaluationPeriods"
> & { evaluationPeriods?: number };

type Thresholds = AlarmConfig;
type AddAlarm = (name: string, description: string, spec: AlarmSpec) => void;
type Functions = Record<FunctionName, lambda.IFunction>;

const AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

/** The metrics that both alarms and dashboard read, built once. */
function accordMetrics(props: MonitoringStackProps) {
  const webSocket = (metricName: string, statistic = "Sum") =>
    new cloudwatch.Metric({
      namespace: "AWS/ApiGateway",
      metricName,
      dimensionsMap: { ApiId: props.webSocketApiId, Stage: props.webSocketStageName },
      statistic,
      period: FIVE_MINUTES,
    });
  const webSocketErrors = new cloudwatch.MathExpression({
    label: "WebSocket integration + execution errors",
    expression: "integration + execution",
    usingMetrics: {
      integration: webSocket("IntegrationError"),
      execution: webSocket("ExecutionError"),
    },
    period: FIVE_MINUTES,
  });
  const { table } = props;
  const tableThrottles = new cloudwatch.MathExpression({
    label: "DynamoDB read + write throttle events",
    expression: "reads + writes",
    usingMetrics: {
      reads: table.metric("ReadThrottleEvents", { statistic: "Sum", period: FIVE_MINUTES }),
      writes: table.metric("WriteThrottleEvents", { statistic: "Sum", period: FIVE_MINUTES }),
    },
    period: FIVE_MINUTES,
  });
  const deadLetters = props.compactionDeadLetters.metricApproximateNumberOfMessagesVisible({
    period: FIVE_MINUTES,
    statistic: "Maximum",
  });
  const compactionIteratorAge = props.functions.collabCompact.metric("IteratorAge", {
    period: FIVE_MINUTES,
    statistic: "Maximum",
  });
  const liveNotificationFailures = new cloudwatch.Metric({
    ...LIVE_NOTIFICATION_FAILURES,
    dimensionsMap: { ...LIVE_NOTIFICATION_FAILURES.dimensionsMap },
    statistic: "Sum",
    period: FIVE_MINUTES,
  });
  return {
    webSocket,
    webSocketErrors,
    tableThrottles,
    deadLetters,
    compactionIteratorAge,
    liveNotificationFailures,
  };
}

type AccordMetrics = ReturnType<typeof accordMetrics>;

function alarmTopic(scope: Construct, stage: string, email: string): sns.Topic {
  const topic = new sns.Topic(scope, "AlarmTopic", {
    displayName: `Accord ${stage} alarms`,
    enforceSSL: true,
  });
  topic.addSubscription(new subscriptions.EmailSubscription(email));
  Validations.of(topic).acknowledge({
    id: "AwsSolutions-SNS2",
    reason:
      "Alarm notifications carry alarm names and states only. CloudWatch alarms cannot " +
      "publish to a topic encrypted with the AWS managed SNS key, and a customer managed " +
      "key would cost $1/month per stage for no confidential content.",
  });
  return topic;
}

/** Errors and throttles of every Lambda. */
function addLambdaAlarms(alarm: AddAlarm, functions: Functions, thresholds: Thresholds): void {
  for (const [name, fn] of Object.entries(functions)) {
    alarm(`${name}-errors`, `${name} Lambda threw or timed out`, {
      metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }),
      threshold: thresholds.lambdaErrors,
      comparisonOperator: AT_LEAST,
    });
    alarm(`${name}-throttles`, `${name} Lambda invocations were throttled`, {
      metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }),
      threshold: 1,
      comparisonOperator: AT_LEAST,
    });
  }
}

/** The two APIs: GraphQL 5xx and latency, WebSocket integration and execution errors. */
function addApiAlarms(
  alarm: AddAlarm,
  httpApi: apigwv2.HttpApi,
  metrics: AccordMetrics,
  thresholds: Thresholds,
): void {
  alarm("http-5xx", "GraphQL HTTP API answered with 5xx", {
    metric: httpApi.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
    threshold: thresholds.http5xx,
    comparisonOperator: AT_LEAST,
  });
  alarm("http-latency-p99", "GraphQL HTTP API p99 latency is high", {
    metric: httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p99" }),
    threshold: thresholds.httpLatencyP99Ms,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
  alarm("websocket-errors", "Collab WebSocket API integration or execution errors", {
    metric: metrics.webSocketErrors,
    threshold: thresholds.webSocketErrors,
    comparisonOperator: AT_LEAST,
  });
}

/** The table and the compaction that keeps its document logs short. */
function addStorageAlarms(alarm: AddAlarm, metrics: AccordMetrics, thresholds: Thresholds): void {
  alarm("table-throttles", "DynamoDB throttled reads or writes (a hot paper partition?)", {
    metric: metrics.tableThrottles,
    threshold: 1,
    comparisonOperator: AT_LEAST,
  });
  alarm(
    "compaction-dead-letters",
    "A stream batch failed every compaction retry: those papers keep long logs until " +
      "compacted again (their next edits retry it); see the queue's messages",
    { metric: metrics.deadLetters, threshold: 1, comparisonOperator: AT_LEAST },
  );
  alarm("compaction-iterator-age", "Compaction falls behind the table's stream", {
    metric: metrics.compactionIteratorAge,
    threshold: thresholds.compactionIteratorAgeSeconds * 1000,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: AT_LEAST,
  });
}

/** Live notifications that gave up, and the account's Lambda concurrency. */
function addPlatformAlarms(alarm: AddAlarm, metrics: AccordMetrics, thresholds: Thresholds): void {
  alarm(
    "live-notification-failures",
    "A role or status change did not reach open live connections after retries",
    {
      metric: metrics.liveNotificationFailures,
      threshold: thresholds.liveNotificationFailures,
      comparisonOperator: AT_LEAST,
    },
  );
  alarm("account-concurrency", "Lambda concurrency nears the account-region quota", {
    metric: lambda.Function.metricAllConcurrentExecutions({
      period: Duration.minutes(1),
      statistic: "Maximum",
    }),
    threshold: thresholds.accountConcurrency,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: AT_LEAST,
  });
}

/** Requests, latency and live-editing traffic of the two APIs. */
function apiRow(httpApi: apigwv2.HttpApi, metrics: AccordMetrics): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: "GraphQL requests",
      width: 8,
      left: [
        httpApi.metricCount({ statistic: "Sum", label: "requests" }),
        httpApi.metricClientError({ statistic: "Sum", label: "4xx" }),
        httpApi.metricServerError({ statistic: "Sum", label: "5xx" }),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: "GraphQL latency (ms)",
      width: 8,
      left: [
        httpApi.metricLatency({ statistic: "p50", label: "p50" }),
        httpApi.metricLatency({ statistic: "p99", label: "p99" }),
        httpApi.metricIntegrationLatency({ statistic: "p99", label: "integration p99" }),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: "Live editing (WebSocket)",
      width: 8,
      left: [
        metrics.webSocket("ConnectCount").with({ label: "connects" }),
        metrics.webSocket("MessageCount").with({ label: "messages" }),
      ],
      right: [
        metrics.webSocket("ClientError").with({ label: "client errors" }),
        metrics.webSocketErrors,
      ],
    }),
  ];
}

/** One graph per Lambda measure, a line per function. */
function lambdaRow(functions: Functions): cloudwatch.IWidget[] {
  const perFunction = (label: string, metric: (fn: lambda.IFunction) => cloudwatch.IMetric) =>
    new cloudwatch.GraphWidget({
      title: `Lambda ${label}`,
      width: 8,
      left: Object.values(functions).map(metric),
    });
  return [
    perFunction("invocations", (fn) => fn.metricInvocations({ statistic: "Sum" })),
    perFunction("errors", (fn) => fn.metricErrors({ statistic: "Sum" })),
    perFunction("duration p99 (ms)", (fn) => fn.metricDuration({ statistic: "p99" })),
  ];
}

/** Throttles and concurrency, table capacity, WebSocket integration latency. */
function capacityRow(
  functions: Functions,
  table: dynamodb.Table,
  metrics: AccordMetrics,
): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: "Lambda throttles and concurrency",
      width: 8,
      left: Object.entries(functions).map(([name, fn]) =>
        fn.metricThrottles({ statistic: "Sum", label: `${name} throttles` }),
      ),
      right: [
        lambda.Function.metricAllConcurrentExecutions({
          statistic: "Maximum",
          label: "account concurrency",
        }),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: "DynamoDB capacity consumed",
      width: 8,
      left: [
        table.metricConsumedReadCapacityUnits({ statistic: "Sum", label: "RCU" }),
        table.metricConsumedWriteCapacityUnits({ statistic: "Sum", label: "WCU" }),
      ],
      right: [metrics.tableThrottles],
    }),
    new cloudwatch.GraphWidget({
      title: "WebSocket integration latency (ms)",
      width: 8,
      left: [
        metrics.webSocket("IntegrationLatency", "p50").with({ label: "p50" }),
        metrics.webSocket("IntegrationLatency", "p99").with({ label: "p99" }),
      ],
    }),
  ];
}

/** Work that happens off the request path: compaction and live notifications. */
function backgroundRow(metrics: AccordMetrics): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: "Compaction",
      width: 12,
      left: [metrics.compactionIteratorAge.with({ label: "stream iterator age (ms)" })],
      right: [metrics.deadLetters.with({ label: "dead-letter messages" })],
    }),
    new cloudwatch.GraphWidget({
      title: "Live notification failures (after retries)",
      width: 12,
      left: [metrics.liveNotificationFailures.with({ label: "failures" })],
    }),
  ];
}

export class MonitoringStack extends Stack {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;
  readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, functions, httpApi, table } = props;
    const metrics = accordMetrics(props);
    if (config.alarms.enabled) {
      const thresholds = config.alarms;
      if (thresholds.email !== undefined) {
        this.topic = alarmTopic(this, config.stage, thresholds.email);
      }
      const alarm = this.alarmFactory(`accord-${config.stage}`);
      addLambdaAlarms(alarm, functions, thresholds);
      addApiAlarms(alarm, httpApi, metrics, thresholds);
      addStorageAlarms(alarm, metrics, thresholds);
      addPlatformAlarms(alarm, metrics, thresholds);
    }
    if (config.dashboard) {
      this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
        dashboardName: `accord-${config.stage}`,
        defaultInterval: Duration.hours(3),
        widgets: [
          apiRow(httpApi, metrics),
          lambdaRow(functions),
          capacityRow(functions, table, metrics),
          backgroundRow(metrics),
          ...(this.alarms.length > 0
            ? [
                [
                  new cloudwatch.AlarmStatusWidget({
                    title: "Alarms",
                    width: 24,
                    alarms: this.alarms,
                  }),
                ],
              ]
            : []),
        ],
      });
    }
  }

  /** Alarms named `<prefix>-<name>`, missing data not breaching, notifying the topic if any. */
  private alarmFactory(prefix: string): AddAlarm {
    return (name, description, spec) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...spec,
        evaluationPeriods: spec.evaluationPeriods ?? 1,
      });
      if (this.topic !== undefined) {
        created.addAlarmAction(new actions.SnsAction(this.topic));
        created.addOkAction(new actions.SnsAction(this.topic));
      }
      this.alarms.push(created);
    };
  }
}
