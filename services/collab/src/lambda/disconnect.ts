// Lambda entry point of the WebSocket route $disconnect: forgets the connection (compaction has its own Lambda, fed by the table stream).
import type { APIGatewayProxyWebsocketHandlerV2 } from "aws-lambda";
import { collabLambdasFromEnv } from "./env.ts";

const lambdas = collabLambdasFromEnv(process.env, "$disconnect");

export const handler: APIGatewayProxyWebsocketHandlerV2 = (event) => lambdas.disconnect(event);
