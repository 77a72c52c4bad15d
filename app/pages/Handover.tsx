import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { invitesApi } from '../api/invites';
import { resourcesApi } from '../api/resources';
import type { ResourceKind } from '../api/types';
import { ErrorState } from '../components/ErrorState';
import { InviteShare } from '../components/InviteShare';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { SingleAdminWarning } from '../components/SingleAdminWarning';
import { Skeleton } from '../components/Skeleton';
import { roleLabel } from '../i18n/labels';
import { formatDateTime, tm } from '../i18n/manage';
import { resourcePath } from '../paths';
import { client, home, session } from '../services';
import { createHandoverModel, type HandoverSummary } from '../state/handover';
import { LeaveAccount, leaveDeps } from './LeaveAccount';
import '../components/manage.css';
import './handover.css';
import { ResourceNotFound } from '../components/ResourceNotFound';

const resources = resourcesApi(client);
const invites = invitesApi(client);
const model = createHandoverModel({
  detail: resources.detail,
  members: resources.members,
  invites: invites.list,
  issueInvite: invites.issue,
  ...leaveDeps,
});

/** While the successor has not accepted, the page asks again this often (and when the user comes back). */
const POLL_MS = 4000;

type Props = { id: string };

export function AccountHandoverPage({ id }: Props) {
  return <HandoverPage kind="account" id={id} />;
}

export function GroupHandoverPage({ id }: Props) {
  return <HandoverPage kind="group" id={id} />;
}

