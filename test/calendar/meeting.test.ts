import { describe, expect, it } from 'vitest';
import { findMeetingUrl } from '../../src/calendar/meeting.ts';
import { expand, ics } from './helpers.ts';

describe('meeting links', () => {
  it.each([
    ['kMeet in the URL', ['https://kmeet.infomaniak.com/abc-def', null, null], 'https://kmeet.infomaniak.com/abc-def'],
    ['Zoom in the location', [null, 'Zoom: https://us02web.zoom.us/j/123456789?pwd=xyz', null], 'https://us02web.zoom.us/j/123456789?pwd=xyz'],
    ['Google Meet in the description', [null, null, 'Join with Google Meet: https://meet.google.com/abc-defg-hij.'], 'https://meet.google.com/abc-defg-hij'],
    [
      'Teams',
      [null, null, 'Click https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0 to join'],
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0',
    ],
    ['Jitsi', [null, 'https://meet.jit.si/HeraldStandup', null], 'https://meet.jit.si/HeraldStandup'],
    ['Webex', [null, null, 'https://acme.webex.com/meet/alice'], 'https://acme.webex.com/meet/alice'],
    ['nothing', ['https://example.com/agenda', 'Room 4', 'Bring snacks'], null],
  ])('%s', (_name, texts, expected) => {
    expect(findMeetingUrl(texts as (string | null)[])).toBe(expected);
  });

  it("reads the vendors' X-properties", () => {
    const text = ics(
      ['UID:g', 'DTSTART:20260105T090000Z', 'SUMMARY:g', 'X-GOOGLE-CONFERENCE:https://meet.google.com/xyz-abcd-efg'],
      ['UID:m', 'DTSTART:20260105T100000Z', 'SUMMARY:m', 'X-MICROSOFT-ONLINEMEETINGURL:https://teams.microsoft.com/l/meetup-join/abc'],
    );
    expect(expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences.map((o) => o.meetingUrl)).toEqual([
      'https://meet.google.com/xyz-abcd-efg',
      'https://teams.microsoft.com/l/meetup-join/abc',
    ]);
  });

  it('finds the link in the URL, LOCATION or DESCRIPTION property of a real event, and null without one', () => {
    const text = ics(
      ['UID:url', 'DTSTART:20260105T090000Z', 'SUMMARY:u', 'URL:https://kmeet.infomaniak.com/weekly-sync'],
      ['UID:loc', 'DTSTART:20260105T100000Z', 'SUMMARY:l', 'LOCATION:https://acme.zoom.us/j/987654321'],
      ['UID:desc', 'DTSTART:20260105T110000Z', 'SUMMARY:d', 'DESCRIPTION:Agenda\\nJoin: https://meet.jit.si/herald-retro\\nThanks'],
      ['UID:none', 'DTSTART:20260105T120000Z', 'SUMMARY:n', 'LOCATION:Room 4', 'URL:https://example.com/agenda', 'DESCRIPTION:https://zoom.us/ (pricing page)'],
    );
    expect(expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z').occurrences.map((o) => [o.uid, o.meetingUrl])).toEqual([
      ['url', 'https://kmeet.infomaniak.com/weekly-sync'],
      ['loc', 'https://acme.zoom.us/j/987654321'],
      ['desc', 'https://meet.jit.si/herald-retro'],
      ['none', null],
    ]);
  });

  it('a link in angle brackets or parentheses ends where the URL ends', () => {
    expect(findMeetingUrl(['Join (https://meet.google.com/abc-defg-hij) now'])).toBe('https://meet.google.com/abc-defg-hij');
    expect(findMeetingUrl(['<https://teams.microsoft.com/l/meetup-join/19%3a1>'])).toBe('https://teams.microsoft.com/l/meetup-join/19%3a1');
    expect(findMeetingUrl([null, undefined, ''])).toBeNull();
  });
});
