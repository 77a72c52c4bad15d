import { z } from 'zod';

const personSchema = z.object({ userId: z.string(), displayName: z.string() });

export const connectedChannelSchema = z.object({
  connected: z.literal(true),
  basicId: z.string(),
  displayName: z.string().describe("The bot's name in LINE"),
  pictureUrl: z.string().nullable(),
  connectedAt: z.iso.datetime(),
  connectedBy: personSchema,
});

/** The account's Messaging API channel as everyone who sees the account sees it; never the token. */
export const channelSchema = z
  .discriminatedUnion('connected', [z.object({ connected: z.literal(false) }), connectedChannelSchema])
  .describe("The account's Messaging API channel (SPEC §9)");

export const connectInput = z.object({
  channelAccessToken: z
    .string()
    .trim()
    // LINE's tokens have no spaces: one inside is a copying mistake (two tokens, a word), not a token.
    .regex(
      /^[\x21-\x7e]{1,1000}$/,
      'A channel access token is 1 to 1000 printable ASCII characters, no spaces',
    )
    .describe('The long-lived channel access token from the LINE Developers console; stored encrypted'),
});

export const connectOutput = z.object({ channel: connectedChannelSchema });

/** What LINE accepts for now (SPEC §9): 1 to 5 text messages of 1 to 5,000 characters. */
export const MESSAGE_MAX_LENGTH = 5000;
export const MESSAGES_MAX = 5;

const textMessageSchema = z.object({
  type: z.literal('text'),
  text: z
    .string()
    .trim()
    .min(1)
    .max(MESSAGE_MAX_LENGTH)
    // A JSON "\ud800" escape: no UTF-8 store or LINE chat can hold half a character.
    .refine((text) => !/\p{Cs}/u.test(text), 'must not contain half of a surrogate pair'),
});

export const sendInput = z.object({
  messages: z.array(textMessageSchema).min(1).max(MESSAGES_MAX),
  retryKey: z
    .uuid()
    .optional()
    .describe('Made once when the confirmation opens and sent again on a retry: the send happens once'),
});
export type SendInput = z.infer<typeof sendInput>;

export const deliverySchema = z.object({
  id: z.string(),
  kind: z.enum(['broadcast', 'test']),
  messageCount: z.number().int(),
  preview: z.string().describe('The start of the first message (at most 60 characters)'),
  sentAt: z.iso.datetime(),
  sentBy: personSchema,
});

export const sendOutput = z.object({
  broadcast: deliverySchema.extend({
    lineRequestId: z.string().nullable().describe("LINE's x-line-request-id of the send"),
  }),
});

export const statsOutput = z.object({
  stats: z.object({
    date: z.iso.date().describe("The day (Japan time) LINE's numbers are for: yesterday"),
    status: z.enum(['ready', 'unready', 'out_of_service']),
    followers: z.number().int().nullable(),
    targetedReaches: z.number().int().nullable(),
    blocks: z.number().int().nullable(),
  }),
  deliveries: z.array(deliverySchema).describe('The 10 latest sends through Kengen, newest first'),
});

export const audienceOutput = z.object({
  audience: z.object({
    targetedReaches: z.number().int().nullable().describe('Friends a broadcast reaches, per LINE'),
    date: z.iso.date(),
  }),
  quota: z.object({
    limit: z.number().int().nullable().describe("The month's message limit; null when unlimited"),
    used: z.number().int().describe('Messages sent this month'),
  }),
});
