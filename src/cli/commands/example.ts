import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCalendarFile } from '../../daemon/example.ts';
import type { Command } from '../command.ts';
import { withStore } from '../store-access.ts';

export const commands: Command[] = [
  {
    path: ['example', 'rm'],
    summary: 'Remove the example that herald creates on an empty database',
    usage: '',
    options: {},
    async run(_args, io) {
      return withStore(io, (store) => {
        const removed = store.removeExample();
        const file = join(io.config.dataDir, exampleCalendarFile);
        io.out(
          removed > 0
            ? `removed the example${existsSync(file) ? ` (the file ${file} is left; delete it if you like)` : ''}\n`
            : 'there is no example to remove\n',
        );
        return 0;
      });
    },
  },
];
