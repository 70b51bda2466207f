/**
 * The admin page's HTML: server-rendered, no script, no asset fetched from anywhere (the CSP allows
 * none). Readable on a phone: tables turn into labelled cards under 40rem, long values wrap.
 */
import { escapeHtml } from '../html.ts';
import type { AdminWords } from './words.ts';

const style = `*{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;color:#1d2125;line-height:1.45;background:#f7f7f8}
a{color:#1d4ed8}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header{background:#1d2125;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff}header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}header form{margin-left:auto}
nav a[aria-current=page]{font-weight:700;text-decoration:underline 3px}
main{padding:1rem;max-width:72rem;margin:0 auto}h1{font-size:1.4rem;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #dde;vertical-align:top;overflow-wrap:anywhere}
button,input,select{font:inherit;padding:.4rem .7rem;border-radius:6px;border:1px solid #5b6470;background:#fff}
button.main{background:#1d4ed8;border-color:#1d4ed8;color:#fff}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
.error{color:#b91c1c;font-weight:600}label.inline{display:inline;font-weight:400;margin:0 .75rem 0 .25rem}fieldset{border:1px solid #dde;margin:.75rem 0;padding:.5rem .75rem}legend{font-weight:600}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}td form{display:inline}.muted{color:#5b6470}
@media (max-width:40rem){table,tbody,tr,td{display:block}thead{position:absolute;left:-9999px}tr{border-bottom:2px solid #dde;padding:.25rem 0}
td{border:0;padding:.15rem .6rem}td::before{content:attr(data-label) ": ";font-weight:600}}`;

export type AdminPage = 'users' | 'calendars' | 'targets' | 'digests' | 'deliveries';
export const adminPages: AdminPage[] = ['users', 'calendars', 'targets', 'digests', 'deliveries'];

export function shell(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head><body>${body}</body></html>`;
}

/** A page behind the login: the skip link, the navigation, sign-out, then the content. */
export function adminShell(lang: string, words: AdminWords, current: AdminPage, csrf: string, content: string): string {
  const links = adminPages.map((p) => `<a href="/admin/${p}"${p === current ? ' aria-current="page"' : ''}>${escapeHtml(words[p])}</a>`).join('');
  const header = `<a class="skip" href="#content">${escapeHtml(words.skip)}</a><header><strong>${escapeHtml(words.herald)}</strong>
<nav aria-label="${escapeHtml(words.herald)}">${links}</nav>
<form method="post" action="/logout"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button>${escapeHtml(words.signOut)}</button></form></header>`;
  return shell(
    lang,
    `${words[current]} · ${words.herald}`,
    `${header}<main id="content" tabindex="-1"><h1>${escapeHtml(words[current])}</h1>${content}</main>`,
  );
}

/** A table whose cells carry their column's name (shown beside each value on a phone). */
/** A cell's text (escaped), or markup herald wrote itself (a button). */
export type Cell = string | number | null | { html: string };

export function table(words: AdminWords, columns: string[], rows: Cell[][]): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(words.none)}</p>`;
  const head = columns.map((c) => `<th scope="col">${escapeHtml(words.columns[c] ?? c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((v, i) => `<td data-label="${escapeHtml(words.columns[columns[i]!] ?? columns[i]!)}">${cellHtml(v)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const cellHtml = (v: Cell) => (v === null ? '' : typeof v === 'object' ? v.html : escapeHtml(String(v)));
