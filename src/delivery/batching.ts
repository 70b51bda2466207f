/**
 * Writes queued in the same turn of the event loop land in one transaction (group commit): a burst
 * of answers then costs one commit per handful instead of one each. The promise settles once the
 * write has committed (or rejects with the transaction's error), so a caller that awaits it knows
 * its outcome is on disk.
 */
export function groupCommit(transaction: (fn: () => void) => void): (write: () => void) => Promise<void> {
  let queued: (() => void)[] = [];
  let committing: Promise<void> | null = null;
  return (write) => {
    queued.push(write);
    committing ??= new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        const writes = queued;
        queued = [];
        committing = null;
        try {
          transaction(() => {
            for (const w of writes) w();
          });
          resolve();
        } catch (err) {
          reject(err);
        }
      }),
    );
    return committing;
  };
}
