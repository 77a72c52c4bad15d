import { render } from 'preact';
import { App } from './App';
import { ErrorState } from './components/ErrorState';
import { chooseLanguage, t } from './i18n';
import { language, startLiff } from './liff';
import { session } from './services';
import './styles.css';

function appRoot(): HTMLElement {
  const element = document.getElementById('app');
  if (!element) throw new Error('index.html has no #app');
  return element;
}

const root = appRoot();

async function start(): Promise<void> {
  // Nothing may read or change the URL before liff.init: a deep link arrives through liff.state.
  await startLiff();
  await chooseLanguage(language());
  // On ホーム, its data comes with the session: one request, and one render of the signed-in screen.
  void session.signIn({ withMe: location.pathname === '/' });
  // render() diffs against what is in the container; the boot spinner of index.html is not Preact's.
  root.replaceChildren();
  render(<App />, root);
}

start().catch(async (error: unknown) => {
  console.error(error);
  await chooseLanguage(navigator.language);
  root.replaceChildren();
  render(
    <main class="main">
      <ErrorState title={t.signIn.failed} error={error} onRetry={() => location.reload()} />
    </main>,
    root,
  );
});
