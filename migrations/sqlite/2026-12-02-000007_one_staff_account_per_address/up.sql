-- One staff account per person: the whole address lower-cased is the
-- identity (earlier versions lower-cased only the domain when an account was
-- made, and the whole address when signing in, so an address with capitals
-- could never sign in and adding its lower-case spelling made a second
-- account). Accounts whose addresses differ only in case are merged into the
-- oldest: memberships, sign-in links, sessions, nominations, agenda items and
-- audit lines move to it, it becomes a platform admin if any of them was, and
-- the others are dropped with their recovery codes (a recovery code's hash
-- is bound to its account, so it cannot move; the oldest account keeps its
-- own second factor, or sets one up at its next sign-in).

CREATE TEMPORARY TABLE staff_merge AS
SELECT s.id AS old_id,
       (SELECT k.id FROM staff k
         WHERE lower(k.email) = lower(s.email)
         ORDER BY k.created_at, k.id
         LIMIT 1) AS keep_id
  FROM staff s;
DELETE FROM staff_merge WHERE old_id = keep_id;

INSERT INTO memberships (staff_id, municipality_id, role)
SELECT DISTINCT m.keep_id, ms.municipality_id, ms.role
  FROM memberships ms
  JOIN staff_merge m ON ms.staff_id = m.old_id
 WHERE NOT EXISTS (
       SELECT 1 FROM memberships k
        WHERE k.staff_id = m.keep_id
          AND k.municipality_id = ms.municipality_id
          AND k.role = ms.role);
DELETE FROM memberships WHERE staff_id IN (SELECT old_id FROM staff_merge);

UPDATE sign_in_links
   SET staff_id = (SELECT keep_id FROM staff_merge WHERE old_id = sign_in_links.staff_id)
 WHERE staff_id IN (SELECT old_id FROM staff_merge);
UPDATE staff_sessions
   SET staff_id = (SELECT keep_id FROM staff_merge WHERE old_id = staff_sessions.staff_id)
 WHERE staff_id IN (SELECT old_id FROM staff_merge);
UPDATE audit_log
   SET staff_id = (SELECT keep_id FROM staff_merge WHERE old_id = audit_log.staff_id)
 WHERE staff_id IN (SELECT old_id FROM staff_merge);
UPDATE nominations
   SET nominated_by = (SELECT keep_id FROM staff_merge WHERE old_id = nominations.nominated_by)
 WHERE nominated_by IN (SELECT old_id FROM staff_merge);
UPDATE nominations
   SET decided_by = (SELECT keep_id FROM staff_merge WHERE old_id = nominations.decided_by)
 WHERE decided_by IN (SELECT old_id FROM staff_merge);
UPDATE agenda_items
   SET added_by = (SELECT keep_id FROM staff_merge WHERE old_id = agenda_items.added_by)
 WHERE added_by IN (SELECT old_id FROM staff_merge);
DELETE FROM recovery_codes WHERE staff_id IN (SELECT old_id FROM staff_merge);

UPDATE staff SET platform_admin = 1
 WHERE id IN (SELECT m.keep_id FROM staff_merge m
                JOIN staff s ON s.id = m.old_id
               WHERE s.platform_admin <> 0);
DELETE FROM staff WHERE id IN (SELECT old_id FROM staff_merge);
DROP TABLE staff_merge;

UPDATE staff SET email = lower(email);
-- Keeps it so even if a future path forgets to lower-case.
CREATE UNIQUE INDEX staff_email_lower ON staff (lower(email));
