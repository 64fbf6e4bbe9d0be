-- Every trigger, trigger function and view of the tracker schema, as each
-- engine holds it after `tracker init`. Generated; do not edit: run
--     python -m tracker.triggers_doc POSTGRESQL_URL > docs/triggers.sql
-- The rules they keep are described in tracker/status.py and docs/schema.md.

-- SQLite

-- view commitment_overview
CREATE VIEW commitment_overview AS
    SELECT c.id, s.code AS statement, s.date AS statement_date, p.number AS paragraph,
           se.position AS sentence, c.title, c.type, c.binding, c.theme, c.deadline,
           cs.status, cs.as_of, cs.last_follow_up_on,
           CASE WHEN c.deadline < date('now')
                 AND cs.status NOT IN ('achieved', 'no_longer_applicable')
                THEN 1 ELSE 0 END AS overdue,
           (SELECT group_concat(label, '; ') FROM (SELECT a.name || ' (' || ca.role || ')' AS label FROM commitment_actor AS ca JOIN actor AS a ON a.id = ca.actor_id WHERE ca.commitment_id = c.id ORDER BY ca.position)) AS actors,
           (SELECT group_concat(label, '; ') FROM (SELECT r.name || coalesce(' (' || pr.name || ')', '') AS label FROM commitment_region AS cr JOIN region AS r ON r.id = cr.region_id LEFT JOIN region AS pr ON pr.id = r.parent_id WHERE cr.commitment_id = c.id ORDER BY cr.position)) AS regions,
           c.quote
    FROM commitment AS c
    JOIN statement AS s ON s.id = c.statement_id
    JOIN paragraph AS p ON p.id = c.paragraph_id
    JOIN sentence AS se ON se.id = c.sentence_id
    JOIN commitment_status AS cs ON cs.commitment_id = c.id;

-- view compliance_matrix
CREATE VIEW compliance_matrix AS
    SELECT s.code AS statement, c.id AS commitment_id, c.title, f.actor_id, a.name AS actor,
           a.country_code, f.score, (f.score + 1) * 50 AS percent, f.as_of,
           f.id AS follow_up_id
    FROM follow_up AS f
    JOIN commitment AS c ON c.id = f.commitment_id
    JOIN statement AS s ON s.id = c.statement_id
    JOIN actor AS a ON a.id = f.actor_id
    WHERE f.actor_id IS NOT NULL AND f.score IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
      AND NOT EXISTS (
          SELECT 1 FROM follow_up AS newer
          WHERE newer.commitment_id = f.commitment_id AND newer.actor_id = f.actor_id
            AND (newer.as_of, newer.recorded_at, newer.id) > (f.as_of, f.recorded_at, f.id)
            AND newer.score IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM follow_up AS y WHERE y.corrects_id = newer.id));

-- view latest_actor_follow_up
CREATE VIEW latest_actor_follow_up AS
    SELECT f.commitment_id, f.actor_id, a.name AS actor, f.id AS follow_up_id, f.status,
           f.score, f.as_of, f.sources, f.note, f.assessor, f.recorded_at
    FROM follow_up AS f JOIN actor AS a ON a.id = f.actor_id
    WHERE f.actor_id IS NOT NULL 
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
      AND NOT EXISTS (
          SELECT 1 FROM follow_up AS newer
          WHERE newer.commitment_id = f.commitment_id AND newer.actor_id = f.actor_id
            AND (newer.as_of, newer.recorded_at, newer.id) > (f.as_of, f.recorded_at, f.id)
            
            AND NOT EXISTS (SELECT 1 FROM follow_up AS y WHERE y.corrects_id = newer.id));

-- view latest_follow_up
CREATE VIEW latest_follow_up AS
    SELECT cs.commitment_id, f.id AS follow_up_id, f.status, f.score, f.as_of, f.sources,
           f.note, f.assessor, f.recorded_at
    FROM commitment_status AS cs JOIN follow_up AS f ON f.id = cs.follow_up_id;

