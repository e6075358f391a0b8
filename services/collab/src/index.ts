// Live editing services over @accord/collab. The local server (ws) lives in ./local; the
// API Gateway WebSocket handlers live in ./lambda.
export {
  attachLocalCollab,
  type LocalCollab,
  type LocalCollabOptions,
  parseCollabUrl,
} from "./local/index.ts";
