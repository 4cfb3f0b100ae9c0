import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DomainError, type ValidationIssue } from '@sigma/contracts';
import { toHttpError } from '../errors/http-error';

/** No legitimate body nests deeper than this; deeper ones would overflow recursive validation. */
export const MAX_BODY_DEPTH = 32;
/**
 * No legitimate object in a body has more properties (a schema holds at most 500 attributes).
 * The DTO layer's transform costs quadratic time in an object's keys: 60,000 keys took seconds.
 */
export const MAX_OBJECT_PROPERTIES = 1000;

export interface BodyLimits {
  maxDepth: number;
  maxProperties: number;
}

interface Frame {
  node: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

/**
 * The first way a parsed JSON body is out of shape (too deep, an object with too many
 * properties, a number JSON parsing turned into ±Infinity), walked without recursion (it may be
 * thousands deep) and stopping at the first problem, so the check is cheap whatever the body.
 */
export function findBodyProblem(value: unknown, limits: BodyLimits = { maxDepth: MAX_BODY_DEPTH, maxProperties: MAX_OBJECT_PROPERTIES }): ValidationIssue | undefined {
  const stack: Frame[] = [{ node: value, depth: 0 }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node, depth } = frame;
    // JSON.parse reads 1e400 as Infinity, which JSON.stringify would send on as null: refuse it here, once.
    if (typeof node === 'number' && !Number.isFinite(node)) return { field: pathOf(frame), rule: 'finite', message: 'must be a finite number' };
    if (typeof node !== 'object' || node === null) continue;
    const here = depth + 1;
    if (here > limits.maxDepth) return { field: 'body', rule: 'maxDepth', message: `must not nest deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(node)) {
      node.forEach((child, index) => stack.push({ node: child, depth: here, parent: frame, key: index }));
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length > limits.maxProperties) {
      return { field: pathOf(frame), rule: 'maxProperties', message: `must have at most ${limits.maxProperties} properties (has ${keys.length})` };
    }
    for (const key of keys) stack.push({ node: (node as Record<string, unknown>)[key], depth: here, parent: frame, key });
  }
  return undefined;
}

/** `values.price[0].value`, as validation issues name fields; `body` for the body itself. */
function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at?.parent; at = at.parent) keys.push(at.key as string | number);
  return (
    keys
      .reverse()
      .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
      .join('') || 'body'
  );
}

/** Answers 400 naming the field to a body out of shape, before any validation runs. */
export function registerBodyShapeChecks(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request, reply) => {
    // A streamed body (an import file) is read by its endpoint, not walked here.
    if (request.body === undefined || request.body instanceof Readable) return;
    const problem = findBodyProblem(request.body);
    if (!problem) return;
    return reply.code(400).send(toHttpError(DomainError.validation([problem])));
  });
}
