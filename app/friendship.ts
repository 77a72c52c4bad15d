import liff from '@line/liff/core';
import { liffMock } from './liff';

// Whether the person is a friend of Kengen's bot, as LINE says (liff.getFriendship). Like the share target
// picker (share.ts), its LIFF module is installed on first use: only ホーム's notifications card asks, after
// the first screen, so it stays out of the entry chunk (SPEC §7 budget).

let installing: Promise<void> | null = null;

function install(): Promise<void> {
  installing ??= import('@line/liff/get-friendship').then(({ default: GetFriendshipModule }) => {
    if (typeof liff.getFriendship !== 'function') liff.use(new GetFriendshipModule());
  });
  return installing;
}

/**
 * True when the person follows the bot linked to the LIFF app's LINE Login channel, false when not, null when
 * LINE could not say (no linked bot, no `profile` scope, offline): the screen then goes by what Kengen knows.
 */
export async function isBotFriend(): Promise<boolean | null> {
  try {
    if (liffMock) await (await liffMock).refreshMockFriendship(liff);
    else await install();
    const { friendFlag } = await liff.getFriendship();
    return friendFlag;
  } catch (error) {
    console.warn('liff.getFriendship failed', error);
    return null;
  }
}

const botId = import.meta.env.VITE_LINE_BOT_ID ?? '';

/** LINE's add-friend link of Kengen's bot; null when the build has no basic ID for it. */
export const addBotUrl: string | null = botId ? `https://line.me/R/ti/p/${encodeURIComponent(botId)}` : null;

/**
 * The demo has no LINE to open the add-friend link: its stand-in of LINE follows the bot for the person
 * instead (and tells Kengen's webhook). Null outside demo builds.
 */
export const demoFollow: ((follow: boolean) => Promise<void>) | null = liffMock
  ? async (follow) => (await liffMock)?.mockFollow(follow)
  : null;
