import { useEffect, useId } from 'preact/hooks';
import { notificationSettingApi } from '../api/notifications';
import { SettingSwitch } from '../components/SettingSwitch';
import { addBotUrl, demoFollow, isBotFriend } from '../friendship';
import { describeError } from '../i18n/labels';
import { tl } from '../i18n/line-view';
import { tn } from '../i18n/notifications';
import { client, home } from '../services';
import { createNotificationsModel, type Reach } from '../state/notifications';
import './home-extras.css';

// ホーム below its lists, in a chunk of its own (SPEC §7 budget): whether LINE notifications reach the person,
// the offer to add Kengen's bot, the switch; in the demo, the way to what "LINE" received.

// A literal comparison, so that production builds drop the demo's parts and their words.
const demo = import.meta.env.VITE_LIFF_MOCK === 'true';

const follow = demoFollow;
const model = createNotificationsModel({
  setting: home.notifications,
  isBotFriend,
  ...notificationSettingApi(client),
  ...(follow ? { follow: () => follow(true) } : {}),
  refresh: () => home.load(),
});

export function HomeExtras() {
  return (
    <>
      <NotificationsCard />
      {demo && <DemoLineLink />}
    </>
  );
}

function NotificationsCard() {
  const text = tn().card;
  const id = useId();
  useEffect(() => {
    void model.check();
    // Back from LINE's add-friend screen (or from blocking the bot): ask LINE and Kengen again.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      void model.check();
      void home.load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
  const reach = model.reach.value;
  if (!reach) return null;
  const saving = model.saving.value;
  const error = model.error.value;
  return (
    <section class="notify-card" aria-labelledby={`${id}-title`} aria-busy={model.checking.value}>
      <div class="section-head">
        <h2 id={`${id}-title`}>{text.title}</h2>
        <span class={`badge ${reach === 'on' ? 'badge-on' : 'badge-off'}`}>{text.status[reach]}</span>
      </div>
      <p class="muted small">{explanation(reach)}</p>
      {reach === 'not-friend' && <AddFriend />}
      <SettingSwitch
        label={text.switchLabel}
        hint={text.switchHint}
        checked={model.enabled.value}
        saving={saving}
        onChange={(checked) => void model.setEnabled(checked)}
      />
      {error !== null && (
        <p class="row-error" role="alert">
          {text.saveFailed}: {describeError(error).message}
        </p>
      )}
    </section>
  );
}

function explanation(reach: Reach): string {
  const text = tn().card;
  if (reach === 'not-friend') return addBotUrl || demo ? text.notFriend : text.notFriendNoLink;
  return text[reach];
}

function AddFriend() {
  const text = tn().card;
  if (demo) {
    return (
      <button
        type="button"
        class="button"
        disabled={model.saving.value}
        aria-busy={model.saving.value}
        onClick={() => void model.follow()}
      >
        {tl().follow}
      </button>
    );
  }
  if (!addBotUrl) return null;
  return (
    <a class="button" href={addBotUrl}>
      {text.addFriend}
    </a>
  );
}

/** The demo's way to watch the whole loop: what the local stand-in of LINE received for this person. */
function DemoLineLink() {
  const text = tl();
  return (
    <ul class="list">
      <li>
        <a class="row" href="/line">
          <span class="row-main">
            <span class="row-title">{text.link}</span>
            <span class="muted small">{text.linkHint}</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      </li>
    </ul>
  );
}
