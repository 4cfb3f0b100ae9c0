import type { FastifyInstance } from 'fastify';
import { DomainError } from '@sigma/contracts';
import { toHttpError } from '../errors/http-error';

/** No legitimate body nests deeper than this; deeper ones would overflow recursive validation. */
export const MAX_BODY_DEPTH = 32;

/** Depth of a parsed JSON value, measured without recursion (the value may be thousands deep). */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (typeof node !== 'object' || node === null) continue;
    const here = depth + 1;
    deepest = Math.max(deepest, here);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push({ node: child, depth: here });
  }
  return deepest;
}

/** Answers 400 to bodies nested past MAX_BODY_DEPTH before any validation runs. */
export function registerBodyDepthLimit(fastify: FastifyInstance, maxDepth = MAX_BODY_DEPTH): void {
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.body === undefined || jsonDepth(request.body, maxDepth) <= maxDepth) return;
    const error = DomainError.validation([{ field: 'body', rule: 'maxDepth', message: `must not nest deeper than ${maxDepth} levels` }]);
    return reply.code(400).send(toHttpError(error));
  });
}