function HandoverPage({ kind, id }: { kind: ResourceKind; id: string }) {
  const selfId = session.user.value?.id ?? null;
  useLayoutEffect(() => {
    void model.load(kind, id, selfId);
  }, [kind, id, selfId]);

  const waiting = model.step.value === 2 && model.status.value === 'ready';
  useEffect(() => {
    if (!waiting) return;
    // Not while LINE is in the background (the user went to the chat to send the link): on return, at once.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void model.refresh();
    };
    const timer = setInterval(onVisible, POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [waiting]);

  const m = tm().handover;
  const status = model.status.value;
  const detail = model.detail.value;
  const finished = model.finished.value;
  // Once the caller left, the resource may no longer exist for them: the summary is what the page knew.
  if (finished) return <Finished summary={finished} />;
  if (status === 'not-found') {
    return <ResourceNotFound />;
  }
  if (status === 'error') {
    return (
      <ErrorState
        title={m.loadFailed}
        error={model.error.value}
        onRetry={() => void model.load(kind, id, selfId)}
      />
    );
  }
  if (status !== 'ready' || !detail) return <Skeleton rows={4} />;

  return (
    <>
      <a class="back-link" href={resourcePath(kind, id)}>
        ‹ {tm().member.backTo(detail.resource.name)}
      </a>
      <PageHeading title={m.title} />
      <p class="muted">{detail.resource.name}</p>
      <HandoverBody kind={kind} id={id} />
    </>
  );
}

function HandoverBody({ kind, id }: { kind: ResourceKind; id: string }) {
  const m = tm().handover;
  const detail = model.detail.value;
  if (!detail) return null;
  if (!model.isDirect.value) return <p>{m.viaGroupOnly}</p>;
  if (!model.canManage.value) {
    return (
      <>
        <p>{m.notAdmin}</p>
        <Leave kind={kind} id={id} onLeft={toHome} />
      </>
    );
  }
  const step = model.step.value;
  return (
    <>
      <p>{m.intro}</p>
      {model.successors.value.length === 0 && <SingleAdminWarning kind={kind} id={id} canManage />}
      <ol class="steps">
        <Step number={1} title={m.step1} state={step > 1 ? 'done' : 'now'}>
          <StepInvite />
        </Step>
        <Step number={2} title={m.step2} state={step > 2 ? 'done' : step === 2 ? 'now' : 'later'}>
          <StepWait kind={kind} />
        </Step>
        <Step number={3} title={m.step3} state={step === 3 ? 'now' : 'later'}>
          {step === 3 ? (
            <>
              <p>{m.step3Body}</p>
              <p class="muted small">
                {m.otherAdmins(model.successors.value.map((admin) => admin.displayName))}
              </p>
              <AfterLeaving />
              <Leave
                kind={kind}
                id={id}
                onLeft={() => {
                  model.markLeft();
                  // ホーム shows the list without this resource when the person goes there.
                  void home.load();
                  window.scrollTo(0, 0);
                }}
              />
            </>
          ) : (
            <p>{m.step3Locked}</p>
          )}
        </Step>
      </ol>
    </>
  );
}

type StepState = 'done' | 'now' | 'later';

function Step(props: { number: number; title: string; state: StepState; children: ComponentChildren }) {
  const m = tm().handover;
  const label = { done: m.stepDone, now: m.stepNow, later: m.stepLater }[props.state];
  const headingId = `handover-step-${props.number}`;
  return (
    <li
      class="step"
      data-state={props.state}
      aria-labelledby={headingId}
      aria-current={props.state === 'now' ? 'step' : undefined}
    >
      <div class="step-head">
        <h2 id={headingId}>
          {['①', '②', '③'][props.number - 1]} {props.title}
        </h2>
        <span class="step-state">{label}</span>
      </div>
      {props.children}
    </li>
  );
}

function StepInvite() {
  const m = tm().handover;
  const issued = model.issued.value;
  const issuing = model.issuing.value;
  const again = issued !== null || model.pendingInvites.value.length > 0;
  // Once used, the link opens nothing: it is shown only while it still waits for the successor.
  const showLink = issued !== null && model.issuedStatus.value === 'pending';
  return (
    <>
      <p>{m.step1Body}</p>
      {showLink && (
        <InviteShare
          invite={issued}
          resourceName={model.detail.value?.resource.name ?? ''}
          kind={model.detail.value?.resource.kind ?? 'account'}
          inviter={session.user.value?.displayName ?? ''}
        />
      )}
      {model.issueError.value !== null && (
        <ErrorState title={m.createFailed} error={model.issueError.value} />
      )}
      {model.step.value < 3 && (
        <div class="actions">
          <button
            type="button"
            class={again ? 'button button-secondary' : 'button'}
            onClick={() => void model.invite()}
            disabled={issuing}
            aria-busy={issuing}
          >
            {issuing ? m.creating : again ? m.createAnother : m.createLink}
          </button>
        </div>
      )}
    </>
  );
}

function StepWait({ kind }: { kind: ResourceKind }) {
  const m = tm().handover;
  const successors = model.successors.value;
  const requests = model.pendingRequests.value;
  const pending = model.pendingInvites.value;
  const refreshing = model.refreshing.value;
  const nothing = successors.length === 0 && requests.length === 0 && pending.length === 0;
  return (
    <>
      <p>{m.step2Body}</p>
      {model.issuedStatus.value === 'gone' && <p class="warning warning-text">{m.inviteGone}</p>}
      {nothing ? (
        <p class="muted small">{m.noInviteYet}</p>
      ) : (
        <ul class="list" aria-live="polite">
          {successors.map((admin) => (
            <li key={admin.userId} class="row">
              <span class="row-main">
                <span class="row-title">{admin.displayName}</span>
                <span>
                  <RoleBadge role={admin.role} kind={kind} />
                </span>
              </span>
              <span class="step-state status-accepted">{m.accepted}</span>
            </li>
          ))}
          {requests.map((request) => (
            <li key={request.id} class="row">
              <span class="row-main">
                <span class="row-title">{request.user.displayName}</span>
                <span class="muted small">{m.approveHint}</span>
              </span>
              <span class="step-state status-pending">{m.awaitingApproval}</span>
            </li>
          ))}
          {pending.map((invite) => (
            <li key={invite.id} class="row">
              <span class="row-main">
                <span class="row-title">{m.invitedAdmin}</span>
                <span class="muted small">{m.validUntil(formatDateTime(invite.expiresAt))}</span>
              </span>
              <span class="step-state status-pending">{m.pending}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          onClick={() => void model.refresh()}
          disabled={refreshing}
          aria-busy={refreshing}
        >
          {refreshing ? m.refreshing : m.refresh}
        </button>
      </div>
    </>
  );
}

type LeaveProps = { kind: ResourceKind; id: string; onLeft: (route: (path: string) => void) => void };

function toHome(route: (path: string) => void): void {
  void home.load().then(() => route('/'));
}

function Leave({ kind, id, onLeft }: LeaveProps) {
  const { route } = useLocation();
  const detail = model.detail.value;
  if (!detail) return null;
  return (
    <LeaveAccount
      kind={kind}
      id={id}
      resourceName={detail.resource.name}
      grants={detail.grants}
      adminCount={model.successors.value.length + 1}
      model={model.leaving}
      onLeft={() => onLeft(route)}
    />
  );
}

/** Step ③, before the tap: what leaving changes and what it leaves in place. */
function AfterLeaving() {
  const m = tm().handover;
  const summary = model.summary.value;
  if (!summary) return null;
  const { name } = summary.resource;
  return (
    <div class="handover-preview">
      <p>{m.afterLeaving}</p>
      <ul>
        <li>{m.willNoLongerBeAdmin(name)}</li>
        {summary.invitesEnded > 0 && <li>{m.invitesWillEnd(summary.invitesEnded)}</li>}
        {summary.keptThroughGroups.map((kept) => (
          <li key={kept.group.id}>
            {m.keptThroughGroup(kept.group.name, roleLabel(kept.role, summary.resource.kind), name)}
          </li>
        ))}
        {summary.invitesKept.length > 0 && <li>{m.invitesKept(summary.invitesKept.length)}</li>}
      </ul>
    </div>
  );
}

/** The handover's end: what changed and what remains, in plain words, with the way to each. */
function Finished({ summary }: { summary: HandoverSummary }) {
  const m = tm().handover;
  const { kind, id, name } = summary.resource;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const remains = summary.keptThroughGroups.length > 0 || summary.invitesKept.length > 0;
  return (
    <section class="outcome handover-done" aria-labelledby="handover-done">
      <span class="outcome-mark" aria-hidden="true">
        ✓
      </span>
      <h1 id="handover-done" ref={heading} tabIndex={-1}>
        {m.doneTitle}
      </h1>
      <h2>{m.changed}</h2>
      <ul class="summary-list">
        <li>{m.noLongerAdmin(name)}</li>
        {summary.successors.length > 0 && <li>{m.successorsNow(summary.successors)}</li>}
        {summary.invitesEnded > 0 && <li>{m.invitesEnded(summary.invitesEnded)}</li>}
      </ul>
      <h2>{m.remains}</h2>
      {remains ? (
        <ul class="summary-list">
          {summary.keptThroughGroups.map((kept) => (
            <li key={kept.group.id}>
              <p>{m.keptThroughGroup(kept.group.name, roleLabel(kept.role, kind), name)}</p>
              <p class="muted small">{m.keptThroughGroupHint}</p>
              <a class="button button-secondary" href={resourcePath('group', kept.group.id)}>
                {m.openGroup(kept.group.name)}
              </a>
            </li>
          ))}
          {summary.invitesKept.length > 0 && (
            <li>
              <p>{m.invitesKept(summary.invitesKept.length)}</p>
              <a class="button button-secondary" href={resourcePath(kind, id)}>
                {m.openResource(name)}
              </a>
            </li>
          )}
        </ul>
      ) : (
        <p>{m.nothingRemains(name)}</p>
      )}
      <div class="actions">
        <a class="button" href="/">
          {m.home}
        </a>
      </div>
    </section>
  );
}
