// The storage contract suite: every adapter runs it unchanged (see README.md).
import { afterEach, beforeEach, describe } from "vitest";
import type { Store } from "../ports.ts";
import { attributionContract } from "./attribution.ts";
import { documentContract } from "./documents.ts";
import { durabilityContract } from "./durability.ts";
import { entityContract } from "./entities.ts";
import { invitationContract } from "./invitations.ts";
import { liveContract } from "./live.ts";
import { notificationContract } from "./notifications.ts";
import { paginationContract } from "./pagination.ts";
import { paperContract } from "./papers.ts";
import { surveyContract } from "./surveys.ts";

export interface OpenedStore {
  store: Store;
  /** Open the same data again (a new process would see); the suite closes `store` first. */
  reopen?: () => Promise<Store>;
  /** Release everything `open` made (called after each test, even a failed one). */
  cleanup: () => Promise<void>;
}

export interface ContractContext {
  /** The store of the running test. */
  store(): Store;
  /** What `open` returned for the running test. */
  opened(): OpenedStore;
}

/**
 * Register the contract tests for one adapter. `open` runs before every test and must give an
 * empty store (a fresh file, table or prefix): tests list whole collections and purge globally.
 * `cleanup` runs after every test, even a failed one.
 *
 * TTL as the suite checks it (see ports.ts): a record is expired once `expiresAt <= now`;
 * `connections.listByPaper(paperId, now)` never returns expired records; retired log entries
 * expire at compaction `now + retainMs` and `documents.purgeExpired(now)` removes exactly
 * those expired by `now`; nothing disappears before it expires. Test data uses fixed ids and
 * timestamps; records the suite reads back expire far in the future and compaction `now`s
 * follow the real clock, so an adapter's own real-time TTL sweep never removes them mid-test.
 */
export function describeStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: storage contract`, () => {
    let current: OpenedStore | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      const opened = current;
      current = undefined;
      await opened?.cleanup();
    });
    const context: ContractContext = {
      store: () => context.opened().store,
      opened: () => {
        if (!current) throw new Error("the store is only open inside a test");
        return current;
      },
    };

    entityContract(context);
    invitationContract(context);
    paperContract(context);
    surveyContract(context);
    notificationContract(context);
    paginationContract(context);
    documentContract(context);
    attributionContract(context);
    liveContract(context);
    durabilityContract(context);
  });
}

export * from "./fixtures.ts";
export { invitation, joinRequest } from "./invitations.ts";
export { citation, survey, surveyResponse } from "./surveys.ts";
