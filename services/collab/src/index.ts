// Live editing services over @accord/collab. The local server (ws) lives in ./local; the
// API Gateway WebSocket handlers live in ./lambda (their delivery in @accord/live-apigateway).

export {
  type CollabLambdaDeps,
  type CollabLambdas,
  createCollabLambdas,
} from "./lambda/core.ts";
export {
  attachLocalCollab,
  type LocalCollab,
  type LocalCollabOptions,
  parseCollabUrl,
} from "./local/index.ts";
