-- weekly_changes_grain: one row per week x channel x kind x metric x subject.
select
    week_start,
    channel,
    kind,
    metric,
    subject,
    count(*) as rows,
from marts.weekly_changes
group by week_start, channel, kind, metric, subject
having count(*) > 1
