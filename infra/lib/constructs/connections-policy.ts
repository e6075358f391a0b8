// The right to talk back to live editors: execute-api:ManageConnections on one WebSocket
// stage's @connections callbacks, as one managed policy that every role needing it attaches.

import { Arn, ArnFormat, Stack, Validations } from "aws-cdk-lib";
import type * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as iam from "aws-cdk-lib/aws-iam";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference";
import { Construct } from "constructs";

/** @connections methods: POST sends a message, GET reads a connection, DELETE closes it. */
export type ConnectionMethod = "POST" | "GET" | "DELETE";

/**
 * Methods Accord's handlers call: PostToConnection delivers frames; DeleteConnection ends a
 * connection after its close message (expired token, removed collaborator, frozen paper), which
 * packages/live-apigateway/src/management.ts does. GET (GetConnection) is never used.
 */
export const CONNECTION_METHODS: readonly ConnectionMethod[] = ["POST", "DELETE"];

export interface ConnectionsPolicyProps {
  api: apigwv2.IWebSocketApi;
  stage: apigwv2.IWebSocketStage;
  methods?: readonly ConnectionMethod[];
}

export class ConnectionsPolicy extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly resourceArns: string[];

  constructor(scope: Construct, id: string, props: ConnectionsPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.resourceArns = (props.methods ?? CONNECTION_METHODS).map((method) =>
      Arn.format(
        {
          service: "execute-api",
          resource: props.api.apiId,
          resourceName: `${props.stage.stageName}/${method}/@connections/*`,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        },
        stack,
      ),
    );
    this.policy = new iam.ManagedPolicy(this, "Policy", {
      description: `Post to and close live connections of WebSocket stage ${props.stage.stageName}`,
      statements: [
        new iam.PolicyStatement({
          actions: ["execute-api:ManageConnections"],
          resources: this.resourceArns,
        }),
      ],
    });
    // Connection ids are minted by API Gateway at run time, so the ARN ends in a wildcard;
    // everything before it (API, stage, method) is fixed. cdk-nag names each finding by the
    // resource as it renders it, hence the same rendering here.
    for (const arn of this.resourceArns) {
      Validations.of(this.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(arn))}]`,
        reason:
          "API Gateway mints connection ids at run time; the policy is fixed to this API, this " +
          "stage and the @connections method, and only the id segment is a wildcard.",
      });
    }
  }

  attachTo(role: iam.IRole): void {
    role.addManagedPolicy(this.policy);
  }
}
