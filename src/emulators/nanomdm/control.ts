/** Checks of what the control API receives (bodies are JSON from anyone on loopback). */
import { ValidationError } from '../../domain/errors.js';
import { RESULT_STATUSES, type AnswerInput, type ErrorChainItem } from './device.js';
import type { AutoAnswerOptions } from './options.js';
import type { PlistDict } from './records.js';
import type { AnswerRule } from './answer-script.js';
import type { DeviceInput, UserChannelInput } from './device-input.js';

export type Body = Record<string, unknown>;

function optionalString(body: Body, key: string): void {
  const value = body[key];
  if (value !== undefined && typeof value !== 'string') {
    throw new ValidationError(`${key} must be a string`, { field: key });
  }
}

function optionalDict(body: Body, key: string): void {
  const value = body[key];
  if (
    value !== undefined &&
    (typeof value !== 'object' || value === null || Array.isArray(value))
  ) {
    throw new ValidationError(`${key} must be an object`, { field: key });
  }
}

export function checkDeviceInput(body: Body): DeviceInput {
  for (const key of [
    'udid',
    'serialNumber',
    'productName',
    'osVersion',
    'buildVersion',
    'deviceName',
    'model',
    'modelName',
    'userEnrollmentId',
  ]) {
    optionalString(body, key);
  }
  if (body.awaitingConfiguration !== undefined && typeof body.awaitingConfiguration !== 'boolean') {
    throw new ValidationError('awaitingConfiguration must be a boolean', {
      field: 'awaitingConfiguration',
    });
  }
  optionalDict(body, 'urlParams');
  const device: DeviceInput = body;
  return device;
}

export function checkUserChannelInput(body: Body): UserChannelInput {
  if (typeof body.userId !== 'string' || body.userId === '') {
    throw new ValidationError('userId is required', { field: 'userId' });
  }
  optionalString(body, 'shortName');
  optionalString(body, 'longName');
  return body as unknown as UserChannelInput;
}

function checkErrorChain(value: unknown): ErrorChainItem[] {
  if (!Array.isArray(value)) {
    throw new ValidationError('errorChain must be an array', { field: 'errorChain' });
  }
  return value.map((item: unknown) => {
    const i = item as Partial<ErrorChainItem> | null;
    if (
      typeof i !== 'object' ||
      i === null ||
      !Number.isInteger(i.ErrorCode) ||
      typeof i.ErrorDomain !== 'string' ||
      typeof i.LocalizedDescription !== 'string' ||
      (i.USEnglishDescription !== undefined && typeof i.USEnglishDescription !== 'string')
    ) {
      throw new ValidationError(
        'each errorChain item needs ErrorCode (integer), ErrorDomain and LocalizedDescription',
        { field: 'errorChain' },
      );
    }
    return i as ErrorChainItem;
  });
}

export function checkAnswerInput(body: Body): AnswerInput {
  optionalString(body, 'commandUuid');
  if (body.status !== undefined && !(RESULT_STATUSES as readonly unknown[]).includes(body.status)) {
    throw new ValidationError(`status must be one of ${RESULT_STATUSES.join(', ')}`, {
      field: 'status',
    });
  }
  optionalDict(body, 'payload');
  return {
    ...(body.commandUuid !== undefined && { commandUuid: body.commandUuid as string }),
    ...(body.status !== undefined && { status: body.status as AnswerInput['status'] }),
    ...(body.errorChain !== undefined && { errorChain: checkErrorChain(body.errorChain) }),
    ...(body.payload !== undefined && { payload: body.payload as PlistDict }),
  };
}

export function checkAnswerRule(body: Body): AnswerRule {
  const answer = checkAnswerInput({ ...body, commandUuid: undefined });
  optionalString(body, 'enrollmentId');
  optionalString(body, 'requestType');
  if (body.count !== undefined && (!Number.isInteger(body.count) || (body.count as number) < 1)) {
    throw new ValidationError('count must be a positive integer', { field: 'count' });
  }
  return {
    ...answer,
    ...(body.enrollmentId !== undefined && { enrollmentId: body.enrollmentId as string }),
    ...(body.requestType !== undefined && { requestType: body.requestType as string }),
    ...(body.count !== undefined && { count: body.count as number }),
  };
}

export function checkAutoAnswer(body: Body): boolean | AutoAnswerOptions {
  if (typeof body.enabled !== 'boolean') {
    throw new ValidationError('enabled (boolean) is required', { field: 'enabled' });
  }
  for (const key of ['delayMs', 'installDelayMs']) {
    const value = body[key];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) {
      throw new ValidationError(`${key} must be a non-negative integer`, { field: key });
    }
  }
  return body.enabled
    ? {
        ...(body.delayMs !== undefined && { delayMs: body.delayMs as number }),
        ...(body.installDelayMs !== undefined && { installDelayMs: body.installDelayMs as number }),
      }
    : false;
}

export function checkWebhook(body: Body): { url: string | null; secret: string | null } {
  const { url, secret } = body;
  if (url !== null && url !== undefined) {
    if (typeof url !== 'string')
      throw new ValidationError('url must be a string', { field: 'url' });
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new ValidationError('url must be an http(s) URL', { field: 'url' });
    }
  }
  if (secret !== null && secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new ValidationError('secret must be a non-empty string', { field: 'secret' });
  }
  return {
    url: (url as string | undefined) ?? null,
    secret: (secret as string | undefined) ?? null,
  };
}
