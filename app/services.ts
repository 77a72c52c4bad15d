import { createClient } from './api/client';
import { meApi } from './api/me';
import { sessionApi } from './api/session';
import { idToken, language } from './liff';
import { createHomeModel } from './state/home';
import { createSessionModel } from './state/session';

// The app's models, wired once with the real API. Secondary pages wire theirs in their own (lazy) chunk.

export const session = createSessionModel({
  idToken,
  language,
  ...sessionApi(createClient()),
  onSignedIn: ({ me }) => {
    if (me) home.receive(me);
  },
});

export const client = createClient({ token: () => session.token.peek(), renew: () => session.signIn() });

export const home = createHomeModel(meApi(client));