-- view region_ancestor
CREATE VIEW region_ancestor AS
    WITH RECURSIVE chain (region_id, ancestor_id, depth) AS (
        SELECT id, id, 0 FROM region
        UNION ALL
        SELECT chain.region_id, region.parent_id, chain.depth + 1
        FROM chain JOIN region ON region.id = chain.ancestor_id
        WHERE region.parent_id IS NOT NULL AND chain.depth < 32
    )
    SELECT chain.region_id, r.name AS region, chain.ancestor_id, a.name AS ancestor,
           chain.depth
    FROM chain
    JOIN region AS r ON r.id = chain.region_id
    JOIN region AS a ON a.id = chain.ancestor_id;

-- trigger commitment_quote_verbatim_insert
CREATE TRIGGER commitment_quote_verbatim_insert BEFORE INSERT ON commitment WHEN NEW.quote IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) OR NEW.start_offset < (SELECT start_offset FROM sentence WHERE id = NEW.sentence_id) OR NEW.end_offset > (SELECT end_offset FROM sentence WHERE id = NEW.sentence_id) BEGIN SELECT RAISE(ABORT, 'commitment.quote is not the statement text at its offsets'); END;

-- trigger commitment_quote_verbatim_update
CREATE TRIGGER commitment_quote_verbatim_update BEFORE UPDATE OF quote, start_offset, end_offset, statement_id ON commitment WHEN NEW.quote IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) OR NEW.start_offset < (SELECT start_offset FROM sentence WHERE id = NEW.sentence_id) OR NEW.end_offset > (SELECT end_offset FROM sentence WHERE id = NEW.sentence_id) BEGIN SELECT RAISE(ABORT, 'commitment.quote is not the statement text at its offsets'); END;

-- trigger commitment_search_catch_up
CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        SELECT f.commitment_id, f.id, f.note FROM bulk_load_pending_note AS pending
    JOIN follow_up AS f ON f.id = pending.follow_up_id;
        DELETE FROM bulk_load_pending_note;
    END;

-- trigger commitment_search_delete
CREATE TRIGGER commitment_search_delete AFTER DELETE ON commitment
    BEGIN
        DELETE FROM commitment_search WHERE commitment_id = OLD.id;
    END;

-- trigger commitment_search_follow_up
CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bulk_load)
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        VALUES (NEW.commitment_id, NEW.id, NEW.note);
    END;

-- trigger commitment_search_insert
CREATE TRIGGER commitment_search_insert AFTER INSERT ON commitment
    BEGIN
        INSERT INTO commitment_search (commitment_id, title, quote)
        VALUES (NEW.id, NEW.title, NEW.quote);
    END;

-- trigger commitment_search_pending
CREATE TRIGGER commitment_search_pending AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL AND EXISTS (SELECT 1 FROM bulk_load)
    BEGIN
        INSERT INTO bulk_load_pending_note (follow_up_id) VALUES (NEW.id);
    END;

-- trigger commitment_search_update
CREATE TRIGGER commitment_search_update AFTER UPDATE OF id, title, quote ON commitment
    BEGIN
        UPDATE commitment_search SET commitment_id = NEW.id, title = NEW.title, quote = NEW.quote
        WHERE commitment_id = OLD.id AND follow_up_id IS NULL;
    END;

-- trigger commitment_status_catch_up
CREATE TRIGGER commitment_status_catch_up AFTER DELETE ON bulk_load
    BEGIN UPDATE commitment_status SET follow_up_id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1), status = coalesce((SELECT status FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), 'not_assessed'), as_of = (SELECT as_of FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1) WHERE commitment_id IN (SELECT commitment_id FROM bulk_load_pending); DELETE FROM bulk_load_pending; END;

-- trigger commitment_status_follow_up
CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up
    WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
    BEGIN UPDATE commitment_status
    SET follow_up_id = latest.id, status = coalesce(latest.status, 'not_assessed'),
        as_of = latest.as_of, last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
    FROM (SELECT 1) AS one
    LEFT JOIN follow_up AS latest ON latest.id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)
    WHERE commitment_status.commitment_id = NEW.commitment_id; END;

