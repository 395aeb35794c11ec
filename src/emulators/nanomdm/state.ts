/**
 * The NanoMDM emulator's state and behaviour: enrollments and their lifecycle events, the
 * command store with a queue per enrollment id, pushes that wake devices, and devices that
 * fetch and answer their commands (by hand, by scripted answers, or automatically).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import {
  enrollmentKeys,
  runCommand,
  sharedIpadUserId,
  type AnswerInput,
  type ResultStatus,
} from './device.js';
import { resolveAutoAnswer, type AutoAnswerOptions, type ResolvedOptions } from './options.js';
import {
  enrollmentView,
  type AppRecord,
  type CommandView,
  type DeviceRecord,
  type Enrollment,
  type EnrollmentType,
  type EnrollmentView,
  type PlistDict,
  type QueueEntry,
  type StoredCommand,
  type WebhookDelivery,
} from './records.js';
import { AnswerScript } from './answer-script.js';
import {
  authenticatePlist,
  deviceRecord,
  type DeviceInput,
  type UserChannelInput,
} from './device-input.js';
import { FaultQueue, Throttle } from './traffic.js';
import { acknowledgeEvent, checkinEvent, WebhookSender, type CheckinTopic } from './webhook.js';

export interface EnrollResult {
  enrollmentId: string;
  udid: string | null;
  /** The webhook POSTs of the enrolment (Authenticate, TokenUpdate), in order. */
  deliveries: WebhookDelivery[];
}

export interface AnswerResult {
  enrollmentId: string;
  commandUuid: string;
  requestType: string;
  status: ResultStatus;
  /** The result plist the device sent. */
  payload: PlistDict;
  /** The webhook POST of the result; null without a webhook URL. */
  delivery: WebhookDelivery | null;
}

export class NanoMdmState {
  readonly enrollments = new Map<string, Enrollment>();
  readonly commands = new Map<string, StoredCommand>();
  /** Per enrollment id, its commands in enqueue order (kept after they are answered). */
  readonly queues = new Map<string, Map<string, QueueEntry>>();
  readonly faults = new FaultQueue();
  readonly throttle: Throttle;
  readonly webhook: WebhookSender;
  readonly topic = `com.apple.mgmt.External.${randomUUID()}`;
  readonly stats = { apiRequests: 0, enqueued: 0, pushes: 0, answered: 0 };
  apiDown = false;
  autoAnswer: Required<AutoAnswerOptions> | null;
  /** How long an acknowledged install stays `Installing` (0: `Managed` at once). */
  installDelayMs: number;
  /** Scripted answers for the sessions devices run by themselves. */
  readonly script = new AnswerScript();
  /** Commands answered NotNow in the device's current session (not offered again in it). */
  private readonly notNow = new Map<string, Set<string>>();
  private readonly sessions = new Map<string, { again: boolean }>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Pauses in progress; closing the emulator ends them at once. */
  private readonly pauses = new Set<() => void>();
  private closed = false;
  private lastEventAt = 0;

  constructor(readonly options: ResolvedOptions) {
    this.throttle = new Throttle(options.maxCommandsPerSecond);
    this.webhook = new WebhookSender(options.webhookUrl, options.webhookSecret);
    this.autoAnswer = options.autoAnswer;
    this.installDelayMs = options.autoAnswer?.installDelayMs ?? 0;
  }

  now(): Date {
    return new Date(this.options.now());
  }

  /**
   * `created_at` of the next event: the clock, but always later than the previous event's.
   * NanoMDM's times have nanoseconds; at millisecond precision two events of one device in the
   * same millisecond would otherwise look like one repeated delivery to a receiver.
   */
  private eventTime(): Date {
    this.lastEventAt = Math.max(this.options.now(), this.lastEventAt + 1);
    return new Date(this.lastEventAt);
  }

  // ---- enrolment lifecycle -------------------------------------------------------------

  /** Authenticate then TokenUpdate: the device enrols (again), its queue emptied. */
  async enroll(input: DeviceInput = {}): Promise<EnrollResult> {
    const device = deviceRecord(input, this.topic);
    const id = device.udid ?? device.userEnrollmentId!;
    const type: EnrollmentType = device.udid === null ? 'User Enrollment (Device)' : 'Device';
    const enrollment = this.authenticate(id, type, null, device, {});
    const deliveries: WebhookDelivery[] = [];
    const auth = await this.sendCheckin('mdm.Authenticate', enrollment, authenticatePlist(device));
    if (auth !== null) deliveries.push(auth);
    const token = await this.tokenUpdate(id);
    if (token !== null) deliveries.push(token);
    return { enrollmentId: id, udid: device.udid, deliveries };
  }

