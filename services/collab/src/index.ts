// Live editing services over @accord/collab. The local server (ws) lives in ./local; the
// API Gateway WebSocket handlers live in ./lambda.

export {
  type CollabLambdaDeps,
  type CollabLambdas,
  createCollabLambdas,
} from "./lambda/core.ts";
export {
  type ManagementApi,
  type ManagementApiFor,
  sdkManagementApi,
} from "./lambda/management.ts";
export {
  type ApiGatewayNotifierOptions,
  createApiGatewayNotifier,
} from "./lambda/notifier.ts";
export {
  attachLocalCollab,
  type LocalCollab,
  type LocalCollabOptions,
  parseCollabUrl,
} from "./local/index.ts";
