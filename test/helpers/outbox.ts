import type { AgendaContent, Delivery } from '../../src/store/index.ts';

/** An agenda row's content (the test fails clearly on a row of another kind). */
export function agendaContent(d: Pick<Delivery, 'id' | 'content'>): AgendaContent {
  if (d.content.kind !== 'agenda') throw new Error(`delivery ${d.id} is a ${d.content.kind}, not an agenda`);
  return d.content;
}
