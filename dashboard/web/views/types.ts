import type { MartInfo } from '../api.ts';
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
}

export interface View {
  /** The path segment after the base: '' for the overview. */
  path: string;
  nav: string;
  title: string;
  lede: string;
  render(ctx: ViewContext): Promise<Node[]>;
}