-- trigger commitment_status_guard_delete
CREATE TRIGGER commitment_status_guard_delete BEFORE DELETE ON commitment_status
    WHEN EXISTS (SELECT 1 FROM commitment WHERE id = OLD.commitment_id)
    BEGIN SELECT RAISE(ABORT, 'commitment_status is kept by the database: record a follow-up instead'); END;

-- trigger commitment_status_guard_insert
CREATE TRIGGER commitment_status_guard_insert BEFORE INSERT ON commitment_status
        WHEN NEW.follow_up_id IS NOT (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1) OR NEW.status IS NOT coalesce((SELECT status FROM follow_up WHERE id = NEW.follow_up_id), 'not_assessed') OR NEW.as_of IS NOT (SELECT as_of FROM follow_up WHERE id = NEW.follow_up_id) OR NEW.last_follow_up_on IS NOT (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'commitment_status is kept by the database: record a follow-up instead'); END;

-- trigger commitment_status_guard_update
CREATE TRIGGER commitment_status_guard_update BEFORE UPDATE ON commitment_status
        WHEN NEW.follow_up_id IS NOT (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1) OR NEW.status IS NOT coalesce((SELECT status FROM follow_up WHERE id = NEW.follow_up_id), 'not_assessed') OR NEW.as_of IS NOT (SELECT as_of FROM follow_up WHERE id = NEW.follow_up_id) OR NEW.last_follow_up_on IS NOT (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'commitment_status is kept by the database: record a follow-up instead'); END;

-- trigger commitment_status_new
CREATE TRIGGER commitment_status_new AFTER INSERT ON commitment
    BEGIN INSERT INTO commitment_status (commitment_id, status) VALUES (NEW.id, 'not_assessed'); END;

-- trigger commitment_status_pending
CREATE TRIGGER commitment_status_pending AFTER INSERT ON follow_up
    WHEN EXISTS (SELECT 1 FROM bulk_load)
    BEGIN INSERT OR IGNORE INTO bulk_load_pending (commitment_id) VALUES (NEW.commitment_id); END;

-- trigger follow_up_guard
CREATE TRIGGER follow_up_guard BEFORE INSERT ON follow_up
    BEGIN
        SELECT RAISE(ABORT, 'follow_up.as_of is before the date of the statement')
        WHERE NEW.as_of < (SELECT s.date FROM commitment AS c
                           JOIN statement AS s ON s.id = c.statement_id
                           WHERE c.id = NEW.commitment_id);
        SELECT RAISE(ABORT, 'a correction must be about the same commitment and actor as the follow-up it corrects')
        WHERE NEW.corrects_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM follow_up AS corrected WHERE corrected.id = NEW.corrects_id
              AND (corrected.commitment_id IS NOT NEW.commitment_id
                   OR corrected.actor_id IS NOT NEW.actor_id));
        SELECT RAISE(ABORT, 'follow_up.sources must be a list of http or https URLs')
        WHERE json_valid(NEW.sources) AND EXISTS (
            SELECT 1 FROM json_each(NEW.sources)
            WHERE type <> 'text' OR instr(value, ' ') > 0
               OR (value NOT LIKE 'http://_%' AND value NOT LIKE 'https://_%'));
    END;

-- trigger follow_up_no_delete
CREATE TRIGGER follow_up_no_delete BEFORE DELETE ON follow_up
    BEGIN SELECT RAISE(ABORT, 'follow_up is append-only: record a new follow-up that corrects this one'); END;

-- trigger follow_up_no_update
CREATE TRIGGER follow_up_no_update BEFORE UPDATE ON follow_up
    BEGIN SELECT RAISE(ABORT, 'follow_up is append-only: record a new follow-up that corrects this one'); END;

-- trigger paragraph_text_verbatim_insert
CREATE TRIGGER paragraph_text_verbatim_insert BEFORE INSERT ON paragraph WHEN NEW.text IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) BEGIN SELECT RAISE(ABORT, 'paragraph.text is not the statement text at its offsets'); END;

