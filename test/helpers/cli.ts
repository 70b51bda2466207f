import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process against the given database, capturing its output. */
export async function runCli(db: string, argv: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: { HERALD_DB: db, ...env },
    cwd,
  });
  return { code, out, err };
}
