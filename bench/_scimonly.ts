import { startAppleEmulator } from '../src/emulators/apple/index.js';
import { startAllot } from './setup.js';
import { benchScim } from './scim.js';
const apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0 });
const dialect = (process.env.D ?? 'postgres') as 'postgres' | 'sqlite';
const allot = await startAllot(dialect, {
  appleApiUrl: apple.url,
  databaseUrl: '' + (process.env.PGU ?? 'postgres://postgres@127.0.0.1:5432/postgres') + '',
});
const cpu0 = process.cpuUsage();
const r = await benchScim(allot, {
  users: Number(process.env.U ?? 2000),
  groups: Number(process.env.G ?? 50),
  membersPerGroup: 40,
  membersPerPatch: 20,
  concurrency: 4,
});
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify(
    {
      totalMs: r.totalMs,
      usersMs: r.usersMs,
      groupsMs: r.groupsMs,
      requests: r.requests,
      errors: r.errors,
      firstError: r.firstError,
      cpuMsPerReq: r.cpuMsPerRequest,
      byKind: r.byKind.map((k) => [k.kind, k.latency]),
      cpuS: (cpu.user + cpu.system) / 1e6,
    },
    null,
    1,
  ),
);
await allot.close();
await apple.close();
