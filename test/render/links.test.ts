import { describe, expect, it } from 'vitest';
import { renderReminder, type OutputFormat } from '../../src/render/index.ts';
import { safeLinkUrl } from '../../src/render/links.ts';
import { occurrence } from './fixtures.ts';

const viewer = { zone: 'Europe/Zurich', locale: 'en' };
const render = (body: string, patch = {}, format: OutputFormat = 'chat') =>
  renderReminder({ template: { name: 't', body }, occurrence: occurrence(patch), viewer, format, minutesUntil: 10, late: false });

describe('links only to http, https, mailto and tel', () => {
  it('drops an event URL with another scheme from email hrefs and chat Markdown links', () => {
    const evil = { url: 'javascript:alert(document.cookie)' };
    const email = render('<a href="{{url}}">open</a>', evil, 'email');
    expect(`${email.html ?? ''}${email.text}`).not.toMatch(/javascript:/i);
    expect(render('[open]({{url}})', evil).text).toBe('[open]()');
    expect(render('[open]({{url}})', { url: ' JavaScript:alert(1)' }).text).toBe('[open]()');
    expect(render('[open]({{url}})', { url: 'data:text/html;base64,PHNjcmlwdD4=' }).text).toBe('[open]()');
  });

  it('keeps http, https, mailto and tel links', () => {
    for (const url of ['https://example.com/e', 'http://example.com/e', 'mailto:team@example.com', 'tel:+41441234567']) {
      expect(render('{{url}}', { url }, 'text').text).toBe(url);
      expect(safeLinkUrl(url)).toBe(url);
    }
  });

  it('defuses script links written into an event description', () => {
    const text = render('{{description}}', { description: 'see [here](javascript:alert(1)) or vbscript:x' }).text;
    expect(text).not.toMatch(/javascript:|vbscript:/i);
    expect(text).toContain('here');
  });
});
