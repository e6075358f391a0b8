export * from "./countries.ts";
export * from "./errors.ts";
export * from "./invitations.ts";
export * from "./limits.ts";
export * from "./model.ts";
export * from "./permissions.ts";
export * from "./validation.ts";
