import type { Command } from '../command.ts';

// Filled in by its issue.
export const commands: Command[] = [];
