// Child-process entry of http-runner.ts: receives one LoadSpec over IPC, runs it, answers and exits.
import { type LoadSpec, measureHttp } from './load-client.ts';

process.once('message', (spec: LoadSpec) => {
  measureHttp(spec).then(
    (outcome) => process.send?.({ ok: true, outcome }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: String(err) }, () => process.exit(1)),
  );
});
