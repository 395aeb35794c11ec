/**
 * The benchmarks' smoke run, for CI (`npx tsx bench/smoke.ts`): `npm run bench` with
 * BENCH_SMOKE=1, then `npm run bench:load` with LOAD_SMOKE=1, each at a tiny size, on SQLite
 * and PostgreSQL (DATABASE_URL, else the local default). Their figures are printed, never
 * asserted; it exits with 1 when either benchmark could not run (a failed set-up, a check-in
 * answered wrongly, a server or driver that failed, PostgreSQL out of reach) or ran past its
 * time limit, so that neither rots unnoticed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each benchmark's limit: several times what a smoke run takes on a busy 2-core machine. */
const LIMIT_SECONDS = 240;

const RUNS = [
  { name: 'bench', script: 'bench/run.ts', env: { BENCH_SMOKE: '1' } },
  { name: 'bench:load', script: 'bench/load/run.ts', env: { LOAD_SMOKE: '1' } },
];

async function run(run: (typeof RUNS)[number]): Promise<boolean> {
  const started = performance.now();
  console.log(`\n=== ${run.name} (smoke) ===`);
  const child = spawn(process.execPath, ['--import', 'tsx', run.script], {
    cwd: ROOT,
    env: { ...process.env, ...run.env },
    stdio: 'inherit',
  });
  const guard = setTimeout(() => {
    console.error(`${run.name}: still running after ${LIMIT_SECONDS} s, stopped`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, LIMIT_SECONDS * 1000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(guard);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`=== ${run.name}: ${code === 0 ? 'ran' : `FAILED (exit ${code})`} in ${seconds} s`);
  return code === 0;
}

let ok = true;
for (const r of RUNS) ok = (await run(r)) && ok;
process.exitCode = ok ? 0 : 1;
