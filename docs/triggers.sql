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
    WHERE f.actor_id IS NOT NULL AND f.kind = 'assessment' 
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
      AND NOT EXISTS (
          SELECT 1 FROM follow_up AS newer
          WHERE newer.commitment_id = f.commitment_id AND newer.actor_id = f.actor_id AND newer.kind = 'assessment'
            AND (newer.as_of, newer.recorded_at, newer.id) > (f.as_of, f.recorded_at, f.id)
            
            AND NOT EXISTS (SELECT 1 FROM follow_up AS y WHERE y.corrects_id = newer.id)) AND f.score IS NOT NULL;

-- view follow_up_evidence
CREATE VIEW follow_up_evidence AS
    SELECT l.follow_up_id, f.commitment_id, f.kind, l.position, s.id AS source_id, s.url,
           s.title, s.publisher, s.published, s.published_precision, s.consulted_on,
           s.archived_url,
           CASE WHEN EXISTS (SELECT 1 FROM source_file AS sf WHERE sf.source_id = s.id)
                THEN 1 ELSE 0 END AS has_file
    FROM follow_up_source AS l
    JOIN follow_up AS f ON f.id = l.follow_up_id
    JOIN source AS s ON s.id = l.source_id;

-- view latest_actor_follow_up
CREATE VIEW latest_actor_follow_up AS
    SELECT f.commitment_id, f.actor_id, a.name AS actor, f.id AS follow_up_id, f.status,
           f.score, f.as_of, f.as_of_precision, f.sources, f.note, f.assessor, f.recorded_at
    FROM follow_up AS f JOIN actor AS a ON a.id = f.actor_id
    WHERE f.actor_id IS NOT NULL AND f.kind = 'assessment' 
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
      AND NOT EXISTS (
          SELECT 1 FROM follow_up AS newer
          WHERE newer.commitment_id = f.commitment_id AND newer.actor_id = f.actor_id AND newer.kind = 'assessment'
            AND (newer.as_of, newer.recorded_at, newer.id) > (f.as_of, f.recorded_at, f.id)
            
            AND NOT EXISTS (SELECT 1 FROM follow_up AS y WHERE y.corrects_id = newer.id));

-- view latest_follow_up
CREATE VIEW latest_follow_up AS
    SELECT cs.commitment_id, f.id AS follow_up_id, f.status, f.score, f.as_of,
           f.as_of_precision, f.sources, f.note, f.assessor, f.recorded_at
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

-- view restated_commitment
CREATE VIEW restated_commitment AS
SELECT l.later_id,
       ls.code AS later_statement,
       ls.date AS later_date,
       lc.title AS later_title,
       l.kind,
       l.score,
       l.earlier_id,
       es.code AS earlier_statement,
       es.date AS earlier_date,
       ec.title AS earlier_title,
       CASE WHEN EXISTS (SELECT 1 FROM commitment_link AS b WHERE b.later_id = l.earlier_id)
            THEN 0 ELSE 1 END AS earlier_is_first,
       est.status AS earlier_status,
       est.as_of AS earlier_as_of,
       lst.status AS later_status,
       lst.as_of AS later_as_of
FROM commitment_link AS l
JOIN commitment AS lc ON lc.id = l.later_id
JOIN statement AS ls ON ls.id = lc.statement_id
JOIN commitment AS ec ON ec.id = l.earlier_id
JOIN statement AS es ON es.id = ec.statement_id
LEFT JOIN commitment_status AS est ON est.commitment_id = l.earlier_id
LEFT JOIN commitment_status AS lst ON lst.commitment_id = l.later_id;

-- trigger commitment_quote_verbatim_insert
CREATE TRIGGER commitment_quote_verbatim_insert BEFORE INSERT ON commitment WHEN NEW.quote IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) OR NEW.start_offset < (SELECT start_offset FROM sentence WHERE id = NEW.sentence_id) OR NEW.end_offset > (SELECT end_offset FROM sentence WHERE id = NEW.sentence_id) BEGIN SELECT RAISE(ABORT, 'commitment.quote is not the statement text at its offsets'); END;

-- trigger commitment_quote_verbatim_update
CREATE TRIGGER commitment_quote_verbatim_update BEFORE UPDATE OF quote, start_offset, end_offset, statement_id ON commitment WHEN NEW.quote IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id), NEW.start_offset + 1, NEW.end_offset - NEW.start_offset) OR NEW.start_offset < (SELECT start_offset FROM sentence WHERE id = NEW.sentence_id) OR NEW.end_offset > (SELECT end_offset FROM sentence WHERE id = NEW.sentence_id) BEGIN SELECT RAISE(ABORT, 'commitment.quote is not the statement text at its offsets'); END;

-- trigger commitment_search_catch_up
CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load
    BEGIN
        INSERT INTO commitment_search (rowid, commitment_id, follow_up_id, note)
        SELECT f.id, f.commitment_id, f.id, f.note FROM bulk_load_pending_note AS pending
        JOIN follow_up AS f ON f.id = pending.follow_up_id;
        DELETE FROM bulk_load_pending_note;
    END;

-- trigger commitment_search_delete
CREATE TRIGGER commitment_search_delete AFTER DELETE ON commitment
    BEGIN
        DELETE FROM commitment_search WHERE commitment_id = OLD.id;
        DELETE FROM commitment_fts WHERE rowid = OLD.rowid;
    END;

-- trigger commitment_search_follow_up
CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bulk_load)
    BEGIN
        INSERT INTO commitment_search (rowid, commitment_id, follow_up_id, note)
        VALUES (NEW.id, NEW.commitment_id, NEW.id, NEW.note);
    END;

-- trigger commitment_search_insert
CREATE TRIGGER commitment_search_insert AFTER INSERT ON commitment
    BEGIN
        INSERT INTO commitment_search (rowid, commitment_id, title, quote)
        VALUES (-NEW.rowid, NEW.id, NEW.title, NEW.quote);
        INSERT INTO commitment_fts (rowid, title, quote) VALUES (NEW.rowid, NEW.title, NEW.quote);
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
        WHERE rowid = -OLD.rowid;
        UPDATE commitment_fts SET title = NEW.title, quote = NEW.quote WHERE rowid = OLD.rowid;
    END;

-- trigger commitment_status_catch_up
CREATE TRIGGER commitment_status_catch_up AFTER DELETE ON bulk_load
    BEGIN UPDATE commitment_status SET follow_up_id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1), status = coalesce((SELECT status FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), 'not_assessed'), as_of = (SELECT as_of FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1) WHERE commitment_id IN (SELECT commitment_id FROM bulk_load_pending); DELETE FROM bulk_load_pending; END;

-- trigger commitment_status_follow_up
CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up
    WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
    BEGIN UPDATE commitment_status
    SET follow_up_id = latest.id, status = coalesce(latest.status, 'not_assessed'),
        as_of = latest.as_of, last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
    FROM (SELECT 1) AS one
    LEFT JOIN follow_up AS latest ON latest.id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
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
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1) OR NEW.status IS NOT coalesce((SELECT status FROM follow_up WHERE id = NEW.follow_up_id), 'not_assessed') OR NEW.as_of IS NOT (SELECT as_of FROM follow_up WHERE id = NEW.follow_up_id) OR NEW.last_follow_up_on IS NOT (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'commitment_status is kept by the database: record a follow-up instead'); END;