  /** A user channel of an enrolled device: its TokenUpdate (`UDID:UserID`, reference §1.1). */
  async enrollUser(parentId: string, input: UserChannelInput): Promise<EnrollResult> {
    const parent = this.requireEnrollment(parentId);
    if (parent.parentId !== null) {
      throw new ValidationError('a user channel belongs to a device channel', {
        field: 'enrollmentId',
      });
    }
    if (typeof input?.userId !== 'string' || input.userId === '') {
      throw new ValidationError('userId is required', { field: 'userId' });
    }
    const shared = input.userId === sharedIpadUserId();
    if (shared && !input.shortName) {
      throw new ValidationError('a Shared iPad user needs shortName', { field: 'shortName' });
    }
    const userEnrollment = parent.type === 'User Enrollment (Device)';
    const type: EnrollmentType = shared
      ? 'Shared iPad'
      : userEnrollment
        ? 'User Enrollment'
        : 'User';
    const id = `${parent.id}:${shared ? input.shortName! : input.userId}`;
    this.authenticate(id, type, parent.id, parent.device, {
      userId: input.userId,
      userShortName: input.shortName ?? null,
      userLongName: input.longName ?? null,
    });
    const token = await this.tokenUpdate(id);
    return { enrollmentId: id, udid: parent.device.udid, deliveries: token ? [token] : [] };
  }

  /** A TokenUpdate of an enrollment (tally + 1): the first completes the enrolment. */
  async tokenUpdate(enrollmentId: string): Promise<WebhookDelivery | null> {
    const enrollment = this.requireEnrollment(enrollmentId);
    enrollment.tokenUpdateTally += 1;
    enrollment.state = 'enrolled';
    enrollment.pushInfo = {
      token: enrollment.pushInfo?.token ?? randomBytes(32),
      pushMagic: enrollment.pushInfo?.pushMagic ?? randomUUID().toUpperCase(),
      topic: enrollment.device.topic,
    };
    const delivery = await this.sendCheckin('mdm.TokenUpdate', enrollment, {
      MessageType: 'TokenUpdate',
      ...enrollmentKeys(enrollment),
      Topic: enrollment.device.topic,
      Token: enrollment.pushInfo.token,
      PushMagic: enrollment.pushInfo.pushMagic,
      AwaitingConfiguration: enrollment.device.awaitingConfiguration,
    });
    // A device that just enrolled connects at once.
    this.wake(enrollment.id);
    return delivery;
  }

  /** CheckOut: the management profile is removed; the enrollment is disabled. */
  async checkOut(enrollmentId: string): Promise<WebhookDelivery | null> {
    const enrollment = this.requireEnrollment(enrollmentId);
    enrollment.state = 'checkedOut';
    return this.sendCheckin('mdm.CheckOut', enrollment, {
      MessageType: 'CheckOut',
      ...enrollmentKeys(enrollment),
      Topic: enrollment.device.topic,
    });
  }

  /** Authenticate (or a user channel's first contact): a new or re-enrolling enrollment. */
  private authenticate(
    id: string,
    type: EnrollmentType,
    parentId: string | null,
    device: DeviceRecord,
    user: Partial<Pick<Enrollment, 'userId' | 'userShortName' | 'userLongName'>>,
  ): Enrollment {
    const enrollment: Enrollment = {
      id,
      type,
      parentId,
      device,
      userId: user.userId ?? null,
      userShortName: user.userShortName ?? null,
      userLongName: user.userLongName ?? null,
      state: 'authenticated',
      tokenUpdateTally: 0,
      pushInfo: this.enrollments.get(id)?.pushInfo ?? null,
      apps: this.enrollments.get(id)?.apps ?? new Map<string, AppRecord>(),
    };
    this.enrollments.set(id, enrollment);
    // NanoMDM clears the queue on Authenticate: commands not fetched yet are dropped (§6).
    for (const entry of this.queues.get(id)?.values() ?? []) {
      if (entry.status === 'queued' || entry.status === 'NotNow') entry.status = 'cleared';
    }
    this.notNow.delete(id);
    return enrollment;
  }

  private async sendCheckin(
    topic: CheckinTopic,
    enrollment: Enrollment,
    payload: PlistDict,
  ): Promise<WebhookDelivery | null> {
    const event = checkinEvent(topic, enrollment, payload, this.eventTime());
    return this.webhook.send(event, {
      enrollmentId: enrollment.id,
      commandUuid: null,
      status: null,
    });
  }

  requireEnrollment(enrollmentId: string): Enrollment {
    const enrollment = this.enrollments.get(enrollmentId);
    if (enrollment === undefined) throw new NotFoundError('enrollment', enrollmentId);
    return enrollment;
  }

  listEnrollments(): EnrollmentView[] {
    return [...this.enrollments.values()].map((e) => enrollmentView(e, this.pending(e.id).length));
  }

  // ---- the command store (the enqueue API) ---------------------------------------------

