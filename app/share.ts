import liff from '@line/liff/core';

// Sharing through LINE's share target picker. Its LIFF module is installed on first use rather than in
// liff.ts: it weighs about 3.5 KB gzip and only the invite screen needs it (SPEC §7 budget). Installing it
// after liff.init is fine: it does not hook into init, it reads the context that init stored.
// liff.isApiAvailable, on the other hand, is installed by liff.ts: init's own code already includes it.

export type ShareMessage = Parameters<typeof liff.shareTargetPicker>[0][number];

let installing: Promise<void> | null = null;

function install(): Promise<void> {
  installing ??= import('@line/liff/share-target-picker').then(({ default: ShareTargetPickerModule }) => {
    // In demo builds the LIFF mock has supplied the function at init; the real module must not replace it.
    if (typeof liff.shareTargetPicker !== 'function') liff.use(new ShareTargetPickerModule());
  });
  return installing;
}

/** True only where LINE offers the share target picker (in LINE, with the permission on; SPEC §1). */
export async function canShare(): Promise<boolean> {
  if (!liff.isApiAvailable('shareTargetPicker')) return false;
  try {
    await install();
    return true;
  } catch {
    return false;
  }
}

/** Opens the picker; resolves to whether the message was sent (false: the user closed the picker). */
export async function share(messages: ShareMessage[]): Promise<boolean> {
  await install();
  const result = await liff.shareTargetPicker(messages, { isMultiple: true });
  return result?.status === 'success';
}
