export {
  closeConnection,
  DEFAULT_CONNECT_GRACE_MS,
  type Delivery,
  type FanOutResult,
  fanOut,
  sendTo,
} from "./fanout.ts";
export {
  type ManagementApi,
  type ManagementApiFor,
  managementEndpointOf,
  type SdkManagementOptions,
  sdkManagementApi,
} from "./management.ts";
export {
  type ApiGatewayNotifierOptions,
  createApiGatewayNotifier,
  type NotifierStore,
} from "./notifier.ts";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.ts";