  /**
   * Stores the command once and queues it to every id; an error message (nothing stored) as
   * the backend words it, or null.
   */
  storeCommand(ids: readonly string[], command: StoredCommand): string | null {
    const sql = this.options.backend === 'sql';
    if (this.commands.has(command.commandUuid)) {
      return sql
        ? 'ERROR: duplicate key value violates unique constraint "commands_pkey" (SQLSTATE 23505)'
        : `command already exists: ${command.commandUuid}`;
    }
    if (sql && ids.some((id) => !this.enrollments.has(id))) {
      return 'ERROR: insert or update on table "enrollment_queue" violates foreign key constraint "enrollment_queue_id_fkey" (SQLSTATE 23503)';
    }
    this.commands.set(command.commandUuid, command);
    const enqueuedAt = this.now().toISOString();
    for (const id of new Set(ids)) {
      let queue = this.queues.get(id);
      if (queue === undefined) {
        queue = new Map();
        this.queues.set(id, queue);
      }
      queue.set(command.commandUuid, {
        commandUuid: command.commandUuid,
        status: 'queued',
        enqueuedAt,
        answeredAt: null,
        result: null,
      });
    }
    this.stats.enqueued += 1;
    return null;
  }

  /** APNs pushes to ids: an apns-id per id that has push data, else NanoMDM's error. */
  push(
    ids: readonly string[],
    failure: string | null,
  ): Record<string, { push_result?: string; push_error?: string }> {
    const status: Record<string, { push_result?: string; push_error?: string }> = {};
    for (const id of ids) {
      this.stats.pushes += 1;
      if (this.enrollments.get(id)?.pushInfo == null) {
        status[id] = { push_error: 'push data missing for id' };
      } else if (failure !== null) {
        status[id] = { push_error: failure };
      } else {
        status[id] = { push_result: randomUUID().toUpperCase() };
        this.wake(id);
      }
    }
    return status;
  }

  // ---- the device side -----------------------------------------------------------------

  /** The enrollment's commands still to be answered, in order (NotNow ones included). */
  pending(enrollmentId: string): QueueEntry[] {
    return [...(this.queues.get(enrollmentId)?.values() ?? [])].filter(
      (e) => e.status === 'queued' || e.status === 'NotNow',
    );
  }

  /** The command the device would fetch now (NotNow ones wait for its next session). */
  nextCommand(enrollmentId: string): StoredCommand | undefined {
    const skipped = this.notNow.get(enrollmentId);
    const entry = this.pending(enrollmentId).find((e) => !skipped?.has(e.commandUuid));
    return entry === undefined ? undefined : this.commands.get(entry.commandUuid);
  }

  /** The device fetches one command and answers it; the result goes to the webhook. */
  async answer(enrollmentId: string, input: AnswerInput = {}): Promise<AnswerResult> {
    const enrollment = this.requireEnrollment(enrollmentId);
    if (enrollment.state !== 'enrolled') {
      throw new ConflictError(
        'NOT_ENROLLED',
        `enrollment ${enrollmentId} is ${enrollment.state}: its device does not connect`,
      );
    }
    let stored: StoredCommand | undefined;
    if (input.commandUuid !== undefined) {
      const entry = this.queues.get(enrollmentId)?.get(input.commandUuid);
      if (entry === undefined) throw new NotFoundError('command', input.commandUuid);
      if (entry.status !== 'queued' && entry.status !== 'NotNow') {
        throw new ConflictError(
          'NOT_QUEUED',
          `command ${input.commandUuid} is ${entry.status}, not queued`,
        );
      }
      stored = this.commands.get(input.commandUuid);
    } else {
      stored = this.nextCommand(enrollmentId);
      if (stored === undefined) {
        throw new ConflictError(
          'QUEUE_EMPTY',
          `enrollment ${enrollmentId} has no command to fetch`,
        );
      }
    }
    return this.run(enrollment, stored!, input);
  }

  private async run(
    enrollment: Enrollment,
    stored: StoredCommand,
    input: AnswerInput,
  ): Promise<AnswerResult> {
    const { status, payload, installing } = runCommand(enrollment, stored, input, {
      bundleIds: this.options.bundleIds,
      installDelayMs: this.installDelayMs,
    });
    const entry = this.queues.get(enrollment.id)!.get(stored.commandUuid)!;
    entry.status = status;
    entry.answeredAt = this.now().toISOString();
    entry.result = payload;
    this.stats.answered += 1;
    if (status === 'NotNow') {
      const skipped = this.notNow.get(enrollment.id) ?? new Set<string>();
      skipped.add(stored.commandUuid);
      this.notNow.set(enrollment.id, skipped);
    }
    if (installing !== null) {
      this.later(this.installDelayMs, () => {
        if (enrollment.apps.get(installing.identifier) === installing)
          installing.status = 'Managed';
      });
    }
    const delivery = await this.webhook.send(
      acknowledgeEvent(enrollment, status, stored.commandUuid, payload, this.eventTime()),
      { enrollmentId: enrollment.id, commandUuid: stored.commandUuid, status },
    );
    return {
      enrollmentId: enrollment.id,
      commandUuid: stored.commandUuid,
      requestType: stored.requestType,
      status,
      payload,
      delivery,
    };
  }

