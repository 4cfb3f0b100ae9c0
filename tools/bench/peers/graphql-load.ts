/**
 * Load against a GraphQL API through the bench's runLoad (autocannon), counting items rather than
 * HTTP requests: an item is a chain of steps on one connection (a create on Vendure is 3 requests),
 * timed from its first send to its last answer. GraphQL reports failures as 200 with `errors`, so
 * every answer is read and an item counts only when each of its steps answered without them.
 */
import { performance } from 'node:perf_hooks';
import { type LoadRequest, type LoadResult, runLoad } from '../load';
import { latency, type Latency } from '../stats';
import type { LoadShape } from '../http-cases';
import { graphqlError, type GraphqlRequest } from './vendure-graphql';

type Context = Record<string, unknown>;

export interface GraphqlStep {
  /** The request of this step, from what earlier steps of the same item left in `context`. */
  request(context: Context): GraphqlRequest;
  /** Reads the step's `data` into `context` for the next step. */
  read?(data: any, context: Context): void;
}

export interface ItemLoad {
  /** Completed items per second of the measured run. */
  perSecond: number;
  latency: Latency;
  items: number;
  failed: number;
  firstError?: string;
  stepsPerItem: number;
  http: LoadResult;
}

export async function graphqlItemLoad(origin: string, path: string, headers: Record<string, string>, steps: readonly GraphqlStep[], shape: LoadShape): Promise<ItemLoad> {
  let tally = { times: [] as number[], failed: 0, firstError: undefined as string | undefined };
  const requests = (): LoadRequest[] => {
    // A fresh tally per run, so the warm-up's items are not counted.
    const current = { times: [] as number[], failed: 0, firstError: undefined as string | undefined };
    tally = current;
    return steps.map((step, index) => ({
      method: 'POST',
      path,
      body: '{}',
      setupRequest: (request: LoadRequest, context: Context) => {
        if (index === 0) {
          context.started = performance.now();
          context.broken = false;
        }
        return { ...request, body: JSON.stringify(step.request(context)) };
      },
      onResponse: (status: number, body: string, context: Context) => {
        const error = status === 200 ? graphqlError(body) : `HTTP ${status}`;
        if (error && !context.broken) {
          context.broken = true;
          current.failed++;
          current.firstError ??= error;
        }
        if (!error && step.read) step.read((JSON.parse(body) as { data: unknown }).data, context);
        if (index === steps.length - 1 && !context.broken) current.times.push(performance.now() - (context.started as number));
      },
    }));
  };
  const http = await runLoad({ origin, timeoutSeconds: 30, ...shape, headers: { 'content-type': 'application/json', ...headers }, requests });
  const items = tally.times.length;
  return { perSecond: items / http.seconds, latency: latency(tally.times), items, failed: tally.failed, firstError: tally.firstError, stepsPerItem: steps.length, http };
}

/** What is wrong with a GraphQL load, if anything: no items, or more than 1% failed. */
export function itemLoadProblem(load: ItemLoad): string | undefined {
  if (load.items === 0) return `no item completed (${load.failed} failed${load.firstError ? `, first: ${load.firstError}` : ''}; status codes ${JSON.stringify(load.http.statusCodes)})`;
  if (load.failed > 0.01 * (load.items + load.failed)) return `${load.failed} of ${load.items + load.failed} items failed, first: ${load.firstError}`;
  return undefined;
}
