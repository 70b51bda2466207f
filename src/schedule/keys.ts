/**
 * Dedupe keys: unique forever in the outbox, so the same message can never be planned (and so
 * never sent) twice. A reminder's key has no calendar in it: the same event (UID and start) in two
 * of a user's calendars is reminded once per target. The start is in the key, so a moved event is
 * a new reminder and the old one is cancelled.
 */
export const reminderKey = (userId: number, targetId: number, uid: string, start: string, leadSeconds: number | 'allday') =>
  `rem:${userId}:${targetId}:${uid}:${start}:${leadSeconds}`;

export const alarmKey = (userId: number, targetId: number, uid: string, start: string, alarm: string, triggerMs: number) =>
  `alarm:${userId}:${targetId}:${uid}:${start}:${alarm}:${triggerMs}`;

export const digestKey = (digestId: number, via: number | 'email', periodStart: string) => `digest:${digestId}:${via}:${periodStart}`;
