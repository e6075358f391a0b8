// Lambda entry point of the WebSocket route $default: text frames in, the y-websocket protocol answered from storage, fan-out.
import type { APIGatewayProxyWebsocketHandlerV2 } from "aws-lambda";
import { collabLambdasFromEnv } from "./env.ts";

const lambdas = collabLambdasFromEnv(process.env, "$default");

export const handler: APIGatewayProxyWebsocketHandlerV2 = (event) => lambdas.default(event);
