/**
 * The insight routes over the marts of issue #4:
 *
 *   GET /feed.xml                      Atom feed of marts.weekly_changes (the latest FEED_WEEKS weeks)
 *   GET /api/claims                    every row of marts.claim_verdicts
 *   GET /api/digest?week=YYYY-MM-DD    marts.weekly_changes of the week holding that day (default: the latest)
 *   GET /api/headlines?origin=CN       each headline metric's latest complete week, with the week before
 *
 * Errors are thrown as HttpError and answered by the app's error middleware. Request values reach SQL only as bound
 * parameters.
 */
import { Router, type Request } from 'express';
import type { Database, Row, Session } from '../../db/connection.ts';
import { isIsoDay, systemClock, weekStart, type Clock } from '../../lib/time.ts';
import { HttpError } from '../errors.ts';
import { buildAtomFeed, utcTimestamp, type ChangeRow } from '../feed.ts';
import { tableExists } from '../marts.ts';
import { withSession } from '../session.ts';

export interface InsightsOptions {
  db: Database;
  /** The public address for feed ids and links; default: from the request (scheme and Host). */
  siteUrl?: string;
  /** Used only for the feed's `updated` when no change has been computed yet. */
  now?: Clock;
}

export const FEED_WEEKS = 12;

// An origin code as the registry writes it (ISO 3166 alpha-2 or a named bucket).
const ORIGIN = /^([A-Z]{2}|UNKNOWN|INTL|COMMUNITY)$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

// in_llm_scope: whether a Hugging Face subject is a language model (hf_top_models), so the digest lists those first.
const CHANGES_SQL = `
select week_start, channel, kind, metric, subject, compare_subject, origin_country, organisation, detail,
    value_before, value_after, compare_before, compare_after, unit, definition, as_of, llm.in_llm_scope
from marts.weekly_changes
left join (select model_id, bool_or(in_llm_scope) as in_llm_scope from marts.hf_top_models group by model_id) as llm
    on channel = 'huggingface' and llm.model_id = subject`;

const CHANGE_ORDER = `
order by week_start desc, channel desc,
    case kind when 'crossing' then 1 when 'entrant' then 2 when 'exit' then 3 else 4 end,
    metric, value_after - value_before, subject`;

async function requireMarts(session: Session, ...marts: string[]): Promise<void> {
  for (const mart of marts) {
    if (!(await tableExists(session, 'marts', mart))) {
      throw new HttpError(404, `mart ${mart} has not been built yet: run \`adoption-tracker transform\``);
    }
  }
}

function siteUrlOf(req: Request, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.get('host') ?? '';
  // A Host header is the client's to choose: only a plain host name or address is echoed into the feed.
  return `${req.protocol}://${HOST.test(host) ? host : 'localhost'}`;
}

function singleParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `${name} must be given once`);
  return value;
}

/** Weeks a digest exists for: complete, and compared with a complete week before (marts.weekly_changes' rule). */
async function digestWeeks(session: Session): Promise<string[]> {
  const rows = await session.json<{ week_start: string }>(
    `select distinct week_start from marts.weekly_metrics
     where is_complete_week and previous_is_complete_week
     order by week_start desc`,
  );
  return rows.map((r) => r.week_start);
}

export function insightsRouter(options: InsightsOptions): Router {
  const router = Router();
  const now = options.now ?? systemClock;

  router.get('/feed.xml', async (req, res) => {
    const { rows, updated } = await withSession(options.db, async (session) => {
      await requireMarts(session, 'weekly_changes', 'hf_top_models');
      const changes = await session.json<ChangeRow & Row>(
        `${CHANGES_SQL}
         where week_start in (select distinct week_start from marts.weekly_changes order by week_start desc limit $1)
         ${CHANGE_ORDER}`,
        [FEED_WEEKS],
      );
      const [latest] = await session.json<{ as_of: string | null }>(
        'select max(as_of) as as_of from marts.weekly_changes',
      );
      return { rows: changes, updated: latest?.as_of ? utcTimestamp(latest.as_of) : now() };
    });
    res
      .type('application/atom+xml; charset=utf-8')
      .send(buildAtomFeed(rows, { siteUrl: siteUrlOf(req, options.siteUrl), updated }));
  });

  router.get('/api/claims', async (_req, res) => {
    const rows = await withSession(options.db, async (session) => {
      await requireMarts(session, 'claim_verdicts');
      return session.json('select * from marts.claim_verdicts order by id');
    });
    let asOf: string | null = null;
    for (const row of rows) {
      if (typeof row.as_of === 'string' && (asOf === null || row.as_of > asOf)) asOf = row.as_of;
    }
    res.json({ ok: true, as_of: asOf, rows });
  });

  router.get('/api/digest', async (req, res) => {
    const asked = singleParam(req, 'week');
    if (asked !== undefined && !isIsoDay(asked)) {
      throw new HttpError(400, `week must be a date YYYY-MM-DD, got ${JSON.stringify(asked.slice(0, 40))}`);
    }
    const body = await withSession(options.db, async (session) => {
      await requireMarts(session, 'weekly_changes', 'weekly_metrics', 'hf_top_models');
      const weeks = await digestWeeks(session);
      const week = asked === undefined ? weeks[0] : weekStart(asked);
      if (week === undefined) throw new HttpError(404, 'no digest yet: no complete week follows another complete week');
      if (!weeks.includes(week)) {
        throw new HttpError(
          404,
          `no digest for the week of ${week}: digests exist for the weeks of ${weeks.at(-1)} to ${weeks[0]}`,
        );
      }
      const rows = await session.json(`${CHANGES_SQL} where week_start = $1::date ${CHANGE_ORDER}`, [week]);
      const [latest] = await session.json<{ as_of: string | null }>(
        `select max(as_of) as as_of from marts.weekly_metrics where week_start = $1::date`,
        [week],
      );
      return { ok: true, week_start: week, weeks, as_of: latest?.as_of ?? null, rows };
    });
    res.json(body);
  });

  router.get('/api/headlines', async (req, res) => {
    const origin = singleParam(req, 'origin') ?? 'CN';
    if (!ORIGIN.test(origin)) {
      throw new HttpError(
        400,
        `origin must be a country code such as CN or US, or UNKNOWN, INTL, COMMUNITY; got ${JSON.stringify(origin.slice(0, 40))}`,
      );
    }
    const headlines = await withSession(options.db, async (session) => {
      await requireMarts(session, 'metric_definitions', 'weekly_metrics');
      return session.json(
        `select
             d.headline_order, d.metric, d.channel, d.label, d.unit, d.value_kind, d.definition,
             m.week_start, m.origin_country, m.is_complete_week,
             m.value, m.value_low, m.value_high,
             m.previous_value, m.previous_value_low, m.previous_value_high, m.previous_is_complete_week,
             m.value - m.previous_value as change,
             m.source, m.as_of,
             case
                 when d.last_complete_week_start is null then 'no complete week of this metric yet'
                 when m.metric is null then 'no value for this origin in the week of ' || d.last_complete_week_start
             end as missing
         from marts.metric_definitions as d
         left join marts.weekly_metrics as m
             on m.metric = d.metric
             and m.week_start = d.last_complete_week_start
             and m.organisation is null
             and m.origin_country = case when d.breakdown = 'channel' then 'ALL' else $1 end
         where d.headline_order is not null
         order by d.headline_order, d.metric`,
        [origin],
      );
    });
    res.json({ ok: true, origin_country: origin, headlines });
  });

  return router;
}
