import { t } from '../i18n';
import { PageHeading } from './PageHeading';

/** What a resource the user cannot reach looks like: the API answers 404, never 403 (rule 9). */
export function ResourceNotFound() {
  return (
    <>
      <PageHeading title={t.resource.notFound} />
      <p>{t.resource.notFoundBody}</p>
      <a class="button" href="/">
        {t.back}
      </a>
    </>
  );
}
