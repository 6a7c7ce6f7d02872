import { useQuery } from '@tanstack/react-query';
import { programsByIds } from '@/lib/catalog/reader';
import { fromCatalogProgram, type ProgramDetails } from '@/lib/referral/programs';
import { useCatalog } from '../programs/useCatalog';

/** Catalog details of the programs chosen in this visit (names, hours, cost for the note and the handout). */
export function useChosenPrograms(ids: readonly string[]): ProgramDetails[] {
  const { catalog } = useCatalog();
  const query = useQuery({
    queryKey: ['chosenPrograms', catalog?.active.version ?? null, ids.join('|')],
    queryFn: async () => (catalog ? (await programsByIds(catalog, ids)).map(fromCatalogProgram) : []),
    enabled: ids.length > 0,
    staleTime: Infinity,
  });
  return ids.length ? (query.data ?? []) : [];
}
