import { z } from 'zod';
import type { Program } from '@/lib/catalog/program';

/**
 * What the prescribe screen knows about a chosen community program (resolved from the catalog by the shell).
 * Only `id` and `name` travel to the navigator; the rest is for the patient handout.
 */
export const ProgramDetails = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(300),
  organization: z.string().max(300).default(''),
  description: z.string().max(2000).default(''),
  address: z.string().max(500).default(''),
  hours: z.string().max(500).default(''),
  cost: z.string().max(300).default(''),
  /** The catalog says it is free (shown as "Free" in the patient's language). */
  free: z.boolean().nullable().default(null),
  howToJoin: z.string().max(1000).default(''),
  phone: z.string().max(60).default(''),
  email: z.string().max(200).default(''),
  url: z.string().max(500).default(''),
  /** ISO date the listing was last verified, when known. */
  verifiedAt: z.string().max(40).default(''),
});
export type ProgramDetails = z.infer<typeof ProgramDetails>;
export type ProgramDetailsInput = z.input<typeof ProgramDetails>;

/** The navigator only needs which programs were chosen, not the listing itself. */
export const ChosenProgram = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(300),
});
export type ChosenProgram = z.infer<typeof ChosenProgram>;

/** A catalog program card → what the prescribe screen and the handout need. */
export function fromCatalogProgram(p: Program): ProgramDetails {
  const place = p.locations.find((l) => l.type === 'physical') ?? p.locations[0];
  const address = place ? [place.address, place.city, place.postalCode].filter(Boolean).join(', ') : '';
  const hours = p.hours
    .map(
      (h) =>
        h.text || [h.days.join(' '), [h.opens, h.closes].filter(Boolean).join('–')].filter(Boolean).join(' '),
    )
    .filter(Boolean)
    .join('; ');
  const cost =
    p.fees ||
    p.costs
      .map((c) =>
        [c.label, c.amount !== null ? `${c.amount} ${c.currency}`.trim() : ''].filter(Boolean).join(' '),
      )
      .join('; ');
  const phone = p.phones[0]
    ? [p.phones[0].number, p.phones[0].extension && `x${p.phones[0].extension}`].filter(Boolean).join(' ')
    : '';
  return ProgramDetails.parse({
    id: p.id,
    name: p.name || p.id,
    organization: p.organization.name,
    description: p.description,
    address: address.slice(0, 500),
    hours: hours.slice(0, 500),
    cost: cost.slice(0, 300),
    free: p.free,
    howToJoin: p.applicationProcess,
    phone: phone.slice(0, 60),
    email: p.email.slice(0, 200),
    url: p.url,
    verifiedAt: p.assuredDate || p.lastModified,
  });
}
