/** Scripted answers: what the next matching commands fetched in automatic sessions get. */
import { ValidationError } from '../../domain/errors.js';
import type { AnswerInput } from './device.js';

/** A scripted answer: the next `count` matching commands a device fetches get it. */
export interface AnswerRule extends Omit<AnswerInput, 'commandUuid'> {
  enrollmentId?: string;
  requestType?: string;
  /** Default 1. */
  count?: number;
}

export class AnswerScript {
  private readonly rules: Array<{ rule: AnswerRule; left: number }> = [];

  /** Queues a scripted answer for the next `count` matching commands. */
  add(rule: AnswerRule): void {
    const count = rule.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new ValidationError('count must be a positive integer', { field: 'count' });
    }
    this.rules.push({ rule, left: count });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The answer for this command, using up one of its rule; undefined when none matches. */
  take(enrollmentId: string, requestType: string): AnswerInput | undefined {
    const index = this.rules.findIndex(
      ({ rule }) =>
        (rule.enrollmentId === undefined || rule.enrollmentId === enrollmentId) &&
        (rule.requestType === undefined || rule.requestType === requestType),
    );
    const found = this.rules[index];
    if (found === undefined) return undefined;
    found.left -= 1;
    if (found.left <= 0) this.rules.splice(index, 1);
    const { status, errorChain, payload } = found.rule;
    return {
      ...(status !== undefined && { status }),
      ...(errorChain !== undefined && { errorChain }),
      ...(payload !== undefined && { payload }),
    };
  }
}