-- trigger paragraph_text_verbatim_update
CREATE TRIGGER paragraph_text_verbatim_update BEFORE UPDATE OF text, start_offset, end_offset, statement_id ON paragraph WHEN NEW.text IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) BEGIN SELECT RAISE(ABORT, 'paragraph.text is not the statement text at its offsets'); END;

-- trigger sentence_text_verbatim_insert
CREATE TRIGGER sentence_text_verbatim_insert BEFORE INSERT ON sentence WHEN NEW.text IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) OR NEW.start_offset < (SELECT start_offset FROM paragraph WHERE id = NEW.paragraph_id) OR NEW.end_offset > (SELECT end_offset FROM paragraph WHERE id = NEW.paragraph_id) BEGIN SELECT RAISE(ABORT, 'sentence.text is not the statement text at its offsets'); END;

-- trigger sentence_text_verbatim_update
CREATE TRIGGER sentence_text_verbatim_update BEFORE UPDATE OF text, start_offset, end_offset, statement_id ON sentence WHEN NEW.text IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) OR NEW.start_offset < (SELECT start_offset FROM paragraph WHERE id = NEW.paragraph_id) OR NEW.end_offset > (SELECT end_offset FROM paragraph WHERE id = NEW.paragraph_id) BEGIN SELECT RAISE(ABORT, 'sentence.text is not the statement text at its offsets'); END;

-- trigger statement_text_immutable
CREATE TRIGGER statement_text_immutable BEFORE UPDATE OF text, sha256 ON statement
    WHEN NEW.text IS NOT OLD.text OR NEW.sha256 IS NOT OLD.sha256
    BEGIN SELECT RAISE(ABORT, 'statement.text and statement.sha256 never change once loaded'); END;

-- PostgreSQL

-- view commitment_overview
CREATE VIEW commitment_overview AS
 SELECT c.id,
    s.code AS statement,
    s.date AS statement_date,
    p.number AS paragraph,
    se."position" AS sentence,
    c.title,
    c.type,
    c.binding,
    c.theme,
    c.deadline,
    cs.status,
    cs.as_of,
    cs.last_follow_up_on,
        CASE
            WHEN ((c.deadline < CURRENT_DATE) AND ((cs.status)::text <> ALL ((ARRAY['achieved'::character varying, 'no_longer_applicable'::character varying])::text[]))) THEN 1
            ELSE 0
        END AS overdue,
    ( SELECT string_agg(((((a.name)::text || ' ('::text) || (ca.role)::text) || ')'::text), '; '::text ORDER BY ca."position") AS string_agg
           FROM (commitment_actor ca
             JOIN actor a ON ((a.id = ca.actor_id)))
          WHERE ((ca.commitment_id)::text = (c.id)::text)) AS actors,
    ( SELECT string_agg(((r.name)::text || COALESCE(((' ('::text || (pr.name)::text) || ')'::text), ''::text)), '; '::text ORDER BY cr."position") AS string_agg
           FROM ((commitment_region cr
             JOIN region r ON ((r.id = cr.region_id)))
             LEFT JOIN region pr ON ((pr.id = r.parent_id)))
          WHERE ((cr.commitment_id)::text = (c.id)::text)) AS regions,
    c.quote
   FROM ((((commitment c
     JOIN statement s ON ((s.id = c.statement_id)))
     JOIN paragraph p ON ((p.id = c.paragraph_id)))
     JOIN sentence se ON ((se.id = c.sentence_id)))
     JOIN commitment_status cs ON (((cs.commitment_id)::text = (c.id)::text)));;

