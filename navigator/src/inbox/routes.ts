import type { FastifyInstance } from 'fastify';
import type { NavigatorContext } from '../context';

export async function inboxRoutes(app: FastifyInstance, _ctx: NavigatorContext): Promise<void> {
  app.get('/', async () => 'inbox');
}
