import type { MartInfo } from '../api.ts';
import type { Channel, Freshness } from '../freshness.ts';
import type { State } from '../state.ts';

export interface ViewContext {
  state: State;
  /** Changes the state: a new history entry (push) unless `replace`; the view is drawn again. */
  setState(patch: Partial<State>, options?: { replace?: boolean }): void;
  /** The width charts should be drawn at. */
  chartWidth: number;
  catalog: Map<string, MartInfo>;
  /** The full URL of what is on screen, for CSV comments. */
  permalink(): string;
  /** How old each source's data is (from /api/status). */
  freshness: Freshness;
}

export interface View {
  /** The path segment after the base: '' for the overview. */
  path: string;
  nav: string;
  title: string;
  lede: string;
  /** The sources whose staleness the view warns of, above its numbers. */
  channels?: readonly Channel[] | ((state: State) => readonly Channel[]);
  /** A title that depends on the state (a model's page names the model); `title` otherwise. */
  titleFor?(state: State): string;
  /** Left out of the navigation (reached by links, e.g. a model's page). */
  hidden?: boolean;
  render(ctx: ViewContext): Promise<Node[]>;
}
