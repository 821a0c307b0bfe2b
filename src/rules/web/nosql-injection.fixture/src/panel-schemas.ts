import { z } from 'zod';

export const panelIdSchema = z.string().refine((v) => /^[0-9a-f]{24}$/.test(v), 'not an id');
export const layoutSchema = z.object({ columns: z.number() });