-- trigger commitment_status_guard_update
CREATE TRIGGER commitment_status_guard_update BEFORE UPDATE ON commitment_status
        WHEN NEW.follow_up_id IS NOT (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1) OR NEW.status IS NOT coalesce((SELECT status FROM follow_up WHERE id = NEW.follow_up_id), 'not_assessed') OR NEW.as_of IS NOT (SELECT as_of FROM follow_up WHERE id = NEW.follow_up_id) OR NEW.last_follow_up_on IS NOT (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.kind = 'assessment'
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
        WHERE NEW.kind = 'assessment' AND NEW.as_of < (SELECT s.date FROM commitment AS c
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

-- trigger follow_up_source_link
CREATE TRIGGER follow_up_source_link AFTER INSERT ON follow_up
    WHEN json_valid(NEW.sources) AND json_array_length(NEW.sources) > 0
    BEGIN
        INSERT INTO source (url)
            SELECT DISTINCT j.value FROM json_each(NEW.sources) AS j
            WHERE NOT EXISTS (SELECT 1 FROM source AS s WHERE s.url = j.value);
        INSERT INTO follow_up_source (follow_up_id, source_id, position)
            SELECT NEW.id, s.id, min(j.key) FROM json_each(NEW.sources) AS j
            JOIN source AS s ON s.url = j.value GROUP BY s.id;
    END;

-- trigger guard_actor_alias_id
CREATE TRIGGER guard_actor_alias_id AFTER INSERT ON actor_alias
BEGIN
SELECT RAISE(ABORT, 'actor_alias.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_actor_alias_insert
CREATE TRIGGER guard_actor_alias_insert BEFORE INSERT ON actor_alias
BEGIN
SELECT RAISE(ABORT, 'actor_alias: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM actor_alias AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM actor_alias AS t WHERE t.alias = NEW.alias);
SELECT RAISE(ABORT, 'actor_alias.actor_id must be a whole number') WHERE NEW.actor_id IS NOT NULL AND (typeof(NEW.actor_id) <> 'integer');
SELECT RAISE(ABORT, 'actor_alias.alias must be UTF-8 text without NUL') WHERE NEW.alias IS NOT NULL AND (typeof(NEW.alias) <> 'text' OR instr(CAST(NEW.alias AS BLOB), x'00') > 0 OR (NEW.alias GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.alias AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.alias AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.alias AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor_alias.actor_id names no actor') WHERE NEW.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actor AS p WHERE p.id = NEW.actor_id);
END;

-- trigger guard_actor_alias_update
CREATE TRIGGER guard_actor_alias_update BEFORE UPDATE ON actor_alias
BEGIN
SELECT RAISE(ABORT, 'actor_alias.actor_id must be a whole number') WHERE NEW.actor_id IS NOT NULL AND (typeof(NEW.actor_id) <> 'integer');
SELECT RAISE(ABORT, 'actor_alias.alias must be UTF-8 text without NUL') WHERE NEW.alias IS NOT NULL AND (typeof(NEW.alias) <> 'text' OR instr(CAST(NEW.alias AS BLOB), x'00') > 0 OR (NEW.alias GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.alias AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.alias AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.alias AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor_alias.actor_id names no actor') WHERE NEW.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actor AS p WHERE p.id = NEW.actor_id);
SELECT RAISE(ABORT, 'actor_alias.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_actor_delete
CREATE TRIGGER guard_actor_delete BEFORE DELETE ON actor
BEGIN
SELECT RAISE(ABORT, 'actor: a actor_alias still names this row') WHERE EXISTS (SELECT 1 FROM actor_alias AS c WHERE c.actor_id = OLD.id);
SELECT RAISE(ABORT, 'actor: a commitment_actor still names this row') WHERE EXISTS (SELECT 1 FROM commitment_actor AS c WHERE c.actor_id = OLD.id);
SELECT RAISE(ABORT, 'actor: a follow_up still names this row') WHERE EXISTS (SELECT 1 FROM follow_up AS c WHERE c.actor_id = OLD.id);
END;

-- trigger guard_actor_id
CREATE TRIGGER guard_actor_id AFTER INSERT ON actor
BEGIN
SELECT RAISE(ABORT, 'actor.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_actor_insert
CREATE TRIGGER guard_actor_insert BEFORE INSERT ON actor
BEGIN
SELECT RAISE(ABORT, 'actor: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM actor AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM actor AS t WHERE t.name = NEW.name);
SELECT RAISE(ABORT, 'actor.name must be UTF-8 text without NUL') WHERE NEW.name IS NOT NULL AND (typeof(NEW.name) <> 'text' OR instr(CAST(NEW.name AS BLOB), x'00') > 0 OR (NEW.name GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.name AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor.kind must be UTF-8 text without NUL') WHERE NEW.kind IS NOT NULL AND (typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0 OR (NEW.kind GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.kind AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor.country_code must be UTF-8 text without NUL') WHERE NEW.country_code IS NOT NULL AND (typeof(NEW.country_code) <> 'text' OR instr(CAST(NEW.country_code AS BLOB), x'00') > 0 OR (NEW.country_code GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.country_code AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.country_code AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.country_code AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
END;

-- trigger guard_actor_rekey
CREATE TRIGGER guard_actor_rekey BEFORE UPDATE OF id ON actor WHEN NEW.id IS NOT OLD.id
BEGIN
SELECT RAISE(ABORT, 'actor: a actor_alias still names this row') WHERE EXISTS (SELECT 1 FROM actor_alias AS c WHERE c.actor_id = OLD.id);
SELECT RAISE(ABORT, 'actor: a commitment_actor still names this row') WHERE EXISTS (SELECT 1 FROM commitment_actor AS c WHERE c.actor_id = OLD.id);
SELECT RAISE(ABORT, 'actor: a follow_up still names this row') WHERE EXISTS (SELECT 1 FROM follow_up AS c WHERE c.actor_id = OLD.id);
END;

-- trigger guard_actor_update
CREATE TRIGGER guard_actor_update BEFORE UPDATE ON actor
BEGIN
SELECT RAISE(ABORT, 'actor.name must be UTF-8 text without NUL') WHERE NEW.name IS NOT NULL AND (typeof(NEW.name) <> 'text' OR instr(CAST(NEW.name AS BLOB), x'00') > 0 OR (NEW.name GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.name AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor.kind must be UTF-8 text without NUL') WHERE NEW.kind IS NOT NULL AND (typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0 OR (NEW.kind GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.kind AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor.country_code must be UTF-8 text without NUL') WHERE NEW.country_code IS NOT NULL AND (typeof(NEW.country_code) <> 'text' OR instr(CAST(NEW.country_code AS BLOB), x'00') > 0 OR (NEW.country_code GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.country_code AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.country_code AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.country_code AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'actor.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_bulk_load_insert
CREATE TRIGGER guard_bulk_load_insert BEFORE INSERT ON bulk_load
BEGIN
SELECT RAISE(ABORT, 'bulk_load: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM bulk_load AS t WHERE t.id = NEW.id);
END;

-- trigger guard_catalyst_id
CREATE TRIGGER guard_catalyst_id AFTER INSERT ON catalyst
BEGIN
SELECT RAISE(ABORT, 'catalyst.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_catalyst_insert
CREATE TRIGGER guard_catalyst_insert BEFORE INSERT ON catalyst
BEGIN
SELECT RAISE(ABORT, 'catalyst: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM catalyst AS t WHERE t.id = NEW.id);
SELECT RAISE(ABORT, 'catalyst.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'catalyst.kind must be UTF-8 text without NUL') WHERE NEW.kind IS NOT NULL AND (typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0 OR (NEW.kind GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.kind AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'catalyst.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'catalyst.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
END;

-- trigger guard_catalyst_update
CREATE TRIGGER guard_catalyst_update BEFORE UPDATE ON catalyst
BEGIN
SELECT RAISE(ABORT, 'catalyst.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'catalyst.kind must be UTF-8 text without NUL') WHERE NEW.kind IS NOT NULL AND (typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0 OR (NEW.kind GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.kind AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'catalyst.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'catalyst.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'catalyst.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_commitment_actor_insert
CREATE TRIGGER guard_commitment_actor_insert BEFORE INSERT ON commitment_actor
BEGIN
SELECT RAISE(ABORT, 'commitment_actor: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM commitment_actor AS t WHERE t.commitment_id = NEW.commitment_id AND t.actor_id = NEW.actor_id AND t.role = NEW.role);
SELECT RAISE(ABORT, 'commitment_actor.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment_actor.actor_id must be a whole number') WHERE NEW.actor_id IS NOT NULL AND (typeof(NEW.actor_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment_actor.role must be UTF-8 text without NUL') WHERE NEW.role IS NOT NULL AND (typeof(NEW.role) <> 'text' OR instr(CAST(NEW.role AS BLOB), x'00') > 0 OR (NEW.role GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.role AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.role AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.role AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment_actor.position must be a whole number') WHERE NEW.position IS NOT NULL AND (typeof(NEW.position) <> 'integer');
SELECT RAISE(ABORT, 'commitment_actor.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'commitment_actor.actor_id names no actor') WHERE NEW.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actor AS p WHERE p.id = NEW.actor_id);
END;

-- trigger guard_commitment_actor_update
CREATE TRIGGER guard_commitment_actor_update BEFORE UPDATE ON commitment_actor
BEGIN
SELECT RAISE(ABORT, 'commitment_actor.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment_actor.actor_id must be a whole number') WHERE NEW.actor_id IS NOT NULL AND (typeof(NEW.actor_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment_actor.role must be UTF-8 text without NUL') WHERE NEW.role IS NOT NULL AND (typeof(NEW.role) <> 'text' OR instr(CAST(NEW.role AS BLOB), x'00') > 0 OR (NEW.role GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.role AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.role AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.role AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment_actor.position must be a whole number') WHERE NEW.position IS NOT NULL AND (typeof(NEW.position) <> 'integer');
SELECT RAISE(ABORT, 'commitment_actor.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'commitment_actor.actor_id names no actor') WHERE NEW.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actor AS p WHERE p.id = NEW.actor_id);
END;

-- trigger guard_commitment_cascade_commitment_status
CREATE TRIGGER guard_commitment_cascade_commitment_status AFTER DELETE ON commitment
BEGIN
DELETE FROM commitment_status WHERE commitment_id = OLD.id;
END;

-- trigger guard_commitment_delete
CREATE TRIGGER guard_commitment_delete BEFORE DELETE ON commitment
BEGIN
SELECT RAISE(ABORT, 'commitment: a catalyst still names this row') WHERE EXISTS (SELECT 1 FROM catalyst AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a commitment_actor still names this row') WHERE EXISTS (SELECT 1 FROM commitment_actor AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a commitment_region still names this row') WHERE EXISTS (SELECT 1 FROM commitment_region AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a follow_up still names this row') WHERE EXISTS (SELECT 1 FROM follow_up AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a bulk_load_pending still names this row') WHERE EXISTS (SELECT 1 FROM bulk_load_pending AS c WHERE c.commitment_id = OLD.id);
END;

-- trigger guard_commitment_fts_delete
CREATE TRIGGER guard_commitment_fts_delete BEFORE DELETE ON commitment_fts_content
    BEGIN
        SELECT RAISE(ABORT, 'commitment_fts is kept by the database: change the commitments') WHERE EXISTS (SELECT 1 FROM commitment AS c
            WHERE c.rowid = OLD.id AND c.title IS OLD.c0 AND c.quote IS OLD.c1);
    END;

-- trigger guard_commitment_fts_insert
CREATE TRIGGER guard_commitment_fts_insert BEFORE INSERT ON commitment_fts_content
    BEGIN
        SELECT RAISE(ABORT, 'commitment_fts is kept by the database: change the commitments') WHERE NOT EXISTS (SELECT 1 FROM commitment AS c
            WHERE c.rowid = NEW.id AND c.title IS NEW.c0 AND c.quote IS NEW.c1);
    END;

-- trigger guard_commitment_fts_update
CREATE TRIGGER guard_commitment_fts_update BEFORE UPDATE ON commitment_fts_content
    BEGIN
        SELECT RAISE(ABORT, 'commitment_fts is kept by the database: change the commitments');
    END;

-- trigger guard_commitment_insert
CREATE TRIGGER guard_commitment_insert BEFORE INSERT ON commitment
BEGIN
SELECT RAISE(ABORT, 'commitment: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM commitment AS t WHERE t.id = NEW.id);
SELECT RAISE(ABORT, 'commitment.id must be UTF-8 text without NUL') WHERE NEW.id IS NOT NULL AND (typeof(NEW.id) <> 'text' OR instr(CAST(NEW.id AS BLOB), x'00') > 0 OR (NEW.id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.statement_id must be a whole number') WHERE NEW.statement_id IS NOT NULL AND (typeof(NEW.statement_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment.paragraph_id must be a whole number') WHERE NEW.paragraph_id IS NOT NULL AND (typeof(NEW.paragraph_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment.sentence_id must be a whole number') WHERE NEW.sentence_id IS NOT NULL AND (typeof(NEW.sentence_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment.start_offset must be a whole number') WHERE NEW.start_offset IS NOT NULL AND (typeof(NEW.start_offset) <> 'integer');
SELECT RAISE(ABORT, 'commitment.end_offset must be a whole number') WHERE NEW.end_offset IS NOT NULL AND (typeof(NEW.end_offset) <> 'integer');
SELECT RAISE(ABORT, 'commitment.quote must be UTF-8 text without NUL') WHERE NEW.quote IS NOT NULL AND (typeof(NEW.quote) <> 'text' OR instr(CAST(NEW.quote AS BLOB), x'00') > 0 OR (NEW.quote GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.quote AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.quote AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.quote AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.title must be UTF-8 text without NUL') WHERE NEW.title IS NOT NULL AND (typeof(NEW.title) <> 'text' OR instr(CAST(NEW.title AS BLOB), x'00') > 0 OR (NEW.title GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.title AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.type must be UTF-8 text without NUL') WHERE NEW.type IS NOT NULL AND (typeof(NEW.type) <> 'text' OR instr(CAST(NEW.type AS BLOB), x'00') > 0 OR (NEW.type GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.type AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.type AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.type AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.binding must be UTF-8 text without NUL') WHERE NEW.binding IS NOT NULL AND (typeof(NEW.binding) <> 'text' OR instr(CAST(NEW.binding AS BLOB), x'00') > 0 OR (NEW.binding GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.binding AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.binding AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.binding AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.theme must be UTF-8 text without NUL') WHERE NEW.theme IS NOT NULL AND (typeof(NEW.theme) <> 'text' OR instr(CAST(NEW.theme AS BLOB), x'00') > 0 OR (NEW.theme GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.theme AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.theme AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.theme AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.deadline must be a calendar date, YYYY-MM-DD') WHERE NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline);
SELECT RAISE(ABORT, 'commitment.note must be UTF-8 text without NUL') WHERE NEW.note IS NOT NULL AND (typeof(NEW.note) <> 'text' OR instr(CAST(NEW.note AS BLOB), x'00') > 0 OR (NEW.note GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.note AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.statement_id names no statement') WHERE NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statement AS p WHERE p.id = NEW.statement_id);
SELECT RAISE(ABORT, 'commitment.sentence_id/paragraph_id/statement_id names no sentence') WHERE NEW.sentence_id IS NOT NULL AND NEW.paragraph_id IS NOT NULL AND NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sentence AS p WHERE p.id = NEW.sentence_id AND p.paragraph_id = NEW.paragraph_id AND p.statement_id = NEW.statement_id);
END;

-- trigger guard_commitment_link_delete
CREATE TRIGGER guard_commitment_link_delete BEFORE DELETE ON commitment
BEGIN
SELECT RAISE(ABORT, 'commitment: a commitment_link still names this row') WHERE EXISTS (SELECT 1 FROM commitment_link AS k WHERE k.earlier_id = OLD.id OR k.later_id = OLD.id);
END;

-- trigger guard_commitment_link_insert
CREATE TRIGGER guard_commitment_link_insert BEFORE INSERT ON commitment_link
BEGIN
SELECT RAISE(ABORT, 'commitment_link: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM commitment_link AS t WHERE t.earlier_id = NEW.earlier_id AND t.later_id = NEW.later_id);
SELECT RAISE(ABORT, 'commitment_link.earlier_id must be text without NUL') WHERE typeof(NEW.earlier_id) <> 'text' OR instr(CAST(NEW.earlier_id AS BLOB), x'00') > 0;
SELECT RAISE(ABORT, 'commitment_link.later_id must be text without NUL') WHERE typeof(NEW.later_id) <> 'text' OR instr(CAST(NEW.later_id AS BLOB), x'00') > 0;
SELECT RAISE(ABORT, 'commitment_link.kind must be text without NUL') WHERE typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0;
SELECT RAISE(ABORT, 'commitment_link.score must be a whole number') WHERE typeof(NEW.score) <> 'integer';
SELECT RAISE(ABORT, 'commitment_link.earlier_id names no commitment') WHERE NOT EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.earlier_id);
SELECT RAISE(ABORT, 'commitment_link.later_id names no commitment') WHERE NOT EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.later_id);
SELECT RAISE(ABORT, 'commitment_link: the earlier commitment must belong to a statement dated before the later one') WHERE NOT EXISTS (SELECT 1
        FROM commitment AS e JOIN statement AS es ON es.id = e.statement_id,
             commitment AS l JOIN statement AS ls ON ls.id = l.statement_id
        WHERE e.id = NEW.earlier_id AND l.id = NEW.later_id AND es.date < ls.date);
END;

-- trigger guard_commitment_link_rekey
CREATE TRIGGER guard_commitment_link_rekey BEFORE UPDATE OF id, statement_id ON commitment WHEN NEW.id IS NOT OLD.id OR NEW.statement_id IS NOT OLD.statement_id
BEGIN
SELECT RAISE(ABORT, 'commitment: a commitment_link still names this row') WHERE EXISTS (SELECT 1 FROM commitment_link AS k WHERE k.earlier_id = OLD.id OR k.later_id = OLD.id);
END;

-- trigger guard_commitment_link_update
CREATE TRIGGER guard_commitment_link_update BEFORE UPDATE ON commitment_link
BEGIN
SELECT RAISE(ABORT, 'commitment_link: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE (NEW.earlier_id IS NOT OLD.earlier_id OR NEW.later_id IS NOT OLD.later_id) AND EXISTS (SELECT 1 FROM commitment_link AS t WHERE t.earlier_id = NEW.earlier_id AND t.later_id = NEW.later_id);
SELECT RAISE(ABORT, 'commitment_link.earlier_id must be text without NUL') WHERE typeof(NEW.earlier_id) <> 'text' OR instr(CAST(NEW.earlier_id AS BLOB), x'00') > 0;
SELECT RAISE(ABORT, 'commitment_link.later_id must be text without NUL') WHERE typeof(NEW.later_id) <> 'text' OR instr(CAST(NEW.later_id AS BLOB), x'00') > 0;
SELECT RAISE(ABORT, 'commitment_link.kind must be text without NUL') WHERE typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0;
SELECT RAISE(ABORT, 'commitment_link.score must be a whole number') WHERE typeof(NEW.score) <> 'integer';
SELECT RAISE(ABORT, 'commitment_link.earlier_id names no commitment') WHERE NOT EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.earlier_id);
SELECT RAISE(ABORT, 'commitment_link.later_id names no commitment') WHERE NOT EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.later_id);
SELECT RAISE(ABORT, 'commitment_link: the earlier commitment must belong to a statement dated before the later one') WHERE NOT EXISTS (SELECT 1
        FROM commitment AS e JOIN statement AS es ON es.id = e.statement_id,
             commitment AS l JOIN statement AS ls ON ls.id = l.statement_id
        WHERE e.id = NEW.earlier_id AND l.id = NEW.later_id AND es.date < ls.date);
END;

-- trigger guard_commitment_region_insert
CREATE TRIGGER guard_commitment_region_insert BEFORE INSERT ON commitment_region
BEGIN
SELECT RAISE(ABORT, 'commitment_region: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM commitment_region AS t WHERE t.commitment_id = NEW.commitment_id AND t.region_id = NEW.region_id);
SELECT RAISE(ABORT, 'commitment_region.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment_region.region_id must be a whole number') WHERE NEW.region_id IS NOT NULL AND (typeof(NEW.region_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment_region.position must be a whole number') WHERE NEW.position IS NOT NULL AND (typeof(NEW.position) <> 'integer');
SELECT RAISE(ABORT, 'commitment_region.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'commitment_region.region_id names no region') WHERE NEW.region_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region AS p WHERE p.id = NEW.region_id);
END;

-- trigger guard_commitment_region_update
CREATE TRIGGER guard_commitment_region_update BEFORE UPDATE ON commitment_region
BEGIN
SELECT RAISE(ABORT, 'commitment_region.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment_region.region_id must be a whole number') WHERE NEW.region_id IS NOT NULL AND (typeof(NEW.region_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment_region.position must be a whole number') WHERE NEW.position IS NOT NULL AND (typeof(NEW.position) <> 'integer');
SELECT RAISE(ABORT, 'commitment_region.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'commitment_region.region_id names no region') WHERE NEW.region_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region AS p WHERE p.id = NEW.region_id);
END;

-- trigger guard_commitment_rekey
CREATE TRIGGER guard_commitment_rekey BEFORE UPDATE OF id ON commitment WHEN NEW.id IS NOT OLD.id
BEGIN
SELECT RAISE(ABORT, 'commitment: a catalyst still names this row') WHERE EXISTS (SELECT 1 FROM catalyst AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a commitment_actor still names this row') WHERE EXISTS (SELECT 1 FROM commitment_actor AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a commitment_region still names this row') WHERE EXISTS (SELECT 1 FROM commitment_region AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a follow_up still names this row') WHERE EXISTS (SELECT 1 FROM follow_up AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a commitment_status still names this row') WHERE EXISTS (SELECT 1 FROM commitment_status AS c WHERE c.commitment_id = OLD.id);
SELECT RAISE(ABORT, 'commitment: a bulk_load_pending still names this row') WHERE EXISTS (SELECT 1 FROM bulk_load_pending AS c WHERE c.commitment_id = OLD.id);
END;

-- trigger guard_commitment_status_insert
CREATE TRIGGER guard_commitment_status_insert BEFORE INSERT ON commitment_status
BEGIN
SELECT RAISE(ABORT, 'commitment_status: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM commitment_status AS t WHERE t.commitment_id = NEW.commitment_id);
SELECT RAISE(ABORT, 'commitment_status.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'commitment_status.follow_up_id names no follow_up') WHERE NEW.follow_up_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM follow_up AS p WHERE p.id = NEW.follow_up_id);
END;

-- trigger guard_commitment_update
CREATE TRIGGER guard_commitment_update BEFORE UPDATE ON commitment
BEGIN
SELECT RAISE(ABORT, 'commitment.id must be UTF-8 text without NUL') WHERE NEW.id IS NOT NULL AND (typeof(NEW.id) <> 'text' OR instr(CAST(NEW.id AS BLOB), x'00') > 0 OR (NEW.id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.statement_id must be a whole number') WHERE NEW.statement_id IS NOT NULL AND (typeof(NEW.statement_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment.paragraph_id must be a whole number') WHERE NEW.paragraph_id IS NOT NULL AND (typeof(NEW.paragraph_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment.sentence_id must be a whole number') WHERE NEW.sentence_id IS NOT NULL AND (typeof(NEW.sentence_id) <> 'integer');
SELECT RAISE(ABORT, 'commitment.start_offset must be a whole number') WHERE NEW.start_offset IS NOT NULL AND (typeof(NEW.start_offset) <> 'integer');
SELECT RAISE(ABORT, 'commitment.end_offset must be a whole number') WHERE NEW.end_offset IS NOT NULL AND (typeof(NEW.end_offset) <> 'integer');
SELECT RAISE(ABORT, 'commitment.quote must be UTF-8 text without NUL') WHERE NEW.quote IS NOT NULL AND (typeof(NEW.quote) <> 'text' OR instr(CAST(NEW.quote AS BLOB), x'00') > 0 OR (NEW.quote GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.quote AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.quote AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.quote AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.title must be UTF-8 text without NUL') WHERE NEW.title IS NOT NULL AND (typeof(NEW.title) <> 'text' OR instr(CAST(NEW.title AS BLOB), x'00') > 0 OR (NEW.title GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.title AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.type must be UTF-8 text without NUL') WHERE NEW.type IS NOT NULL AND (typeof(NEW.type) <> 'text' OR instr(CAST(NEW.type AS BLOB), x'00') > 0 OR (NEW.type GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.type AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.type AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.type AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.binding must be UTF-8 text without NUL') WHERE NEW.binding IS NOT NULL AND (typeof(NEW.binding) <> 'text' OR instr(CAST(NEW.binding AS BLOB), x'00') > 0 OR (NEW.binding GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.binding AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.binding AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.binding AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.theme must be UTF-8 text without NUL') WHERE NEW.theme IS NOT NULL AND (typeof(NEW.theme) <> 'text' OR instr(CAST(NEW.theme AS BLOB), x'00') > 0 OR (NEW.theme GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.theme AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.theme AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.theme AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.deadline must be a calendar date, YYYY-MM-DD') WHERE NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline);
SELECT RAISE(ABORT, 'commitment.note must be UTF-8 text without NUL') WHERE NEW.note IS NOT NULL AND (typeof(NEW.note) <> 'text' OR instr(CAST(NEW.note AS BLOB), x'00') > 0 OR (NEW.note GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.note AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'commitment.statement_id names no statement') WHERE NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statement AS p WHERE p.id = NEW.statement_id);
SELECT RAISE(ABORT, 'commitment.sentence_id/paragraph_id/statement_id names no sentence') WHERE NEW.sentence_id IS NOT NULL AND NEW.paragraph_id IS NOT NULL AND NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sentence AS p WHERE p.id = NEW.sentence_id AND p.paragraph_id = NEW.paragraph_id AND p.statement_id = NEW.statement_id);
END;

-- trigger guard_follow_up_context_correction
CREATE TRIGGER guard_follow_up_context_correction BEFORE INSERT ON follow_up
    WHEN NEW.corrects_id IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, 'follow_up: a correction of context is context: it sets no status and no score') WHERE (NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL) AND EXISTS (SELECT 1 FROM follow_up AS c WHERE c.id = NEW.corrects_id AND c.kind = 'context');
    END;

-- trigger guard_follow_up_delete
CREATE TRIGGER guard_follow_up_delete BEFORE DELETE ON follow_up
BEGIN
SELECT RAISE(ABORT, 'follow_up: a follow_up still names this row') WHERE EXISTS (SELECT 1 FROM follow_up AS c WHERE c.corrects_id = OLD.id);
SELECT RAISE(ABORT, 'follow_up: a commitment_status still names this row') WHERE EXISTS (SELECT 1 FROM commitment_status AS c WHERE c.follow_up_id = OLD.id);
SELECT RAISE(ABORT, 'follow_up: a bulk_load_pending_note still names this row') WHERE EXISTS (SELECT 1 FROM bulk_load_pending_note AS c WHERE c.follow_up_id = OLD.id);
END;

-- trigger guard_follow_up_evidence
CREATE TRIGGER guard_follow_up_evidence BEFORE INSERT ON follow_up
    BEGIN
        SELECT RAISE(ABORT, 'follow_up.score needs an actor: a compliance score is always of one member') WHERE NEW.score IS NOT NULL AND NEW.actor_id IS NULL;
        SELECT RAISE(ABORT, 'follow_up.score disagrees with follow_up.status (see status.SCORE_STATUSES)') WHERE NEW.score IS NOT NULL AND NOT ((NEW.score = 1 AND NEW.status IN ('achieved')) OR (NEW.score = 0 AND NEW.status IN ('in_progress', 'stalled', 'partially_achieved')) OR (NEW.score = -1 AND NEW.status IN ('not_started', 'stalled', 'not_achieved')));
        SELECT RAISE(ABORT, 'follow_up: context never sets a status or a score: its status is not_assessed, with no score and at least one source') WHERE NEW.kind = 'context' AND (NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL OR NOT json_valid(NEW.sources) OR json_array_length(NEW.sources) = 0);
        SELECT RAISE(ABORT, 'follow_up.as_of must be the last day of its month or year when as_of_precision says so') WHERE (NEW.as_of_precision = 'month' AND substr(date(NEW.as_of, '+1 day'), 9, 2) <> '01') OR (NEW.as_of_precision = 'year' AND substr(NEW.as_of, 6, 5) <> '12-31');
        SELECT RAISE(ABORT, 'follow_up: an exact repeat of an existing follow-up') WHERE EXISTS (SELECT 1 FROM follow_up AS r WHERE r.commitment_id = NEW.commitment_id AND coalesce(r.actor_id, 0) = coalesce(NEW.actor_id, 0) AND r.as_of = NEW.as_of AND r.status = NEW.status AND coalesce(r.score, 9) = coalesce(NEW.score, 9) AND r.kind = NEW.kind AND r.as_of_precision = NEW.as_of_precision AND coalesce(r.corrects_id, 0) = coalesce(NEW.corrects_id, 0) AND r.sources = NEW.sources AND coalesce(r.note, '') = coalesce(NEW.note, ''));
    END;

-- trigger guard_follow_up_id
CREATE TRIGGER guard_follow_up_id AFTER INSERT ON follow_up
BEGIN
SELECT RAISE(ABORT, 'follow_up.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_follow_up_insert
CREATE TRIGGER guard_follow_up_insert BEFORE INSERT ON follow_up
BEGIN
SELECT RAISE(ABORT, 'follow_up: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM follow_up AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM follow_up AS t WHERE t.corrects_id = NEW.corrects_id);
SELECT RAISE(ABORT, 'follow_up.commitment_id must be UTF-8 text without NUL') WHERE NEW.commitment_id IS NOT NULL AND (typeof(NEW.commitment_id) <> 'text' OR instr(CAST(NEW.commitment_id AS BLOB), x'00') > 0 OR (NEW.commitment_id GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.commitment_id AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.commitment_id AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'follow_up.actor_id must be a whole number') WHERE NEW.actor_id IS NOT NULL AND (typeof(NEW.actor_id) <> 'integer');
SELECT RAISE(ABORT, 'follow_up.status must be UTF-8 text without NUL') WHERE NEW.status IS NOT NULL AND (typeof(NEW.status) <> 'text' OR instr(CAST(NEW.status AS BLOB), x'00') > 0 OR (NEW.status GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.status AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.status AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.status AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'follow_up.score must be a whole number') WHERE NEW.score IS NOT NULL AND (typeof(NEW.score) <> 'integer');
SELECT RAISE(ABORT, 'follow_up.as_of must be a calendar date, YYYY-MM-DD') WHERE NEW.as_of IS NOT NULL AND (typeof(NEW.as_of) <> 'text' OR date(NEW.as_of, '+0 days') IS NOT NEW.as_of);
SELECT RAISE(ABORT, 'follow_up.sources must be UTF-8 text without NUL') WHERE NEW.sources IS NOT NULL AND (typeof(NEW.sources) <> 'text' OR instr(CAST(NEW.sources AS BLOB), x'00') > 0 OR (NEW.sources GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.sources AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.sources AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.sources AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'follow_up.note must be UTF-8 text without NUL') WHERE NEW.note IS NOT NULL AND (typeof(NEW.note) <> 'text' OR instr(CAST(NEW.note AS BLOB), x'00') > 0 OR (NEW.note GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.note AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'follow_up.assessor must be UTF-8 text without NUL') WHERE NEW.assessor IS NOT NULL AND (typeof(NEW.assessor) <> 'text' OR instr(CAST(NEW.assessor AS BLOB), x'00') > 0 OR (NEW.assessor GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.assessor AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.assessor AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.assessor AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'follow_up.recorded_at must be a time, YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW.recorded_at IS NOT NULL AND (typeof(NEW.recorded_at) <> 'text' OR datetime(substr(NEW.recorded_at, 1, 19), '+0 days') IS NOT substr(NEW.recorded_at, 1, 19) OR NOT (length(NEW.recorded_at) = 19 OR (substr(NEW.recorded_at, 20, 1) = '.' AND length(NEW.recorded_at) BETWEEN 21 AND 26 AND substr(NEW.recorded_at, 21) NOT GLOB '*[^0-9]*')));
SELECT RAISE(ABORT, 'follow_up.corrects_id must be a whole number') WHERE NEW.corrects_id IS NOT NULL AND (typeof(NEW.corrects_id) <> 'integer');
SELECT RAISE(ABORT, 'follow_up.recorded_at is in the future') WHERE NEW.recorded_at > datetime('now', '+5 minutes');
SELECT RAISE(ABORT, 'follow_up.note holds an escaped NUL (\u0000 or \x00)') WHERE instr(NEW.note, '\u0000') > 0 OR instr(NEW.note, '\x00') > 0;
SELECT RAISE(ABORT, 'follow_up.assessor holds an escaped NUL (\u0000 or \x00)') WHERE instr(NEW.assessor, '\u0000') > 0 OR instr(NEW.assessor, '\x00') > 0;
SELECT RAISE(ABORT, 'follow_up.sources must be a list of http or https URLs without spaces, control characters or HTML') WHERE instr(NEW.sources, '\u0000') > 0 OR json_valid(NEW.sources) AND json_type(NEW.sources) = 'array' AND EXISTS ( SELECT 1 FROM json_each(NEW.sources) WHERE type <> 'text' OR instr(CAST(value AS BLOB), x'00') > 0 OR value GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 127) || '<>"''\^`{|}' || ']*' OR NOT ((lower(substr(value, 1, 7)) = 'http://'          AND substr(value, 8, 1) NOT IN ('', '/', '?', '#'))      OR (lower(substr(value, 1, 8)) = 'https://'          AND substr(value, 9, 1) NOT IN ('', '/', '?', '#'))));
SELECT RAISE(ABORT, 'follow_up.commitment_id names no commitment') WHERE NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment AS p WHERE p.id = NEW.commitment_id);
SELECT RAISE(ABORT, 'follow_up.actor_id names no actor') WHERE NEW.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actor AS p WHERE p.id = NEW.actor_id);
SELECT RAISE(ABORT, 'follow_up.corrects_id names no follow_up') WHERE NEW.corrects_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM follow_up AS p WHERE p.id = NEW.corrects_id);
END;

-- trigger guard_follow_up_rekey
CREATE TRIGGER guard_follow_up_rekey BEFORE UPDATE OF id ON follow_up WHEN NEW.id IS NOT OLD.id
BEGIN
SELECT RAISE(ABORT, 'follow_up: a follow_up still names this row') WHERE EXISTS (SELECT 1 FROM follow_up AS c WHERE c.corrects_id = OLD.id);
SELECT RAISE(ABORT, 'follow_up: a commitment_status still names this row') WHERE EXISTS (SELECT 1 FROM commitment_status AS c WHERE c.follow_up_id = OLD.id);
SELECT RAISE(ABORT, 'follow_up: a bulk_load_pending_note still names this row') WHERE EXISTS (SELECT 1 FROM bulk_load_pending_note AS c WHERE c.follow_up_id = OLD.id);
END;

-- trigger guard_follow_up_source_delete
CREATE TRIGGER guard_follow_up_source_delete BEFORE DELETE ON follow_up_source
    BEGIN SELECT RAISE(ABORT, 'follow_up_source is kept by the database: it follows follow_up.sources'); END;

-- trigger guard_follow_up_source_insert
CREATE TRIGGER guard_follow_up_source_insert BEFORE INSERT ON follow_up_source
    BEGIN
        SELECT RAISE(ABORT, 'follow_up_source is kept by the database: it follows follow_up.sources') WHERE NOT EXISTS (SELECT 1 FROM follow_up AS f, json_each(f.sources) AS j, source AS s WHERE f.id = NEW.follow_up_id AND s.id = NEW.source_id AND j.value = s.url AND j.key = NEW.position) OR EXISTS (SELECT 1 FROM follow_up_source AS t WHERE t.follow_up_id = NEW.follow_up_id AND t.source_id = NEW.source_id);
    END;

-- trigger guard_follow_up_source_update
CREATE TRIGGER guard_follow_up_source_update BEFORE UPDATE ON follow_up_source
    BEGIN SELECT RAISE(ABORT, 'follow_up_source is kept by the database: it follows follow_up.sources'); END;

-- trigger guard_paragraph_delete
CREATE TRIGGER guard_paragraph_delete BEFORE DELETE ON paragraph
BEGIN
SELECT RAISE(ABORT, 'paragraph: a sentence still names this row') WHERE EXISTS (SELECT 1 FROM sentence AS c WHERE c.paragraph_id = OLD.id AND c.statement_id = OLD.statement_id);
END;

-- trigger guard_paragraph_id
CREATE TRIGGER guard_paragraph_id AFTER INSERT ON paragraph
BEGIN
SELECT RAISE(ABORT, 'paragraph.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_paragraph_insert
CREATE TRIGGER guard_paragraph_insert BEFORE INSERT ON paragraph
BEGIN
SELECT RAISE(ABORT, 'paragraph: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM paragraph AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM paragraph AS t WHERE t.statement_id = NEW.statement_id AND t.number = NEW.number);
SELECT RAISE(ABORT, 'paragraph.statement_id must be a whole number') WHERE NEW.statement_id IS NOT NULL AND (typeof(NEW.statement_id) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.number must be a whole number') WHERE NEW.number IS NOT NULL AND (typeof(NEW.number) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.start_offset must be a whole number') WHERE NEW.start_offset IS NOT NULL AND (typeof(NEW.start_offset) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.end_offset must be a whole number') WHERE NEW.end_offset IS NOT NULL AND (typeof(NEW.end_offset) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'paragraph.statement_id names no statement') WHERE NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statement AS p WHERE p.id = NEW.statement_id);
END;

-- trigger guard_paragraph_rekey
CREATE TRIGGER guard_paragraph_rekey BEFORE UPDATE OF id, statement_id ON paragraph WHEN NEW.id IS NOT OLD.id OR NEW.statement_id IS NOT OLD.statement_id
BEGIN
SELECT RAISE(ABORT, 'paragraph: a sentence still names this row') WHERE EXISTS (SELECT 1 FROM sentence AS c WHERE c.paragraph_id = OLD.id AND c.statement_id = OLD.statement_id);
END;

-- trigger guard_paragraph_span
CREATE TRIGGER guard_paragraph_span BEFORE UPDATE OF start_offset, end_offset ON paragraph
BEGIN
SELECT RAISE(ABORT, 'paragraph: its sentences must lie within its offsets') WHERE EXISTS (SELECT 1 FROM sentence AS i WHERE i.paragraph_id = OLD.id AND (i.start_offset < NEW.start_offset OR i.end_offset > NEW.end_offset));
END;

-- trigger guard_paragraph_update
CREATE TRIGGER guard_paragraph_update BEFORE UPDATE ON paragraph
BEGIN
SELECT RAISE(ABORT, 'paragraph.statement_id must be a whole number') WHERE NEW.statement_id IS NOT NULL AND (typeof(NEW.statement_id) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.number must be a whole number') WHERE NEW.number IS NOT NULL AND (typeof(NEW.number) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.start_offset must be a whole number') WHERE NEW.start_offset IS NOT NULL AND (typeof(NEW.start_offset) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.end_offset must be a whole number') WHERE NEW.end_offset IS NOT NULL AND (typeof(NEW.end_offset) <> 'integer');
SELECT RAISE(ABORT, 'paragraph.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'paragraph.statement_id names no statement') WHERE NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statement AS p WHERE p.id = NEW.statement_id);
SELECT RAISE(ABORT, 'paragraph.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_region_acyclic
CREATE TRIGGER guard_region_acyclic BEFORE UPDATE OF parent_id ON region WHEN NEW.parent_id IS NOT NULL
BEGIN
SELECT RAISE(ABORT, 'region: a region cannot lie within itself') WHERE NEW.parent_id = NEW.id OR EXISTS (WITH RECURSIVE up (id) AS (
            SELECT NEW.parent_id
            UNION
            SELECT r.parent_id FROM region AS r JOIN up ON r.id = up.id
            WHERE r.parent_id IS NOT NULL) SELECT 1 FROM up WHERE id = NEW.id);
END;

-- trigger guard_region_delete
CREATE TRIGGER guard_region_delete BEFORE DELETE ON region
BEGIN
SELECT RAISE(ABORT, 'region: a region still names this row') WHERE EXISTS (SELECT 1 FROM region AS c WHERE c.parent_id = OLD.id);
SELECT RAISE(ABORT, 'region: a commitment_region still names this row') WHERE EXISTS (SELECT 1 FROM commitment_region AS c WHERE c.region_id = OLD.id);
END;

-- trigger guard_region_id
CREATE TRIGGER guard_region_id AFTER INSERT ON region
BEGIN
SELECT RAISE(ABORT, 'region.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_region_insert
CREATE TRIGGER guard_region_insert BEFORE INSERT ON region
BEGIN
SELECT RAISE(ABORT, 'region: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM region AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM region AS t WHERE t.name = NEW.name) OR EXISTS (SELECT 1 FROM region AS t WHERE t.iso_code = NEW.iso_code);
SELECT RAISE(ABORT, 'region.name must be UTF-8 text without NUL') WHERE NEW.name IS NOT NULL AND (typeof(NEW.name) <> 'text' OR instr(CAST(NEW.name AS BLOB), x'00') > 0 OR (NEW.name GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.name AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'region.kind must be UTF-8 text without NUL') WHERE NEW.kind IS NOT NULL AND (typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0 OR (NEW.kind GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.kind AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'region.iso_code must be UTF-8 text without NUL') WHERE NEW.iso_code IS NOT NULL AND (typeof(NEW.iso_code) <> 'text' OR instr(CAST(NEW.iso_code AS BLOB), x'00') > 0 OR (NEW.iso_code GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.iso_code AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.iso_code AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.iso_code AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'region.parent_id must be a whole number') WHERE NEW.parent_id IS NOT NULL AND (typeof(NEW.parent_id) <> 'integer');
SELECT RAISE(ABORT, 'region.parent_id names no region') WHERE NEW.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region AS p WHERE p.id = NEW.parent_id);
END;

-- trigger guard_region_rekey
CREATE TRIGGER guard_region_rekey BEFORE UPDATE OF id ON region WHEN NEW.id IS NOT OLD.id
BEGIN
SELECT RAISE(ABORT, 'region: a region still names this row') WHERE EXISTS (SELECT 1 FROM region AS c WHERE c.parent_id = OLD.id);
SELECT RAISE(ABORT, 'region: a commitment_region still names this row') WHERE EXISTS (SELECT 1 FROM commitment_region AS c WHERE c.region_id = OLD.id);
END;

-- trigger guard_region_update
CREATE TRIGGER guard_region_update BEFORE UPDATE ON region
BEGIN
SELECT RAISE(ABORT, 'region.name must be UTF-8 text without NUL') WHERE NEW.name IS NOT NULL AND (typeof(NEW.name) <> 'text' OR instr(CAST(NEW.name AS BLOB), x'00') > 0 OR (NEW.name GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.name AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'region.kind must be UTF-8 text without NUL') WHERE NEW.kind IS NOT NULL AND (typeof(NEW.kind) <> 'text' OR instr(CAST(NEW.kind AS BLOB), x'00') > 0 OR (NEW.kind GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.kind AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.kind AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'region.iso_code must be UTF-8 text without NUL') WHERE NEW.iso_code IS NOT NULL AND (typeof(NEW.iso_code) <> 'text' OR instr(CAST(NEW.iso_code AS BLOB), x'00') > 0 OR (NEW.iso_code GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.iso_code AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.iso_code AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.iso_code AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'region.parent_id must be a whole number') WHERE NEW.parent_id IS NOT NULL AND (typeof(NEW.parent_id) <> 'integer');
SELECT RAISE(ABORT, 'region.parent_id names no region') WHERE NEW.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region AS p WHERE p.id = NEW.parent_id);
SELECT RAISE(ABORT, 'region.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_search_delete
CREATE TRIGGER guard_search_delete BEFORE DELETE ON commitment_search_content
    BEGIN
        SELECT RAISE(ABORT, 'commitment_search is kept by the database: change the commitments or record follow-ups') WHERE CASE WHEN OLD.c1 IS NULL
            THEN EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = OLD.c0
                AND c.title IS OLD.c2 AND c.quote IS OLD.c3)
            ELSE EXISTS (SELECT 1 FROM follow_up AS f WHERE f.id = OLD.c1) END;
    END;

-- trigger guard_search_insert
CREATE TRIGGER guard_search_insert BEFORE INSERT ON commitment_search_content
    BEGIN
        SELECT RAISE(ABORT, 'commitment_search is kept by the database: change the commitments or record follow-ups') WHERE NOT (CASE WHEN NEW.c1 IS NULL
            THEN EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.c0
                AND -c.rowid = NEW.id AND c.title IS NEW.c2 AND c.quote IS NEW.c3
                AND NEW.c4 IS NULL)
            ELSE EXISTS (SELECT 1 FROM follow_up AS f WHERE f.id = NEW.c1 AND f.id = NEW.id
                AND f.commitment_id IS NEW.c0 AND f.note IS NEW.c4
                AND NEW.c2 IS NULL AND NEW.c3 IS NULL) END);
    END;

-- trigger guard_search_update
CREATE TRIGGER guard_search_update BEFORE UPDATE ON commitment_search_content
    BEGIN
        SELECT RAISE(ABORT, 'commitment_search is kept by the database: change the commitments or record follow-ups');
    END;

-- trigger guard_sentence_delete
CREATE TRIGGER guard_sentence_delete BEFORE DELETE ON sentence
BEGIN
SELECT RAISE(ABORT, 'sentence: a commitment still names this row') WHERE EXISTS (SELECT 1 FROM commitment AS c WHERE c.sentence_id = OLD.id AND c.paragraph_id = OLD.paragraph_id AND c.statement_id = OLD.statement_id);
END;

-- trigger guard_sentence_id
CREATE TRIGGER guard_sentence_id AFTER INSERT ON sentence
BEGIN
SELECT RAISE(ABORT, 'sentence.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_sentence_insert
CREATE TRIGGER guard_sentence_insert BEFORE INSERT ON sentence
BEGIN
SELECT RAISE(ABORT, 'sentence: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM sentence AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM sentence AS t WHERE t.paragraph_id = NEW.paragraph_id AND t.position = NEW.position);
SELECT RAISE(ABORT, 'sentence.statement_id must be a whole number') WHERE NEW.statement_id IS NOT NULL AND (typeof(NEW.statement_id) <> 'integer');
SELECT RAISE(ABORT, 'sentence.paragraph_id must be a whole number') WHERE NEW.paragraph_id IS NOT NULL AND (typeof(NEW.paragraph_id) <> 'integer');
SELECT RAISE(ABORT, 'sentence.position must be a whole number') WHERE NEW.position IS NOT NULL AND (typeof(NEW.position) <> 'integer');
SELECT RAISE(ABORT, 'sentence.start_offset must be a whole number') WHERE NEW.start_offset IS NOT NULL AND (typeof(NEW.start_offset) <> 'integer');
SELECT RAISE(ABORT, 'sentence.end_offset must be a whole number') WHERE NEW.end_offset IS NOT NULL AND (typeof(NEW.end_offset) <> 'integer');
SELECT RAISE(ABORT, 'sentence.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.decision must be UTF-8 text without NUL') WHERE NEW.decision IS NOT NULL AND (typeof(NEW.decision) <> 'text' OR instr(CAST(NEW.decision AS BLOB), x'00') > 0 OR (NEW.decision GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.decision AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.decision AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.decision AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.exclusion_reason must be UTF-8 text without NUL') WHERE NEW.exclusion_reason IS NOT NULL AND (typeof(NEW.exclusion_reason) <> 'text' OR instr(CAST(NEW.exclusion_reason AS BLOB), x'00') > 0 OR (NEW.exclusion_reason GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.exclusion_reason AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.exclusion_reason AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.exclusion_reason AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.note must be UTF-8 text without NUL') WHERE NEW.note IS NOT NULL AND (typeof(NEW.note) <> 'text' OR instr(CAST(NEW.note AS BLOB), x'00') > 0 OR (NEW.note GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.note AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.statement_id names no statement') WHERE NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statement AS p WHERE p.id = NEW.statement_id);
SELECT RAISE(ABORT, 'sentence.paragraph_id/statement_id names no paragraph') WHERE NEW.paragraph_id IS NOT NULL AND NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM paragraph AS p WHERE p.id = NEW.paragraph_id AND p.statement_id = NEW.statement_id);
END;

-- trigger guard_sentence_rekey
CREATE TRIGGER guard_sentence_rekey BEFORE UPDATE OF id, paragraph_id, statement_id ON sentence WHEN NEW.id IS NOT OLD.id OR NEW.paragraph_id IS NOT OLD.paragraph_id OR NEW.statement_id IS NOT OLD.statement_id
BEGIN
SELECT RAISE(ABORT, 'sentence: a commitment still names this row') WHERE EXISTS (SELECT 1 FROM commitment AS c WHERE c.sentence_id = OLD.id AND c.paragraph_id = OLD.paragraph_id AND c.statement_id = OLD.statement_id);
END;

-- trigger guard_sentence_span
CREATE TRIGGER guard_sentence_span BEFORE UPDATE OF start_offset, end_offset ON sentence
BEGIN
SELECT RAISE(ABORT, 'sentence: its commitments must lie within its offsets') WHERE EXISTS (SELECT 1 FROM commitment AS i WHERE i.sentence_id = OLD.id AND (i.start_offset < NEW.start_offset OR i.end_offset > NEW.end_offset));
END;

-- trigger guard_sentence_update
CREATE TRIGGER guard_sentence_update BEFORE UPDATE ON sentence
BEGIN
SELECT RAISE(ABORT, 'sentence.statement_id must be a whole number') WHERE NEW.statement_id IS NOT NULL AND (typeof(NEW.statement_id) <> 'integer');
SELECT RAISE(ABORT, 'sentence.paragraph_id must be a whole number') WHERE NEW.paragraph_id IS NOT NULL AND (typeof(NEW.paragraph_id) <> 'integer');
SELECT RAISE(ABORT, 'sentence.position must be a whole number') WHERE NEW.position IS NOT NULL AND (typeof(NEW.position) <> 'integer');
SELECT RAISE(ABORT, 'sentence.start_offset must be a whole number') WHERE NEW.start_offset IS NOT NULL AND (typeof(NEW.start_offset) <> 'integer');
SELECT RAISE(ABORT, 'sentence.end_offset must be a whole number') WHERE NEW.end_offset IS NOT NULL AND (typeof(NEW.end_offset) <> 'integer');
SELECT RAISE(ABORT, 'sentence.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.decision must be UTF-8 text without NUL') WHERE NEW.decision IS NOT NULL AND (typeof(NEW.decision) <> 'text' OR instr(CAST(NEW.decision AS BLOB), x'00') > 0 OR (NEW.decision GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.decision AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.decision AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.decision AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.exclusion_reason must be UTF-8 text without NUL') WHERE NEW.exclusion_reason IS NOT NULL AND (typeof(NEW.exclusion_reason) <> 'text' OR instr(CAST(NEW.exclusion_reason AS BLOB), x'00') > 0 OR (NEW.exclusion_reason GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.exclusion_reason AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.exclusion_reason AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.exclusion_reason AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.note must be UTF-8 text without NUL') WHERE NEW.note IS NOT NULL AND (typeof(NEW.note) <> 'text' OR instr(CAST(NEW.note AS BLOB), x'00') > 0 OR (NEW.note GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.note AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.note AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'sentence.statement_id names no statement') WHERE NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statement AS p WHERE p.id = NEW.statement_id);
SELECT RAISE(ABORT, 'sentence.paragraph_id/statement_id names no paragraph') WHERE NEW.paragraph_id IS NOT NULL AND NEW.statement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM paragraph AS p WHERE p.id = NEW.paragraph_id AND p.statement_id = NEW.statement_id);
SELECT RAISE(ABORT, 'sentence.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_source_delete
CREATE TRIGGER guard_source_delete BEFORE DELETE ON source
    BEGIN
        SELECT RAISE(ABORT, 'source: a follow-up still cites it') WHERE EXISTS (SELECT 1 FROM follow_up_source AS l WHERE l.source_id = OLD.id);
        DELETE FROM source_file WHERE source_id = OLD.id;
    END;

-- trigger guard_source_file_insert
CREATE TRIGGER guard_source_file_insert BEFORE INSERT ON source_file
    BEGIN
        SELECT RAISE(ABORT, 'source_file: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM source_file AS t WHERE t.source_id = NEW.source_id);
        SELECT RAISE(ABORT, 'source_file.source_id names no source') WHERE NOT EXISTS (SELECT 1 FROM source AS s WHERE s.id = NEW.source_id);
        SELECT RAISE(ABORT, 'source_file.name must be UTF-8 text without NUL') WHERE typeof(NEW.name) <> 'text' OR instr(CAST(NEW.name AS BLOB), x'00') > 0 OR (NEW.name GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.name AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.name AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF'))));
        SELECT RAISE(ABORT, 'source_file.content must be a BLOB') WHERE typeof(NEW.content) <> 'blob';
        SELECT RAISE(ABORT, 'source_file.content must be at most 10,485,760 bytes') WHERE length(NEW.content) > 10485760;
        SELECT RAISE(ABORT, 'source_file.sha256 must be the SHA-256 of its content, 64 lower-case hex digits') WHERE typeof(NEW.sha256) <> 'text' OR length(NEW.sha256) <> 64 OR NEW.sha256 GLOB '*[^0-9a-f]*';
    END;

-- trigger guard_source_file_sha256
CREATE TRIGGER guard_source_file_sha256 BEFORE INSERT ON source_file
    BEGIN
        SELECT RAISE(ABORT, 'source_file.sha256 must be the SHA-256 of its content, 64 lower-case hex digits') WHERE NEW.sha256 IS NOT tracker_sha256(NEW.content);
    END;

-- trigger guard_source_file_update
CREATE TRIGGER guard_source_file_update BEFORE UPDATE ON source_file
    BEGIN SELECT RAISE(ABORT, 'source_file rows never change: delete it and add the file again'); END;

-- trigger guard_source_id
CREATE TRIGGER guard_source_id AFTER INSERT ON source
    BEGIN SELECT RAISE(ABORT, 'source.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000; END;

-- trigger guard_source_insert
CREATE TRIGGER guard_source_insert BEFORE INSERT ON source
    BEGIN
        SELECT RAISE(ABORT, 'source: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM source AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM source AS t WHERE t.url = NEW.url);
    END;

-- trigger guard_source_url
CREATE TRIGGER guard_source_url BEFORE UPDATE OF url, id ON source
    WHEN NEW.url IS NOT OLD.url OR NEW.id IS NOT OLD.id
    BEGIN SELECT RAISE(ABORT, 'source.url never changes: follow-ups cite it; add a new source'); END;

-- trigger guard_source_values_insert
CREATE TRIGGER guard_source_values_insert BEFORE INSERT ON source
    BEGIN
        SELECT RAISE(ABORT, 'source.url must be an http or https URL without spaces, control characters or HTML') WHERE typeof(NEW.url) <> 'text' OR instr(CAST(NEW.url AS BLOB), x'00') > 0 OR NEW.url GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 127) || '<>"''\^`{|}' || ']*' OR NOT ((lower(substr(NEW.url, 1, 7)) = 'http://' AND substr(NEW.url, 8, 1) NOT IN ('', '/', '?', '#')) OR (lower(substr(NEW.url, 1, 8)) = 'https://' AND substr(NEW.url, 9, 1) NOT IN ('', '/', '?', '#')));
        SELECT RAISE(ABORT, 'source.archived_url must be an http or https URL without spaces, control characters or HTML') WHERE NEW.archived_url IS NOT NULL AND (typeof(NEW.archived_url) <> 'text' OR instr(CAST(NEW.archived_url AS BLOB), x'00') > 0 OR NEW.archived_url GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 127) || '<>"''\^`{|}' || ']*' OR NOT ((lower(substr(NEW.archived_url, 1, 7)) = 'http://' AND substr(NEW.archived_url, 8, 1) NOT IN ('', '/', '?', '#')) OR (lower(substr(NEW.archived_url, 1, 8)) = 'https://' AND substr(NEW.archived_url, 9, 1) NOT IN ('', '/', '?', '#'))));
        SELECT RAISE(ABORT, 'source.title must be UTF-8 text without NUL') WHERE NEW.title IS NOT NULL AND (typeof(NEW.title) <> 'text' OR instr(CAST(NEW.title AS BLOB), x'00') > 0 OR (NEW.title GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.title AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));SELECT RAISE(ABORT, 'source.publisher must be UTF-8 text without NUL') WHERE NEW.publisher IS NOT NULL AND (typeof(NEW.publisher) <> 'text' OR instr(CAST(NEW.publisher AS BLOB), x'00') > 0 OR (NEW.publisher GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.publisher AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.publisher AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.publisher AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));SELECT RAISE(ABORT, 'source.published must be a calendar date, YYYY-MM-DD') WHERE NEW.published IS NOT NULL AND (typeof(NEW.published) <> 'text' OR date(NEW.published, '+0 days') IS NOT NEW.published);SELECT RAISE(ABORT, 'source.consulted_on must be a calendar date, YYYY-MM-DD') WHERE NEW.consulted_on IS NOT NULL AND (typeof(NEW.consulted_on) <> 'text' OR date(NEW.consulted_on, '+0 days') IS NOT NEW.consulted_on);
        SELECT RAISE(ABORT, 'source.title must not be empty when given') WHERE NEW.title IS NOT NULL AND trim(NEW.title) = '';
        SELECT RAISE(ABORT, 'source.publisher must not be empty when given') WHERE NEW.publisher IS NOT NULL AND trim(NEW.publisher) = '';
        SELECT RAISE(ABORT, 'source.published must be the last day of its month or year when published_precision says so') WHERE (NEW.published_precision = 'month' AND substr(date(NEW.published, '+1 day'), 9, 2) <> '01') OR (NEW.published_precision = 'year' AND substr(NEW.published, 6, 5) <> '12-31');
    END;

-- trigger guard_source_values_update
CREATE TRIGGER guard_source_values_update BEFORE UPDATE ON source
    BEGIN
        SELECT RAISE(ABORT, 'source.url must be an http or https URL without spaces, control characters or HTML') WHERE typeof(NEW.url) <> 'text' OR instr(CAST(NEW.url AS BLOB), x'00') > 0 OR NEW.url GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 127) || '<>"''\^`{|}' || ']*' OR NOT ((lower(substr(NEW.url, 1, 7)) = 'http://' AND substr(NEW.url, 8, 1) NOT IN ('', '/', '?', '#')) OR (lower(substr(NEW.url, 1, 8)) = 'https://' AND substr(NEW.url, 9, 1) NOT IN ('', '/', '?', '#')));
        SELECT RAISE(ABORT, 'source.archived_url must be an http or https URL without spaces, control characters or HTML') WHERE NEW.archived_url IS NOT NULL AND (typeof(NEW.archived_url) <> 'text' OR instr(CAST(NEW.archived_url AS BLOB), x'00') > 0 OR NEW.archived_url GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 127) || '<>"''\^`{|}' || ']*' OR NOT ((lower(substr(NEW.archived_url, 1, 7)) = 'http://' AND substr(NEW.archived_url, 8, 1) NOT IN ('', '/', '?', '#')) OR (lower(substr(NEW.archived_url, 1, 8)) = 'https://' AND substr(NEW.archived_url, 9, 1) NOT IN ('', '/', '?', '#'))));
        SELECT RAISE(ABORT, 'source.title must be UTF-8 text without NUL') WHERE NEW.title IS NOT NULL AND (typeof(NEW.title) <> 'text' OR instr(CAST(NEW.title AS BLOB), x'00') > 0 OR (NEW.title GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.title AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));SELECT RAISE(ABORT, 'source.publisher must be UTF-8 text without NUL') WHERE NEW.publisher IS NOT NULL AND (typeof(NEW.publisher) <> 'text' OR instr(CAST(NEW.publisher AS BLOB), x'00') > 0 OR (NEW.publisher GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.publisher AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.publisher AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.publisher AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));SELECT RAISE(ABORT, 'source.published must be a calendar date, YYYY-MM-DD') WHERE NEW.published IS NOT NULL AND (typeof(NEW.published) <> 'text' OR date(NEW.published, '+0 days') IS NOT NEW.published);SELECT RAISE(ABORT, 'source.consulted_on must be a calendar date, YYYY-MM-DD') WHERE NEW.consulted_on IS NOT NULL AND (typeof(NEW.consulted_on) <> 'text' OR date(NEW.consulted_on, '+0 days') IS NOT NEW.consulted_on);
        SELECT RAISE(ABORT, 'source.title must not be empty when given') WHERE NEW.title IS NOT NULL AND trim(NEW.title) = '';
        SELECT RAISE(ABORT, 'source.publisher must not be empty when given') WHERE NEW.publisher IS NOT NULL AND trim(NEW.publisher) = '';
        SELECT RAISE(ABORT, 'source.published must be the last day of its month or year when published_precision says so') WHERE (NEW.published_precision = 'month' AND substr(date(NEW.published, '+1 day'), 9, 2) <> '01') OR (NEW.published_precision = 'year' AND substr(NEW.published, 6, 5) <> '12-31');
    END;

-- trigger guard_statement_date
CREATE TRIGGER guard_statement_date BEFORE UPDATE OF date ON statement WHEN NEW.date IS NOT OLD.date
BEGIN
SELECT RAISE(ABORT, 'statement.date never changes once the statement has commitments') WHERE EXISTS (SELECT 1 FROM commitment WHERE statement_id = OLD.id);
END;

-- trigger guard_statement_delete
CREATE TRIGGER guard_statement_delete BEFORE DELETE ON statement
BEGIN
SELECT RAISE(ABORT, 'statement: a paragraph still names this row') WHERE EXISTS (SELECT 1 FROM paragraph AS c WHERE c.statement_id = OLD.id);
SELECT RAISE(ABORT, 'statement: a sentence still names this row') WHERE EXISTS (SELECT 1 FROM sentence AS c WHERE c.statement_id = OLD.id);
SELECT RAISE(ABORT, 'statement: a commitment still names this row') WHERE EXISTS (SELECT 1 FROM commitment AS c WHERE c.statement_id = OLD.id);
END;

-- trigger guard_statement_id
CREATE TRIGGER guard_statement_id AFTER INSERT ON statement
BEGIN
SELECT RAISE(ABORT, 'statement.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

-- trigger guard_statement_insert
CREATE TRIGGER guard_statement_insert BEFORE INSERT ON statement
BEGIN
SELECT RAISE(ABORT, 'statement: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)') WHERE EXISTS (SELECT 1 FROM statement AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM statement AS t WHERE t.code = NEW.code);
SELECT RAISE(ABORT, 'statement.code must be UTF-8 text without NUL') WHERE NEW.code IS NOT NULL AND (typeof(NEW.code) <> 'text' OR instr(CAST(NEW.code AS BLOB), x'00') > 0 OR (NEW.code GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.code AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.code AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.code AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.title must be UTF-8 text without NUL') WHERE NEW.title IS NOT NULL AND (typeof(NEW.title) <> 'text' OR instr(CAST(NEW.title AS BLOB), x'00') > 0 OR (NEW.title GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.title AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.issuer must be UTF-8 text without NUL') WHERE NEW.issuer IS NOT NULL AND (typeof(NEW.issuer) <> 'text' OR instr(CAST(NEW.issuer AS BLOB), x'00') > 0 OR (NEW.issuer GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.issuer AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.issuer AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.issuer AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.place must be UTF-8 text without NUL') WHERE NEW.place IS NOT NULL AND (typeof(NEW.place) <> 'text' OR instr(CAST(NEW.place AS BLOB), x'00') > 0 OR (NEW.place GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.place AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.place AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.place AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.source_url must be UTF-8 text without NUL') WHERE NEW.source_url IS NOT NULL AND (typeof(NEW.source_url) <> 'text' OR instr(CAST(NEW.source_url AS BLOB), x'00') > 0 OR (NEW.source_url GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.source_url AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.source_url AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.source_url AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.sha256 must be UTF-8 text without NUL') WHERE NEW.sha256 IS NOT NULL AND (typeof(NEW.sha256) <> 'text' OR instr(CAST(NEW.sha256 AS BLOB), x'00') > 0 OR (NEW.sha256 GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.sha256 AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.sha256 AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.sha256 AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.annotation_sha256 must be UTF-8 text without NUL') WHERE NEW.annotation_sha256 IS NOT NULL AND (typeof(NEW.annotation_sha256) <> 'text' OR instr(CAST(NEW.annotation_sha256 AS BLOB), x'00') > 0 OR (NEW.annotation_sha256 GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.annotation_sha256 AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.annotation_sha256 AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.annotation_sha256 AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.date must be a calendar date, YYYY-MM-DD') WHERE NEW.date IS NOT NULL AND (typeof(NEW.date) <> 'text' OR date(NEW.date, '+0 days') IS NOT NEW.date);
SELECT RAISE(ABORT, 'statement.loaded_at must be a time, YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW.loaded_at IS NOT NULL AND (typeof(NEW.loaded_at) <> 'text' OR datetime(substr(NEW.loaded_at, 1, 19), '+0 days') IS NOT substr(NEW.loaded_at, 1, 19) OR NOT (length(NEW.loaded_at) = 19 OR (substr(NEW.loaded_at, 20, 1) = '.' AND length(NEW.loaded_at) BETWEEN 21 AND 26 AND substr(NEW.loaded_at, 21) NOT GLOB '*[^0-9]*')));
END;

-- trigger guard_statement_rekey
CREATE TRIGGER guard_statement_rekey BEFORE UPDATE OF id ON statement WHEN NEW.id IS NOT OLD.id
BEGIN
SELECT RAISE(ABORT, 'statement: a paragraph still names this row') WHERE EXISTS (SELECT 1 FROM paragraph AS c WHERE c.statement_id = OLD.id);
SELECT RAISE(ABORT, 'statement: a sentence still names this row') WHERE EXISTS (SELECT 1 FROM sentence AS c WHERE c.statement_id = OLD.id);
SELECT RAISE(ABORT, 'statement: a commitment still names this row') WHERE EXISTS (SELECT 1 FROM commitment AS c WHERE c.statement_id = OLD.id);
END;

-- trigger guard_statement_update
CREATE TRIGGER guard_statement_update BEFORE UPDATE ON statement
BEGIN
SELECT RAISE(ABORT, 'statement.code must be UTF-8 text without NUL') WHERE NEW.code IS NOT NULL AND (typeof(NEW.code) <> 'text' OR instr(CAST(NEW.code AS BLOB), x'00') > 0 OR (NEW.code GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.code AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.code AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.code AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.title must be UTF-8 text without NUL') WHERE NEW.title IS NOT NULL AND (typeof(NEW.title) <> 'text' OR instr(CAST(NEW.title AS BLOB), x'00') > 0 OR (NEW.title GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.title AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.title AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.issuer must be UTF-8 text without NUL') WHERE NEW.issuer IS NOT NULL AND (typeof(NEW.issuer) <> 'text' OR instr(CAST(NEW.issuer AS BLOB), x'00') > 0 OR (NEW.issuer GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.issuer AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.issuer AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.issuer AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.place must be UTF-8 text without NUL') WHERE NEW.place IS NOT NULL AND (typeof(NEW.place) <> 'text' OR instr(CAST(NEW.place AS BLOB), x'00') > 0 OR (NEW.place GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.place AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.place AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.place AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.source_url must be UTF-8 text without NUL') WHERE NEW.source_url IS NOT NULL AND (typeof(NEW.source_url) <> 'text' OR instr(CAST(NEW.source_url AS BLOB), x'00') > 0 OR (NEW.source_url GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.source_url AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.source_url AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.source_url AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.text must be UTF-8 text without NUL') WHERE NEW.text IS NOT NULL AND (typeof(NEW.text) <> 'text' OR instr(CAST(NEW.text AS BLOB), x'00') > 0 OR (NEW.text GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.text AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.text AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.sha256 must be UTF-8 text without NUL') WHERE NEW.sha256 IS NOT NULL AND (typeof(NEW.sha256) <> 'text' OR instr(CAST(NEW.sha256 AS BLOB), x'00') > 0 OR (NEW.sha256 GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.sha256 AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.sha256 AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.sha256 AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.annotation_sha256 must be UTF-8 text without NUL') WHERE NEW.annotation_sha256 IS NOT NULL AND (typeof(NEW.annotation_sha256) <> 'text' OR instr(CAST(NEW.annotation_sha256 AS BLOB), x'00') > 0 OR (NEW.annotation_sha256 GLOB '*[^ -~]*' AND EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, CAST(substr(CAST(substr(CAST(NEW.annotation_sha256 AS BLOB), 1, 4) AS TEXT), 1, 1) AS BLOB) UNION ALL SELECT u.i + length(u.c), CAST(substr(CAST(substr(CAST(NEW.annotation_sha256 AS BLOB), u.i + length(u.c), 4) AS TEXT), 1, 1) AS BLOB) FROM u WHERE NOT (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')) AND u.i + length(u.c) <= length(CAST(NEW.annotation_sha256 AS BLOB))) SELECT 1 FROM u WHERE (CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c AND u.c NOT IN (x'EFBFBE', x'EFBFBF')))));
SELECT RAISE(ABORT, 'statement.date must be a calendar date, YYYY-MM-DD') WHERE NEW.date IS NOT NULL AND (typeof(NEW.date) <> 'text' OR date(NEW.date, '+0 days') IS NOT NEW.date);
SELECT RAISE(ABORT, 'statement.loaded_at must be a time, YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW.loaded_at IS NOT NULL AND (typeof(NEW.loaded_at) <> 'text' OR datetime(substr(NEW.loaded_at, 1, 19), '+0 days') IS NOT substr(NEW.loaded_at, 1, 19) OR NOT (length(NEW.loaded_at) = 19 OR (substr(NEW.loaded_at, 20, 1) = '.' AND length(NEW.loaded_at) BETWEEN 21 AND 26 AND substr(NEW.loaded_at, 21) NOT GLOB '*[^0-9]*')));
SELECT RAISE(ABORT, 'statement.id must be a whole number from 1 to 1,000,000,000') WHERE NEW.id NOT BETWEEN 1 AND 1000000000;
END;

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
  WHERE ((f.actor_id IS NOT NULL) AND ((f.kind)::text = 'assessment'::text) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up x
          WHERE (x.corrects_id = f.id)))) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up newer
          WHERE (((newer.commitment_id)::text = (f.commitment_id)::text) AND (newer.actor_id = f.actor_id) AND ((newer.kind)::text = 'assessment'::text) AND (ROW(newer.as_of, newer.recorded_at, newer.id) > ROW(f.as_of, f.recorded_at, f.id)) AND (NOT (EXISTS ( SELECT 1
                   FROM follow_up y
                  WHERE (y.corrects_id = newer.id)))))))) AND (f.score IS NOT NULL));;

-- view follow_up_evidence
CREATE VIEW follow_up_evidence AS
 SELECT l.follow_up_id,
    f.commitment_id,
    f.kind,
    l."position",
    s.id AS source_id,
    s.url,
    s.title,
    s.publisher,
    s.published,
    s.published_precision,
    s.consulted_on,
    s.archived_url,
        CASE
            WHEN (EXISTS ( SELECT 1
               FROM source_file sf
              WHERE (sf.source_id = s.id))) THEN 1
            ELSE 0
        END AS has_file
   FROM ((follow_up_source l
     JOIN follow_up f ON ((f.id = l.follow_up_id)))
     JOIN source s ON ((s.id = l.source_id)));;

-- view latest_actor_follow_up
CREATE VIEW latest_actor_follow_up AS
 SELECT f.commitment_id,
    f.actor_id,
    a.name AS actor,
    f.id AS follow_up_id,
    f.status,
    f.score,
    f.as_of,
    f.as_of_precision,
    f.sources,
    f.note,
    f.assessor,
    f.recorded_at
   FROM (follow_up f
     JOIN actor a ON ((a.id = f.actor_id)))
  WHERE ((f.actor_id IS NOT NULL) AND ((f.kind)::text = 'assessment'::text) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up x
          WHERE (x.corrects_id = f.id)))) AND (NOT (EXISTS ( SELECT 1
           FROM follow_up newer
          WHERE (((newer.commitment_id)::text = (f.commitment_id)::text) AND (newer.actor_id = f.actor_id) AND ((newer.kind)::text = 'assessment'::text) AND (ROW(newer.as_of, newer.recorded_at, newer.id) > ROW(f.as_of, f.recorded_at, f.id)) AND (NOT (EXISTS ( SELECT 1
                   FROM follow_up y
                  WHERE (y.corrects_id = newer.id)))))))));;

-- view latest_follow_up
CREATE VIEW latest_follow_up AS
 SELECT cs.commitment_id,
    f.id AS follow_up_id,
    f.status,
    f.score,
    f.as_of,
    f.as_of_precision,
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

-- view restated_commitment
CREATE VIEW restated_commitment AS
 SELECT l.later_id,
    ls.code AS later_statement,
    ls.date AS later_date,
    lc.title AS later_title,
    l.kind,
    l.score,
    l.earlier_id,
    es.code AS earlier_statement,
    es.date AS earlier_date,
    ec.title AS earlier_title,
        CASE
            WHEN (EXISTS ( SELECT 1
               FROM commitment_link b
              WHERE ((b.later_id)::text = (l.earlier_id)::text))) THEN 0
            ELSE 1
        END AS earlier_is_first,
    est.status AS earlier_status,
    est.as_of AS earlier_as_of,
    lst.status AS later_status,
    lst.as_of AS later_as_of
   FROM ((((((commitment_link l
     JOIN commitment lc ON (((lc.id)::text = (l.later_id)::text)))
     JOIN statement ls ON ((ls.id = lc.statement_id)))
     JOIN commitment ec ON (((ec.id)::text = (l.earlier_id)::text)))
     JOIN statement es ON ((es.id = ec.statement_id)))
     LEFT JOIN commitment_status est ON (((est.commitment_id)::text = (l.earlier_id)::text)))
     LEFT JOIN commitment_status lst ON (((lst.commitment_id)::text = (l.later_id)::text)));;

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
        IF NEW.kind = 'assessment' AND NEW.as_of < (SELECT s.date FROM commitment AS c
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

-- function tracker_follow_up_source_link
CREATE OR REPLACE FUNCTION tracker_follow_up_source_link()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF jsonb_typeof(NEW.sources) = 'array' AND jsonb_array_length(NEW.sources) > 0 THEN
            INSERT INTO source (url)
                SELECT DISTINCT j.value FROM jsonb_array_elements_text(NEW.sources) AS j (value)
                ON CONFLICT (url) DO NOTHING;
            INSERT INTO follow_up_source (follow_up_id, source_id, position)
                SELECT NEW.id, s.id, min(j.n - 1)
                FROM jsonb_array_elements_text(NEW.sources) WITH ORDINALITY AS j (value, n)
                CROSS JOIN LATERAL (SELECT source.id FROM source WHERE source.url = j.value OFFSET 0) AS s GROUP BY s.id;
        END IF;
        RETURN NULL;
    END $function$;

-- function tracker_guard_bulk_load
CREATE OR REPLACE FUNCTION tracker_guard_bulk_load()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        BEGIN
            IF EXISTS (SELECT 1 FROM bulk_load) THEN
                RAISE EXCEPTION 'bulk_load: a bulk load must end (DELETE FROM bulk_load) in the transaction that began it' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NULL;
        END $function$;

-- function tracker_guard_commitment_link
CREATE OR REPLACE FUNCTION tracker_guard_commitment_link()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF NOT EXISTS (SELECT 1
        FROM commitment AS e JOIN statement AS es ON es.id = e.statement_id,
             commitment AS l JOIN statement AS ls ON ls.id = l.statement_id
        WHERE e.id = NEW.earlier_id AND l.id = NEW.later_id AND es.date < ls.date) THEN
            RAISE EXCEPTION 'commitment_link: the earlier commitment must belong to a statement dated before the later one' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_guard_commitment_linked
CREATE OR REPLACE FUNCTION tracker_guard_commitment_linked()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF EXISTS (SELECT 1 FROM commitment_link AS k WHERE k.earlier_id = OLD.id OR k.later_id = OLD.id) THEN
            RAISE EXCEPTION 'commitment: a commitment_link still names this row' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_guard_context_correction
CREATE OR REPLACE FUNCTION tracker_guard_context_correction()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF (NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL) AND EXISTS (SELECT 1 FROM follow_up AS c WHERE c.id = NEW.corrects_id AND c.kind = 'context') THEN
            RAISE EXCEPTION 'follow_up: a correction of context is context: it sets no status and no score' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_guard_follow_up_evidence
CREATE OR REPLACE FUNCTION tracker_guard_follow_up_evidence()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    DECLARE
        repeated integer;
    BEGIN
        IF NEW.score IS NOT NULL AND NEW.actor_id IS NULL THEN
            RAISE EXCEPTION 'follow_up.score needs an actor: a compliance score is always of one member' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.score IS NOT NULL AND NOT ((NEW.score = 1 AND NEW.status IN ('achieved')) OR (NEW.score = 0 AND NEW.status IN ('in_progress', 'stalled', 'partially_achieved')) OR (NEW.score = -1 AND NEW.status IN ('not_started', 'stalled', 'not_achieved'))) THEN
            RAISE EXCEPTION 'follow_up.score % disagrees with follow_up.status %', NEW.score, NEW.status
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.kind = 'context' AND (NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL) THEN
            RAISE EXCEPTION 'follow_up: context never sets a status or a score: its status is not_assessed, with no score and at least one source' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.kind = 'context' AND jsonb_typeof(NEW.sources) = 'array' THEN
            IF jsonb_array_length(NEW.sources) = 0 THEN
                RAISE EXCEPTION 'follow_up: context never sets a status or a score: its status is not_assessed, with no score and at least one source' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF (NEW.as_of_precision = 'month' AND extract(day FROM NEW.as_of + 1) <> 1) OR (NEW.as_of_precision = 'year' AND to_char(NEW.as_of, 'MM-DD') <> '12-31') THEN
            RAISE EXCEPTION 'follow_up.as_of must be the last day of its month or year when as_of_precision says so' USING ERRCODE = 'check_violation';
        END IF;
        SELECT r.id INTO repeated FROM follow_up AS r WHERE md5(CAST(r.commitment_id AS TEXT) || '|' || CAST(coalesce(r.actor_id, 0) AS TEXT) || '|' || CAST(r.as_of - DATE '2000-01-01' AS TEXT) || '|' || CAST(r.status AS TEXT) || '|' || CAST(coalesce(r.score, 9) AS TEXT) || '|' || CAST(r.kind AS TEXT) || '|' || CAST(r.as_of_precision AS TEXT) || '|' || CAST(coalesce(r.corrects_id, 0) AS TEXT) || '|' || md5(CAST(r.sources AS TEXT)) || '|' || md5(coalesce(r.note, ''))) = md5(CAST(NEW.commitment_id AS TEXT) || '|' || CAST(coalesce(NEW.actor_id, 0) AS TEXT) || '|' || CAST(NEW.as_of - DATE '2000-01-01' AS TEXT) || '|' || CAST(NEW.status AS TEXT) || '|' || CAST(coalesce(NEW.score, 9) AS TEXT) || '|' || CAST(NEW.kind AS TEXT) || '|' || CAST(NEW.as_of_precision AS TEXT) || '|' || CAST(coalesce(NEW.corrects_id, 0) AS TEXT) || '|' || md5(CAST(NEW.sources AS TEXT)) || '|' || md5(coalesce(NEW.note, ''))) AND (r.commitment_id = NEW.commitment_id AND coalesce(r.actor_id, 0) = coalesce(NEW.actor_id, 0) AND r.as_of = NEW.as_of AND r.status = NEW.status AND coalesce(r.score, 9) = coalesce(NEW.score, 9) AND r.kind = NEW.kind AND r.as_of_precision = NEW.as_of_precision AND coalesce(r.corrects_id, 0) = coalesce(NEW.corrects_id, 0) AND md5(CAST(r.sources AS TEXT)) = md5(CAST(NEW.sources AS TEXT)) AND md5(coalesce(r.note, '')) = md5(coalesce(NEW.note, ''))) IS TRUE LIMIT 1;
        IF repeated IS NOT NULL THEN
            RAISE EXCEPTION 'follow_up: an exact repeat of follow-up %', repeated
                USING ERRCODE = 'unique_violation';
        END IF;
        RETURN NEW;
    END $function$;

-- function tracker_guard_follow_up_source
CREATE OR REPLACE FUNCTION tracker_guard_follow_up_source()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        IF pg_trigger_depth() < 2 THEN
            RAISE EXCEPTION 'follow_up_source is kept by the database: it follows follow_up.sources' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $function$;

-- function tracker_guard_follow_up_values
CREATE OR REPLACE FUNCTION tracker_guard_follow_up_values()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        BEGIN
            IF NEW.recorded_at > (clock_timestamp() AT TIME ZONE 'UTC') + interval '5 minutes' THEN
                RAISE EXCEPTION 'follow_up.recorded_at is in the future' USING ERRCODE = 'check_violation';
            END IF;
            IF strpos(NEW.note, '\u0000') > 0 OR strpos(NEW.note, '\x00') > 0 THEN
                RAISE EXCEPTION 'follow_up.note holds an escaped NUL (\u0000 or \x00)' USING ERRCODE = 'check_violation';
            END IF;
            IF strpos(NEW.assessor, '\u0000') > 0 OR strpos(NEW.assessor, '\x00') > 0 THEN
                RAISE EXCEPTION 'follow_up.assessor holds an escaped NUL (\u0000 or \x00)' USING ERRCODE = 'check_violation';
            END IF;
            IF jsonb_typeof(NEW.sources) = 'array' THEN
                IF EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.sources) AS e
                           WHERE jsonb_typeof(e) <> 'string'
                              OR (e #>> '{}') ~ '[[:space:][:cntrl:]<>"''\\^`{|}]'
                              OR (e #>> '{}') !~* '^https?://[^/?#]') THEN
                    RAISE EXCEPTION 'follow_up.sources must be a list of http or https URLs without spaces, control characters or HTML' USING ERRCODE = 'check_violation';
                END IF;
            END IF;
            RETURN NEW;
        END $function$;

-- function tracker_guard_id
CREATE OR REPLACE FUNCTION tracker_guard_id()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        DECLARE
            sequence_name text := pg_get_serial_sequence(quote_ident(TG_TABLE_NAME), 'id');
            taken bigint;
        BEGIN
            IF NEW.id IS NULL OR NEW.id NOT BETWEEN 1 AND 1000000000 THEN
                RAISE EXCEPTION '%.id must be a whole number from 1 to 1,000,000,000', TG_TABLE_NAME
                    USING ERRCODE = 'check_violation';
            END IF;
            IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN
                RAISE EXCEPTION '%: ids never change', TG_TABLE_NAME
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF sequence_name IS NOT NULL THEN
                EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s',
                               sequence_name) INTO taken;
                IF NEW.id > taken THEN
                    PERFORM setval(sequence_name, NEW.id);
                END IF;
            END IF;
            RETURN NEW;
        END $function$;

-- function tracker_guard_region_acyclic
CREATE OR REPLACE FUNCTION tracker_guard_region_acyclic()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        BEGIN
            IF NEW.parent_id IS NOT NULL AND (NEW.parent_id = NEW.id OR EXISTS (
                    WITH RECURSIVE up (id) AS (
            SELECT NEW.parent_id
            UNION
            SELECT r.parent_id FROM region AS r JOIN up ON r.id = up.id
            WHERE r.parent_id IS NOT NULL) SELECT 1 FROM up WHERE id = NEW.id)) THEN
                RAISE EXCEPTION 'region: a region cannot lie within itself' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $function$;

-- function tracker_guard_search
CREATE OR REPLACE FUNCTION tracker_guard_search()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        BEGIN
            IF pg_trigger_depth() < 2 THEN
                RAISE EXCEPTION 'commitment_search is kept by the database: change the commitments or record follow-ups' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $function$;

-- function tracker_guard_source_url
CREATE OR REPLACE FUNCTION tracker_guard_source_url()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
        RAISE EXCEPTION 'source.url never changes: follow-ups cite it; add a new source' USING ERRCODE = 'integrity_constraint_violation';
    END $function$;

-- function tracker_guard_span
CREATE OR REPLACE FUNCTION tracker_guard_span()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        DECLARE
            outside boolean;
        BEGIN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1'
                           ' AND (start_offset < $2 OR end_offset > $3))',
                           TG_ARGV[0], TG_TABLE_NAME || '_id')
                INTO outside USING OLD.id, NEW.start_offset, NEW.end_offset;
            IF outside THEN
                RAISE EXCEPTION '%: its %s must lie within its offsets', TG_TABLE_NAME, TG_ARGV[0]
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $function$;

-- function tracker_guard_statement_date
CREATE OR REPLACE FUNCTION tracker_guard_statement_date()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
        BEGIN
            IF EXISTS (SELECT 1 FROM commitment WHERE statement_id = OLD.id) THEN
                RAISE EXCEPTION 'statement.date never changes once the statement has commitments' USING ERRCODE = 'integrity_constraint_violation';
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
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1), status = coalesce((SELECT status FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), 'not_assessed'), as_of = (SELECT as_of FROM follow_up WHERE id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)), last_follow_up_on = (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = commitment_status.commitment_id AND f.kind = 'assessment'
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
    WHERE f.commitment_id = NEW.commitment_id AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)
    FROM (SELECT 1) AS one
    LEFT JOIN follow_up AS latest ON latest.id = (SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
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
    WHERE f.commitment_id = NEW.commitment_id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1) OR NEW.status IS DISTINCT FROM coalesce((SELECT status FROM follow_up WHERE id = NEW.follow_up_id), 'not_assessed') OR NEW.as_of IS DISTINCT FROM (SELECT as_of FROM follow_up WHERE id = NEW.follow_up_id) OR NEW.last_follow_up_on IS DISTINCT FROM (SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = NEW.commitment_id AND f.kind = 'assessment'
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

-- trigger follow_up_source_link
CREATE TRIGGER follow_up_source_link AFTER INSERT ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_follow_up_source_link();

-- trigger guard_actor_alias_id
CREATE TRIGGER guard_actor_alias_id BEFORE INSERT OR UPDATE OF id ON actor_alias FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_actor_alias_truncate
CREATE TRIGGER guard_actor_alias_truncate BEFORE TRUNCATE ON actor_alias FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('actor_alias is kept by the database: it cannot be truncated');

-- trigger guard_actor_id
CREATE TRIGGER guard_actor_id BEFORE INSERT OR UPDATE OF id ON actor FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_actor_truncate
CREATE TRIGGER guard_actor_truncate BEFORE TRUNCATE ON actor FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('actor is kept by the database: it cannot be truncated');

-- trigger guard_bulk_load
CREATE CONSTRAINT TRIGGER guard_bulk_load AFTER INSERT ON bulk_load DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tracker_guard_bulk_load();

-- trigger guard_bulk_load_pending_note_truncate
CREATE TRIGGER guard_bulk_load_pending_note_truncate BEFORE TRUNCATE ON bulk_load_pending_note FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('bulk_load_pending_note is kept by the database: it cannot be truncated');

-- trigger guard_bulk_load_pending_truncate
CREATE TRIGGER guard_bulk_load_pending_truncate BEFORE TRUNCATE ON bulk_load_pending FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('bulk_load_pending is kept by the database: it cannot be truncated');

-- trigger guard_catalyst_id
CREATE TRIGGER guard_catalyst_id BEFORE INSERT OR UPDATE OF id ON catalyst FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_catalyst_truncate
CREATE TRIGGER guard_catalyst_truncate BEFORE TRUNCATE ON catalyst FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('catalyst is kept by the database: it cannot be truncated');

-- trigger guard_commitment_actor_truncate
CREATE TRIGGER guard_commitment_actor_truncate BEFORE TRUNCATE ON commitment_actor FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('commitment_actor is kept by the database: it cannot be truncated');

-- trigger guard_commitment_link
CREATE TRIGGER guard_commitment_link BEFORE INSERT OR UPDATE ON commitment_link FOR EACH ROW EXECUTE FUNCTION tracker_guard_commitment_link();

-- trigger guard_commitment_link_truncate
CREATE TRIGGER guard_commitment_link_truncate BEFORE TRUNCATE ON commitment_link FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('commitment_link is kept by the database: it cannot be truncated');

-- trigger guard_commitment_linked
CREATE TRIGGER guard_commitment_linked BEFORE UPDATE OF statement_id ON commitment FOR EACH ROW WHEN ((new.statement_id IS DISTINCT FROM old.statement_id)) EXECUTE FUNCTION tracker_guard_commitment_linked();

-- trigger guard_commitment_region_truncate
CREATE TRIGGER guard_commitment_region_truncate BEFORE TRUNCATE ON commitment_region FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('commitment_region is kept by the database: it cannot be truncated');

-- trigger guard_commitment_search_truncate
CREATE TRIGGER guard_commitment_search_truncate BEFORE TRUNCATE ON commitment_search FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('commitment_search is kept by the database: it cannot be truncated');

-- trigger guard_commitment_status_truncate
CREATE TRIGGER guard_commitment_status_truncate BEFORE TRUNCATE ON commitment_status FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('commitment_status is kept by the database: it cannot be truncated');

-- trigger guard_commitment_truncate
CREATE TRIGGER guard_commitment_truncate BEFORE TRUNCATE ON commitment FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('commitment is kept by the database: it cannot be truncated');

-- trigger guard_follow_up_context_correction
CREATE TRIGGER guard_follow_up_context_correction BEFORE INSERT ON follow_up FOR EACH ROW WHEN ((new.corrects_id IS NOT NULL)) EXECUTE FUNCTION tracker_guard_context_correction();

-- trigger guard_follow_up_evidence
CREATE TRIGGER guard_follow_up_evidence BEFORE INSERT ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_guard_follow_up_evidence();

-- trigger guard_follow_up_id
CREATE TRIGGER guard_follow_up_id BEFORE INSERT OR UPDATE OF id ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_follow_up_source
CREATE TRIGGER guard_follow_up_source BEFORE INSERT OR DELETE OR UPDATE ON follow_up_source FOR EACH ROW EXECUTE FUNCTION tracker_guard_follow_up_source();

-- trigger guard_follow_up_source_truncate
CREATE TRIGGER guard_follow_up_source_truncate BEFORE TRUNCATE ON follow_up_source FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('follow_up_source is kept by the database: it follows follow_up.sources');

-- trigger guard_follow_up_values
CREATE TRIGGER guard_follow_up_values BEFORE INSERT ON follow_up FOR EACH ROW EXECUTE FUNCTION tracker_guard_follow_up_values();

-- trigger guard_paragraph_id
CREATE TRIGGER guard_paragraph_id BEFORE INSERT OR UPDATE OF id ON paragraph FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_paragraph_span
CREATE TRIGGER guard_paragraph_span BEFORE UPDATE OF start_offset, end_offset ON paragraph FOR EACH ROW EXECUTE FUNCTION tracker_guard_span('sentence');

-- trigger guard_paragraph_truncate
CREATE TRIGGER guard_paragraph_truncate BEFORE TRUNCATE ON paragraph FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('paragraph is kept by the database: it cannot be truncated');

-- trigger guard_region_acyclic
CREATE TRIGGER guard_region_acyclic BEFORE INSERT OR UPDATE OF parent_id, id ON region FOR EACH ROW EXECUTE FUNCTION tracker_guard_region_acyclic();

-- trigger guard_region_id
CREATE TRIGGER guard_region_id BEFORE INSERT OR UPDATE OF id ON region FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_region_truncate
CREATE TRIGGER guard_region_truncate BEFORE TRUNCATE ON region FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('region is kept by the database: it cannot be truncated');

-- trigger guard_search
CREATE TRIGGER guard_search BEFORE INSERT OR DELETE OR UPDATE ON commitment_search FOR EACH ROW EXECUTE FUNCTION tracker_guard_search();

-- trigger guard_sentence_id
CREATE TRIGGER guard_sentence_id BEFORE INSERT OR UPDATE OF id ON sentence FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_sentence_span
CREATE TRIGGER guard_sentence_span BEFORE UPDATE OF start_offset, end_offset ON sentence FOR EACH ROW EXECUTE FUNCTION tracker_guard_span('commitment');

-- trigger guard_sentence_truncate
CREATE TRIGGER guard_sentence_truncate BEFORE TRUNCATE ON sentence FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('sentence is kept by the database: it cannot be truncated');

-- trigger guard_source_file_update
CREATE TRIGGER guard_source_file_update BEFORE UPDATE ON source_file FOR EACH ROW EXECUTE FUNCTION tracker_refuse('source_file rows never change: delete it and add the file again');

-- trigger guard_source_id
CREATE TRIGGER guard_source_id BEFORE INSERT OR UPDATE OF id ON source FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_source_url
CREATE TRIGGER guard_source_url BEFORE UPDATE OF url ON source FOR EACH ROW WHEN (((new.url)::text IS DISTINCT FROM (old.url)::text)) EXECUTE FUNCTION tracker_guard_source_url();

-- trigger guard_statement_date
CREATE TRIGGER guard_statement_date BEFORE UPDATE OF date ON statement FOR EACH ROW WHEN ((new.date IS DISTINCT FROM old.date)) EXECUTE FUNCTION tracker_guard_statement_date();

-- trigger guard_statement_id
CREATE TRIGGER guard_statement_id BEFORE INSERT OR UPDATE OF id ON statement FOR EACH ROW EXECUTE FUNCTION tracker_guard_id();

-- trigger guard_statement_truncate
CREATE TRIGGER guard_statement_truncate BEFORE TRUNCATE ON statement FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('statement is kept by the database: it cannot be truncated');

-- trigger paragraph_text_verbatim
CREATE TRIGGER paragraph_text_verbatim BEFORE INSERT OR UPDATE ON paragraph FOR EACH ROW EXECUTE FUNCTION tracker_check_span('text');

-- trigger sentence_text_verbatim
CREATE TRIGGER sentence_text_verbatim BEFORE INSERT OR UPDATE ON sentence FOR EACH ROW EXECUTE FUNCTION tracker_check_span('text', 'paragraph');

-- trigger statement_text_immutable
CREATE TRIGGER statement_text_immutable BEFORE UPDATE OF text, sha256 ON statement FOR EACH ROW WHEN (((new.text IS DISTINCT FROM old.text) OR ((new.sha256)::text IS DISTINCT FROM (old.sha256)::text))) EXECUTE FUNCTION tracker_refuse('statement.text and statement.sha256 never change once loaded');