-- view compliance_matrix
CREATE VIEW compliance_matrix AS
 SELECT s.code AS statement,
    c.id AS commitment_id,
    c.title,
    f.actor_id,
    a.name AS actor,
    a.country_code,
    f.score,
    ((f.score + 1) * 50) AS percent,
    f.as_of,
    f.id AS follow_up_id
   FROM (((follow_up f
     JOIN commitment c ON (((c.id)::text = (f.commitment_id)::text)))
     JOIN statement s ON ((s.id = c.statement_id)))
     JOIN actor a ON ((a.id = f.actor_id)))
  WHERE ((f.actor_id IS NOT NULL) AND (f.score IS NOT NULL) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up x
          WHERE (x.corrects_id = f.id)))) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up newer
          WHERE (((newer.commitment_id)::text = (f.commitment_id)::text) AND (newer.actor_id = f.actor_id) AND (ROW(newer.as_of, newer.recorded_at, newer.id) > ROW(f.as_of, f.recorded_at, f.id)) AND (newer.score IS NOT NULL) AND (NOT (EXISTS ( SELECT 1
                   FROM follow_up y
                  WHERE (y.corrects_id = newer.id)))))))));;

-- view latest_actor_follow_up
CREATE VIEW latest_actor_follow_up AS
 SELECT f.commitment_id,
    f.actor_id,
    a.name AS actor,
    f.id AS follow_up_id,
    f.status,
    f.score,
    f.as_of,
    f.sources,
    f.note,
    f.assessor,
    f.recorded_at
   FROM (follow_up f
     JOIN actor a ON ((a.id = f.actor_id)))
  WHERE ((f.actor_id IS NOT NULL) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up x
          WHERE (x.corrects_id = f.id)))) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up newer
          WHERE (((newer.commitment_id)::text = (f.commitment_id)::text) AND (newer.actor_id = f.actor_id) AND (ROW(newer.as_of, newer.recorded_at, newer.id) > ROW(f.as_of, f.recorded_at, f.id)) AND (NOT (EXISTS ( SELECT 1
                   FROM follow_up y
                  WHERE (y.corrects_id = newer.id)))))))));;

-- view latest_follow_up
CREATE VIEW latest_follow_up AS
 SELECT cs.commitment_id,
    f.id AS follow_up_id,
    f.status,
    f.score,
    f.as_of,
    f.sources,
    f.note,
    f.assessor,
    f.recorded_at
   FROM (commitment_status cs
     JOIN follow_up f ON ((f.id = cs.follow_up_id)));;

-- view region_ancestor
CREATE VIEW region_ancestor AS
 WITH RECURSIVE chain(region_id, ancestor_id, depth) AS (
         SELECT region.id,
            region.id,
            0 AS "?column?"
           FROM region
        UNION ALL
         SELECT chain_1.region_id,
            region.parent_id,
            (chain_1.depth + 1)
           FROM (chain chain_1
             JOIN region ON ((region.id = chain_1.ancestor_id)))
          WHERE ((region.parent_id IS NOT NULL) AND (chain_1.depth < 32))
        )
 SELECT chain.region_id,
    r.name AS region,
    chain.ancestor_id,
    a.name AS ancestor,
    chain.depth
   FROM ((chain
     JOIN region r ON ((r.id = chain.region_id)))
     JOIN region a ON ((a.id = chain.ancestor_id)));;

