// One Accord Lambda: a NodejsFunction bundled by the local esbuild (no Docker), with its own
// log group and a role that holds only what the function is granted explicitly.

import { Duration, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionSizing, LogLevel, StageConfig } from "../config.ts";

export interface AccordFunctionProps {
  /** Absolute path of the handler module (exports `handler`). */
  entry: string;
  /** Monorepo root: esbuild's working directory and where pnpm-lock.yaml lives. */
  repoRoot: string;
  description: string;
  config: StageConfig;
  sizing: FunctionSizing;
  /** Variables the handler reads, besides STAGE, LOG_LEVEL and NODE_OPTIONS. */
  environment: Record<string, string>;
  /** Why the role needs `Resource: *` besides X-Ray's actions, when it does. */
  otherWildcardReason?: string;
  /** Bundling settings on top of accordBundling(), e.g. for the PDF export. */
  bundling?: Pick<nodejs.BundlingOptions, "banner" | "define" | "commandHooks">;
}

const APPLICATION_LOG_LEVELS: Record<LogLevel, lambda.ApplicationLogLevel> = {
  DEBUG: lambda.ApplicationLogLevel.DEBUG,
  INFO: lambda.ApplicationLogLevel.INFO,
  WARN: lambda.ApplicationLogLevel.WARN,
  ERROR: lambda.ApplicationLogLevel.ERROR,
};

/** The esbuild settings every Accord Lambda is bundled with. */
export function accordBundling(): nodejs.BundlingOptions {
  return {
    // esbuild from the root devDependencies; synth must work without Docker or network.
    forceDockerBundling: false,
    // CommonJS: Apollo Server's ESM build would need a createRequire banner to load its
    // CommonJS dependencies; CJS output needs nothing.
    format: nodejs.OutputFormat.CJS,
    target: "node22",
    minify: true,
    sourceMap: true,
    // Positions and names are enough for stack traces; embedding sources would double the map.
    sourcesContent: false,
    // The SDK is bundled, pinned by pnpm-lock.yaml; see infra/README.md for why.
    bundleAwsSDK: true,
    esbuildArgs: { "--legal-comments": "none" },
    logLevel: nodejs.LogLevel.WARNING,
  };
}

export class AccordFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AccordFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description} (Lambda execution role)`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: props.entry,
      handler: "handler",
      projectRoot: props.repoRoot,
      depsLockFilePath: `${props.repoRoot}/pnpm-lock.yaml`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.sizing.memoryMb,
      timeout: Duration.seconds(props.sizing.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: APPLICATION_LOG_LEVELS[config.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...props.environment,
        STAGE: config.stage,
        // The handlers' loggers take lower-case levels (debug, info, warn, error).
        LOG_LEVEL: config.logLevel.toLowerCase(),
        NODE_OPTIONS: "--enable-source-maps",
      },
      bundling: { ...accordBundling(), ...props.bundling },
    });

    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which " +
        "support no resource-level permissions (the X-Ray service authorization reference lists " +
        "only '*')." +
        (props.otherWildcardReason === undefined ? "" : ` ${props.otherWildcardReason}`),
    });
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Pinned to Node.js 22 on purpose: the bundles target node22 and the handlers are tested " +
        "against it; moving to a newer runtime is a deliberate change of target, runtime and tests.",
    });
  }
}
