import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { deliverAfterResponse } from '../notifications/queue';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { idParam, type Kind } from '../resources/schema';
import { completeAndApply } from './complete';
import { reviewCsv } from './export';
import {
  completeOutput,
  decideInput,
  itemOutput,
  pastReviewsOutput,
  pastReviewsQuery,
  reviewIdParam,
  reviewItemParam,
  reviewOutput,
} from './schema';
import { decide, getReview, keepRest, listReviews, startReview } from './service';

const tags = ['reviews'];

/** A resource's reviews (/api/{kind}/{id}/reviews), written once and mounted for both kinds. */
export function resourceReviewRoutes(kind: Kind) {
  return new Hono<AppEnv>()
    .get(
      '/:id/reviews',
      describeRoute({
        tags,
        summary: `The ${kind}'s access reviews, the newest first, with what each completion did (admin); paged, 20 at a time`,
        responses: {
          200: jsonResponse(
            'A page of its reviews; pass nextCursor as cursor for the older ones',
            pastReviewsOutput,
          ),
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
        },
      }),
      validate('param', idParam),
      validate('query', pastReviewsQuery),
      async (c) =>
        c.json(
          await listReviews(
            c.env.DB,
            callerOf(c),
            kind,
            c.req.valid('param').id,
            c.req.valid('query').cursor,
          ),
          200,
        ),
    )
    .post(
      '/:id/reviews',
      describeRoute({
        tags,
        summary: `Start an access review of the ${kind} (admin): everyone who reaches it, to keep or remove`,
        responses: {
          201: jsonResponse('The review and its people', reviewOutput),
          ...sessionErrorResponses('NOT_FOUND', 'REVIEW_OPEN', 'CONFLICT'),
        },
      }),
      validate('param', idParam),
      async (c) => {
        const review = await startReview(c.env.DB, callerOf(c), kind, c.req.valid('param').id, Date.now());
        return c.json({ review }, 201);
      },
    );
}

/** The review itself, by id: its resource's admins only; 404 for anyone else. */
export const reviewRoutes = new Hono<AppEnv>()
  .get(
    '/:reviewId',
    describeRoute({
      tags,
      summary: 'The review and its people (admins of its resource)',
      responses: { 200: jsonResponse('The review', reviewOutput), ...sessionErrorResponses('NOT_FOUND') },
    }),
    validate('param', reviewIdParam),
    async (c) =>
      c.json({ review: await getReview(c.env.DB, callerOf(c), c.req.valid('param').reviewId) }, 200),
  )
  .put(
    '/:reviewId/items/:userId',
    describeRoute({
      tags,
      summary: 'Decide one person: keep or remove (admin, while the review is open)',
      responses: {
        200: jsonResponse('The person with the decision', itemOutput),
        ...sessionErrorResponses('NOT_FOUND', 'REVIEW_CLOSED', 'CONFLICT'),
      },
    }),
    validate('param', reviewItemParam),
    validate('json', decideInput),
    async (c) => {
      const item = await decide(
        c.env.DB,
        callerOf(c),
        c.req.valid('param'),
        c.req.valid('json').decision,
        Date.now(),
      );
      return c.json({ item }, 200);
    },
  )
  .post(
    '/:reviewId/keep-rest',
    describeRoute({
      tags,
      summary: '「すべて残す」: keep everyone still undecided (admin, while the review is open)',
      responses: {
        200: jsonResponse('The review', reviewOutput),
        ...sessionErrorResponses('NOT_FOUND', 'REVIEW_CLOSED', 'CONFLICT'),
      },
    }),
    validate('param', reviewIdParam),
    async (c) => {
      const review = await keepRest(c.env.DB, callerOf(c), c.req.valid('param').reviewId, Date.now());
      return c.json({ review }, 200);
    },
  )
  .post(
    '/:reviewId/complete',
    describeRoute({
      tags,
      summary:
        'Complete the review: remove the people marked remove (rules 3, 10, 11 hold; refusals reported), record it in the history. Again on a completed review whose removals were cut off (outcome null): finishes them; with none pending, REVIEW_CLOSED',
      responses: {
        200: jsonResponse('Who was removed, kept, and who could not be removed and why', completeOutput),
        ...sessionErrorResponses('NOT_FOUND', 'REVIEW_INCOMPLETE', 'REVIEW_CLOSED', 'CONFLICT'),
      },
    }),
    validate('param', reviewIdParam),
    async (c) => {
      const { notifications, ...result } = await completeAndApply(
        c.env.DB,
        callerOf(c),
        c.req.valid('param').reviewId,
        Date.now(),
      );
      deliverAfterResponse(c, notifications);
      return c.json(result, 200);
    },
  )
  .get(
    '/:reviewId/export.csv',
    describeRoute({
      tags,
      summary:
        'The completed review as CSV for an auditor (UTF-8 with BOM, Japanese headers): who reviewed, when, each person, the decision and its outcome',
      responses: {
        200: { description: 'CSV', content: { 'text/csv': {} } },
        ...sessionErrorResponses('NOT_FOUND', 'REVIEW_OPEN'),
      },
    }),
    validate('param', reviewIdParam),
    async (c) => {
      const { csv, filename } = await reviewCsv(c.env.DB, callerOf(c), c.req.valid('param').reviewId);
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      });
    },
  );
