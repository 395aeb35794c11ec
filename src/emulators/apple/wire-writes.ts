/**
 * The asynchronous write endpoints: validate at once (validation.ts), answer `{eventId}`,
 * process later (asset-events.ts, user-events.ts).
 */
import { processAssociate, processDisassociate, processRevoke } from './asset-events.js';
import type { EmulatorState } from './emulator-state.js';
import type { Location } from './location.js';
import { processCreateUsers, processRetireUsers, processUpdateUsers } from './user-events.js';
import { checkManageAssets, checkRevoke, checkUsers } from './validation.js';

export function associate(state: EmulatorState, location: Location, body: unknown): object {
  const request = checkManageAssets(location, body, state.options.limits, 'associate');
  const n = request.assets.length * (request.serialNumbers.length + request.clientUserIds.length);
  const eventId = state.submitEvent(location, 'ASSOCIATE', n, (id, stamp) =>
    processAssociate(location, request, id, stamp),
  );
  return { eventId };
}

export function disassociate(state: EmulatorState, location: Location, body: unknown): object {
  const request = checkManageAssets(location, body, state.options.limits, 'disassociate');
  const n = request.assets.length * (request.serialNumbers.length + request.clientUserIds.length);
  const eventId = state.submitEvent(location, 'DISASSOCIATE', n, (id, stamp) =>
    processDisassociate(location, request, id, stamp),
  );
  return { eventId };
}

export function revoke(state: EmulatorState, location: Location, body: unknown): object {
  const request = checkRevoke(body, state.options.limits);
  const n = request.serialNumbers.length + request.clientUserIds.length;
  const eventId = state.submitEvent(location, 'REVOKE', n, (id, stamp) =>
    processRevoke(location, request, id, stamp),
  );
  return { eventId };
}

export function createUsers(state: EmulatorState, location: Location, body: unknown): object {
  const users = checkUsers(body, state.options.limits, 'create');
  const eventId = state.submitEvent(location, 'CREATE', users.length, (id, stamp) =>
    processCreateUsers(location, users, id, stamp),
  );
  return { eventId };
}

export function updateUsers(state: EmulatorState, location: Location, body: unknown): object {
  const users = checkUsers(body, state.options.limits, 'update');
  const eventId = state.submitEvent(location, 'UPDATE', users.length, (id, stamp) =>
    processUpdateUsers(location, users, id, stamp),
  );
  return { eventId };
}

export function retireUsers(state: EmulatorState, location: Location, body: unknown): object {
  const users = checkUsers(body, state.options.limits, 'retire');
  const eventId = state.submitEvent(location, 'RETIRE', users.length, (id, stamp) =>
    processRetireUsers(location, users, id, stamp),
  );
  return { eventId };
}
