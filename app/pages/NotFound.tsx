import { PageHeading } from '../components/PageHeading';
import { t } from '../i18n';

export function NotFound() {
  return (
    <>
      <PageHeading title={t.notFound.title} />
      <p>{t.notFound.body}</p>
      <a class="button" href="/">
        {t.back}
      </a>
    </>
  );
}
