import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { exec } from 'preact-iso/router';
import { ApiError } from './api/errors';
import { Avatar } from './components/Avatar';
import { ErrorState } from './components/ErrorState';
import { lazyPage as page, screensLoading } from './components/lazy-page';
import { Spinner } from './components/Skeleton';
import { t } from './i18n';
import { login } from './liff';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { session } from './services';

// Home is the first screen and ships in the entry chunk.
const RegisterAccount = page(() => import('./pages/RegisterAccount').then((m) => m.RegisterAccount));
const AccountPage = page(() => import('./pages/Resource').then((m) => m.AccountPage));
const GroupPage = page(() => import('./pages/Resource').then((m) => m.GroupPage));
// Invites: the admin's メンバーを追加, and the invitee's screen behind an invite link.
const AccountInvite = page(() => import('./pages/AddMember').then((m) => m.AccountInvitePage));
const GroupInvite = page(() => import('./pages/AddMember').then((m) => m.GroupInvitePage));
const InvitePage = page(() => import('./pages/Invite').then((m) => m.InvitePage));
// Member management: a person's role, the handover of the admin role, the history.
const AccountMember = page(() => import('./pages/Member').then((m) => m.AccountMemberPage));
const GroupMember = page(() => import('./pages/Member').then((m) => m.GroupMemberPage));
const AccountHandover = page(() => import('./pages/Handover').then((m) => m.AccountHandoverPage));
const GroupHandover = page(() => import('./pages/Handover').then((m) => m.GroupHandoverPage));
const AccountHistory = page(() => import('./pages/History').then((m) => m.AccountHistoryPage));
const GroupHistory = page(() => import('./pages/History').then((m) => m.GroupHistoryPage));
// A connected account (SPEC §9): its Messaging API channel, and メッセージを作成.
const ConnectChannel = page(() => import('./pages/ConnectChannel').then((m) => m.ConnectChannel));
const Broadcast = page(() => import('./pages/Broadcast').then((m) => m.Broadcast));
// Groups of accounts, and the owner's access overview with offboarding.
const CreateGroup = page(() => import('./pages/CreateGroup').then((m) => m.CreateGroup));
const AccessOverview = page(() => import('./pages/AccessOverview').then((m) => m.AccessOverview));
const PersonPage = page(() => import('./pages/Person').then((m) => m.PersonPage));
// Access reviews (棚卸し): who keeps access, decided person by person, and the result.
const ReviewPage = page(() => import('./pages/Review').then((m) => m.ReviewPage));
// The demo's view of what "LINE" received: a literal comparison, so that production builds drop the route and
// its chunk (the local stand-in of LINE it reads exists only there).
const LineView =
  import.meta.env.VITE_LIFF_MOCK === 'true'
    ? page(() => import('./pages/LineView').then((m) => m.LineView))
    : null;

// biome-ignore lint/suspicious/noExplicitAny: each screen takes its own route params
type Screen = ComponentType<any> & { prefetch?: () => void };

/** Every screen by path: the router renders them, and a link about to be tapped prefetches its chunk. */
const ROUTES: [path: string, screen: Screen][] = [
  ['/', Home],
  ['/accounts/new', RegisterAccount],
  ['/accounts/:id', AccountPage],
  ['/groups/new', CreateGroup],
  ['/groups/:id', GroupPage],
  ['/accounts/:id/invite', AccountInvite],
  ['/groups/:id/invite', GroupInvite],
  ['/invite', InvitePage],
  ['/accounts/:id/members/:userId', AccountMember],
  ['/groups/:id/members/:userId', GroupMember],
  ['/accounts/:id/handover', AccountHandover],
  ['/groups/:id/handover', GroupHandover],
  ['/accounts/:id/history', AccountHistory],
  ['/accounts/:id/channel', ConnectChannel],
  ['/accounts/:id/broadcast', Broadcast],
  ['/groups/:id/history', GroupHistory],
  ['/access', AccessOverview],
  ['/access/:userId', PersonPage],
  ['/reviews/:reviewId', ReviewPage],
  ...(LineView ? [['/line', LineView] as [string, Screen]] : []),
];

/** Starts loading the screen of an in-app link the finger is on (touchstart) or the pointer is over. */
function prefetchLink(event: Event): void {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
  ROUTES.find(([path]) => exec(link.pathname, path))?.[1].prefetch?.();
}

/** When ホーム shows, the screen most often opened next (an account) loads while the phone is idle. */
function PrefetchNext() {
  const { path } = useLocation();
  useEffect(() => {
    if (path !== '/') return;
    // Safari has no requestIdleCallback.
    const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 300));
    idle(() => AccountPage.prefetch());
  }, [path]);
  return null;
}

/** A screen is waiting for its code: the top progress bar shows at once. */
function ProgressBar() {
  return screensLoading.value > 0 ? (
    <div class="progress" role="progressbar" aria-label={t.loading}>
      <span />
    </div>
  ) : null;
}

export function App() {
  const user = session.user.value;
  useEffect(() => {
    document.addEventListener('touchstart', prefetchLink, { passive: true });
    document.addEventListener('mouseover', prefetchLink, { passive: true });
    return () => {
      document.removeEventListener('touchstart', prefetchLink);
      document.removeEventListener('mouseover', prefetchLink);
    };
  }, []);
  if (!user) {
    return <main class="main">{session.status.value === 'failed' ? <SignInFailed /> : <Spinner />}</main>;
  }
  return (
    <LocationProvider>
      <ProgressBar />
      <PrefetchNext />
      <header class="topbar">
        <a class="brand" href="/">
          {t.appName}
        </a>
        <Avatar name={user.displayName} pictureUrl={user.pictureUrl} />
      </header>
      <main class="main">
        <ErrorBoundary>
          <Router>
            {[
              ...ROUTES.map(([path, screen]) => <Route key={path} path={path} component={screen} />),
              <Route key="404" default component={NotFound} />,
            ]}
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}

function SignInFailed() {
  const error = session.error.value;
  // A rejected ID token (expired, say) is renewed only by logging in with LINE again.
  const action =
    error instanceof ApiError && error.code === 'INVALID_TOKEN' ? (
      <button type="button" class="button" onClick={login}>
        {t.signIn.loginAgain}
      </button>
    ) : undefined;
  return (
    <ErrorState title={t.signIn.failed} error={error} onRetry={() => void session.signIn()} action={action} />
  );
}
