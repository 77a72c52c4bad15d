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
            <Route path="/groups/:id" component={GroupPage} />
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
