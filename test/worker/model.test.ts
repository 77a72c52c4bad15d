import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import {
  canRace,
  concurrentIntents,
  type Intent,
  type Race,
  resolve,
  singleIntent,
} from '../support/model/intents';
import {
  apply,
  cloneModel,
  directAdmins,
  type Model,
  type Op,
  type Outcome,
  type Res,
} from '../support/model/reference';
import {
  type ChainAnswer,
  chainViolations,
  counters,
  differences,
  invariantViolations,
  readSnapshot,
  verifyChain,
} from '../support/model/state';
import { createWorld, execute, type World } from '../support/model/world';

/**
 * SPEC §7, reliability: a model-based random test of thousands of operations against the real Worker (over
 * SELF.fetch, real D1, real migrations) never breaks rules 1–3 and 8. Five signed-in people act on an account
 * and a group (sometimes containing the account); some commands fire 2–3 requests at once. After every
 * command, storage must equal the reference model, satisfy the rules by itself, and verify its audit chains.
 */
const ACTORS = 5;

const stats = {
  runs: 0,
  /** Runs not started because the time budget was spent (a busy machine). */
  skipped: 0,
  commands: 0,
  concurrent: 0,
  operations: 0,
  /** Refusals of concurrent requests that differ from the serial order's: `leave 403 → LAST_ADMIN` → count. */
  staleRefusals: new Map<string, number>(),
  violations: 0,
  /** Answers per request type: `accept` → `200` → count. */
  answers: new Map<string, Map<string, number>>(),
};

/**
 * Refusals that a request decided on a read made before a concurrent change may answer instead of the
 * refusal a serial order would give: the SQL guard (a trigger, the chain retry) caught what the read missed.
 * Both refuse and change nothing, and the state must still equal a serial order's.
 */
const STALE_READ_REFUSALS = new Set(['LAST_ADMIN', 'INVITE_USED', 'CONFLICT']);

const isRefusal = (outcome: Outcome) => outcome.status >= 400;

function agrees(predicted: Outcome, actual: Outcome, concurrent: boolean): 'exact' | 'stale' | false {
  if (predicted.status === actual.status && predicted.code === actual.code) return 'exact';
  if (concurrent && isRefusal(predicted) && isRefusal(actual) && STALE_READ_REFUSALS.has(actual.code ?? '')) {
    return 'stale';
  }
  return false;
}

function permutations(count: number): number[][] {
  if (count <= 1) return [[0].slice(0, count)];
  return permutations(count - 1).flatMap((order) =>
    Array.from({ length: count }, (_, at) => [...order.slice(0, at), count - 1, ...order.slice(at)]),
  );
}