-- function tracker_check_span
CREATE OR REPLACE FUNCTION tracker_check_span()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    DECLARE
        content text := to_jsonb(NEW) ->> TG_ARGV[0];
        outer_start integer;
        outer_end integer;
    BEGIN
        IF TG_NARGS > 1 THEN
            EXECUTE format('SELECT start_offset, end_offset FROM %I WHERE id = $1', TG_ARGV[1])
                INTO outer_start, outer_end
                USING (to_jsonb(NEW) ->> (TG_ARGV[1] || '_id'))::integer;
        END IF;
        IF content IS DISTINCT FROM (
                SELECT substr(s.text, NEW.start_offset + 1, NEW.end_offset - NEW.start_offset)
                FROM statement AS s WHERE s.id = NEW.statement_id)
            OR NEW.start_offset < outer_start OR NEW.end_offset > outer_end THEN
            RAISE EXCEPTION '%.% is not the statement text at its offsets', TG_TABLE_NAME, TG_ARGV[0]
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_follow_up_guard
CREATE OR REPLACE FUNCTION tracker_follow_up_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF NEW.as_of < (SELECT s.date FROM commitment AS c
                        JOIN statement AS s ON s.id = c.statement_id
                        WHERE c.id = NEW.commitment_id) THEN
            RAISE EXCEPTION 'follow_up.as_of is before the date of the statement' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.corrects_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM follow_up AS corrected WHERE corrected.id = NEW.corrects_id
                  AND (corrected.commitment_id IS DISTINCT FROM NEW.commitment_id
                       OR corrected.actor_id IS DISTINCT FROM NEW.actor_id)) THEN
            RAISE EXCEPTION 'a correction must be about the same commitment and actor as the follow-up it corrects' USING ERRCODE = 'check_violation';
        END IF;
        -- Nested, not AND: PostgreSQL may evaluate AND in either order, and
        -- jsonb_array_elements fails on a scalar (the CHECK reports that).
        IF jsonb_typeof(NEW.sources) = 'array' THEN
            IF EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.sources) AS e
                       WHERE jsonb_typeof(e) <> 'string' OR position(' ' IN e #>> '{}') > 0
                          OR (e #>> '{}' NOT LIKE 'http://_%' AND e #>> '{}' NOT LIKE 'https://_%')) THEN
                RAISE EXCEPTION 'follow_up.sources must be a list of http or https URLs' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_refuse
CREATE OR REPLACE FUNCTION tracker_refuse()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
    END $function$;

-- function tracker_search_catch_up
CREATE OR REPLACE FUNCTION tracker_search_catch_up()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, document)
        SELECT f.commitment_id, f.id, to_tsvector('english', f.note) FROM bulk_load_pending_note AS pending
    JOIN follow_up AS f ON f.id = pending.follow_up_id;
        DELETE FROM bulk_load_pending_note;
        RETURN NULL;
    END $function$;

-- function tracker_search_commitment
CREATE OR REPLACE FUNCTION tracker_search_commitment()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO commitment_search (commitment_id, document)
            VALUES (NEW.id, to_tsvector('english', coalesce(NEW.title, '') || ' ' || coalesce(NEW.quote, '')));
        ELSE
            UPDATE commitment_search SET document = to_tsvector('english', coalesce(NEW.title, '') || ' ' || coalesce(NEW.quote, ''))
            WHERE commitment_id = NEW.id AND follow_up_id IS NULL;
        END IF;
        RETURN NULL;
    END $function$;

-- function tracker_search_follow_up
CREATE OR REPLACE FUNCTION tracker_search_follow_up()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF EXISTS (SELECT 1 FROM bulk_load) THEN
            INSERT INTO bulk_load_pending_note (follow_up_id) VALUES (NEW.id);
            RETURN NULL;
        END IF;
        INSERT INTO commitment_search (commitment_id, follow_up_id, document)
        VALUES (NEW.commitment_id, NEW.id, to_tsvector('english', NEW.note));
        RETURN NULL;
    END $function$;

-- function tracker_status_catch_up
CREATE OR REPLACE FUNCTION tracker_status_catch_up()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        UPDATE commitment_status SET follow_up_id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1), status = coalesce((SELECT status FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), 'not_assessed'), as_of = (SELECT as_of FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1) WHERE commitment_id IN (SELECT commitment_id FROM bulk_load_pending); DELETE FROM bulk_load_pending;
        RETURN NULL;
    END $function$;

-- function tracker_status_follow_up
CREATE OR REPLACE FUNCTION tracker_status_follow_up()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF EXISTS (SELECT 1 FROM bulk_load) THEN
            INSERT INTO bulk_load_pending (commitment_id) VALUES (NEW.commitment_id)
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END IF;
        PERFORM 1 FROM commitment_status WHERE commitment_id = NEW.commitment_id FOR UPDATE;
        UPDATE commitment_status
    SET follow_up_id = latest.id, status = coalesce(latest.status, 'not_assessed'),
        as_of = latest.as_of, last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
    FROM (SELECT 1) AS one
    LEFT JOIN follow_up AS latest ON latest.id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)
    WHERE commitment_status.commitment_id = NEW.commitment_id;
        RETURN NULL;
    END $function$;

