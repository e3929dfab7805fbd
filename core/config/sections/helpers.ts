import { z } from 'zod';

/** A TCP port; `0` asks the OS for a free one (tests). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A positive integer with a default, read from an environment string. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `true`/`false`/`1`/`0`/`yes`/`no`; anything else is a configuration error, not silently false. */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An optional string where an empty value means "not set" (common in .env files). */
export const optionalString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** An optional http(s) URL; empty means unset. */
export const optionalUrl = () =>
  optionalString().pipe(z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional());

/** A comma-separated list; empty entries are dropped. */
export const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

/** The parsed type of one section's variables, as the merged schema produces it. */
export type EnvOf<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;
