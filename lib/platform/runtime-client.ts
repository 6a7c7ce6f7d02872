import { browser } from 'wxt/browser';
import { createClient } from '@/lib/messaging/client';

/** The typed message client for extension pages (side panel, options). */
export const sendMessage = createClient((message) => browser.runtime.sendMessage(message));
