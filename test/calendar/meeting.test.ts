import { describe, expect, it } from 'vitest';
import { findMeetingUrl } from '../../src/calendar/meeting.ts';
import { expand, ics } from './helpers.ts';

describe('meeting links', () => {
  it.each([
    ['kMeet in the URL', ['https://kmeet.infomaniak.com/abc-def', null, null], 'https://kmeet.infomaniak.com/abc-def'],
    ['Zoom in the location', [null, 'Zoom: https://us02web.zoom.us/j/123456789?pwd=xyz', null], 'https://us02web.zoom.us/j/123456789?pwd=xyz'],
    ['Google Meet in the description', [null, null, 'Join with Google Meet: https://meet.google.com/abc-defg-hij.'], 'https://meet.google.com/abc-defg-hij'],
    ['Teams', [null, null, 'Click https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0 to join'], 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0'],
    ['Jitsi', [null, 'https://meet.jit.si/HeraldStandup', null], 'https://meet.jit.si/HeraldStandup'],
    ['Webex', [null, null, 'https://acme.webex.com/meet/alice'], 'https://acme.webex.com/meet/alice'],
    ['nothing', ['https://example.com/agenda', 'Room 4', 'Bring snacks'], null],
  ])('%s', (_name, texts, expected) => {
    expect(findMeetingUrl(texts as (string | null)[])).toBe(expected);
  });

  it('reads the vendors\' X-properties', () => {
    const text = ics(
      ['UID:g', 'DTSTART:20260105T090000Z', 'SUMMARY:g', 'X-GOOGLE-CONFERENCE:https://meet.google.com/xyz-abcd-efg'],
      ['UID:m', 'DTSTART:20260105T100000Z', 'SUMMARY:m', 'X-MICROSOFT-ONLINEMEETINGURL:https://teams.microsoft.com/l/meetup-join/abc'],
    );
    expect(expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences.map((o) => o.meetingUrl)).toEqual(['https://meet.google.com/xyz-abcd-efg', 'https://teams.microsoft.com/l/meetup-join/abc']);
  });
});
