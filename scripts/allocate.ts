import { runAllocateCli } from '../src/server/modules/queue/allocation/allocate-cli.ts';

process.exitCode = await runAllocateCli(process.argv.slice(2), {
  error: (line) => process.stderr.write(`${line}\n`),
  out: (text) => process.stdout.write(text),
});
