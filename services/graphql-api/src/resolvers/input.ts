// Input checks shared by several mutations, on top of the domain's validation rules.
import {
  type ActivityEvent,
  badInput,
  conflict,
  DIPLOMACY_TYPES,
  type DiplomacyType,
  distinctList,
  type GroupActivityEvent,
  knownIds,
  newId,
  TEXT_LIMITS,
} from "@accord/domain";
import type { RequestContext } from "../context.ts";

/** De-duplicated, at most the domain's limit, every id a known topic. */
export async function topicIds(
  context: RequestContext,
  field: string,
  ids: readonly string[] | null | undefined,
): Promise<string[]> {
  const distinct = distinctList(field, ids ?? [], TEXT_LIMITS.topicsPerEntity);
  if (distinct.length === 0) return distinct;
  const topics = await context.loaders.allTopics();
  knownIds(field, distinct, new Set(topics.map((t) => t.id)));
  return distinct;
}

export function diplomacyTypes(
  field: string,
  values: readonly string[] | null | undefined,
): DiplomacyType[] {
  const distinct = distinctList(field, values ?? [], DIPLOMACY_TYPES.length);
  return distinct.filter((v): v is DiplomacyType =>
    (DIPLOMACY_TYPES as readonly string[]).includes(v),
  );
}

/** Refuse a change made against an older read of the entity. */
export function expectVersion(
  what: string,
  current: { version: number },
  expected: number | null | undefined,
) {
  if (expected === null || expected === undefined) return;
  if (expected !== current.version) {
    throw conflict(
      `The ${what} was changed by someone else (now at version ${current.version}, you had ${expected}); reload it and try again.`,
      { version: current.version },
    );
  }
}

/** A required text field may be left out but not cleared. */
export function notNull<T>(field: string, value: T | null | undefined): T | undefined {
  if (value === null) throw badInput(field, `${field} cannot be empty; leave it out to keep it.`);
  return value;
}

/**
 * Append to a paper's activity feed. The feed is a record of what happened, not part of the
 * change itself: when appending fails the change stands and the failure is logged.
 */
export function recordActivity(
  context: RequestContext,
  paperId: string,
  kind: ActivityEvent["kind"],
  detail: ActivityEvent["detail"] = {},
): Promise<void> {
  return appendBestEffort(context, { paperId, kind }, (actorId) =>
    context.store.activity.append({
      id: newId(),
      paperId,
      actorId,
      kind,
      detail,
      at: context.now(),
    }),
  );
}

/** Append to a working group's activity feed, as `recordActivity` does for a paper's. */
export function recordGroupActivity(
  context: RequestContext,
  workingGroupId: string,
  kind: GroupActivityEvent["kind"],
  detail: GroupActivityEvent["detail"],
): Promise<void> {
  return appendBestEffort(context, { workingGroupId, kind }, (actorId) =>
    context.store.activity.appendForGroup({
      id: newId(),
      workingGroupId,
      actorId,
      kind,
      detail,
      at: context.now(),
    }),
  );
}

/** An activity append by the calling member (none when anonymous); a failure is only logged. */
async function appendBestEffort(
  context: RequestContext,
  where: Record<string, string>,
  append: (actorId: string) => Promise<void>,
): Promise<void> {
  const actor = await context.viewer();
  if (!actor) return;
  try {
    await append(actor.id);
  } catch (error) {
    context.logger.warn("activity event not recorded", {
      requestId: context.requestId,
      ...where,
      error,
    });
  }
}

/** A search filter: trimmed, empty means none, longer than TEXT_LIMITS.search refused. */
export function searchText(value: string | null | undefined): string | undefined {
  const search = value?.trim() || undefined;
  if (search && [...search].length > TEXT_LIMITS.search.max) {
    throw badInput("search", `search may be at most ${TEXT_LIMITS.search.max} characters long.`);
  }
  return search;
}
