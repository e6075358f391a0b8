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
import type { FunctionName, StageConfig } from "../config.ts";

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

export class MonitoringStack extends Stack {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;
  readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, functions, httpApi, table } = props;
    const prefix = `accord-${config.stage}`;

    const webSocketMetric = (metricName: string, statistic = "Sum") =>
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
        integration: webSocketMetric("IntegrationError"),
        execution: webSocketMetric("ExecutionError"),
      },
      period: FIVE_MINUTES,
    });
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
    const compactionIteratorAge = functions.collabCompact.metric("IteratorAge", {
      period: FIVE_MINUTES,
      statistic: "Maximum",
    });
    const liveNotificationFailures = new cloudwatch.Metric({
      ...LIVE_NOTIFICATION_FAILURES,
      dimensionsMap: { ...LIVE_NOTIFICATION_FAILURES.dimensionsMap },
      statistic: "Sum",
      period: FIVE_MINUTES,
    });

    if (config.alarms.enabled) {
      const thresholds = config.alarms;
      if (thresholds.email !== undefined) {
        this.topic = new sns.Topic(this, "AlarmTopic", {
          displayName: `Accord ${config.stage} alarms`,
          enforceSSL: true,
        });
        this.topic.addSubscription(new subscriptions.EmailSubscription(thresholds.email));
        Validations.of(this.topic).acknowledge({
          id: "AwsSolutions-SNS2",
          reason:
            "Alarm notifications carry alarm names and states only. CloudWatch alarms cannot " +
            "publish to a topic encrypted with the AWS managed SNS key, and a customer managed " +
            "key would cost $1/month per stage for no confidential content.",
        });
      }
      const alarm = (name: string, description: string, spec: AlarmSpec) => {
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

      for (const [name, fn] of Object.entries(functions)) {
        alarm(`${name}-errors`, `${name} Lambda threw or timed out`, {
          metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }),
          threshold: thresholds.lambdaErrors,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        });
        alarm(`${name}-throttles`, `${name} Lambda invocations were throttled`, {
          metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        });
      }
      alarm("http-5xx", "GraphQL HTTP API answered with 5xx", {
        metric: httpApi.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
        threshold: thresholds.http5xx,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm("http-latency-p99", "GraphQL HTTP API p99 latency is high", {
        metric: httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p99" }),
        threshold: thresholds.httpLatencyP99Ms,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      alarm("websocket-errors", "Collab WebSocket API integration or execution errors", {
        metric: webSocketErrors,
        threshold: thresholds.webSocketErrors,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm("table-throttles", "DynamoDB throttled reads or writes (a hot paper partition?)", {
        metric: tableThrottles,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm(
        "compaction-dead-letters",
        "A stream batch failed every compaction retry: those papers keep long logs until " +
          "compacted again (their next edits retry it); see the queue's messages",
        {
          metric: deadLetters,
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        },
      );
      alarm("compaction-iterator-age", "Compaction falls behind the table's stream", {
        metric: compactionIteratorAge,
        threshold: thresholds.compactionIteratorAgeSeconds * 1000,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm(
        "live-notification-failures",
        "A role or status change did not reach open live connections after retries",
        {
          metric: liveNotificationFailures,
          threshold: thresholds.liveNotificationFailures,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
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
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }

    if (config.dashboard) {
      const fns = Object.entries(functions);
      const perFunction = (label: string, metric: (fn: lambda.IFunction) => cloudwatch.IMetric) =>
        new cloudwatch.GraphWidget({
          title: `Lambda ${label}`,
          width: 8,
          left: fns.map(([, fn]) => metric(fn)),
        });
      const labelled = (name: string, options: cloudwatch.MetricOptions) => ({
        ...options,
        label: name,
      });
      this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
        dashboardName: prefix,
        defaultInterval: Duration.hours(3),
        widgets: [
          [
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
                webSocketMetric("ConnectCount").with({ label: "connects" }),
                webSocketMetric("MessageCount").with({ label: "messages" }),
              ],
              right: [
                webSocketMetric("ClientError").with({ label: "client errors" }),
                webSocketErrors,
              ],
            }),
          ],
          [
            perFunction("invocations", (fn) => fn.metricInvocations({ statistic: "Sum" })),
            perFunction("errors", (fn) => fn.metricErrors({ statistic: "Sum" })),
            perFunction("duration p99 (ms)", (fn) => fn.metricDuration({ statistic: "p99" })),
          ],
          [
            new cloudwatch.GraphWidget({
              title: "Lambda throttles and concurrency",
              width: 8,
              left: fns.map(([name, fn]) =>
                fn.metricThrottles(labelled(`${name} throttles`, { statistic: "Sum" })),
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
              right: [tableThrottles],
            }),
            new cloudwatch.GraphWidget({
              title: "WebSocket integration latency (ms)",
              width: 8,
              left: [
                webSocketMetric("IntegrationLatency", "p50").with({ label: "p50" }),
                webSocketMetric("IntegrationLatency", "p99").with({ label: "p99" }),
              ],
            }),
          ],
          [
            new cloudwatch.GraphWidget({
              title: "Compaction",
              width: 12,
              left: [compactionIteratorAge.with({ label: "stream iterator age (ms)" })],
              right: [deadLetters.with({ label: "dead-letter messages" })],
            }),
            new cloudwatch.GraphWidget({
              title: "Live notification failures (after retries)",
              width: 12,
              left: [liveNotificationFailures.with({ label: "failures" })],
            }),
          ],
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
}
