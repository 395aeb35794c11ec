/* global module */
/**
 * The layers of DESIGN.md, checked by `npm run lint`: no import cycle, and no import that goes
 * up a layer. From the bottom: domain/ (pure rules) and db/; stores/ and emulators/ beside them;
 * services/ (use cases); jobs/; http/ and cli/; the composition root (context.ts, server.ts,
 * main.ts) on top.
 */
const layer = (name, mayNotImport, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: mayNotImport.map((p) => `^src/${p}`) },
});

const ROOT = ['context\\.ts$', 'server\\.ts$', 'main\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle ties modules together so that none can be read or changed alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    layer(
      'domain',
      [
        'db/',
        'services/',
        'stores/',
        'jobs/',
        'http/',
        'cli/',
        'emulators/',
        'mdm/',
        'config\\.ts$',
        ...ROOT,
      ],
      'domain/ holds pure rules: no I/O, no configuration.',
    ),
    layer(
      'db',
      ['services/', 'stores/', 'jobs/', 'http/', 'cli/', 'emulators/', ...ROOT],
      'db/ knows tables and dialects, not use cases.',
    ),
    layer(
      'stores',
      ['db/', 'services/', 'jobs/', 'http/', 'cli/', 'emulators/', ...ROOT],
      'A store connector speaks its wire protocol and knows nothing of the ledger.',
    ),
    layer(
      'emulators',
      ['db/', 'services/', 'stores/', 'jobs/', 'http/', 'cli/', ...ROOT],
      'Emulators stand in for the stores: they share nothing with the client side.',
    ),
    layer(
      'services',
      ['jobs/', 'http/', 'cli/', ...ROOT],
      'Use cases take the narrow context they need (services/serviceContext.ts).',
    ),
    layer('jobs', ['http/', 'cli/', ...ROOT], 'jobs/ call services, never the other way.'),
    layer(
      'http',
      ['cli/', 'server\\.ts$', 'main\\.ts$'],
      'http/ is called by the server and the CLI.',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
