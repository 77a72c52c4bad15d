import { ErrorBoundary, LocationProvider, lazy, Route, Router } from 'preact-iso';
import { ApiError } from './api/errors';
import { Avatar } from './components/Avatar';
import { ErrorState } from './components/ErrorState';
import { Spinner } from './components/Skeleton';
import { t } from './i18n';
import { login } from './liff';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { session } from './services';

/**
 * A page in its own chunk, loaded when first visited. A chunk that cannot load (offline, or gone after a
 * newer deploy) would leave the router waiting forever; a full load of the URL, already changed, recovers.
 */
function page<T>(load: () => Promise<T>) {
  return lazy(() =>
    load().catch((error: unknown) => {
      location.reload();
      throw error;
    }),
  );
}

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
// Groups of accounts, and the owner's access overview with offboarding.
const CreateGroup = page(() => import('./pages/CreateGroup').then((m) => m.CreateGroup));
const AccessOverview = page(() => import('./pages/AccessOverview').then((m) => m.AccessOverview));
const PersonPage = page(() => import('./pages/Person').then((m) => m.PersonPage));
// The demo's view of what "LINE" received: a literal comparison, so that production builds drop the route and
// its chunk (the local stand-in of LINE it reads exists only there).
const LineView =
  import.meta.env.VITE_LIFF_MOCK === 'true'
    ? page(() => import('./pages/LineView').then((m) => m.LineView))
    : null;

export function App() {
  const user = session.user.value;
  if (!user) {
    return <main class="main">{session.status.value === 'failed' ? <SignInFailed /> : <Spinner />}</main>;
  }
  return (
    <LocationProvider>
      <header class="topbar">
        <a class="brand" href="/">
          {t.appName}
        </a>
        <Avatar name={user.displayName} pictureUrl={user.pictureUrl} />
      </header>
      <main class="main">
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Home} />
            <Route path="/accounts/new" component={RegisterAccount} />
            <Route path="/accounts/:id" component={AccountPage} />
            <Route path="/groups/new" component={CreateGroup} />
            <Route path="/groups/:id" component={GroupPage} />
            <Route path="/accounts/:id/invite" component={AccountInvite} />
            <Route path="/groups/:id/invite" component={GroupInvite} />
            <Route path="/invite" component={InvitePage} />
            <Route path="/accounts/:id/members/:userId" component={AccountMember} />
            <Route path="/groups/:id/members/:userId" component={GroupMember} />
            <Route path="/accounts/:id/handover" component={AccountHandover} />
            <Route path="/groups/:id/handover" component={GroupHandover} />
            <Route path="/accounts/:id/history" component={AccountHistory} />
            <Route path="/groups/:id/history" component={GroupHistory} />
            <Route path="/access" component={AccessOverview} />
            <Route path="/access/:userId" component={PersonPage} />
            {LineView ? [<Route key="line" path="/line" component={LineView} />] : []}
            <Route default component={NotFound} />
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