  /**
   * One device session: an `Idle` (when idle events are on), then every command it fetches,
   * answered by `decide`, else by the scripted answers, else Acknowledged. Commands answered
   * NotNow wait for the next session. Nothing happens for a device that is not enrolled.
   */
  async session(
    enrollmentId: string,
    decide?: (command: StoredCommand) => AnswerInput,
  ): Promise<AnswerResult[]> {
    const enrollment = this.enrollments.get(enrollmentId);
    if (enrollment === undefined || enrollment.state !== 'enrolled') return [];
    this.notNow.delete(enrollmentId);
    if (this.options.idleEvents) {
      await this.webhook.send(
        acknowledgeEvent(
          enrollment,
          'Idle',
          null,
          { Status: 'Idle', ...enrollmentKeys(enrollment) },
          this.eventTime(),
        ),
        { enrollmentId, commandUuid: null, status: 'Idle' },
      );
    }
    const results: AnswerResult[] = [];
    for (;;) {
      if (this.closed || enrollment.state !== 'enrolled') break;
      const next = this.nextCommand(enrollmentId);
      if (next === undefined) break;
      const answer = decide?.(next) ?? this.script.take(enrollmentId, next.requestType) ?? {};
      results.push(await this.run(enrollment, next, answer));
    }
    // The session is over: the device's next one is offered its NotNow commands again.
    this.notNow.delete(enrollmentId);
    return results;
  }

  // ---- scripted and automatic answers --------------------------------------------------

  /** Automatic answers on or off; an explicit `installDelayMs` also sets the install delay. */
  setAutoAnswer(value: boolean | AutoAnswerOptions): void {
    this.autoAnswer = resolveAutoAnswer(value);
    if (typeof value === 'object' && value.installDelayMs !== undefined) {
      this.installDelayMs = Math.max(0, value.installDelayMs);
    }
  }

  /** A push (or an enrolment) reached the device: with autoAnswer on, it connects soon. */
  private wake(enrollmentId: string): void {
    if (this.autoAnswer === null || this.closed) return;
    const running = this.sessions.get(enrollmentId);
    if (running !== undefined) {
      running.again = true;
      return;
    }
    const marker = { again: false };
    this.sessions.set(enrollmentId, marker);
    const delayMs = this.autoAnswer.delayMs;
    const work = (async () => {
      try {
        do {
          marker.again = false;
          await this.pause(delayMs);
          if (this.closed) return;
          await this.session(enrollmentId);
        } while (marker.again && !this.closed);
      } finally {
        this.sessions.delete(enrollmentId);
      }
    })();
    this.track(work);
  }

  private track(work: Promise<unknown>): void {
    this.background.add(work);
    void work.catch(() => undefined).finally(() => this.background.delete(work));
  }

  /** Waits `ms`, or less when the emulator closes meanwhile. */
  pause(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.pauses.delete(done);
        resolve();
      };
      this.pauses.add(done);
      this.later(ms, done);
    });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Resolves once no device session is pending or running and every event is posted. */
  async idle(): Promise<void> {
    while (this.background.size > 0) {
      await Promise.allSettled([...this.background]);
    }
    await this.webhook.settled();
  }

  // ---- views and housekeeping ----------------------------------------------------------

  commandViews(enrollmentId?: string): CommandView[] {
    const views: CommandView[] = [];
    for (const [id, queue] of this.queues) {
      if (enrollmentId !== undefined && id !== enrollmentId) continue;
      for (const entry of queue.values()) {
        const stored = this.commands.get(entry.commandUuid)!;
        views.push({
          enrollmentId: id,
          commandUuid: entry.commandUuid,
          requestType: stored.requestType,
          command: stored.command,
          status: entry.status,
          enqueuedAt: entry.enqueuedAt,
          answeredAt: entry.answeredAt,
          result: entry.result,
        });
      }
    }
    return views;
  }

  /** Forgets every enrollment, command, fault, rule and delivery (the options stay). */
  reset(): void {
    this.enrollments.clear();
    this.commands.clear();
    this.queues.clear();
    this.notNow.clear();
    this.faults.clear();
    this.script.clear();
    this.webhook.log.length = 0;
    this.apiDown = false;
    for (const key of Object.keys(this.stats) as Array<keyof typeof this.stats>) {
      this.stats[key] = 0;
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const done of [...this.pauses]) done();
    this.webhook.close();
  }
}
