// What every page receives: settings, the API, navigation and the signed-in member.
import type { MeQuery } from "@accord/client";
import type { Api } from "./api.ts";
import type { RuntimeConfig } from "./config.ts";

export type Viewer = NonNullable<MeQuery["me"]>;

export interface AppContext {
  config: RuntimeConfig;
  api: Api;
  navigate(path: string, options?: { replace?: boolean }): void;
  /** The signed-in member, fetched once per sign-in; null when anonymous. */
  viewer(): Promise<Viewer | null>;
  /** Forget the cached member (after a profile edit). */
  refreshViewer(): void;
  /**
   * Ask the person to sign in again without leaving the page (edits stay in the open editor);
   * resolves once they have.
   */
  reauthenticate(): Promise<void>;
}

/** A page draws itself into `main` and may return how to tear itself down. */
export type Page = (
  context: AppContext,
  main: HTMLElement,
  params: Record<string, string>,
) => Promise<(() => void) | undefined>;
