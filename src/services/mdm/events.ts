/**
 * R-I4: one webhook event from an MDM connector. Authentication comes first and writes nothing:
 * the token of the URL (by its hash) and, when sent or required, NanoMDM's HMAC signature over
 * the raw body (401 on any mismatch); then the body is parsed strictly (400). An event is handled
 * once: its key (the ack's enrolment, CommandUUID and status; else a hash of the whole event,
 * which a repeated delivery repeats) is claimed before its effects, so a repeated event changes
 * nothing. Idle acks only say the device is online and are not kept.
 */
import { createHash } from 'node:crypto';
import type { MdmConnectorTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { UnauthenticatedError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { StoreContext } from '../serviceContext.js';
import { systemActor, type Actor } from '../access/actor.js';
import { applyCommandResult } from './commandResults.js';
import { cancelAfterCheckOut, requeueAfterAuthenticate } from './commandQueue.js';
import { applyAuthenticate, applyCheckOut, applyTokenUpdate } from './enrolment.js';
import { evaluateEnrollment } from './evaluate.js';
import { parseMdmEvent, type MdmEvent } from './eventFormat.js';
import { connectorSecret } from './secretCache.js';
import { hashWebhookToken, signatureMatches } from './webhookAuth.js';

export type MdmEventContext = Pick<
  StoreContext,
  'db' | 'clock' | 'secretKey' | 'previousSecretKey'
>;

export interface MdmEventReceipt {
  received: true;
  duplicate: boolean;
  topic: string;
  /** What the event did: e.g. deviceCreated, deviceUnenrolled, installed, ignored. */
  outcome: string;
}

/**
 * How stale a connector's `lastEventAt` may be before an event writes it again: under a stream
 * of events it is written once a second, not once per event.
 */
export const LAST_EVENT_AT_RESOLUTION_MS = 1000;

/** The connector a webhook request is for, once its token and signature check out. */
async function authenticateConnector(
  ctx: MdmEventContext,
  token: string,
  body: Buffer,
  signature: string | undefined,
): Promise<MdmConnectorTable> {
  const connector = await ctx.db.kysely
    .selectFrom('mdmConnectors')
    .selectAll()
    .where('webhookTokenHash', '=', hashWebhookToken(token))
    .executeTakeFirst();
  if (connector === undefined) {
    throw new UnauthenticatedError('This MDM webhook URL is not valid');
  }
  if (signature === undefined) {
    if (connector.signatureRequired === 1) {
      throw new UnauthenticatedError(
        'This MDM connector requires signed events (X-Hmac-Signature): its MDM signed before',
      );
    }
    return connector;
  }
  const secret = connectorSecret(ctx, connector.webhookSecretEncrypted);
  if (!signatureMatches(secret, body, signature)) {
    throw new UnauthenticatedError('The X-Hmac-Signature does not match the event');
  }
  return connector;
}

/** The key a repeated delivery of the same event repeats. */
function eventKey(event: MdmEvent): string {
  const parts =
    event.topic === 'mdm.Connect' && event.commandUuid !== null
      ? ['ack', event.enrollmentId, event.commandUuid, event.status]
      : [event.topic, event.enrollmentId, event.createdAt, event.rawPayload];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The connector acting on its own space, named in the activity log (R-M7). */
function connectorActor(connector: MdmConnectorTable): Actor {
  return {
    ...systemActor(connector.tenantId),
    spaceId: connector.spaceId,
    name: `mdm connector ${connector.name}`,
  };
}

async function apply(ctx: MdmEventContext, connector: MdmConnectorTable, event: MdmEvent) {
  const actor = connectorActor(connector);
  switch (event.topic) {
    case 'mdm.Authenticate': {
      const { outcome, enrollmentCreated } = await applyAuthenticate(ctx, actor, connector, event);
      // NanoMDM emptied the enrolment's queue: what it held goes again once enrolled. An
      // enrolment this event created has had no command yet.
      if (outcome !== 'stale' && !enrollmentCreated) {
        await requeueAfterAuthenticate(ctx, connector.id, connector.tenantId, event.enrollmentId!);
      }
      return outcome;
    }
    case 'mdm.TokenUpdate': {
      const outcome = await applyTokenUpdate(ctx, actor, connector, event);
      if (outcome === 'stale') return outcome;
      // Pushable from now on: decide what the device should have.
      await evaluateEnrollment(ctx, actor, connector, event.enrollmentId!);
      return outcome;
    }
    case 'mdm.CheckOut': {
      const outcome = await applyCheckOut(ctx, actor, connector, event);
      if (outcome !== 'stale' && outcome !== 'unknownEnrollment') {
        await cancelAfterCheckOut(ctx, connector.id, connector.tenantId, event.enrollmentId!);
      }
      return outcome;
    }
    case 'mdm.Connect':
      return applyCommandResult(ctx, actor, connector, event);
    default:
      return 'ignored';
  }
}

export async function receiveMdmEvent(
  ctx: MdmEventContext,
  input: { token: string; body: Buffer; signature: string | undefined },
): Promise<MdmEventReceipt> {
  const connector = await authenticateConnector(ctx, input.token, input.body, input.signature);
  const event = parseMdmEvent(input.body);
  const now = ctx.clock.now().toISOString();
  const signs = input.signature !== undefined && connector.signatureRequired !== 1;
  const last = connector.lastEventAt === null ? NaN : Date.parse(connector.lastEventAt);
  const recent = Date.parse(now) - last < LAST_EVENT_AT_RESOLUTION_MS && last <= Date.parse(now);
  if (signs || !recent) {
    await ctx.db.kysely
      .updateTable('mdmConnectors')
      .set({ lastEventAt: now, ...(signs && { signatureRequired: 1 }) })
      .where('id', '=', connector.id)
      .execute();
  }
  const receipt = (outcome: string, duplicate = false): MdmEventReceipt => ({
    received: true,
    duplicate,
    topic: event.topic,
    outcome,
  });
  if (event.enrollmentId === null) return receipt('noEnrollmentId');
  if (event.topic === 'mdm.Connect' && event.commandUuid === null) {
    // The device polls with nothing to report: re-evaluate it (a lost event is made good).
    if (event.status === 'Idle') {
      await evaluateEnrollment(ctx, connectorActor(connector), connector, event.enrollmentId);
    }
    return receipt('idle');
  }
  const id = newId(Date.parse(now));
  try {
    await ctx.db.kysely
      .insertInto('mdmEvents')
      .values({
        id,
        tenantId: connector.tenantId,
        connectorId: connector.id,
        eventKey: eventKey(event),
        topic: event.topic,
        enrollmentId: event.enrollmentId,
        outcome: 'processing',
        receivedAt: now,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) return receipt('duplicate', true);
    throw error;
  }
  let outcome: string;
  try {
    outcome = await apply(ctx, connector, event);
  } catch (error) {
    // Not handled: let a later delivery of the same event try again.
    await ctx.db.kysely.deleteFrom('mdmEvents').where('id', '=', id).execute();
    throw error;
  }
  await ctx.db.kysely.updateTable('mdmEvents').set({ outcome }).where('id', '=', id).execute();
  return receipt(outcome);
}
