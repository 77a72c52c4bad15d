import { useLocation } from 'preact-iso';
import type { ResourceDetail } from '../api/types';
import { tm } from '../i18n/manage';
import { handoverPath, historyPath } from '../paths';
import { home } from '../services';
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
