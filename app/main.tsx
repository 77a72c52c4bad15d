import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './App';
import { ErrorState } from './components/ErrorState';
import { chooseLanguage, t } from './i18n';
import { language, startLiff } from './liff';
import { home, session } from './services';
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
  chooseLanguage(language());
  // The first screen's data is requested the moment the session exists: an effect runs as the sign-in's
  // batch of signal writes ends, before Preact renders the signed-in app (a promise callback would wait
  // for that render, some 100 ms on a slow phone).
  if (location.pathname === '/') {
    let requested = false;
    effect(() => {
      if (!requested && session.token.value) {
        requested = true;
        void home.load();
      }
    });
  }
  void session.signIn();
  // render() diffs against what is in the container; the boot spinner of index.html is not Preact's.
  root.replaceChildren();
  render(<App />, root);
}

start().catch((error: unknown) => {
  console.error(error);
  chooseLanguage(navigator.language);
  root.replaceChildren();
  render(
    <main class="main">
      <ErrorState title={t.signIn.failed} error={error} onRetry={() => location.reload()} />
    </main>,
    root,
  );
});
