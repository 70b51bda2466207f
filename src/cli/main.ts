import { quoteInput, safeLine } from '../core/quote.ts';
import { HeraldError, UsageError, errorMessage } from '../core/errors.ts';
import { redact, redactSecrets } from '../core/mask.ts';
import { loadConfig } from '../daemon/config.ts';
import { parseCommandArgs, type CliIO, type Command } from './command.ts';
import { allCommands } from './commands/index.ts';

const globalHelp = `herald: calendar reminders and daily agendas for chat and email

Usage: herald [--db PATH] COMMAND [options]      (every command takes --help)

Global options:
  --db PATH     SQLite database (default: $HERALD_DB or data/herald.db)
`;

function commandList(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
}

export function commandHelp(command: Command): string {
  return `Usage: herald ${command.path.join(' ')} ${command.usage}\n\n${command.summary}\n${command.help ? `\n${command.help.trimEnd()}\n` : ''}`;
}

/** Pulls global options (--db) out of argv wherever they stand; the rest goes to the command. */
function takeGlobals(argv: string[]): { flags: { db?: string }; rest: string[] } {
  const rest: string[] = [];
  const flags: { db?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError('--db needs a path');
      flags.db = v;
    } else if (a.startsWith('--db=')) {
      flags.db = a.slice(5);
    } else rest.push(a);
  }
  return { flags, rest };
}

/**
 * The reader went away (`herald deliveries --json | head -1`): the rest of the output is dropped
 * quietly instead of an EPIPE stack trace; the command still finishes what it does.
 */
const closedStreams = new WeakSet<NodeJS.WriteStream>();
function writeTo(stream: NodeJS.WriteStream, text: string): void {
  if (closedStreams.has(stream)) return;
  if (stream.listenerCount('error') === 0) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closedStreams.add(stream);
    });
  }
  stream.write(text);
}

export interface MainIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function main(argv: string[], io?: Partial<MainIO>): Promise<number> {
  // Every byte the CLI prints passes through redactSecrets: a stored error message or a service's
  // answer that quotes a webhook's token is masked on its way out.
  const rawOut = io?.out ?? ((t: string) => writeTo(process.stdout, t));
  const rawErr = io?.err ?? ((t: string) => writeTo(process.stderr, t));
  const out = (t: string) => rawOut(redactSecrets(t));
  const err = (t: string) => rawErr(redactSecrets(t));
  const env = io?.env ?? process.env;
  const cwd = io?.cwd ?? process.cwd();
  try {
    const { flags, rest: args } = takeGlobals(argv);
    const commands = allCommands();
    const words = args.filter((a) => !a.startsWith('-'));
    const wantsHelp = args.includes('--help') || args.includes('-h');
    // The longest command path that prefixes the words given.
    let best: Command | undefined;
    for (const c of commands) {
      if (c.path.every((w, i) => args[i] === w) && (!best || c.path.length > best.path.length)) best = c;
    }
    if (!best) {
      if (args.length === 0 || (wantsHelp && words.length === 0) || words[0] === 'help') {
        out(`${globalHelp}\nCommands:\n${commandList(commands)}\n`);
        return 0;
      }
      const group = commands.filter((c) => c.path[0] === words[0]);
      if (group.length > 0) {
        if (wantsHelp || words.length === 1) {
          out(`Usage: herald ${words[0]} SUBCOMMAND\n\n${commandList(group)}\n`);
          return wantsHelp ? 0 : 2;
        }
        throw new UsageError(`unknown command "herald ${words.slice(0, 2).join(' ')}"; try: herald ${words[0]} --help`);
      }
      throw new UsageError(`unknown command ${quoteInput(words[0] ?? args[0])}; try: herald --help`);
    }
    const rest = args.slice(best.path.length);
    if (rest.includes('--help') || rest.includes('-h')) {
      out(commandHelp(best));
      return 0;
    }
    const parsed = parseCommandArgs(best, rest);
    const cli: CliIO = { out, err, env, cwd, config: loadConfig({ env, cwd, flags }) };
    return await best.run(parsed, cli);
  } catch (problem) {
    const usage = problem instanceof HeraldError && problem.usage;
    // Whatever a message quotes (node's own parse errors too), one safe line reaches the terminal.
    err(`herald: ${safeLine(redact(errorMessage(problem)))}\n`);
    if (!usage && !(problem instanceof HeraldError) && env.HERALD_DEBUG && problem instanceof Error) err(`${problem.stack}\n`);
    return usage ? 2 : 1;
  }
}
