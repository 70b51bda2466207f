import type { Command } from '../command.ts';
import { commands as agenda } from './agenda.ts';
import { commands as calendar } from './calendar.ts';
import { commands as calendarSet } from './calendar-set.ts';
import { commands as calendarCalDav } from './calendar-caldav.ts';
import { commands as command } from './command.ts';
import { commands as deliveries } from './deliveries.ts';
import { commands as digest } from './digest.ts';
import { commands as example } from './example.ts';
import { commands as occurrences } from './occurrences.ts';
import { commands as reminder } from './reminder.ts';
import { commands as render } from './render.ts';
import { commands as start } from './start.ts';
import { commands as target } from './target.ts';
import { commands as targetSet } from './target-set.ts';
import { commands as template } from './template.ts';
import { commands as user } from './user.ts';

/** Every command, in the order `herald --help` lists them. */
export function allCommands(): Command[] {
  return [
    ...start,
    ...user,
    ...calendar,
    ...calendarSet,
    ...calendarCalDav,
    ...target,
    ...targetSet,
    ...reminder,
    ...digest,
    ...template,
    ...command,
    ...deliveries,
    ...occurrences,
    ...agenda,
    ...render,
    ...example,
  ];
}
