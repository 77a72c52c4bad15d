import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { accessApi } from '../api/access';
import type { ResourceDetail } from '../api/types';
import { ErrorState } from '../components/ErrorState';
import { safeFileName, saveFile } from '../download';
import { tm } from '../i18n/manage';
import { handoverPath, historyPath } from '../paths';
import { client, home } from '../services';
import { createLeaveModel } from '../state/leave';
import { LeaveAccount, leaveDeps } from './LeaveAccount';

const leaving = createLeaveModel(leaveDeps);

/** The account page's own actions: the history and the handover (admins), and leaving (direct members). */
export function ResourceActions({ detail, adminCount }: { detail: ResourceDetail; adminCount: number }) {
  const { route } = useLocation();
  const { resource } = detail;
  const m = tm().actions;
  const isAdmin = detail.capabilities.includes('manage_members');
  const directAdmin = detail.grants.some((grant) => grant.source === 'direct' && grant.role === 'admin');
  return (
    <section aria-labelledby="resource-actions">
      <h2 id="resource-actions">{m.title}</h2>
      {(isAdmin || directAdmin) && (
        <ul class="link-list">
          {isAdmin && (
            <li>
              <LinkRow
                href={historyPath(resource.kind, resource.id)}
                title={m.history}
                hint={m.historyHint}
              />
            </li>
          )}
          {directAdmin && (
            <li>
              <LinkRow
                href={handoverPath(resource.kind, resource.id)}
                title={m.handover}
                hint={m.handoverHint}
              />
            </li>
          )}
        </ul>
      )}
      {isAdmin && <ExportCsv detail={detail} />}
      <LeaveAccount
        kind={resource.kind}
        id={resource.id}
        resourceName={resource.name}
        grants={detail.grants}
        adminCount={adminCount}
        model={leaving}
        onLeft={async () => {
          // Home shows the list without this resource, not the previous one while it refreshes.
          await home.load();
          route('/');
        }}
      />
    </section>
  );
}

function LinkRow({ href, title, hint }: { href: string; title: string; hint: string }) {
  return (
    <a class="row" href={href}>
      <span class="row-main">
        <span class="row-title">{title}</span>
        <span class="muted small">{hint}</span>
      </span>
      <span class="row-chevron" aria-hidden="true">
        ›
      </span>
    </a>
  );
}

const access = accessApi(client);

/** This account's (or group's) rows of アクセス一覧 as CSV, for its admins (GET /api/access/export.csv?resourceId=). */
function ExportCsv({ detail }: { detail: ResourceDetail }) {
  const m = tm().actions;
  const { resource } = detail;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function exportCsv() {
    setBusy(true);
    setError(null);
    try {
      saveFile(await access.exportCsv(resource.id), safeFileName(m.fileName(resource.name)));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="export-csv">
      <button
        type="button"
        class="button button-secondary"
        disabled={busy}
        aria-busy={busy}
        aria-describedby="export-csv-hint"
        onClick={() => void exportCsv()}
      >
        {busy ? m.exporting : m.exportCsv}
      </button>
      <p id="export-csv-hint" class="muted small">
        {m.exportHint(resource.kind)}
      </p>
      {error !== null && <ErrorState title={m.exportFailed} error={error} />}
    </div>
  );
}
