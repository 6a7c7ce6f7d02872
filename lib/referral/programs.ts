import { z } from 'zod';

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
