// How much one caller may send. One definition for the server (which refuses more with a plain
// message) and the client.

export const LIMITS = {
  /**
   * Revisions one annotator may add to one item in an hour. Resubmitting an item many times is no
   * part of labelling, and each revision of a gold item is scored again: unbounded, the scoring
   * work a burst of resubmissions causes could be timed to tell gold from live.
   */
  revisionsPerItemPerHour: 5,
} as const;
