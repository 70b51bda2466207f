/**
 * Video-meeting links, in the order we prefer them when an event has several. Each pattern matches
 * the meeting URL itself, not a vendor's home page.
 */
const meetingPatterns: RegExp[] = [
  /https:\/\/kmeet\.infomaniak\.com\/[^\s"'<>)\]]+/i,
  /https:\/\/(?:[\w-]+\.)?zoom\.us\/(?:j|my|w|s)\/[^\s"'<>)\]]+/i,
  /https:\/\/meet\.google\.com\/[a-z]{3,}-[a-z]{3,}-[a-z]{3,}[^\s"'<>)\]]*/i,
  /https:\/\/teams\.(?:microsoft|live)\.com\/(?:l\/meetup-join|meet)\/[^\s"'<>)\]]+/i,
  /https:\/\/meet\.jit\.si\/[^\s"'<>)\]]+/i,
  /https:\/\/[\w.-]*jitsi[\w.-]*\/[^\s"'<>)\]]+/i,
  /https:\/\/(?:[\w-]+\.)?webex\.com\/[^\s"'<>)\]]+/i,
];

/**
 * The first meeting link found in the given texts (URL, LOCATION, DESCRIPTION, then vendor
 * X-properties such as X-GOOGLE-CONFERENCE or X-MICROSOFT-ONLINEMEETINGURL), or null.
 */
export function findMeetingUrl(texts: (string | null | undefined)[]): string | null {
  for (const pattern of meetingPatterns) {
    for (const t of texts) {
      if (!t) continue;
      const m = pattern.exec(t);
      if (m) return m[0].replace(/[.,;]+$/, '');
    }
  }
  return null;
}
