-- A model listed twice by one whole-Hub crawl (it moved across a page boundary while the crawl ran, or two pages
-- had identical bodies and share one kept file) keeps its first page's row. Run only when the day's rows hold a
-- repeated model_id: a full partition of the listing costs more than the load it would follow.
delete from raw.hf_model_snapshots
where day = $day::date
    and rowid in (
        select snapshots.rowid
        from raw.hf_model_snapshots as snapshots
        inner join meta.hf_crawl_pages as pages
            on pages.payload_id = snapshots.payload_id
        where snapshots.day = $day::date
            and pages.crawl_id = $crawl_id
        qualify row_number() over (partition by snapshots.model_id order by pages.page_index, snapshots.rowid) > 1
    )
