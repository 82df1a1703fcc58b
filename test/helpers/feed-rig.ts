/** What feed tests stand on: a real context on a temp directory and the fake feed server on 127.0.0.1. */
import { FakeFeeds } from "../fakes/fake-feeds.ts";
import { tempContext, type TempContext } from "./context.ts";

export const FEED_TEST_NOW = "2026-11-25T12:00:00Z";

/** Opens both; `env` configures the context (say `FEED_CONCURRENCY`). */
export async function openFeedRig(env: Record<string, string> = {}): Promise<{ t: TempContext; fake: FakeFeeds }> {
  const t = await tempContext(FEED_TEST_NOW, env);
  return { t, fake: await new FakeFeeds().start() };
}

/** Closes what `openFeedRig` opened (either may be missing when set-up failed half way). */
export async function closeFeedRig(t: TempContext | undefined, fake: FakeFeeds | undefined): Promise<void> {
  await fake?.close();
  await t?.cleanup();
}
