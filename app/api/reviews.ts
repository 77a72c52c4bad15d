import type { Client } from './client';
import { read, readEmpty } from './errors';
import type { ResourceKind } from './types';

/** Access reviews (棚卸し, SPEC §10): start one, decide each person, complete it, export the evidence. */
export function reviewsApi(client: Client) {
  const routes = { account: client.api.accounts, group: client.api.groups };
  const reviews = client.api.reviews[':reviewId'];

  return {
    /** 201 with the new review; 409 REVIEW_OPEN when one is already open. */
    async start(kind: ResourceKind, id: string) {
      const { review } = await read(routes[kind][':id'].reviews.$post({ param: { id } }));
      return review;
    },
    /**
     * A page of the resource's reviews, the newest first, with what each completion did (its admins); the
     * older ones after `cursor` (null: the newest).
     */
    past: (kind: ResourceKind, id: string, cursor: string | null) =>
      read(routes[kind][':id'].reviews.$get({ param: { id }, query: cursor ? { cursor } : {} })),
    async get(reviewId: string) {
      const { review } = await read(reviews.$get({ param: { reviewId } }));
      return review;
    },
    async decide(reviewId: string, userId: string, decision: Decision) {
      const { item } = await read(
        reviews.items[':userId'].$put({ param: { reviewId, userId }, json: { decision } }),
      );
      return item;
    },
    /** 「残りをすべて残す」: the whole review, with everyone undecided kept. */
    async keepRest(reviewId: string) {
      const { review } = await read(reviews['keep-rest'].$post({ param: { reviewId } }));
      return review;
    },
    complete: (reviewId: string) => read(reviews.complete.$post({ param: { reviewId } })),
    /** The finished review as CSV; it needs the bearer token, so it is fetched and handed over as a Blob. */
    async exportCsv(reviewId: string): Promise<Blob> {
      const response = await reviews['export.csv'].$get({ param: { reviewId } });
      await readEmpty(Promise.resolve(response));
      return response.blob();
    },
    /** The review cadence (days), changed with the resource's settings; answers the new review state. */
    async setCadence(kind: ResourceKind, id: string, reviewEveryDays: number) {
      if (kind === 'account') {
        const { review } = await read(
          routes.account[':id'].$patch({ param: { id }, json: { reviewEveryDays } }),
        );
        return review;
      }
      const { review } = await read(routes.group[':id'].$patch({ param: { id }, json: { reviewEveryDays } }));
      return review;
    },
  };
}

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;
type ReviewsApi = ReturnType<typeof reviewsApi>;

export type Review = Resolved<ReviewsApi['get']>;
export type ReviewItem = Review['items'][number];
export type Decision = 'keep' | 'remove';
export type ReviewResult = Resolved<ReviewsApi['complete']>;
export type ReviewState = Resolved<ReviewsApi['setCadence']>;
export type PastReviews = Resolved<ReviewsApi['past']>;
export type PastReview = PastReviews['reviews'][number];
