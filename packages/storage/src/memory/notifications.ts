import { conflict, type InboxState, type Notification } from "@accord/domain";
import { paginate } from "../paging.ts";
import type { NotificationStore } from "../ports.ts";
import { byKey, clone, type MemoryState } from "./state.ts";

export function notificationStore(state: MemoryState): NotificationStore {
  const { notifications, inboxes } = state;
  const inboxOf = (recipientId: string): InboxState =>
    inboxes.get(recipientId) ?? { unread: 0, version: 0 };

  const markOne = (notification: Notification, at: string) => {
    notification.readAt = at;
    const inbox = inboxOf(notification.recipientId);
    inboxes.set(notification.recipientId, { unread: inbox.unread - 1, version: inbox.version + 1 });
  };

  return {
    async add(notification) {
      if (notifications.has(notification.id)) {
        throw conflict("A notification with this id exists.", { id: notification.id });
      }
      notifications.set(notification.id, clone(notification));
      const inbox = inboxOf(notification.recipientId);
      inboxes.set(notification.recipientId, {
        unread: inbox.unread + (notification.readAt === null ? 1 : 0),
        version: inbox.version + 1,
      });
    },
    async listByRecipient(recipientId, filter, page) {
      const sorted = [...notifications.values()]
        .filter((n) => n.recipientId === recipientId && (!filter.unreadOnly || n.readAt === null))
        .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
      const result = paginate(sorted, (n) => [n.createdAt, n.id], page, true);
      return { ...result, items: result.items.map(clone) };
    },
    async markRead(recipientId, ids, at) {
      for (const id of new Set(ids)) {
        const notification = notifications.get(id);
        if (notification?.recipientId === recipientId && notification.readAt === null) {
          markOne(notification, at);
        }
      }
      return { ...inboxOf(recipientId) };
    },
    async markAllRead(recipientId, at) {
      for (const notification of notifications.values()) {
        if (notification.recipientId === recipientId && notification.readAt === null) {
          markOne(notification, at);
        }
      }
      return { ...inboxOf(recipientId) };
    },
    async state(recipientId) {
      return { ...inboxOf(recipientId) };
    },
  };
}
