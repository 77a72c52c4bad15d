import { z } from 'zod';

export const userSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
});
