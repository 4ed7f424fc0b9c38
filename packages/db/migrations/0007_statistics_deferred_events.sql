-- A feed import applies thousands of events in one transaction; refreshing the statistics once for all of
-- them at the end is cheaper than once per event. `renkou.stats_events = deferred` (transaction-local) makes
-- the event trigger stand aside; the importer then calls stat_refresh(ids of its events) before committing.
-- Persons' stock triggers are unaffected.
CREATE OR REPLACE FUNCTION stat_on_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF stat_deferred() OR coalesce(current_setting('renkou.stats_events', true), '') = 'deferred' THEN RETURN NULL; END IF;
  PERFORM stat_refresh(ARRAY(SELECT DISTINCT coalesce(corrects_event_id, id) FROM event_new));
  RETURN NULL;
END $$;
