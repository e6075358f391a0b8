// Lambda entry point of the WebSocket route $connect: checks the token and the paper role, registers the connection.
import type { APIGatewayProxyWebsocketHandlerV2 } from "aws-lambda";
import { collabLambdasFromEnv } from "./env.ts";

const lambdas = collabLambdasFromEnv(process.env, "$connect");

export const handler: APIGatewayProxyWebsocketHandlerV2 = (event) => lambdas.connect(event);