-- function tracker_status_guard
CREATE OR REPLACE FUNCTION tracker_status_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF EXISTS (SELECT 1 FROM commitment WHERE id = OLD.commitment_id) THEN
                RAISE EXCEPTION 'commitment_status is kept by the database: record a follow-up instead' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF NEW.follow_up_id IS DISTINCT FROM (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1) OR NEW.status IS DISTINCT FROM coalesce((SELECT status FROM follow_up WHERE id = NEW.follow_up_id), 'not_assessed') OR NEW.as_of IS DISTINCT FROM (SELECT as_of FROM follow_up WHERE id = NEW.follow_up_id) OR NEW.last_follow_up_on IS DISTINCT FROM (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1) THEN
            RAISE EXCEPTION 'commitment_status is kept by the database: record a follow-up instead' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_status_new
CREATE OR REPLACE FUNCTION tracker_status_new()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        INSERT INTO commitment_status (commitment_id, status) VALUES (NEW.id, 'not_assessed');
        RETURN NULL;
    END $function$;

-- trigger commitment_quote_verbatim
CREATE TRIGGER commitment_quote_verbatim BEFORE INSERT OR UPDATE ON commitment FOR EACH ROW EXECUTE FUNCTION tracker_check_span('quote', 'sentence');

-- trigger commitment_search_catch_up
CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load FOR EACH ROW EXECUTE FUNCTION tracker_search_catch_up();

-- trigger commitment_search_commitment
CREATE TRIGGER commitment_search_commitment AFTER INSERT OR UPDATE OF title, quote ON commitment FOR EACH ROW EXECUTE FUNCTION tracker_search_commitment();

-- trigger commitment_search_follow_up
CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up FOR EACH ROW WHEN ((new.note IS NOT NULL)) EXECUTE FUNCTION tracker_search_follow_up();

-- trigger commitment_status_catch_up
CREATE TRIGGER commitment_status_catch_up AFTER DELETE ON bulk_load FOR EACH ROW EXECUTE FUNCTION tracker_status_catch_up();

-- trigger commitment_status_follow_up
CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_status_follow_up();

-- trigger commitment_status_guard
CREATE TRIGGER commitment_status_guard BEFORE INSERT OR DELETE OR UPDATE ON commitment_status FOR EACH ROW EXECUTE FUNCTION tracker_status_guard();

-- trigger commitment_status_new
CREATE TRIGGER commitment_status_new AFTER INSERT ON commitment FOR EACH ROW EXECUTE FUNCTION tracker_status_new();

-- trigger follow_up_append_only
CREATE TRIGGER follow_up_append_only BEFORE DELETE OR UPDATE ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_refuse('follow_up is append-only: record a new follow-up that corrects this one');

-- trigger follow_up_guard
CREATE TRIGGER follow_up_guard BEFORE INSERT ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_follow_up_guard();

-- trigger follow_up_no_truncate
CREATE TRIGGER follow_up_no_truncate BEFORE TRUNCATE ON follow_up FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('follow_up is append-only: record a new follow-up that corrects this one');

-- trigger paragraph_text_verbatim
CREATE TRIGGER paragraph_text_verbatim BEFORE INSERT OR UPDATE ON paragraph FOR EACH ROW EXECUTE FUNCTION tracker_check_span('text');

-- trigger sentence_text_verbatim
CREATE TRIGGER sentence_text_verbatim BEFORE INSERT OR UPDATE ON sentence FOR EACH ROW EXECUTE FUNCTION tracker_check_span('text', 'paragraph');

-- trigger statement_text_immutable
CREATE TRIGGER statement_text_immutable BEFORE UPDATE OF text, sha256 ON statement FOR EACH ROW WHEN (((new.text IS DISTINCT FROM old.text) OR ((new.sha256)::text IS DISTINCT FROM (old.sha256)::text))) EXECUTE FUNCTION tracker_refuse('statement.text and statement.sha256 never change once loaded');