const short = (id: string) => id.slice(0, 8);
const typeOf = (op: Op) => (op.type === 'remove' && op.target === op.actor ? 'leave' : op.type);
function describeOp(op: Op): string {
  const on =
    'invite' in op ? ` invite ${short(op.invite)}` : 'request' in op ? ` request ${short(op.request)}` : '';
  const rest = Object.entries(op)
    .filter(([key]) => !['type', 'actor', 'invite', 'token', 'request'].includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  return `actor${op.actor} ${typeOf(op)}${on} ${rest}`.trim();
}
const describeOutcome = (o: Outcome) => `${o.status}${o.code ? ` ${o.code}` : ''}`;

function tally(ops: readonly Op[], actual: readonly Outcome[]) {
  ops.forEach((op, i) => {
    const outcome = actual[i] as Outcome;
    const byType = stats.answers.get(typeOf(op)) ?? new Map<string, number>();
    const key = outcome.code ?? String(outcome.status);
    byType.set(key, (byType.get(key) ?? 0) + 1);
    stats.answers.set(typeOf(op), byType);
  });
}

interface Candidate {
  model: Model;
  /** The stale-read refusals this order needs, described; none for an order that answers exactly. */
  stale: string[];
}

/**
 * Every serial order of the ops whose answers match what the server answered, each with the state it leads
 * to: storage must equal one of them. Exact orders come first. For one op this is simply the model's answer.
 */
function serialExplanations(before: Model, ops: readonly Op[], actual: readonly Outcome[]) {
  const concurrent = ops.length > 1;
  const candidates: Candidate[] = [];
  const tried: string[] = [];
  for (const order of permutations(ops.length)) {
    const model = cloneModel(before);
    const predicted = order.map((i) => {
      const outcome = apply(model, ops[i] as Op, actual[i] as Outcome);
      return { i, outcome, agreement: agrees(outcome, actual[i] as Outcome, concurrent) };
    });
    if (predicted.every((p) => p.agreement)) {
      const stale = predicted
        .filter((p) => p.agreement === 'stale')
        .map(
          (p) => `${typeOf(ops[p.i] as Op)} ${describeOutcome(p.outcome)} → ${(actual[p.i] as Outcome).code}`,
        );
      candidates.push({ model, stale });
    } else {
      tried.push(
        `order ${order}: ${predicted.map((p) => `#${p.i} ${describeOutcome(p.outcome)}`).join(', ')}`,
      );
    }
  }
  candidates.sort((a, b) => a.stale.length - b.stale.length);
  return { candidates, tried };
}

/**
 * Asks audit/verify, as an admin the model names, of every chain the model says grew, while storage is read
 * (both are D1 round trips). `chainViolations` then checks the answers against storage. A chain that gained
 * no event since it last verified is the chain that verified then: the schema's triggers make it
 * append-only, and the count read from storage proves nothing was appended.
 */
function verifyAhead(world: World, before: Model, candidates: readonly Candidate[]): Promise<ChainAnswer[]> {
  const expected = candidates[0]?.model ?? before;
  const grew = (res: Res) =>
    candidates.length === 0 || candidates.some((c) => c.model.resources[res].audit !== world.verified[res]);
  return Promise.all(
    ([0, 1] as const).filter(grew).flatMap((res) => {
      const admin = directAdmins(expected, res)[0];
      return admin === undefined ? [] : [verifyChain(world, res, world.users[admin]?.userId ?? '')];
    }),
  );
}

interface Box {
  m: Model;
}

/** One command: 1 request, or 2–3 sent at once. Then storage is checked against the model and the rules. */
class Step implements fc.AsyncCommand<Box, World> {
  private last = '';

  constructor(
    private readonly label: string,
    private readonly intents: readonly Intent[],
    private readonly race: Pick<Race, 'needsAdmins'> = {},
  ) {}

  private ops(m: Model): Op[] {
    return this.intents.flatMap((intent) => resolve(m, ACTORS, intent) ?? []);
  }

  check(box: Readonly<Box>): boolean {
    return canRace(box.m, ACTORS, this.race) && this.ops(box.m).length > 0;
  }

  async run(box: Box, world: World): Promise<void> {
    const ops = this.ops(box.m);
    const concurrent = ops.length > 1;
    const actual = await Promise.all(ops.map((op) => execute(world, op)));
    stats.commands += 1;
    stats.concurrent += concurrent ? 1 : 0;
    stats.operations += ops.length;
    tally(ops, actual);
    const answered = ops.map((op, i) => `${describeOp(op)} → ${describeOutcome(actual[i] as Outcome)}`);
    this.last = `${this.label}: ${answered.join(' ‖ ')}`;

    const { candidates, tried } = serialExplanations(box.m, ops, actual);
    const [snapshot, answers] = await Promise.all([
      readSnapshot(world),
      verifyAhead(world, box.m, candidates),
    ]);
    const chosen = candidates.find((candidate) => differences(candidate.model, world, snapshot).length === 0);
    const problems: string[] = [];
    if (candidates.length === 0) {
      problems.push(`no serial order explains the answers; the model predicts ${tried.join(' | ')}`);
    } else if (!chosen) {
      problems.push(...differences((candidates[0] as Candidate).model, world, snapshot));
    }
    problems.push(...invariantViolations(world, snapshot));
    problems.push(...(await chainViolations(world, snapshot, answers)));
    if (problems.length > 0) {
      stats.violations += problems.length;
      throw new Error(`${this.last}\n  ${problems.join('\n  ')}`);
    }
    for (const key of chosen?.stale ?? [])
      stats.staleRefusals.set(key, (stats.staleRefusals.get(key) ?? 0) + 1);
    box.m = (chosen as Candidate).model;
  }

  toString(): string {
    return this.last || `${this.label} (not run)`;
  }
}

const commands = fc.commands(
  [
    fc.oneof(
      { arbitrary: singleIntent.map((intent) => new Step('single', [intent])), weight: 3 },
      { arbitrary: concurrentIntents.map((race) => new Step(race.label, race.intents, race)), weight: 2 },
    ),
  ],
  { maxCommands: 60, size: 'max' },
);

/**
 * `numRuns` fresh worlds (new users, account and group: D1 is shared by the whole file). On a machine busy
 * with other test runs, no new run starts after `budgetMs`, so the file stays well inside its time; a
 * failure found before that is still shrunk, and printed at once in case shrinking outlasts the test.
 */
async function runModel(
  variant: { linked: fc.Arbitrary<boolean>; freeSeats: fc.Arbitrary<number | null> },
  numRuns: number,
  budgetMs: number,
) {
  const setup = fc.record({ groupCreator: fc.constantFrom(0, 1), ...variant });
  const stopStartingAt = performance.now() + budgetMs;
  let failed = false;
  await fc.assert(
    fc.asyncProperty(setup, commands, async (options, steps) => {
      if (!failed && performance.now() > stopStartingAt) {
        stats.skipped += 1;
        return;
      }
      stats.runs += 1;
      const { model, world } = await createWorld({ actors: ACTORS, ...options });
      try {
        await fc.asyncModelRun(() => ({ model: { m: model }, real: world }), steps);
      } catch (error) {
        if (!failed) console.error(`model-based test: first failure (before shrinking)\n${String(error)}`);
        failed = true;
        throw error;
      }
    }),
    { numRuns, plugins: [fc.interruptAfterTimeLimit(budgetMs + 30_000)] },
  );
}

afterAll(() => {
  const answers = [...stats.answers]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, codes]) => `${type}: ${[...codes].map(([code, count]) => `${code}×${count}`).join(' ')}`);
  console.log(
    `model-based test: ${stats.operations} operations, ${stats.violations} invariant violations\n` +
      `  ${stats.runs} runs (${stats.skipped} not started: time budget spent), ${stats.commands} commands (${stats.concurrent} of them concurrent), ` +
      `${counters.verifications} audit/verify calls\n  ${answers.join('\n  ')}\n  refused on a stale read, ` +
      `where a serial order refuses otherwise: ${[...stats.staleRefusals].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`,
  );
});

// The three properties run side by side (separate worlds), so the file takes about as long as the longest.
describe.concurrent('model-based: rules 1–3 and 8 hold under random and concurrent operations', () => {
  it('five people on an account and a group that contains it', { timeout: 130_000 }, async () => {
    await runModel({ linked: fc.constant(true), freeSeats: fc.constant(null) }, 24, 70_000);
  });

  it('five people on an account and a group apart', { timeout: 130_000 }, async () => {
    await runModel({ linked: fc.constant(false), freeSeats: fc.constant(null) }, 24, 70_000);
  });

  it('with the 100-seat limit in reach: the account pre-filled with pending invites', {
    timeout: 130_000,
  }, async () => {
    await runModel({ linked: fc.boolean(), freeSeats: fc.nat({ max: 4 }) }, 18, 70_000);
  });
});
