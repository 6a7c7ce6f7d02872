// Unit tests run against fake-indexeddb (an edge fake); e2e tests use the browser's real IndexedDB.
import 'fake-indexeddb/auto';
