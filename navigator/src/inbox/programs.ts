import { z } from 'zod';
import type { Sql } from '../db/database';
import type { ProgramRow } from './views/programs';

const Row = z.object({
  id: z.string(),
  name: z.string(),
  organization: z.string().nullable(),
  capacity_status: z.enum(['accepting', 'waitlist', 'full']),
  capacity_available: z.number().nullable(),
  capacity_maximum: z.number().nullable(),
});

export async function searchPrograms(
  sql: Sql,
  q: string,
  limit = 50,
): Promise<{ rows: ProgramRow[]; total: number }> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const total = Number(
    (await sql.query('SELECT count(*)::int AS n FROM hsds_service WHERE name ILIKE $1', [pattern]))[0]?.n ??
      0,
  );
  const rows = await sql.query(
    `SELECT s.id, s.name, o.name AS organization, s.capacity_status, s.capacity_available, s.capacity_maximum
       FROM hsds_service s LEFT JOIN hsds_organization o ON o.id = s.organization_id
      WHERE s.name ILIKE $1 ORDER BY s.name, s.id LIMIT $2`,
    [pattern, limit],
  );
  return {
    total,
    rows: rows.map((raw) => {
      const r = Row.parse(raw);
      return {
        id: r.id,
        name: r.name,
        organization: r.organization,
        capacity: r.capacity_status,
        available: r.capacity_available,
        maximum: r.capacity_maximum,
      };
    }),
  };
}
