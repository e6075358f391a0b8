// Members' inboxes: a notification as JSON beside the columns its lists use, and one row per
// inbox with its unread count and version, written in the same transaction as the change.
import { conflict, type InboxState, type Notification } from "@accord/domain";
import type { NotificationStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import type { Row } from "./rows.ts";

const toNotification = (row: Row): Notification => ({
  ...(JSON.parse(row.data as string) as Notification),
  readAt: (row.read_at as string | null) ?? null,
});

export function notificationStore(ctx: SqliteContext): NotificationStore {
  const { one, run, write, keysetPage } = ctx;

  const stateOf = (recipientId: string): InboxState => {
    const row = one("SELECT unread, version FROM inboxes WHERE recipient_id = ?", recipientId);
    return row
      ? { unread: Number(row.unread), version: Number(row.version) }
      : { unread: 0, version: 0 };
  };
  const bump = (recipientId: string, unreadDelta: number) =>
    run(
      `INSERT INTO inboxes (recipient_id, unread, version) VALUES (?, ?, 1)
       ON CONFLICT (recipient_id) DO UPDATE SET unread = unread + excluded.unread, version = version + 1`,
      recipientId,
      unreadDelta,
    );
  /** Mark read what `where` selects among the member's unread; bump the inbox if any changed. */
  const markWhere = (recipientId: string, at: string, where: string, params: string[]) => {
    const changed = run(
      `UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL ${where}`,
      at,
      recipientId,
      ...params,
    ).changes;
    if (changed > 0) bump(recipientId, -changed);
    return stateOf(recipientId);
  };

  return {
    async add(n) {
      await write(() => {
        if (one("SELECT 1 FROM notifications WHERE id = ?", n.id)) {
          throw conflict("A notification with this id exists.", { id: n.id });
        }
        run(
          "INSERT INTO notifications (id, recipient_id, created_at, read_at, data) VALUES (?, ?, ?, ?, ?)",
          n.id,
          n.recipientId,
          n.createdAt,
          n.readAt,
          JSON.stringify(n),
        );
        bump(n.recipientId, n.readAt === null ? 1 : 0);
      });
    },
    async listByRecipient(recipientId, filter, page) {
      return keysetPage(
        {
          select: "SELECT * FROM notifications",
          where: ["recipient_id = ?", ...(filter.unreadOnly ? ["read_at IS NULL"] : [])],
          params: [recipientId],
          keys: ["created_at", "id"],
        },
        "DESC",
        page,
        toNotification,
      );
    },
    async markRead(recipientId, ids, at) {
      if (ids.length === 0) return stateOf(recipientId);
      return write(() =>
        markWhere(recipientId, at, "AND id IN (SELECT value FROM json_each(?))", [
          JSON.stringify([...new Set(ids)]),
        ]),
      );
    },
    async markAllRead(recipientId, at) {
      return write(() => markWhere(recipientId, at, "", []));
    },
    async state(recipientId) {
      return stateOf(recipientId);
    },
  };
}
