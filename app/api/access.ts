import type { Client } from './client';
import { read, readEmpty } from './errors';

export type AccessQuery = { cursor?: string; q?: string; limit?: number };

/** The owner's overview of who can reach what they administer, the CSV of it, and offboarding. */
export function accessApi(client: Client) {
  const access = client.api.access;

  return {
    page: ({ cursor, q, limit }: AccessQuery) =>
      read(
        access.$get({
          query: {
            ...(cursor ? { cursor } : {}),
            ...(q ? { q } : {}),
            ...(limit ? { limit: String(limit) } : {}),
          },
        }),
      ),
    /** One person's access; null when they have none on anything the caller administers. */
    async person(userId: string) {
      const { people } = await read(access.$get({ query: { userId } }));
      return people.find((person) => person.userId === userId) ?? null;
    },
    /** What offboarding would do, computed as the DELETE will act; nothing is written. */
    offboardingPlan: (userId: string) => read(access[':userId'].offboarding.$get({ param: { userId } })),
    offboard: (userId: string) => read(access[':userId'].$delete({ param: { userId } })),
    /**
     * The CSV (everything, or one account or group) needs the session's bearer token, so it is fetched and
     * handed over as a Blob.
     */
    async exportCsv(resourceId?: string): Promise<Blob> {
      const response = await access['export.csv'].$get({ query: resourceId ? { resourceId } : {} });
      // Throws the Worker's error when the export is refused.
      await readEmpty(Promise.resolve(response));
      return response.blob();
    },
  };
}

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;
type AccessApi = ReturnType<typeof accessApi>;

export type AccessPage = Resolved<AccessApi['page']>;
export type Person = AccessPage['people'][number];
export type OverdueReviews = NonNullable<AccessPage['overdueReviews']>;
export type OverdueReview = OverdueReviews['items'][number];
export type PersonAccess = Person['access'][number];
export type OffboardingPlan = Resolved<AccessApi['offboardingPlan']>;
export type PlannedRemoval = OffboardingPlan['removals'][number];
export type PlannedCut = OffboardingPlan['cuts'][number];
export type Offboarding = Resolved<AccessApi['offboard']>;
export type OffboardResult = Offboarding['results'][number];
export type OffboardCut = Offboarding['cuts'][number];
