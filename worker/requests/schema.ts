import { z } from 'zod';

export const requestIdParam = z.object({ requestId: z.uuid() });
